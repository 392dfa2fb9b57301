// TenantDb guest SDK for AssemblyScript. The ABI is specified in docs/abi.md.
// Compile a procedure with:
//   npx asc proc.ts --runtime stub --disable bulk-memory --disable nontrapping-f2i \
//     --use abort=sdk/assemblyscript/assembly/index/tdbAbort -O3 -o proc.wasm
// and export `function run(): i32` from it.

@external("tenantdb", "read") declare function rawRead(channel: i32, buf: usize, cap: i32): i32;
@external("tenantdb", "row_size") declare function rawRowSize(channel: i32): i32;
@external("tenantdb", "query") declare function rawQuery(sql: usize, sqlLen: i32, params: usize, paramsLen: i32): i32;
@external("tenantdb", "exec") declare function rawExec(sql: usize, sqlLen: i32, params: usize, paramsLen: i32): i64;
@external("tenantdb", "emit") declare function rawEmit(row: usize, rowLen: i32): i32;
@external("tenantdb", "close") declare function rawClose(channel: i32): i32;
@external("tenantdb", "log") declare function rawLog(text: usize, len: i32): i32;
@external("tenantdb", "fail") declare function rawFail(text: usize, len: i32): i32;

export const ARGS: i32 = 0;
export const RESULT: i32 = 1;

export const TAG_NULL: u8 = 0;
export const TAG_INT: u8 = 1;
export const TAG_FLOAT: u8 = 2;
export const TAG_TEXT: u8 = 3;
export const TAG_BLOB: u8 = 4;

export const EFAULT: i32 = -1;
export const EBADCHANNEL: i32 = -2;
export const ETOOSMALL: i32 = -3;
export const EENCODING: i32 = -4;
export const ESQL: i32 = -5;
export const EDENIED: i32 = -6;

/** Writes a line to the server log. */
export function log(text: string): void {
  const bytes = String.UTF8.encode(text);
  rawLog(changetype<usize>(bytes), bytes.byteLength);
}

/** Sets the call's error message and returns 1, so `return fail("...")` fails the call. */
export function fail(text: string): i32 {
  const bytes = String.UTF8.encode(text);
  rawFail(changetype<usize>(bytes), bytes.byteLength);
  return 1;
}

/** Replacement for AssemblyScript's `abort` (pass with --use abort=...): reports and traps. */
export function tdbAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort";
  if (message) text += ": " + message;
  if (fileName) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  fail(text);
  unreachable();
}

/** Iterates the rows of a channel, reading them in batches into one buffer. */
export class Cursor {
  private buf: ArrayBuffer;
  private len: i32 = 0;
  private offset: i32 = 0;
  private row: usize = 0;
  /** Number of columns of the current row. */
  columns: i32 = 0;
  /** 0, or the negative error code that ended iteration. */
  status: i32 = 0;

  constructor(public channel: i32, capacity: i32 = 16384) {
    this.buf = new ArrayBuffer(capacity);
  }

  /** Moves to the next row; false at the end (or on error, see `status`). */
  next(): bool {
    const base = changetype<usize>(this.buf);
    if (this.offset >= this.len) {
      const n = rawRead(this.channel, base, this.buf.byteLength);
      if (n <= 0) { this.status = n; return false; }
      this.len = n;
      this.offset = 0;
    }
    const p = base + <usize>this.offset;
    const rowLen = load<u32>(p);
    this.columns = <i32>load<u16>(p, 4);
    this.row = p + 6;
    this.offset += 4 + <i32>rowLen;
    return true;
  }

  private column(i: i32): usize {
    if (i < 0 || i >= this.columns) return 0;
    let p = this.row;
    for (let k = 0; k < i; k++) {
      const tag = load<u8>(p);
      p += 1;
      if (tag == TAG_INT || tag == TAG_FLOAT) p += 8;
      else if (tag == TAG_TEXT || tag == TAG_BLOB) p += 4 + <usize>load<u32>(p);
    }
    return p;
  }

  /** The tag of column i (TAG_*), or -1 past the last column. */
  tag(i: i32): i32 {
    const p = this.column(i);
    return p == 0 ? -1 : <i32>load<u8>(p);
  }

  isNull(i: i32): bool { return this.tag(i) == TAG_NULL; }

