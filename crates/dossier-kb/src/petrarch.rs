//! Reading PETRARCH/TABARI actor and agent dictionaries into [`KbEntry`] values.
//!
//! The format, as the dictionaries use it:
//!
//! * An entry starts on an unindented line with its name (`UNITED_STATES`; underscores are
//!   spaces, a trailing underscore marks a word boundary and is dropped), optionally followed
//!   by code blocks on the same line.
//! * `+NAME` lines add synonyms to the current entry.
//! * Indented lines (or lines starting with `[`) hold more code blocks for the current entry.
//! * A code block is `[CODE]`, `[CODE <DATE]` (until the day before), `[CODE >DATE]` (from
//!   the day after), or `[CODE DATE-DATE]` (inclusive); dates are `YYMMDD` or `YYYYMMDD`.
//!   `CODE` may hold several codes separated by `/`. Agent codes carry a `~` (`[~GOV]`,
//!   `[NGO~]`); entries with them become [`EntryKind::Agent`] entries.
//! * `{PLURAL}` after an agent name gives its plural form (empty braces: the regular plural).
//! * `!SET! = A, B` defines a substitution set; names using `!SET!` expand to one name per
//!   member (the first becomes the entry's name, the others synonyms).
//! * `#` starts a comment (outside code blocks); `<!-- ... -->` comments may span lines.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{DatedCode, EntryKind, KbEntry};
use crate::KbError;

const FILE: &str = "PETRARCH dictionary";

