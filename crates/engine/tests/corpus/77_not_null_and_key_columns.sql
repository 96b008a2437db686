-- models: docs.snowflake.com/en/sql-reference/constraints-overview
-- On standard tables PRIMARY KEY, UNIQUE and FOREIGN KEY are recorded but not enforced; NOT NULL
-- is enforced, and a PRIMARY KEY column is NOT NULL.
CREATE DATABASE constraints_demo;
CREATE TABLE departments (dept_id NUMBER PRIMARY KEY, name STRING NOT NULL UNIQUE);
CREATE TABLE employees (
  emp_id NUMBER,
  dept_id NUMBER REFERENCES departments (dept_id),
  email STRING NOT NULL,
  CONSTRAINT pk_employees PRIMARY KEY (emp_id)
);

INSERT INTO departments VALUES (1, 'ops'), (1, 'ops'), (2, 'eng');
INSERT INTO employees VALUES (10, 99, 'kim@example.com');

-- expect: SELECT dept_id, COUNT(*) FROM departments GROUP BY dept_id ORDER BY dept_id;
-- => 1|2
-- => 2|1
-- expect: SELECT COUNT(*) FROM employees e LEFT JOIN departments d ON e.dept_id = d.dept_id WHERE d.dept_id IS NULL;
-- => 1
-- expect-error: INSERT INTO employees VALUES (11, 1, NULL);
-- => NULL result in a non-nullable column
-- expect-error: INSERT INTO departments VALUES (NULL, 'hr');
-- => NULL result in a non-nullable column
-- expect: DESCRIBE TABLE departments;
-- columns: name|null?|primary key|unique key
-- => DEPT_ID|N|Y|N
-- => NAME|N|N|Y
