//! The recogniser: at each token, local rules try to read a time expression and say what it
//! means before any date is known ([`Sem`]); [`crate::resolve`] then turns meanings into values.
//!
//! Rules are hand-written parsers over the token classes of [`crate::scan`], longest match
//! first, so the whole text is read in one pass with no regular expressions at all.

use dossier_core::TimexType;

use crate::lexicon::{Cue, Unit, Word, HOLIDAYS};
use crate::scan::{lowercase, Kind, Tok};

/// Which occurrence of a weekday, month or season is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rel {
    /// Decided by the tense of the clause.
    Tense,
    /// The one of the current week, year.
    This,
    /// The one before the document date.
    Last,
    /// The one after the document date.
    Next,
}

/// What an expression means, before resolution against a document date.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sem {
    /// A complete value needing no anchor ("2017-05-23", "199", "P3Y", "PRESENT_REF").
    Value(String, bool),
    /// A year range written "1992-95": two expressions, split by the caller.
    YearRange(i32, i32),
    /// A calendar day, with the year when stated.
    Day { y: Option<i32>, m: u8, d: u8 },
    /// A month, with the year when stated.
    Month { y: Option<i32>, m: u8, rel: Rel },
    /// A month of a relative year ("July last year").
    MonthIn { m: u8, yshift: i32 },
    /// A weekday, optionally with its day and month stated ("Monday (21.02)").
    Weekday {
        wd: u8,
        rel: Rel,
        dm: Option<(u8, u8)>,
        part: Option<&'static str>,
    },
    /// A season.
    Season {
        s: &'static str,
        y: Option<i32>,
        rel: Rel,
    },
    /// A quarter; `q == 0` means "the quarter" (the one in focus).
    Quarter { q: u8, y: Option<i32>, rel: Rel },
    /// A quarter of a stated or relative year ("this year's third quarter", "the 1988 period");
    /// `q == 0` means the quarter in focus.
    QuarterIn { q: u8, y: Option<i32>, yshift: i32 },
    /// A half year.
    Half { h: u8, y: Option<i32> },
    /// `n` units from the document date, at that unit's granularity ("last year", "a week ago").
    Shift { unit: Unit, n: i32 },
    /// `n` units before the document date, said with "ago" (earnings reports mean a quarter).
    Ago { unit: Unit, n: i32 },
    /// `n` days from the document date, with an optional part of the day or clock time.
    DayShift { n: i32, part: Option<&'static str> },
    /// A clock time on the document date.
    Clock { h: u8, min: u8, utc: bool },
    /// A clock time on a stated day ("5 p.m. EST Nov. 9", "noon Saturday").
    ClockOn {
        h: u8,
        min: u8,
        utc: bool,
        day: Box<Sem>,
    },
    /// `n` units from the previous time expression ("two days later", "the following day").
    Anaphor { unit: Unit, n: i32 },
    /// "The weekend", relative to the document date (`n` weeks).
    Weekend { n: i32, bare: bool },
    /// Thanksgiving (fourth Thursday of November).
    Thanksgiving { y: Option<i32> },
}

/// One recognised expression: token range, type, meaning.
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// TIMEX3 type.
    pub ty: TimexType,
    /// Meaning.
    pub sem: Sem,
}

