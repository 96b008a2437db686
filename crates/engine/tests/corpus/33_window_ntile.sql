-- models: docs.snowflake.com/en/sql-reference/functions/ntile
-- NTILE splits a partition into buckets whose sizes differ by at most one, larger buckets first.
CREATE DATABASE ntile_demo;
CREATE TABLE race (runner STRING, heat STRING, secs NUMBER);
INSERT INTO race VALUES
  ('a', 'h1', 50), ('b', 'h1', 52), ('c', 'h1', 55), ('d', 'h1', 58), ('e', 'h1', 60), ('f', 'h1', 61), ('g', 'h1', 70),
  ('x', 'h2', 49), ('y', 'h2', 51), ('z', 'h2', 53);

-- expect: SELECT runner, NTILE(3) OVER (PARTITION BY heat ORDER BY secs) AS third,
--          NTILE(4) OVER (PARTITION BY heat ORDER BY secs) AS quarter
--   FROM race ORDER BY heat, secs;
-- => a|1|1
-- => b|1|1
-- => c|1|2
-- => d|2|2
-- => e|2|3
-- => f|3|3
-- => g|3|4
-- => x|1|1
-- => y|2|2
-- => z|3|3
