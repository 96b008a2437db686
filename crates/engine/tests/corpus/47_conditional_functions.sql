-- models: docs.snowflake.com/en/sql-reference/functions-conditional (IFF, NVL, IFNULL, COALESCE, NULLIF, DECODE, CASE)
-- NULL handling differs between these: IFF treats a NULL condition as false, DECODE matches NULL
-- with NULL, a simple CASE does not.
CREATE DATABASE cond;
CREATE TABLE t (id NUMBER, a NUMBER, b NUMBER, s STRING);
INSERT INTO t VALUES (1, 10, NULL, 'x'), (2, NULL, 5, NULL), (3, 0, 0, 'y'), (4, NULL, NULL, NULL);

-- expect: SELECT id,
--          IFF(a > 5, 'big', 'small'),
--          NVL(a, -1),
--          IFNULL(s, '?'),
--          COALESCE(a, b, 99),
--          NULLIF(a, 0),
--          DECODE(s, 'x', 'ex', NULL, 'none', 'other'),
--          CASE WHEN a IS NULL THEN 'missing' WHEN a = 0 THEN 'zero' ELSE 'set' END,
--          CASE s WHEN 'x' THEN 1 WHEN NULL THEN 2 ELSE 3 END
--   FROM t ORDER BY id;
-- => 1|big|10|x|10|10|ex|set|1
-- => 2|small|-1|?|5|NULL|none|missing|3
-- => 3|small|0|y|0|NULL|other|zero|3
-- => 4|small|-1|?|99|NULL|none|missing|3
