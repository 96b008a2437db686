-- models: docs.snowflake.com/en/user-guide/streams-intro (types of streams)
-- Truncating a table shows in a standard stream as deletes of the rows that were there; an
-- append-only stream does not record it.
CREATE DATABASE stream_truncate;
CREATE TABLE staging (id NUMBER, payload STRING);
INSERT INTO staging VALUES (1, 'a'), (2, 'b');
CREATE STREAM staging_std ON TABLE staging;
CREATE STREAM staging_ins ON TABLE staging APPEND_ONLY = TRUE;

TRUNCATE TABLE staging;
INSERT INTO staging VALUES (3, 'c');

-- expect: SELECT id, payload, METADATA$ACTION, METADATA$ISUPDATE FROM staging_std ORDER BY id;
-- => 1|a|DELETE|FALSE
-- => 2|b|DELETE|FALSE
-- => 3|c|INSERT|FALSE
-- expect: SELECT id, payload, METADATA$ACTION FROM staging_ins ORDER BY id;
-- => 3|c|INSERT
