//! An OpenAPI 3 document generated from the route table, served at `/v1/openapi.json`.

use std::collections::BTreeMap;

use axum::Json;
use serde_json::{Map, Value, json};

use super::table::ROUTES;

/// `GET /v1/openapi.json`.
pub async fn get_openapi() -> Json<Value> {
    Json(document())
}

/// The OpenAPI document of every route in the table.
pub fn document() -> Value {
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for route in ROUTES {
        let path = format!("/v1/{{network}}{}", route.path);
        let mut parameters = vec![json!({
            "name": "network", "in": "path", "required": true, "schema": { "type": "string" },
            "description": "The network's name",
        })];
        for segment in route.path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                parameters.push(json!({
                    "name": name, "in": "path", "required": true, "schema": { "type": "string" },
                }));
            }
        }
        if route.method != axum::http::Method::GET {
            parameters.push(json!({
                "name": "Idempotency-Key", "in": "header", "required": false,
                "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" },
                "description": "Runs the request at most once: a repeat with the same key gets the first answer again, with the header Idempotent-Replayed: true",
            }));
        }
        let mut operation = json!({
            "summary": route.summary,
            "parameters": parameters,
            "responses": {
                "200": { "description": "Success", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Success" } } } },
                "default": { "description": "Failure", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Failure" } } } },
            },
        });
        if route.document.is_none() {
            // The route's only answer is the 501 failure, so that is the one declared.
            operation["description"] = json!("Not enabled on this platform: answers 501 (11012).");
            operation["responses"] = json!({
                "501": { "description": "Not enabled on this platform", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Failure" } } } },
                "default": { "description": "Failure", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Failure" } } } },
            });
        }
        if !matches!(
            route.method,
            axum::http::Method::GET | axum::http::Method::DELETE
        ) {
            operation["requestBody"] = json!({
                "required": false,
                "content": { "application/json": { "schema": { "type": "object" } } },
            });
        }
        paths
            .entry(path)
            .or_default()
            .insert(route.method.as_str().to_ascii_lowercase(), operation);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "crowdgraph /v1 REST compatibility API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Each route runs a GraphQL operation of /graphql in-process. Authenticate with the cv-auth header (see docs/cv-auth.md) or a token from GET /authenticate.",
        },
        "components": {
            "securitySchemes": {
                "cvAuth": { "type": "apiKey", "in": "header", "name": "cv-auth" },
            },
            "schemas": {
                "Success": {
                    "type": "object",
                    "properties": {
                        "outcome": { "type": "string", "enum": ["success"] },
                        "status": { "type": "integer" },
                        "data": {},
                    },
                },
                "Failure": {
                    "type": "object",
                    "properties": {
                        "outcome": { "type": "string", "enum": ["failure"] },
                        "status": { "type": "integer" },
                        "data": {
                            "type": "object",
                            "properties": {
                                "code": { "type": "integer" },
                                "user_message": { "type": "string" },
                                "developer_message": { "type": "string" },
                            },
                        },
                    },
                },
            },
        },
        "security": [{ "cvAuth": [] }],
        "paths": paths,
    })
}
