//! Automatic persisted queries, as Apollo's clients send them: a request may carry
//! `extensions.persistedQuery { version: 1, sha256Hash }` instead of (or with) its
//! document. A hash the server knows stands for its document; an unknown one is
//! answered `PersistedQueryNotFound`, and the client sends the document with its hash,
//! which the server checks and keeps for next time.
//!
//! The documents are kept in memory, least recently used first out, within a budget of
//! bytes of document text (`GRAPHQL_APQ_CACHE_BYTES`); a budget of 0 turns the protocol
//! off, which clients are told with `PersistedQueryNotSupported`.

use std::sync::{Arc, Mutex};

use async_graphql::Value;
use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, codes};

/// A document hash: the SHA-256 of its text.
pub type Hash = [u8; 32];

/// The documents known by hash.
pub struct PersistedQueries {
    budget: usize,
    cache: Mutex<Kept>,
}

struct Kept {
    documents: LruCache<Hash, Arc<str>>,
    bytes: usize,
}

impl PersistedQueries {
    /// An empty store holding at most `budget` bytes of document text.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            cache: Mutex::new(Kept {
                documents: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }

    /// The document of `hash`, if kept.
    pub fn get(&self, hash: &Hash) -> Option<Arc<str>> {
        let mut kept = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        kept.documents.get(hash).cloned()
    }

    /// Keeps `document` under `hash`, dropping the least recently used ones past the
    /// budget. A document larger than the whole budget is not kept.
    pub fn insert(&self, hash: Hash, document: &str) {
        if document.len() > self.budget {
            return;
        }
        let mut kept = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if kept.documents.contains(&hash) {
            kept.documents.promote(&hash);
            return;
        }
        kept.bytes += document.len();
        kept.documents.put(hash, Arc::from(document));
        while kept.bytes > self.budget {
            match kept.documents.pop_lru() {
                Some((_, old)) => kept.bytes -= old.len(),
                None => break,
            }
        }
    }

    /// Number of documents kept.
    pub fn len(&self) -> usize {
        let kept = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        kept.documents.len()
    }

    /// Whether no document is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Resolves the persisted query of `request`, if it has one: fills in its document
    /// from the store, or checks the document sent against the hash. Returns the hash to
    /// keep the document under once it is admitted.
    pub fn resolve(&self, request: &mut async_graphql::Request) -> Result<Option<Hash>, ApiError> {
        let Some(persisted) = request.extensions.0.get("persistedQuery") else {
            return Ok(None);
        };
        if self.budget == 0 || version(persisted) != Some(1) {
            return Err(not_supported());
        }
        let hash = sha256_hash(persisted)?;
        if request.query.is_empty() {
            let document = self.get(&hash).ok_or_else(not_found)?;
            request.query = document.to_string();
            return Ok(None);
        }
        let actual: Hash = Sha256::digest(request.query.as_bytes()).into();
        if actual != hash {
            return Err(ApiError::new(
                codes::PERSISTED_QUERY_MISMATCH,
                "The request could not be processed.",
                "The document's SHA-256 is not extensions.persistedQuery.sha256Hash.",
            ));
        }
        Ok(Some(hash))
    }
}

fn version(persisted: &Value) -> Option<u64> {
    match persisted {
        Value::Object(fields) => match fields.get("version") {
            Some(Value::Number(n)) => n.as_u64(),
            _ => None,
        },
        _ => None,
    }
}

fn sha256_hash(persisted: &Value) -> Result<Hash, ApiError> {
    let text = match persisted {
        Value::Object(fields) => match fields.get("sha256Hash") {
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        },
        _ => None,
    };
    let mut hash = Hash::default();
    match text.map(|t| hex::decode_to_slice(t, &mut hash)) {
        Some(Ok(())) => Ok(hash),
        _ => Err(ApiError::new(
            codes::PERSISTED_QUERY_MISMATCH,
            "The request could not be processed.",
            "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits.",
        )),
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        codes::PERSISTED_QUERY_NOT_FOUND,
        "The request could not be processed.",
        "No document is known for this sha256Hash: send it with the document.",
    )
}

fn not_supported() -> ApiError {
    ApiError::new(
        codes::PERSISTED_QUERY_NOT_SUPPORTED,
        "The request could not be processed.",
        "Automatic persisted queries (version 1) are not available: send the document.",
    )
}

/// The message and `extensions.code` Apollo's clients look for in a persisted-query
/// error of code `number`, if it is one.
pub fn apollo_names(number: u32) -> Option<(&'static str, &'static str)> {
    if number == codes::PERSISTED_QUERY_NOT_FOUND.number() {
        Some(("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND"))
    } else if number == codes::PERSISTED_QUERY_NOT_SUPPORTED.number() {
        Some((
            "PersistedQueryNotSupported",
            "PERSISTED_QUERY_NOT_SUPPORTED",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::PersistedQueries;

    #[test]
    fn the_least_recently_used_documents_go_first_past_the_budget() {
        let store = PersistedQueries::new(10);
        store.insert([1; 32], "aaaa");
        store.insert([2; 32], "bbbb");
        assert!(store.get(&[1; 32]).is_some());
        store.insert([3; 32], "cccc");
        assert!(
            store.get(&[2; 32]).is_none(),
            "b was the least recently used"
        );
        assert_eq!(store.len(), 2);
        store.insert([4; 32], "a document over the whole budget");
        assert!(store.get(&[4; 32]).is_none());
    }
}
