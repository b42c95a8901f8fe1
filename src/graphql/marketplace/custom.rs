//! The custom fields of an offering or organization, written once and flattened into
//! both types (their fields keep their place and names in each).

use async_graphql::{Json, Object};

use crate::graphql::custom_fields::{CustomField, info_of};

/// The custom fields of a row, in both shapes the API serves.
pub struct CustomFields<'a>(pub &'a serde_json::Value);

#[Object(name = "MarketplaceCustomFields")]
impl CustomFields<'_> {
    /// Custom fields, a JSON object of name to value.
    async fn custom(&self) -> Json<&serde_json::Value> {
        Json(self.0)
    }

    /// Custom fields as the deprecated `info` list of `{type, value}`.
    async fn info(&self) -> Vec<CustomField> {
        info_of(self.0)
    }
}
