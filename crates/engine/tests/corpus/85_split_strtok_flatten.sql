-- models: docs.snowflake.com/en/sql-reference/functions/split
-- SPLIT cuts a string at every occurrence of a separator (keeping empty parts) and returns an
-- ARRAY of strings; STRTOK_TO_ARRAY splits on any of a set of delimiter characters and drops
-- empty tokens. Flattening the result of SPLIT turns a delimited column into rows.
CREATE DATABASE split_demo;
CREATE TABLE recipes (recipe STRING, ingredients STRING);
INSERT INTO recipes VALUES
  ('pancakes', 'flour,eggs,milk'),
  ('omelette', 'eggs,cheese'),
  ('toast', 'bread'),
  ('mystery', NULL);
CREATE TABLE pantry (item STRING, in_stock BOOLEAN);
INSERT INTO pantry VALUES ('flour', TRUE), ('eggs', TRUE), ('milk', FALSE), ('cheese', TRUE);

-- expect: SELECT SPLIT('127.0.0.1', '.'), SPLIT('a,,b', ','), SPLIT(NULL, ',') IS NULL;
-- => ["127","0","0","1"]|["a","","b"]|TRUE
-- expect: SELECT SPLIT('2024-06-30', '-')[1]::string, ARRAY_SIZE(SPLIT('x y z', ' '));
-- => 06|3

-- expect: SELECT STRTOK_TO_ARRAY('one  two three'), STRTOK_TO_ARRAY('ops@mail.example', '@.'), STRTOK_TO_ARRAY(',,,', ',');
-- => ["one","two","three"]|["ops","mail","example"]|[]

-- expect: SELECT r.recipe, f.index, f.value::string
--   FROM recipes r, LATERAL FLATTEN(input => SPLIT(r.ingredients, ',')) f ORDER BY r.recipe, f.index;
-- => omelette|0|eggs
-- => omelette|1|cheese
-- => pancakes|0|flour
-- => pancakes|1|eggs
-- => pancakes|2|milk
-- => toast|0|bread

-- A join after the FLATTEN: which recipes can be made from what is in stock.
-- expect: SELECT r.recipe, COUNT(*) AS needed, COUNT_IF(p.in_stock) AS available
--   FROM recipes r, LATERAL FLATTEN(input => SPLIT(r.ingredients, ',')) f
--   LEFT JOIN pantry p ON p.item = f.value::string
--   GROUP BY r.recipe ORDER BY r.recipe;
-- => omelette|2|2
-- => pancakes|3|2
-- => toast|1|0

-- expect: SELECT f.value::string AS ingredient, COUNT(*) AS recipes
--   FROM recipes r, LATERAL FLATTEN(input => STRTOK_TO_ARRAY(r.ingredients, ',')) f
--   GROUP BY 1 HAVING COUNT(*) > 1;
-- => eggs|2
