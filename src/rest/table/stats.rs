//! Variables of `GET /self/stats`: the `start_date`/`end_date` query parameters
//! (`YYYY-MM-DD`) as the `startDate`/`endDate` of `myStats`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, codes};
use crate::rest::route::Input;

/// A date parameter of the query string: absent (or empty) is no bound; anything but a
/// calendar date written `YYYY-MM-DD` is refused with 15003. A repeated parameter counts
/// by its last value.
fn date_param(input: &Input, name: &str) -> ApiResult<Option<NaiveDate>> {
    let Some((_, raw)) = input.query.iter().rev().find(|(key, _)| key == name) else {
        return Ok(None);
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    // chrono also reads unpadded months and days; the manual's form is exactly 10 chars.
    let strict = raw.len() == 10 && raw.as_bytes()[4] == b'-' && raw.as_bytes()[7] == b'-';
    strict
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                codes::DATE_INVALID,
                "A date is not valid.",
                format!("{name} must be a date written YYYY-MM-DD, not {raw:?}."),
            )
        })
}

pub(super) fn stats_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "startDate": date_param(input, "start_date")?,
        "endDate": date_param(input, "end_date")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(query: &[(&str, &str)]) -> Input {
        Input {
            query: query
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..Input::default()
        }
    }

    #[test]
    fn dates_are_read_from_the_query_string() {
        let vars = stats_vars(&input(&[("start_date", "2026-01-31"), ("x", "1")])).unwrap();
        assert_eq!(vars, json!({ "startDate": "2026-01-31", "endDate": null }));
        let vars = stats_vars(&input(&[("end_date", "2026-02-01"), ("start_date", "")])).unwrap();
        assert_eq!(vars, json!({ "startDate": null, "endDate": "2026-02-01" }));
    }

    #[test]
    fn dates_not_written_yyyy_mm_dd_are_refused_with_15003() {
        for bad in [
            "2026-1-5",
            "2026-02-30",
            "31/01/2026",
            "2026-01-31T00:00",
            "soon",
        ] {
            let err = stats_vars(&input(&[("end_date", bad)])).unwrap_err();
            assert_eq!((err.code, err.status), (15003, 400), "{bad}");
            assert!(err.developer_message.contains("end_date"), "{bad}");
        }
    }
}
