-- models: docs.snowflake.com/en/sql-reference/sql/create-stream (APPEND_ONLY)
-- An append-only stream records inserts only: rows inserted and then deleted before the offset
-- advances are still returned, and updates and deletes are not recorded.
CREATE DATABASE append_only;
CREATE TABLE clicks (id NUMBER, url STRING);
INSERT INTO clicks VALUES (1, '/old');
CREATE STREAM clicks_std ON TABLE clicks;
CREATE STREAM clicks_new ON TABLE clicks APPEND_ONLY = TRUE;

INSERT INTO clicks VALUES (2, '/a'), (3, '/b'), (4, '/c');
DELETE FROM clicks WHERE id IN (1, 3);
UPDATE clicks SET url = '/A' WHERE id = 2;

-- expect: SELECT id, url, METADATA$ACTION FROM clicks_new ORDER BY id;
-- => 2|/a|INSERT
-- => 3|/b|INSERT
-- => 4|/c|INSERT
-- expect: SELECT id, url, METADATA$ACTION FROM clicks_std ORDER BY id;
-- => 1|/old|DELETE
-- => 2|/A|INSERT
-- => 4|/c|INSERT
-- expect: SHOW STREAMS LIKE 'CLICKS_NEW';
-- columns: name|table_name|mode
-- => CLICKS_NEW|APPEND_ONLY.PUBLIC.CLICKS|APPEND_ONLY
