/* normalize_events(min_level int8) RETURNS TABLE(id int8, level int8, message text)
 * Streams over a large `events` table in bounded memory: rows arrive in batches from the cursor,
 * are filtered and transformed (message upper-cased, trimmed), and streamed out as they are produced. */
#include "../../sdk/c/tenantdb.h"

static uint8_t batch[32768];
static uint8_t params[64];
static uint8_t out[1200];
static char message[1024];

int run(void) {
    tdb_cursor args = tdb_cursor_open(TDB_ARGS, batch, sizeof batch);
    if (!tdb_next(&args)) return tdb_fail("missing argument min_level");
    tdb_row p = tdb_row_begin(params, sizeof params);
    tdb_row_int(&p, tdb_int(&args, 0));

    int32_t ch = tdb_query("SELECT id, level, message FROM events WHERE level >= ?1 ORDER BY id", &p);
    if (ch < 0) return tdb_fail("cannot query events");
    tdb_cursor rows = tdb_cursor_open(ch, batch, sizeof batch);
    while (tdb_next(&rows)) {
        int32_t len;
        const char *text = tdb_text(&rows, 2, &len);
        while (len > 0 && (*text == ' ' || *text == '\t')) { text++; len--; }
        while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
        if (len > (int32_t)sizeof message) len = (int32_t)sizeof message;
        for (int32_t i = 0; i < len; i++) {
            char ch8 = text[i];
            message[i] = (ch8 >= 'a' && ch8 <= 'z') ? (char)(ch8 - 32) : ch8;
        }
        tdb_row row = tdb_row_begin(out, sizeof out);
        tdb_row_int(&row, tdb_int(&rows, 0));
        tdb_row_int(&row, tdb_int(&rows, 1));
        tdb_row_text(&row, message, len);
        if (tdb_emit(&row) < 0) return tdb_fail("emit failed");
    }
    return rows.status < 0 ? tdb_fail("reading events failed") : 0;
}
