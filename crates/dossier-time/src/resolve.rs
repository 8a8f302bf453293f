//! Resolution: turns what an expression means ([`Sem`]) into a TIMEX3 value, against the
//! document date, the previous expression and the tense of the clause it stands in.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dossier_core::Anchor;

use crate::grammar::{Rel, Sem};
use crate::lexicon::{Cue, Unit, Word};
use crate::scan::{Kind, Tok};

/// The tense of the clause around an expression, as far as cue words tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    /// Reported as done ("said", "met", "-ed").
    Past,
    /// Announced ("will", "planned", "scheduled").
    Future,
    /// No cue found.
    Unknown,
}

/// How far a tense cue is looked for on each side of an expression, in tokens.
const TENSE_WINDOW: usize = 20;

/// The tense of the clause holding tokens `start..end`: the nearest cue on the left wins,
/// else the nearest on the right ("On Tuesday, X said" has its verb after the date).
pub(crate) fn clause_tense(text: &str, toks: &[Tok], start: usize, end: usize) -> Tense {
    let word_at = |at: usize| toks.get(at).and_then(|t| text.get(t.s..t.e)).unwrap_or("");
    // "postponed until Tuesday", "as early as Tuesday": the date is ahead of the report.
    let mut before = start;
    if before > 0 && word_at(before - 1).eq_ignore_ascii_case("on") {
        before -= 1;
    }
    if before > 0 {
        let prev = word_at(before - 1).to_ascii_lowercase();
        // "since Oct. 23" looks back; "effective Feb. 1" announces.
        if prev == "since" {
            return Tense::Past;
        }
        if prev == "effective" {
            return Tense::Future;
        }
        let as_x_as = prev == "as"
            && before > 2
            && word_at(before - 3).eq_ignore_ascii_case("as")
            && matches!(word_at(before - 2), "early" | "soon");
        if matches!(prev.as_str(), "until" | "till") || as_x_as {
            return Tense::Future;
        }
    }
    let mut k = start;
    let mut seen = 0;
    while k > 0 && seen < TENSE_WINDOW {
        if toks.get(k).is_some_and(|t| t.brk) {
            break;
        }
        k -= 1;
        seen += 1;
        // "is to resume", "set to resume": an arrangement ahead of the report.
        if k > 0
            && word_at(k).eq_ignore_ascii_case("to")
            && matches!(word_at(k - 1), "is" | "are" | "set")
        {
            return Tense::Future;
        }
        if let Some(tense) = tense_at(text, toks, k) {
            // "should be signed", "will be held", "to be signed": a participle after "be" is
            // announced, not reported.
            let word_at = |at: usize| toks.get(at).and_then(|t| text.get(t.s..t.e)).unwrap_or("");
            let after_be = k > 0 && word_at(k - 1).eq_ignore_ascii_case("be");
            let announced = k > 1
                && (word_at(k - 2).eq_ignore_ascii_case("to")
                    || toks
                        .get(k - 2)
                        .is_some_and(|t| tok_tense(text, t) == Some(Tense::Future)));
            if tense == Tense::Past && after_be && announced {
                return Tense::Future;
            }
            // "had been due to expire", "had been scheduled": an announcement in the past.
            if tense == Tense::Future && k > 0 && word_at(k - 1).eq_ignore_ascii_case("been") {
                return Tense::Past;
            }
            return tense;
        }
    }
    for (k, t) in toks.iter().enumerate().skip(end).take(TENSE_WINDOW) {
        if t.brk {
            break;
        }
        if let Some(tense) = tense_at(text, toks, k) {
            return tense;
        }
    }
    Tense::Unknown
}

