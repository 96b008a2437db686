-- models: docs.snowflake.com/en/sql-reference/functions/typeof
-- TYPEOF names the type of the value held in a VARIANT; the IS_<type> predicates test for it
-- (IS_DECIMAL also accepts integers) and the AS_<type> functions return the value only when it
-- has that type, NULL otherwise. All of them give NULL for a SQL NULL.
CREATE DATABASE typeof_demo;
CREATE TABLE samples (n NUMBER, v VARIANT);
INSERT INTO samples SELECT 1, PARSE_JSON('true');
INSERT INTO samples SELECT 2, PARSE_JSON('-17');
INSERT INTO samples SELECT 3, PARSE_JSON('123.12');
INSERT INTO samples SELECT 4, PARSE_JSON('"kestrel"');
INSERT INTO samples SELECT 5, PARSE_JSON('[3, "x", false]');
INSERT INTO samples SELECT 6, PARSE_JSON('{"wing": 1.5, "tail": null}');
INSERT INTO samples SELECT 7, NULL;

-- expect: SELECT n, TYPEOF(v) FROM samples ORDER BY n;
-- => 1|BOOLEAN
-- => 2|INTEGER
-- => 3|DECIMAL
-- => 4|VARCHAR
-- => 5|ARRAY
-- => 6|OBJECT
-- => 7|NULL

-- expect: SELECT n, IS_BOOLEAN(v), IS_INTEGER(v), IS_DECIMAL(v), IS_VARCHAR(v), IS_ARRAY(v), IS_OBJECT(v)
--   FROM samples ORDER BY n;
-- => 1|TRUE|FALSE|FALSE|FALSE|FALSE|FALSE
-- => 2|FALSE|TRUE|TRUE|FALSE|FALSE|FALSE
-- => 3|FALSE|FALSE|TRUE|FALSE|FALSE|FALSE
-- => 4|FALSE|FALSE|FALSE|TRUE|FALSE|FALSE
-- => 5|FALSE|FALSE|FALSE|FALSE|TRUE|FALSE
-- => 6|FALSE|FALSE|FALSE|FALSE|FALSE|TRUE
-- => 7|NULL|NULL|NULL|NULL|NULL|NULL

-- expect: SELECT n FROM samples WHERE IS_DECIMAL(v) ORDER BY n;
-- => 2
-- => 3

-- AS_INTEGER also accepts a fixed-point value (1.2345 gives 1 in the AS_INTEGER docs).
-- expect: SELECT n, AS_VARCHAR(v), AS_INTEGER(v), AS_BOOLEAN(v) FROM samples ORDER BY n;
-- => 1|NULL|NULL|TRUE
-- => 2|NULL|-17|NULL
-- => 3|NULL|123|NULL
-- => 4|kestrel|NULL|NULL
-- => 5|NULL|NULL|NULL
-- => 6|NULL|NULL|NULL
-- => 7|NULL|NULL|NULL

-- expect: SELECT n, AS_ARRAY(v), AS_OBJECT(v) FROM samples WHERE n IN (4, 5, 6) ORDER BY n;
-- => 4|NULL|NULL
-- => 5|[3,"x",false]|NULL
-- => 6|NULL|{"tail":null,"wing":1.5}

-- Inside the object and the array, each element has its own type.
-- expect: SELECT TYPEOF(v:wing), AS_DOUBLE(v:wing), TYPEOF(v:absent) FROM samples WHERE n = 6;
-- => DECIMAL|1.5|NULL
-- expect: SELECT TYPEOF(v[0]), TYPEOF(v[1]), TYPEOF(v[2]) FROM samples WHERE n = 5;
-- => INTEGER|VARCHAR|BOOLEAN

-- TO_VARIANT keeps the SQL type of its argument.
-- expect: SELECT TYPEOF(TO_VARIANT(15)), TYPEOF(TO_VARIANT(1.25::number(6,3))), TYPEOF(TO_VARIANT('x')),
--   TYPEOF(TO_VARIANT(3.5::double)), TYPEOF(OBJECT_CONSTRUCT('a', 1)), TYPEOF(ARRAY_CONSTRUCT(1));
-- => INTEGER|DECIMAL|VARCHAR|DOUBLE|OBJECT|ARRAY

-- IS_NULL_VALUE gives NULL, not FALSE, when the element is missing (a SQL NULL), and FALSE
-- for an element that holds a value.
-- expect: SELECT IS_NULL_VALUE(v:absent), IS_NULL_VALUE(v:wing) FROM samples WHERE n = 6;
-- => NULL|FALSE
