//! Scanning a doc's text: the light word list the quote rules walk over, and the pairing of
//! quotation marks into quoted spans (across paragraphs when a quote runs on).
//!
//! The quote stage keeps its own word list rather than reading `doc.tokens` so that it sees
//! possessives ("Trump’s") and quotation marks the same way whatever tokenizer ran before;
//! the list is built in one pass with one lowercase buffer for the whole document.

use dossier_core::CharSpan;

use crate::cues::{WordInfo, LEXICON};

/// What a scanned word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordKind {
    /// Letters (with inner apostrophes, hyphens and periods).
    Alpha,
    /// Digits.
    Number,
    /// A quotation mark.
    Quote,
    /// Any other non-space character.
    Punct,
}

/// One scanned word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// Its kind.
    pub kind: WordKind,
    /// For punctuation and quotation marks, the character.
    pub ch: char,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Byte range of its lowercase form (possessive removed) in [`Words::lower`].
    pub lower_start: u32,
    /// End of that byte range.
    pub lower_end: u32,
    /// Ends in a possessive "’s" / "'s".
    pub possessive: bool,
    /// What the cue lexicon says about it.
    pub info: WordInfo,
    /// Lies inside the content of a top-level quotation.
    pub in_quote: bool,
}

/// The scanned words of a document.
#[derive(Debug, Default)]
pub(crate) struct Words {
    /// The words, in text order.
    pub list: Vec<Word>,
    /// Lowercase forms of all words, concatenated.
    pub lower: String,
}

impl Words {
    /// The lowercase form of word `idx` ("" when out of range).
    pub fn lower(&self, idx: usize) -> &str {
        self.list
            .get(idx)
            .and_then(|w| self.lower.get(w.lower_start as usize..w.lower_end as usize))
            .unwrap_or("")
    }

    /// True when word `idx` is the alphabetic word `lower`.
    pub fn is(&self, idx: usize, lower: &str) -> bool {
        self.lower(idx) == lower
    }

    /// True when word `idx` is the punctuation character `ch`.
    pub fn is_punct(&self, idx: usize, ch: char) -> bool {
        self.list
            .get(idx)
            .is_some_and(|w| w.kind == WordKind::Punct && w.ch == ch)
    }

    /// Index of the first word starting at or after code point `at`.
    pub fn first_at(&self, at: u32) -> usize {
        self.list.partition_point(|w| w.start < at)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

/// True for every character dossier treats as a quotation mark.
pub(crate) fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '‘' | '’' | '‚' | '\''
    )
}

/// Scans `chars` into words.
pub(crate) fn scan_words(chars: &[char]) -> Words {
    let mut words = Words {
        list: Vec::with_capacity(chars.len() / 5),
        lower: String::with_capacity(chars.len()),
    };
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            i += 1;
            while i < n {
                let d = chars[i];
                if d.is_alphanumeric() {
                    i += 1;
                } else if matches!(d, '\'' | '’' | '-' | '.' | '‐')
                    && chars.get(i + 1).is_some_and(|e| e.is_alphanumeric())
                {
                    // An inner apostrophe, hyphen or period joins ("don’t", "Jean-Claude", "U.S").
                    i += 2;
                } else {
                    break;
                }
            }
            let slice = &chars[start..i];
            let possessive = slice.len() > 2
                && matches!(slice[slice.len() - 2], '\'' | '’')
                && matches!(slice[slice.len() - 1], 's' | 'S');
            let stem = if possessive {
                &slice[..slice.len() - 2]
            } else {
                slice
            };
            let lower_start = words.lower.len() as u32;
            for &ch in stem {
                if ch.is_ascii() {
                    words.lower.push(ch.to_ascii_lowercase());
                } else {
                    words.lower.extend(ch.to_lowercase());
                }
            }
            let lower_end = words.lower.len() as u32;
            let info = LEXICON.get(&words.lower[lower_start as usize..]);
            words.list.push(Word {
                start: start as u32,
                end: i as u32,
                kind: if c.is_numeric() {
                    WordKind::Number
                } else {
                    WordKind::Alpha
                },
                ch: c,
                cap: c.is_uppercase(),
                lower_start,
                lower_end,
                possessive,
                info,
                in_quote: false,
            });
            continue;
        }
        let lower_start = words.lower.len() as u32;
        words.list.push(Word {
            start: i as u32,
            end: i as u32 + 1,
            kind: if is_quote_char(c) {
                WordKind::Quote
            } else {
                WordKind::Punct
            },
            ch: c,
            cap: false,
            lower_start,
            lower_end: lower_start,
            possessive: false,
            info: WordInfo::default(),
            in_quote: false,
        });
        i += 1;
    }
    words
}

