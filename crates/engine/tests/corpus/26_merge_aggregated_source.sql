-- models: docs.snowflake.com/en/sql-reference/sql/merge (source as a subquery)
-- Daily totals merged into a running summary from an aggregating subquery.
CREATE DATABASE merge_agg;
CREATE TABLE page_views (page STRING, viewed_on DATE, views NUMBER);
CREATE TABLE page_totals (page STRING, total_views NUMBER, last_seen DATE);
INSERT INTO page_totals VALUES ('/home', 100, '2024-04-01'), ('/about', 7, '2024-03-15');
INSERT INTO page_views VALUES
  ('/home', '2024-04-02', 30), ('/home', '2024-04-03', 12),
  ('/pricing', '2024-04-02', 5), ('/pricing', '2024-04-03', 4);

MERGE INTO page_totals t
USING (SELECT page, SUM(views) AS v, MAX(viewed_on) AS last_day FROM page_views GROUP BY page) s
ON t.page = s.page
WHEN MATCHED THEN UPDATE SET total_views = t.total_views + s.v, last_seen = s.last_day
WHEN NOT MATCHED THEN INSERT (page, total_views, last_seen) VALUES (s.page, s.v, s.last_day);

-- expect: SELECT page, total_views, last_seen FROM page_totals ORDER BY page;
-- => /about|7|2024-03-15
-- => /home|142|2024-04-03
-- => /pricing|9|2024-04-03
