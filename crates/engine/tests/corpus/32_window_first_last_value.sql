-- models: docs.snowflake.com/en/sql-reference/functions/first_value (and last_value)
-- For FIRST_VALUE and LAST_VALUE the default frame is the whole partition (ROWS BETWEEN
-- UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), unlike the ANSI default.
CREATE DATABASE first_last;
CREATE TABLE menu_items (category STRING, item STRING, cost NUMBER(6,2));
INSERT INTO menu_items VALUES
  ('drink', 'tea', 1.50), ('drink', 'coffee', 2.25), ('drink', 'juice', 3.00),
  ('food', 'toast', 2.00), ('food', 'bagel', 2.50);

-- expect: SELECT category, item,
--          FIRST_VALUE(item) OVER (PARTITION BY category ORDER BY cost) AS cheapest,
--          LAST_VALUE(item) OVER (PARTITION BY category ORDER BY cost) AS priciest
--   FROM menu_items ORDER BY category, cost;
-- => drink|tea|tea|juice
-- => drink|coffee|tea|juice
-- => drink|juice|tea|juice
-- => food|toast|toast|bagel
-- => food|bagel|toast|bagel

-- expect: SELECT item,
--          FIRST_VALUE(item) OVER (PARTITION BY category ORDER BY cost ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS f,
--          LAST_VALUE(item) OVER (PARTITION BY category ORDER BY cost ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS l
--   FROM menu_items ORDER BY category, cost;
-- => tea|tea|coffee
-- => coffee|tea|juice
-- => juice|coffee|juice
-- => toast|toast|bagel
-- => bagel|toast|bagel
