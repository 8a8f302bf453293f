//! Metadata lines: recognising headlines, bylines, datelines, source lines, outlet lines
//! and address lines in a normalised text, and reading dates written in it.
//!
//! Dates are read only where the text states them in full (day, month and year).
//! Partial dates ("Monday (21.02)") are left for the time stage, which knows how to infer.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// English month names and their usual abbreviations, as a regex alternation.
const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// A full date in any of the accepted spellings; one named group set per spelling.
///
/// Each pattern here is `None` only if it failed to compile, which a unit test rules out;
/// a `None` pattern matches nothing rather than panicking.
static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix)
        (?P<dmy_d>\d{{1,2}})\.\s?(?P<dmy_m>\d{{1,2}})\.\s?(?P<dmy_y>\d{{4}})(?-u:\b)
      | (?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})(?-u:\b)
      | (?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<dm_m>{MONTHS})\.?,?\s+(?P<dm_y>\d{{4}})(?-u:\b)
      | (?P<md_m>{MONTHS})\.?\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<md_y>\d{{4}})(?-u:\b)"
    );
    Regex::new(&pattern).ok()
});

/// What may stand around a date on a line that holds only the date: a place, a weekday,
/// a "Published:" label before it; a time of day after it.
static DATE_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        (?:(?:published|posted|updated|date|dated)(?:\s+on)?\s*:?\s*)?
        (?:\p{Lu}[\p{L}.'\ -]+,\s+)?
        (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?
        (?P<date>.+?)
        (?:,?\s*(?:[|/–-]\s*)?(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?
        $",
    )
    .ok()
});

/// "Outlet (12 March 2018)": an outlet name and the date in brackets.
static OUTLET_DATE_LINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<outlet>\p{Lu}[^()]*?)\s*\((?P<date>[^()]+)\)$").ok());

/// "(Outlet, Other, 26.10.2016)": a closing line naming the sources and the date.
static CLOSING_SOURCE_LINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\((?P<sources>[^()]+),\s*(?P<date>[^(),]+)\)$").ok());

/// "By A, B and C" with nothing else on the line.
static BYLINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|Written by|Words by|Autor:|Author:|Authors:)\s+(?P<names>.{2,})$").ok()
});

/// Separators between names in a byline.
static NAME_SEPARATOR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\s*(?:,|&|\band\b|\bund\b|\bi\b|\bи\b)\s*").ok());

/// One author name: capitalised words, allowing particles ("van", "de", "al-") and initials.
static AUTHOR_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|di|du|del|la|le|bin|al-\p{L}+)\s+){0,4}\p{Lu}[\p{L}'’.-]*$",
    )
    .ok()
});

/// A line that is only an address, in angle brackets or bare.
static URL_LINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^<?(?P<url>https?://[^\s<>]{3,})>?$").ok());

/// "Belgrade, 26 October 2016 –" opening the first paragraph.
static DATELINE_PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}.'\ -]+),\s+(?P<date>[^–—:,]+?(?:,\s+\d{4})?)\s*(?:\([^()]+\)\s*)?[–—:-]\s")
        .ok()
});

/// A dateline at the start of a paragraph: place, optional date, optional agency in
/// brackets, a dash, then the sentence (which starts with a capital or a quote).
static DATELINE_SPLIT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"^(?P<place>\p{Lu}[\p{L}.'’]*(?: \p{Lu}[\p{L}.'’]*){0,2})(?:,\s+(?P<date>[^–—()]+?))?\s*(?:\((?P<agency>[^()]+)\))?\s+[–—-]\s+(?P<rest>[\p{Lu}\d“"‘«])"#,
    )
    .ok()
});

