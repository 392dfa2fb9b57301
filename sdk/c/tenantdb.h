/*
 * tenantdb.h — write TenantDb stored procedures in C.
 *
 * Header-only, freestanding (no libc needed). Build a procedure with:
 *   clang-14 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run -o proc.wasm proc.c
 * (Debian packages clang-14, lld-14.) Imports are declared below, so no --allow-undefined is needed.
 *
 * The ABI is specified in docs/abi.md. A procedure defines
 *   int run(void);
 * reads its arguments from TDB_ARGS, queries with tdb_query, and emits rows with tdb_row_* + tdb_emit.
 */
#ifndef TENANTDB_H
#define TENANTDB_H

#include <stdint.h>
#include <stddef.h>

#define TDB_IMPORT(name) __attribute__((import_module("tenantdb"), import_name(name)))

TDB_IMPORT("read")     int32_t tdb_raw_read(int32_t channel, void *buf, int32_t cap);
TDB_IMPORT("row_size") int32_t tdb_raw_row_size(int32_t channel);
TDB_IMPORT("query")    int32_t tdb_raw_query(const char *sql, int32_t sql_len, const void *params, int32_t params_len);
TDB_IMPORT("exec")     int64_t tdb_raw_exec(const char *sql, int32_t sql_len, const void *params, int32_t params_len);
TDB_IMPORT("emit")     int32_t tdb_raw_emit(const void *row, int32_t row_len);
TDB_IMPORT("close")    int32_t tdb_raw_close(int32_t channel);
TDB_IMPORT("log")      int32_t tdb_raw_log(const char *text, int32_t len);
TDB_IMPORT("fail")     int32_t tdb_raw_fail(const char *text, int32_t len);
TDB_IMPORT("error")    int32_t tdb_raw_error(char *buf, int32_t cap);

enum { TDB_ARGS = 0, TDB_RESULT = 1 };
enum {
    TDB_EFAULT = -1, TDB_EBADCHANNEL = -2, TDB_ETOOSMALL = -3,
    TDB_EENCODING = -4, TDB_ESQL = -5, TDB_EDENIED = -6,
};
enum { TDB_NULL = 0, TDB_INT = 1, TDB_FLOAT = 2, TDB_TEXT = 3, TDB_BLOB = 4 };

/* Freestanding builds have no libc, yet the compiler lowers copies and compares to memcpy/memset/
 * memcmp calls. Weak definitions keep such modules free of imports outside the `tenantdb` module;
 * a real libc (wasi-libc) overrides them. no_builtin stops clang turning the loops back into calls. */
#ifndef TDB_NO_LIBC_SHIMS
__attribute__((weak, no_builtin("memcpy"))) void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst; const uint8_t *s = (const uint8_t *)src;
    while (n--) *d++ = *s++;
    return dst;
}
__attribute__((weak, no_builtin("memset"))) void *memset(void *dst, int c, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}
__attribute__((weak, no_builtin("memcmp"))) int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    for (; n; n--, x++, y++) if (*x != *y) return *x - *y;
    return 0;
}
#endif

static inline size_t tdb_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static inline uint32_t tdb_get_u32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static inline uint64_t tdb_get_u64(const uint8_t *p) { return (uint64_t)tdb_get_u32(p) | (uint64_t)tdb_get_u32(p + 4) << 32; }
static inline void tdb_put_u32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static inline void tdb_put_u64(uint8_t *p, uint64_t v) { tdb_put_u32(p, (uint32_t)v); tdb_put_u32(p + 4, (uint32_t)(v >> 32)); }

static inline void tdb_log(const char *text) { tdb_raw_log(text, (int32_t)tdb_strlen(text)); }
/* Sets the error message and returns 1, so `return tdb_fail("...")` fails the call. */
static inline int tdb_fail(const char *text) { tdb_raw_fail(text, (int32_t)tdb_strlen(text)); return 1; }

/* ---- Reading rows ------------------------------------------------------------------------- */

typedef struct {
    int32_t channel;
    uint8_t *buf;
    int32_t cap;
    int32_t len;     /* bytes of rows in buf */
    int32_t next;    /* offset of the next unread row */
    const uint8_t *row;  /* current row's first value */
    uint16_t columns;
    int32_t status;  /* 0, or the negative error that ended iteration */
} tdb_cursor;

/* A cursor over `channel`, batching rows into `buf` (which must hold at least the largest row). */
static inline tdb_cursor tdb_cursor_open(int32_t channel, void *buf, int32_t cap) {
    tdb_cursor c = { channel, (uint8_t *)buf, cap, 0, 0, 0, 0, 0 };
    return c;
}

/* Advances to the next row; returns 0 at the end or on error (then c->status says which). */
static inline int tdb_next(tdb_cursor *c) {
    if (c->next >= c->len) {
        int32_t n = tdb_raw_read(c->channel, c->buf, c->cap);
        if (n <= 0) { c->status = n; return 0; }
        c->len = n;
        c->next = 0;
    }
    const uint8_t *p = c->buf + c->next;
    uint32_t row_len = tdb_get_u32(p);
    c->columns = (uint16_t)(p[4] | p[5] << 8);
    c->row = p + 6;
    c->next += 4 + (int32_t)row_len;
    return 1;
}

/* Finds column `i` of the current row; returns its tag, or -1 past the last column. */
static inline int tdb_column(const tdb_cursor *c, int i, const uint8_t **payload) {
    if (i < 0 || i >= c->columns) return -1;
    const uint8_t *p = c->row;
    for (int k = 0; k < i; k++) {
        uint8_t tag = *p++;
        if (tag == TDB_INT || tag == TDB_FLOAT) p += 8;
        else if (tag == TDB_TEXT || tag == TDB_BLOB) p += 4 + tdb_get_u32(p);
    }
    *payload = p + 1;
    return p[0];
}

