-- models: docs.snowflake.com/en/sql-reference/sql/delete (DELETE ... USING)
-- Deleting the rows that join another table, or a derived table in USING.
CREATE DATABASE del_using;
CREATE TABLE leftovers (id NUMBER, item STRING, expires DATE);
CREATE TABLE recalls (item STRING);
CREATE TABLE returned_items (id NUMBER, returned_on DATE);
INSERT INTO leftovers VALUES (1, 'milk', '2024-01-10'), (2, 'eggs', '2024-01-20'), (3, 'milk', '2024-01-25'), (4, 'bread', '2024-01-05');
INSERT INTO recalls VALUES ('eggs');
INSERT INTO returned_items VALUES (4, '2024-01-06'), (9, '2024-01-07');

-- expect: DELETE FROM leftovers USING recalls WHERE leftovers.item = recalls.item;
-- => 1

-- expect: DELETE FROM leftovers USING (SELECT id AS returned_id FROM returned_items) AS r WHERE leftovers.id = r.returned_id;
-- => 1

-- expect: SELECT id, item, expires FROM leftovers ORDER BY id;
-- => 1|milk|2024-01-10
-- => 3|milk|2024-01-25
