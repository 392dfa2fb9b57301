/* wordfreq_abi(least int8) RETURNS TABLE(word text, n int8): examples/wasi/wordfreq.c's work
 * (words of letters and digits, lower-cased, counted; most frequent first, ties in byte order)
 * written against the tenantdb ABI: the text column arrives as ABI rows in 64 KiB batches and the
 * counts leave as emitted rows. No libc: a fixed-size table and word arena, and a heap sort.
 *   clang-14 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run -o wordfreq_abi.wasm wordfreq_abi.c
 */
#include "../../../sdk/c/tenantdb.h"

#define CAPACITY (1 << 17)          /* table slots; at most half are used */
#define ARENA (4 << 20)             /* bytes of word text */
#define MAX_WORD 255

struct entry { uint32_t word; uint32_t length; int64_t count; };

static struct entry table[CAPACITY];
static char arena[ARENA];
static uint32_t arena_used = 1;     /* offset 0 marks an empty slot */
static uint32_t used;
static uint8_t batch[64 * 1024];
static uint8_t out[1024];

static int is_alnum(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static uint32_t hash(const char *s, uint32_t n) {
    uint32_t h = 5381;
    for (uint32_t i = 0; i < n; i++) h = h * 33 + (uint8_t)s[i];
    return h;
}

static int add(const char *word, uint32_t n) {
    uint32_t i = hash(word, n) & (CAPACITY - 1);
    while (table[i].word) {
        if (table[i].length == n && memcmp(arena + table[i].word, word, n) == 0) { table[i].count++; return 0; }
        i = (i + 1) & (CAPACITY - 1);
    }
    if (used * 2 >= CAPACITY || arena_used + n > ARENA) return tdb_fail("wordfreq_abi: too many distinct words");
    memcpy(arena + arena_used, word, n);
    table[i].word = arena_used;
    table[i].length = n;
    table[i].count = 1;
    arena_used += n;
    used++;
    return 0;
}

/* Most frequent first, ties in byte order (as strcmp orders them). */
static int before(const struct entry *x, const struct entry *y) {
    if (x->count != y->count) return x->count > y->count;
    uint32_t n = x->length < y->length ? x->length : y->length;
    int c = memcmp(arena + x->word, arena + y->word, n);
    return c != 0 ? c < 0 : x->length < y->length;
}

static void sift(struct entry *a, uint32_t root, uint32_t n) {
    for (;;) {
        uint32_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && before(&a[child], &a[child + 1])) child++;
        if (!before(&a[root], &a[child])) return;
        struct entry t = a[root]; a[root] = a[child]; a[child] = t;
        root = child;
    }
}

/* Heap sort with the "last" entry at the root, so the array ends in `before` order. */
static void sort(struct entry *a, uint32_t n) {
    for (uint32_t i = n / 2; i-- > 0;) sift(a, i, n);
    for (uint32_t end = n; end-- > 1;) {
        struct entry t = a[0]; a[0] = a[end]; a[end] = t;
        sift(a, 0, end);
    }
}

int run(void) {
    tdb_cursor args = tdb_cursor_open(TDB_ARGS, batch, sizeof batch);
    if (!tdb_next(&args)) return tdb_fail("wordfreq_abi: no arguments");
    int64_t least = tdb_int(&args, 0);

    int32_t channel = tdb_query("SELECT body FROM docs", 0);
    if (channel < 0) return tdb_fail("wordfreq_abi: the query failed");
    tdb_cursor rows = tdb_cursor_open(channel, batch, sizeof batch);
    char word[MAX_WORD];
    while (tdb_next(&rows)) {
        int32_t length;
        const char *text = tdb_text(&rows, 0, &length);
        uint32_t n = 0;
        for (int32_t i = 0; i <= length; i++) {
            int c = i < length ? (uint8_t)text[i] : ' ';
            if (is_alnum(c)) {
                if (n < MAX_WORD) word[n++] = (char)lower(c);
            } else if (n > 0) {
                if (add(word, n)) return 1;
                n = 0;
            }
        }
    }
    if (rows.status < 0) return tdb_fail("wordfreq_abi: reading the rows failed");

    uint32_t n = 0;
    for (uint32_t i = 0; i < CAPACITY; i++) if (table[i].word) table[n++] = table[i];
    sort(table, n);
    for (uint32_t i = 0; i < n; i++) {
        if (table[i].count < least) continue;
        tdb_row row = tdb_row_begin(out, sizeof out);
        tdb_row_text(&row, arena + table[i].word, (int32_t)table[i].length);
        tdb_row_int(&row, table[i].count);
        if (tdb_emit(&row) < 0) return 1;
    }
    return 0;
}