static inline int tdb_is_null(const tdb_cursor *c, int i) { const uint8_t *v; return tdb_column(c, i, &v) == TDB_NULL; }

/* Integer column (floats are truncated, anything else reads as 0). */
static inline int64_t tdb_int(const tdb_cursor *c, int i) {
    const uint8_t *v;
    int tag = tdb_column(c, i, &v);
    if (tag == TDB_INT) return (int64_t)tdb_get_u64(v);
    if (tag == TDB_FLOAT) { uint64_t b = tdb_get_u64(v); double d; __builtin_memcpy(&d, &b, 8); return (int64_t)d; }
    return 0;
}

/* Float column (integers are converted, anything else reads as 0). */
static inline double tdb_float(const tdb_cursor *c, int i) {
    const uint8_t *v;
    int tag = tdb_column(c, i, &v);
    if (tag == TDB_FLOAT) { uint64_t b = tdb_get_u64(v); double d; __builtin_memcpy(&d, &b, 8); return d; }
    if (tag == TDB_INT) return (double)(int64_t)tdb_get_u64(v);
    return 0;
}

/* Text or blob column: returns a pointer into the batch buffer (valid until the next tdb_next). */
static inline const char *tdb_text(const tdb_cursor *c, int i, int32_t *len) {
    const uint8_t *v;
    int tag = tdb_column(c, i, &v);
    if (tag != TDB_TEXT && tag != TDB_BLOB) { *len = 0; return ""; }
    *len = (int32_t)tdb_get_u32(v);
    return (const char *)v + 4;
}

/* ---- Building rows (for results and query parameters) ------------------------------------ */

typedef struct {
    uint8_t *buf;
    int32_t cap;
    int32_t len;
    uint16_t columns;
    int overflow;
} tdb_row;

static inline tdb_row tdb_row_begin(void *buf, int32_t cap) {
    tdb_row r = { (uint8_t *)buf, cap, 6, 0, cap < 6 };
    return r;
}

static inline uint8_t *tdb_row_reserve(tdb_row *r, int32_t n) {
    if (r->overflow || r->len + n > r->cap) { r->overflow = 1; return 0; }
    uint8_t *p = r->buf + r->len;
    r->len += n;
    r->columns++;
    return p;
}

static inline void tdb_row_null(tdb_row *r) { uint8_t *p = tdb_row_reserve(r, 1); if (p) p[0] = TDB_NULL; }
static inline void tdb_row_int(tdb_row *r, int64_t v) { uint8_t *p = tdb_row_reserve(r, 9); if (p) { p[0] = TDB_INT; tdb_put_u64(p + 1, (uint64_t)v); } }
static inline void tdb_row_float(tdb_row *r, double v) { uint8_t *p = tdb_row_reserve(r, 9); if (p) { uint64_t b; __builtin_memcpy(&b, &v, 8); p[0] = TDB_FLOAT; tdb_put_u64(p + 1, b); } }
static inline void tdb_row_bytes(tdb_row *r, int tag, const void *data, int32_t len) {
    uint8_t *p = tdb_row_reserve(r, 5 + len);
    if (!p) return;
    p[0] = (uint8_t)tag;
    tdb_put_u32(p + 1, (uint32_t)len);
    __builtin_memcpy(p + 5, data, (size_t)len);
}
static inline void tdb_row_text(tdb_row *r, const char *s, int32_t len) { tdb_row_bytes(r, TDB_TEXT, s, len); }
static inline void tdb_row_cstr(tdb_row *r, const char *s) { tdb_row_bytes(r, TDB_TEXT, s, (int32_t)tdb_strlen(s)); }
static inline void tdb_row_blob(tdb_row *r, const void *b, int32_t len) { tdb_row_bytes(r, TDB_BLOB, b, len); }

/* Finishes the row (length and column count); returns its encoded size, or TDB_ETOOSMALL. */
static inline int32_t tdb_row_end(tdb_row *r) {
    if (r->overflow) return TDB_ETOOSMALL;
    tdb_put_u32(r->buf, (uint32_t)(r->len - 4));
    r->buf[4] = (uint8_t)r->columns;
    r->buf[5] = (uint8_t)(r->columns >> 8);
    return r->len;
}

/* Emits a finished row to the result channel. A row that overflowed its buffer is never dropped
 * silently: tdb_emit then logs why and emits an empty row, which the host counts as ABI misuse, so
 * the whole call fails with SQLSTATE 39000 even if run returns 0. Returns TDB_EENCODING then. */
static inline int32_t tdb_emit(tdb_row *r) {
    int32_t n = tdb_row_end(r);
    if (n < 0) {
        static const char why[] = "tdb_emit: the row overflowed its buffer; the call fails instead of losing it";
        tdb_raw_log(why, (int32_t)sizeof why - 1);
        return tdb_raw_emit(r->buf, 0);
    }
    return tdb_raw_emit(r->buf, n);
}

/* Starts a query; `params` may be 0 for none. Returns a channel (>= 2) or a negative error. */
static inline int32_t tdb_query(const char *sql, tdb_row *params) {
    int32_t n = params ? tdb_row_end(params) : 0;
    if (n < 0) return n;
    return tdb_raw_query(sql, (int32_t)tdb_strlen(sql), params ? params->buf : 0, n);
}

/* Runs a statement; returns the change count or a negative error. */
static inline int64_t tdb_exec(const char *sql, tdb_row *params) {
    int32_t n = params ? tdb_row_end(params) : 0;
    if (n < 0) return n;
    return tdb_raw_exec(sql, (int32_t)tdb_strlen(sql), params ? params->buf : 0, n);
}

#endif /* TENANTDB_H */
