-- models: github.com/dbt-labs/dbt-snowflake dbt/include/snowflake/macros/relations/dynamic_table/replace.sql
-- A changed model is rebuilt with CREATE OR REPLACE DYNAMIC TABLE; the new query and options
-- replace the old ones and the table is initialized again.
CREATE DATABASE dbt_replace;
CREATE TABLE events (id NUMBER, kind STRING, ms NUMBER);
INSERT INTO events VALUES (1, 'view', 120), (2, 'click', 40), (3, 'view', 80), (4, 'view', 300);

create or replace dynamic table kind_counts
    target_lag = '5 minutes'
    warehouse = transforming
    as (
        select kind, count(*) as n from events group by kind
    );

-- expect: select kind, n from kind_counts order by kind;
-- => click|1
-- => view|3

create or replace dynamic table kind_counts
    target_lag = '30 minutes'
    warehouse = transforming
    refresh_mode = FULL
    as (
        select kind, count(*) as n, max(ms) as slowest from events where ms >= 50 group by kind
    );

-- expect: select kind, n, slowest from kind_counts order by kind;
-- => view|3|300
-- expect: show dynamic tables like 'KIND_COUNTS';
-- columns: name|target_lag|refresh_mode
-- => KIND_COUNTS|30 minutes|FULL

insert into events values (5, 'click', 75);
alter dynamic table kind_counts refresh;

-- expect: select kind, n, slowest from kind_counts order by kind;
-- => click|1|75
-- => view|3|300
