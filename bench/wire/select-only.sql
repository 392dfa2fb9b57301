\set aid random(1, 100000)
SELECT abalance FROM accounts WHERE aid = :aid;