/// Finds all expressions in the token stream, left to right, without overlaps.
pub(crate) fn recognise(text: &str, toks: &[Tok]) -> Vec<Raw> {
    let g = Grammar { text, toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some(raw) = g.match_at(i) {
            if raw.end > i {
                i = raw.end;
                out.push(raw);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Time-zone abbreviations that may stand between a clock time and its day.
const ZONES: &[&str] = &[
    "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "ET", "BST", "CET",
];

/// Prepositions and cues after which a bare four-digit number is a year.
fn year_context(word: &str) -> bool {
    matches!(
        word,
        "in" | "since"
            | "by"
            | "until"
            | "till"
            | "from"
            | "of"
            | "during"
            | "before"
            | "after"
            | "to"
            | "and"
            | "or"
            | "between"
            | "through"
            | "around"
            | "circa"
            | "early"
            | "mid"
            | "late"
            | "fiscal"
            | "year"
            | "for"
            | "the"
            | "end"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "than"
            | "at"
            | "as"
            | "on"
            | "against"
            | "a"
            | "an"
            | "that"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "this"
            | "whose"
            | "post"
            | "pre"
            | "s"
            | "throughout"
            | "within"
            | "into"
            | "ending"
            | "beginning"
            | "starting"
    )
}

/// Words that may follow a year standing alone.
fn after_year(word: &str) -> bool {
    matches!(
        word,
        "and"
            | "or"
            | "to"
            | "when"
            | "as"
            | "with"
            | "was"
            | "were"
            | "is"
            | "that"
            | "after"
            | "before"
            | "but"
            | "in"
            | "on"
            | "at"
            | "the"
            | "he"
            | "she"
            | "it"
            | "they"
            | "we"
            | "through"
            | "until"
            | "had"
            | "has"
            | "have"
            | "which"
            | "while"
            | "because"
            | "election"
            | "elections"
            | "war"
            | "levels"
            | "level"
            | "figures"
            | "budget"
            | "season"
            | "census"
            | "report"
            | "results"
            | "period"
            | "for"
            | "from"
            | "a"
    )
}

struct Grammar<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl<'a> Grammar<'a> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn str(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.s..t.e))
            .unwrap_or("")
    }

    fn word(&self, i: usize) -> Option<Word> {
        self.tok(i).and_then(Tok::word)
    }

    fn cue(&self, i: usize) -> Option<Cue> {
        match self.word(i) {
            Some(Word::Cue(c)) => Some(c),
            _ => None,
        }
    }

    fn is_cue(&self, i: usize, cue: Cue) -> bool {
        self.cue(i) == Some(cue)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(c))
    }

    /// True when token `i` starts a new clause (so it cannot continue an expression).
    fn brk(&self, i: usize) -> bool {
        self.tok(i).is_none_or(|t| t.brk)
    }

    fn lower_is(&self, i: usize, word: &str) -> bool {
        self.str(i).eq_ignore_ascii_case(word)
    }

    /// True when the token before `i` is `word` (any case).
    fn prev_is(&self, i: usize, word: &str) -> bool {
        i > 0 && self.lower_is(i - 1, word)
    }

    /// "of last year", "of this year", "of next year" at `i`: (year shift, next token).
    fn of_relative_year(&self, i: usize) -> Option<(i32, usize)> {
        if !self.is_cue(i, Cue::Of) || self.brk(i + 1) || self.brk(i + 2) {
            return None;
        }
        if !matches!(self.unit(i + 2), Some((Unit::Year, false))) {
            return None;
        }
        let shift = match self.cue(i + 1)? {
            Cue::Last | Cue::Past => -1,
            Cue::This | Cue::Current => 0,
            Cue::Next => 1,
            _ => return None,
        };
        Some((shift, i + 3))
    }

    /// The token after a possessive "'s" starting at `i`, if there is one.
    fn possessive(&self, i: usize) -> Option<usize> {
        let apostrophe = self.punct(i, '\'') || self.punct(i, '’');
        (apostrophe && self.lower_is(i + 1, "s") && !self.brk(i + 2)).then_some(i + 2)
    }

    /// "third quarter", "quarter", "period" at `i`: (quarter number, 0 for the one in focus; next token).
    fn quarter_words(&self, i: usize) -> Option<(u8, usize)> {
        if self.brk(i) {
            return None;
        }
        let ordinal = match (self.word(i), self.tok(i).map(|t| t.kind)) {
            (Some(Word::Ordinal(v)), _) | (_, Some(Kind::Ordinal(v))) => Some(v),
            (Some(Word::Unit(Unit::Second, false)), _) => Some(2),
            _ => None,
        };
        if let Some(v) = ordinal {
            if (1..=4).contains(&v) && matches!(self.unit(i + 1), Some((Unit::Quarter, false))) {
                return Some((v as u8, i + 2));
            }
            return None;
        }
        if matches!(self.unit(i), Some((Unit::Quarter, false))) || self.lower_is(i, "period") {
            return Some((0, i + 1));
        }
        None
    }

    /// True when the noun phrase at `i` (one adjective allowed) names people or things of an
    /// age rather than of a day ("world", "youth", "personal computers").
    fn generic_noun(&self, i: usize) -> bool {
        const GENERIC: &[&str] = &[
            "world",
            "youth",
            "society",
            "generation",
            "generations",
            "kids",
            "children",
            "people",
            "computers",
            "economy",
            "culture",
            "technology",
            "standards",
            "consumers",
            "families",
            "students",
            "teenagers",
            "politics",
            "times",
            "age",
        ];
        (i..i + 2).any(|k| !self.brk(k) && GENERIC.contains(&lowercase(self.str(k), &mut [0; 24])))
    }

    /// True when "soon" at `i` only relates two events: "as soon as", "soon after", or in a
    /// past narrative ("was soon released", "soon became").
    fn soon_relates(&self, i: usize) -> bool {
        let prev_past = i > 0
            && matches!(
                lowercase(self.str(i - 1), &mut [0; 24]),
                "was" | "were" | "had"
            );
        let mut buf = [0; 24];
        let next = lowercase(self.str(i + 1), &mut buf);
        let next_relates = !self.brk(i + 1)
            && (next.ends_with("ed")
                || matches!(
                    next,
                    "became"
                        | "came"
                        | "went"
                        | "began"
                        | "as"
                        | "after"
                        | "afterwards"
                        | "thereafter"
                ));
        self.prev_is(i, "as") || prev_past || next_relates
    }

    /// True when "daily" at `i` names a newspaper ("the daily newspaper").
    fn names_publication(&self, i: usize) -> bool {
        // TimeBank and AQUAINT mark "the daily tally", "a daily basis" and even "the party
        // daily Granma" as recurrences, so only the word "newspaper" after it rules one out.
        !self.brk(i + 1)
            && matches!(
                lowercase(self.str(i + 1), &mut [0; 24]),
                "newspaper" | "newspapers" | "paper" | "papers"
            )
    }

    /// True when token `i` names the UTC zone ("UTC", "GMT", "Z").
    fn is_zone(&self, i: usize) -> bool {
        !self.brk(i) && (self.str(i) == "UTC" || self.str(i) == "GMT")
    }

    /// A day of the month at token `i` (digits 1..31 or "23rd").
    fn day(&self, i: usize) -> Option<u8> {
        match self.tok(i)?.kind {
            Kind::Digits(v, n) if (1..=31).contains(&v) && n <= 2 => Some(v as u8),
            Kind::Ordinal(v) if (1..=31).contains(&v) => Some(v as u8),
            _ => None,
        }
    }

    /// A four-digit year at token `i`.
    fn year(&self, i: usize) -> Option<i32> {
        match self.tok(i)?.kind {
            Kind::Digits(v, 4) if (1000..=2199).contains(&v) => Some(v as i32),
            _ => None,
        }
    }

    /// A year after a month or season: "May 2017", "May, 2017", "May of 2017". Returns (year, next).
    fn year_after(&self, i: usize) -> Option<(i32, usize)> {
        if self.brk(i) {
            return None;
        }
        if let Some(y) = self.year(i) {
            return Some((y, i + 1));
        }
        if let Some(found) = self.spoken_year(i) {
            return Some(found);
        }
        if (self.punct(i, ',') || self.is_cue(i, Cue::Of)) && !self.brk(i + 1) {
            if let Some(y) = self.year(i + 1) {
                return Some((y, i + 2));
            }
            if let Some(found) = self.spoken_year(i + 1) {
                return Some(found);
            }
        }
        None
    }

    /// A year spoken in words, as broadcast transcripts write it: "nineteen ninety-six".
    fn spoken_year(&self, i: usize) -> Option<(i32, usize)> {
        if self.word(i) != Some(Word::Number(19)) || self.brk(i + 1) {
            return None;
        }
        let (Some(v), next) = self.quantity(i + 1)? else {
            return None;
        };
        let words = matches!(self.word(i + 1), Some(Word::Number(_)));
        ((10..=99).contains(&v) && words).then_some((1900 + v as i32, next))
    }

    /// "last year", "this year", "next year" at `i`: (year shift, next token).
    fn relative_year(&self, i: usize) -> Option<(i32, usize)> {
        if self.brk(i) || self.brk(i + 1) || !matches!(self.unit(i + 1), Some((Unit::Year, false)))
        {
            return None;
        }
        let shift = match self.cue(i)? {
            Cue::Last => -1,
            Cue::This => 0,
            Cue::Next => 1,
            _ => return None,
        };
        Some((shift, i + 2))
    }

    /// A quantity at token `i`: a number, number words ("twenty four"), "a", "a few",
    /// "several", "a couple of". `None` in the value means "some" (TIMEX3 `X`).
    fn quantity(&self, i: usize) -> Option<(Option<u32>, usize)> {
        let tok = self.tok(i)?;
        match tok.kind {
            Kind::Digits(v, n) if n <= 4 => return Some((Some(v), i + 1)),
            Kind::Compound => {
                // "1.5 years": fractional quantities are kept as their integer part.
                let s = self.str(i);
                if let Some((whole, _)) = s.split_once('.') {
                    if let Ok(v) = whole.parse::<u32>() {
                        return Some((Some(v), i + 1));
                    }
                }
                return None;
            }
            _ => {}
        }
        match tok.word()? {
            Word::Number(v) => {
                // "twenty four", "twenty-four".
                if v >= 20 && v % 10 == 0 && v < 100 {
                    if let Some(Word::Number(u)) = self.word(i + 1) {
                        if u < 10 && !self.brk(i + 1) {
                            return Some((Some(v + u), i + 2));
                        }
                    }
                }
                Some((Some(v), i + 1))
            }
            Word::Cue(Cue::A) => {
                if self.is_cue(i + 1, Cue::Few) {
                    return Some((None, i + 2));
                }
                if self.is_cue(i + 1, Cue::Couple) && self.is_cue(i + 2, Cue::Of) {
                    return Some((Some(2), i + 3));
                }
                if self.lower_is(i + 1, "dozen") {
                    return Some((Some(12), i + 2));
                }
                Some((Some(1), i + 1))
            }
            Word::Cue(Cue::Several | Cue::Few | Cue::Many) => Some((None, i + 1)),
            Word::Cue(Cue::Couple) if self.is_cue(i + 1, Cue::Of) => Some((Some(2), i + 2)),
            _ => {
                if self.lower_is(i, "dozens") && self.is_cue(i + 1, Cue::Of) {
                    return Some((None, i + 2));
                }
                None
            }
        }
    }

    /// A unit word at `i`: (unit, plural).
    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.word(i)? {
            Word::Unit(u, p) => Some((u, p)),
            _ => None,
        }
    }

    fn raw(&self, start: usize, end: usize, ty: TimexType, sem: Sem) -> Option<Raw> {
        Some(Raw {
            start,
            end,
            ty,
            sem,
        })
    }

    /// Tries every rule at token `i`; the longest match wins.
    fn match_at(&self, i: usize) -> Option<Raw> {
        let tok = self.tok(i)?;
        // Fast reject: only tokens that can start an expression are looked at further.
        let starts = match tok.kind {
            Kind::Word(Some(_)) | Kind::Digits(..) | Kind::Compound | Kind::Decade(_) => true,
            Kind::Ordinal(_) => true,
            Kind::Word(None) => self.holiday_first(i),
            Kind::Punct(_) => false,
        };
        if !starts {
            return None;
        }
        // Modifiers and determiners in front of a core expression are part of its span.
        let mut j = i;
        let mut det = false;
        let mut modified = false;
        loop {
            match self.cue(j) {
                Some(Cue::The) if !det => {
                    det = true;
                    j += 1;
                }
                Some(Cue::Early | Cue::Late | Cue::Mid) if !modified => {
                    modified = true;
                    j += 1;
                }
                Some(Cue::End | Cue::Beginning | Cue::Start) if self.is_cue(j + 1, Cue::Of) => {
                    modified = true;
                    det = false;
                    j += 2;
                }
                Some(Cue::About | Cue::Nearly | Cue::Almost | Cue::Around) if !modified => {
                    modified = true;
                    j += 1;
                }
                Some(Cue::More) if self.is_cue(j + 1, Cue::Than) => {
                    modified = true;
                    j += 2;
                }
                Some(Cue::Fiscal) if self.year(j + 1).is_some() || self.unit(j + 1).is_some() => {
                    modified = true;
                    j += 1;
                }
                // "the full year" is the year.
                None if det && self.lower_is(j, "full") && self.unit(j + 1).is_some() => {
                    j += 1;
                }
                _ => break,
            }
            if self.brk(j) {
                return None;
            }
        }
        let mut core = self.core(j, det, modified)?;
        if let Sem::Clock { h, min, utc } = core.sem {
            // "5 p.m. EST Nov. 9", "noon Saturday", "9 a.m. Tuesday": the day follows.
            let mut k = core.end;
            if self.punct(k, '.') && !self.brk(k) {
                k += 1;
            }
            if !self.brk(k) && ZONES.contains(&self.str(k)) {
                k += 1;
            }
            if self.punct(k, ',') {
                k += 1;
            }
            if !self.brk(k) {
                if let Some(day) = self.core(k, false, false) {
                    if matches!(
                        day.sem,
                        Sem::Weekday { .. } | Sem::Day { .. } | Sem::DayShift { part: None, .. }
                    ) {
                        core = Raw {
                            end: day.end,
                            sem: Sem::ClockOn {
                                h,
                                min,
                                utc,
                                day: Box::new(day.sem),
                            },
                            ..core
                        };
                    }
                }
            }
        }
        // A capitalised relative expression or amount of time just after a quotation mark
        // is a title (the "This Week" or "60 Minutes" programme), not a time.
        if matches!(core.sem, Sem::Shift { .. } | Sem::Value(_, false))
            && j == i
            && i > 0
            && self
                .tok(i - 1)
                .is_some_and(|t| matches!(t.kind, Kind::Punct('"' | '`' | '\'')))
            && (core.start..core.end).all(|k| {
                self.str(k)
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            })
            && (core.start..core.end).any(|k| self.tok(k).is_some_and(|t| t.cap))
            && core.end > core.start + 1
        {
            return None;
        }
        // TimeML leaves the article out of names of days, months and years ("the 1988",
        // "the Oct. 13") and of adjectives ("the third-quarter", "the 10-day", "the recent"),
        // but keeps it in noun phrases ("the third quarter", "the past two years").
        if det && self.is_cue(i, Cue::The) && !self.keeps_article(&core) {
            return Some(Raw {
                start: i + 1,
                ..core
            });
        }
        Some(Raw { start: i, ..core })
    }

    /// True when TimeML spans include a leading "the" for this expression.
    fn keeps_article(&self, raw: &Raw) -> bool {
        let last = raw.end.saturating_sub(1);
        let adjective = raw.end > raw.start + 1
            && self.tok(last).is_some_and(|t| t.hyph)
            && !self
                .tok(raw.end)
                .is_some_and(|t| t.brk || matches!(t.kind, Kind::Punct(_)));
        match &raw.sem {
            Sem::Value(v, true) => v.len() != 4,
            Sem::Value(v, false) => {
                let present = v == "PRESENT_REF";
                let recent = v == "PAST_REF" && self.lower_is(raw.start, "recent");
                let bare_plural = raw.end == raw.start + 1 && v.starts_with("PX");
                !(present || recent || adjective || bare_plural)
            }
            Sem::Day { .. } | Sem::Month { .. } | Sem::Weekday { .. } => false,
            Sem::Quarter { .. } => !adjective,
            Sem::Anaphor { .. } => {
                raw.end > raw.start + 1
                    && !self.tok(last).is_some_and(|t| {
                        t.hyph && (self.lower_is(last, "ago") || self.lower_is(last, "earlier"))
                    })
            }
            _ => true,
        }
    }

    /// The core rules at token `i`; `det` tells a determiner or modifier precedes.
    fn core(&self, i: usize, det: bool, modified: bool) -> Option<Raw> {
        let tok = *self.tok(i)?;
        match tok.kind {
            Kind::Digits(v, n) => self.numeric(i, v, n, det || modified),
            Kind::Compound => self.compound(i),
            Kind::Decade(d) => self.raw(i, i + 1, TimexType::Date, Sem::Value(d.to_string(), true)),
            Kind::Ordinal(v) => self.ordinal(i, v),
            Kind::Punct(_) => None,
            // "the near term", "the short term", "the long term": the future.
            Kind::Word(None)
                if det
                    && self.lower_is(i + 1, "term")
                    && !self.brk(i + 1)
                    // "the long-term savings" is an adjective, which is not annotated.
                    && !self.tok(i + 1).is_some_and(|t| t.hyph)
                    && matches!(
                        lowercase(self.str(i), &mut [0; 24]),
                        "near" | "short" | "long"
                    ) =>
            {
                self.raw(
                    i,
                    i + 2,
                    TimexType::Date,
                    Sem::Value("FUTURE_REF".into(), false),
                )
            }
            Kind::Word(None) => self.holiday(i),
            Kind::Word(Some(word)) => match word {
                Word::Month(m) => self.month(i, m, Rel::Tense),
                Word::Weekday(wd) => self.weekday(i, wd, Rel::Tense),
                Word::Number(_) => self.quantified(i, det),
                Word::Ordinal(v) => self.ordinal(i, v),
                // "second" is a unit and an ordinal: "the second quarter", "the second half".
                Word::Unit(Unit::Second, false)
                    if matches!(self.unit(i + 1), Some((Unit::Quarter, _)))
                        || self.is_cue(i + 1, Cue::Half) =>
                {
                    self.ordinal(i, 2)
                }
                Word::Unit(unit, plural) => self.bare_unit(i, unit, plural, det || modified),
                Word::Season(s) => self.season(i, s, Rel::Tense, det || modified),
                Word::PartOfDay(_) => None,
                Word::Cue(cue) => self.cue_rule(i, cue, det),
            },
        }
    }

    /// Four-digit years, clock times and quantities written in digits.
    fn numeric(&self, i: usize, v: u32, n: u8, det: bool) -> Option<Raw> {
        if n == 4 && self.is_zone(i + 1) && v % 100 < 60 && v / 100 <= 24 {
            let (h, min) = ((v / 100) as u8, (v % 100) as u8);
            return self.raw(i, i + 2, TimexType::Time, Sem::Clock { h, min, utc: true });
        }
        // "2 1/2 years", "5 1/2 hours": a whole number of units and a half.
        if !self.brk(i + 1) && !self.brk(i + 2) && self.str(i + 1) == "1/2" {
            let half = match self.unit(i + 2) {
                Some((Unit::Year, _)) => Some(format!("P{v}Y6M")),
                Some((Unit::Hour, _)) => Some(format!("PT{v}H30M")),
                Some((Unit::Minute, _)) => Some(format!("PT{v}M30S")),
                Some((Unit::Day, _)) => Some(format!("P{v}DT12H")),
                _ => None,
            };
            if let Some(value) = half {
                return self.raw(i, i + 3, TimexType::Duration, Sem::Value(value, false));
            }
        }
        if n == 4 && (1000..=2199).contains(&v) {
            if let Some(raw) = self.year_rule(i, v as i32, det) {
                return Some(raw);
            }
        }
        // Day-first dates: "23 May 2017", "23 May".
        if let Some(d) = self.day(i) {
            if let Some(raw) = self.day_first(i, d) {
                return Some(raw);
            }
        }
        // Clock times: "10 p.m.", "5 am", "10 o'clock".
        if n <= 2 && v <= 12 {
            match self.cue(i + 1) {
                Some(Cue::Am | Cue::Pm) if !self.brk(i + 1) => {
                    let h = if self.is_cue(i + 1, Cue::Pm) && v < 12 {
                        v + 12
                    } else if v == 12 && self.is_cue(i + 1, Cue::Am) {
                        0
                    } else {
                        v
                    };
                    return self.raw(
                        i,
                        i + 2,
                        TimexType::Time,
                        Sem::Clock {
                            h: h as u8,
                            min: 0,
                            utc: false,
                        },
                    );
                }
                Some(Cue::Oclock) => {
                    return self.raw(
                        i,
                        i + 2,
                        TimexType::Time,
                        Sem::Clock {
                            h: v as u8,
                            min: 0,
                            utc: false,
                        },
                    );
                }
                _ => {}
            }
        }
        self.quantified(i, det)
    }

    /// A bare year, with the checks that keep "1500 people" out.
    fn year_rule(&self, i: usize, y: i32, det: bool) -> Option<Raw> {
        let _ = det;
        let prev_ok = i == 0
            || self
                .toks
                .get(i.wrapping_sub(1))
                .is_some_and(|t| match t.kind {
                    Kind::Word(_) => year_context(lowercase(self.str(i - 1), &mut [0; 24])),
                    Kind::Punct(c) => matches!(c, '(' | ',' | '-' | '–' | '/'),
                    _ => false,
                })
            || self.brk(i);
        let next_ok = match self.tok(i + 1) {
            None => true,
            Some(t) if t.brk => true,
            Some(t) => match t.kind {
                Kind::Punct(c) => !matches!(c, '%' | '$'),
                Kind::Word(_) => t.cap || after_year(lowercase(self.str(i + 1), &mut [0; 24])),
                _ => false,
            },
        };
        // "Russell 2000", "Windows 2000": a year after a name is part of the name.
        let prev_name = i > 0
            && !self.brk(i)
            && self
                .tok(i - 1)
                .is_some_and(|t| t.cap && !t.brk && matches!(t.kind, Kind::Word(None)))
            && !year_context(lowercase(self.str(i - 1), &mut [0; 24]));
        if prev_name {
            return None;
        }
        let prev_money = i > 0
            && self
                .toks
                .get(i - 1)
                .is_some_and(|t| matches!(t.kind, Kind::Punct('$' | '€' | '£')));
        if prev_money || !(prev_ok || next_ok) {
            return None;
        }
        // "the 1988 quarter", "the 1988 second quarter", "the 1989 period".
        if let Some((q, after)) = self.quarter_words(i + 1) {
            return self.raw(
                i,
                after,
                TimexType::Date,
                Sem::QuarterIn {
                    q,
                    y: Some(y),
                    yshift: 0,
                },
            );
        }
        // "2017 and 2018" are two expressions; "1992-95" arrives as a compound token.
        self.raw(
            i,
            i + 1,
            TimexType::Date,
            Sem::Value(format!("{y:04}"), true),
        )
    }

    /// Numbers with separators: ISO dates, European and US dates, year ranges, clock times.
    fn compound(&self, i: usize) -> Option<Raw> {
        let s = self.str(i);
        let sep = s.bytes().find(|b| !b.is_ascii_digit())?;
        let mut parts = [0u32; 3];
        let mut lens = [0usize; 3];
        let mut count = 0;
        for part in s.split(sep as char) {
            if count >= 3 || part.is_empty() || part.len() > 4 {
                return None;
            }
            parts[count] = part.parse().ok()?;
            lens[count] = part.len();
            count += 1;
        }
        let date = |y: u32, m: u32, d: u32| -> Option<Sem> {
            chrono::NaiveDate::from_ymd_opt(y as i32, m, d)?;
            Some(Sem::Day {
                y: Some(y as i32),
                m: m as u8,
                d: d as u8,
            })
        };
        let full_year = |y: u32, len: usize| {
            if len == 2 {
                if y < 50 {
                    2000 + y
                } else {
                    1900 + y
                }
            } else {
                y
            }
        };
        match (sep, count) {
            (b'-', 3) if lens[0] == 4 => {
                let sem = date(parts[0], parts[1], parts[2])?;
                self.raw(i, i + 1, TimexType::Date, sem)
            }
            (b'.' | b'/', 3) if lens[2] == 4 || lens[2] == 2 => {
                let y = full_year(parts[2], lens[2]);
                // Slashes are read month-first (US) unless the first number cannot be a month.
                let (d, m) = if sep == b'/' && parts[0] <= 12 {
                    (parts[1], parts[0])
                } else {
                    (parts[0], parts[1])
                };
                let sem = date(y, m, d)?;
                self.raw(i, i + 1, TimexType::Date, sem)
            }
            (b'-' | b'/', 2) if lens[0] == 4 && (1000..=2199).contains(&parts[0]) => {
                let y1 = parts[0] as i32;
                let y2 = match lens[1] {
                    2 => (y1 / 100) * 100 + parts[1] as i32,
                    4 => parts[1] as i32,
                    _ => return None,
                };
                if y2 <= y1 || y2 - y1 > 50 {
                    return None;
                }
                self.raw(i, i + 1, TimexType::Date, Sem::YearRange(y1, y2))
            }
            (b':', 2) if parts[0] <= 24 && parts[1] < 60 && lens[1] == 2 => {
                let mut h = parts[0];
                let mut end = i + 1;
                match self.cue(i + 1) {
                    Some(Cue::Pm) => {
                        if h < 12 {
                            h += 12;
                        }
                        end = i + 2;
                    }
                    Some(Cue::Am) => {
                        if h == 12 {
                            h = 0;
                        }
                        end = i + 2;
                    }
                    _ => {
                        let prev_at = i > 0 && self.lower_is(i - 1, "at");
                        if !prev_at && !self.is_zone(i + 1) && !self.lower_is(i + 1, "hours") {
                            return None;
                        }
                    }
                }
                // "18:00 UTC": the zone is part of the expression and the value is in UTC.
                let utc = self.is_zone(end);
                if utc {
                    end += 1;
                }
                self.raw(
                    i,
                    end,
                    TimexType::Time,
                    Sem::Clock {
                        h: h as u8,
                        min: parts[1] as u8,
                        utc,
                    },
                )
            }
            (b'.', 2) if i > 0 && self.punct(i - 1, '(') && self.punct(i + 1, ')') => {
                // "(21.02)" after a weekday is handled by the weekday rule; alone it is a day.
                let (d, m) = (parts[0], parts[1]);
                if !(1..=31).contains(&d) || !(1..=12).contains(&m) || lens[1] != 2 {
                    return None;
                }
                self.raw(
                    i,
                    i + 1,
                    TimexType::Date,
                    Sem::Day {
                        y: None,
                        m: m as u8,
                        d: d as u8,
                    },
                )
            }
            _ => None,
        }
    }

    /// "23 May 2017", "23rd of May", "the 4th of July".
    fn day_first(&self, i: usize, d: u8) -> Option<Raw> {
        let mut j = i + 1;
        if self.is_cue(j, Cue::Of) {
            j += 1;
        }
        if self.brk(j) {
            return None;
        }
        let Some(Word::Month(m)) = self.word(j) else {
            return None;
        };
        if !self.month_word_ok(j) {
            return None;
        }
        let mut end = j + 1;
        if self.punct(end, '.') && !self.brk(end) {
            end += 1;
        }
        if let Some((y, next)) = self.year_after(end) {
            return self.raw(i, next, TimexType::Date, Sem::Day { y: Some(y), m, d });
        }
        self.raw(i, j + 1, TimexType::Date, Sem::Day { y: None, m, d })
    }

    /// True when the month word at `i` is really a month (not "may" the verb, "Jan" the name).
    fn month_word_ok(&self, i: usize) -> bool {
        let Some(tok) = self.tok(i) else {
            return false;
        };
        if !tok.cap {
            return false;
        }
        let s = self.str(i);
        let full = matches!(
            lowercase(s, &mut [0; 24]),
            "january"
                | "february"
                | "april"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
        );
        if full {
            return true;
        }
        // "May", "March" and abbreviations need a number or a full stop next to them, or a
        // preposition before them.
        let next_num = matches!(
            self.tok(i + 1).map(|t| t.kind),
            Some(Kind::Digits(..) | Kind::Ordinal(_))
        ) || (self.punct(i + 1, '.')
            && matches!(self.tok(i + 2).map(|t| t.kind), Some(Kind::Digits(..))));
        if next_num {
            return true;
        }
        if s.len() <= 4 && !s.eq_ignore_ascii_case("may") {
            return self.punct(i + 1, '.') && s.len() >= 3;
        }
        i > 0
            && matches!(
                lowercase(self.str(i - 1), &mut [0; 24]),
                "in" | "since"
                    | "until"
                    | "till"
                    | "from"
                    | "by"
                    | "of"
                    | "this"
                    | "last"
                    | "next"
                    | "early"
                    | "mid"
                    | "late"
                    | "during"
                    | "before"
                    | "after"
                    | "through"
                    | "to"
                    | "and"
                    | "or"
                    | "coming"
                    | "end"
                    | "between"
            )
    }

    /// Month-first dates and bare months: "May 23, 2017", "October 2016", "in May".
    fn month(&self, i: usize, m: u8, rel: Rel) -> Option<Raw> {
        if !self.month_word_ok(i) {
            return None;
        }
        let mut j = i + 1;
        if self.punct(j, '.') && !self.brk(j) {
            j += 1;
        }
        if !self.brk(j) {
            if let Some(d) = self.day(j) {
                // "May 23, 2017" / "May 23 2017" / "May 23".
                let mut k = j + 1;
                if self.punct(k, ',') {
                    k += 1;
                }
                if !self.brk(k) {
                    if let Some(y) = self.year(k) {
                        return self.raw(i, k + 1, TimexType::Date, Sem::Day { y: Some(y), m, d });
                    }
                }
                // "June 13, 2005" style with a number of 1..31 but not a year: a day only.
                return self.raw(i, j + 1, TimexType::Date, Sem::Day { y: None, m, d });
            }
        }
        if let Some((y, next)) = self.year_after(j) {
            return self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Month {
                    y: Some(y),
                    m,
                    rel: Rel::This,
                },
            );
        }
        // "July last year", "in April next year".
        if let Some((yshift, next)) = self.relative_year(j) {
            return self.raw(i, next, TimexType::Date, Sem::MonthIn { m, yshift });
        }
        self.raw(i, i + 1, TimexType::Date, Sem::Month { y: None, m, rel })
    }

    /// Weekdays: "Tuesday", "Monday (21.02)", "Friday, Feb. 21", "Tuesday morning".
    fn weekday(&self, i: usize, wd: u8, rel: Rel) -> Option<Raw> {
        let tok = self.tok(i)?;
        let s = self.str(i);
        if !tok.cap || (s.len() <= 4 && !self.punct(i + 1, '.')) {
            return None;
        }
        let mut end = i + 1;
        if self.punct(end, '.') && s.len() <= 4 {
            end += 1;
        }
        let mut dm = None;
        // "(21.02)" or "(21.02.)" right after the weekday.
        if self.punct(end, '(') {
            if let Some(t) = self.tok(end + 1) {
                if t.kind == Kind::Compound {
                    let v = self.str(end + 1);
                    if let Some((d, m)) = v.split_once('.') {
                        let m = m.trim_end_matches('.');
                        if let (Ok(d), Ok(m)) = (d.parse::<u8>(), m.parse::<u8>()) {
                            if (1..=31).contains(&d)
                                && (1..=12).contains(&m)
                                && self.punct(end + 2, ')')
                            {
                                dm = Some((d, m));
                                end += 3;
                            }
                        }
                    }
                }
            }
        }
        // "Friday, Feb. 21": the date is stated.
        if dm.is_none() {
            let k = if self.punct(end, ',') { end + 1 } else { end };
            if !self.brk(k) {
                let date = match self.word(k) {
                    Some(Word::Month(_)) => self.core(k, false, false),
                    _ => self.day(k).and_then(|d| self.day_first(k, d)),
                };
                // TimeBank marks "Friday, Oct. 23" as one expression, valued by the date.
                if let Some(
                    raw @ Raw {
                        sem: Sem::Day { .. },
                        ..
                    },
                ) = date
                {
                    return Some(Raw { start: i, ..raw });
                }
            }
        }
        let mut part = None;
        if !self.brk(end) {
            if let Some(Word::PartOfDay(p)) = self.word(end) {
                end += 1;
                // TimeBank and AQUAINT give "Friday evening" its part of the day ("TEV") but
                // mostly value "Friday night" and "Friday morning" as the day.
                if p == "EV" || p == "AF" {
                    part = Some(p);
                }
            }
        }
        let ty = if part.is_some() {
            TimexType::Time
        } else {
            TimexType::Date
        };
        self.raw(i, end, ty, Sem::Weekday { wd, rel, dm, part })
    }

    /// Seasons: "summer", "last fall", "the summer of 2019", "spring 2019".
    fn season(&self, i: usize, s: &'static str, rel: Rel, det: bool) -> Option<Raw> {
        if let Some((y, next)) = self.year_after(i + 1) {
            return self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Season {
                    s,
                    y: Some(y),
                    rel: Rel::This,
                },
            );
        }
        let mut buf = [0; 24];
        let prev = if i > 0 {
            lowercase(self.str(i - 1), &mut buf)
        } else {
            ""
        };
        let context = det
            || rel != Rel::Tense
            || matches!(
                prev,
                "in" | "this" | "last" | "next" | "since" | "until" | "during" | "by"
            );
        if !context {
            return None;
        }
        // "the fall of the Berlin Wall" is not a season.
        if s == "FA" && self.is_cue(i + 1, Cue::Of) {
            return None;
        }
        self.raw(i, i + 1, TimexType::Date, Sem::Season { s, y: None, rel })
    }

    /// Ordinals: quarters ("third quarter"), halves, centuries, and "the first nine months".
    fn ordinal(&self, i: usize, v: u32) -> Option<Raw> {
        if self.brk(i + 1) {
            return None;
        }
        if let Some((unit, _)) = self.unit(i + 1) {
            match unit {
                Unit::Quarter if (1..=4).contains(&v) => {
                    let mut end = i + 2;
                    let mut y = None;
                    if let Some((year, next)) = self.year_after(end) {
                        y = Some(year);
                        end = next;
                    } else if let Some((yshift, next)) = self.of_relative_year(end) {
                        // "the first quarter of last year".
                        return self.raw(
                            i,
                            next,
                            TimexType::Date,
                            Sem::QuarterIn {
                                q: v as u8,
                                y: None,
                                yshift,
                            },
                        );
                    }
                    return self.raw(
                        i,
                        end,
                        TimexType::Date,
                        Sem::Quarter {
                            q: v as u8,
                            y,
                            rel: Rel::Tense,
                        },
                    );
                }
                Unit::Century if (1..=30).contains(&v) => {
                    return self.raw(
                        i,
                        i + 2,
                        TimexType::Date,
                        Sem::Value(format!("{:02}", v - 1), true),
                    );
                }
                _ => {}
            }
        }
        if self.is_cue(i + 1, Cue::Half) && (1..=2).contains(&v) {
            let mut end = i + 2;
            let mut y = None;
            if let Some((year, next)) = self.year_after(end) {
                y = Some(year);
                end = next;
            }
            return self.raw(i, end, TimexType::Date, Sem::Half { h: v as u8, y });
        }
        // "the first nine months": a duration.
        if v == 1 || self.lower_is(i, "first") || self.lower_is(i, "last") {
            if let Some(raw) = self.quantified(i + 1, true) {
                if raw.ty == TimexType::Duration {
                    return Some(Raw { start: i, ..raw });
                }
            }
        }
        None
    }

    /// A quantity and a unit: durations, "three years ago", "two days later", "three years on".
    fn quantified(&self, i: usize, det: bool) -> Option<Raw> {
        if let Some((y, next)) = self.spoken_year(i) {
            return self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Value(format!("{y:04}"), true),
            );
        }
        let (n, mut j) = self.quantity(i)?;
        if self.brk(j) {
            return None;
        }
        // "six straight days", "five trading days", "two more weeks".
        if self.unit(j).is_none()
            && !self.brk(j + 1)
            && matches!(
                lowercase(self.str(j), &mut [0; 24]),
                "straight"
                    | "trading"
                    | "consecutive"
                    | "business"
                    | "working"
                    | "more"
                    | "full"
                    | "calendar"
                    | "successive"
                    | "additional"
                    | "whole"
            )
        {
            j += 1;
        }
        let (unit, plural) = self.unit(j)?;
        // "a day", "two days", "a five year low", "a two-day rally".
        let next_is_noun = self
            .tok(j + 1)
            .is_some_and(|t| !t.brk && !t.cap && matches!(t.kind, Kind::Word(None)));
        let singular_ok = n == Some(1) || self.tok(j).is_some_and(|t| t.hyph) || next_is_noun;
        // "three-quarters" is a fraction; "a second betrayal" an ordinal.
        if unit == Unit::Quarter && self.tok(j).is_some_and(|t| t.hyph) && plural {
            return None;
        }
        if unit == Unit::Second && !plural && next_is_noun {
            return None;
        }
        // "6-year-old", "52 years old" are ages, which TimeBank does not mark.
        if self.lower_is(j + 1, "old") {
            return None;
        }
        // "One day, ..." at the start of a clause means "some day", not a duration.
        if self.lower_is(i, "one") && self.brk(i) && !plural {
            return None;
        }
        if !plural && !singular_ok {
            return None;
        }
        let k = j + 1;
        let shift = |sign: i32| n.map(|v| sign * v as i32);
        match self.cue(k) {
            Some(Cue::Ago) if !self.brk(k) => {
                return match shift(-1) {
                    Some(n) => self.raw(i, k + 1, TimexType::Date, Sem::Ago { unit, n }),
                    None => self.raw(
                        i,
                        k + 1,
                        TimexType::Date,
                        Sem::Value("PAST_REF".into(), false),
                    ),
                };
            }
            // "two weeks after the vote", "30 days before closing": TimeBank and AQUAINT mark
            // the amount as a DURATION and leave the preposition out (eight in twelve), so
            // these fall through to the duration below.
            Some(Cue::Earlier)
                if !self.brk(k) && !self.continues_with_noun(k + 1) && !unit.is_clock() =>
            {
                if let Some(n) = shift(-1) {
                    return self.raw(i, k + 1, TimexType::Date, Sem::Anaphor { unit, n });
                }
            }
            Some(Cue::Later)
                if !self.brk(k) && !self.continues_with_noun(k + 1) && !unit.is_clock() =>
            {
                if let Some(n) = shift(1) {
                    return self.raw(i, k + 1, TimexType::Date, Sem::Anaphor { unit, n });
                }
            }
            Some(Cue::On) if unit == Unit::Year && !self.brk(k) && self.clause_ends(k + 1) => {
                if let Some(n) = shift(1) {
                    return self.raw(i, k + 1, TimexType::Date, Sem::Anaphor { unit, n });
                }
            }
            Some(Cue::From) if self.is_cue(k + 1, Cue::Now) => {
                if let Some(n) = shift(1) {
                    return self.raw(i, k + 2, TimexType::Date, Sem::Shift { unit, n });
                }
            }
            _ => {}
        }
        // "$5 million a year" is a rate, which TimeBank and AQUAINT almost never annotate
        // (two in nineteen), so it is left out.
        // So is "four flights a week" or "24 hours a day": a count of things per unit.
        let counted = i > 1
            && matches!(self.tok(i - 1).map(|t| t.kind), Some(Kind::Word(_)))
            && (matches!(self.word(i - 2), Some(Word::Number(_))) || self.after_amount(i - 2));
        if n == Some(1)
            && (self.is_cue(i, Cue::A) || self.is_cue(i, Cue::Per))
            && i > 0
            && (self.after_amount(i - 1) || counted)
            && !det
        {
            return None;
        }
        let _ = det;
        self.raw(
            i,
            k,
            TimexType::Duration,
            Sem::Value(duration(n, unit), false),
        )
    }

    /// True when token `i` looks like the end of an amount ("million", "%", "50").
    fn after_amount(&self, i: usize) -> bool {
        match self.tok(i).map(|t| t.kind) {
            Some(Kind::Digits(..)) | Some(Kind::Compound) | Some(Kind::Punct('%')) => true,
            Some(Kind::Word(_)) => matches!(
                lowercase(self.str(i), &mut [0; 24]),
                "million"
                    | "billion"
                    | "thousand"
                    | "hundred"
                    | "percent"
                    | "dollars"
                    | "times"
                    | "barrels"
                    | "tons"
                    | "tonnes"
            ),
            _ => false,
        }
    }

    /// True when token `i` is a noun-like word continuing a phrase ("two days before the vote").
    fn continues_with_noun(&self, i: usize) -> bool {
        matches!(self.cue(i), Some(Cue::The | Cue::A | Cue::That))
            || matches!(
                lowercase(self.str(i), &mut [0; 24]),
                "he" | "she"
                    | "it"
                    | "they"
                    | "we"
                    | "i"
                    | "you"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "this"
            )
    }

    /// True when the clause ends at token `i` (punctuation or end of text).
    fn clause_ends(&self, i: usize) -> bool {
        self.tok(i)
            .is_none_or(|t| t.brk || matches!(t.kind, Kind::Punct(',' | '.' | ';' | ')' | ':')))
    }

    /// Bare units: "years", "weeks" (some), "the year-ago quarter", "the weekend".
    fn bare_unit(&self, i: usize, unit: Unit, plural: bool, det: bool) -> Option<Raw> {
        // "quarter-to-quarter", "year-to-year" compare periods; they name none.
        if self.tok(i + 1).is_some_and(|t| t.hyph) && self.lower_is(i + 1, "to") {
            return None;
        }
        // "year-end", "year end", "year's end": the end of the current year.
        if unit == Unit::Year && !plural {
            let k = self.possessive(i + 1).unwrap_or(i + 1);
            if !self.brk(k) && self.is_cue(k, Cue::End) {
                return self.raw(
                    i,
                    k + 1,
                    TimexType::Date,
                    Sem::Shift {
                        unit: Unit::Year,
                        n: 0,
                    },
                );
            }
        }
        // "the year two thousand (and one)": a year spelt out, as in speech transcripts.
        if unit == Unit::Year && !plural && det && !self.brk(i + 1) && !self.brk(i + 2) {
            if let (Some(Word::Number(2)), true) =
                (self.word(i + 1), self.lower_is(i + 2, "thousand"))
            {
                let mut end = i + 3;
                let mut k = end;
                if !self.brk(k) && self.lower_is(k, "and") {
                    k += 1;
                }
                let mut year = 2000;
                if let (false, Some(Word::Number(n @ 1..=99))) = (self.brk(k), self.word(k)) {
                    year += n;
                    end = k + 1;
                }
                return self.raw(i, end, TimexType::Date, Sem::Value(format!("{year}"), true));
            }
        }
        // "year-ago", "year-earlier": a year before the period in focus.
        if unit == Unit::Year && !plural {
            if let Some(Cue::Ago | Cue::Earlier) = self.cue(i + 1) {
                if self.tok(i + 1).is_some_and(|t| t.hyph) {
                    // "the year-ago third quarter" is one expression: that quarter a year
                    // before, as TimeBank marks it.
                    if let Some((q @ 1..=4, after)) = self.quarter_words(i + 2) {
                        return self.raw(
                            i,
                            after,
                            TimexType::Date,
                            Sem::QuarterIn {
                                q,
                                y: None,
                                yshift: -1,
                            },
                        );
                    }
                    // "the year-earlier nine months" is the length of the compared period.
                    if let (false, Some(Word::Number(n)), Some((Unit::Month, true))) =
                        (self.brk(i + 2), self.word(i + 2), self.unit(i + 3))
                    {
                        return self.raw(
                            i,
                            i + 4,
                            TimexType::Duration,
                            Sem::Value(duration(Some(n), Unit::Month), false),
                        );
                    }
                    let mut end = i + 2;
                    if !self.brk(end)
                        && matches!(
                            lowercase(self.str(end), &mut [0; 24]),
                            "period" | "quarter" | "level" | "levels" | "figure"
                        )
                    {
                        end += 1;
                    }
                    return self.raw(
                        i,
                        end,
                        TimexType::Date,
                        Sem::Anaphor {
                            unit: Unit::Year,
                            n: -1,
                        },
                    );
                }
            }
        }
        if plural && !unit.is_clock() && unit != Unit::Quarter {
            let prev_ok =
                i == 0 || !matches!(self.tok(i - 1).map(|t| t.kind), Some(Kind::Digits(..)));
            // "a matter of days" and "for months" or "for decades" only say "long" or
            // "short", and TimeBank and AQUAINT leave them unmarked (they do mark "for weeks"
            // and, as often as not, "for years").
            let vague = (self.prev_is(i, "of") && i > 1 && self.lower_is(i - 2, "matter"))
                || (self.prev_is(i, "for") && matches!(unit, Unit::Month | Unit::Decade));
            if prev_ok && !vague {
                return self.raw(
                    i,
                    i + 1,
                    TimexType::Duration,
                    Sem::Value(duration(None, unit), false),
                );
            }
        }
        if det && !plural {
            // "the quarter", "the year", "the month" after "end of": the one in focus.
            let prev_end = i >= 2 && self.is_cue(i - 1, Cue::The) && self.is_cue(i - 2, Cue::Of);
            if unit == Unit::Quarter {
                return self.raw(
                    i,
                    i + 1,
                    TimexType::Date,
                    Sem::Quarter {
                        q: 0,
                        y: None,
                        rel: Rel::Tense,
                    },
                );
            }
            if prev_end && matches!(unit, Unit::Year | Unit::Month | Unit::Week) {
                return self.raw(i, i + 1, TimexType::Date, Sem::Shift { unit, n: 0 });
            }
            if unit == Unit::Year {
                // "the year ended Sept. 30": a twelve-month period; "for the (full) year":
                // the current one.
                if !self.brk(i + 1)
                    && (self.lower_is(i + 1, "ended") || self.lower_is(i + 1, "ending"))
                {
                    return self.raw(
                        i,
                        i + 1,
                        TimexType::Duration,
                        Sem::Value("P1Y".into(), false),
                    );
                }
                let mut k = i;
                while k > 0
                    && (self.is_cue(k - 1, Cue::The)
                        || self.is_cue(k - 1, Cue::Fiscal)
                        || self.lower_is(k - 1, "full"))
                {
                    k -= 1;
                }
                if k > 0 && self.lower_is(k - 1, "for") && !self.brk(k) {
                    return self.raw(i, i + 1, TimexType::Date, Sem::Shift { unit, n: 0 });
                }
            }
        }
        None
    }

    /// True when a holiday name starts at token `i`.
    fn holiday_first(&self, i: usize) -> bool {
        let s = self.str(i);
        HOLIDAYS.iter().any(|(name, _, _)| {
            name.split(' ')
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case(s))
        })
    }

    /// The byte where `name` ends if the text at token `i` spells it (any case, either apostrophe).
    fn spells(&self, i: usize, name: &str) -> Option<usize> {
        let start = self.tok(i)?.s;
        let mut text = self.text.get(start..)?.char_indices();
        for want in name.chars() {
            let (_, got) = text.next()?;
            let got = if got == '’' {
                '\''
            } else {
                got.to_ascii_lowercase()
            };
            if got != want {
                return None;
            }
        }
        let end = text.next().map_or(self.text.len(), |(off, c)| {
            if c.is_alphanumeric() {
                usize::MAX
            } else {
                start + off
            }
        });
        (end != usize::MAX).then_some(end)
    }

    /// Fixed-date holidays: "Christmas", "New Year's Day".
    fn holiday(&self, i: usize) -> Option<Raw> {
        if !self.tok(i)?.cap {
            return None;
        }
        for (name, m, d) in HOLIDAYS.iter() {
            let Some(end_byte) = self.spells(i, name) else {
                continue;
            };
            let mut end = i;
            while self.tok(end).is_some_and(|t| t.e <= end_byte) {
                end += 1;
            }
            if let Some((y, next)) = self.year_after(end) {
                return self.raw(
                    i,
                    next,
                    TimexType::Date,
                    Sem::Day {
                        y: Some(y),
                        m: *m,
                        d: *d,
                    },
                );
            }
            return self.raw(
                i,
                end,
                TimexType::Date,
                Sem::Day {
                    y: None,
                    m: *m,
                    d: *d,
                },
            );
        }
        None
    }

    /// Rules that start with a cue word.
    fn cue_rule(&self, i: usize, cue: Cue, det: bool) -> Option<Raw> {
        let next = i + 1;
        let next_open = !self.brk(next);
        match cue {
            // "Now, he says, ..." and "Currently, ..." opening a sentence set the scene as
            // discourse markers, which TimeBank and AQUAINT leave unmarked.
            Cue::Now | Cue::Currently
                if (self.lower_is(i, "now") || self.lower_is(i, "currently"))
                    && self.punct(next, ',')
                    && (i == 0 || self.brk(i) || self.tok(i).is_some_and(|t| t.cap)) =>
            {
                None
            }
            Cue::Now | Cue::Currently | Cue::Nowadays => self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Value("PRESENT_REF".into(), false),
            ),
            // "may soon seek", "soon will begin": ahead of the report. "As soon as", "soon
            // after" and a past "was soon released" only relate two events, which TimeML
            // leaves unmarked.
            Cue::Soon if !self.soon_relates(i) => self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Value("FUTURE_REF".into(), false),
            ),
            Cue::Recently | Cue::Lately => self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Value("PAST_REF".into(), false),
            ),
            Cue::Future if det || (i > 0 && self.lower_is(i - 1, "near")) => self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Value("FUTURE_REF".into(), false),
            ),
            // "today's world", "today's youth" mean the present age, which TimeML leaves
            // unmarked; "today's editions" is the day.
            Cue::Today if self.possessive(next).is_some_and(|k| self.generic_noun(k)) => None,
            Cue::Today | Cue::Yesterday | Cue::Tomorrow => {
                let n = match cue {
                    Cue::Yesterday => -1,
                    Cue::Tomorrow => 1,
                    _ => 0,
                };
                if next_open {
                    if let Some(Word::PartOfDay(p)) = self.word(next) {
                        return self.raw(
                            i,
                            next + 1,
                            TimexType::Time,
                            Sem::DayShift { n, part: Some(p) },
                        );
                    }
                }
                self.raw(i, next, TimexType::Date, Sem::DayShift { n, part: None })
            }
            Cue::Tonight => self.raw(
                i,
                next,
                TimexType::Time,
                Sem::DayShift {
                    n: 0,
                    part: Some("NI"),
                },
            ),
            // "high noon" is an idiom or the film, not a clock time.
            Cue::Noon if i > 0 && self.lower_is(i - 1, "high") => None,
            Cue::Noon => self.raw(
                i,
                next,
                TimexType::Time,
                Sem::Clock {
                    h: 12,
                    min: 0,
                    utc: false,
                },
            ),
            Cue::Midnight => self.raw(
                i,
                next,
                TimexType::Time,
                Sem::Clock {
                    h: 24,
                    min: 0,
                    utc: false,
                },
            ),
            Cue::Weekend if det => {
                self.raw(i, next, TimexType::Date, Sem::Weekend { n: 0, bare: true })
            }
            Cue::Thanksgiving => {
                let mut end = next;
                if next_open && self.lower_is(next, "day") {
                    end += 1;
                }
                let y = self.year_after(end).map(|(y, _)| y);
                self.raw(i, end, TimexType::Date, Sem::Thanksgiving { y })
            }
            // "the daily newspaper": a publication, not a recurrence.
            // "average daily volume" is a rate's basis, not a recurrence.
            Cue::Daily if !self.names_publication(i) && !self.prev_is(i, "average") => {
                self.raw(i, next, TimexType::Set, Sem::Value("P1D".into(), false))
            }
            Cue::Weekly => self.raw(i, next, TimexType::Set, Sem::Value("P1W".into(), false)),
            Cue::Monthly => self.raw(i, next, TimexType::Set, Sem::Value("P1M".into(), false)),
            Cue::Annually if self.lower_is(i, "yearly") => {
                self.raw(i, next, TimexType::Set, Sem::Value("P1Y".into(), false))
            }
            Cue::Every | Cue::Each if next_open => match self.word(next) {
                Some(Word::Unit(unit, false)) => self.raw(
                    i,
                    next + 1,
                    TimexType::Set,
                    Sem::Value(format!("P1{}", unit_code(unit)), false),
                ),
                Some(Word::Weekday(wd)) => self.raw(
                    i,
                    next + 1,
                    TimexType::Set,
                    Sem::Value(format!("XXXX-WXX-{wd}"), false),
                ),
                _ => None,
            },
            Cue::Earlier | Cue::Later if next_open => {
                // "earlier this year", "later this month", "earlier this week".
                let rel = self.cue(next)?;
                if !matches!(rel, Cue::This | Cue::Next | Cue::Last | Cue::That) {
                    return None;
                }
                let raw = self.cue_rule(next, rel, false)?;
                Some(Raw { start: i, ..raw })
            }
            Cue::Past if det && !self.starts_quantity_or_unit(next) => self.raw(
                i,
                next,
                TimexType::Date,
                Sem::Value("PAST_REF".into(), false),
            ),
            Cue::Recent if next_open => {
                let (n, j) = self.quantity(next).unwrap_or((None, next));
                let Some((unit, plural)) = self.unit(j) else {
                    // "the recent closing of": a time reference of its own.
                    return self.raw(
                        i,
                        next,
                        TimexType::Date,
                        Sem::Value("PAST_REF".into(), false),
                    );
                };
                if !plural {
                    return None;
                }
                // "in recent years" is a vague past, as TimeBank and MEANTIME mark it;
                // "in recent months" a span of months.
                if unit == Unit::Year && n.is_none() {
                    return self.raw(
                        i,
                        j + 1,
                        TimexType::Date,
                        Sem::Value("PAST_REF".into(), false),
                    );
                }
                self.raw(
                    i,
                    j + 1,
                    TimexType::Duration,
                    Sem::Value(duration(n, unit), false),
                )
            }
            Cue::Last
            | Cue::Next
            | Cue::This
            | Cue::Coming
            | Cue::Past
            | Cue::Previous
            | Cue::Following
            | Cue::Current
            | Cue::Latest
            | Cue::Same
            | Cue::That
                if next_open =>
            {
                let found = self.relative(i, cue, det);
                // "the current weakness": the present, when no unit follows.
                if found.is_none() && cue == Cue::Current && !self.tok(next).is_some_and(|t| t.cap)
                {
                    return self.raw(
                        i,
                        next,
                        TimexType::Date,
                        Sem::Value("PRESENT_REF".into(), false),
                    );
                }
                found
            }
            Cue::A | Cue::Several | Cue::Few | Cue::Couple | Cue::Many => self.quantified(i, det),
            Cue::Half if next_open && self.is_cue(next, Cue::A) => {
                // "half a year ago": six months; "half an hour": thirty minutes.
                let (unit, plural) = self.unit(next + 1)?;
                let (unit, n) = match (unit, plural) {
                    (Unit::Year, false) => (Unit::Month, 6),
                    (Unit::Day, false) => (Unit::Hour, 12),
                    (Unit::Hour, false) => (Unit::Minute, 30),
                    _ => return None,
                };
                let k = next + 2;
                if self.is_cue(k, Cue::Ago) && !self.brk(k) {
                    return self.raw(i, k + 1, TimexType::Date, Sem::Ago { unit, n: -n });
                }
                self.raw(
                    i,
                    k,
                    TimexType::Duration,
                    Sem::Value(duration(Some(n as u32), unit), false),
                )
            }
            Cue::In
                if next_open
                    && self.is_cue(next, Cue::The)
                    && self.is_cue(next + 1, Cue::Past)
                    && self.clause_ends(next + 2) =>
            {
                // "in the past" alone.
                self.raw(
                    next,
                    next + 2,
                    TimexType::Date,
                    Sem::Value("PAST_REF".into(), false),
                )
            }
            _ => {
                if self.lower_is(i, "dozens") {
                    return self.quantified(i, det);
                }
                None
            }
        }
    }

    fn starts_quantity_or_unit(&self, i: usize) -> bool {
        if self.brk(i) {
            return false;
        }
        self.unit(i).is_some()
            || self.quantity(i).is_some()
            || matches!(
                self.word(i),
                Some(Word::Weekday(_) | Word::Month(_) | Word::Season(_))
            )
            || self.is_cue(i, Cue::Weekend)
    }

    /// "last year", "next Friday", "this May", "the past two months", "the following day".
    fn relative(&self, i: usize, cue: Cue, det: bool) -> Option<Raw> {
        // "the current fiscal year", "last fiscal year": the fiscal year is read as the year.
        let next = if self.is_cue(i + 1, Cue::Fiscal) && self.unit(i + 2).is_some() {
            i + 2
        } else {
            i + 1
        };
        // "last-minute", "next-day": adjectives, not expressions.
        if self.tok(next).is_some_and(|t| t.hyph) {
            return None;
        }
        let rel = match cue {
            Cue::Last | Cue::Past | Cue::Previous => Rel::Last,
            Cue::Next | Cue::Coming | Cue::Following => Rel::Next,
            _ => Rel::This,
        };
        match self.word(next) {
            Some(Word::Weekday(wd)) => {
                return self.weekday(next, wd, rel).map(|r| Raw { start: i, ..r })
            }
            Some(Word::Month(m)) if self.tok(next).is_some_and(|t| t.cap) => {
                return self.raw(i, next + 1, TimexType::Date, Sem::Month { y: None, m, rel });
            }
            Some(Word::Season(s)) => {
                return self
                    .season(next, s, rel, true)
                    .map(|r| Raw { start: i, ..r })
            }
            Some(Word::PartOfDay(p)) => {
                let n = match cue {
                    Cue::Last => -1,
                    Cue::This => 0,
                    _ => return None,
                };
                let p = if n == -1 && p != "NI" { return None } else { p };
                return self.raw(
                    i,
                    next + 1,
                    TimexType::Time,
                    Sem::DayShift { n, part: Some(p) },
                );
            }
            Some(Word::Cue(Cue::Weekend)) => {
                let n = match rel {
                    Rel::Last => -1,
                    Rel::Next => 1,
                    _ => 0,
                };
                return self.raw(
                    i,
                    next + 1,
                    TimexType::Date,
                    Sem::Weekend { n, bare: false },
                );
            }
            _ => {}
        }
        // "the past two months", "the next few days", "the coming days": durations.
        if let Some((n, j)) = self.quantity(next) {
            if !self.brk(j) {
                if let Some((unit, plural)) = self.unit(j) {
                    let durative = matches!(
                        cue,
                        Cue::Past
                            | Cue::Last
                            | Cue::Next
                            | Cue::Coming
                            | Cue::Previous
                            | Cue::Following
                    );
                    if plural && n != Some(1) && durative {
                        return self.raw(
                            i,
                            j + 1,
                            TimexType::Duration,
                            Sem::Value(duration(n, unit), false),
                        );
                    }
                }
            }
        }
        // "the latest period" in an earnings report is the quarter just reported.
        if cue == Cue::Latest && self.lower_is(next, "period") {
            return self.raw(
                i,
                next + 1,
                TimexType::Date,
                Sem::Quarter {
                    q: 0,
                    y: None,
                    rel: Rel::Last,
                },
            );
        }
        let (unit, plural) = self.unit(next)?;
        if plural {
            if cue == Cue::Coming {
                return self.raw(
                    i,
                    next + 1,
                    TimexType::Date,
                    Sem::Value("FUTURE_REF".into(), false),
                );
            }
            if matches!(
                cue,
                Cue::Past | Cue::Last | Cue::Next | Cue::Previous | Cue::Following
            ) {
                return self.raw(
                    i,
                    next + 1,
                    TimexType::Duration,
                    Sem::Value(duration(None, unit), false),
                );
            }
            return None;
        }
        if unit == Unit::Quarter {
            let rel = match cue {
                Cue::Last | Cue::Previous | Cue::Past | Cue::Latest => Rel::Last,
                Cue::Next | Cue::Coming | Cue::Following => Rel::Next,
                Cue::This | Cue::Current => Rel::This,
                _ => Rel::Tense,
            };
            return self.raw(
                i,
                next + 1,
                TimexType::Date,
                Sem::Quarter { q: 0, y: None, rel },
            );
        }
        let end = next + 1;
        // "the same period last year", "the quarter last year": that quarter a year before.
        if unit == Unit::Year
            && !det
            && i > 0
            && (self.lower_is(i - 1, "period") || self.lower_is(i - 1, "quarter"))
        {
            let yshift = match cue {
                Cue::Last | Cue::Past => Some(-1),
                Cue::This => Some(0),
                _ => None,
            };
            if let Some(yshift) = yshift {
                return self.raw(
                    i,
                    end,
                    TimexType::Date,
                    Sem::QuarterIn {
                        q: 0,
                        y: None,
                        yshift,
                    },
                );
            }
        }
        // "this year's third quarter", "last year's quarter": a quarter of that year.
        if unit == Unit::Year && !det {
            let yshift = match cue {
                Cue::This | Cue::Current => Some(0),
                Cue::Last | Cue::Past => Some(-1),
                Cue::Next => Some(1),
                _ => None,
            };
            if let (Some(yshift), Some(k)) = (yshift, self.possessive(end)) {
                if let Some((q, after)) = self.quarter_words(k) {
                    return self.raw(
                        i,
                        after,
                        TimexType::Date,
                        Sem::QuarterIn { q, y: None, yshift },
                    );
                }
            }
        }
        match cue {
            Cue::This | Cue::Current => {
                self.raw(i, end, TimexType::Date, Sem::Shift { unit, n: 0 })
            }
            // "the past year" is annotated like "last year" in TimeBank and MEANTIME.
            Cue::Last | Cue::Past => self.raw(i, end, TimexType::Date, Sem::Shift { unit, n: -1 }),
            Cue::Next | Cue::Coming if !det => {
                self.raw(i, end, TimexType::Date, Sem::Shift { unit, n: 1 })
            }
            Cue::Next | Cue::Following | Cue::Coming => {
                self.raw(i, end, TimexType::Date, Sem::Anaphor { unit, n: 1 })
            }
            Cue::Previous => self.raw(i, end, TimexType::Date, Sem::Anaphor { unit, n: -1 }),
            Cue::Same | Cue::That if !unit.is_clock() => {
                self.raw(i, end, TimexType::Date, Sem::Anaphor { unit, n: 0 })
            }
            _ => None,
        }
    }
}

