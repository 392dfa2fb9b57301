/* cat: copies stdin to stdout. The smallest WASI procedure: the rows of its STDIN query come back
 * as its result rows.
 *   clang-14 --target=wasm32-wasi -O2 -o cat.wasm cat.c
 */
#include <stdio.h>

int main(void) {
    char buffer[8192];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        if (fwrite(buffer, 1, n, stdout) != n) return 1;
    }
    return ferror(stdin) ? 1 : 0;
}
