-- Same SQL for PostgreSQL and TenantDb: a pgbench-like accounts table with 100,000 rows.
CREATE TABLE accounts (aid INTEGER PRIMARY KEY, bid INTEGER NOT NULL, abalance INTEGER NOT NULL, filler TEXT);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000)
INSERT INTO accounts (aid, bid, abalance, filler) SELECT i, 1, 0, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' FROM r;
CREATE TABLE history (aid INTEGER NOT NULL, delta INTEGER NOT NULL);
