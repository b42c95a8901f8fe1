//! Measures of a parsed document that bound the work of validating and running it,
//! taken in time linear in the document's size whatever its fragments do.
//!
//! Validation visits every fragment spread inline, so a document whose fragments each
//! spread the previous one twice costs twice as much per fragment. Here each fragment's
//! expanded size is computed once (memoized), so the size of the expansion is known
//! before anything expands it. A fragment that spreads itself, directly or not, counts
//! nothing more at the repeated spread: validation reports the cycle.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{Directive, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Pos, Positioned};

/// Directives a client may put on a field (the executable directives of the schema).
pub const FIELD_DIRECTIVES: &[&str] = &["include", "skip"];

/// The measures of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measures {
    /// Aliased fields written in the document (operations and fragments, not expanded).
    pub aliases: usize,
    /// Directives written in the document.
    pub directives: usize,
    /// Fields of every operation with fragment spreads expanded.
    pub selections: usize,
    /// Deepest field nesting of any operation with fragments expanded; `__typename`
    /// and the `ofType` fields of introspection add no depth.
    pub depth: usize,
    /// Whether `__schema` or `__type` is selected anywhere.
    pub introspection: bool,
    /// Most introspection lists (`types`, `fields`, `args`, …) nested in one another on
    /// one path under `__schema` or `__type`: each level multiplies the answer by the
    /// size of the schema, so it is bounded apart from depth.
    pub introspection_lists: usize,
    /// What is wrong with the first bad directive on a `__typename` (unknown, repeated,
    /// or without its one `if` argument), and where it is: validation skips
    /// `__typename`, so nobody else reports it.
    pub typename_directive: Option<(String, Pos)>,
}

/// Takes the [`Measures`] of `document`.
pub fn measure(document: &ExecutableDocument) -> Measures {
    let mut measures = Measures::default();
    let mut expander = Expander {
        document,
        memo: HashMap::new(),
        visiting: HashSet::new(),
        introspection_lists: 0,
    };
    for (_, operation) in document.operations.iter() {
        let op = &operation.node;
        measures.directives += op.directives.len()
            + op.variable_definitions
                .iter()
                .map(|v| v.node.directives.len())
                .sum::<usize>();
        written(&op.selection_set.node, &mut measures);
        let shape = expander.set(&op.selection_set.node);
        measures.selections = measures.selections.saturating_add(shape.size);
        measures.depth = measures.depth.max(shape.depth);
    }
    measures.introspection_lists = expander.introspection_lists;
    for fragment in document.fragments.values() {
        measures.directives += fragment.node.directives.len();
        written(&fragment.node.selection_set.node, &mut measures);
    }
    measures
}

