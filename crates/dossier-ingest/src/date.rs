//! Publication dates from metadata strings: ISO 8601, RFC 3339, RFC 2822 and common forms.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;

/// A date at the start of a string: `2016-10-26`, `2016/10/26`, `2016.10.26`, `20161026`.
static YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:$|[T\s_,+Z])")
        .unwrap_or_else(|_| unreachable!())
});

/// A European day-first date: `26.10.2016`, `26. 10. 2016`.
static DMY_DOTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b").unwrap_or_else(|_| unreachable!())
});

/// The Unix `date` form: `Tue Jan 28 15:28:56 CET 2020`.
static UNIX_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[a-z]{2,5}\s+)?(\d{4})$")
        .unwrap_or_else(|_| unreachable!())
});

/// Month names in English, and their three-letter forms.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `26 October 2016`, `October 26, 2016`, `Oct 26 2016`, `Wed, 26 Oct 2016 ...`.
static WORDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))\b",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// Parses a metadata date string into a calendar date, or `None` when it is not one.
///
/// Only plausible years (1800 to 2200) are accepted, so numbers that merely look like
/// dates are not taken for one.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let text = raw.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(datetime) = DateTime::parse_from_rfc3339(text) {
        return plausible(datetime.date_naive());
    }
    if let Ok(datetime) = DateTime::parse_from_rfc2822(text) {
        return plausible(datetime.date_naive());
    }
    if let Some(caps) = YMD.captures(text) {
        return ymd(&caps[1], &caps[2], &caps[3]);
    }
    if let Some(caps) = DMY_DOTS.captures(text) {
        return ymd(&caps[3], &caps[2], &caps[1]);
    }
    if let Some(caps) = UNIX_DATE.captures(text) {
        let month_no = month_number(&caps[1])?;
        return NaiveDate::from_ymd_opt(caps[3].parse().ok()?, month_no, caps[2].parse().ok()?)
            .and_then(plausible);
    }
    if let Some(caps) = WORDY.captures(text) {
        let (day, month, year) = match (caps.get(1), caps.get(4)) {
            (Some(day), _) => (day.as_str(), caps.get(2)?.as_str(), caps.get(3)?.as_str()),
            (None, Some(month)) => (caps.get(5)?.as_str(), month.as_str(), caps.get(6)?.as_str()),
            (None, None) => return None,
        };
        let month_no = month_number(month)?;
        return NaiveDate::from_ymd_opt(year.parse().ok()?, month_no, day.parse().ok()?)
            .and_then(plausible);
    }
    // Unix timestamps in seconds (ten digits) appear in some JSON exports.
    if text.len() == 10 && text.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = text.parse().ok()?;
        return DateTime::from_timestamp(seconds, 0).and_then(|dt| plausible(dt.date_naive()));
    }
    None
}

/// A date from year, month and day digits, when valid and plausible.
fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
        .and_then(plausible)
}

/// The month number of an English month name or its abbreviation (`sept` too).
fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(&lower))
        .map(|idx| idx as u32 + 1)
}

/// Keeps dates whose year is plausible for a news article.
fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    (1800..=2200).contains(&date.year()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn common_forms_parse() {
        assert_eq!(parse_date("2016-10-26"), d(2016, 10, 26));
        assert_eq!(parse_date("2016-10-26T08:15:00+02:00"), d(2016, 10, 26));
        assert_eq!(parse_date("2016-10-26T08:15:00Z"), d(2016, 10, 26));
        assert_eq!(parse_date("2016-10-26 08:15"), d(2016, 10, 26));
        assert_eq!(
            parse_date("Wed, 26 Oct 2016 08:15:00 +0000"),
            d(2016, 10, 26)
        );
        assert_eq!(parse_date("Wed, 26 Oct 2016 08:15:00 GMT"), d(2016, 10, 26));
        assert_eq!(parse_date("26.10.2016"), d(2016, 10, 26));
        assert_eq!(parse_date("October 26, 2016"), d(2016, 10, 26));
        assert_eq!(parse_date("26 Sept 2016"), d(2016, 9, 26));
        assert_eq!(parse_date("2016/10/26"), d(2016, 10, 26));
        assert_eq!(parse_date("20161026"), d(2016, 10, 26));
        assert_eq!(parse_date("Tue Jan 28 15:28:56 CET 2020"), d(2020, 1, 28));
    }

    #[test]
    fn non_dates_do_not_parse() {
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2016-13-40"), None);
        assert_eq!(parse_date("0001-01-01"), None);
    }
}
