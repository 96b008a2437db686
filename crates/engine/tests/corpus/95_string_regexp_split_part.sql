-- models: docs.snowflake.com/en/sql-reference/functions/regexp_replace (and regexp_substr, regexp_like,
-- regexp_count, split_part, contains, translate, charindex)
-- Cleaning contact records with string functions: SPLIT_PART (negative parts count from the end,
-- a part out of range is ''), REGEXP_SUBSTR by occurrence and by capture group, REGEXP_REPLACE
-- with back-references and an occurrence, REGEXP_LIKE (which must match the whole string),
-- REGEXP_COUNT, CONTAINS / STARTSWITH / ENDSWITH, TRANSLATE and CHARINDEX.
CREATE DATABASE contact_cleanup;
CREATE TABLE contacts (id NUMBER, org_path STRING, phone STRING, email STRING, full_name STRING);
INSERT INTO contacts VALUES
  (1, 'sales/emea/nordics/oslo', '+47 (22) 555-0101', 'Kari.Nord@Example.com', 'Kari Nord'),
  (2, 'sales/amer', '(212) 555-0199', 'joe@shop.io', 'Joe Banks'),
  (3, 'support', '555 0100', 'ops-team@Example.com', 'Ops Team');

-- Part 0 is taken as part 1.
-- expect: SELECT id, SPLIT_PART(org_path, '/', 1), SPLIT_PART(org_path, '/', -1), SPLIT_PART(org_path, '/', 3),
--          SPLIT_PART(org_path, '/', -2), SPLIT_PART(org_path, '/', 0)
--   FROM contacts ORDER BY id;
-- => 1|sales|oslo|nordics|nordics|sales
-- => 2|sales|amer||sales|sales
-- => 3|support|support|||support

-- An occurrence past the last match gives NULL.
-- expect: SELECT id, REGEXP_SUBSTR(phone, '[0-9]+'), REGEXP_SUBSTR(phone, '[0-9]+', 1, 2),
--          REGEXP_SUBSTR(phone, '[0-9]+', 1, 4), REGEXP_COUNT(phone, '[0-9]+')
--   FROM contacts ORDER BY id;
-- => 1|47|22|0101|4
-- => 2|212|555|NULL|3
-- => 3|555|0100|NULL|2

-- The 'e' parameter returns a capture group (the first one unless a group number is given).
-- expect: SELECT id, REGEXP_SUBSTR(email, '@(.*)$', 1, 1, 'e'), REGEXP_SUBSTR(email, '^([^@]+)@(.+)$', 1, 1, 'e', 1)
--   FROM contacts ORDER BY id;
-- => 1|Example.com|Kari.Nord
-- => 2|shop.io|joe
-- => 3|Example.com|ops-team

-- Every match is replaced by default; \\1 and \\2 refer back to the capture groups.
-- expect: SELECT id, REGEXP_REPLACE(phone, '[^0-9]', ''), REGEXP_REPLACE(full_name, '([A-Za-z]+) ([A-Za-z]+)', '\\2, \\1')
--   FROM contacts ORDER BY id;
-- => 1|47225550101|Nord, Kari
-- => 2|2125550199|Banks, Joe
-- => 3|5550100|Team, Ops
-- expect: SELECT id, REGEXP_REPLACE(org_path, '/', '.'), REGEXP_REPLACE(org_path, '/', '.', 1, 2)
--   FROM contacts ORDER BY id;
-- => 1|sales.emea.nordics.oslo|sales/emea.nordics/oslo
-- => 2|sales.amer|sales/amer
-- => 3|support|support

-- REGEXP_LIKE is anchored at both ends; 'i' makes it case-insensitive. REGEXP_COUNT takes the
-- parameters after a start position.
-- expect: SELECT id, REGEXP_LIKE(email, '.*@example\\.com'), REGEXP_LIKE(email, '.*@example\\.com', 'i'),
--          REGEXP_LIKE(phone, '[0-9]+'), REGEXP_COUNT(email, '[aeiou]', 1, 'i')
--   FROM contacts ORDER BY id;
-- => 1|FALSE|TRUE|FALSE|7
-- => 2|FALSE|FALSE|FALSE|5
-- => 3|FALSE|TRUE|FALSE|7
-- expect: SELECT REGEXP_LIKE('5550100', '[0-9]+'), REGEXP_LIKE('555 0100', '[0-9 ]+');
-- => TRUE|TRUE
-- expect: SELECT id FROM contacts WHERE REGEXP_LIKE(full_name, '[a-z]+ [a-z]+', 'i') AND REGEXP_LIKE(org_path, 'sales.*') ORDER BY id;
-- => 1
-- => 2

-- expect: SELECT id, CONTAINS(email, 'Example'), STARTSWITH(org_path, 'sales'), ENDSWITH(email, '.com')
--   FROM contacts ORDER BY id;
-- => 1|TRUE|TRUE|TRUE
-- => 2|FALSE|TRUE|FALSE
-- => 3|TRUE|FALSE|TRUE

-- TRANSLATE maps characters one for one and drops those with no counterpart; CHARINDEX is
-- 1-based, 0 when absent, and may start searching later in the string.
-- expect: SELECT id, TRANSLATE(phone, '()-', ''), TRANSLATE(org_path, '/', '>'), CHARINDEX('/', org_path),
--          CHARINDEX('/', org_path, 7)
--   FROM contacts ORDER BY id;
-- => 1|+47 22 5550101|sales>emea>nordics>oslo|6|11
-- => 2|212 5550199|sales>amer|6|0
-- => 3|555 0100|support|0|0
