/* top_customers(n int8) RETURNS TABLE(customer text, revenue float8)
 * The n customers with the highest total order amount: query, aggregate in the sandbox, emit. */
#include "../../sdk/c/tenantdb.h"

#define MAX_CUSTOMERS 1024
#define NAME_MAX 64

static uint8_t batch[16384];
static uint8_t out[256];
static char names[MAX_CUSTOMERS][NAME_MAX];
static int32_t name_lens[MAX_CUSTOMERS];
static double revenue[MAX_CUSTOMERS];

int run(void) {
    tdb_cursor args = tdb_cursor_open(TDB_ARGS, batch, sizeof batch);
    if (!tdb_next(&args)) return tdb_fail("missing argument n");
    int64_t n = tdb_int(&args, 0);

    int32_t ch = tdb_query("SELECT customer, amount FROM orders", 0);
    if (ch < 0) return tdb_fail("cannot query orders");
    int count = 0;
    tdb_cursor rows = tdb_cursor_open(ch, batch, sizeof batch);
    while (tdb_next(&rows)) {
        int32_t len;
        const char *name = tdb_text(&rows, 0, &len);
        if (len > NAME_MAX) len = NAME_MAX;
        int k = 0;
        while (k < count && !(name_lens[k] == len && __builtin_memcmp(names[k], name, (size_t)len) == 0)) k++;
        if (k == count) {
            if (count == MAX_CUSTOMERS) return tdb_fail("too many customers");
            __builtin_memcpy(names[k], name, (size_t)len);
            name_lens[k] = len;
            revenue[k] = 0;
            count++;
        }
        revenue[k] += tdb_float(&rows, 1);
    }
    if (rows.status < 0) return tdb_fail("reading orders failed");

    for (int64_t emitted = 0; emitted < n && emitted < count; emitted++) {
        int best = -1;
        for (int k = 0; k < count; k++)
            if (name_lens[k] >= 0 && (best < 0 || revenue[k] > revenue[best])) best = k;
        tdb_row row = tdb_row_begin(out, sizeof out);
        tdb_row_text(&row, names[best], name_lens[best]);
        tdb_row_float(&row, revenue[best]);
        if (tdb_emit(&row) < 0) return tdb_fail("emit failed");
        name_lens[best] = -1;
    }
    return 0;
}
