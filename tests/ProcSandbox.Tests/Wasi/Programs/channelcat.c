/* Test program: copies the named channel /channels/<argv[1]> to stdout. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: channelcat NAME\n"); return 2; }
    char path[300];
    snprintf(path, sizeof path, "/channels/%s", argv[1]);
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "channelcat: %s: %s\n", path, strerror(errno)); return 1; }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) fwrite(buffer, 1, n, stdout);
    return 0;
}
