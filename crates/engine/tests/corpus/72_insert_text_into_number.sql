-- models: docs.snowflake.com/en/sql-reference/data-type-conversion (implicit casting on INSERT)
-- Text that holds a number is cast to the NUMBER column it is inserted into.
CREATE DATABASE text_to_number;
CREATE TABLE orders (id NUMBER, amount NUMBER(8,2));
CREATE TABLE raw (id STRING, amount STRING);
INSERT INTO raw VALUES ('2', '7.25');
-- expect: INSERT INTO orders VALUES ('1', '12.5');
-- => 1
-- expect: INSERT INTO orders SELECT id, amount FROM raw;
-- => 1
-- expect: SELECT id, amount FROM orders ORDER BY id;
-- => 1|12.50
-- => 2|7.25
