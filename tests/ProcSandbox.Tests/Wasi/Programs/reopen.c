/* Test program: reads the first line of stdin and closes it, then argv[2] times opens
   /channels/<argv[1]>, reads its first line and closes it again. Each line read is printed. A host
   that did not end a channel's query at fclose would run out of open queries. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void first_line(FILE *f, const char *what) {
    char line[256];
    if (!fgets(line, sizeof line, f)) { fprintf(stderr, "reopen: %s: nothing to read\n", what); exit(1); }
    fputs(line, stdout);
    if (fclose(f) != 0) { fprintf(stderr, "reopen: closing %s: %s\n", what, strerror(errno)); exit(1); }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: reopen NAME TIMES\n"); return 2; }
    first_line(stdin, "stdin");
    char path[300];
    snprintf(path, sizeof path, "/channels/%s", argv[1]);
    for (int i = atoi(argv[2]); i > 0; i--) {
        FILE *f = fopen(path, "r");
        if (!f) { fprintf(stderr, "reopen: %s: %s\n", path, strerror(errno)); return 1; }
        first_line(f, path);
    }
    return 0;
}
