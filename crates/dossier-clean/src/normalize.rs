//! Normalisation: the character-level repairs applied to every line before anything else.
//!
//! The steps, in order, for each line: mojibake repair (UTF-8 that was read as
//! Windows-1252 or Latin-1), character mapping (Unicode spaces to a space, invisible
//! characters and control characters removed, quotation-mark lookalikes canonicalised),
//! Unicode NFC, runs of spaces collapsed and the line trimmed.
//! Lines are split on LF, CRLF, CR, form feed, vertical tab, U+2028 and U+2029,
//! and runs of blank lines become one blank line, the paragraph separator.
//!
//! Every step works inside one line, so a line's text never depends on its neighbours.
//! That is what lets [`crate::clean`] keep, for every cleaned line, the code-point
//! offset where it started in the raw body.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// One line of a raw body after normalisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NormLine {
    /// The normalised text: trimmed, empty for a blank line.
    pub text: String,
    /// Code-point offset in the raw body where the line started.
    pub raw_start: u32,
}

/// What normalisation repaired, for diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NormStats {
    /// Number of mojibake runs decoded back to the characters they stood for.
    pub n_mojibake: usize,
}

/// Normalises a whole text: see the module documentation for the steps.
///
/// The result has no leading or trailing blank line, no line with leading or trailing
/// spaces, and paragraphs separated by exactly one blank line.
pub fn normalize(text: &str) -> String {
    let (lines, _) = normalized_lines(text);
    let mut out = String::with_capacity(text.len());
    let mut pending_blank = false;
    for line in &lines {
        if line.text.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_blank { "\n\n" } else { "\n" });
        }
        pending_blank = false;
        out.push_str(&line.text);
    }
    out
}

/// Splits `text` into lines and normalises each; blank lines are kept as empty lines.
pub(crate) fn normalized_lines(text: &str) -> (Vec<NormLine>, NormStats) {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut stats = NormStats::default();
    let mut line_start = 0usize;
    let mut line_start_char = 0u32;
    let mut idx = 0usize;
    // Scanning bytes is safe here: every line break is ASCII or starts with 0xE2,
    // and neither can occur inside another character's encoding.
    while let Some(&byte) = bytes.get(idx) {
        let (break_bytes, break_chars) = match byte {
            b'\n' | 0x0B | 0x0C => (1, 1),
            // A CR directly followed by LF is one line break, not two.
            b'\r' if bytes.get(idx + 1) == Some(&b'\n') => (2, 2),
            b'\r' => (1, 1),
            0xE2 if bytes.get(idx + 1) == Some(&0x80)
                && matches!(bytes.get(idx + 2), Some(0xA8 | 0xA9)) =>
            {
                (3, 1)
            }
            _ => {
                idx += 1;
                continue;
            }
        };
        let raw_line = text.get(line_start..idx).unwrap_or("");
        lines.push(NormLine {
            text: normalize_line(raw_line, &mut stats),
            raw_start: line_start_char,
        });
        line_start_char = line_start_char
            .saturating_add(count_chars(raw_line))
            .saturating_add(break_chars);
        // A paragraph separator (U+2029) stands for a blank line after the current one.
        if bytes.get(idx + 2) == Some(&0xA9) && break_bytes == 3 {
            lines.push(NormLine {
                text: String::new(),
                raw_start: line_start_char,
            });
        }
        idx += break_bytes;
        line_start = idx;
    }
    let rest = text.get(line_start..).unwrap_or("");
    if !rest.is_empty() {
        lines.push(NormLine {
            text: normalize_line(rest, &mut stats),
            raw_start: line_start_char,
        });
    }
    (lines, stats)
}

/// Number of code points of `text`, saturating at `u32::MAX`.
fn count_chars(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap_or(u32::MAX)
}

/// Normalises one line (no line breaks inside).
fn normalize_line(raw: &str, stats: &mut NormStats) -> String {
    let repaired = repair_mojibake(raw, stats);
    let mut out = String::with_capacity(repaired.len());
    map_chars(&repaired, &mut out);
    if out.is_ascii() {
        return out;
    }
    match is_nfc_quick(out.chars()) {
        IsNormalized::Yes => out,
        _ => out.nfc().collect(),
    }
}

/// What [`map_chars`] does with one character.
enum Action {
    /// Keep it as it is.
    Keep,
    /// It is a space: part of a run written as one space between words.
    Space,
    /// Drop it.
    Drop,
    /// Write this character instead.
    Put(char),
    /// Write this character instead of it and the next one.
    PutPair(char),
}

