-- models: docs.snowflake.com/en/sql-reference/sql/alter-table (ADD COLUMN, then DROP COLUMN)
-- A column added to a table with rows is NULL in those rows; dropping an earlier column must not
-- move other columns' values.
CREATE DATABASE evolve;
CREATE TABLE customers (id NUMBER, full_name STRING, legacy_code STRING);
INSERT INTO customers VALUES (1, 'Ada Lovelace', 'L1'), (2, 'Alan Turing', 'L2');
ALTER TABLE customers ADD COLUMN country STRING;
ALTER TABLE customers DROP COLUMN legacy_code;
INSERT INTO customers (id, full_name, country) VALUES (3, 'Grace Hopper', 'US');
-- expect: SELECT * FROM customers ORDER BY id;
-- => 1|Ada Lovelace|NULL
-- => 2|Alan Turing|NULL
-- => 3|Grace Hopper|US