/// The tense token `k` marks, if any: "plan" and "plans" announce only before "to"
/// ("plans to meet"), since "vacation plans" is a noun.
fn tense_at(text: &str, toks: &[Tok], k: usize) -> Option<Tense> {
    let tok = toks.get(k)?;
    let tense = tok_tense(text, tok)?;
    let word = text.get(tok.s..tok.e).unwrap_or("");
    if tense == Tense::Future
        && (word.eq_ignore_ascii_case("plans") || word.eq_ignore_ascii_case("plan"))
    {
        let next = toks
            .get(k + 1)
            .and_then(|t| text.get(t.s..t.e))
            .unwrap_or("");
        if !next.eq_ignore_ascii_case("to") {
            return None;
        }
    }
    Some(tense)
}

/// The tense a single token marks, if any.
fn tok_tense(text: &str, tok: &Tok) -> Option<Tense> {
    match tok.kind {
        Kind::Word(Some(Word::Cue(cue))) => match cue {
            Cue::Will
            | Cue::Would
            | Cue::Shall
            | Cue::Going
            | Cue::Planned
            | Cue::Scheduled
            | Cue::Due
            | Cue::Expected
            | Cue::Upcoming => Some(Tense::Future),
            Cue::PastVerb | Cue::Ago => Some(Tense::Past),
            _ => None,
        },
        Kind::Word(None) if !tok.cap => {
            let word = text.get(tok.s..tok.e).unwrap_or("");
            let regular_past = word.len() >= 5
                && word.ends_with("ed")
                && !word.ends_with("eed")
                && word != "hundred"
                && word != "united";
            regular_past.then_some(Tense::Past)
        }
        _ => None,
    }
}

/// Granularity of a resolved point, to format anaphoric values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gran {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// What resolution remembers from one expression to the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ctx {
    /// The document creation time.
    pub dct: Option<NaiveDate>,
    /// The last resolved calendar point and its granularity.
    pub last: Option<(NaiveDate, Gran)>,
    /// The last quarter named, for "the quarter" and "a year earlier".
    pub quarter: Option<(i32, u8)>,
    /// True when the latest expression was a reporting period longer than a quarter ("the
    /// nine months", "the year"): "a year earlier" then means the year before, not the quarter.
    pub period_focus: bool,
}

/// A resolved value, and the calendar point it stands for (for anaphora and inference).
pub(crate) struct Resolved {
    pub value: Option<String>,
    pub anchor: Option<Anchor>,
    pub point: Option<(NaiveDate, Gran)>,
}

impl Resolved {
    fn none() -> Resolved {
        Resolved {
            value: None,
            anchor: None,
            point: None,
        }
    }

