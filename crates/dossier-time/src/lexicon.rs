//! Word lists (months, weekdays, numbers, units, seasons, holidays, tense cues) and the
//! one-time lookup table that classifies a lowercased word.
//!
//! The lists live in `data/time/*.txt` and are embedded with `include_str!`, so the binary
//! needs no files at run time. They are parsed once into a hash map on first use.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A calendar unit, as TIMEX3 writes it in durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    fn from_code(code: &str) -> Option<Unit> {
        Some(match code {
            "S" => Unit::Second,
            "MIN" => Unit::Minute,
            "H" => Unit::Hour,
            "D" => Unit::Day,
            "W" => Unit::Week,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            _ => return None,
        })
    }

    /// True for units shorter than a day, written after `PT` in durations.
    pub(crate) fn is_clock(self) -> bool {
        matches!(self, Unit::Second | Unit::Minute | Unit::Hour)
    }

    /// The duration letter(s) after the number: `P3Y`, `PT5H`, `P2DE`.
    pub(crate) fn duration_code(self) -> &'static str {
        match self {
            Unit::Second => "S",
            Unit::Minute => "M",
            Unit::Hour => "H",
            Unit::Day => "D",
            Unit::Week => "W",
            Unit::Month => "M",
            Unit::Quarter => "Q",
            Unit::Year => "Y",
            Unit::Decade => "DE",
            Unit::Century => "CE",
        }
    }
}

/// Function words and cues that time expressions are built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Cue {
    The,
    A,
    Last,
    Next,
    This,
    Coming,
    Past,
    Previous,
    Following,
    Ago,
    Later,
    Earlier,
    Before,
    After,
    Recent,
    Recently,
    Now,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Currently,
    Current,
    Future,
    Early,
    Mid,
    Late,
    End,
    Beginning,
    Start,
    Of,
    Few,
    Several,
    Some,
    Many,
    Couple,
    Every,
    Each,
    Per,
    Daily,
    Weekly,
    Monthly,
    Annually,
    Fiscal,
    Half,
    Soon,
    Nowadays,
    Lately,
    Latest,
    Same,
    That,
    On,
    In,
    Since,
    Until,
    From,
    Weekend,
    Noon,
    Midnight,
    Am,
    Pm,
    Oclock,
    Over,
    Within,
    Around,
    About,
    Nearly,
    Almost,
    More,
    Than,
    Least,
    Thanksgiving,
    Easter,
    // Tense cues: they never start an expression.
    Will,
    Would,
    Shall,
    Going,
    Planned,
    Scheduled,
    Due,
    Expected,
    Upcoming,
    PastVerb,
    Present,
}

/// What a lowercased word is, for the tagger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Word {
    Month(u8),
    Weekday(u8),
    Number(u32),
    Ordinal(u32),
    Unit(Unit, bool),
    Season(&'static str),
    PartOfDay(&'static str),
    Cue(Cue),
}

/// The lookup table from a lowercased word to its class.
pub(crate) static WORDS: LazyLock<HashMap<&'static str, Word>> = LazyLock::new(build_words);

/// Fixed-date holidays: (lowercased name, month, day), longest names first.
pub(crate) static HOLIDAYS: LazyLock<Vec<(&'static str, u8, u8)>> = LazyLock::new(|| {
    let mut list: Vec<(&'static str, u8, u8)> =
        lines(include_str!("../../../data/time/holidays.txt"))
            .filter_map(|line| {
                let (date, name) = line.split_once(' ')?;
                let (m, d) = date.split_once('-')?;
                Some((name, m.parse().ok()?, d.parse().ok()?))
            })
            .collect();
    list.sort_by_key(|(name, _, _)| std::cmp::Reverse(name.len()));
    list
});

/// Irregular past-tense verbs.
pub(crate) static PAST_VERBS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| lines(include_str!("../../../data/time/past_verbs.txt")).collect());

/// Non-comment, non-empty lines of an embedded list.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Lines of `value word word ...`, yielding (value, word) pairs.
fn pairs(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    lines(text).flat_map(|line| {
        let mut parts = line.split_whitespace();
        let value = parts.next().unwrap_or("");
        parts.map(move |word| (value, word))
    })
}

