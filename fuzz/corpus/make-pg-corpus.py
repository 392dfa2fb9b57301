#!/usr/bin/env python3
"""Writes the seed corpus of the wire targets: recorded frontend message streams.

pg-message/ inputs may start with a startup packet (the target decodes it when the first byte is 0);
pg-session/ inputs are what a client sends after authentication (the harness authenticates first).
Run from this directory: python3 make-pg-corpus.py
"""
import struct


def msg(kind, payload=b""):
    return kind + struct.pack("!i", len(payload) + 4) + payload


def cstr(s):
    return s.encode() + b"\0"


def startup(**params):
    body = struct.pack("!i", 3 << 16) + b"".join(cstr(k) + cstr(v) for k, v in params.items()) + b"\0"
    return struct.pack("!i", len(body) + 4) + body


def query(sql):
    return msg(b"Q", cstr(sql))


def parse(name, sql, oids=()):
    return msg(b"P", cstr(name) + cstr(sql) + struct.pack("!h", len(oids)) + b"".join(struct.pack("!I", o) for o in oids))


def bind(portal, stmt, values, formats=(), result_formats=()):
    body = cstr(portal) + cstr(stmt)
    body += struct.pack("!h", len(formats)) + b"".join(struct.pack("!h", f) for f in formats)
    body += struct.pack("!h", len(values))
    for v in values:
        body += struct.pack("!i", -1) if v is None else struct.pack("!i", len(v)) + v
    body += struct.pack("!h", len(result_formats)) + b"".join(struct.pack("!h", f) for f in result_formats)
    return msg(b"B", body)


def describe(kind, name):
    return msg(b"D", kind + cstr(name))


def execute(portal, max_rows=0):
    return msg(b"E", cstr(portal) + struct.pack("!i", max_rows))


def close(kind, name):
    return msg(b"C", kind + cstr(name))


SYNC = msg(b"S")
FLUSH = msg(b"H")
TERMINATE = msg(b"X")

session = {
    "simple-select.bin": query("SELECT 1, 'a', 2.5, NULL") + TERMINATE,
    "ddl-dml.bin": query("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES ('x'),('y'); SELECT * FROM t")
    + TERMINATE,
    "transaction.bin": query("BEGIN") + query("CREATE TABLE u(a int)") + query("INSERT INTO u VALUES (1)")
    + query("SELEC oops") + query("SELECT 1") + query("ROLLBACK") + query("SELECT count(*) FROM u"),
    "extended.bin": parse("s1", "SELECT $1::int + 1, $2::text", (23, 25)) + bind("", "s1", [b"41", b"hi"])
    + describe(b"P", "") + execute("") + SYNC + TERMINATE,
    "extended-binary.bin": parse("", "SELECT $1, $2, $3", (20, 701, 16))
    + bind("p", "", [struct.pack("!q", 7), struct.pack("!d", 1.5), b"\x01"], (1,), (1,))
    + describe(b"S", "") + execute("p", 1) + execute("p") + close(b"P", "p") + SYNC,
    "extended-error.bin": parse("bad", "SELECT * FROM missing") + bind("", "bad", []) + execute("") + SYNC
    + query("SELECT 2"),
    "catalog.bin": query("SELECT version(); SHOW server_version; SET application_name = 'fuzz'; "
                         "SELECT current_setting('server_version_num')") + FLUSH,
    "procedure.bin": query("CALL missing_proc(1, 'a')") + query("DROP PROCEDURE IF EXISTS nope"),
    "copy-and-function.bin": msg(b"d", b"row\n") + msg(b"c") + msg(b"F", b"\0\0\0\0") + query("SELECT 3"),
}

message = {
    "startup-query.bin": startup(user="demo", database="demo", application_name="psql") + query("SELECT 1") + TERMINATE,
    "cancel.bin": struct.pack("!iiii", 16, 80877102, 1234, 5678),
    "sasl.bin": startup(user="u") + msg(b"p", cstr("SCRAM-SHA-256") + struct.pack("!i", 32) + b"n,,n=u,r=fyko+d2lbbFgONRv9qkxdawL")
    + msg(b"p", b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="),
    "bind-types.bin": parse("", "SELECT $1,$2,$3,$4,$5,$6,$7", (23, 25, 20, 701, 16, 17, 1700))
    + bind("", "", [b"12", b"text", b"-9", b"1e3", b"t", b"\\x0102", b"3.14"]) + SYNC,
    "bind-binary.bin": bind("", "", [struct.pack("!i", 5), b"abc", struct.pack("!q", -1), struct.pack("!d", 2.0),
                                     b"\0", b"\xff", b"\0\x01\0\0\0\0\0\x02\0\x05"], (1,)),
}
message.update({k: v for k, v in session.items() if k in ("extended.bin", "extended-binary.bin", "transaction.bin")})

for directory, files in (("pg-session", session), ("pg-message", message)):
    for name, data in files.items():
        with open(f"{directory}/{name}", "wb") as f:
            f.write(data)
