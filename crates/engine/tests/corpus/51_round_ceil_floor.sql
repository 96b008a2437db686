-- models: docs.snowflake.com/en/sql-reference/functions/round (and ceil, floor)
-- ROUND on exact numbers rounds half away from zero; a negative scale rounds to tens, hundreds.
CREATE DATABASE rounding;
CREATE TABLE measures (id NUMBER, v NUMBER(10,3));
INSERT INTO measures VALUES (1, 10.250), (2, -10.250), (3, 10.249), (4, 1234.567);

-- expect: SELECT id, ROUND(v, 1), CEIL(v, 1), FLOOR(v, 1), ROUND(v), ROUND(v, -2) FROM measures ORDER BY id;
-- => 1|10.3|10.3|10.2|10|0
-- => 2|-10.3|-10.2|-10.3|-10|0
-- => 3|10.2|10.3|10.2|10|0
-- => 4|1234.6|1234.6|1234.5|1235|1200
-- expect: SELECT ROUND(2.5), ROUND(-2.5), ROUND(3.14159, 2), CEIL(12.34), FLOOR(-12.34), CEIL(-0.5);
-- => 3|-3|3.14|13|-13|0