/// The month number of an English month name or abbreviation.
fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let month = match prefix {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// The date a whole string spells, if it is exactly one full date.
fn parse_exact_date(text: &str) -> Option<NaiveDate> {
    let caps = DATE.as_ref()?.captures(text)?;
    let whole = caps.get(0)?;
    if whole.start() != 0 || whole.end() != text.len() {
        return None;
    }
    date_from_captures(&caps)
}

/// The date of a [`DATE`] match.
fn date_from_captures(caps: &regex::Captures<'_>) -> Option<NaiveDate> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let (year, month, day) = if let Some(y) = num("dmy_y") {
        (y, num("dmy_m")?, num("dmy_d")?)
    } else if let Some(y) = num("iso_y") {
        (y, num("iso_m")?, num("iso_d")?)
    } else if let Some(y) = num("dm_y") {
        (y, month_number(caps.name("dm_m")?.as_str())?, num("dm_d")?)
    } else {
        (
            num("md_y")?,
            month_number(caps.name("md_m")?.as_str())?,
            num("md_d")?,
        )
    };
    // Years outside this window are more likely numbers than publication dates.
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The date of a line that holds only a date (with an optional place, weekday, label or time).
pub(crate) fn date_line(line: &str) -> Option<NaiveDate> {
    // Cheap tests first: every accepted date has a four-digit year.
    if line.len() > 80 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let caps = DATE_LINE.as_ref()?.captures(line)?;
    parse_exact_date(caps.name("date")?.as_str().trim())
}

/// The outlet and date of an "Outlet (12 March 2018)" line.
pub(crate) fn outlet_date_line(line: &str) -> Option<(String, NaiveDate)> {
    if !line.ends_with(')') || line.len() > 120 {
        return None;
    }
    let caps = OUTLET_DATE_LINE.as_ref()?.captures(line)?;
    let date = date_line(caps.name("date")?.as_str().trim())?;
    let outlet = caps.name("outlet")?.as_str().trim();
    (word_count(outlet) <= 6 && outlet.chars().count() <= 60).then(|| (outlet.to_string(), date))
}

/// The outlets (in order) and the date of a closing "(Outlet, Other, 26.10.2016)" line.
pub(crate) fn closing_source_line(line: &str) -> Option<(Vec<String>, NaiveDate)> {
    if !(line.starts_with('(') && line.ends_with(')')) || line.len() > 160 {
        return None;
    }
    let caps = CLOSING_SOURCE_LINE.as_ref()?.captures(line)?;
    let date = date_line(caps.name("date")?.as_str().trim())?;
    let sources = caps.name("sources")?.as_str();
    // Each source is a short name, not a clause of a sentence.
    if sources
        .split(',')
        .any(|name| name.trim().is_empty() || word_count(name) > 5)
    {
        return None;
    }
    let names = source_names(sources);
    (!names.is_empty()).then_some((names, date))
}

/// The distinct names of a comma-separated source list, in order.
fn source_names(list: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in list
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        if !names.iter().any(|seen| seen.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    names
}

/// The outlets of a "Source: Outlet" or "Sources: A, B" line (also "Izvor:", "Источник:",
/// "Quelle:", "Fonte:"), in order.
pub(crate) fn source_label_line(line: &str) -> Option<Vec<String>> {
    const LABELS: [&str; 6] = [
        "Source:",
        "Sources:",
        "Izvor:",
        "Источник:",
        "Quelle:",
        "Fonte:",
    ];
    let rest = LABELS
        .iter()
        .find_map(|label| line.strip_prefix(label))?
        .trim();
    let plausible = (1..=6).contains(&word_count(rest))
        && rest.chars().count() <= 60
        && !ends_like_sentence(rest, true)
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    // With several sources, the first is the outlet.
    plausible
        .then(|| source_names(rest))
        .filter(|names| !names.is_empty())
}

/// The authors of a "By A, B" line, when every part is a plausible name.
pub(crate) fn byline(line: &str) -> Option<Vec<String>> {
    const OPENERS: [&str; 6] = ["By ", "BY ", "Written by", "Words by", "Autor", "Author"];
    if line.len() > 200 || !OPENERS.iter().any(|opener| line.starts_with(opener)) {
        return None;
    }
    // A byline does not end like a sentence, except after an initial ("By Ann Lee, J.").
    let last_word = line.split_whitespace().last().unwrap_or("");
    if line.ends_with(['!', '?']) || (line.ends_with('.') && last_word.chars().count() > 2) {
        return None;
    }
    let caps = BYLINE.as_ref()?.captures(line)?;
    let names = caps.name("names")?.as_str().trim_end_matches(['.', ' ']);
    let authors: Vec<String> = NAME_SEPARATOR
        .as_ref()?
        .split(names)
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect();
    let plausible = !authors.is_empty()
        && authors
            .iter()
            .all(|name| AUTHOR_NAME.as_ref().is_some_and(|re| re.is_match(name)));
    plausible.then_some(authors)
}

/// The authors of a byline and the date that may follow it on the same line:
/// "By Ana Marić and Tom Lee · May 12, 2022".
pub(crate) fn byline_and_date(line: &str) -> Option<(Vec<String>, Option<NaiveDate>)> {
    if let Some(authors) = byline(line) {
        return Some((authors, None));
    }
    HEADER_SEPARATORS.iter().find_map(|sep| {
        let (names, rest) = line.split_once(sep)?;
        let date = date_line(rest.trim())?;
        Some((byline(names.trim())?, Some(date)))
    })
}

/// The address of a line that holds only an address.
pub(crate) fn url_line(line: &str) -> Option<String> {
    if !line.trim_start_matches('<').starts_with("http") || line.len() > 2100 {
        return None;
    }
    let caps = URL_LINE.as_ref()?.captures(line)?;
    Some(caps.name("url")?.as_str().to_string())
}

/// The date of a "Place, 26 October 2016 –" dateline opening a paragraph.
pub(crate) fn dateline_prefix(paragraph: &str) -> Option<NaiveDate> {
    let head = paragraph.get(..paragraph.len().min(120)).or_else(|| {
        // The cut fell inside a character: look a few bytes further.
        (121..125).find_map(|end| paragraph.get(..end.min(paragraph.len())))
    })?;
    let caps = DATELINE_PREFIX.as_ref()?.captures(head)?;
    let date_text = caps.name("date")?.as_str().trim();
    let found = DATE.as_ref()?.captures(date_text)?;
    let whole = found.get(0)?;
    (whole.start() == 0 && whole.end() == date_text.len())
        .then(|| date_from_captures(&found))
        .flatten()
}

/// True for a line that reads like a headline: short, starting with a capital or digit,
/// not ending like a sentence or a clause.
pub(crate) fn headline_like(line: &str) -> bool {
    let n_words = word_count(line);
    let first_ok = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || is_opening_quote(c));
    // Closing quotes and brackets do not hide a full stop: "“We stay.”" is a sentence.
    let bare_end = line.trim_end_matches(['”', '’', '"', '\'', '»', '›', ')', ']']);
    let ends_ok = !bare_end.ends_with(['.', ',', ';', ':']) || bare_end.ends_with("...");
    (1..=25).contains(&n_words)
        && line.chars().count() <= 200
        && first_ok
        && ends_ok
        && line.chars().any(char::is_alphabetic)
        && date_line(line).is_none()
        && byline(line).is_none()
}

/// True for a short title-case line with no sentence punctuation: "The Balkan Insight".
pub(crate) fn outlet_like(line: &str) -> bool {
    const CONNECTORS: [&str; 8] = ["of", "the", "and", "for", "on", "in", "&", "-"];
    let n_words = word_count(line);
    (1..=5).contains(&n_words)
        && line.chars().count() <= 60
        && !line.contains([':', ',', ';', '(', '“', '"'])
        && !line.ends_with(['.', '!', '?'])
        && !(n_words >= 2 && line.chars().all(|c| !c.is_lowercase()))
        && line.split_whitespace().enumerate().all(|(idx, word)| {
            let first = word.chars().next();
            first.is_some_and(|c| c.is_uppercase() || c.is_numeric())
                || (idx > 0 && CONNECTORS.contains(&word))
        })
}

/// Words that name a kind of publication. An outlet footer line must hold one (or a
/// domain name), which is what tells "The Harbour Gazette" from a name or a label.
const OUTLET_WORDS: [&str; 60] = [
    "insight",
    "news",
    "times",
    "post",
    "monitor",
    "daily",
    "herald",
    "journal",
    "gazette",
    "tribune",
    "telegraph",
    "guardian",
    "radio",
    "tv",
    "television",
    "agency",
    "press",
    "review",
    "observer",
    "express",
    "mail",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "network",
    "media",
    "online",
    "report",
    "today",
    "weekly",
    "magazine",
    "chronicle",
    "standard",
    "courier",
    "mirror",
    "wire",
    "info",
    "portal",
    "vesti",
    "vijesti",
    "novosti",
    "вести",
    "новости",
    "ведомости",
    "известия",
    "politika",
    "dnevnik",
    "блиц",
    "zeitung",
    "kurier",
    "presse",
    "rundschau",
    "nachrichten",
    "tagesschau",
    "monde",
    "figaro",
    "corriere",
    "ledger",
    "bulletin",
];

/// True for a line that names an outlet: outlet-like, with a publication word or a domain.
pub(crate) fn outlet_line(line: &str) -> bool {
    let is_domain = |word: &str| {
        let lower = word.to_lowercase();
        lower.contains('.')
            && [
                ".com", ".org", ".net", ".rs", ".ru", ".ba", ".me", ".hr", ".de", ".eu",
            ]
            .iter()
            .any(|tld| lower.ends_with(tld))
    };
    // A lone domain name ("harbour.example.com") names the site, whatever its case.
    let lone_domain = word_count(line) == 1 && is_domain(line) && !line.contains('/');
    lone_domain
        || (outlet_like(line)
            && line.split_whitespace().any(|word| {
                OUTLET_WORDS.contains(&word.to_lowercase().as_str()) || is_domain(word)
            }))
}

/// Separators between an outlet's name and a tagline or links on a header or footer line.
const HEADER_SEPARATORS: [&str; 5] = [" | ", " – ", " — ", " · ", " - "];

/// The outlet a header or footer line names: "BALKAN LEDGER | Independent news…",
/// "Harbour Gazette – news since 1998 | Contact", "Coast Wire – coastwire.example – …",
/// "Green Harbour Review · Energy · Coast", and copyright lines ("© 2019 Harbour Gazette.
/// All rights reserved."). With `standalone`, also a line that is only a name: an
/// ALL-CAPS one ("HARBOUR GAZETTE") or one with a publication word ("Harbour Gazette").
pub(crate) fn outlet_header_line(line: &str, standalone: bool) -> Option<String> {
    if line.len() > 200 || ends_like_sentence(line, true) {
        return copyright_outlet(line);
    }
    if let Some(outlet) = copyright_outlet(line) {
        return Some(outlet);
    }
    let split = HEADER_SEPARATORS
        .iter()
        .filter_map(|sep| line.find(sep).map(|at| (at, *sep)))
        .min_by_key(|(at, _)| *at);
    if let Some((at, sep)) = split {
        let name = line.get(..at)?.trim();
        let rest = line.get(at + sep.len()..)?.trim();
        let caps = is_all_caps_name(name);
        return (!rest.is_empty() && (caps || outlet_line(name))).then(|| recase_outlet(name));
    }
    // A lone word in capitals is more often a menu item ("RSS") than an outlet; known
    // one-word outlets ("BBC") pass through the publication words.
    let caps_name = is_all_caps_name(line) && word_count(line) >= 2;
    (standalone && (caps_name || outlet_line(line))).then(|| recase_outlet(line))
}

/// The outlet of a copyright line: "© 2019 Harbour Gazette. All rights reserved.",
/// "Copyright 2019-2024 Harbour Gazette | Contact".
pub(crate) fn copyright_outlet(line: &str) -> Option<String> {
    if line.len() > 250 {
        return None;
    }
    let rest = ["©", "(c) ", "(C) ", "Copyright ", "COPYRIGHT "]
        .iter()
        .find_map(|mark| line.strip_prefix(mark))?
        .trim_start()
        .trim_start_matches('©')
        .trim_start();
    // Years ("2019", "2019-2024", "2019–2024") and "by" come before the name.
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ','));
    let rest = rest.strip_prefix("by ").unwrap_or(rest);
    let end = rest
        .find(['.', '|', '·', ',', '–', '—', '('])
        .unwrap_or(rest.len());
    let name = rest.get(..end)?.trim();
    (outlet_like(name) || is_all_caps_name(name)).then(|| recase_outlet(name))
}

