//! Where mailed links may point: a network's `link_origins` setting (`docs/mail.md`).

use serde_json::Value;

/// The network setting that restricts where mailed links may point.
pub const LINK_ORIGINS_SETTING: &str = "link_origins";

/// Why a link URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginError {
    /// The URL does not parse.
    InvalidUrl,
    /// The URL's origin is not among the allowed ones.
    Refused {
        /// The URL's origin, e.g. `https://evil.example`.
        origin: String,
        /// The origins the setting allows (possibly none).
        allowed: Vec<String>,
    },
}

/// Checks `url` (an absolute URL) against the `link_origins` of `settings`. Without the
/// setting (or with `null`) any origin passes; a list admits exactly its entries'
/// origins (scheme, host and port); entries that are not absolute URLs match nothing, so
/// an empty or malformed list admits no link at all.
pub fn check_link_origin(settings: &Value, url: &str) -> Result<(), OriginError> {
    let allowed = match settings.get(LINK_ORIGINS_SETTING) {
        None | Some(Value::Null) => return Ok(()),
        Some(value) => allowed_origins(value),
    };
    let origin = url::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .map_err(|_| OriginError::InvalidUrl)?;
    if allowed.contains(&origin) {
        Ok(())
    } else {
        Err(OriginError::Refused { origin, allowed })
    }
}

/// The origins a `link_origins` value lists (only entries that are absolute URLs).
fn allowed_origins(value: &Value) -> Vec<String> {
    let Some(entries) = value.as_array() else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| entry.as_str())
        .filter_map(|entry| url::Url::parse(entry.trim()).ok())
        .map(|entry| entry.origin())
        .filter(|origin| origin.is_tuple())
        .map(|origin| origin.ascii_serialization())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn without_the_setting_any_origin_passes() {
        for settings in [json!({}), json!({ "link_origins": null })] {
            assert_eq!(
                check_link_origin(&settings, "https://evil.example/x"),
                Ok(())
            );
        }
    }

    #[test]
    fn link_origins_admit_exactly_their_origins() {
        let settings =
            json!({ "link_origins": ["https://App.example.com/", "http://localhost:3000"] });
        for ok in [
            "https://app.example.com/verify?x=1",
            "https://app.example.com:443/",
            "http://localhost:3000/a#b",
        ] {
            assert_eq!(check_link_origin(&settings, ok), Ok(()), "{ok}");
        }
        for (refused, origin) in [
            ("http://app.example.com/verify", "http://app.example.com"),
            (
                "https://app.example.com:8443/",
                "https://app.example.com:8443",
            ),
            (
                "https://app.example.com.evil.example/",
                "https://app.example.com.evil.example",
            ),
            (
                "https://evil.example/?https://app.example.com",
                "https://evil.example",
            ),
            ("http://localhost:3001/", "http://localhost:3001"),
        ] {
            let want = OriginError::Refused {
                origin: origin.to_owned(),
                allowed: vec![
                    "https://app.example.com".to_owned(),
                    "http://localhost:3000".to_owned(),
                ],
            };
            assert_eq!(
                check_link_origin(&settings, refused),
                Err(want),
                "{refused}"
            );
        }
    }

    #[test]
    fn an_empty_or_malformed_list_admits_nothing() {
        for settings in [
            json!({ "link_origins": [] }),
            json!({ "link_origins": "https://app.example.com" }),
            json!({ "link_origins": ["app.example.com", 7] }),
        ] {
            assert!(check_link_origin(&settings, "https://app.example.com/").is_err());
        }
        let any = json!({ "link_origins": ["https://a.example"] });
        assert_eq!(
            check_link_origin(&any, "not a url"),
            Err(OriginError::InvalidUrl)
        );
    }
}
