//! Publication-date inference from a text's own evidence, for documents whose metadata,
//! dateline and source line give no date.
//!
//! Evidence, strongest first: a weekday stated with its day and month ("Monday (21.02)"),
//! which holds only in certain years; the latest full date the text reports as past; the
//! latest day and month reported as past, in the year the text's stated years point to
//! (a year announced in the future tense is after publication, "three years on" after 2016
//! is 2019 or later); weekdays reported after that day. The result always says how sure it
//! is and why: it is never a silent guess.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use dossier_core::Doc;
use serde::Serialize;

use crate::grammar::{Rel, Sem};
use crate::lexicon::Unit;
use crate::resolve::Tense;

/// Weekday names by ISO number (index 0 unused), for evidence sentences.
const WEEKDAY_NAMES: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A publication date estimated from the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InferredDate {
    /// The estimated date.
    pub date: NaiveDate,
    /// How sure, from 0 to 1.
    pub confidence: f32,
    /// A short name of the main evidence (`dateline`, `source-line`, `weekday-date`, `latest-date`,
    /// `day-month`, `month`, `year`),
    /// used in `meta.origins["published"]` as `inferred:<kind>`.
    pub kind: &'static str,
    /// The evidence, as a sentence for the diagnostic.
    pub evidence: String,
}

/// Estimates the publication date of `doc` from its text; `None` when nothing dates it.
pub fn infer_published(doc: &Doc) -> Option<InferredDate> {
    infer_from_text(&doc.text, Utc::now().date_naive())
}

