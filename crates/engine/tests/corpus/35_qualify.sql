-- models: docs.snowflake.com/en/sql-reference/constructs/qualify
-- QUALIFY filters on window functions, either written in the predicate or referenced through a
-- select-list alias, and combines with GROUP BY and HAVING.
CREATE DATABASE qualify_demo;
CREATE TABLE qt (i NUMBER, p CHAR(1), o NUMBER);
INSERT INTO qt VALUES (1, 'A', 1), (2, 'A', 2), (3, 'B', 1), (4, 'B', 2), (5, 'B', 3);

-- expect: SELECT i, p, o FROM qt QUALIFY ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) = 1 ORDER BY i;
-- => 1|A|1
-- => 3|B|1
-- expect: SELECT i, p, o, ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) AS row_num FROM qt QUALIFY row_num = 2 ORDER BY i;
-- => 2|A|2|2
-- => 4|B|2|2
-- expect: SELECT i FROM qt QUALIFY COUNT(*) OVER (PARTITION BY p) > 2 ORDER BY i;
-- => 3
-- => 4
-- => 5
-- expect: SELECT p, COUNT(*) AS n FROM qt GROUP BY p HAVING COUNT(*) >= 2 QUALIFY RANK() OVER (ORDER BY n DESC) = 1;
-- => B|3
