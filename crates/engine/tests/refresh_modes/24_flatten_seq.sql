-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LATERAL JOIN — the SEQ column)
-- Selecting FLATTEN's SEQ column is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_flatten_seq;
CREATE TABLE events (event_id NUMBER, payload VARIANT);
INSERT INTO events SELECT 1, PARSE_JSON('{"user": "u1", "tags": ["a", "b"]}');
INSERT INTO events SELECT 2, PARSE_JSON('{"user": "u2", "tags": ["c"]}');

-- expect-error: CREATE DYNAMIC TABLE event_tags_seq_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT e.event_id, f.seq, f.value::STRING AS tag FROM events e, LATERAL FLATTEN(input => e.payload:tags) f;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE event_tags_seq_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT e.event_id, f.seq, f.value::STRING AS tag FROM events e, LATERAL FLATTEN(input => e.payload:tags) f;

-- expect: SHOW DYNAMIC TABLES LIKE 'EVENT_TAGS_SEQ_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => EVENT_TAGS_SEQ_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO events SELECT 3, PARSE_JSON('{"user": "u3", "tags": ["d"]}');
-- advance: 1 minute
ALTER DYNAMIC TABLE event_tags_seq_auto REFRESH;

-- expect: SELECT event_id, tag FROM event_tags_seq_auto ORDER BY event_id, tag;
-- => 1|a
-- => 1|b
-- => 2|c
-- => 3|d
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'EVENT_TAGS_SEQ_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
