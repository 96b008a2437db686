-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LEFT | RIGHT | FULL OUTER JOIN — self-joins, Apr 2026)
-- An outer join of a table with itself on equality is supported for incremental refresh.
CREATE DATABASE rm_self_join;
CREATE TABLE employees (emp_id NUMBER, name STRING, manager_id NUMBER);
INSERT INTO employees VALUES (1, 'Ann', NULL), (2, 'Ben', 1), (3, 'Cat', 1), (4, 'Dan', 2);

CREATE DYNAMIC TABLE reporting_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT e.name AS employee, m.name AS manager FROM employees e LEFT JOIN employees m ON e.manager_id = m.emp_id;
CREATE DYNAMIC TABLE reporting_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT e.name AS employee, m.name AS manager FROM employees e LEFT JOIN employees m ON e.manager_id = m.emp_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'REPORTING_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => REPORTING_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'REPORTING_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => REPORTING_INCR|INCREMENTAL|NULL
-- expect: SELECT employee, manager FROM reporting_incr ORDER BY employee;
-- => Ann|NULL
-- => Ben|Ann
-- => Cat|Ann
-- => Dan|Ben

UPDATE employees SET name = 'Anna' WHERE emp_id = 1;
DELETE FROM employees WHERE emp_id = 2;
INSERT INTO employees VALUES (5, 'Eve', 3);
-- advance: 1 minute
ALTER DYNAMIC TABLE reporting_incr REFRESH;

-- expect: SELECT employee, manager FROM reporting_incr ORDER BY employee;
-- => Anna|NULL
-- => Cat|Anna
-- => Dan|NULL
-- => Eve|Cat
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'REPORTING_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