/// The inference proper, with today's date passed in so tests are stable.
pub(crate) fn infer_from_text(text: &str, today: NaiveDate) -> Option<InferredDate> {
    let found = crate::recognise_with_tense(text);
    let mut past_years: Vec<i32> = Vec::new();
    let mut future_years: Vec<i32> = Vec::new();
    let mut full_dates: Vec<NaiveDate> = Vec::new();
    let mut day_months: Vec<(u8, u8)> = Vec::new();
    let mut weekday_dates: Vec<(u8, u8, u8)> = Vec::new();
    let mut weekdays: Vec<u8> = Vec::new();
    let mut future_days: Vec<(u8, u8)> = Vec::new();
    let mut past_months: Vec<u8> = Vec::new();
    let mut last_year: Option<i32> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut dateline: Option<NaiveDate> = None;
    let mut source_line: Option<NaiveDate> = None;
    for (raw, tense, at) in &found {
        let future = tense == &Tense::Future;
        let mut stated_year = None;
        match &raw.sem {
            Sem::Value(v, true) if v.len() == 4 => stated_year = v.parse().ok(),
            Sem::YearRange(_, y2) => stated_year = Some(*y2),
            Sem::Day { y: Some(y), m, d } => {
                stated_year = Some(*y);
                if let Some(date) = NaiveDate::from_ymd_opt(*y, *m as u32, *d as u32) {
                    if dateline.is_none() && is_dateline(text, *at) && date <= today {
                        dateline = Some(date);
                    }
                    if is_source_line(text, *at) && date <= today {
                        source_line = Some(date);
                    }
                    if !future {
                        full_dates.push(date);
                    }
                }
            }
            Sem::Month { y: Some(y), .. }
            | Sem::Season { y: Some(y), .. }
            | Sem::Quarter { y: Some(y), .. } => stated_year = Some(*y),
            Sem::Day { y: None, m, d } if !future => day_months.push((*m, *d)),
            Sem::Day { y: None, m, d } => future_days.push((*m, *d)),
            Sem::Month {
                y: None,
                m,
                rel: Rel::Tense,
            } if !future => past_months.push(*m),
            Sem::Weekday {
                wd,
                dm: Some((d, m)),
                ..
            } => weekday_dates.push((*wd, *d, *m)),
            Sem::Weekday {
                wd,
                dm: None,
                rel: Rel::Tense,
                ..
            } if !future => weekdays.push(*wd),
            Sem::Anaphor {
                unit: Unit::Year,
                n,
            } if *n > 0 && !future => {
                if let Some(y) = last_year {
                    past_years.push(y + n);
                    notes.push(format!("a year {n} after {y} is reported as past"));
                }
            }
            _ => {}
        }
        if let Some(y) = stated_year {
            last_year = Some(y);
            if future {
                future_years.push(y);
            } else if y <= today.year() {
                past_years.push(y);
            }
        }
    }
    let latest_past = past_years.iter().copied().max();
    let earliest_future = future_years
        .iter()
        .copied()
        .filter(|f| latest_past.is_none_or(|p| *f > p))
        .min();
    // The year the text points to: just before a year it announces, else its latest year.
    let year = match (earliest_future, latest_past) {
        (Some(f), _) => Some((f - 1, format!("{f} is announced in the future tense"))),
        (None, Some(p)) => Some((p, format!("{p} is the latest year the text reports"))),
        (None, None) => None,
    };

    // 0. A date standing on its own line at the top is a dateline the cleaning stage missed.
    if let Some(date) = dateline {
        return Some(InferredDate {
            date,
            confidence: 0.8,
            kind: "dateline",
            evidence: format!("a line near the top of the text holds only the date {date}"),
        });
    }

    // A closing "(Outlet, Other, 26.10.2016)" line names the publication date.
    if let Some(date) = source_line {
        return Some(InferredDate {
            date,
            confidence: 0.75,
            kind: "source-line",
            evidence: format!("a source line in parentheses ends with the date {date}"),
        });
    }

    // 1. A weekday with its day and month: only some years fit.
    if let Some((wd, d, m)) = weekday_dates.last().copied() {
        let low = latest_past.unwrap_or(1990).max(1900);
        let candidates: Vec<NaiveDate> = (low..=today.year())
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m as u32, d as u32))
            .filter(|c| c.weekday().number_from_monday() == wd as u32 && *c <= today)
            .collect();
        let pick = year
            .as_ref()
            .and_then(|(y, _)| candidates.iter().find(|c| c.year() == *y))
            .or_else(|| candidates.last());
        if let Some(date) = pick.copied() {
            let years: Vec<String> = candidates.iter().map(|c| c.year().to_string()).collect();
            let agrees = year.as_ref().is_some_and(|(y, _)| *y == date.year());
            return Some(InferredDate {
                date,
                confidence: if agrees {
                    0.7
                } else if candidates.len() <= 2 {
                    0.5
                } else {
                    0.35
                },
                kind: "weekday-date",
                evidence: format!(
                    "the text names {} with day {d:02}.{m:02}, which fits the years {} since {low}; the latest is taken and publication is on or after that day",
                    WEEKDAY_NAMES.get(wd as usize).copied().unwrap_or("a weekday"),
                    years.join(", ")
                ),
            });
        }
    }

    // 2. The latest full date reported as past, and 3. the latest day-month in the year.
    let latest_full = full_dates.iter().copied().filter(|d| *d <= today).max();
    let latest_day_month = year.as_ref().and_then(|(y, _)| {
        day_months
            .iter()
            .filter_map(|(m, d)| NaiveDate::from_ymd_opt(*y, *m as u32, *d as u32))
            .filter(|d| *d <= today)
            .max()
    });
    // A year announced in the future tense pins the year down; the latest year reported is
    // only a lower bound (news recalls old years), so a day-month dated by it is less sure.
    let day_month_confidence = if earliest_future.is_some() { 0.45 } else { 0.3 };
    let (mut date, kind, mut confidence, mut evidence) = match (latest_full, latest_day_month) {
        (Some(f), Some(dm)) if dm > f => (
            dm,
            "day-month",
            day_month_confidence,
            format!(
                "the latest day reported as past is {} in {} ({})",
                dm.format("%d %B"),
                dm.year(),
                year.as_ref().map_or("", |(_, why)| why.as_str())
            ),
        ),
        (Some(f), _) => (
            f,
            "latest-date",
            0.5,
            format!("the latest full date reported as past is {f}"),
        ),
        (None, Some(dm)) => (
            dm,
            "day-month",
            day_month_confidence,
            format!(
                "the latest day reported as past is {} in {} ({})",
                dm.format("%d %B"),
                dm.year(),
                year.as_ref().map_or("", |(_, why)| why.as_str())
            ),
        ),
        (None, None) => {
            let (y, why) = year?;
            // A month reported as past, before a day announced as coming, brackets the date.
            let month = past_months
                .iter()
                .filter_map(|m| NaiveDate::from_ymd_opt(y, *m as u32, 1))
                .filter(|d| *d <= today)
                .max();
            if let Some(from) = month {
                let until = future_days
                    .iter()
                    .filter_map(|(m, d)| NaiveDate::from_ymd_opt(y, *m as u32, *d as u32))
                    .filter(|d| *d > from)
                    .min();
                let (date, bound) = match until {
                    Some(u) => (
                        from + (u - from) / 2,
                        format!(" and before {u}, announced as coming"),
                    ),
                    None => (from + Duration::days(14), String::new()),
                };
                return Some(InferredDate {
                    date,
                    confidence: 0.3,
                    kind: "month",
                    evidence: format!(
                        "{} {y} is reported as past ({why}){bound}; a day within that span is taken",
                        from.format("%B")
                    ),
                });
            }
            let date = NaiveDate::from_ymd_opt(y, 7, 1)?;
            return Some(InferredDate {
                date,
                confidence: 0.15,
                kind: "year",
                evidence: format!(
                    "only the year is evidenced ({why}); the middle of the year is taken"
                ),
            });
        }
    };
    // Weekdays reported as past after that day move the date to the latest of them.
    let mut moved = Vec::new();
    for wd in &weekdays {
        let from = date.weekday().number_from_monday() as i64;
        let offset = (*wd as i64 - from).rem_euclid(7);
        // The same weekday as the date itself is that day, not a week later.
        if offset > 0 {
            let candidate = date + Duration::days(offset);
            if candidate <= today {
                moved.push(candidate);
            }
        }
    }
    if let Some(latest) = moved.iter().max().copied() {
        evidence.push_str(&format!(
            "; weekdays reported after it put publication on or after {latest}"
        ));
        date = latest;
        confidence += 0.05;
    }
    if !notes.is_empty() {
        evidence.push_str("; ");
        evidence.push_str(&notes.join("; "));
    }
    Some(InferredDate {
        date,
        confidence,
        kind,
        evidence,
    })
}

