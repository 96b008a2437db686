-- The source the project reads, as a loader would have made it.
CREATE DATABASE shop;
CREATE SCHEMA shop.raw;
CREATE SCHEMA shop.analytics;
CREATE TABLE shop.raw.orders (order_id STRING, customer_id STRING, status STRING, amount NUMBER(10,2),
                              placed_at TIMESTAMP_NTZ);
INSERT INTO shop.raw.orders VALUES
  ('O1', 'C1', 'PENDING', 120.00, '2026-01-15 09:00:00'),
  ('O2', 'C2', 'SHIPPED', 80.50, '2026-01-15 09:05:00'),
  ('O3', 'C1', 'DELIVERED', 42.25, '2026-01-15 09:10:00'),
  ('O4', 'C3', 'CANCELLED', 10.00, '2026-01-15 09:15:00');
