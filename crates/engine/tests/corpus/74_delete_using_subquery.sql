-- models: docs.snowflake.com/en/sql-reference/sql/delete (DELETE ... USING)
-- Deleting the rows that join another table, and with a subquery.
CREATE DATABASE del_using;
CREATE TABLE leftovers (id NUMBER, item STRING, expires DATE);
CREATE TABLE recalls (item STRING);
INSERT INTO leftovers VALUES (1, 'milk', '2024-01-10'), (2, 'eggs', '2024-01-20'), (3, 'milk', '2024-01-25'), (4, 'bread', '2024-01-05');
INSERT INTO recalls VALUES ('eggs');

-- expect: DELETE FROM leftovers USING recalls WHERE leftovers.item = recalls.item;
-- => 1

DELETE FROM leftovers WHERE expires < (SELECT MIN(expires) FROM leftovers WHERE item = 'milk');

-- expect: SELECT id, item, expires FROM leftovers ORDER BY id;
-- => 1|milk|2024-01-10
-- => 3|milk|2024-01-25
