-- models: docs.snowflake.com/en/sql-reference/sql/create-table (LIKE) and sql-reference/sql/create-clone
-- LIKE copies the column definitions without data; CLONE copies the data too, and the clone
-- then changes independently of its source.
CREATE DATABASE copies;
CREATE TABLE prices (sku STRING NOT NULL, price NUMBER(8,2) DEFAULT 0, note VARCHAR(10));
INSERT INTO prices VALUES ('a', 1.00, 'x'), ('b', 2.50, NULL);

CREATE TABLE prices_empty LIKE prices;
CREATE TABLE prices_backup CLONE prices;

-- expect: SELECT COUNT(*) FROM prices_empty;
-- => 0
-- expect: DESCRIBE TABLE prices_empty;
-- columns: name|type|null?|default
-- => SKU|VARCHAR(16777216)|N|NULL
-- => PRICE|NUMBER(8,2)|Y|0
-- => NOTE|VARCHAR(10)|Y|NULL

UPDATE prices SET price = 9.99 WHERE sku = 'a';
INSERT INTO prices_backup VALUES ('c', 3.00, 'new');
INSERT INTO prices_empty (sku) VALUES ('z');

-- expect: SELECT sku, price FROM prices ORDER BY sku;
-- => a|9.99
-- => b|2.50
-- expect: SELECT sku, price, note FROM prices_backup ORDER BY sku;
-- => a|1.00|x
-- => b|2.50|NULL
-- => c|3.00|new
-- expect: SELECT sku, price FROM prices_empty;
-- => z|0.00
