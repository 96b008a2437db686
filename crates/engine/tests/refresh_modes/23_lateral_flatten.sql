-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LATERAL JOIN; LATERAL FLATTEN example)
-- LATERAL FLATTEN over a VARIANT column refreshes incrementally (other LATERAL joins do not).
-- The page says AUTO usually resolves LATERAL FLATTEN incrementally; ADAPTIVE here is our reading.
CREATE DATABASE rm_flatten;
CREATE TABLE events (event_id NUMBER, payload VARIANT);
INSERT INTO events SELECT 1, PARSE_JSON('{"user": "u1", "tags": ["a", "b"]}');
INSERT INTO events SELECT 2, PARSE_JSON('{"user": "u2", "tags": ["c"]}');

CREATE DYNAMIC TABLE event_tags_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT e.event_id, f.value::STRING AS tag FROM events e, LATERAL FLATTEN(input => e.payload:tags) f;
CREATE DYNAMIC TABLE event_tags_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT e.event_id, f.value::STRING AS tag FROM events e, LATERAL FLATTEN(input => e.payload:tags) f;

-- expect: SHOW DYNAMIC TABLES LIKE 'EVENT_TAGS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => EVENT_TAGS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'EVENT_TAGS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => EVENT_TAGS_INCR|INCREMENTAL|NULL
-- expect: SELECT event_id, tag FROM event_tags_incr ORDER BY event_id, tag;
-- => 1|a
-- => 1|b
-- => 2|c

INSERT INTO events SELECT 3, PARSE_JSON('{"user": "u3", "tags": ["d", "e"]}');
DELETE FROM events WHERE event_id = 1;
UPDATE events SET payload = PARSE_JSON('{"user": "u2", "tags": ["c", "x"]}') WHERE event_id = 2;
-- advance: 1 minute
ALTER DYNAMIC TABLE event_tags_incr REFRESH;

-- expect: SELECT event_id, tag FROM event_tags_incr ORDER BY event_id, tag;
-- => 2|c
-- => 2|x
-- => 3|d
-- => 3|e
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'EVENT_TAGS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
