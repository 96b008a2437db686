-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: WITH; What causes fallback to full refresh)
-- WITH RECURSIVE is not supported for incremental refresh: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_recursive;
CREATE TABLE employees (emp_id NUMBER, name STRING, manager_id NUMBER);
INSERT INTO employees VALUES (1, 'Ann', NULL), (2, 'Ben', 1), (3, 'Cat', 2);

-- expect-error: CREATE DYNAMIC TABLE chain_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
--   WITH RECURSIVE chain (emp_id, name, depth) AS (
--     SELECT emp_id, name, 1 FROM employees WHERE manager_id IS NULL
--     UNION ALL
--     SELECT e.emp_id, e.name, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.emp_id)
--   SELECT emp_id, name, depth FROM chain;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE chain_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  WITH RECURSIVE chain (emp_id, name, depth) AS (
    SELECT emp_id, name, 1 FROM employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.emp_id, e.name, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.emp_id)
  SELECT emp_id, name, depth FROM chain;

-- expect: SHOW DYNAMIC TABLES LIKE 'CHAIN_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CHAIN_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO employees VALUES (4, 'Dan', 3);
-- advance: 1 minute
ALTER DYNAMIC TABLE chain_auto REFRESH;

-- expect: SELECT emp_id, name, depth FROM chain_auto ORDER BY emp_id;
-- => 1|Ann|1
-- => 2|Ben|2
-- => 3|Cat|3
-- => 4|Dan|4
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'CHAIN_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
