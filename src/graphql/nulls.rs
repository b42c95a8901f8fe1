//! Null propagation as the GraphQL spec requires ("Handling Field Errors"): a field that
//! failed is `null`, and when its type is non-null the `null` moves up to the nearest
//! nullable position, `data` itself when there is none.
//!
//! async-graphql instead leaves a failed field out of its object. This pass puts the
//! answer right from the schema's types, per error, only when a response has errors: the
//! path of each error is followed through the document (aliases, fragments) to the types
//! of the fields along it.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
    TypeKind, TypeSystemDefinition,
};
use async_graphql::parser::{parse_query, parse_schema};
use async_graphql::{PathSegment, Response, Value};

use crate::graphql::CrowdSchema;

/// A field's type as far as nulls go: its named type and, outermost first, whether each
/// level (the field, then the items of each list around it) is non-null.
#[derive(Debug, Clone)]
struct FieldType {
    named: String,
    non_null: Vec<bool>,
}

/// The field types of every object and interface of the schema.
pub struct NonNullFields {
    types: HashMap<String, HashMap<String, FieldType>>,
    query: String,
    mutation: String,
}

impl NonNullFields {
    /// The field types of `schema`, read from its SDL.
    pub fn of(schema: &CrowdSchema) -> Self {
        Self::from_sdl(&schema.sdl())
    }

