# The two commands of the README, plus helpers.
.PHONY: run test schema db-schema

## run: bring up PostgreSQL if needed, migrate, seed the demo network, serve on :8080
run:
	bash scripts/run.sh

## test: fmt, clippy, SDL and schema.rs checks, all tests against a real PostgreSQL
test:
	bash scripts/test.sh

## schema: rewrite schema.graphql from the code
schema:
	cargo run --quiet -- print-schema > schema.graphql

## db-schema: rewrite src/db/schema.rs from the migrations (needs the diesel CLI)
db-schema:
	bash -c '. scripts/pg-env.sh && bash scripts/ensure-diesel.sh && \
	  psql "$${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS crowdgraph_schema_gen" -c "CREATE DATABASE crowdgraph_schema_gen" && \
	  diesel migration run --database-url "$${DATABASE_URL%/*}/crowdgraph_schema_gen" && \
	  psql "$${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE crowdgraph_schema_gen"'