    fn fixed(value: String, anchor: Anchor) -> Resolved {
        Resolved {
            value: Some(value),
            anchor: Some(anchor),
            point: None,
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn weekday_of(n: u8) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// Formats a point at a granularity: `2017-05-23`, `2017-W21`, `2017-05`, `2017-Q2`, `2017`.
pub(crate) fn format_point(date: NaiveDate, gran: Gran) -> String {
    match gran {
        Gran::Day => date.format("%Y-%m-%d").to_string(),
        Gran::Week => {
            let w = date.iso_week();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Gran::Month => format!("{:04}-{:02}", date.year(), date.month()),
        Gran::Quarter => format!("{:04}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
        Gran::Year => format!("{:04}", date.year()),
    }
}

/// Adds `n` months, clamping the day to the month's length.
fn add_months(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    let total = date.year() * 12 + date.month0() as i32 + n;
    let (y, m0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut d = date.day();
    loop {
        if let Some(x) = ymd(y, m0 + 1, d) {
            return Some(x);
        }
        if d <= 28 {
            return None;
        }
        d -= 1;
    }
}

/// Shifts a date by `n` units, returning the new point and its granularity.
pub(crate) fn shift(base: NaiveDate, unit: Unit, n: i32) -> Option<(NaiveDate, Gran)> {
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour => (base, Gran::Day),
        Unit::Day => (
            base.checked_add_signed(Duration::days(n as i64))?,
            Gran::Day,
        ),
        Unit::Week => (
            base.checked_add_signed(Duration::weeks(n as i64))?,
            Gran::Week,
        ),
        Unit::Month => (add_months(base, n)?, Gran::Month),
        Unit::Quarter => (add_months(base, 3 * n)?, Gran::Quarter),
        Unit::Year => (add_months(base, 12 * n)?, Gran::Year),
        Unit::Decade => (add_months(base, 120 * n)?, Gran::Year),
        Unit::Century => (add_months(base, 1200 * n)?, Gran::Year),
    })
}

/// How far from the document date a tense cue may move a day without a year.
const TENSE_REACH_DAYS: i64 = 270;

/// How many months from the document date a tense cue may move a bare month.
const MONTH_REACH: i32 = 8;

/// Month-and-day without a year: the year that fits the tense around the document date.
pub(crate) fn year_for_day(dct: NaiveDate, m: u8, d: u8, tense: Tense) -> Option<NaiveDate> {
    let candidates: Vec<NaiveDate> = (dct.year() - 1..=dct.year() + 1)
        .filter_map(|y| ymd(y, m as u32, d as u32))
        .collect();
    pick_by_tense(dct, &candidates, tense)
}

/// The candidate (in increasing order) that fits the tense around the document date.
fn pick_by_tense(dct: NaiveDate, candidates: &[NaiveDate], tense: Tense) -> Option<NaiveDate> {
    let nearest = candidates
        .iter()
        .min_by_key(|c| (**c - dct).num_days().abs())
        .copied();
    // Tense cues are noisy, so they only pick a date within about nine months.
    let within = |c: &&NaiveDate| (**c - dct).num_days().abs() <= TENSE_REACH_DAYS;
    match tense {
        Tense::Past => candidates
            .iter()
            .rev()
            .find(|c| **c <= dct)
            .filter(within)
            .copied()
            .or(nearest),
        Tense::Future => candidates
            .iter()
            .find(|c| **c >= dct)
            .filter(within)
            .copied()
            .or(nearest),
        Tense::Unknown => nearest,
    }
}

/// A weekday relative to the document date.
pub(crate) fn weekday_date(dct: NaiveDate, wd: u8, rel: Rel, tense: Tense) -> NaiveDate {
    let target = weekday_of(wd).num_days_from_monday() as i64;
    let today = dct.weekday().num_days_from_monday() as i64;
    let back = (today - target).rem_euclid(7);
    let fwd = (target - today).rem_euclid(7);
    let offset = match rel {
        Rel::Last => -(if back == 0 { 7 } else { back }),
        Rel::Next => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Rel::This => target - today,
        Rel::Tense => match tense {
            Tense::Future => fwd,
            _ => -back,
        },
    };
    dct.checked_add_signed(Duration::days(offset))
        .unwrap_or(dct)
}

fn season_index(code: &str) -> i32 {
    match code {
        "WI" => 0,
        "SP" => 1,
        "SU" => 2,
        _ => 3,
    }
}

fn month_season(m: u32) -> i32 {
    match m {
        12 | 1 | 2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        _ => 3,
    }
}

/// Resolves one expression and updates the context.
pub(crate) fn resolve(sem: &Sem, tense: Tense, ctx: &mut Ctx) -> Resolved {
    let out = resolve_inner(sem, tense, ctx);
    ctx.period_focus = match sem {
        Sem::Value(v, _) => matches!(v.as_str(), "P6M" | "P9M" | "P12M" | "P1Y"),
        Sem::Half { .. } => true,
        // "a year earlier" keeps the focus for the next comparison.
        Sem::Anaphor {
            unit: Unit::Year,
            n: -1,
        }
        | Sem::Ago {
            unit: Unit::Year,
            n: -1,
        } => ctx.period_focus,
        _ => false,
    };
    if let Some(point) = out.point {
        ctx.last = Some(point);
        // Only a quarter named by its number becomes the one in focus; "the quarter" and
        // "a year ago" refer to the focus and must not move it.
        let named = matches!(sem, Sem::Quarter { q, .. } | Sem::QuarterIn { q, .. } if *q > 0);
        if point.1 == Gran::Quarter && named {
            ctx.quarter = Some((point.0.year(), ((point.0.month() - 1) / 3 + 1) as u8));
        }
    }
    out
}

fn dated(date: NaiveDate, gran: Gran, anchor: Anchor) -> Resolved {
    Resolved {
        value: Some(format_point(date, gran)),
        anchor: Some(anchor),
        point: Some((date, gran)),
    }
}

/// The anchor date: the document date when known, else the previous expression's point.
fn base(ctx: &Ctx) -> Option<(NaiveDate, Anchor)> {
    if let Some(dct) = ctx.dct {
        return Some((dct, Anchor::Published));
    }
    ctx.last.map(|(d, _)| (d, Anchor::Previous))
}

fn resolve_inner(sem: &Sem, tense: Tense, ctx: &Ctx) -> Resolved {
    match sem {
        Sem::Value(v, absolute) => {
            if *absolute {
                if let Ok(y) = v.parse::<i32>() {
                    if v.len() == 4 {
                        if let Some(d) = ymd(y, 1, 1) {
                            return dated(d, Gran::Year, Anchor::Absolute);
                        }
                    }
                }
                return Resolved::fixed(v.clone(), Anchor::Absolute);
            }
            let anchor = if v.ends_with("_REF") {
                Anchor::Published
            } else {
                Anchor::Absolute
            };
            Resolved::fixed(v.clone(), anchor)
        }
        Sem::YearRange(y, _) => match ymd(*y, 1, 1) {
            Some(d) => dated(d, Gran::Year, Anchor::Absolute),
            None => Resolved::none(),
        },
        Sem::Day { y: Some(y), m, d } => match ymd(*y, *m as u32, *d as u32) {
            Some(date) => dated(date, Gran::Day, Anchor::Absolute),
            None => Resolved::none(),
        },
        Sem::Day { y: None, m, d } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            match year_for_day(b, *m, *d, tense) {
                Some(date) => dated(date, Gran::Day, anchor),
                None => Resolved::none(),
            }
        }
        Sem::Month { y: Some(y), m, .. } => match ymd(*y, *m as u32, 1) {
            Some(d) => dated(d, Gran::Month, Anchor::Absolute),
            None => Resolved::none(),
        },
        Sem::Month { y: None, m, rel } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            let (cur, target) = (b.month() as i32, *m as i32);
            let y = b.year();
            let year = match (rel, tense) {
                (Rel::This, _) => y,
                (Rel::Last, _) => {
                    if target < cur {
                        y
                    } else {
                        y - 1
                    }
                }
                (Rel::Next, _) => {
                    if target > cur {
                        y
                    } else {
                        y + 1
                    }
                }
                // As for days, a tense cue moves a month at most MONTH_REACH months.
                (Rel::Tense, Tense::Past) if (cur - target).rem_euclid(12) <= MONTH_REACH => {
                    if target <= cur {
                        y
                    } else {
                        y - 1
                    }
                }
                (Rel::Tense, Tense::Future) if (target - cur).rem_euclid(12) <= MONTH_REACH => {
                    if target >= cur {
                        y
                    } else {
                        y + 1
                    }
                }
                (Rel::Tense, _) => {
                    let diff = target - cur;
                    if diff > 6 {
                        y - 1
                    } else if diff < -6 {
                        y + 1
                    } else {
                        y
                    }
                }
            };
            match ymd(year, *m as u32, 1) {
                Some(d) => dated(d, Gran::Month, anchor),
                None => Resolved::none(),
            }
        }
        Sem::MonthIn { m, yshift } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            match ymd(b.year() + yshift, *m as u32, 1) {
                Some(d) => dated(d, Gran::Month, anchor),
                None => Resolved::none(),
            }
        }
        Sem::Weekday { wd, rel, dm, part } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            let date = match dm {
                Some((d, m)) => {
                    // The stated day and month win; the weekday picks the year.
                    let agreeing = (b.year() - 1..=b.year() + 1)
                        .filter_map(|y| ymd(y, *m as u32, *d as u32))
                        .filter(|c| c.weekday() == weekday_of(*wd))
                        .min_by_key(|c| (*c - b).num_days().abs());
                    match agreeing.or_else(|| year_for_day(b, *m, *d, tense)) {
                        Some(x) => x,
                        None => return Resolved::none(),
                    }
                }
                None => weekday_date(b, *wd, *rel, tense),
            };
            match part {
                Some(p) => Resolved {
                    value: Some(format!("{}T{p}", date.format("%Y-%m-%d"))),
                    anchor: Some(anchor),
                    point: Some((date, Gran::Day)),
                },
                None => dated(date, Gran::Day, anchor),
            }
        }
        Sem::Season { s, y, rel } => {
            let (year, anchor) = match y {
                Some(y) => (*y, Anchor::Absolute),
                None => {
                    let Some((b, anchor)) = base(ctx) else {
                        return Resolved::none();
                    };
                    let (cur, target) = (month_season(b.month()), season_index(s));
                    let y = b.year();
                    let year = match (rel, tense) {
                        (Rel::This, _) => y,
                        (Rel::Last, _) => {
                            if target < cur {
                                y
                            } else {
                                y - 1
                            }
                        }
                        (Rel::Next, _) => {
                            if target > cur {
                                y
                            } else {
                                y + 1
                            }
                        }
                        (Rel::Tense, Tense::Past) => {
                            if target <= cur {
                                y
                            } else {
                                y - 1
                            }
                        }
                        (Rel::Tense, _) => y,
                    };
                    (year, anchor)
                }
            };
            Resolved {
                value: Some(format!("{year:04}-{s}")),
                anchor: Some(anchor),
                point: ymd(year, 1, 1).map(|d| (d, Gran::Year)),
            }
        }
        Sem::Quarter { q, y, rel } => {
            let quarter_point = |year: i32, q: u8| -> Resolved {
                match ymd(year, (q as u32 - 1) * 3 + 1, 1) {
                    Some(d) => Resolved {
                        value: Some(format!("{year:04}-Q{q}")),
                        anchor: None,
                        point: Some((d, Gran::Quarter)),
                    },
                    None => Resolved::none(),
                }
            };
            if *q > 0 {
                if let Some(y) = y {
                    return Resolved {
                        anchor: Some(Anchor::Absolute),
                        ..quarter_point(*y, *q)
                    };
                }
            }
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            let cur = ((b.month() - 1) / 3 + 1) as u8;
            let (year, q) = if *q > 0 {
                let year = if *q > cur && tense == Tense::Past {
                    b.year() - 1
                } else {
                    b.year()
                };
                (year, *q)
            } else {
                match rel {
                    Rel::This => (b.year(), cur),
                    Rel::Next => {
                        if cur == 4 {
                            (b.year() + 1, 1)
                        } else {
                            (b.year(), cur + 1)
                        }
                    }
                    Rel::Last | Rel::Tense => match (rel, ctx.quarter) {
                        (Rel::Tense, Some((y, q))) => (y, q),
                        _ => {
                            if cur == 1 {
                                (b.year() - 1, 4)
                            } else {
                                (b.year(), cur - 1)
                            }
                        }
                    },
                }
            };
            Resolved {
                anchor: Some(anchor),
                ..quarter_point(year, q)
            }
        }
        Sem::QuarterIn { q, y, yshift } => {
            let (year, anchor) = match (y, base(ctx)) {
                (Some(y), _) => (*y, Anchor::Absolute),
                (None, Some((b, anchor))) => (b.year() + yshift, anchor),
                (None, None) => return Resolved::none(),
            };
            let q = match (*q, ctx.quarter, base(ctx)) {
                (0, Some((_, q)), _) => q,
                (0, None, Some((b, _))) => ((b.month() - 1) / 3) as u8,
                (0, None, None) => return Resolved::none(),
                (q, _, _) => q,
            };
            // The quarter before January's is the last of the previous year.
            let (year, q) = if q == 0 { (year - 1, 4) } else { (year, q) };
            match ymd(year, (q as u32 - 1) * 3 + 1, 1) {
                Some(d) => Resolved {
                    value: Some(format!("{year:04}-Q{q}")),
                    anchor: Some(anchor),
                    point: Some((d, Gran::Quarter)),
                },
                None => Resolved::none(),
            }
        }
        Sem::Half { h, y } => {
            let year = match y {
                Some(y) => Some((*y, Anchor::Absolute)),
                None => base(ctx).map(|(b, a)| (b.year(), a)),
            };
            match year {
                Some((y, anchor)) => Resolved::fixed(format!("{y:04}-H{h}"), anchor),
                None => Resolved::none(),
            }
        }
        Sem::Ago { unit, n } => {
            // In earnings reports "a year ago" is the same quarter of the year before.
            if let (Unit::Year, -1, Some((y, q)), Some((_, anchor))) = (
                unit,
                n,
                ctx.quarter.filter(|_| !ctx.period_focus),
                base(ctx),
            ) {
                return Resolved::fixed(format!("{:04}-Q{q}", y - 1), anchor);
            }
            // "two weeks ago" names a day, not a calendar week; "six weeks ago" is vaguer and
            // names the week, as TimeBank and AQUAINT value it.
            if *unit == Unit::Week && *n > -3 {
                return resolve_inner(
                    &Sem::Shift {
                        unit: Unit::Day,
                        n: 7 * n,
                    },
                    tense,
                    ctx,
                );
            }
            resolve_inner(&Sem::Shift { unit: *unit, n: *n }, tense, ctx)
        }
        Sem::Shift { unit, n } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            match shift(b, *unit, *n) {
                Some((date, gran)) => {
                    let mut out = dated(date, gran, anchor);
                    if *unit == Unit::Decade {
                        out.value = Some(format!("{:03}", date.year() / 10));
                    } else if *unit == Unit::Century {
                        out.value = Some(format!("{:02}", date.year() / 100));
                    }
                    out
                }
                None => Resolved::none(),
            }
        }
        Sem::DayShift { n, part } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            let Some(date) = b.checked_add_signed(Duration::days(*n as i64)) else {
                return Resolved::none();
            };
            match part {
                Some(p) => Resolved {
                    value: Some(format!("{}T{p}", date.format("%Y-%m-%d"))),
                    anchor: Some(anchor),
                    point: Some((date, Gran::Day)),
                },
                None => dated(date, Gran::Day, anchor),
            }
        }
        Sem::Clock { h, min, utc } => {
            // "at 10 p.m." after a day was named is a time of that day; else of the document date.
            let (b, anchor) = match (ctx.last, base(ctx)) {
                (Some((d, Gran::Day)), _) => (d, Anchor::Previous),
                (_, Some(b)) => b,
                (_, None) => return Resolved::none(),
            };
            let zone = if *utc { "Z" } else { "" };
            Resolved::fixed(
                format!("{}T{:02}:{:02}{zone}", b.format("%Y-%m-%d"), h, min),
                anchor,
            )
        }
        Sem::Anaphor { unit, n } => {
            // "A year earlier" next to a quarter means the same quarter a year before.
            if *unit == Unit::Year && *n == -1 {
                if let Some((y, q)) = ctx.quarter.filter(|_| !ctx.period_focus) {
                    return Resolved::fixed(format!("{:04}-Q{q}", y - 1), Anchor::Previous);
                }
                // After "the nine months" of a report, the year before the report's year; it
                // does not move the anchor, so a second "year-earlier" says the same.
                if let (true, Some((b, anchor))) = (ctx.period_focus, base(ctx)) {
                    return Resolved::fixed(format!("{:04}", b.year() - 1), anchor);
                }
            }
            let (b, anchor) = match (ctx.last, ctx.dct) {
                (Some((d, _)), _) => (d, Anchor::Previous),
                (None, Some(d)) => (d, Anchor::Published),
                (None, None) => return Resolved::none(),
            };
            match shift(b, *unit, *n) {
                Some((date, gran)) => dated(date, gran, anchor),
                None => Resolved::none(),
            }
        }
        Sem::ClockOn { h, min, utc, day } => {
            let resolved_day = resolve_inner(day, tense, ctx);
            let Some((date, _)) = resolved_day.point else {
                return Resolved::none();
            };
            let zone = if *utc { "Z" } else { "" };
            Resolved {
                value: Some(format!(
                    "{}T{:02}:{:02}{zone}",
                    date.format("%Y-%m-%d"),
                    h,
                    min
                )),
                anchor: resolved_day.anchor,
                point: Some((date, Gran::Day)),
            }
        }
        Sem::Weekend { n, bare } => {
            let Some((b, anchor)) = base(ctx) else {
                return Resolved::none();
            };
            // "The weekend" on a weekday is the one just past, unless it is announced.
            let wd = b.weekday().number_from_monday();
            let n = if *bare && wd < 6 && tense != Tense::Future {
                -1
            } else {
                *n
            };
            match b.checked_add_signed(Duration::weeks(n as i64)) {
                Some(d) => Resolved::fixed(format!("{}-WE", format_point(d, Gran::Week)), anchor),
                None => Resolved::none(),
            }
        }
        Sem::Thanksgiving { y } => {
            let thanksgiving =
                |y: i32| NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Thu, 4);
            let found = match y {
                Some(y) => thanksgiving(*y).map(|d| (d, Anchor::Absolute)),
                // Without a year, the occurrence that fits the tense, as for a day and month
                // ("was found on Thanksgiving Day" in January is last November's).
                None => base(ctx).and_then(|(b, a)| {
                    let candidates: Vec<NaiveDate> = (b.year() - 1..=b.year() + 1)
                        .filter_map(thanksgiving)
                        .collect();
                    pick_by_tense(b, &candidates, tense).map(|d| (d, a))
                }),
            };
            match found {
                Some((d, anchor)) => dated(d, Gran::Day, anchor),
                None => Resolved::none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2018-03-12 is a Monday.
        let dct = d(2018, 3, 12);
        assert_eq!(weekday_date(dct, 4, Rel::Tense, Tense::Past), d(2018, 3, 8));
        assert_eq!(
            weekday_date(dct, 7, Rel::Tense, Tense::Future),
            d(2018, 3, 18)
        );
        assert_eq!(weekday_date(dct, 1, Rel::Tense, Tense::Past), dct);
        assert_eq!(
            weekday_date(dct, 1, Rel::Last, Tense::Unknown),
            d(2018, 3, 5)
        );
    }

    #[test]
    fn days_without_year_follow_tense() {
        let dct = d(2019, 11, 20);
        assert_eq!(
            year_for_day(dct, 12, 4, Tense::Future),
            Some(d(2019, 12, 4))
        );
        assert_eq!(year_for_day(dct, 11, 4, Tense::Past), Some(d(2019, 11, 4)));
        assert_eq!(year_for_day(dct, 3, 4, Tense::Past), Some(d(2019, 3, 4)));
        // A tense cue never moves a date further than about nine months.
        assert_eq!(year_for_day(dct, 12, 4, Tense::Past), Some(d(2019, 12, 4)));
        assert_eq!(
            year_for_day(dct, 10, 1, Tense::Future),
            Some(d(2019, 10, 1))
        );
        assert_eq!(
            year_for_day(dct, 1, 10, Tense::Unknown),
            Some(d(2020, 1, 10))
        );
    }

    #[test]
    fn shifts_format_at_their_granularity() {
        let dct = d(2016, 10, 26);
        let (w, g) = shift(dct, Unit::Week, -1).unwrap_or((dct, Gran::Day));
        assert_eq!(format_point(w, g), "2016-W42");
        let (m, g) = shift(d(2016, 3, 31), Unit::Month, -1).unwrap_or((dct, Gran::Day));
        assert_eq!(format_point(m, g), "2016-02");
    }
}