    fn from_sdl(sdl: &str) -> Self {
        let mut fields = Self {
            types: HashMap::new(),
            query: "QueryRoot".to_owned(),
            mutation: "MutationRoot".to_owned(),
        };
        let Ok(document) = parse_schema(sdl) else {
            return fields;
        };
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Type(ty) => {
                    let defs = match ty.node.kind {
                        TypeKind::Object(o) => o.fields,
                        TypeKind::Interface(i) => i.fields,
                        _ => continue,
                    };
                    let by_name = defs
                        .into_iter()
                        .map(|f| (f.node.name.node.to_string(), field_type(&f.node.ty.node)))
                        .collect();
                    fields.types.insert(ty.node.name.node.to_string(), by_name);
                }
                TypeSystemDefinition::Schema(schema) => {
                    if let Some(q) = schema.node.query {
                        fields.query = q.node.to_string();
                    }
                    if let Some(m) = schema.node.mutation {
                        fields.mutation = m.node.to_string();
                    }
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        fields
    }

    /// Puts the nulls of the failed fields of `response` where the spec wants them;
    /// `source` is the executed document and `operation` the name asked for.
    pub fn propagate(&self, response: &mut Response, source: &str, operation: Option<&str>) {
        let Ok(document) = parse_query(source) else {
            return;
        };
        let Some((root, set)) = self.operation(&document, operation) else {
            return;
        };
        for error in &response.errors {
            if error.path.is_empty() || response.data == Value::Null {
                continue;
            }
            let mut levels = self.levels(&document, root, set, &error.path);
            levels.resize(error.path.len(), false);
            // The failed position, moved up past every non-null one.
            let nullable = levels.iter().rposition(|non_null| !non_null);
            match nullable {
                Some(at) => set_null(&mut response.data, &error.path[..=at]),
                None => response.data = Value::Null,
            }
        }
    }

    fn operation<'d>(
        &'d self,
        document: &'d ExecutableDocument,
        name: Option<&str>,
    ) -> Option<(&'d str, &'d SelectionSet)> {
        let op = match (&document.operations, name) {
            (DocumentOperations::Single(op), _) => op,
            (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
            (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
            _ => return None,
        };
        let root = match op.node.ty {
            OperationType::Query => self.query.as_str(),
            OperationType::Mutation => self.mutation.as_str(),
            OperationType::Subscription => return None,
        };
        Some((root, &op.node.selection_set.node))
    }

    // Whether each position of `path` is non-null; unknown positions count as nullable,
    // and the levels stop where the path can no longer be followed.
    fn levels(
        &self,
        document: &ExecutableDocument,
        root: &str,
        set: &SelectionSet,
        path: &[PathSegment],
    ) -> Vec<bool> {
        let mut levels = Vec::with_capacity(path.len());
        let mut sets = vec![set];
        let mut current: Option<(FieldType, usize)> = None;
        let mut type_name = root.to_owned();
        for segment in path {
            match segment {
                PathSegment::Field(key) => {
                    let found = fields_with_key(document, &sets, key);
                    let Some(first) = found.first() else {
                        break;
                    };
                    let name = first.name.node.as_str();
                    let ty = self
                        .types
                        .get(&type_name)
                        .and_then(|t| t.get(name))
                        .cloned();
                    let Some(ty) = ty else {
                        levels.push(false);
                        break;
                    };
                    levels.push(ty.non_null[0]);
                    type_name.clone_from(&ty.named);
                    sets = found.iter().map(|f| &f.selection_set.node).collect();
                    current = Some((ty, 1));
                }
                PathSegment::Index(_) => {
                    let Some((ty, level)) = current.as_mut() else {
                        break;
                    };
                    levels.push(ty.non_null.get(*level).copied().unwrap_or(false));
                    *level += 1;
                }
            }
        }
        levels
    }
}

fn field_type(ty: &async_graphql::parser::types::Type) -> FieldType {
    let mut non_null = vec![!ty.nullable];
    let mut base = &ty.base;
    loop {
        match base {
            BaseType::Named(name) => {
                return FieldType {
                    named: name.to_string(),
                    non_null,
                };
            }
            BaseType::List(inner) => {
                non_null.push(!inner.nullable);
                base = &inner.base;
            }
        }
    }
}

// The fields of `sets` answered under `key`, through inline fragments and spreads.
fn fields_with_key<'d>(
    document: &'d ExecutableDocument,
    sets: &[&'d SelectionSet],
    key: &str,
) -> Vec<&'d async_graphql::parser::types::Field> {
    let mut found = Vec::new();
    let mut pending: Vec<&SelectionSet> = sets.to_vec();
    // Executed documents have no fragment cycles; the bound only guards against a
    // document this pass did not see validated.
    let mut budget = 10_000usize;
    while let Some(set) = pending.pop() {
        for item in &set.items {
            budget = budget.saturating_sub(1);
            match &item.node {
                Selection::Field(f) if f.node.response_key().node == key => found.push(&f.node),
                Selection::Field(_) => {}
                Selection::InlineFragment(i) => pending.push(&i.node.selection_set.node),
                Selection::FragmentSpread(s) => {
                    if let Some(fragment) = document.fragments.get(&s.node.fragment_name.node) {
                        pending.push(&fragment.node.selection_set.node);
                    }
                }
            }
        }
        if budget == 0 {
            break;
        }
    }
    found
}

// Sets the position `path` of `data` to null, if its parent is still there.
fn set_null(data: &mut Value, path: &[PathSegment]) {
    let Some((last, parents)) = path.split_last() else {
        *data = Value::Null;
        return;
    };
    let mut node = data;
    for segment in parents {
        let next = match (segment, node) {
            (PathSegment::Field(key), Value::Object(map)) => map.get_mut(key.as_str()),
            (PathSegment::Index(i), Value::List(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return,
        }
    }
    match (last, node) {
        (PathSegment::Field(key), Value::Object(map)) => {
            map.insert(async_graphql::Name::new(key), Value::Null);
        }
        (PathSegment::Index(i), Value::List(items)) => {
            if let Some(item) = items.get_mut(*i) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::NonNullFields;
    use async_graphql::{PathSegment, Response, ServerError, Value};
    use serde_json::json;

    const SDL: &str = "
        type Query { a: A!  maybe: A  list: [A!]!  loose: [A] }
        type A { name: String!  nick: String  b: B!  bs: [B!] }
        type B { x: Int!  y: Int }
        schema { query: Query }
    ";

    fn propagated(
        doc: &str,
        data: serde_json::Value,
        path: serde_json::Value,
    ) -> serde_json::Value {
        let fields = NonNullFields::from_sdl(SDL);
        let mut error = ServerError::new("failed", None);
        error.path = serde_json::from_value::<Vec<PathSegment>>(path).unwrap();
        let mut response = Response::new(Value::from_json(data).unwrap());
        response.errors.push(error);
        fields.propagate(&mut response, doc, None);
        response.data.into_json().unwrap()
    }

    #[test]
    fn a_failed_non_null_root_field_nulls_data() {
        let got = propagated(
            "{ maybe { nick } a { name } }",
            json!({ "maybe": null }),
            json!(["a"]),
        );
        assert_eq!(got, json!(null));
    }

    #[test]
    fn a_failed_nullable_field_is_null_and_stays_in_its_object() {
        let got = propagated(
            "{ maybe { nick } }",
            json!({ "maybe": {} }),
            json!(["maybe", "nick"]),
        );
        assert_eq!(got, json!({ "maybe": { "nick": null } }));
    }

    #[test]
    fn nulls_move_up_to_the_nearest_nullable_position() {
        // x! fails: b! is null, so A is null, so `maybe` (nullable) is null.
        let got = propagated(
            "{ maybe { nick b { x } } }",
            json!({ "maybe": { "nick": "n", "b": {} } }),
            json!(["maybe", "b", "x"]),
        );
        assert_eq!(got, json!({ "maybe": null }));
        // Through aliases and fragments, into a list of nullable items.
        let got = propagated(
            "{ l: loose { ...F } } fragment F on A { name }",
            json!({ "l": [{ "name": "ok" }, {}] }),
            json!(["l", 1, "name"]),
        );
        assert_eq!(got, json!({ "l": [{ "name": "ok" }, null] }));
        // Non-null items of a non-null list at the root: data is null.
        let got = propagated(
            "{ list { name } }",
            json!({ "list": [{}] }),
            json!(["list", 0, "name"]),
        );
        assert_eq!(got, json!(null));
        // A nullable list of non-null items inside a nullable field.
        let got = propagated(
            "{ maybe { bs { x } } }",
            json!({ "maybe": { "bs": [{}] } }),
            json!(["maybe", "bs", 0, "x"]),
        );
        assert_eq!(got, json!({ "maybe": { "bs": null } }));
    }
}