/// Reads a PETRARCH/TABARI actor or agent dictionary. Fails with the line number on a code
/// block that does not close, has no code, or has a date that is not a calendar date.
pub fn import_petrarch_actors(text: &str) -> Result<Vec<KbEntry>, KbError> {
    let mut entries: Vec<KbEntry> = Vec::new();
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut in_comment = false;
    for (idx, raw_line) in text.lines().enumerate() {
        let line_no = idx + 1;
        let error = |message: String| KbError::Parse {
            file: FILE.to_string(),
            line: line_no,
            message,
        };
        let mut line = raw_line.trim_end_matches('\r');
        if in_comment {
            match line.find("-->") {
                Some(pos) => {
                    in_comment = false;
                    line = line.get(pos + 3..).unwrap_or("");
                }
                None => continue,
            }
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("<!") {
            if !trimmed.contains("-->") {
                in_comment = true;
            }
            continue;
        }
        let content = strip_comment(line);
        if content.trim().is_empty() {
            continue;
        }
        let indented = content.starts_with([' ', '\t']);
        let body = content.trim();
        if body.starts_with('!') {
            if let Some((name, members)) = body.split_once('=') {
                let members: Vec<String> = members
                    .split(',')
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect();
                sets.insert(name.trim().to_string(), members);
                continue;
            }
        }
        if indented || body.starts_with('[') {
            let codes = parse_code_blocks(body).map_err(error)?;
            match entries.last_mut() {
                Some(entry) => add_codes(entry, codes),
                None => return Err(error("a code block before any entry".to_string())),
            }
            continue;
        }
        let (synonym, rest) = match body.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let name_end = rest.find(['[', '{']).unwrap_or(rest.len());
        let raw_name = rest.get(..name_end).unwrap_or("");
        let tail = rest.get(name_end..).unwrap_or("");
        let names = expand_sets(&clean_name(raw_name), &sets);
        let Some(first_name) = names.first().cloned() else {
            return Err(error("an entry without a name".to_string()));
        };
        let plurals = parse_plurals(tail);
        let codes = parse_code_blocks(tail).map_err(error)?;
        if synonym {
            let Some(entry) = entries.last_mut() else {
                return Err(error("a synonym before any entry".to_string()));
            };
            entry.alt_names.extend(names);
            entry.alt_names.extend(plurals);
            add_codes(entry, codes);
        } else {
            let mut entry = KbEntry::new(EntryKind::Actor, &first_name);
            entry.alt_names.extend(names.into_iter().skip(1));
            entry.alt_names.extend(plurals);
            add_codes(&mut entry, codes);
            entries.push(entry);
        }
    }
    Ok(entries)
}

fn add_codes(entry: &mut KbEntry, codes: Vec<DatedCode>) {
    if codes.iter().any(|c| c.code.contains('~')) {
        entry.kind = EntryKind::Agent;
    }
    entry.codes.extend(codes);
}

/// The line without its `#` comment (a `#` inside a code block is part of the code).
fn strip_comment(line: &str) -> &str {
    let mut depth = 0usize;
    for (pos, ch) in line.char_indices() {
        match ch {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => return line.get(..pos).unwrap_or(""),
            _ => {}
        }
    }
    line
}

/// Underscores as spaces, the word-boundary underscore dropped, spaces collapsed.
fn clean_name(raw: &str) -> String {
    raw.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Expands `!SET!` references into one name per member. Nesting is followed four levels
/// deep at most, so a set that names itself cannot recurse without end.
fn expand_sets(name: &str, sets: &HashMap<String, Vec<String>>) -> Vec<String> {
    expand_sets_to_depth(name, sets, 4)
}

fn expand_sets_to_depth(
    name: &str,
    sets: &HashMap<String, Vec<String>>,
    depth: usize,
) -> Vec<String> {
    if name.is_empty() {
        return Vec::new();
    }
    if depth > 0 {
        for (set, members) in sets {
            if name.contains(set.as_str()) && !members.is_empty() {
                let mut out = Vec::new();
                for member in members {
                    let expanded = name.replace(set.as_str(), &clean_name(member));
                    out.extend(expand_sets_to_depth(&expanded, sets, depth - 1));
                }
                return out;
            }
        }
    }
    vec![name.to_string()]
}

/// The plural forms in `{...}` (none for empty braces).
fn parse_plurals(tail: &str) -> Vec<String> {
    let Some(open) = tail.find('{') else {
        return Vec::new();
    };
    let Some(close) = tail.get(open..).and_then(|t| t.find('}')) else {
        return Vec::new();
    };
    tail.get(open + 1..open + close)
        .unwrap_or("")
        .split([',', ' '])
        .map(clean_name)
        .filter(|s| !s.is_empty())
        .collect()
}

/// All `[...]` code blocks in `text`.
fn parse_code_blocks(text: &str) -> Result<Vec<DatedCode>, String> {
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        let close = after
            .find(']')
            .ok_or_else(|| format!("unclosed code block `{}`", rest.trim()))?;
        let inside = after.get(..close).unwrap_or("");
        codes.extend(parse_code_block(inside)?);
        rest = after.get(close + 1..).unwrap_or("");
    }
    Ok(codes)
}

fn parse_code_block(inside: &str) -> Result<Vec<DatedCode>, String> {
    let inside = inside.trim();
    let code_end = inside
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(inside.len());
    let code = inside.get(..code_end).unwrap_or("");
    let dates = inside.get(code_end..).unwrap_or("").trim();
    // A code of digits is a date block without its code; `---` (the null actor) is a code.
    let digits_only = code.chars().all(|c| c.is_ascii_digit() || c == '-');
    if code.is_empty() || (digits_only && code.chars().any(|c| c.is_ascii_digit())) {
        return Err(format!("code block `[{inside}]` has no code"));
    }
    let (from, until) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('<') {
        (
            None,
            Some(parse_date(d)?.pred_opt().ok_or("date out of range")?),
        )
    } else if let Some(d) = dates.strip_prefix('>') {
        (
            Some(parse_date(d)?.succ_opt().ok_or("date out of range")?),
            None,
        )
    } else if let Some((a, b)) = dates.split_once('-') {
        (Some(parse_date(a)?), Some(parse_date(b)?))
    } else {
        return Err(format!("cannot read the dates of `[{inside}]`"));
    };
    Ok(code
        .split('/')
        .filter(|c| !c.is_empty())
        .map(|c| DatedCode {
            code: c.to_string(),
            from,
            until,
        })
        .collect())
}

/// A `YYMMDD` or `YYYYMMDD` date. Two-digit years up to 30 are 20YY, the others 19YY.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let digits = text.trim();
    let number = |range: std::ops::Range<usize>| -> Option<u32> { digits.get(range)?.parse().ok() };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("bad date `{digits}`"));
    }
    let (year, month, day) = match digits.len() {
        6 => {
            let yy = number(0..2).ok_or("bad year")? as i32;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            (year, number(2..4), number(4..6))
        }
        8 => (
            number(0..4).ok_or("bad year")? as i32,
            number(4..6),
            number(6..8),
        ),
        _ => return Err(format!("bad date `{digits}` (want YYMMDD or YYYYMMDD)")),
    };
    month
        .zip(day)
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .ok_or_else(|| format!("`{digits}` is not a calendar date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    const SAMPLE: &str = "\
<!-- A DICTIONARY WRITTEN FOR THIS TEST
# spanning lines -->
RURITANIA [RUR]
+RURITANIAN # a comment
+STRELSAU_
RUDOLF_THE_FIFTH  # pas
\t[RUR < 010501]
\t[RURGOV 20010501 - 20040331]
\t[RURELI >040331]
BLACK_MICHAEL [RURREB/RUROPP 20020101-20021231]
#HIDDEN [XXX]
!OFFICER! = CAPTAIN, MAJOR
ARMY_!OFFICER! {} [~MIL]
GUARD {GUARDS} [ NGO~]
";

    #[test]
    fn reads_names_synonyms_and_dated_codes() {
        let entries = import_petrarch_actors(SAMPLE).unwrap_or_default();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "RURITANIA",
                "RUDOLF THE FIFTH",
                "BLACK MICHAEL",
                "ARMY CAPTAIN",
                "GUARD"
            ]
        );
        let ruritania = entries.first();
        assert_eq!(
            ruritania.map(|e| e.alt_names.clone()),
            Some(vec!["RURITANIAN".to_string(), "STRELSAU".to_string()])
        );
        let rudolf = entries.get(1);
        assert_eq!(rudolf.and_then(|e| e.code_on(day(2000, 1, 1))), Some("RUR"));
        assert_eq!(
            rudolf.and_then(|e| e.code_on(day(2001, 4, 30))),
            Some("RUR")
        );
        assert_eq!(
            rudolf.and_then(|e| e.code_on(day(2001, 5, 1))),
            Some("RURGOV")
        );
        assert_eq!(
            rudolf.and_then(|e| e.code_on(day(2004, 3, 31))),
            Some("RURGOV")
        );
        assert_eq!(
            rudolf.and_then(|e| e.code_on(day(2004, 4, 1))),
            Some("RURELI")
        );
        let michael = entries.get(2);
        assert_eq!(michael.map(|e| e.codes.len()), Some(2));
        assert_eq!(
            michael.and_then(|e| e.code_on(day(2002, 6, 1))),
            Some("RURREB")
        );
        assert_eq!(michael.and_then(|e| e.code_on(day(2003, 6, 1))), None);
        let army = entries.get(3);
        assert_eq!(army.map(|e| e.kind), Some(EntryKind::Agent));
        assert_eq!(
            army.map(|e| e.alt_names.clone()),
            Some(vec!["ARMY MAJOR".to_string()])
        );
        let guard = entries.get(4);
        assert_eq!(
            guard.map(|e| e.alt_names.clone()),
            Some(vec!["GUARDS".to_string()])
        );
        assert_eq!(
            guard.and_then(|e| e.codes.first()).map(|c| c.code.as_str()),
            Some("NGO~")
        );
    }

    #[test]
    fn malformed_blocks_are_errors_with_line_numbers() {
        let unclosed = import_petrarch_actors("A [RUR\n");
        assert!(matches!(unclosed, Err(KbError::Parse { line: 1, .. })));
        let no_code = import_petrarch_actors("A\n\t[950601-990815]\n");
        assert!(matches!(no_code, Err(KbError::Parse { line: 2, .. })));
        let bad_date = import_petrarch_actors("A [RUR <991345]\n");
        assert!(matches!(bad_date, Err(KbError::Parse { line: 1, .. })));
        let looping = import_petrarch_actors("!A! = X!A!\nB!A! [RUR]\n");
        assert!(looping.is_ok_and(|e| e.len() == 1));
        let orphan = import_petrarch_actors("\t[RUR]\n");
        assert!(orphan.is_err());
        assert_eq!(import_petrarch_actors("").map(|e| e.len()), Ok(0));
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(parse_date("911226"), Ok(day(1991, 12, 26)));
        assert_eq!(parse_date("130119"), Ok(day(2013, 1, 19)));
        assert_eq!(parse_date("20130119"), Ok(day(2013, 1, 19)));
        assert!(parse_date("2013011").is_err());
    }
}
