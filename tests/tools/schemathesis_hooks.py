"""schemathesis hooks of tests/tools/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

`crowdgraph_no_server_error` is the check of the run: no answer is a server error. Over
HTTP that is any 5xx status; in a GraphQL answer (200 even when a field fails) it is an
error whose `extensions.status` is 5xx or missing. schemathesis's own GraphQL check would
count every error, bad input included, as a server error.
"""

import sys

import graphql
import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

# `JSON` takes any value.
schemathesis.graphql.scalar(
    "JSON",
    st.one_of(
        st.text(max_size=40).map(nodes.String),
        st.integers().map(nodes.Int),
        st.booleans().map(nodes.Boolean),
    ),
)



def known_elsewhere(case):
    """Why a 500 for this input is #12 item 4's, whose fix is on another branch (a NUL
    byte in text; a login email that is empty or over 320 characters); None otherwise.
    Delete this tolerance once item 4 has landed."""
    sent = repr((case.body, case.query, case.path_parameters))
    if "\\x00" in sent or "\\\\u0000" in sent:
        return "a NUL byte in text (#12 item 4)"
    if case.operation.label == "MutationRoot.login" and isinstance(case.body, str):
        email = login_email(case.body)
        if email is not None and (email == "" or len(email) > 320):
            return "a login email that is empty or over 320 characters (#12 item 4)"
    return None


def login_email(query):
    try:
        document = graphql.parse(query)
    except graphql.GraphQLError:
        return None
    for definition in document.definitions:
        for field in getattr(definition.selection_set, "selections", []):
            for argument in getattr(field, "arguments", []):
                if argument.name.value == "email" and hasattr(argument.value, "value"):
                    return argument.value.value
    return None


def server_error(response):
    """What makes this answer a server error, or None."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}: {response.text[:1000]}"
    try:
        body = response.json()
    except ValueError:
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        status = (error.get("extensions") or {}).get("status")
        if not isinstance(status, int) or status >= 500:
            return f"GraphQL error with status {status}: {error}"
    return None


@schemathesis.check
def crowdgraph_no_server_error(ctx, response, case):
    """No 5xx status, and no GraphQL error with a 5xx (or no) status."""
    problem = server_error(response)
    if problem is None:
        return None
    reason = known_elsewhere(case)
    if reason is not None:
        print(f"schemathesis: tolerated, {reason}: {case.operation.label}", file=sys.stderr)
        return None
    raise AssertionError(problem)
