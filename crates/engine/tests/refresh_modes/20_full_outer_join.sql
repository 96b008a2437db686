-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LEFT | RIGHT | FULL OUTER JOIN)
-- A FULL OUTER JOIN on an equality predicate refreshes incrementally; rows move between matched and unmatched.
CREATE DATABASE rm_full_join;
CREATE TABLE budget (dept STRING, budget NUMBER);
CREATE TABLE spend (dept STRING, spent NUMBER);
INSERT INTO budget VALUES ('ops', 100), ('eng', 200);
INSERT INTO spend VALUES ('eng', 150), ('hr', 30);

CREATE DYNAMIC TABLE budget_vs_spend_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT COALESCE(b.dept, s.dept) AS dept, b.budget, s.spent FROM budget b FULL OUTER JOIN spend s ON b.dept = s.dept;
CREATE DYNAMIC TABLE budget_vs_spend_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT COALESCE(b.dept, s.dept) AS dept, b.budget, s.spent FROM budget b FULL OUTER JOIN spend s ON b.dept = s.dept;

-- expect: SHOW DYNAMIC TABLES LIKE 'BUDGET_VS_SPEND_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BUDGET_VS_SPEND_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'BUDGET_VS_SPEND_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BUDGET_VS_SPEND_INCR|INCREMENTAL|NULL
-- expect: SELECT dept, budget, spent FROM budget_vs_spend_incr ORDER BY dept;
-- => eng|200|150
-- => hr|NULL|30
-- => ops|100|NULL

INSERT INTO budget VALUES ('hr', 50);
DELETE FROM spend WHERE dept = 'eng';
INSERT INTO spend VALUES ('ops', 90);
-- advance: 1 minute
ALTER DYNAMIC TABLE budget_vs_spend_incr REFRESH;

-- expect: SELECT dept, budget, spent FROM budget_vs_spend_incr ORDER BY dept;
-- => eng|200|NULL
-- => hr|50|30
-- => ops|100|90
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'BUDGET_VS_SPEND_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
