-- models: docs.snowflake.com/en/user-guide/querying-semistructured
-- Traversing VARIANT values: colon and dot paths, bracket notation, double-quoted keys with a
-- space, array subscripts, keys that are case-sensitive, missing elements that come back as NULL,
-- and casts of the extracted values (a VARIANT string keeps its quotes until cast).
CREATE DATABASE semi_paths;
CREATE TABLE shipments (ship_id NUMBER, doc VARIANT);
INSERT INTO shipments SELECT 1, PARSE_JSON('{"carrier":"Nordfrakt","weight_kg":12.50,"dest":{"city":"Bergen","zip":"5003"},"parcels":[{"code":"P-1","items":3},{"code":"P-2","items":1}],"Ship Date":"2024-02-11","Priority":true}');
INSERT INTO shipments SELECT 2, PARSE_JSON('{"carrier":"Kustpost","weight_kg":4,"dest":{"city":"Malmo","zip":"21120"},"parcels":[{"code":"K-7","items":2}],"Ship Date":"2024-02-13","Priority":false}');
INSERT INTO shipments SELECT 3, PARSE_JSON('{"carrier":"Nordfrakt","weight_kg":0.75,"dest":{"city":"Tromso"},"parcels":[],"Ship Date":"2024-02-14"}');

-- expect: SELECT ship_id, doc:carrier, doc:carrier::string FROM shipments ORDER BY ship_id;
-- => 1|"Nordfrakt"|Nordfrakt
-- => 2|"Kustpost"|Kustpost
-- => 3|"Nordfrakt"|Nordfrakt

-- Dot notation and bracket notation reach the same nested element; a missing key is NULL.
-- expect: SELECT ship_id, doc:dest.city::string, doc['dest']['zip']::string, doc:dest FROM shipments ORDER BY ship_id;
-- => 1|Bergen|5003|{"city":"Bergen","zip":"5003"}
-- => 2|Malmo|21120|{"city":"Malmo","zip":"21120"}
-- => 3|Tromso|NULL|{"city":"Tromso"}

-- Array subscripts are zero-based; past the end of the array gives NULL.
-- expect: SELECT ship_id, doc:parcels[0].code::string, doc:parcels[1].items, doc:parcels[0] FROM shipments ORDER BY ship_id;
-- => 1|P-1|1|{"code":"P-1","items":3}
-- => 2|K-7|NULL|{"code":"K-7","items":2}
-- => 3|NULL|NULL|NULL

-- A key with a space must be double-quoted in a path, or given in brackets.
-- expect: SELECT ship_id, doc:"Ship Date"::date, doc['Ship Date']::string FROM shipments ORDER BY ship_id;
-- => 1|2024-02-11|2024-02-11
-- => 2|2024-02-13|2024-02-13
-- => 3|2024-02-14|2024-02-14

-- Element names are case-sensitive, while the column name is not.
-- expect: SELECT ship_id, DOC:Priority, Doc:priority, doc:Priority::boolean FROM shipments ORDER BY ship_id;
-- => 1|true|NULL|TRUE
-- => 2|false|NULL|FALSE
-- => 3|NULL|NULL|NULL

-- Numbers keep their value inside the VARIANT; a cast gives them a scale.
-- expect: SELECT ship_id, doc:weight_kg, doc:weight_kg::number(10,2), doc:weight_kg::int FROM shipments ORDER BY ship_id;
-- => 1|12.5|12.50|13
-- => 2|4|4.00|4
-- => 3|0.75|0.75|1

-- expect: SELECT ship_id FROM shipments
--   WHERE doc:carrier::string = 'Nordfrakt' AND doc:weight_kg::number(10,2) > 1 ORDER BY ship_id;
-- => 1

-- expect: SELECT doc:dest.city::string AS city FROM shipments WHERE doc:dest.zip IS NULL;
-- => Tromso
