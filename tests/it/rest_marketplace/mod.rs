//! The REST shim for the marketplace routes (organizations, offerings, investments,
//! bulletins): the seeds' sample bodies and documented keys, the exceptions of these
//! routes, the SDK flow from registration to a withdrawn investment, and that a route
//! answers exactly what its GraphQL document returns.

mod graphql_parity;
mod investments;
mod numbers;
mod offerings;
mod organizations;
mod sdk_flow;
mod shapes;
