/* sort: reads lines from stdin, sorts them bytewise with qsort and prints them (like `LC_ALL=C sort`).
 *   clang-14 --target=wasm32-wasi -O2 -o sort.wasm sort.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
    size_t count = 0, capacity = 1024;
    char **lines = malloc(capacity * sizeof *lines);
    char *line = NULL;
    size_t size = 0;
    ssize_t length;
    if (!lines) return 2;
    while ((length = getline(&line, &size, stdin)) >= 0) {
        if (length > 0 && line[length - 1] == '\n') line[length - 1] = '\0';
        if (count == capacity) {
            capacity *= 2;
            lines = realloc(lines, capacity * sizeof *lines);
            if (!lines) return 2;
        }
        lines[count] = strdup(line);
        if (!lines[count++]) return 2;
    }
    qsort(lines, count, sizeof *lines, compare);
    for (size_t i = 0; i < count; i++) printf("%s\n", lines[i]);
    return 0;
}