/// Maps each character (spaces to ' ', invisible and control characters dropped,
/// quotation-mark lookalikes to their canonical form), collapses runs of spaces and trims.
///
/// Runs of unchanged characters are copied as slices, which is what makes this fast on
/// text that is already clean.
fn map_chars(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut pending_space = false;
    let mut run_start: Option<usize> = None;
    let mut idx = 0usize;
    // `idx` always sits on a character boundary: it moves by one over ASCII bytes and
    // by whole characters otherwise.
    while let Some(&byte) = bytes.get(idx) {
        // Printable ASCII other than the space and the two quote characters that may
        // pair up is kept as it is: the common case, decided from the byte alone.
        if (0x21..=0x7E).contains(&byte) && byte != b'`' && byte != b'\'' {
            if run_start.is_none() {
                push_pending_space(out, &mut pending_space);
                run_start = Some(idx);
            }
            idx += 1;
            continue;
        }
        let Some(ch) = line.get(idx..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let next = line
            .get(idx + ch.len_utf8()..)
            .and_then(|rest| rest.chars().next());
        let action = match ch {
            ' ' | '\t' => Action::Space,
            // Two backticks or two apostrophes are the TeX and typewriter spelling of
            // double quotes: they become curly quotes of the same side.
            '`' if next == Some('`') => Action::PutPair('\u{201C}'),
            '\'' if next == Some('\'') => Action::PutPair('\u{201D}'),
            _ if ch.is_ascii() => {
                if ch.is_ascii_control() {
                    Action::Drop
                } else {
                    Action::Keep
                }
            }
            _ if is_space(ch) => Action::Space,
            _ if is_invisible(ch) || ch.is_control() => Action::Drop,
            _ => match canonical_quote(ch) {
                same if same == ch => Action::Keep,
                other => Action::Put(other),
            },
        };
        if !matches!(action, Action::Keep) {
            if let Some(start) = run_start.take() {
                out.push_str(line.get(start..idx).unwrap_or(""));
            }
        }
        idx += ch.len_utf8();
        match action {
            Action::Keep => {
                if run_start.is_none() {
                    push_pending_space(out, &mut pending_space);
                    run_start = Some(idx - ch.len_utf8());
                }
            }
            Action::Space => pending_space = true,
            Action::Drop => {}
            Action::Put(c) => {
                push_pending_space(out, &mut pending_space);
                out.push(c);
            }
            Action::PutPair(c) => {
                push_pending_space(out, &mut pending_space);
                out.push(c);
                // The pair's second half is the same ASCII character: one byte.
                idx += 1;
            }
        }
    }
    if let Some(start) = run_start {
        out.push_str(line.get(start..).unwrap_or(""));
    }
}

/// Writes the one space standing for a run of spaces, unless at the start of the line.
fn push_pending_space(out: &mut String, pending_space: &mut bool) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
}