/// How many non-empty lines may precede a dateline.
const DATELINE_MAX_LINE: usize = 4;

/// True when the expression at byte `at` stands nearly alone on one of the first lines.
fn is_dateline(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let lines_before = before.lines().filter(|l| !l.trim().is_empty()).count();
    let line = line_at(text, at);
    lines_before <= DATELINE_MAX_LINE && line.chars().count() <= 40 && !line.starts_with('(')
}

/// The line holding byte `at`, trimmed.
fn line_at(text: &str, at: usize) -> &str {
    let before = text.get(..at).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let line_end = text
        .get(at..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |p| at + p);
    text.get(line_start..line_end).unwrap_or("").trim()
}

/// True when the expression at byte `at` closes a short "(Outlet, Other, date)" line.
fn is_source_line(text: &str, at: usize) -> bool {
    let line = line_at(text, at);
    line.starts_with('(')
        && line.ends_with(')')
        && line.chars().count() <= 120
        && line.contains(',')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
    }

    #[test]
    fn weekday_and_day_month_pick_the_year() {
        let text = "The war ended in 2008. The president on Monday (21.02) called a meeting.";
        let got = infer_from_text(text, today());
        assert_eq!(
            got.as_ref().map(|g| g.date),
            NaiveDate::from_ymd_opt(2022, 2, 21)
        );
        assert_eq!(got.map(|g| g.kind), Some("weekday-date"));
    }

    #[test]
    fn future_year_and_past_days_give_late_october() {
        let text = "The memorandum should be signed in 2017. He took office in 2008. \
                    Twenty people were arrested on October 16. On October 24, the minister said more. \
                    On Tuesday, the premier said it was serious. He told reporters on Wednesday that it was clear.";
        let got = infer_from_text(text, today());
        assert_eq!(
            got.as_ref().map(|g| g.date),
            NaiveDate::from_ymd_opt(2016, 10, 26)
        );
        assert!(got.is_some_and(|g| g.confidence > 0.0 && g.confidence < 1.0));
    }

    #[test]
    fn years_on_moves_the_year() {
        let text = "The war ended in 2016. Three years on, the town was rebuilt.";
        let got = infer_from_text(text, today());
        assert_eq!(got.map(|g| g.date.year()), Some(2019));
    }

    #[test]
    fn past_month_and_coming_day_bracket_the_date() {
        let text = "The scandal began in 2019. Talks stalled at the end of October. \
                    The leaders will meet on December 4 in Sochi.";
        let got = infer_from_text(text, today());
        let date = got.as_ref().map(|g| g.date);
        assert!(
            date > NaiveDate::from_ymd_opt(2019, 10, 1)
                && date < NaiveDate::from_ymd_opt(2019, 12, 4)
        );
        assert_eq!(got.map(|g| g.kind), Some("month"));
    }

    #[test]
    fn a_date_alone_near_the_top_is_a_dateline() {
        let text = "Plant closes\nMarch 3, 2009\nThe plant closed on Monday after 40 years. It opened on May 5, 1969.";
        let got = infer_from_text(text, today());
        assert_eq!(
            got.as_ref().map(|g| g.date),
            NaiveDate::from_ymd_opt(2009, 3, 3)
        );
        assert_eq!(got.map(|g| g.kind), Some("dateline"));
    }

    #[test]
    fn a_closing_source_line_dates_the_document() {
        let text = "The minister met his guest on Wednesday.\n\n(Agency One, Paper Two, 26.10.2016)\n\nLeave a reply";
        let got = infer_from_text(text, today());
        assert_eq!(
            got.as_ref().map(|g| g.date),
            NaiveDate::from_ymd_opt(2016, 10, 26)
        );
        assert_eq!(got.map(|g| g.kind), Some("source-line"));
    }

    #[test]
    fn nothing_to_go_on() {
        assert_eq!(infer_from_text("Nothing here is dated.", today()), None);
    }
}
