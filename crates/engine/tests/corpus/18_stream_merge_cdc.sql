-- models: docs.snowflake.com/en/user-guide/streams-examples (applying a stream's changes with MERGE)
-- The stream's net changes are merged into a replica: inserts and the insert half of updates
-- upsert, plain deletes delete.
CREATE DATABASE cdc_merge;
CREATE TABLE products (id NUMBER, name STRING, price NUMBER(8,2));
CREATE TABLE products_replica (id NUMBER, name STRING, price NUMBER(8,2));
INSERT INTO products VALUES (1, 'pen', 1.50), (2, 'pad', 3.00), (3, 'ink', 7.25);
INSERT INTO products_replica SELECT * FROM products;
CREATE STREAM products_changes ON TABLE products;

UPDATE products SET price = 1.75 WHERE id = 1;
DELETE FROM products WHERE id = 2;
INSERT INTO products VALUES (4, 'nib', 0.90);

MERGE INTO products_replica r
USING (
  SELECT * FROM products_changes
  WHERE NOT (METADATA$ACTION = 'DELETE' AND METADATA$ISUPDATE)
) s
ON r.id = s.id
WHEN MATCHED AND s.METADATA$ACTION = 'DELETE' THEN DELETE
WHEN MATCHED AND s.METADATA$ACTION = 'INSERT' THEN UPDATE SET r.name = s.name, r.price = s.price
WHEN NOT MATCHED AND s.METADATA$ACTION = 'INSERT' THEN INSERT (id, name, price) VALUES (s.id, s.name, s.price);

-- expect: SELECT id, name, price FROM products_replica ORDER BY id;
-- => 1|pen|1.75
-- => 3|ink|7.25
-- => 4|nib|0.90
-- expect: SELECT COUNT(*) FROM products_changes;
-- => 0
-- expect: SELECT COUNT(*) FROM (SELECT * FROM products MINUS SELECT * FROM products_replica);
-- => 0
