-- models: docs.snowflake.com/en/user-guide/json-basics-tutorial
-- The JSON basics tutorial flow on made-up device data: land raw JSON in a VARIANT column, read
-- top-level fields, flatten the events array with LATERAL FLATTEN, flatten again over each
-- event's VALUE, persist the flattened rows with CREATE TABLE AS, then add only new events.
CREATE DATABASE json_basics;
CREATE TABLE raw_source (src VARIANT);
INSERT INTO raw_source SELECT PARSE_JSON('{"device_type":"sensor","version":"1.4","events":[{"t":1001,"v":{"temp":21,"hum":40},"flags":["ok"]},{"t":1002,"v":{"temp":23,"hum":38},"flags":["ok","warm"]}]}');
INSERT INTO raw_source SELECT PARSE_JSON('{"device_type":"gateway","version":"2.0","events":[{"t":2001,"v":{"temp":30,"hum":20},"flags":[]}]}');

-- expect: SELECT src:device_type::string AS device_type, src:version::string AS version
--   FROM raw_source ORDER BY device_type;
-- => gateway|2.0
-- => sensor|1.4

-- expect: SELECT src:device_type::string, f.value:t::number, f.value:v.temp::number
--   FROM raw_source, LATERAL FLATTEN(input => src:events) f ORDER BY 2;
-- => sensor|1001|21
-- => sensor|1002|23
-- => gateway|2001|30

-- A second FLATTEN over the first one's VALUE reaches the flags of every event.
-- expect: SELECT e.value:t::number AS t, fl.value::string AS flag
--   FROM raw_source r, LATERAL FLATTEN(input => r.src:events) e, LATERAL FLATTEN(input => e.value:flags) fl
--   ORDER BY t, flag;
-- => 1001|ok
-- => 1002|ok
-- => 1002|warm

-- Keys of the nested reading object, one row each.
-- expect: SELECT e.value:t::number AS t, rd.key, rd.value::number
--   FROM raw_source r, LATERAL FLATTEN(input => r.src:events) e, LATERAL FLATTEN(input => e.value:v) rd
--   WHERE r.src:device_type::string = 'sensor' ORDER BY t, rd.key;
-- => 1001|hum|40
-- => 1001|temp|21
-- => 1002|hum|38
-- => 1002|temp|23

CREATE TABLE events AS
SELECT src:device_type::string AS device_type,
       src:version::string AS version,
       value:t::number AS t,
       value:v.temp::number AS temp,
       value:v.hum::number AS hum,
       value:flags AS flags
FROM raw_source, LATERAL FLATTEN(input => src:events);

-- expect: SELECT device_type, t, temp, hum, flags FROM events ORDER BY t;
-- => sensor|1001|21|40|["ok"]
-- => sensor|1002|23|38|["ok","warm"]
-- => gateway|2001|30|20|[]

-- A new raw record repeats event 1002 and adds event 1003; only the new one is inserted.
INSERT INTO raw_source SELECT PARSE_JSON('{"device_type":"sensor","version":"1.4","events":[{"t":1002,"v":{"temp":23,"hum":38},"flags":["ok","warm"]},{"t":1003,"v":{"temp":25,"hum":35},"flags":["warm"]}]}');
INSERT INTO events
SELECT src:device_type::string, src:version::string, value:t::number, value:v.temp::number,
       value:v.hum::number, value:flags
FROM raw_source, LATERAL FLATTEN(input => src:events)
WHERE value:t::number NOT IN (SELECT t FROM events);

-- expect: SELECT t, temp, ARRAY_SIZE(flags) FROM events ORDER BY t;
-- => 1001|21|1
-- => 1002|23|2
-- => 1003|25|1
-- => 2001|30|0

-- expect: SELECT device_type, COUNT(*), MAX(temp) FROM events GROUP BY device_type ORDER BY device_type;
-- => gateway|1|30
-- => sensor|3|25
