-- models: docs.snowflake.com/en/sql-reference/sql/update (UPDATE ... FROM)
-- Updating a table from a join with another table, and with a correlated expression.
CREATE DATABASE upd_from;
CREATE TABLE target_prices (sku STRING, price NUMBER(8,2), currency STRING);
CREATE TABLE price_list (sku STRING, new_price NUMBER(8,2));
CREATE TABLE fx (currency STRING, rate NUMBER(8,4));
INSERT INTO target_prices VALUES ('p1', 10.00, 'EUR'), ('p2', 20.00, 'USD'), ('p3', 30.00, 'USD');
INSERT INTO price_list VALUES ('p1', 11.00), ('p3', 27.50), ('p9', 1.00);
INSERT INTO fx VALUES ('EUR', 1.1000), ('USD', 1.0000);

-- expect: UPDATE target_prices t SET price = p.new_price FROM price_list p WHERE t.sku = p.sku;
-- => 2|0

-- expect: SELECT sku, price FROM target_prices ORDER BY sku;
-- => p1|11.00
-- => p2|20.00
-- => p3|27.50

UPDATE target_prices t SET price = t.price * f.rate, currency = 'USD' FROM fx f WHERE t.currency = f.currency AND f.currency = 'EUR';

-- expect: SELECT sku, price, currency FROM target_prices ORDER BY sku;
-- => p1|12.10|USD
-- => p2|20.00|USD
-- => p3|27.50|USD
