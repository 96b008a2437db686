-- models: docs.snowflake.com/en/user-guide/streams-intro
-- A standard stream returns the net change since its offset: an update is a DELETE/INSERT pair
-- with METADATA$ISUPDATE = TRUE, and a row inserted then updated shows only as its final insert.
CREATE DATABASE streams_intro;
CREATE TABLE members (id NUMBER, name STRING, fee NUMBER(6,2));
INSERT INTO members VALUES (1, 'Ann', 10), (2, 'Bo', 20), (3, 'Cy', 30);
CREATE STREAM member_check ON TABLE members;

-- expect: SELECT COUNT(*) FROM member_check;
-- => 0

INSERT INTO members VALUES (4, 'Di', 40);
UPDATE members SET fee = 25 WHERE id = 2;
DELETE FROM members WHERE id = 3;
UPDATE members SET name = 'Dee' WHERE id = 4;

-- expect: SELECT id, name, fee, METADATA$ACTION, METADATA$ISUPDATE FROM member_check ORDER BY id, METADATA$ACTION;
-- => 2|Bo|20.00|DELETE|TRUE
-- => 2|Bo|25.00|INSERT|TRUE
-- => 3|Cy|30.00|DELETE|FALSE
-- => 4|Dee|40.00|INSERT|FALSE

-- a query does not move the offset
-- expect: SELECT COUNT(*) FROM member_check;
-- => 4
