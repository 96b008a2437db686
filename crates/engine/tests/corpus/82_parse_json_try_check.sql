-- models: docs.snowflake.com/en/sql-reference/functions/parse_json
-- PARSE_JSON turns JSON text into a VARIANT (objects, arrays, scalars, surrounding whitespace
-- ignored); invalid text is an error, which TRY_PARSE_JSON turns into NULL and CHECK_JSON
-- reports; TO_JSON goes back to compact text; semi-structured functions are refused in VALUES.
CREATE DATABASE parse_demo;
CREATE TABLE payloads (id NUMBER, txt STRING);
INSERT INTO payloads VALUES
  (1, '{"ok":true,"n":7}'),
  (2, '[1, 2.50, "three"]'),
  (3, '"plain"'),
  (4, '{"broken":'),
  (5, NULL),
  (6, '  {"a": 1, "b": [true, null]}  ');

-- expect: SELECT id, TRY_PARSE_JSON(txt) FROM payloads ORDER BY id;
-- => 1|{"n":7,"ok":true}
-- => 2|[1,2.5,"three"]
-- => 3|"plain"
-- => 4|NULL
-- => 5|NULL
-- => 6|{"a":1,"b":[true,null]}

-- CHECK_JSON is NULL for valid JSON (and for NULL input) and an error text otherwise.
-- expect: SELECT id FROM payloads WHERE CHECK_JSON(txt) IS NOT NULL;
-- => 4
-- expect: SELECT COUNT(*) FROM payloads WHERE CHECK_JSON(txt) IS NULL;
-- => 5

-- expect-error: SELECT PARSE_JSON(txt) FROM payloads WHERE id = 4;
-- => Error parsing JSON
-- expect-error: SELECT PARSE_JSON('{"a" 1}');
-- => Error parsing JSON

-- expect: SELECT PARSE_JSON(txt):n::number, PARSE_JSON(txt):ok FROM payloads WHERE id = 1;
-- => 7|true
-- expect: SELECT PARSE_JSON(txt)[2]::string, PARSE_JSON(txt)[1]::number(5,2) FROM payloads WHERE id = 2;
-- => three|2.50
-- expect: SELECT PARSE_JSON(txt), PARSE_JSON(txt)::string FROM payloads WHERE id = 3;
-- => "plain"|plain

-- TO_JSON serialises without the whitespace of the original text.
-- expect: SELECT TO_JSON(PARSE_JSON(txt)) FROM payloads WHERE id = 6;
-- => {"a":1,"b":[true,null]}
-- expect: SELECT PARSE_JSON(NULL) IS NULL, TO_JSON(NULL) IS NULL;
-- => TRUE|TRUE

CREATE TABLE docs (id NUMBER, v VARIANT);
-- expect-error: INSERT INTO docs VALUES (1, PARSE_JSON('{"a":1}'));
-- => in VALUES clause
INSERT INTO docs SELECT id, TRY_PARSE_JSON(txt) FROM payloads WHERE txt IS NOT NULL;
-- expect: SELECT id, v FROM docs WHERE v IS NOT NULL ORDER BY id;
-- => 1|{"n":7,"ok":true}
-- => 2|[1,2.5,"three"]
-- => 3|"plain"
-- => 6|{"a":1,"b":[true,null]}

-- CHECK_JSON in WHERE screens out the invalid row before PARSE_JSON sees it.
-- expect: SELECT id, PARSE_JSON(txt) FROM payloads WHERE txt IS NOT NULL AND CHECK_JSON(txt) IS NULL ORDER BY id;
-- => 1|{"n":7,"ok":true}
-- => 2|[1,2.5,"three"]
-- => 3|"plain"
-- => 6|{"a":1,"b":[true,null]}
