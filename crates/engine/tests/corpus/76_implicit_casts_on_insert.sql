-- models: docs.snowflake.com/en/sql-reference/data-type-conversion (implicit casting)
-- Text compared with numbers and dates is cast to the column's type; values inserted as text
-- are stored in the column's type; numbers concatenate as text.
CREATE DATABASE casting;
CREATE TABLE orders (id NUMBER, code STRING, amount NUMBER(8,2), placed DATE);
INSERT INTO orders VALUES (1, 'a', 9.50, '2024-01-05'), (2, 'b', 10.00, '2024-01-06');
INSERT INTO orders VALUES ('3', 'c', '12.5', '2024-02-01');

-- expect: SELECT id, amount, placed FROM orders WHERE id = '3';
-- => 3|12.50|2024-02-01
-- expect: SELECT id FROM orders WHERE placed = '2024-01-06';
-- => 2
-- expect: SELECT id FROM orders WHERE amount > '10' ORDER BY id;
-- => 3
-- expect: SELECT id || '-' || code, amount::STRING, TO_VARCHAR(id) FROM orders ORDER BY id;
-- => 1-a|9.50|1
-- => 2-b|10.00|2
-- => 3-c|12.50|3
-- expect: SELECT 'true'::BOOLEAN, '42'::NUMBER + 1, '2024-01-31'::DATE;
-- => TRUE|43|2024-01-31
