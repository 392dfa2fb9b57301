/* Test program: reports what the sandbox lets it see, one fact per line, so a test compares the
 * whole output with what the WASI host promises. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void try_open(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) { printf("open %s: %s\n", path, strerror(errno)); return; }
    char buffer[256];
    size_t n = fread(buffer, 1, sizeof buffer - 1, f);
    buffer[n] = '\0';
    printf("open %s: read [%s]\n", path, buffer);
    fclose(f);
}

int main(void) {
    try_open("/channels/orders");
    try_open("/channels/../channels/orders");
    try_open("/channels/missing");
    try_open("/etc/passwd");
    try_open("../etc/passwd");
    printf("write /channels/orders: %s\n", fopen("/channels/orders", "w") ? "opened" : strerror(errno));
    printf("create /channels/new: %s\n", fopen("/channels/new", "w") ? "opened" : strerror(errno));

    DIR *dir = opendir("/channels");
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir))) printf("entry %s\n", entry->d_name);
        closedir(dir);
    } else {
        printf("opendir: %s\n", strerror(errno));
    }

    printf("seek stdin: %s\n", lseek(0, 0, SEEK_SET) < 0 ? strerror(errno) : "ok");
    printf("getenv HOME: %s\n", getenv("HOME") ? getenv("HOME") : "(none)");
    printf("time: %lld\n", (long long)time(NULL));
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile long sum = 0;
    for (long i = 0; i < 100000; i++) sum += i;
    (void)sum;
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic advances: %s\n", (b.tv_sec > a.tv_sec || b.tv_nsec > a.tv_nsec) ? "yes" : "no");
    struct timespec nap = { 5, 0 };
    nanosleep(&nap, NULL);
    struct timespec c;
    clock_gettime(CLOCK_MONOTONIC, &c);
    printf("slept 5 s: %s\n", c.tv_sec - b.tv_sec >= 5 ? "yes" : "no");
    unsigned char random[8];
    getentropy(random, sizeof random);
    printf("random:");
    for (int i = 0; i < 8; i++) printf(" %02x", random[i]);
    printf("\n");
    close(0);
    printf("read closed stdin: %s\n", read(0, random, 1) < 0 ? strerror(errno) : "ok");
    return 0;
}
