-- models: docs.snowflake.com/en/sql-reference/constraints-overview
-- On standard tables PRIMARY KEY, UNIQUE and FOREIGN KEY constraints are accepted (inline and
-- out of line, named or not) but not enforced: duplicates and orphans load without error.
CREATE DATABASE constraints_demo;
CREATE TABLE departments (dept_id NUMBER PRIMARY KEY, name STRING UNIQUE);
CREATE TABLE employees (
  emp_id NUMBER,
  dept_id NUMBER REFERENCES departments (dept_id),
  email STRING,
  CONSTRAINT pk_employees PRIMARY KEY (emp_id),
  CONSTRAINT fk_dept FOREIGN KEY (dept_id) REFERENCES departments (dept_id)
);

INSERT INTO departments VALUES (1, 'ops'), (1, 'ops'), (2, 'eng');
INSERT INTO employees VALUES (10, 99, 'kim@example.com'), (10, 1, 'lee@example.com');

-- expect: SELECT dept_id, COUNT(*) FROM departments GROUP BY dept_id ORDER BY dept_id;
-- => 1|2
-- => 2|1
-- expect: SELECT e.email FROM employees e LEFT JOIN departments d ON e.dept_id = d.dept_id WHERE d.dept_id IS NULL;
-- => kim@example.com
-- expect: SELECT emp_id, COUNT(*) FROM employees GROUP BY emp_id;
-- => 10|2
