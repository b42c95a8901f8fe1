//! Custom fields in the deprecated `info` list shape of the legacy API.

use async_graphql::SimpleObject;

/// One custom field in the deprecated `info` shape of the legacy API.
#[derive(SimpleObject, Clone)]
pub struct CustomField {
    /// The field's name.
    #[graphql(name = "type")]
    pub name: String,
    /// The field's value.
    pub value: async_graphql::Json<serde_json::Value>,
}

/// The deprecated `info` list of a custom-fields object.
pub fn info_of(custom: &serde_json::Value) -> Vec<CustomField> {
    custom
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| CustomField {
                    name: k.clone(),
                    value: async_graphql::Json(v.clone()),
                })
                .collect()
        })
        .unwrap_or_default()
}
