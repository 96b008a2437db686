-- models: docs.snowflake.com/en/sql-reference/functions/object_insert
-- OBJECT_INSERT adds a key (or, with updateFlag TRUE, replaces its value); a pair whose value is
-- SQL NULL is left out. OBJECT_DELETE removes keys and OBJECT_PICK keeps only
-- the named ones; keys that are not there are ignored by both. New objects are written back
-- through MERGE.
CREATE DATABASE objinsert_demo;
CREATE TABLE devices (dev_id NUMBER, attrs OBJECT, note STRING);
INSERT INTO devices SELECT 1, OBJECT_CONSTRUCT('model', 'M1', 'fw', '1.0'), NULL;
INSERT INTO devices SELECT 2, OBJECT_CONSTRUCT('model', 'M2', 'fw', '2.3', 'site', 'lab'), 'spare';

-- expect: SELECT dev_id, OBJECT_INSERT(attrs, 'owner', 'it') FROM devices ORDER BY dev_id;
-- => 1|{"fw":"1.0","model":"M1","owner":"it"}
-- => 2|{"fw":"2.3","model":"M2","owner":"it","site":"lab"}

-- A SQL NULL value leaves the object unchanged.
-- expect: SELECT dev_id, OBJECT_INSERT(attrs, 'note', note) FROM devices ORDER BY dev_id;
-- => 1|{"fw":"1.0","model":"M1"}
-- => 2|{"fw":"2.3","model":"M2","note":"spare","site":"lab"}

-- updateFlag TRUE replaces an existing value, and adds the key when it is missing.
-- expect: SELECT OBJECT_INSERT(attrs, 'fw', '1.1', TRUE), OBJECT_INSERT(attrs, 'site', 'dc', TRUE) FROM devices WHERE dev_id = 1;
-- => {"fw":"1.1","model":"M1"}|{"fw":"1.0","model":"M1","site":"dc"}

-- expect: SELECT dev_id, OBJECT_DELETE(attrs, 'fw', 'nope'), OBJECT_PICK(attrs, 'model', 'site', 'nope') FROM devices ORDER BY dev_id;
-- => 1|{"model":"M1"}|{"model":"M1"}
-- => 2|{"model":"M2","site":"lab"}|{"model":"M2","site":"lab"}
-- expect: SELECT OBJECT_PICK(attrs, ARRAY_CONSTRUCT('fw', 'site')) FROM devices WHERE dev_id = 2;
-- => {"fw":"2.3","site":"lab"}

-- A firmware upgrade for every device, written back with MERGE.
MERGE INTO devices d
USING (SELECT dev_id, OBJECT_INSERT(attrs, 'fw', '3.0', TRUE) AS new_attrs FROM devices) s
ON d.dev_id = s.dev_id
WHEN MATCHED THEN UPDATE SET attrs = s.new_attrs;

-- expect: SELECT dev_id, attrs:fw::string, attrs FROM devices ORDER BY dev_id;
-- => 1|3.0|{"fw":"3.0","model":"M1"}
-- => 2|3.0|{"fw":"3.0","model":"M2","site":"lab"}
