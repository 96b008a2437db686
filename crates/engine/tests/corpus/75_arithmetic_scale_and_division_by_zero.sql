-- models: docs.snowflake.com/en/sql-reference/operators-arithmetic (scale and precision)
-- Multiplication keeps S1 + S2 decimals (up to 12), division min(S1 + 6, 12), addition the
-- larger scale; % takes the sign of the dividend; dividing by zero is an error.
CREATE DATABASE arith;
CREATE TABLE lines (id NUMBER, price NUMBER(10,2), qty NUMBER(5,0));
INSERT INTO lines VALUES (1, 2.50, 3), (2, 1.00, 3), (3, 0.99, 0);

-- expect: SELECT 10.01 * 1.1, 10.001 * .001, 2 / 3, 10 / 4, 1.5 + 2.25, 7 % 3, -7 % 3;
-- => 11.011|0.010001|0.666667|2.500000|3.75|1|-1
-- expect: SELECT id, price * qty, price / NULLIF(qty, 0), price + qty FROM lines ORDER BY id;
-- => 1|7.50|0.83333333|5.50
-- => 2|3.00|0.33333333|4.00
-- => 3|0.00|NULL|0.99
-- expect-error: SELECT price / qty FROM lines WHERE id = 3;
-- => Division by zero
