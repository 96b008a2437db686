-- models: docs.snowflake.com/en/sql-reference/functions/median (and functions/listagg, mode, array_agg, min_by)
-- Order-statistic and collecting aggregates per group: MEDIAN (its scale is the input's plus 3,
-- and NULLs are ignored), MODE, LISTAGG with DISTINCT and WITHIN GROUP ordering, ARRAY_AGG in a
-- chosen order, MIN_BY / MAX_BY, and population/sample variance and deviation on FLOAT values.
CREATE DATABASE courier_stats;
CREATE TABLE deliveries (id NUMBER, region STRING, courier STRING, minutes NUMBER(10,2), parcels NUMBER);
INSERT INTO deliveries VALUES
  (1, 'north', 'ana', 12.00, 3), (2, 'north', 'ben', 15.00, 1), (3, 'north', 'ana', 15.00, 4),
  (4, 'north', 'ana', 20.00, 2), (5, 'north', 'cid', 31.50, 6),
  (6, 'south', 'fay', 8.00, 2), (7, 'south', 'eva', 10.00, 5), (8, 'south', 'dan', 10.00, 1),
  (9, 'south', 'dan', 14.00, 3), (10, 'south', 'eva', 30.00, 2), (11, 'south', 'dan', 31.00, 7),
  (12, 'west', 'gus', 25.25, 4), (13, 'west', 'gus', NULL, 9);

-- An even count takes the mean of the two middle values; the NULL in west is skipped.
-- expect: SELECT region, MEDIAN(minutes), MEDIAN(parcels), MODE(minutes), MODE(courier)
--   FROM deliveries GROUP BY region ORDER BY region;
-- => north|15.00000|3.000|15.00|ana
-- => south|12.00000|2.500|10.00|dan
-- => west|25.25000|6.500|25.25|gus

-- expect: SELECT MEDIAN(minutes), MODE(region), COUNT(minutes) FROM deliveries;
-- => 15.00000|south|12

-- expect: SELECT region, LISTAGG(DISTINCT courier, ', ') WITHIN GROUP (ORDER BY courier),
--          LISTAGG(courier, '-') WITHIN GROUP (ORDER BY id)
--   FROM deliveries GROUP BY region ORDER BY region;
-- => north|ana, ben, cid|ana-ben-ana-ana-cid
-- => south|dan, eva, fay|fay-eva-dan-dan-eva-dan
-- => west|gus|gus-gus

-- ARRAY_AGG keeps duplicates and follows its WITHIN GROUP order.
-- expect: SELECT region, ARRAY_AGG(parcels) WITHIN GROUP (ORDER BY id DESC),
--          ARRAY_AGG(courier) WITHIN GROUP (ORDER BY minutes, id)
--   FROM deliveries WHERE region <> 'west' GROUP BY region ORDER BY region;
-- => north|[6,2,4,1,3]|["ana","ben","ana","ana","cid"]
-- => south|[7,2,3,1,5,2]|["fay","eva","dan","dan","eva","dan"]

-- MIN_BY / MAX_BY return the first argument from the row holding the smallest / largest second.
-- expect: SELECT region, MIN_BY(courier, minutes), MAX_BY(courier, minutes), MAX_BY(id, parcels)
--   FROM deliveries GROUP BY region ORDER BY region;
-- => north|ana|cid|5
-- => south|fay|dan|11
-- => west|gus|gus|13

-- The aggregates filter groups in HAVING.
-- expect: SELECT region, MEDIAN(minutes) AS med FROM deliveries GROUP BY region
--   HAVING MEDIAN(minutes) > 13 ORDER BY region;
-- => north|15.00000
-- => west|25.25000
-- expect: SELECT region, LISTAGG(DISTINCT courier, ', ') WITHIN GROUP (ORDER BY courier) AS crew
--   FROM deliveries GROUP BY region HAVING COUNT(DISTINCT courier) >= 3 AND MODE(courier) <> 'ana'
--   ORDER BY region;
-- => south|dan, eva, fay

CREATE TABLE weighings (station STRING, grams FLOAT);
INSERT INTO weighings VALUES
  ('a', 2), ('a', 4), ('a', 4), ('a', 4), ('a', 5), ('a', 5), ('a', 7), ('a', 9),
  ('b', 2), ('b', 4), ('b', 6);

-- Station a: mean 5, squared deviations sum to 32 over 8 values.
-- expect: SELECT VAR_POP(grams), STDDEV_POP(grams), MEDIAN(grams) FROM weighings WHERE station = 'a';
-- => 4|2|4.5
-- Station b: mean 4, squared deviations sum to 8 over 3 - 1 values.
-- expect: SELECT VAR_SAMP(grams), VARIANCE(grams), STDDEV(grams), STDDEV_SAMP(grams) FROM weighings WHERE station = 'b';
-- => 4|4|2|2
