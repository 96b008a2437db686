-- models: docs.snowflake.com/en/sql-reference/functions/like (and ilike)
-- LIKE is case-sensitive with % and _ wildcards; ILIKE ignores case; NULL never matches, and
-- NOT LIKE on NULL is NULL too.
CREATE DATABASE patterns;
CREATE TABLE words (w STRING);
INSERT INTO words VALUES ('Snowflake'), ('snowball'), ('SNOW_DAY'), ('rainbow'), (NULL);

-- expect: SELECT w FROM words WHERE w LIKE 'snow%' ORDER BY w;
-- => snowball
-- expect: SELECT w FROM words WHERE w ILIKE 'snow%' ORDER BY w;
-- => SNOW_DAY
-- => Snowflake
-- => snowball
-- expect: SELECT w FROM words WHERE w LIKE '_now%' ORDER BY w;
-- => Snowflake
-- => snowball
-- expect: SELECT w FROM words WHERE w LIKE '%bow' OR w LIKE '%DAY' ORDER BY w;
-- => SNOW_DAY
-- => rainbow
-- expect: SELECT COUNT(*) FROM words WHERE w NOT LIKE 'snow%';
-- => 3
-- expect: SELECT w ILIKE 'RAIN%', w LIKE 'rain%' FROM words WHERE w IS NULL OR w = 'rainbow' ORDER BY w;
-- => TRUE|TRUE
-- => NULL|NULL
