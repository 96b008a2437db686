-- models: docs.snowflake.com/en/sql-reference/transactions (streams read inside explicit transactions)
-- A stream consumed inside a transaction that rolls back keeps its offset; after COMMIT it advances.
CREATE DATABASE stream_txn;
CREATE TABLE ledger (entry_id NUMBER, account STRING, delta NUMBER(12,2));
CREATE TABLE balances_log (account STRING, delta NUMBER(12,2));
CREATE STREAM ledger_s ON TABLE ledger;
INSERT INTO ledger VALUES (1, 'acme', 100.00), (2, 'acme', -30.00), (3, 'zeta', 12.00);

BEGIN;
INSERT INTO balances_log SELECT account, delta FROM ledger_s;
ROLLBACK;

-- expect: SELECT COUNT(*) FROM balances_log;
-- => 0
-- expect: SELECT COUNT(*) FROM ledger_s;
-- => 3

BEGIN TRANSACTION;
INSERT INTO balances_log SELECT account, delta FROM ledger_s;
COMMIT;

-- expect: SELECT account, SUM(delta) FROM balances_log GROUP BY account ORDER BY account;
-- => acme|70.00
-- => zeta|12.00
-- expect: SELECT COUNT(*) FROM ledger_s;
-- => 0
