/* wordfreq: counts the words of stdin (letters and digits, lower-cased) and prints
 * "word<TAB>count" lines, most frequent first (ties in byte order). argv[1], when given, is the
 * least count printed.
 *   clang-14 --target=wasm32-wasi -O2 -o wordfreq.wasm wordfreq.c
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { char *word; long count; };

static struct entry *table;
static size_t capacity = 4096, used;

static unsigned long hash(const char *s) {
    unsigned long h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h;
}

static void grow(void);

static void add(const char *word) {
    size_t i = hash(word) & (capacity - 1);
    while (table[i].word) {
        if (strcmp(table[i].word, word) == 0) { table[i].count++; return; }
        i = (i + 1) & (capacity - 1);
    }
    table[i].word = strdup(word);
    table[i].count = 1;
    if (++used * 2 > capacity) grow();
}

static void grow(void) {
    struct entry *old = table;
    size_t old_capacity = capacity;
    capacity *= 2;
    table = calloc(capacity, sizeof *table);
    used = 0;
    for (size_t i = 0; i < old_capacity; i++) {
        if (!old[i].word) continue;
        size_t j = hash(old[i].word) & (capacity - 1);
        while (table[j].word) j = (j + 1) & (capacity - 1);
        table[j] = old[i];
        used++;
    }
    free(old);
}

static int by_count(const void *a, const void *b) {
    const struct entry *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

int main(int argc, char **argv) {
    long least = argc > 1 ? atol(argv[1]) : 1;
    char word[256];
    size_t length = 0;
    int c;
    table = calloc(capacity, sizeof *table);
    while ((c = getchar()) != EOF) {
        if (isalnum(c)) {
            if (length < sizeof word - 1) word[length++] = (char)tolower(c);
        } else if (length > 0) {
            word[length] = '\0';
            add(word);
            length = 0;
        }
    }
    if (length > 0) { word[length] = '\0'; add(word); }
    size_t n = 0;
    for (size_t i = 0; i < capacity; i++) if (table[i].word) table[n++] = table[i];
    qsort(table, n, sizeof *table, by_count);
    for (size_t i = 0; i < n; i++) {
        if (table[i].count >= least) printf("%s\t%ld\n", table[i].word, table[i].count);
    }
    return 0;
}
