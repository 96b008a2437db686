-- models: docs.snowflake.com/en/sql-reference/constructs/top_n
-- TOP <n> limits the result to its first n rows (after ORDER BY).
CREATE DATABASE top_demo;
CREATE TABLE scores (player STRING, score NUMBER);
INSERT INTO scores VALUES ('ann', 7), ('cy', 12), ('eve', 3);
-- expect: SELECT TOP 2 player, score FROM scores ORDER BY score DESC;
-- => cy|12
-- => ann|7
