//! The GraphQL documents of `documents/` as the routes run them: each with the
//! `fragments_*.graphql` it spreads appended, transitively, and parsed once.

use std::sync::LazyLock;

use async_graphql::parser::types::ExecutableDocument;

/// The fragment files a document may spread (`...UserFields`); each defines the fragments
/// named in its `fragment <Name> on <Type>` lines.
const FRAGMENT_FILES: &[&str] = &[
    include_str!("documents/fragments_application.graphql"),
    include_str!("documents/fragments_capitalization.graphql"),
    include_str!("documents/fragments_capitalization_change.graphql"),
    include_str!("documents/fragments_investment.graphql"),
    include_str!("documents/fragments_transaction.graphql"),
    include_str!("documents/fragments_offering.graphql"),
    include_str!("documents/fragments_payout.graphql"),
    include_str!("documents/fragments_portfolio.graphql"),
    include_str!("documents/fragments_organization.graphql"),
    include_str!("documents/fragments_user.graphql"),
    include_str!("documents/fragments_wallet.graphql"),
];

/// A route's document: a handle to its text and parse tree, which are built on first use
/// (the router forces every one at start-up, so a request never scans or parses).
#[derive(Clone, Copy)]
pub struct Document {
    /// The file's name in `documents/`, without `.graphql`.
    pub name: &'static str,
    prepared: &'static LazyLock<Prepared>,
}

/// What a [`Document`] holds once built.
pub struct Prepared {
    text: String,
    parsed: ExecutableDocument,
}

impl Document {
    /// A handle on a cell that builds [`Prepared::new`] (the `route!` macro of the table
    /// gives each row its own cell).
    pub const fn new(name: &'static str, prepared: &'static LazyLock<Prepared>) -> Self {
        Self { name, prepared }
    }

    /// The text sent to the executor: the file, then the fragments it uses.
    pub fn text(self) -> &'static str {
        &self.prepared.text
    }

    /// The text, parsed.
    pub fn parsed(self) -> &'static ExecutableDocument {
        &self.prepared.parsed
    }
}

// A document reads as its text where a `&str` document was taken before
// (`parse_query(document)`, `Request::new(document)`).
impl AsRef<str> for Document {
    fn as_ref(&self) -> &str {
        self.text()
    }
}

impl From<Document> for String {
    fn from(document: Document) -> Self {
        document.text().to_owned()
    }
}

impl Prepared {
    /// Appends the fragments `source` uses and parses the result. The table is fixed at
    /// build time, so a document that does not build is a bug: it panics (at start-up,
    /// and in the unit test below).
    pub fn new(name: &str, source: &str) -> Self {
        let text =
            with_fragments(source).unwrap_or_else(|e| panic!("documents/{name}.graphql: {e}"));
        let parsed = async_graphql::parser::parse_query(&text)
            .unwrap_or_else(|e| panic!("documents/{name}.graphql does not parse: {e}"));
        Self { text, parsed }
    }
}

/// `source` followed by every fragment file it needs: those defining the fragments it
/// spreads, then those their fragments spread, each file once. A spread that neither
/// `source` nor a fragment file defines is an error naming it.
pub fn with_fragments(source: &str) -> Result<String, String> {
    append_fragments(source, FRAGMENT_FILES)
}

fn append_fragments(source: &str, files: &[&str]) -> Result<String, String> {
    let mut text = source.to_owned();
    let mut pending: Vec<&str> = spreads(source).collect();
    while let Some(name) = pending.pop() {
        if defines(&text, name) {
            continue;
        }
        let file = files
            .iter()
            .find(|file| defines(file, name))
            .ok_or_else(|| format!("...{name} is spread but no fragments_*.graphql defines it"))?;
        // A trailing comment must not swallow the fragment.
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(file);
        pending.extend(spreads(file));
    }
    Ok(text)
}

/// The GraphQL text without its `#` comments (the documents hold no string literals).
fn code(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|line| line.split_once('#').map_or(line, |(code, _)| code))
}

/// The names of the named fragments spread in `text` (`...UserFields`, not `... on User`).
fn spreads(text: &str) -> impl Iterator<Item = &str> {
    code(text).flat_map(|line| {
        line.split("...").skip(1).filter_map(|rest| {
            let name = first_name(rest.trim_start())?;
            (name != "on").then_some(name)
        })
    })
}

/// Whether `text` defines the fragment `name`.
fn defines(text: &str, name: &str) -> bool {
    definitions(text).any(|defined| defined == name)
}

/// The names of the fragments `text` defines (`fragment <Name> on …`).
fn definitions(text: &str) -> impl Iterator<Item = &str> {
    code(text).flat_map(|line| {
        let mut words = line.split_whitespace();
        std::iter::from_fn(move || {
            loop {
                if words.next()? == "fragment" {
                    return words.next().and_then(first_name);
                }
            }
        })
    })
}

/// The GraphQL name at the start of `text`, if any.
fn first_name(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    (end > 0).then(|| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::table::ROUTES;

    #[test]
    fn every_route_document_parses_with_each_fragment_it_spreads_defined_once() {
        for route in ROUTES {
            let Some(document) = route.document else {
                continue;
            };
            let text = document.text();
            async_graphql::parser::parse_query(text)
                .unwrap_or_else(|e| panic!("{}: {e}", document.name));
            for name in spreads(text) {
                let count = definitions(text).filter(|d| *d == name).count();
                assert_eq!(
                    count, 1,
                    "{}: ...{name} defined {count} times",
                    document.name
                );
            }
        }
    }

    #[test]
    fn fragments_are_appended_once_each_and_transitively() {
        let source = "query Q { me { ...UserFields } other: me { ...UserFields } }\n";
        let text = with_fragments(source).unwrap();
        assert_eq!(definitions(&text).collect::<Vec<_>>(), ["UserFields"]);
        assert!(text.starts_with(source));

        // A fragment of the document itself is not looked for in the files; the spreads
        // of an appended file are followed.
        let files = [
            "fragment A on User { id ...B }\n",
            "fragment B on User { email }\n",
        ];
        let local = "{ me { ...Mine } }\nfragment Mine on User { ...A ...B }";
        let text = append_fragments(local, &files).unwrap();
        assert_eq!(definitions(&text).collect::<Vec<_>>(), ["Mine", "B", "A"]);
        let text = append_fragments("{ me { ...A } }", &files).unwrap();
        assert_eq!(
            text,
            format!("{{ me {{ ...A }} }}\n{}{}", files[0], files[1])
        );

        // Inline fragments and comments are not spreads.
        let inline = "{ node { ... on User { id } } } # ...NotAFragment\n";
        assert_eq!(with_fragments(inline).unwrap(), inline);
    }

    #[test]
    fn an_unknown_fragment_spread_is_reported() {
        let err = with_fragments("{ me { ...NoSuchFields } }").unwrap_err();
        assert!(err.contains("...NoSuchFields"), "{err}");
    }

    #[test]
    #[should_panic(expected = "documents/broken.graphql: ...NoSuchFields is spread")]
    fn a_route_document_with_an_unknown_fragment_does_not_build() {
        Prepared::new("broken", "{ me { ...NoSuchFields } }");
    }
}
