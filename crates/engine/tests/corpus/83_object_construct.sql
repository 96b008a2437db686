-- models: docs.snowflake.com/en/sql-reference/functions/object_construct
-- OBJECT_CONSTRUCT builds an OBJECT from key/value pairs and leaves out pairs whose value is
-- NULL; OBJECT_CONSTRUCT_KEEP_NULL keeps them as JSON null. Objects nest, can hold arrays,
-- can be stored in an OBJECT column and read back with paths and OBJECT_KEYS.
CREATE DATABASE objcons;
CREATE TABLE staff (emp_id NUMBER, ename STRING, dept STRING, manager_id NUMBER, salary NUMBER(8,2));
INSERT INTO staff VALUES
  (1, 'Ines', 'ops', NULL, 5200.00),
  (2, 'Omar', 'ops', 1, 4100.50),
  (3, 'Pia', 'lab', 1, NULL);

-- expect: SELECT emp_id, OBJECT_CONSTRUCT('name', ename, 'dept', dept, 'mgr', manager_id) FROM staff ORDER BY emp_id;
-- => 1|{"dept":"ops","name":"Ines"}
-- => 2|{"dept":"ops","mgr":1,"name":"Omar"}
-- => 3|{"dept":"lab","mgr":1,"name":"Pia"}

-- expect: SELECT emp_id, OBJECT_CONSTRUCT_KEEP_NULL('name', ename, 'mgr', manager_id) FROM staff ORDER BY emp_id;
-- => 1|{"mgr":null,"name":"Ines"}
-- => 2|{"mgr":1,"name":"Omar"}
-- => 3|{"mgr":1,"name":"Pia"}

-- A NUMBER(8,2) value keeps its numeric value; a NULL salary leaves an empty object.
-- expect: SELECT emp_id, OBJECT_CONSTRUCT('pay', salary) FROM staff ORDER BY emp_id;
-- => 1|{"pay":5200}
-- => 2|{"pay":4100.5}
-- => 3|{}

-- expect: SELECT OBJECT_CONSTRUCT(), OBJECT_CONSTRUCT('k', 'v'):k, OBJECT_CONSTRUCT('k', 'v'):k::string;
-- => {}|"v"|v

-- Nested objects and arrays.
-- expect: SELECT OBJECT_CONSTRUCT('who', OBJECT_CONSTRUCT('id', emp_id, 'name', ename), 'tags', ARRAY_CONSTRUCT(dept, 'staff'))
--   FROM staff WHERE emp_id = 2;
-- => {"tags":["ops","staff"],"who":{"id":2,"name":"Omar"}}

CREATE TABLE staff_docs (emp_id NUMBER, profile OBJECT);
INSERT INTO staff_docs
SELECT emp_id, OBJECT_CONSTRUCT('name', ename, 'dept', dept, 'mgr', manager_id, 'pay', salary) FROM staff;

-- expect: SELECT emp_id, profile:name::string, profile:mgr, ARRAY_SIZE(OBJECT_KEYS(profile)) FROM staff_docs ORDER BY emp_id;
-- => 1|Ines|NULL|3
-- => 2|Omar|1|4
-- => 3|Pia|1|3

-- expect: SELECT OBJECT_KEYS(profile) FROM staff_docs WHERE emp_id = 2;
-- => ["dept","mgr","name","pay"]

-- expect: SELECT profile:dept::string AS dept, COUNT(*) AS n FROM staff_docs GROUP BY profile:dept::string ORDER BY dept;
-- => lab|1
-- => ops|2

-- expect: SELECT emp_id FROM staff_docs WHERE profile:mgr IS NULL;
-- => 1
