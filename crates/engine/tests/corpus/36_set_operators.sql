-- models: docs.snowflake.com/en/sql-reference/operators-query
-- UNION removes duplicates (NULLs count as equal), UNION ALL keeps them; INTERSECT and
-- MINUS/EXCEPT compare whole rows; ORDER BY applies to the combined result, NULLs last.
CREATE DATABASE setops;
CREATE TABLE offices (city STRING);
CREATE TABLE warehouses (city STRING);
INSERT INTO offices VALUES ('Oslo'), ('Rome'), ('Rome'), ('Lima'), (NULL);
INSERT INTO warehouses VALUES ('Rome'), ('Kyiv'), (NULL);

-- expect: SELECT city FROM offices UNION SELECT city FROM warehouses ORDER BY city;
-- => Kyiv
-- => Lima
-- => Oslo
-- => Rome
-- => NULL
-- expect: SELECT COUNT(*) FROM (SELECT city FROM offices UNION ALL SELECT city FROM warehouses);
-- => 8
-- expect: SELECT city FROM offices INTERSECT SELECT city FROM warehouses ORDER BY city;
-- => Rome
-- => NULL
-- expect: SELECT city FROM offices MINUS SELECT city FROM warehouses ORDER BY city;
-- => Lima
-- => Oslo
-- expect: SELECT city FROM warehouses EXCEPT SELECT city FROM offices;
-- => Kyiv
-- expect: SELECT city AS site FROM warehouses WHERE city = 'Kyiv' UNION ALL SELECT 'Oslo' ORDER BY 1;
-- columns: SITE
-- => Kyiv
-- => Oslo