/// True for a short name written in capitals: "HARBOUR GAZETTE".
fn is_all_caps_name(name: &str) -> bool {
    (1..=4).contains(&word_count(name))
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && name
            .chars()
            .all(|c| c.is_uppercase() || c.is_numeric() || c == ' ' || c == '&')
}

/// An outlet name as it is usually written: capitals kept for short acronyms ("BBC",
/// "B92"), longer words in capitals title-cased ("HARBOUR GAZETTE" → "Harbour Gazette").
fn recase_outlet(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|word| {
            if word.chars().count() <= 3 {
                return word.to_string();
            }
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| {
                    first
                        .to_uppercase()
                        .chain(chars.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A dateline opening a paragraph, split off: "BELGRADE, 9 April 2019 – ",
/// "KOTOR (Coast Wire) - ", "Kotor, 8 June 2021 – ". Returns the dateline (without the
/// trailing space), the date when it states a full one, and the byte offset where the
/// sentence starts. A title-case place needs a date or an agency to count, so an
/// ordinary sentence ("Kotor – a port town – …") is never cut.
pub(crate) fn split_dateline(paragraph: &str) -> Option<(String, Option<NaiveDate>, usize)> {
    let head = paragraph
        .get(..paragraph.len().min(160))
        .or_else(|| (161..165).find_map(|end| paragraph.get(..end.min(paragraph.len()))))?;
    let caps = DATELINE_SPLIT.as_ref()?.captures(head)?;
    let place = caps.name("place")?.as_str();
    let date_text = caps.name("date").map(|m| m.as_str().trim());
    let agency = caps.name("agency").is_some();
    let date = date_text.and_then(|text| {
        let found = DATE.as_ref()?.captures(text)?;
        let whole = found.get(0)?;
        (whole.start() == 0 && whole.end() == text.len())
            .then(|| date_from_captures(&found))
            .flatten()
    });
    // A date that is not a date ("Kotor, a port town –") means this is no dateline.
    let date_is_dateish = date_text.is_none_or(|text| {
        date.is_some() || text.split_whitespace().any(|w| month_number(w).is_some())
    });
    let place_caps = place
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let counts = date_is_dateish && (place_caps || date.is_some() || agency);
    let body_start = caps.name("rest")?.start();
    let dateline = head.get(..body_start)?.trim_end().to_string();
    counts.then_some((dateline, date, body_start))
}

/// True for opening quotation marks a headline may start with.
fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '"' | '\'' | '«' | '‹')
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// True when `text` reads as article text: it ends like a sentence and has at least
/// eight words, or it holds two sentences.
pub(crate) fn is_real_text(text: &str, question_ends: bool) -> bool {
    let n_words = word_count(text);
    (ends_like_sentence(text, question_ends) && n_words >= 8)
        || (n_words >= 12 && n_sentence_breaks(text) >= 1)
}

/// True when `text` ends with a full stop, an exclamation mark or an ellipsis (and, with
/// `question_ends`, a question mark), possibly inside closing quotes or brackets.
pub(crate) fn ends_like_sentence(text: &str, question_ends: bool) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '"', '\'', '»', '›', ')', ']']);
    trimmed.ends_with(['.', '!', '…']) || (question_ends && trimmed.ends_with('?'))
}

