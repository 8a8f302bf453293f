//! The tagger's own light tokenizer: one pass over the text into words, numbers and
//! punctuation, each classified once against the word lists.
//!
//! It is separate from the segmentation stage's tokens on purpose: time expressions need
//! numbers kept whole with their separators ("26.10.2016", "1992-95", "10:35") and
//! hyphenated compounds split ("third-quarter", "mid-2019"), and [`crate::tag_text`] must
//! work on bare text for evaluation and tools.

use crate::lexicon::{Word, WORDS};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A word, with its class when it is in the word lists.
    Word(Option<Word>),
    /// Pure digits: value and number of digits.
    Digits(u32, u8),
    /// Digits with inner separators ("26.10.2016", "1992-95", "10:35", "21.02").
    Compound,
    /// A numeric ordinal ("23rd", "1st").
    Ordinal(u32),
    /// A decade written "1990s" or "90s": the first three digits of the year.
    Decade(i32),
    /// One punctuation character.
    Punct(char),
}

/// A token of the tagger's tokenizer (byte offsets into the text).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    /// First byte.
    pub s: usize,
    /// One past the last byte.
    pub e: usize,
    /// What it is.
    pub kind: Kind,
    /// A clause boundary (sentence end, semicolon, line break) lies before this token.
    pub brk: bool,
    /// Joined to the previous word by a hyphen ("third-quarter").
    pub hyph: bool,
    /// Starts with an uppercase letter.
    pub cap: bool,
}

impl Tok {
    /// The word class, if this is a known word.
    pub fn word(&self) -> Option<Word> {
        match self.kind {
            Kind::Word(w) => w,
            _ => None,
        }
    }

    /// True for the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// Abbreviations after which a full stop does not end a clause.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "co", "inc", "corp", "jr", "sr",
    "no", "vs", "lt", "col", "sgt", "capt", "prof", "ltd", "u.s", "u.n", "a.m", "p.m",
];

/// Tokenizes `text`.
pub(crate) fn scan(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut brk = true;
    let mut space_before = true;
    let mut pending_hyphen = false;
    while i < bytes.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' {
                brk = true;
            }
            space_before = true;
            pending_hyphen = false;
            i += clen;
            continue;
        }
        if c.is_alphanumeric() {
            let (end, kind) = if c.is_ascii_digit() {
                scan_number(text, i)
            } else {
                scan_word(text, i)
            };
            // A character that is alphanumeric but neither a digit nor a letter the word
            // scanner takes ("²", "Ⅻ") must still be consumed, or the loop never ends.
            let end = end.max(i + clen);
            let hyph = pending_hyphen && !space_before;
            toks.push(Tok {
                s: i,
                e: end,
                kind,
                brk,
                hyph,
                cap: c.is_uppercase(),
            });
            brk = false;
            space_before = false;
            pending_hyphen = false;
            i = end;
            continue;
        }
        // A hyphen glued on both sides joins two words and is not a token of its own.
        let next_alnum = text[i + clen..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        let prev_word = !space_before && toks.last().is_some_and(|t| t.e == i);
        if (c == '-' || c == '–') && next_alnum && prev_word {
            pending_hyphen = true;
            i += clen;
            continue;
        }
        let ends_clause = match c {
            '!' | '?' | ';' => true,
            '.' => {
                let after_space = text[i + clen..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace);
                after_space && !toks.last().is_some_and(|t| is_abbreviation(text, t))
            }
            _ => false,
        };
        toks.push(Tok {
            s: i,
            e: i + clen,
            kind: Kind::Punct(c),
            brk,
            hyph: false,
            cap: false,
        });
        brk = ends_clause;
        space_before = false;
        pending_hyphen = false;
        i += clen;
    }
    toks
}

/// True when a full stop after `tok` is more likely an abbreviation mark than a sentence end.
fn is_abbreviation(text: &str, tok: &Tok) -> bool {
    let word = text.get(tok.s..tok.e).unwrap_or("");
    if word.chars().count() == 1 && tok.cap {
        return true;
    }
    match tok.kind {
        Kind::Word(Some(Word::Month(_))) | Kind::Word(Some(Word::Weekday(_))) => {
            word.len() <= 4
                && !word.eq_ignore_ascii_case("may")
                && !word.eq_ignore_ascii_case("june")
                && !word.eq_ignore_ascii_case("july")
        }
        _ => ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)),
    }
}

