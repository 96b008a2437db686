-- models: docs.snowflake.com/en/sql-reference/data-types-semistructured
-- VARIANT, OBJECT and ARRAY columns; converting into them (TO_VARIANT, TO_OBJECT, TO_ARRAY,
-- ::variant) and out of them (::string, ::number, ::date, TRY_CAST), and the errors for a value
-- of the wrong kind: an object cast to NUMBER, an ARRAY stored into an OBJECT column.
CREATE DATABASE semi_types;
CREATE TABLE holder (id NUMBER, v VARIANT, o OBJECT, a ARRAY);
INSERT INTO holder SELECT 1, TO_VARIANT('2024-07-01'), OBJECT_CONSTRUCT('qty', 3, 'sku', 'X-1'), ARRAY_CONSTRUCT(10, 20);
INSERT INTO holder SELECT 2, 42::variant, TO_OBJECT(PARSE_JSON('{"qty":5}')), TO_ARRAY('solo');
INSERT INTO holder SELECT 3, PARSE_JSON('{"deep":{"x":[1]}}'), NULL, TO_ARRAY(PARSE_JSON('[1,2,3]'));

-- expect: SELECT id, v, o, a FROM holder ORDER BY id;
-- => 1|"2024-07-01"|{"qty":3,"sku":"X-1"}|[10,20]
-- => 2|42|{"qty":5}|["solo"]
-- => 3|{"deep":{"x":[1]}}|NULL|[1,2,3]

-- expect: SELECT v::date, v::string FROM holder WHERE id = 1;
-- => 2024-07-01|2024-07-01
-- expect: SELECT v::number + 1, v::string FROM holder WHERE id = 2;
-- => 43|42
-- expect: SELECT o:qty::int * 2, o:sku::string, a[1]::int FROM holder WHERE id = 1;
-- => 6|X-1|20

-- Casting an object to text gives its JSON; TRY_CAST gives NULL where a cast would fail.
-- expect: SELECT v::string, TRY_CAST(v:deep.x[0]::string AS NUMBER), TRY_CAST(v:deep::string AS NUMBER) FROM holder WHERE id = 3;
-- => {"deep":{"x":[1]}}|1|NULL

-- expect-error: SELECT v:deep::number FROM holder WHERE id = 3;
-- => Failed to cast variant value
-- expect-error: INSERT INTO holder (id, o) SELECT 9, ARRAY_CONSTRUCT(1, 2);
-- => expecting OBJECT but got ARRAY

-- Semi-structured values survive a copy through CREATE TABLE AS.
CREATE TABLE holder_copy AS SELECT id, o, a, v:deep AS deep FROM holder;
-- expect: SELECT id, o:qty, ARRAY_SIZE(a), deep FROM holder_copy ORDER BY id;
-- => 1|3|2|NULL
-- => 2|5|1|NULL
-- => 3|NULL|3|{"x":[1]}

-- The same error when the whole VARIANT column holds the object.
-- expect-error: SELECT v::number FROM holder WHERE id = 3;
-- => Failed to cast variant value
