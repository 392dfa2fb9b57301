/* Test program: echoes its arguments and stdin's byte count, writes to stderr, and exits with the
 * status given as argv[1] (0 when absent) through exit(), so proc_exit carries it. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) printf("arg %d: [%s]\n", i, argv[i]);
    long bytes = 0;
    while (getchar() != EOF) bytes++;
    printf("stdin: %ld bytes\n", bytes);
    fprintf(stderr, "probe: done\n");
    exit(argc > 1 ? atoi(argv[1]) : 0);
}
