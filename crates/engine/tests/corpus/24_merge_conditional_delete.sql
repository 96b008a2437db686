-- models: docs.snowflake.com/en/sql-reference/sql/merge (WHEN MATCHED AND ... THEN DELETE)
-- A change feed with an operation code: deletes, updates and inserts in one MERGE. Clauses are
-- tried in order, so the DELETE clause wins for 'D' rows.
CREATE DATABASE merge_ops;
CREATE TABLE accounts (id NUMBER, owner STRING, balance NUMBER(12,2));
CREATE TABLE account_feed (id NUMBER, owner STRING, balance NUMBER(12,2), op STRING);
INSERT INTO accounts VALUES (10, 'ana', 100.00), (20, 'ben', 250.00), (30, 'cai', 0.00);
INSERT INTO account_feed VALUES
  (10, 'ana', 80.00, 'U'),
  (30, 'cai', 0.00, 'D'),
  (40, 'dev', 12.50, 'I'),
  (50, 'eve', 99.00, 'D');

-- expect: MERGE INTO accounts a USING account_feed f ON a.id = f.id
--   WHEN MATCHED AND f.op = 'D' THEN DELETE
--   WHEN MATCHED THEN UPDATE SET a.balance = f.balance
--   WHEN NOT MATCHED AND f.op <> 'D' THEN INSERT (id, owner, balance) VALUES (f.id, f.owner, f.balance);
-- => 1|1|1

-- expect: SELECT id, owner, balance FROM accounts ORDER BY id;
-- => 10|ana|80.00
-- => 20|ben|250.00
-- => 40|dev|12.50