  /** Column i as an integer (floats truncate, anything else is 0). */
  int(i: i32): i64 {
    const p = this.column(i);
    if (p == 0) return 0;
    const tag = load<u8>(p);
    if (tag == TAG_INT) return load<i64>(p, 1);
    if (tag == TAG_FLOAT) return <i64>load<f64>(p, 1);
    return 0;
  }

  /** Column i as a float (integers convert, anything else is 0). */
  float(i: i32): f64 {
    const p = this.column(i);
    if (p == 0) return 0;
    const tag = load<u8>(p);
    if (tag == TAG_FLOAT) return load<f64>(p, 1);
    if (tag == TAG_INT) return <f64>load<i64>(p, 1);
    return 0;
  }

  /** Column i as a string (text or blob decoded as UTF-8; anything else is ""). */
  text(i: i32): string {
    const p = this.column(i);
    if (p == 0) return "";
    const tag = load<u8>(p);
    if (tag != TAG_TEXT && tag != TAG_BLOB) return "";
    return String.UTF8.decodeUnsafe(p + 5, <usize>load<u32>(p, 1));
  }
}

/** Builds one encoded row: a result row for `emit`, or the parameters of a query. */
export class Row {
  private buf: ArrayBuffer;
  private len: i32 = 6;
  private columns: i32 = 0;

  constructor(capacity: i32 = 1024) {
    this.buf = new ArrayBuffer(capacity);
  }

  private reserve(n: i32): usize {
    if (this.len + n > this.buf.byteLength) {
      const bigger = new ArrayBuffer(max(this.buf.byteLength * 2, this.len + n));
      memory.copy(changetype<usize>(bigger), changetype<usize>(this.buf), <usize>this.len);
      this.buf = bigger;
    }
    const p = changetype<usize>(this.buf) + <usize>this.len;
    this.len += n;
    this.columns++;
    return p;
  }

  null(): Row { store<u8>(this.reserve(1), TAG_NULL); return this; }
  int(v: i64): Row { const p = this.reserve(9); store<u8>(p, TAG_INT); store<i64>(p, v, 1); return this; }
  float(v: f64): Row { const p = this.reserve(9); store<u8>(p, TAG_FLOAT); store<f64>(p, v, 1); return this; }
  text(v: string): Row {
    const bytes = String.UTF8.encode(v);
    const p = this.reserve(5 + bytes.byteLength);
    store<u8>(p, TAG_TEXT);
    store<u32>(p, bytes.byteLength, 1);
    memory.copy(p + 5, changetype<usize>(bytes), <usize>bytes.byteLength);
    return this;
  }

  /** Finishes the row; returns its address and sets `size`. */
  finish(): usize {
    const base = changetype<usize>(this.buf);
    store<u32>(base, <u32>(this.len - 4));
    store<u16>(base, <u16>this.columns, 4);
    return base;
  }

  get size(): i32 { return this.len; }

  /** Clears the row for reuse. */
  reset(): void { this.len = 6; this.columns = 0; }
}

/** Emits a row to the result stream. */
export function emit(row: Row): i32 {
  const p = row.finish();
  return rawEmit(p, row.size);
}

/** Starts a query; returns a cursor over its rows (check `status` for errors). */
export function query(sql: string, params: Row | null = null): Cursor {
  const bytes = String.UTF8.encode(sql);
  let paramsPtr: usize = 0;
  let paramsLen: i32 = 0;
  if (params !== null) { paramsPtr = params.finish(); paramsLen = params.size; }
  const channel = rawQuery(changetype<usize>(bytes), bytes.byteLength, paramsPtr, paramsLen);
  const cursor = new Cursor(channel);
  if (channel < 0) cursor.status = channel;
  return cursor;
}

/** Runs a statement; returns the change count or a negative error. */
export function exec(sql: string, params: Row | null = null): i64 {
  const bytes = String.UTF8.encode(sql);
  let paramsPtr: usize = 0;
  let paramsLen: i32 = 0;
  if (params !== null) { paramsPtr = params.finish(); paramsLen = params.size; }
  return rawExec(changetype<usize>(bytes), bytes.byteLength, paramsPtr, paramsLen);
}

/** Frees a query's cursor before its end. */
export function close(cursor: Cursor): void { rawClose(cursor.channel); }

/** Arguments of this call (channel 0), positioned on its single row. */
export function args(): Cursor {
  const c = new Cursor(ARGS, 4096);
  c.next();
  return c;
}