fn build_words() -> HashMap<&'static str, Word> {
    let mut map = HashMap::new();
    for (value, word) in pairs(include_str!("../../../data/time/months.txt")) {
        if let Ok(m) = value.parse() {
            map.insert(word, Word::Month(m));
        }
    }
    for (value, word) in pairs(include_str!("../../../data/time/weekdays.txt")) {
        if let Ok(d) = value.parse() {
            map.insert(word, Word::Weekday(d));
        }
    }
    for (value, word) in pairs(include_str!("../../../data/time/numbers.txt")) {
        if let Ok(n) = value.parse() {
            map.insert(word, Word::Number(n));
        }
    }
    for (value, word) in pairs(include_str!("../../../data/time/ordinals.txt")) {
        if let Ok(n) = value.parse() {
            map.insert(word, Word::Ordinal(n));
        }
    }
    for line in lines(include_str!("../../../data/time/units.txt")) {
        let mut parts = line.split_whitespace();
        let (Some(code), Some(singular), Some(plural)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if let Some(unit) = Unit::from_code(code) {
            map.insert(singular, Word::Unit(unit, false));
            map.insert(plural, Word::Unit(unit, true));
        }
    }
    for (code, word) in pairs(include_str!("../../../data/time/seasons.txt")) {
        map.insert(word, Word::Season(code));
    }
    for (code, word) in pairs(include_str!("../../../data/time/parts_of_day.txt")) {
        map.insert(word, Word::PartOfDay(code));
    }
    for word in PAST_VERBS.iter() {
        map.entry(word).or_insert(Word::Cue(Cue::PastVerb));
    }
    let cues: &[(&'static str, Cue)] = &[
        ("the", Cue::The),
        ("a", Cue::A),
        ("an", Cue::A),
        ("last", Cue::Last),
        ("next", Cue::Next),
        ("this", Cue::This),
        ("coming", Cue::Coming),
        ("past", Cue::Past),
        ("previous", Cue::Previous),
        ("prior", Cue::Previous),
        ("preceding", Cue::Previous),
        ("following", Cue::Following),
        ("ago", Cue::Ago),
        ("later", Cue::Later),
        ("earlier", Cue::Earlier),
        ("before", Cue::Before),
        ("after", Cue::After),
        ("recent", Cue::Recent),
        ("recently", Cue::Recently),
        ("now", Cue::Now),
        ("today", Cue::Today),
        ("yesterday", Cue::Yesterday),
        ("tomorrow", Cue::Tomorrow),
        ("tonight", Cue::Tonight),
        ("currently", Cue::Currently),
        ("current", Cue::Current),
        ("future", Cue::Future),
        ("early", Cue::Early),
        ("mid", Cue::Mid),
        ("late", Cue::Late),
        ("end", Cue::End),
        ("beginning", Cue::Beginning),
        ("start", Cue::Start),
        ("of", Cue::Of),
        ("few", Cue::Few),
        ("several", Cue::Several),
        ("some", Cue::Some),
        ("many", Cue::Many),
        ("couple", Cue::Couple),
        ("every", Cue::Every),
        ("each", Cue::Each),
        ("per", Cue::Per),
        ("daily", Cue::Daily),
        ("weekly", Cue::Weekly),
        ("monthly", Cue::Monthly),
        ("annually", Cue::Annually),
        ("annual", Cue::Annually),
        ("yearly", Cue::Annually),
        ("fiscal", Cue::Fiscal),
        ("half", Cue::Half),
        ("soon", Cue::Soon),
        ("nowadays", Cue::Nowadays),
        ("lately", Cue::Lately),
        ("latest", Cue::Latest),
        ("same", Cue::Same),
        ("that", Cue::That),
        ("on", Cue::On),
        ("in", Cue::In),
        ("during", Cue::In),
        ("by", Cue::In),
        ("since", Cue::Since),
        ("until", Cue::Until),
        ("till", Cue::Until),
        ("through", Cue::Until),
        ("from", Cue::From),
        ("weekend", Cue::Weekend),
        ("weekends", Cue::Weekend),
        ("noon", Cue::Noon),
        ("midday", Cue::Noon),
        ("midnight", Cue::Midnight),
        ("am", Cue::Am),
        ("a.m", Cue::Am),
        ("pm", Cue::Pm),
        ("p.m", Cue::Pm),
        ("o'clock", Cue::Oclock),
        ("over", Cue::Over),
        ("within", Cue::Within),
        ("around", Cue::Around),
        ("about", Cue::About),
        ("nearly", Cue::Nearly),
        ("almost", Cue::Almost),
        ("approximately", Cue::About),
        ("roughly", Cue::About),
        ("some", Cue::Some),
        ("more", Cue::More),
        ("than", Cue::Than),
        ("least", Cue::Least),
        ("thanksgiving", Cue::Thanksgiving),
        ("easter", Cue::Easter),
        ("will", Cue::Will),
        ("ll", Cue::Will),
        ("won't", Cue::Will),
        ("wont", Cue::Will),
        ("shall", Cue::Shall),
        ("would", Cue::Would),
        ("should", Cue::Would),
        ("might", Cue::Would),
        ("going", Cue::Going),
        ("planned", Cue::Planned),
        ("plans", Cue::Planned),
        ("plan", Cue::Planned),
        ("planning", Cue::Planned),
        ("scheduled", Cue::Scheduled),
        ("due", Cue::Due),
        ("expected", Cue::Expected),
        ("expects", Cue::Expected),
        ("upcoming", Cue::Upcoming),
        ("is", Cue::Present),
        ("are", Cue::Present),
        ("says", Cue::Present),
        ("say", Cue::Present),
    ];
    for (word, cue) in cues {
        map.insert(*word, Word::Cue(*cue));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded() {
        assert_eq!(WORDS.get("sept"), Some(&Word::Month(9)));
        assert_eq!(WORDS.get("thursday"), Some(&Word::Weekday(4)));
        assert_eq!(WORDS.get("twenty"), Some(&Word::Number(20)));
        assert_eq!(WORDS.get("years"), Some(&Word::Unit(Unit::Year, true)));
        assert_eq!(WORDS.get("autumn"), Some(&Word::Season("FA")));
        assert_eq!(WORDS.get("said"), Some(&Word::Cue(Cue::PastVerb)));
        assert!(HOLIDAYS
            .iter()
            .any(|(name, m, d)| *name == "christmas eve" && *m == 12 && *d == 24));
    }
}
