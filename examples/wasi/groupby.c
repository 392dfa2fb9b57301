/* groupby: reads "key,amount" CSV lines with scanf and prints "key,count,total" per key in order of
 * first appearance, like SELECT key, count(*), sum(amount) ... GROUP BY key.
 *   clang-14 --target=wasm32-wasi -O2 -o groupby.wasm groupby.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 4096

struct group { char key[64]; long count; double total; };

int main(void) {
    static struct group groups[MAX_GROUPS];
    int count = 0;
    char key[64];
    double amount;
    int line = 0, matched;
    while ((matched = scanf(" %63[^,\n],%lf", key, &amount)) != EOF) {
        line++;
        if (matched != 2) {
            fprintf(stderr, "groupby: line %d is not key,amount\n", line);
            return 3;
        }
        int i = 0;
        while (i < count && strcmp(groups[i].key, key) != 0) i++;
        if (i == count) {
            if (count == MAX_GROUPS) { fprintf(stderr, "groupby: more than %d groups\n", MAX_GROUPS); return 4; }
            strcpy(groups[count++].key, key);
        }
        groups[i].count++;
        groups[i].total += amount;
    }
    for (int i = 0; i < count; i++) printf("%s,%ld,%.2f\n", groups[i].key, groups[i].count, groups[i].total);
    return 0;
}
