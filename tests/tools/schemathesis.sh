#!/usr/bin/env bash
# A bounded schemathesis run against a running server: the REST shim from its OpenAPI
# document, then GraphQL from the committed SDL (schema.graphql, which a cargo test keeps
# equal to the server's) sent to /graphql. The only check is that no answer is a 5xx.
# Requests carry a demo admin's session token, so they pass authentication.
# Usage: schemathesis.sh VENV_BIN BASE_URL OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$1" base="$2" out="$3"
token="$("$bin/python" tests/tools/demo_token.py "$base" admin@example.com demo-admin-pass)"
common=(
  --checks crowdgraph_no_server_error
  --max-examples "${SCHEMATHESIS_EXAMPLES:-30}"
  --max-time "${SCHEMATHESIS_SECONDS:-45}"
  --seed "${SCHEMATHESIS_SEED:-20261}"
  --workers 2
  --request-timeout 20
  --suppress-health-check all
  --generation-database none
  --no-color
  -H "cv-auth: $token"
  -H "network: demo"
)
# The session's own account must stay usable: these calls block it or replace its
# token (cargo tests cover them). The social logins and the payment integrations (Stripe,
# Mangopay, GCEN) answer 501 by design (11012: not enabled on this platform,
# docs/cv-auth.md, docs/rest.md).
rest_excluded=(
  --exclude-name "DELETE /v1/{network}/self"
  --exclude-name "POST /v1/{network}/self/blockUser"
  --exclude-name "POST /v1/{network}/self/changeEmail"
  --exclude-name "POST /v1/{network}/self/changePassword"
  --exclude-path-regex "/(social|stripe|mangopay|gcen)(/|$)"
)
graphql_excluded=(
  --exclude-name "MutationRoot.logout"
  --exclude-name "MutationRoot.changePassword"
  --exclude-name "MutationRoot.changeEmail"
  --exclude-name "MutationRoot.blockMe"
  --exclude-name "MutationRoot.deleteMe"
)
st() { SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH=tests/tools "$bin/schemathesis" --config-file tests/tools/schemathesis.toml run "$@"; }
status=0
echo "schemathesis: REST ($base/v1/openapi.json)"
st "$base/v1/openapi.json" "${common[@]}" "${rest_excluded[@]}" \
  --report junit --report-junit-path "$out/schemathesis-rest.xml" || status=1
echo "schemathesis: GraphQL ($base/graphql)"
st schema.graphql --url "$base/graphql" "${common[@]}" "${graphql_excluded[@]}" \
  --report junit --report-junit-path "$out/schemathesis-graphql.xml" || status=1
exit "$status"
