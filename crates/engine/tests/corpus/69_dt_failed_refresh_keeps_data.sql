-- models: docs.snowflake.com/en/sql-reference/functions/dynamic_table_refresh_history (FAILED refreshes)
-- A refresh that fails is recorded as FAILED and the dynamic table keeps the contents of its last
-- successful refresh, however many scheduled refreshes fail in a row.
CREATE DATABASE failing;
CREATE TABLE t (k NUMBER, v NUMBER);
INSERT INTO t VALUES (1, 2), (2, 4);
CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT k, 10 / v AS x FROM t WHERE v IS NOT NULL;

-- expect: SELECT k, x FROM d ORDER BY k;
-- => 1|5.000000
-- => 2|2.500000

UPDATE t SET v = 0 WHERE k = 2;
-- advance: 1 minute
-- expect: SELECT k, x FROM d ORDER BY k;
-- => 1|5.000000
-- => 2|2.500000
-- advance: 1 minute
-- expect: SELECT k, x FROM d ORDER BY k;
-- => 1|5.000000
-- => 2|2.500000
-- expect: SELECT DISTINCT state FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'D')) WHERE refresh_trigger = 'SCHEDULED';
-- => FAILED
