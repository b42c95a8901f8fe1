//! Due dates and day counts.
//!
//! Due dates are anchored on the first due date: installment `k` falls `k - 1` periods
//! after it, so a day of the month that a month lacks becomes that month's last day for
//! that month only (Jan 31, Feb 28 or 29, Mar 31, Apr 30, …) and never drifts.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{DayCount, Frequency, TermsError};

impl DayCount {
    /// The days of the year the counted days are divided by.
    pub fn basis(self) -> u32 {
        match self {
            DayCount::Actual365 => 365,
            DayCount::Actual360 | DayCount::Thirty360 => 360,
        }
    }
}

/// The date `k` periods after `anchor` (before it for a negative `k`), or `None` outside
/// the years 1 to 9999.
fn shift(anchor: NaiveDate, frequency: Frequency, k: i64) -> Option<NaiveDate> {
    let date = match frequency {
        Frequency::Weekly => {
            let days = Days::new(k.unsigned_abs().checked_mul(7)?);
            if k >= 0 {
                anchor.checked_add_days(days)?
            } else {
                anchor.checked_sub_days(days)?
            }
        }
        _ => {
            let step = 12 / i64::from(frequency.periods_per_year());
            let months = Months::new(u32::try_from(k.checked_mul(step)?.unsigned_abs()).ok()?);
            if k >= 0 {
                anchor.checked_add_months(months)?
            } else {
                anchor.checked_sub_months(months)?
            }
        }
    };
    (1..=9999).contains(&date.year()).then_some(date)
}

/// The boundaries of a schedule's periods: `periods + 1` dates, the start of the first
/// period (one period before the first due date) followed by every due date in order.
pub fn due_dates(
    first_due_date: NaiveDate,
    frequency: Frequency,
    periods: u32,
) -> Result<Vec<NaiveDate>, TermsError> {
    (-1..i64::from(periods))
        .map(|k| shift(first_due_date, frequency, k).ok_or(TermsError::DatesOutOfRange))
        .collect()
}

/// The days a period from `start` to `end` counts for interest: the actual days for the
/// Actual day counts; for 30E/360 `360·(Y2−Y1) + 30·(M2−M1) + (D2−D1)` with a day of 31
/// taken as 30 at either end (ISDA 2006 Definitions §4.16(g), "Eurobond basis").
pub fn accrual_days(day_count: DayCount, start: NaiveDate, end: NaiveDate) -> i64 {
    match day_count {
        DayCount::Actual365 | DayCount::Actual360 => (end - start).num_days(),
        DayCount::Thirty360 => {
            let d1 = i64::from(start.day().min(30));
            let d2 = i64::from(end.day().min(30));
            360 * i64::from(end.year() - start.year())
                + 30 * (i64::from(end.month()) - i64::from(start.month()))
                + (d2 - d1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_ends_clamp_without_drifting() {
        let got = due_dates(d("2024-01-31"), Frequency::Monthly, 4).unwrap();
        let want = [
            "2023-12-31",
            "2024-01-31",
            "2024-02-29",
            "2024-03-31",
            "2024-04-30",
        ];
        assert_eq!(got, want.map(d));
        let got = due_dates(d("2023-08-31"), Frequency::Semiannual, 2).unwrap();
        assert_eq!(got, ["2023-02-28", "2023-08-31", "2024-02-29"].map(d));
        let got = due_dates(d("2024-02-29"), Frequency::Annual, 2).unwrap();
        assert_eq!(got, ["2023-02-28", "2024-02-29", "2025-02-28"].map(d));
    }

    #[test]
    fn every_frequency_steps_by_its_period() {
        let q = due_dates(d("2025-01-15"), Frequency::Quarterly, 2).unwrap();
        assert_eq!(q, ["2024-10-15", "2025-01-15", "2025-04-15"].map(d));
        let w = due_dates(d("2025-01-01"), Frequency::Weekly, 2).unwrap();
        assert_eq!(w, ["2024-12-25", "2025-01-01", "2025-01-08"].map(d));
    }

    #[test]
    fn dates_past_9999_are_refused() {
        assert_eq!(
            due_dates(d("9999-06-01"), Frequency::Monthly, 12),
            Err(TermsError::DatesOutOfRange)
        );
        assert_eq!(
            due_dates(d("0001-01-15"), Frequency::Monthly, 1),
            Err(TermsError::DatesOutOfRange)
        );
        assert!(due_dates(d("9999-01-31"), Frequency::Monthly, 12).is_ok());
    }

    // Hand-counted from the 30E/360 rule and a calendar.
    #[test]
    fn day_counts() {
        let days = |dc, a, b| accrual_days(dc, d(a), d(b));
        assert_eq!(days(DayCount::Actual365, "2024-01-31", "2024-02-29"), 29);
        assert_eq!(days(DayCount::Actual360, "2023-01-01", "2024-01-01"), 365);
        assert_eq!(days(DayCount::Thirty360, "2024-01-31", "2024-02-29"), 29);
        assert_eq!(days(DayCount::Thirty360, "2024-02-29", "2024-03-31"), 31);
        assert_eq!(days(DayCount::Thirty360, "2024-03-31", "2024-04-30"), 30);
        assert_eq!(days(DayCount::Thirty360, "2024-01-15", "2024-02-15"), 30);
        assert_eq!(days(DayCount::Thirty360, "2023-12-15", "2024-12-15"), 360);
        assert_eq!(days(DayCount::Thirty360, "2024-12-25", "2025-01-01"), 6);
    }
}
