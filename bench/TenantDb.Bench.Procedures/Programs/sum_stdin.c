/* sum_stdin: sums the numbers of stdin, one per line (\N, a NULL, is skipped), and prints
 * "total<TAB>count" with the count of lines read. The WASI counterpart of the benchmark's ABI
 * module summing a column from its channel.
 *   clang-14 --target=wasm32-wasi -O2 -o sum_stdin.wasm sum_stdin.c
 */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char line[64];
    double total = 0;
    long count = 0;
    while (fgets(line, sizeof line, stdin)) {
        if (line[0] != '\\') total += strtod(line, NULL);
        count++;
    }
    printf("%.17g\t%ld\n", total, count);
    return 0;
}