/// Number of places where one sentence ends and another begins: ". X", "? X", "! X".
fn n_sentence_breaks(text: &str) -> usize {
    let mut count = 0;
    let mut prev: [char; 2] = [' ', ' '];
    for ch in text.chars() {
        if prev[1] == ' ' && matches!(prev[0], '.' | '?' | '!') && ch.is_uppercase() {
            count += 1;
        }
        prev = [prev[1], ch];
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for re in [
            &DATE,
            &DATE_LINE,
            &OUTLET_DATE_LINE,
            &CLOSING_SOURCE_LINE,
            &BYLINE,
            &NAME_SEPARATOR,
            &AUTHOR_NAME,
            &URL_LINE,
            &DATELINE_PREFIX,
        ] {
            assert!(re.is_some());
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn date_spellings() {
        assert_eq!(date_line("03.11.2019"), ymd(2019, 11, 3));
        assert_eq!(date_line("7 June 2021"), ymd(2021, 6, 7));
        assert_eq!(date_line("June 7, 2021"), ymd(2021, 6, 7));
        assert_eq!(date_line("Sept. 7th, 2021"), ymd(2021, 9, 7));
        assert_eq!(date_line("2021-06-07"), ymd(2021, 6, 7));
        assert_eq!(date_line("Tuesday, 8 June 2021 14:05 CET"), ymd(2021, 6, 8));
        assert_eq!(date_line("Published: 2021-06-07"), ymd(2021, 6, 7));
        assert_eq!(date_line("Kotor, 8 June 2021"), ymd(2021, 6, 8));
    }

    #[test]
    fn no_date_is_guessed() {
        assert_eq!(date_line("Monday (21.02)"), None);
        assert_eq!(date_line("31.02.2020"), None);
        assert_eq!(date_line("The talks lasted until 7 June 2021."), None);
        assert_eq!(date_line("June 2021"), None);
    }

    #[test]
    fn outlet_and_source_lines() {
        assert_eq!(
            outlet_date_line("Daily Harbour News (4 May 2019)"),
            Some((
                "Daily Harbour News".to_string(),
                NaiveDate::from_ymd_opt(2019, 5, 4).unwrap_or_default()
            ))
        );
        assert_eq!(
            closing_source_line("(Harbour Post, Radio Coast, 02.09.2015)"),
            Some((
                vec!["Harbour Post".to_string(), "Radio Coast".to_string()],
                NaiveDate::from_ymd_opt(2015, 9, 2).unwrap_or_default()
            ))
        );
        assert_eq!(
            closing_source_line(
                "(he said, on 02.09.2015 in the harbour hall after a long meeting)"
            ),
            None
        );
        assert_eq!(outlet_date_line("He left (on 4 May 2019)"), None);
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline("By Ana Marić, Tom de Vries"),
            Some(vec!["Ana Marić".to_string(), "Tom de Vries".to_string()])
        );
        assert_eq!(
            byline("By Ana Marić and J. R. Hale"),
            Some(vec!["Ana Marić".to_string(), "J. R. Hale".to_string()])
        );
        assert_eq!(byline("By then the ferry had left."), None);
        assert_eq!(byline("By contrast, prices rose"), None);
        assert_eq!(byline("By Harbour Council."), None);
    }

    #[test]
    fn url_lines_and_datelines() {
        assert_eq!(
            url_line("<https://news.example.org/a/b-1>"),
            Some("https://news.example.org/a/b-1".to_string())
        );
        assert_eq!(url_line("See https://example.org for more"), None);
        assert_eq!(
            dateline_prefix("Kotor, 8 June 2021 – The port reopened on Tuesday."),
            ymd(2021, 6, 8)
        );
        assert_eq!(dateline_prefix("Kotor, a port town – reopened."), None);
    }

    #[test]
    fn outlet_header_and_footer_lines() {
        let outlet = |line: &str| outlet_header_line(line, true);
        assert_eq!(
            outlet("HARBOUR GAZETTE | Independent news from the coast").as_deref(),
            Some("Harbour Gazette")
        );
        assert_eq!(
            outlet("Coast Wire – coastwire.example – Kotor · Bar").as_deref(),
            Some("Coast Wire")
        );
        assert_eq!(
            outlet("Green Harbour Review · Energy · Coast").as_deref(),
            Some("Green Harbour Review")
        );
        assert_eq!(
            outlet("© 2019 Harbour Gazette. All rights reserved. | About").as_deref(),
            Some("Harbour Gazette")
        );
        assert_eq!(outlet("Copyright 2019-2024 BBC").as_deref(), Some("BBC"));
        assert_eq!(
            outlet("HARBOUR GAZETTE").as_deref(),
            Some("Harbour Gazette")
        );
        assert_eq!(outlet_header_line("HARBOUR GAZETTE", false), None);
        assert_eq!(outlet("Sport | Football"), None);
        assert_eq!(outlet("Kotor – a port town – waits."), None);
        assert_eq!(outlet("Ana Marić"), None);
        assert_eq!(outlet("RSS"), None);
        assert_eq!(outlet("BBC").as_deref(), Some("BBC"));
    }

    #[test]
    fn datelines_split_off() {
        let (dateline, date, at) =
            split_dateline("KOTOR, 8 June 2021 – The port reopened.").unwrap_or_default();
        assert_eq!(dateline, "KOTOR, 8 June 2021 –");
        assert_eq!(date, ymd(2021, 6, 8));
        assert_eq!(at, "KOTOR, 8 June 2021 – ".len());
        let (dateline, date, _) =
            split_dateline("KOTOR (Coast Wire) - The port reopened.").unwrap_or_default();
        assert_eq!((dateline.as_str(), date), ("KOTOR (Coast Wire) -", None));
        let (dateline, date, _) =
            split_dateline("KOTOR, June 8 (Coast Wire) - The port reopened.").unwrap_or_default();
        assert_eq!(
            (dateline.as_str(), date),
            ("KOTOR, June 8 (Coast Wire) -", None)
        );
        let (dateline, _, _) = split_dateline("BAR – “We stay,” he said.").unwrap_or_default();
        assert_eq!(dateline, "BAR –");
        assert_eq!(split_dateline("Kotor – The port reopened."), None);
        assert_eq!(
            split_dateline("Kotor, a port town – The port reopened."),
            None
        );
        assert_eq!(
            split_dateline("The port – closed since May – reopened."),
            None
        );
    }

    #[test]
    fn bylines_with_a_date() {
        assert_eq!(
            byline_and_date("By Ana Marić and Tom Lee · May 12, 2022"),
            Some((
                vec!["Ana Marić".to_string(), "Tom Lee".to_string()],
                ymd(2022, 5, 12)
            ))
        );
        assert_eq!(
            byline_and_date("By Ana Marić"),
            Some((vec!["Ana Marić".to_string()], None))
        );
    }

    #[test]
    fn headline_and_outlet_shapes() {
        assert!(headline_like("Harbour Reopens After Storm"));
        assert!(headline_like("Will the harbour reopen?"));
        assert!(!headline_like(
            "The harbour reopened on Tuesday after a long storm."
        ));
        assert!(!headline_like("12.03.2018"));
        assert!(!headline_like("“We will stay.”"));
        assert!(headline_like("Mayor: “We will stay”"));
        assert!(outlet_like("The Harbour Gazette"));
        assert!(!outlet_like("the harbour gazette"));
        assert!(!outlet_like("It reopened."));
        assert!(!outlet_like("Pier: A Story"));
        assert!(!outlet_like("Ana, The Desk"));
        assert!(!outlet_like("READ THE REST"));
        assert!(outlet_line("The Harbour Gazette"));
        assert!(outlet_line("Coast Radio"));
        assert!(outlet_line("harbour.example.com"));
        assert!(!outlet_line("Ana Marić"));
        assert!(!outlet_line("Next Page"));
    }
}
