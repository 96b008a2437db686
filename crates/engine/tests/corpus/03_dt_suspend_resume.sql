-- models: docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table
-- SUSPEND stops scheduled refreshes and cascades to the dynamic tables that read the suspended
-- one; RESUME cascades back down; a suspended table can still be refreshed by hand.
CREATE DATABASE susp;
CREATE TABLE clicks (id NUMBER, page STRING);
INSERT INTO clicks VALUES (1, 'home'), (2, 'cart');

CREATE DYNAMIC TABLE page_hits TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT page, COUNT(*) AS hits FROM clicks GROUP BY page;
CREATE DYNAMIC TABLE busy_pages TARGET_LAG = '1 minute' WAREHOUSE = wh
  AS SELECT page FROM page_hits WHERE hits >= 2;

ALTER DYNAMIC TABLE page_hits SUSPEND;

-- expect: SHOW DYNAMIC TABLES LIKE 'PAGE_HITS';
-- columns: name|scheduling_state
-- => PAGE_HITS|SUSPENDED
-- expect: SHOW DYNAMIC TABLES LIKE 'BUSY_PAGES';
-- columns: name|scheduling_state
-- => BUSY_PAGES|SUSPENDED

INSERT INTO clicks VALUES (3, 'home');
-- advance: 5 minutes

-- expect: SELECT page, hits FROM page_hits ORDER BY page;
-- => cart|1
-- => home|1

ALTER DYNAMIC TABLE page_hits RESUME;

-- expect: SHOW DYNAMIC TABLES LIKE 'BUSY_PAGES';
-- columns: name|scheduling_state
-- => BUSY_PAGES|RUNNING

-- advance: 5 minutes

-- expect: SELECT page, hits FROM page_hits ORDER BY page;
-- => cart|1
-- => home|2
-- expect: SELECT page FROM busy_pages;
-- => home

ALTER DYNAMIC TABLE page_hits SUSPEND;
INSERT INTO clicks VALUES (4, 'cart');
ALTER DYNAMIC TABLE page_hits REFRESH;

-- expect: SELECT page, hits FROM page_hits ORDER BY page;
-- => cart|2
-- => home|2
