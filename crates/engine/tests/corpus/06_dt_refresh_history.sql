-- models: docs.snowflake.com/en/sql-reference/functions/dynamic_table_refresh_history
-- Every refresh is recorded with what triggered it: CREATION, MANUAL or SCHEDULED.
CREATE DATABASE hist;
CREATE TABLE payments (id NUMBER, method STRING, amount NUMBER(10,2));
INSERT INTO payments VALUES (1, 'card', 20.00), (2, 'cash', 5.50);

CREATE DYNAMIC TABLE daily_totals TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT method, SUM(amount) AS total FROM payments GROUP BY method;

-- expect: SELECT refresh_trigger, state FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'daily_totals'));
-- => CREATION|SUCCEEDED

INSERT INTO payments VALUES (3, 'card', 12.25);
ALTER DYNAMIC TABLE daily_totals REFRESH;
INSERT INTO payments VALUES (4, 'cash', 1.00);
-- advance: 3 minutes

-- expect: SELECT DISTINCT refresh_trigger FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'HIST.PUBLIC.DAILY_TOTALS')) ORDER BY 1;
-- => CREATION
-- => MANUAL
-- => SCHEDULED
-- expect: SELECT COUNT_IF(state <> 'SUCCEEDED') FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY());
-- => 0
-- expect: SELECT name, schema_name, database_name FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY()) WHERE refresh_trigger = 'MANUAL';
-- => DAILY_TOTALS|PUBLIC|HIST
-- expect: SELECT method, total FROM daily_totals ORDER BY method;
-- => card|32.25
-- => cash|6.50