/// Families of quotation marks that pair with each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// “…” and „…“ / „…”.
    Double,
    /// «…» (and »…« is not handled).
    Guillemet,
    /// ‹…›.
    Angle,
    /// ‘…’.
    Single,
    /// "…".
    AsciiDouble,
    /// '…'.
    AsciiSingle,
}

/// A top-level quoted stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Quoted {
    /// Position of the opening mark.
    pub open: u32,
    /// Position of the closing mark; `None` when the quote was never closed.
    pub close: Option<u32>,
    /// The content between the marks, trimmed of spaces.
    pub content: CharSpan,
    /// Index of the paragraph the quote opens in.
    pub paragraph: usize,
    /// Index of the paragraph the quote ends in.
    pub last_paragraph: usize,
}

/// An open quotation mark waiting for its partner.
#[derive(Clone, Copy, Debug)]
struct Opener {
    at: u32,
    family: Family,
    ch: char,
    paragraph: usize,
}

/// True when `c` can open a quote of `family` at the start of a continuing paragraph.
fn opens_family(c: char, family: Family) -> bool {
    match family {
        Family::Double => matches!(c, '“' | '„'),
        Family::Guillemet => c == '«',
        Family::Angle => c == '‹',
        Family::Single => c == '‘',
        Family::AsciiDouble => c == '"',
        Family::AsciiSingle => c == '\'',
    }
}

/// Pairs the quotation marks of each paragraph into top-level quoted spans.
///
/// A paragraph that opens a quote without closing it continues into the next paragraph when
/// that one opens with a mark of the same kind (the news convention for long quotes);
/// otherwise the quote ends with its paragraph.
pub(crate) fn find_quoted(chars: &[char], paragraphs: &[CharSpan]) -> Vec<Quoted> {
    let mut quoted = Vec::new();
    let mut carry: Option<(Opener, u32)> = None;
    let mut stack: Vec<Opener> = Vec::new();
    for (paragraph_idx, paragraph) in paragraphs.iter().enumerate() {
        let start = paragraph.start as usize;
        let end = (paragraph.end as usize).min(chars.len());
        if start >= end {
            continue;
        }
        stack.clear();
        let mut i = start;
        if let Some((opener, previous_end)) = carry.take() {
            let doubled = opener.family == Family::AsciiDouble
                && chars[start] == '\''
                && chars.get(start + 1) == Some(&'\'');
            if doubled {
                stack.push(opener);
                i += 2;
            } else if opens_family(chars[start], opener.family) {
                stack.push(opener);
                i += 1;
            } else {
                push_quoted(
                    &mut quoted,
                    chars,
                    opener,
                    None,
                    previous_end,
                    paragraph_idx - 1,
                );
            }
        }
        while i < end {
            let c = chars[i];
            if c == '\'' && i + 1 < end && chars[i + 1] == '\'' {
                // Two apostrophes stand for a double quotation mark in some archives
                // (''like this''); the pair acts as one ", opening after its second half.
                let prev = if i > start { Some(chars[i - 1]) } else { None };
                let next = chars.get(i + 2).copied().filter(|_| i + 2 < end);
                let depth = stack.len();
                handle_mark(
                    &mut quoted,
                    &mut stack,
                    chars,
                    '"',
                    i as u32,
                    prev,
                    next,
                    paragraph_idx,
                );
                if stack.len() > depth {
                    if let Some(top) = stack.last_mut() {
                        top.at = i as u32 + 1;
                    }
                }
                i += 2;
                continue;
            }
            if is_quote_char(c) {
                let prev = if i > start { Some(chars[i - 1]) } else { None };
                let next = chars.get(i + 1).copied().filter(|_| i + 1 < end);
                handle_mark(
                    &mut quoted,
                    &mut stack,
                    chars,
                    c,
                    i as u32,
                    prev,
                    next,
                    paragraph_idx,
                );
            }
            i += 1;
        }
        if let Some(bottom) = stack.first() {
            carry = Some((*bottom, end as u32));
        }
    }
    if let Some((opener, previous_end)) = carry {
        push_quoted(
            &mut quoted,
            chars,
            opener,
            None,
            previous_end,
            paragraphs.len().saturating_sub(1),
        );
    }
    quoted.sort_by_key(|q| q.open);
    quoted
}

