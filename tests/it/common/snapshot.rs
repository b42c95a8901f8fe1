//! JSON snapshots of answers, with what changes from run to run redacted.

use insta::internals::Content;

/// Keys holding ids, redacted as `[id]` wherever they hold a value.
const ID_KEYS: &[&str] = &[
    "id",
    "user_id",
    "organization_id",
    "org_id",
    "offering_id",
    "primary_offering_id",
    "contact_point",
];

/// Keys holding times, redacted as `[ts]` wherever they hold a value.
const TIME_KEYS: &[&str] = &[
    "created_at",
    "updated_at",
    "approved_at",
    "submitted_at",
    "published_at",
    "settled_at",
    "canceled_at",
    "rejected_at",
    "withdrawn_at",
];

/// Snapshot settings that redact ids and times anywhere in the value (only strings: a `null`
/// stays `null`, so the snapshot still says which are set). Use as
/// `redacted().bind(|| insta::assert_json_snapshot!("name", value))`.
pub fn redacted() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    for (keys, mark) in [(ID_KEYS, "[id]"), (TIME_KEYS, "[ts]")] {
        for key in keys {
            settings.add_dynamic_redaction(&format!(".**.{key}"), move |value, _| match value {
                Content::String(_) => Content::from(mark),
                other => other,
            });
        }
    }
    settings
}
