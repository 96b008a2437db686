-- models: docs.snowflake.com/en/sql-reference/transactions
-- ROLLBACK undoes the transaction's DML; COMMIT keeps it; a DDL statement commits the open
-- transaction first, so a later ROLLBACK has nothing to undo.
CREATE DATABASE txn;
CREATE TABLE accounts (id NUMBER, balance NUMBER(12,2));
INSERT INTO accounts VALUES (1, 100.00), (2, 50.00);

BEGIN;
UPDATE accounts SET balance = balance - 30 WHERE id = 1;
UPDATE accounts SET balance = balance + 30 WHERE id = 2;
-- expect: SELECT SUM(balance), MIN(balance) FROM accounts;
-- => 150.00|70.00
ROLLBACK;

-- expect: SELECT id, balance FROM accounts ORDER BY id;
-- => 1|100.00
-- => 2|50.00

BEGIN TRANSACTION;
UPDATE accounts SET balance = balance - 30 WHERE id = 1;
UPDATE accounts SET balance = balance + 30 WHERE id = 2;
COMMIT;

BEGIN;
INSERT INTO accounts VALUES (3, 1.00);
CREATE TABLE audit_marker (id NUMBER);
ROLLBACK;

-- expect: SELECT id, balance FROM accounts ORDER BY id;
-- => 1|70.00
-- => 2|80.00
-- => 3|1.00
