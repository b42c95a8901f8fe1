//! The `network` query: the tenant the request is addressed to.

use async_graphql::{Context, Object};

use super::context::ContextExt;
use crate::error::ApiResult;
use crate::models::network::Network as NetworkRow;

/// A network: one marketplace (tenant) of the service.
pub struct Network(pub NetworkRow);

#[Object]
impl Network {
    /// The network's name: the `{network}` segment of REST paths and the value of the
    /// `network` header.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The admin-set key/value pairs of the network (public).
    async fn globals(&self) -> &serde_json::Value {
        &self.0.globals
    }
}

/// Root fields about the network.
#[derive(Default)]
pub struct NetworkQuery;

#[Object]
impl NetworkQuery {
    /// The network this request is addressed to (named by the `network` header or by the
    /// credentials it carries).
    async fn network(&self, ctx: &Context<'_>) -> ApiResult<Network> {
        Ok(Network(ctx.request().network()?.clone()))
    }
}
