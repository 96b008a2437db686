-- models: docs.snowflake.com/en/sql-reference/functions/flatten
-- FLATTEN's arguments (INPUT, PATH, OUTER, RECURSIVE, MODE) and its output columns KEY, PATH,
-- INDEX, VALUE and THIS, both as LATERAL FLATTEN over a table and as TABLE(FLATTEN(...)).
CREATE DATABASE flatten_demo;
CREATE TABLE playlists (pl_id NUMBER, body VARIANT);
INSERT INTO playlists SELECT 1, PARSE_JSON('{"name":"focus","tracks":["t1","t2","t3"],"meta":{"owner":"ann","tags":["calm","piano"]}}');
INSERT INTO playlists SELECT 2, PARSE_JSON('{"name":"run","tracks":["t9"],"meta":{"owner":"bo","tags":[]}}');
INSERT INTO playlists SELECT 3, PARSE_JSON('{"name":"empty","tracks":[],"meta":{"owner":"cy"}}');

-- One row per array element; the empty array of playlist 3 produces no row.
-- expect: SELECT p.pl_id, f.index, f.value::string, f.path
--   FROM playlists p, LATERAL FLATTEN(input => p.body:tracks) f ORDER BY p.pl_id, f.index;
-- => 1|0|t1|[0]
-- => 1|1|t2|[1]
-- => 1|2|t3|[2]
-- => 2|0|t9|[0]

-- OUTER => TRUE keeps playlist 3 with NULL in INDEX and VALUE.
-- expect: SELECT p.pl_id, f.index, f.value
--   FROM playlists p, LATERAL FLATTEN(input => p.body:tracks, outer => TRUE) f ORDER BY p.pl_id, f.index;
-- => 1|0|"t1"
-- => 1|1|"t2"
-- => 1|2|"t3"
-- => 2|0|"t9"
-- => 3|NULL|NULL

-- PATH picks the element to flatten; the PATH column is relative to the input.
-- expect: SELECT p.pl_id, f.value::string, f.path
--   FROM playlists p, LATERAL FLATTEN(input => p.body, path => 'meta.tags') f ORDER BY 1, 2;
-- => 1|calm|meta.tags[0]
-- => 1|piano|meta.tags[1]

-- With OUTER, an empty array (playlist 2) and a missing one (playlist 3) each still give one row.
-- expect: SELECT p.pl_id, COUNT(f.value), COUNT(*)
--   FROM playlists p, LATERAL FLATTEN(input => p.body, path => 'meta.tags', outer => TRUE) f
--   GROUP BY p.pl_id ORDER BY p.pl_id;
-- => 1|2|2
-- => 2|0|1
-- => 3|0|1

-- Flattening an object gives one row per key; INDEX is NULL for object members.
-- expect: SELECT f.key, f.index, f.value::string
--   FROM playlists p, LATERAL FLATTEN(input => p.body:meta) f WHERE p.pl_id = 1 ORDER BY f.key;
-- => owner|NULL|ann
-- => tags|NULL|["calm","piano"]

-- THIS is the element being flattened.
-- expect: SELECT f.value::string, f.this FROM playlists p, LATERAL FLATTEN(input => p.body:tracks) f WHERE p.pl_id = 2;
-- => t9|["t9"]

-- RECURSIVE expands every sub-element too.
-- expect: SELECT f.path, f.value
--   FROM playlists p, LATERAL FLATTEN(input => p.body:meta, recursive => TRUE) f
--   WHERE p.pl_id = 1 ORDER BY f.path;
-- => owner|"ann"
-- => tags|["calm","piano"]
-- => tags[0]|"calm"
-- => tags[1]|"piano"

-- MODE restricts which compound values are expanded.
-- expect: SELECT path, value FROM TABLE(FLATTEN(input => PARSE_JSON('[[1,2],{"k":[3]}]'), recursive => TRUE, mode => 'ARRAY'))
--   ORDER BY path;
-- => [0]|[1,2]
-- => [0][0]|1
-- => [0][1]|2
-- => [1]|{"k":[3]}
-- expect: SELECT key, path FROM TABLE(FLATTEN(input => PARSE_JSON('{"a":{"b":1},"c":[2,3]}'), recursive => TRUE, mode => 'OBJECT'))
--   ORDER BY path;
-- => a|a
-- => b|a.b
-- => c|c
-- expect: SELECT COUNT(*) FROM TABLE(FLATTEN(input => PARSE_JSON('{"a":{"b":1},"c":[2,3]}'), recursive => TRUE, mode => 'BOTH'));
-- => 5

-- The positional form takes the input as its only argument.
-- expect: SELECT COUNT(*) FROM playlists p, LATERAL FLATTEN(p.body:tracks) f;
-- => 4
