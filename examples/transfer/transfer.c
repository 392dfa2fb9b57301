/* transfer(from_id int8, to_id int8, amount float8) RETURNS TABLE(from_balance float8, to_balance float8)
 * Moves money between two accounts in one transaction; fails (and so rolls back) on insufficient funds. */
#include "../../sdk/c/tenantdb.h"

static uint8_t batch[1024];
static uint8_t params[128];
static uint8_t out[64];

static int balance_of(int64_t id, double *balance) {
    tdb_row p = tdb_row_begin(params, sizeof params);
    tdb_row_int(&p, id);
    int32_t ch = tdb_query("SELECT balance FROM accounts WHERE id = ?1", &p);
    if (ch < 0) return 0;
    tdb_cursor c = tdb_cursor_open(ch, batch, sizeof batch);
    int found = tdb_next(&c);
    if (found) *balance = tdb_float(&c, 0);
    tdb_raw_close(ch);
    return found;
}

static int64_t add_to(int64_t id, double delta) {
    tdb_row p = tdb_row_begin(params, sizeof params);
    tdb_row_float(&p, delta);
    tdb_row_int(&p, id);
    return tdb_exec("UPDATE accounts SET balance = balance + ?1 WHERE id = ?2", &p);
}

int run(void) {
    tdb_cursor args = tdb_cursor_open(TDB_ARGS, batch, sizeof batch);
    if (!tdb_next(&args)) return tdb_fail("missing arguments");
    int64_t from = tdb_int(&args, 0), to = tdb_int(&args, 1);
    double amount = tdb_float(&args, 2);
    if (amount <= 0) return tdb_fail("amount must be positive");

    /* Debit first: if anything below fails, the whole call rolls back, debit included. */
    if (add_to(from, -amount) != 1) return tdb_fail("unknown source account");
    if (add_to(to, amount) != 1) return tdb_fail("unknown destination account");

    double from_balance, to_balance;
    if (!balance_of(from, &from_balance) || !balance_of(to, &to_balance)) return tdb_fail("account vanished");
    if (from_balance < 0) return tdb_fail("insufficient funds");

    tdb_row row = tdb_row_begin(out, sizeof out);
    tdb_row_float(&row, from_balance);
    tdb_row_float(&row, to_balance);
    return tdb_emit(&row) < 0 ? tdb_fail("emit failed") : 0;
}