/// A run of letters (with inner apostrophes and one-letter dotted abbreviations like "p.m").
fn scan_word(text: &str, start: usize) -> (usize, Kind) {
    let mut end = start;
    let mut segment = 0usize;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        if c.is_alphabetic() {
            end = start + off + c.len_utf8();
            segment += 1;
            continue;
        }
        let next_letter = chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
        if (c == '\'' || c == '’') && next_letter && segment > 0 {
            // A possessive "'s" stays outside the word: "Friday's" is "Friday" + "'s".
            let mut ahead = chars.clone();
            let possessive = ahead.next().is_some_and(|(_, n)| n == 's' || n == 'S')
                && ahead.next().is_none_or(|(_, n)| !n.is_alphanumeric());
            if possessive {
                break;
            }
            continue;
        }
        if c == '.' && next_letter && segment == 1 {
            segment = 0;
            continue;
        }
        break;
    }
    let word = text.get(start..end).unwrap_or("");
    (end, Kind::Word(lookup(word)))
}

/// `word` lowercased into `buf` without allocating; empty when it is too long or not ASCII.
pub(crate) fn lowercase<'b>(word: &str, buf: &'b mut [u8; 24]) -> &'b str {
    if word.len() > buf.len() || !word.is_ascii() {
        return "";
    }
    let Some(lower) = buf.get_mut(..word.len()) else {
        return "";
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).unwrap_or("")
}

/// Looks a word up in the lists, lowercased without allocating.
pub(crate) fn lookup(word: &str) -> Option<Word> {
    let mut buf = [0u8; 24];
    if word.len() > buf.len() || !word.is_ascii() {
        // Only "o’clock"-like words with a typographic apostrophe are worth a second look.
        if word.contains('’') && word.len() <= buf.len() + 2 {
            let replaced = word.replace('’', "'");
            if replaced.is_ascii() {
                return lookup(&replaced);
            }
        }
        return None;
    }
    WORDS.get(lowercase(word, &mut buf)).copied()
}

/// A run of digits with inner separators, and an optional ordinal or decade suffix.
fn scan_number(text: &str, start: usize) -> (usize, Kind) {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut compound = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            i += 1;
            continue;
        }
        let next_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if matches!(b, b'.' | b':' | b'/' | b'-') && next_digit {
            compound = true;
            i += 1;
            continue;
        }
        // A thousands separator keeps "10,000" one token (and never a day and a year).
        if b == b','
            && bytes
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            compound = true;
            i += 4;
            continue;
        }
        break;
    }
    let digits_end = i;
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    let suffix = text.get(digits_end..j).unwrap_or("").to_ascii_lowercase();
    let digits = text.get(start..digits_end).unwrap_or("");
    if compound {
        if suffix.is_empty() {
            return (digits_end, Kind::Compound);
        }
        return (j, Kind::Word(None));
    }
    let n = digits.len().min(255) as u8;
    let value: u32 = if n <= 9 {
        digits.parse().unwrap_or(0)
    } else {
        0
    };
    match suffix.as_str() {
        "" => (digits_end, Kind::Digits(value, n)),
        "st" | "nd" | "rd" | "th" => (j, Kind::Ordinal(value)),
        "s" if n == 4 && value.is_multiple_of(10) => (j, Kind::Decade((value / 10) as i32)),
        "s" if n == 2 && value.is_multiple_of(10) => (j, Kind::Decade(190 + (value / 10) as i32)),
        // "10pm", "5am": the number ends here and the marker becomes its own word.
        "am" | "pm" => (digits_end, Kind::Digits(value, n)),
        _ => (j, Kind::Word(None)),
    }
}

#[cfg(test)]
mod scan_progress_tests {
    use super::*;

    #[test]
    fn every_alphanumeric_character_is_consumed() {
        for text in ["x² + y²", "Ⅻ century", "٣ days", "½ year", "²"] {
            let toks = scan(text);
            assert!(
                toks.len() <= text.chars().count(),
                "{text}: {} tokens",
                toks.len()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        scan(text)
            .into_iter()
            .map(|t| (text[t.s..t.e].to_string(), t.kind))
            .collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        let k = kinds("On 26.10.2016 and 1992-95, 10:35 and 10,000 in the 1990s (21.02) 23rd");
        let texts: Vec<&str> = k.iter().map(|(s, _)| s.as_str()).collect();
        assert!(texts.contains(&"26.10.2016"));
        assert!(texts.contains(&"1992-95"));
        assert!(texts.contains(&"10:35"));
        assert!(texts.contains(&"10,000"));
        assert!(texts.contains(&"21.02"));
        assert!(k.iter().any(|(_, kind)| *kind == Kind::Decade(199)));
        assert!(k.iter().any(|(_, kind)| *kind == Kind::Ordinal(23)));
    }

    #[test]
    fn hyphens_join_words() {
        let toks = scan("third-quarter profit, mid-2019");
        assert_eq!(toks.len(), 6);
        assert!(toks[1].hyph);
        assert!(toks[5].hyph);
    }

    #[test]
    fn clause_breaks_skip_abbreviations() {
        let toks = scan("On Oct. 5 he left. Then p.m. came");
        let breaks: Vec<bool> = toks.iter().map(|t| t.brk).collect();
        assert_eq!(
            breaks,
            [true, false, false, false, false, false, false, true, false, false, false]
        );
    }
}
