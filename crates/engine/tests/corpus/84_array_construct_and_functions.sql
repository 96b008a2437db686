-- models: docs.snowflake.com/en/sql-reference/functions/array_construct
-- ARRAY_CONSTRUCT builds arrays of mixed element types (ARRAY_CONSTRUCT_COMPACT leaves out
-- NULLs); the array functions size, search, join to text, extend, concatenate and de-duplicate.
CREATE DATABASE arrcons;
CREATE TABLE tickets (tk_id NUMBER, label_a STRING, label_b STRING, label_c STRING);
INSERT INTO tickets VALUES
  (1, 'bug', 'ui', 'bug'),
  (2, 'feature', NULL, 'api'),
  (3, NULL, NULL, NULL);

-- expect: SELECT ARRAY_CONSTRUCT(1, 'two', 3.5, TRUE), ARRAY_CONSTRUCT(), ARRAY_SIZE(ARRAY_CONSTRUCT());
-- => [1,"two",3.5,true]|[]|0

-- expect: SELECT tk_id, ARRAY_CONSTRUCT_COMPACT(label_a, label_b, label_c) FROM tickets ORDER BY tk_id;
-- => 1|["bug","ui","bug"]
-- => 2|["feature","api"]
-- => 3|[]

CREATE TABLE ticket_labels (tk_id NUMBER, labels ARRAY);
INSERT INTO ticket_labels SELECT tk_id, ARRAY_CONSTRUCT_COMPACT(label_a, label_b, label_c) FROM tickets;

-- expect: SELECT tk_id, ARRAY_SIZE(labels), labels[0]::string, labels[5] FROM ticket_labels ORDER BY tk_id;
-- => 1|3|bug|NULL
-- => 2|2|feature|NULL
-- => 3|0|NULL|NULL

-- expect: SELECT tk_id FROM ticket_labels WHERE ARRAY_CONTAINS('api'::variant, labels) ORDER BY tk_id;
-- => 2
-- expect: SELECT tk_id, ARRAY_CONTAINS('bug'::variant, labels) FROM ticket_labels ORDER BY tk_id;
-- => 1|TRUE
-- => 2|FALSE
-- => 3|FALSE

-- ARRAY_TO_STRING casts each element to text and puts the separator between them.
-- expect: SELECT tk_id, ARRAY_TO_STRING(labels, ', ') FROM ticket_labels ORDER BY tk_id;
-- => 1|bug, ui, bug
-- => 2|feature, api
-- => 3|
-- expect: SELECT ARRAY_TO_STRING(ARRAY_CONSTRUCT('a', 1, TRUE), '-');
-- => a-1-true

-- expect: SELECT ARRAY_DISTINCT(labels) FROM ticket_labels WHERE tk_id = 1;
-- => ["bug","ui"]
-- expect: SELECT ARRAY_APPEND(labels, 'triaged'), ARRAY_PREPEND(labels, 0) FROM ticket_labels WHERE tk_id = 2;
-- => ["feature","api","triaged"]|[0,"feature","api"]
-- expect: SELECT ARRAY_CAT(ARRAY_CONSTRUCT(1, 2), ARRAY_CONSTRUCT(2, ARRAY_CONSTRUCT(3)));
-- => [1,2,2,[3]]

-- Arrays can be grouped on by size and filtered by content.
-- expect: SELECT ARRAY_SIZE(labels) AS n, COUNT(*) FROM ticket_labels GROUP BY ARRAY_SIZE(labels) ORDER BY n;
-- => 0|1
-- => 2|1
-- => 3|1
