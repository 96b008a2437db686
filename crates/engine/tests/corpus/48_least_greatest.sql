-- models: docs.snowflake.com/en/sql-reference/functions/least (and greatest)
-- LEAST and GREATEST return NULL if any argument is NULL; clamping prices into a band.
CREATE DATABASE clamp;
CREATE TABLE quotes (id NUMBER, price NUMBER(8,2), seen DATE, updated DATE);
INSERT INTO quotes VALUES
  (1, 0.50, '2024-01-02', '2024-01-05'),
  (2, 50.00, '2024-03-01', '2024-02-01'),
  (3, 250.00, '2024-01-01', NULL),
  (4, NULL, '2024-01-01', '2024-01-01');

-- expect: SELECT id, LEAST(GREATEST(price, 1.00), 100.00), GREATEST(seen, updated), LEAST(seen, updated) FROM quotes ORDER BY id;
-- => 1|1.00|2024-01-05|2024-01-02
-- => 2|50.00|2024-03-01|2024-02-01
-- => 3|100.00|NULL|NULL
-- => 4|NULL|2024-01-01|2024-01-01
-- expect: SELECT GREATEST(1, 5, 3), LEAST('pear', 'apple', 'fig'), GREATEST(1, NULL, 3);
-- => 5|apple|NULL
