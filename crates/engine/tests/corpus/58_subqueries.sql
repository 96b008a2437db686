-- models: docs.snowflake.com/en/user-guide/querying-subqueries
-- Correlated and uncorrelated scalar subqueries, IN, NOT IN, EXISTS and derived tables.
CREATE DATABASE subq;
CREATE TABLE employees (id NUMBER, dept STRING, salary NUMBER);
CREATE TABLE depts (dept STRING, active BOOLEAN);
INSERT INTO employees VALUES (1, 'a', 100), (2, 'a', 200), (3, 'b', 150), (4, 'c', NULL);
INSERT INTO depts VALUES ('a', TRUE), ('b', FALSE), ('c', TRUE);

-- expect: SELECT id FROM employees e WHERE salary > (SELECT AVG(salary) FROM employees e2 WHERE e2.dept = e.dept);
-- => 2
-- expect: SELECT id, (SELECT MAX(salary) FROM employees) - salary AS gap FROM employees ORDER BY id;
-- => 1|100
-- => 2|0
-- => 3|50
-- => 4|NULL
-- expect: SELECT id FROM employees WHERE dept IN (SELECT dept FROM depts WHERE active) ORDER BY id;
-- => 1
-- => 2
-- => 4
-- expect: SELECT d.dept FROM depts d WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.dept = d.dept AND e.salary IS NOT NULL) ORDER BY 1;
-- => c
-- expect: SELECT id FROM employees WHERE id NOT IN (SELECT id FROM employees WHERE dept = 'a') ORDER BY id;
-- => 3
-- => 4
-- expect: SELECT dept, top FROM (SELECT dept, MAX(salary) AS top FROM employees GROUP BY dept) WHERE top IS NOT NULL ORDER BY dept;
-- => a|200
-- => b|150
