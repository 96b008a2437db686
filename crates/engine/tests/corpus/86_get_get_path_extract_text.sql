-- models: docs.snowflake.com/en/sql-reference/functions/get_path
-- GET takes one step (an object key or an array index), GET_PATH follows a whole path string
-- (the functional form of the colon operator), and JSON_EXTRACT_PATH_TEXT reads a path out of
-- JSON text and returns VARCHAR. Steps that do not exist give NULL.
CREATE DATABASE getpath_demo;
CREATE TABLE configs (svc STRING, cfg VARIANT, raw STRING);
INSERT INTO configs SELECT 'auth', PARSE_JSON('{"port":8443,"hosts":["a1","a2"],"limits":{"rps":50,"burst":[100,200]},"Owner":"sec"}'), '{"port":8443,"limits":{"rps":50},"hosts":["a1","a2"]}';
INSERT INTO configs SELECT 'cache', PARSE_JSON('{"port":6379,"hosts":["c1"],"limits":{"rps":900}}'), '{"port":6379,"limits":{"rps":900},"hosts":["c1"]}';

-- expect: SELECT svc, GET(cfg, 'port'), GET(GET(cfg, 'hosts'), 1), GET(cfg, 'missing') FROM configs ORDER BY svc;
-- => auth|8443|"a2"|NULL
-- => cache|6379|NULL|NULL

-- Keys are case-sensitive for GET as for paths.
-- expect: SELECT svc, GET(cfg, 'Owner')::string, GET(cfg, 'owner') FROM configs ORDER BY svc;
-- => auth|sec|NULL
-- => cache|NULL|NULL

-- expect: SELECT svc, GET_PATH(cfg, 'limits.rps'), GET_PATH(cfg, 'limits.burst[1]'), GET_PATH(cfg, 'hosts[0]')::string
--   FROM configs ORDER BY svc;
-- => auth|50|200|a1
-- => cache|900|NULL|c1

-- GET_PATH and the colon operator return the same values.
-- expect: SELECT COUNT(*) FROM configs WHERE GET_PATH(cfg, 'limits.rps')::number = cfg:limits.rps::number;
-- => 2

-- JSON_EXTRACT_PATH_TEXT works on text and returns text: strings without their quotes,
-- compound values as JSON.
-- expect: SELECT svc, JSON_EXTRACT_PATH_TEXT(raw, 'limits.rps'), JSON_EXTRACT_PATH_TEXT(raw, 'hosts[0]'),
--   JSON_EXTRACT_PATH_TEXT(raw, 'limits'), JSON_EXTRACT_PATH_TEXT(raw, 'nope') FROM configs ORDER BY svc;
-- => auth|50|a1|{"rps":50}|NULL
-- => cache|900|c1|{"rps":900}|NULL

-- expect: SELECT svc FROM configs WHERE JSON_EXTRACT_PATH_TEXT(raw, 'port')::number > 7000;
-- => auth
