#!/usr/bin/env bash
# Runs the client tests against `snowglobe serve` (target/debug/snowglobe unless $SNOWGLOBE_BIN):
# the SQL API conformance (also through `snowglobe proxy`), load and seed-generator tests and the connector's DB-API surface with
# connector 5.x (.venv/connector5), then the DB-API surface with the last 4.x connector and the dbt
# project (.venv/dbt). scripts/setup.sh --test makes both environments.
set -euo pipefail
cd "$(dirname "$0")"
export PYTHONDONTWRITEBYTECODE=1
../../.venv/connector5/bin/python -W ignore -m unittest -v test_sqlapi test_proxy test_driver_protocol test_connector test_seed_generator test_load
../../.venv/dbt/bin/python -W ignore -m unittest -v test_connector test_dbt
