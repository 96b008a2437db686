-- models: docs.snowflake.com/en/sql-reference/sql/select (* EXCLUDE / RENAME / REPLACE)
-- Star expansions that drop, rename or recompute columns, as a publishing view uses them.
CREATE DATABASE star;
CREATE TABLE people (id NUMBER, full_name STRING, ssn STRING, email STRING);
INSERT INTO people VALUES (1, 'Ada', '111-22-3333', 'ADA@EXAMPLE.COM'), (2, 'Lin', '444-55-6666', 'lin@example.com');

CREATE VIEW people_public AS SELECT * EXCLUDE (ssn) FROM people;

-- expect: SELECT * FROM people_public ORDER BY id;
-- => 1|Ada|ADA@EXAMPLE.COM
-- => 2|Lin|lin@example.com
-- expect: SELECT * EXCLUDE (ssn, email) RENAME (full_name AS name) FROM people ORDER BY id;
-- columns: ID|NAME
-- => 1|Ada
-- => 2|Lin
-- expect: SELECT * RENAME full_name AS person FROM people_public WHERE id = 2;
-- columns: person|email
-- => Lin|lin@example.com
-- expect: SELECT * EXCLUDE ssn REPLACE (LOWER(email) AS email) FROM people ORDER BY id;
-- => 1|Ada|ada@example.com
-- => 2|Lin|lin@example.com
