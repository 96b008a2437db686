-- models: docs.snowflake.com/en/user-guide/dynamic-tables/streams-on-dts (and user-guide/streams-intro)
-- A standard stream on an incrementally refreshed dynamic table records the net row changes each
-- refresh writes: nothing until the dynamic table refreshes, then inserts, deletes, and updates as
-- DELETE/INSERT pairs with METADATA$ISUPDATE = TRUE. Reading the stream in a query leaves it as it
-- is; consuming it in a MERGE or INSERT ... SELECT empties it.
CREATE DATABASE ticket_feed;
CREATE TABLE tickets (id NUMBER, status STRING, priority NUMBER);
INSERT INTO tickets VALUES (1, 'open', 2), (2, 'open', 1), (3, 'closed', 3), (4, 'open', 3);

CREATE DYNAMIC TABLE open_tickets TARGET_LAG = '5 minutes' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
SELECT id, priority FROM tickets WHERE status = 'open';

CREATE STREAM open_changes ON DYNAMIC TABLE open_tickets;
CREATE TABLE ticket_board (id NUMBER, priority NUMBER);
INSERT INTO ticket_board SELECT id, priority FROM open_tickets;

-- expect: SELECT COUNT(*), SYSTEM$STREAM_HAS_DATA('open_changes') FROM open_changes;
-- => 0|FALSE

INSERT INTO tickets VALUES (5, 'open', 1);
UPDATE tickets SET status = 'closed' WHERE id = 2;
UPDATE tickets SET priority = 1 WHERE id = 4;
UPDATE tickets SET priority = 5 WHERE id = 3;

-- The base table changed, but the dynamic table has not refreshed yet.
-- expect: SELECT COUNT(*) FROM open_changes;
-- => 0

ALTER DYNAMIC TABLE open_tickets REFRESH;

-- Ticket 3 is closed, so its change never reaches the dynamic table.
-- expect: SELECT id, priority, METADATA$ACTION, METADATA$ISUPDATE FROM open_changes ORDER BY id, METADATA$ACTION;
-- => 2|1|DELETE|FALSE
-- => 4|3|DELETE|TRUE
-- => 4|1|INSERT|TRUE
-- => 5|1|INSERT|FALSE
-- expect: SELECT SYSTEM$STREAM_HAS_DATA('open_changes');
-- => TRUE

MERGE INTO ticket_board b
USING (
  SELECT * FROM open_changes
  WHERE NOT (METADATA$ACTION = 'DELETE' AND METADATA$ISUPDATE)
) c
ON b.id = c.id
WHEN MATCHED AND c.METADATA$ACTION = 'DELETE' THEN DELETE
WHEN MATCHED AND c.METADATA$ACTION = 'INSERT' THEN UPDATE SET b.priority = c.priority
WHEN NOT MATCHED AND c.METADATA$ACTION = 'INSERT' THEN INSERT (id, priority) VALUES (c.id, c.priority);

-- expect: SELECT id, priority FROM ticket_board ORDER BY id;
-- => 1|2
-- => 4|1
-- => 5|1
-- expect: SELECT COUNT(*) FROM open_changes;
-- => 0
-- expect: SELECT COUNT(*) FROM (SELECT * FROM open_tickets MINUS SELECT * FROM ticket_board);
-- => 0

-- Ticket 6 comes and goes before the next refresh, so only ticket 7 shows; this time the
-- scheduled refresh picks the changes up.
CREATE TABLE change_log (id NUMBER, action STRING, is_update BOOLEAN);
INSERT INTO tickets VALUES (6, 'open', 2);
DELETE FROM tickets WHERE id = 6;
INSERT INTO tickets VALUES (7, 'open', 4);
UPDATE tickets SET status = 'closed' WHERE id = 1;
-- advance: 6 minutes

-- expect: SELECT id, priority, METADATA$ACTION, METADATA$ISUPDATE FROM open_changes ORDER BY id;
-- => 1|2|DELETE|FALSE
-- => 7|4|INSERT|FALSE

INSERT INTO change_log SELECT id, METADATA$ACTION, METADATA$ISUPDATE FROM open_changes;

-- expect: SELECT id, action, is_update FROM change_log ORDER BY id;
-- => 1|DELETE|FALSE
-- => 7|INSERT|FALSE
-- expect: SELECT COUNT(*), SYSTEM$STREAM_HAS_DATA('open_changes') FROM open_changes;
-- => 0|FALSE
-- expect: SELECT id, priority FROM open_tickets ORDER BY id;
-- => 4|1
-- => 5|1
-- => 7|4