/// Decides what the mark `c` at `at` does: open, close, or nothing (an apostrophe).
#[allow(clippy::too_many_arguments)]
fn handle_mark(
    quoted: &mut Vec<Quoted>,
    stack: &mut Vec<Opener>,
    chars: &[char],
    c: char,
    at: u32,
    prev: Option<char>,
    next: Option<char>,
    paragraph: usize,
) {
    let prev_word = prev.is_some_and(|p| p.is_alphanumeric());
    let next_word = next.is_some_and(|n| n.is_alphanumeric());
    let next_space = next.is_none_or(|n| n.is_whitespace());
    let prev_space = prev.is_none_or(|p| p.is_whitespace());
    let open_in =
        |family: Family, stack: &Vec<Opener>| stack.iter().rposition(|o| o.family == family);
    let close = |family: Family, quoted: &mut Vec<Quoted>, stack: &mut Vec<Opener>| -> bool {
        if let Some(pos) = open_in(family, stack) {
            let opener = stack[pos];
            stack.truncate(pos);
            if pos == 0 {
                push_quoted(quoted, chars, opener, Some(at), at, paragraph);
            }
            true
        } else {
            false
        }
    };
    let open = |family: Family, stack: &mut Vec<Opener>| {
        stack.push(Opener {
            at,
            family,
            ch: c,
            paragraph,
        })
    };
    match c {
        '“' => {
            // In „…“ the high mark closes.
            let low_open = stack
                .last()
                .is_some_and(|o| o.family == Family::Double && o.ch == '„');
            if low_open && !next_word {
                close(Family::Double, quoted, stack);
            } else if prev_word && next_space && open_in(Family::Double, stack).is_some() {
                // A “ used as a closing mark by careless typing.
                close(Family::Double, quoted, stack);
            } else {
                open(Family::Double, stack);
            }
        }
        '„' | '‟' => open(Family::Double, stack),
        '”' if open_in(Family::Double, stack).is_none()
            && open_in(Family::AsciiDouble, stack).is_some()
            && !next_word =>
        {
            // Mixed typography: "…” closes the straight mark.
            close(Family::AsciiDouble, quoted, stack);
        }
        '”' => {
            let closed = close(Family::Double, quoted, stack);
            if !closed && prev_space && next_word {
                // A ” used as an opening mark.
                open(Family::Double, stack);
            }
        }
        '«' => open(Family::Guillemet, stack),
        '»' => {
            close(Family::Guillemet, quoted, stack);
        }
        '‹' => open(Family::Angle, stack),
        '›' => {
            close(Family::Angle, quoted, stack);
        }
        '‘' | '‚' if !prev_word => open(Family::Single, stack),
        '’' if !next_word && !prev_space => {
            close(Family::Single, quoted, stack);
        }
        '"' if open_in(Family::AsciiDouble, stack).is_none()
            && open_in(Family::Double, stack).is_some()
            && !next_word
            && !prev_space =>
        {
            // Mixed typography: “…" closes the curly mark.
            close(Family::Double, quoted, stack);
        }
        '"' => {
            if open_in(Family::AsciiDouble, stack).is_some() && !(prev_space && next_word) {
                close(Family::AsciiDouble, quoted, stack);
            } else if open_in(Family::AsciiDouble, stack).is_some() {
                // A second opening " before the first closed: the first one was stray.
                if let Some(pos) = open_in(Family::AsciiDouble, stack) {
                    stack.truncate(pos);
                }
                open(Family::AsciiDouble, stack);
            } else if !prev_word {
                open(Family::AsciiDouble, stack);
            }
        }
        '\'' => {
            if open_in(Family::AsciiSingle, stack).is_some() && !next_word && !prev_space {
                close(Family::AsciiSingle, quoted, stack);
            } else if !prev_word && next_word {
                open(Family::AsciiSingle, stack);
            }
        }
        _ => {}
    }
}

