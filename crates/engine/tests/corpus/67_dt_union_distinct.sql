-- models: docs.snowflake.com/en/sql-reference/operators-query (UNION in a dynamic table)
-- A UNION (distinct) keeps a row while either branch still has it.
CREATE DATABASE incr_union;
CREATE TABLE newsletter (email STRING);
CREATE TABLE buyers (email STRING);
INSERT INTO newsletter VALUES ('a@x.io'), ('b@x.io');
INSERT INTO buyers VALUES ('b@x.io'), ('c@x.io');

CREATE DYNAMIC TABLE contacts TARGET_LAG = '1 hour' WAREHOUSE = wh AS
  SELECT email FROM newsletter UNION SELECT email FROM buyers;

-- expect: SELECT email FROM contacts ORDER BY email;
-- => a@x.io
-- => b@x.io
-- => c@x.io

DELETE FROM newsletter WHERE email = 'b@x.io';
ALTER DYNAMIC TABLE contacts REFRESH;

-- expect: SELECT email FROM contacts ORDER BY email;
-- => a@x.io
-- => b@x.io
-- => c@x.io

DELETE FROM buyers WHERE email = 'b@x.io';
INSERT INTO newsletter VALUES ('c@x.io');
DELETE FROM buyers WHERE email = 'c@x.io';
ALTER DYNAMIC TABLE contacts REFRESH;

-- expect: SELECT email FROM contacts ORDER BY email;
-- => a@x.io
-- => c@x.io
