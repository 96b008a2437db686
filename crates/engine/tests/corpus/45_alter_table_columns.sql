-- models: docs.snowflake.com/en/sql-reference/sql/alter-table (RENAME / DROP / ADD COLUMN)
-- Evolving a landing table: renamed columns keep their data, dropped columns disappear, and a
-- new column is NULL in existing rows.
CREATE DATABASE evolve;
CREATE TABLE customers (id NUMBER, full_name STRING, legacy_code STRING);
INSERT INTO customers VALUES (1, 'Ada Lovelace', 'L1'), (2, 'Alan Turing', 'L2');

ALTER TABLE customers RENAME COLUMN full_name TO display_name;
ALTER TABLE customers DROP COLUMN legacy_code;
ALTER TABLE customers ADD COLUMN country STRING;
INSERT INTO customers (id, display_name, country) VALUES (3, 'Grace Hopper', 'US');

-- expect: SELECT * FROM customers ORDER BY id;
-- => 1|Ada Lovelace|NULL
-- => 2|Alan Turing|NULL
-- => 3|Grace Hopper|US
-- expect: DESCRIBE TABLE customers;
-- columns: name|type
-- => ID|NUMBER(38,0)
-- => DISPLAY_NAME|VARCHAR(16777216)
-- => COUNTRY|VARCHAR(16777216)
-- expect-error: SELECT legacy_code FROM customers;
-- => invalid identifier 'LEGACY_CODE'
