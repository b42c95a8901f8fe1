"""schemathesis hooks of tests/tools/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

`crowdgraph_no_server_error` is the check of the run: no answer is a server error. Over
HTTP that is any 5xx status; in a GraphQL answer (200 even when a field fails) it is an
error whose `extensions.status` is 5xx or missing. schemathesis's own GraphQL check would
count every error, bad input included, as a server error.
"""


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

# `Money` is a decimal string such as "1250.50"; some values break its rules on purpose
# (too many places, not a number), which must be a 400, never a 500.
schemathesis.graphql.scalar(
    "Money",
    st.one_of(
        st.decimals(
            min_value=-(10**6),
            max_value=10**6,
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ).map(lambda d: nodes.String(str(d))),
        st.text(max_size=12).map(nodes.String),
    ),
)


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
    raise AssertionError(problem)