/// Unicode spaces (other than line breaks) that become a plain space.
fn is_space(ch: char) -> bool {
    matches!(
        ch,
        '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Characters that take no room and carry nothing for reading: zero-width spaces and
/// joiners, the byte-order mark, soft hyphens, bidirectional and invisible operators.
fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The canonical form of a quotation mark, keeping its kind (double or single, guillemet).
fn canonical_quote(ch: char) -> char {
    match ch {
        '\u{201E}' | '\u{2036}' | '\u{301D}' | '\u{275D}' => '\u{201C}',
        '\u{201F}' | '\u{2033}' | '\u{301E}' | '\u{301F}' | '\u{275E}' => '\u{201D}',
        '\u{201A}' | '\u{275B}' => '\u{2018}',
        '\u{201B}' | '\u{275C}' => '\u{2019}',
        '\u{FF02}' => '"',
        '\u{FF07}' => '\'',
        other => other,
    }
}

/// The Windows-1252 byte a character stands for, when UTF-8 was decoded as Windows-1252
/// (or Latin-1 for the five bytes Windows-1252 leaves undefined). `None` for ASCII and
/// for characters no single byte decodes to.
fn cp1252_byte(ch: char) -> Option<u8> {
    let byte = match ch {
        '\u{80}'..='\u{FF}' => ch as u32 as u8,
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// True for characters a repaired run may decode to: letters and punctuation of the
/// scripts news is written in. A run decoding to anything else (NKo, say, from a German
/// "ß" before a closing quote) was real text, not mojibake.
fn plausible_decoded(ch: char) -> bool {
    matches!(
        ch,
        '\u{A0}'..='\u{6FF}'
            | '\u{1E00}'..='\u{1FFF}'
            | '\u{2000}'..='\u{22FF}'
            | '\u{2500}'..='\u{27BF}'
            | '\u{3000}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{1F300}'..='\u{1FAFF}'
    )
}

/// Repairs runs of UTF-8 that were decoded as Windows-1252 or Latin-1 ("â€™" → "’",
/// "Ã©" → "é", "Ä‡" → "ć").
///
/// A run is a maximal sequence of non-ASCII characters that each stand for one byte.
/// It is replaced only when its bytes, taken together, are valid UTF-8 of at least two
/// bytes decoding to plausible characters; a run that decodes only in part is left alone,
/// so correct text with accents is never touched.
fn repair_mojibake<'a>(line: &'a str, stats: &mut NormStats) -> std::borrow::Cow<'a, str> {
    // Fast path: every mojibake run starts with a lead byte 0xC2..=0xF4, that is,
    // one of the characters 'Â'..='ô'.
    // Those are all encoded with the byte 0xC3, so one byte scan decides.
    if !line.as_bytes().contains(&0xC3) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut bytes: Vec<u8> = Vec::new();
    let mut run_start = 0usize;
    let mut changed = false;
    let mut in_run = false;
    for (byte_idx, ch) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let byte = if byte_idx < line.len() {
            cp1252_byte(ch)
        } else {
            None
        };
        match byte {
            Some(b) => {
                if !in_run {
                    in_run = true;
                    run_start = byte_idx;
                    bytes.clear();
                }
                bytes.push(b);
            }
            None => {
                if in_run {
                    in_run = false;
                    let run = line.get(run_start..byte_idx).unwrap_or("");
                    match decode_run(&bytes) {
                        Some(decoded) => {
                            out.push_str(decoded);
                            stats.n_mojibake += 1;
                            changed = true;
                        }
                        None => out.push_str(run),
                    }
                }
                if byte_idx < line.len() {
                    out.push(ch);
                }
            }
        }
    }
    if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

/// The UTF-8 text of a run's bytes when the whole run decodes to plausible characters.
fn decode_run(bytes: &[u8]) -> Option<&str> {
    if bytes.len() < 2 {
        return None;
    }
    let decoded = std::str::from_utf8(bytes).ok()?;
    decoded.chars().all(plausible_decoded).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_blank_lines() {
        assert_eq!(
            normalize("One\r\ntwo\rthree\n\n\n\nfour\n"),
            "One\ntwo\nthree\n\nfour"
        );
        assert_eq!(normalize("\n\n  Lead  \n \n\t\nNext"), "Lead\n\nNext");
        assert_eq!(normalize("A\u{2028}B\u{2029}C"), "A\nB\n\nC");
    }

    #[test]
    fn spaces_are_unified_and_collapsed() {
        assert_eq!(
            normalize("a\u{A0}b\u{202F}c\u{2009}d\u{3000}e   f\t g"),
            "a b c d e f g"
        );
    }

    #[test]
    fn invisible_and_control_characters_are_removed() {
        assert_eq!(
            normalize("\u{FEFF}co\u{AD}op\u{200B}er\u{200D}ate\u{7}d"),
            "cooperated"
        );
    }

    #[test]
    fn quotes_keep_their_kind() {
        assert_eq!(normalize("„Ja“ und ‟so‟"), "“Ja“ und ”so”");
        assert_eq!(normalize("‚one‛ 5″"), "‘one’ 5”");
        assert_eq!(normalize("«oui» ‹non› \"ascii\""), "«oui» ‹non› \"ascii\"");
        assert_eq!(normalize("``quoted''"), "“quoted”");
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(normalize("Vuc\u{30C}ic\u{301}"), "Vučić");
    }

    #[test]
    fn mojibake_is_repaired_when_the_run_decodes() {
        assert_eq!(
            normalize("the minister\u{E2}\u{20AC}\u{2122}s plan"),
            "the minister’s plan"
        );
        assert_eq!(normalize("caf\u{C3}\u{A9} au lait"), "café au lait");
        assert_eq!(normalize("Vu\u{C4}\u{8D}i\u{C4}\u{2021}"), "Vučić");
        assert_eq!(
            normalize("\u{E2}\u{20AC}\u{153}hello\u{E2}\u{20AC}\u{9D}"),
            "“hello”"
        );
    }

    #[test]
    fn correct_accented_text_is_untouched() {
        for text in [
            "café déjà vu",
            "Straße „Fuß“",
            "«Ça va»",
            "São Paulo",
            "Ärger über Öl",
        ] {
            let expected = normalize(text);
            let mut stats = NormStats::default();
            let repaired = repair_mojibake(text, &mut stats);
            assert_eq!(repaired, text, "{expected}");
            assert_eq!(stats.n_mojibake, 0);
        }
    }

    #[test]
    fn partial_runs_are_left_alone() {
        // "Ã©Ã" has a dangling lead byte, so the run is not decoded at all.
        let text = "x\u{C3}\u{A9}\u{C3} y";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn raw_offsets_follow_the_raw_body() {
        let (lines, _) = normalized_lines("ab\r\ncd\n\nžz");
        let starts: Vec<u32> = lines.iter().map(|l| l.raw_start).collect();
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["ab", "cd", "", "žz"]);
        assert_eq!(starts, [0, 4, 7, 8]);
    }
}