/// Records a top-level quote from `opener` to the closing mark at `close` (or to `end`).
fn push_quoted(
    quoted: &mut Vec<Quoted>,
    chars: &[char],
    opener: Opener,
    close: Option<u32>,
    end: u32,
    last_paragraph: usize,
) {
    let mut start = opener.at + 1;
    let mut stop = close.unwrap_or(end);
    while start < stop && chars.get(start as usize).is_some_and(|c| c.is_whitespace()) {
        start += 1;
    }
    while stop > start
        && chars
            .get(stop as usize - 1)
            .is_some_and(|c| c.is_whitespace())
    {
        stop -= 1;
    }
    if stop > start {
        quoted.push(Quoted {
            open: opener.at,
            close,
            content: CharSpan::new(start, stop),
            paragraph: opener.paragraph,
            last_paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes_of(text: &str) -> Vec<String> {
        let doc = dossier_core::Doc::new(dossier_core::Meta::default(), text.to_string());
        let chars: Vec<char> = text.chars().collect();
        find_quoted(&chars, &doc.paragraphs)
            .iter()
            .map(|q| doc.slice(q.content).to_string())
            .collect()
    }

    #[test]
    fn pairs_every_family() {
        let text =
            "A “one” b \"two\" c «three» d ‘four’ e „five“ f ‹six› g ''seven'' h “eight\" i.";
        assert_eq!(
            quotes_of(text),
            ["one", "two", "three", "four", "five", "six", "seven", "eight"]
        );
    }

    #[test]
    fn apostrophes_and_nesting() {
        let text = "“We didn’t say ‘never’ to the Smiths’ plan,” she said.";
        assert_eq!(
            quotes_of(text),
            ["We didn’t say ‘never’ to the Smiths’ plan,"]
        );
    }

    #[test]
    fn quote_runs_over_paragraphs() {
        let text = "“First part.\n\n“Second part,” he said.\n\nAfter.";
        let q = quotes_of(text);
        assert_eq!(q.len(), 1);
        assert!(q[0].starts_with("First part.") && q[0].ends_with("Second part,"));
    }

    #[test]
    fn unclosed_quote_ends_with_its_paragraph() {
        assert_eq!(quotes_of("He said “never again\n\nNext."), ["never again"]);
    }

    #[test]
    fn words_keep_possessives_apart() {
        let chars: Vec<char> = "Trump’s aide said: “No.”".chars().collect();
        let words = scan_words(&chars);
        assert_eq!(words.lower(0), "trump");
        assert!(words.list[0].possessive && words.list[0].cap);
        assert!(words.list[2].info.verb);
        assert_eq!(words.list[3].kind, WordKind::Punct);
        assert_eq!(words.list[4].kind, WordKind::Quote);
    }
}