// What is written in `set` as it stands: aliases, directives, introspection.
fn written(set: &SelectionSet, measures: &mut Measures) {
    for item in &set.items {
        measures.directives += item.node.directives().len();
        match &item.node {
            Selection::Field(field) => {
                let field = &field.node;
                let name = field.name.node.as_str();
                measures.aliases += usize::from(field.alias.is_some());
                measures.introspection |= matches!(name, "__schema" | "__type");
                if name == "__typename" && measures.typename_directive.is_none() {
                    measures.typename_directive = bad_directive(&field.directives);
                }
                written(&field.selection_set.node, measures);
            }
            Selection::InlineFragment(fragment) => {
                written(&fragment.node.selection_set.node, measures);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

// The first directive of `directives` that validation would refuse on a field.
fn bad_directive(directives: &[Positioned<Directive>]) -> Option<(String, Pos)> {
    directives.iter().enumerate().find_map(|(i, d)| {
        let name = d.node.name.node.as_str();
        let problem = if !FIELD_DIRECTIVES.contains(&name) {
            format!("Unknown directive \"@{name}\".")
        } else if directives[..i].iter().any(|e| e.node.name.node == name) {
            format!("Duplicate directive \"@{name}\".")
        } else if d.node.arguments.len() != 1 || d.node.arguments[0].0.node != "if" {
            format!("Directive \"@{name}\" takes exactly one argument, `if`.")
        } else {
            return None;
        };
        Some((problem, d.pos))
    })
}

/// The fields of the introspection types whose value is a list of objects.
const INTROSPECTION_LISTS: &[&str] = &[
    "types",
    "fields",
    "args",
    "inputFields",
    "interfaces",
    "possibleTypes",
    "enumValues",
    "directives",
];

// What a selection set costs once its spreads are expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    // Fields.
    size: usize,
    // Deepest nesting.
    depth: usize,
    // Most fields named like an introspection list on one path. The count does not know
    // whether it is under `__schema`, so it is only read there.
    lists: usize,
}

struct Expander<'a> {
    document: &'a ExecutableDocument,
    memo: HashMap<&'a str, Shape>,
    visiting: HashSet<&'a str>,
    // Largest `lists` below a `__schema` or `__type` field.
    introspection_lists: usize,
}

impl<'a> Expander<'a> {
    fn set(&mut self, set: &'a SelectionSet) -> Shape {
        let mut shape = Shape::default();
        for item in &set.items {
            let inner = match &item.node {
                Selection::Field(field) => self.field(&field.node),
                Selection::InlineFragment(fragment) => self.set(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())
                }
            };
            shape.size = shape.size.saturating_add(inner.size);
            shape.depth = shape.depth.max(inner.depth);
            shape.lists = shape.lists.max(inner.lists);
        }
        shape
    }

    fn field(&mut self, field: &'a Field) -> Shape {
        let name = field.name.node.as_str();
        let inner = self.set(&field.selection_set.node);
        if matches!(name, "__schema" | "__type") {
            self.introspection_lists = self.introspection_lists.max(inner.lists);
        }
        Shape {
            size: inner.size.saturating_add(1),
            depth: inner.depth + usize::from(!matches!(name, "__typename" | "ofType")),
            lists: inner.lists + usize::from(INTROSPECTION_LISTS.contains(&name)),
        }
    }

    fn fragment(&mut self, name: &'a str) -> Shape {
        if let Some(known) = self.memo.get(name) {
            return *known;
        }
        let Some(fragment) = self.document.fragments.get(name) else {
            return Shape::default();
        };
        if !self.visiting.insert(name) {
            return Shape::default();
        }
        let measured = self.set(&fragment.node.selection_set.node);
        self.visiting.remove(name);
        self.memo.insert(name, measured);
        measured
    }
}

#[cfg(test)]
mod tests {
    use super::{Measures, measure};
    use async_graphql::parser::parse_query;

    fn of(doc: &str) -> Measures {
        measure(&parse_query(doc).unwrap())
    }

    #[test]
    fn aliases_are_counted_in_operations_fragments_and_nested_sets() {
        let cases = [
            ("{ a }", 0),
            ("{ x: a y: a }", 2),
            ("{ a { x: b { y: c } } }", 2),
            ("query Q { x: a ...F } fragment F on T { y: b z: c }", 3),
            ("{ ... on T { x: a } }", 1),
            ("query A { x: a } query B { y: a z: a }", 3),
        ];
        for (doc, want) in cases {
            assert_eq!(of(doc).aliases, want, "{doc}");
        }
    }

    #[test]
    fn introspection_fields_are_found_anywhere_in_the_document() {
        let cases = [
            ("{ a }", false),
            ("{ __typename }", false),
            ("{ __schema { types { name } } }", true),
            ("{ x: __type(name: \"Q\") { name } }", true),
            (
                "{ ...F } fragment F on Q { __schema { queryType { name } } }",
                true,
            ),
            ("{ ... on Q { __type(name: \"Q\") { name } } }", true),
        ];
        for (doc, want) in cases {
            assert_eq!(of(doc).introspection, want, "{doc}");
        }
    }

    #[test]
    fn directives_are_counted_wherever_they_are_written() {
        let doc = "query Q($v: Int @a) @b { x @c ...F @d ... @e { y @f } } \
                   fragment F on T @g { z @h @i }";
        assert_eq!(of(doc).directives, 9);
    }

    #[test]
    fn fragments_are_expanded_once_each() {
        // 30 levels of doubling: 2^30 fields once expanded, measured at once.
        let mut doc = String::from("{ ...F30 } fragment F0 on T { a }");
        for i in 1..=30 {
            doc.push_str(&format!(
                " fragment F{i} on T {{ ...F{j} ...F{j} }}",
                j = i - 1
            ));
        }
        let started = std::time::Instant::now();
        let measures = of(&doc);
        assert_eq!(measures.selections, 1 << 30);
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
    }

    #[test]
    fn selections_and_depth_follow_spreads_and_nesting() {
        let cases = [
            ("{ a }", 1, 1),
            ("{ a { b c { d } } }", 4, 3),
            ("{ __typename a { __typename } }", 3, 1),
            ("{ ...F ...F } fragment F on T { a { b } }", 4, 2),
            ("{ x { ... on T { y { z } } } }", 3, 3),
            (
                "{ __type(name: \"T\") { ofType { ofType { name } } } }",
                4,
                2,
            ),
            // Cycles are left for validation to report.
            (
                "{ ...A } fragment A on T { a ...B } fragment B on T { b ...A }",
                2,
                1,
            ),
            ("{ ...Missing }", 0, 0),
            ("query A { a { b } } query B { c }", 3, 2),
        ];
        for (doc, selections, depth) in cases {
            let measures = of(doc);
            assert_eq!(
                (measures.selections, measures.depth),
                (selections, depth),
                "{doc}"
            );
        }
    }

    #[test]
    fn introspection_lists_are_counted_on_one_path_under_schema_or_type() {
        let cases = [
            ("{ offerings { fields } }", 0),
            ("{ __schema { types { name } } }", 1),
            (
                "{ __schema { types { fields { args { name } } } directives { args { name } } } }",
                3,
            ),
            (
                "{ __type(name: \"T\") { fields { type { fields { type { fields { name } } } } } } }",
                3,
            ),
            (
                "{ __schema { ...S } } fragment S on __Schema { types { ...T } } \
                 fragment T on __Type { fields { type { ...T2 } } } \
                 fragment T2 on __Type { interfaces { possibleTypes { name } } }",
                4,
            ),
        ];
        for (doc, want) in cases {
            assert_eq!(of(doc).introspection_lists, want, "{doc}");
        }
    }

    #[test]
    fn bad_directives_on_typename_are_found() {
        assert_eq!(
            of("{ __typename @skip(if: true) }").typename_directive,
            None
        );
        let found = of("{ a { __typename @foo } }").typename_directive.unwrap();
        assert_eq!(found.0, "Unknown directive \"@foo\".");
        assert_eq!((found.1.line, found.1.column), (1, 18));
        let cases = [
            (
                "{ __typename @skip(if: true) @skip(if: true) }",
                "Duplicate",
            ),
            ("{ __typename @include }", "exactly one argument"),
            (
                "{ __typename @include(if: true, x: 1) }",
                "exactly one argument",
            ),
            (
                "{ __typename @include(unless: true) }",
                "exactly one argument",
            ),
        ];
        for (doc, want) in cases {
            let found = of(doc).typename_directive.unwrap();
            assert!(found.0.contains(want), "{doc}: {}", found.0);
        }
    }
}
