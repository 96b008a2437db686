-- models: docs.snowflake.com/en/sql-reference/functions/year (date part functions) and functions/extract
-- Date parts as the silver layer of a pipeline derives them, and LAST_DAY for month ends.
CREATE DATABASE parts;
CREATE TABLE orders (id NUMBER, placed TIMESTAMP_NTZ);
INSERT INTO orders VALUES (1, '2024-05-17 14:38:52'), (2, '2023-12-31 23:05:00'), (3, '2024-02-10 00:00:00');

-- expect: SELECT id, YEAR(placed), MONTH(placed), DAY(placed), HOUR(placed), MINUTE(placed), SECOND(placed) FROM orders ORDER BY id;
-- => 1|2024|5|17|14|38|52
-- => 2|2023|12|31|23|5|0
-- => 3|2024|2|10|0|0|0
-- expect: SELECT id, EXTRACT(YEAR FROM placed), EXTRACT(MONTH FROM placed), EXTRACT(DAY FROM placed) FROM orders ORDER BY id;
-- => 1|2024|5|17
-- => 2|2023|12|31
-- => 3|2024|2|10
-- expect: SELECT id, LAST_DAY(placed::DATE) FROM orders ORDER BY id;
-- => 1|2024-05-31
-- => 2|2023-12-31
-- => 3|2024-02-29
