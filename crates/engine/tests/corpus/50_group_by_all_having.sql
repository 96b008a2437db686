-- models: docs.snowflake.com/en/sql-reference/constructs/group-by (GROUP BY ALL, ordinals) and constructs/having
-- Aggregates skip NULLs; HAVING filters groups and may use a select-list alias.
CREATE DATABASE grouping;
CREATE TABLE sales (region STRING, rep STRING, amount NUMBER(10,2));
INSERT INTO sales VALUES
  ('east', 'ann', 100.00), ('east', 'ann', 50.00), ('east', 'bob', 20.00),
  ('west', 'cy', 300.00), ('west', 'cy', NULL), ('north', 'dee', 5.00);

-- expect: SELECT region, rep, SUM(amount) AS total, COUNT(amount) AS n, COUNT(*) AS rows_in
--   FROM sales GROUP BY ALL HAVING total > 10 ORDER BY total DESC;
-- => west|cy|300.00|1|2
-- => east|ann|150.00|2|2
-- => east|bob|20.00|1|1
-- expect: SELECT region, COUNT(*) FROM sales GROUP BY 1 ORDER BY 1;
-- => east|3
-- => north|1
-- => west|2
-- expect: SELECT IFF(amount >= 100, 'large', 'small') AS size, COUNT(*) FROM sales GROUP BY size ORDER BY size;
-- => large|2
-- => small|4
-- expect: SELECT region, AVG(amount) FROM sales GROUP BY region HAVING COUNT(*) > 1 ORDER BY region;
-- => east|56.66666667
-- => west|300.00000000