/// The TIMEX3 duration letter(s) of a unit.
fn unit_code(unit: Unit) -> &'static str {
    if unit.is_clock() {
        match unit {
            Unit::Hour => "H",
            Unit::Minute => "M",
            _ => "S",
        }
    } else {
        unit.duration_code()
    }
}

/// A TIMEX3 duration value: `P3Y`, `PT5H`, `PXD`.
pub(crate) fn duration(n: Option<u32>, unit: Unit) -> String {
    let amount = n.map_or_else(|| "X".to_string(), |v| v.to_string());
    let (n_str, code) = match unit {
        Unit::Quarter => (
            n.map_or_else(|| "X".to_string(), |v| (v * 3).to_string()),
            "M",
        ),
        Unit::Decade => (
            n.map_or_else(|| "X".to_string(), |v| (v * 10).to_string()),
            "Y",
        ),
        // An unknown number of centuries is "PXC" in TimeBank; a counted one is in years
        // ("this century" is "P100Y").
        Unit::Century if n.is_none() => ("X".to_string(), "C"),
        Unit::Century => (
            n.map_or_else(|| "X".to_string(), |v| (v * 100).to_string()),
            "Y",
        ),
        _ => (amount, unit.duration_code()),
    };
    if unit.is_clock() {
        format!("PT{n_str}{code}")
    } else {
        format!("P{n_str}{code}")
    }
}
