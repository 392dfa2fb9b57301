// sum_amounts() RETURNS TABLE(total float8, rows int8)
// Streams every row of `orders` through the sandbox and sums its amount column: the rows/second
// benchmark for channels (compare with SQLite's own SELECT sum(amount)).
import { Cursor, Row, emit, fail, query } from "../../sdk/assemblyscript/assembly/index";

export function run(): i32 {
  const rows: Cursor = query("SELECT amount FROM orders");
  let total: f64 = 0;
  let count: i64 = 0;
  while (rows.next()) {
    total += rows.float(0);
    count++;
  }
  if (rows.status < 0) return fail("reading orders failed");
  emit(new Row(32).float(total).int(count));
  return 0;
}
