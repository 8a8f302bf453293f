//! The tokenizer: a hand-written, one-pass scanner over code points that splits text into
//! tokens the way Universal Dependencies English (EWT) does.
//!
//! Conventions, checked against the EWT treebank:
//! - punctuation is split off words; runs of the same terminal mark ("...", "?!", "--") stay one
//!   token, and so does "…";
//! - clitics are split: "Serbia’s" → "Serbia" "’s", "don't" → "do" "n't", "we're" → "we" "'re";
//! - abbreviations keep their stop: "Mr.", "U.S.", "No." before a number, initials "J.";
//! - numbers stay whole: "3.5", "10,000", "1992-95", "10:30", "9/11";
//! - hyphenated words are split ("Jean - Claude", "S - 400", "well - known") except after the
//!   prefixes EWT keeps whole ("pro-Russian", "non-profit", "e-mail", "mid-July");
//! - URLs and e-mail addresses are one token each;
//! - every quotation mark is its own token of kind [`TokenKind::Quote`]; an apostrophe inside a
//!   word ("O'Brien") is part of the word.
//!
//! Offsets are code points: the scanner walks a `&[char]`, so an index is an offset.

use dossier_core::{CharSpan, Token, TokenKind};

use crate::abbrev::{self, AbbrevClass};

/// Tokens of a single string; spans are code-point offsets into `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::with_capacity(chars.len() / 4 + 1);
    tokenize_range(&chars, 0, chars.len(), &mut tokens);
    crate::segment::split_stop_at_text_end(&chars, &mut tokens);
    tokens
}

/// Prefixes that EWT keeps attached to the hyphenated word that follows ("pro-Russian").
///
/// Measured on EWT train and dev: a prefix is listed when its hyphenated words are more often
/// one token than split there ("over-", "sub-", "semi-", "self-" are split more often).
#[rustfmt::skip]
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "mid", "pre", "anti", "re", "post", "co", "pro", "multi", "ex", "psycho", "neo",
    "cross", "counter", "mis",
];

/// Top-level domains that make a dotted word a web address without "http://" or "www.".
#[rustfmt::skip]
const TOP_LEVEL_DOMAINS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "info", "io", "eu", "rs", "ru", "ua", "ba", "hr",
    "me", "mk", "al", "si", "bg", "ro", "hu", "de", "fr", "it", "uk", "us", "ch", "at", "pl",
    "cz", "sk", "by", "kz", "ge", "am", "az", "md", "tr", "cn", "jp", "in",
];

/// Informal fused words that EWT splits after their third letter.
const FUSED_NA_TA: &[&str] = &["gonna", "wanna", "gotta"];

/// Clitics split off the word before them (after the apostrophe), lowercase.
const CLITICS: &[&str] = &["s", "re", "ll", "d", "ve", "m"];

/// True for characters that are part of words: letters, digits, combining marks and the soft
/// hyphen (an invisible break point that HTML leaves inside words).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{00AD}'
}

/// Combining diacritics, which belong to the letter before them.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// True for characters that separate tokens and are never part of one.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// True for apostrophes, which are also single quotation marks.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// True for quotation marks of every kind.
#[rustfmt::skip]
pub(crate) fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '‘' | '’' | '‚' | '‛' | '\'' | '`'
            | '「' | '」' | '『' | '』' | '〝' | '〞' | '＂'
    )
}

/// True for quotation marks that open a quote in English typography (some close one in
/// other languages: „Da.“, »Ja.«).
pub(crate) fn is_opening_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '„' | '‟' | '‘' | '‚' | '‛' | '«' | '‹' | '「' | '『' | '〝'
    )
}

/// True for hyphens (not dashes).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// True for characters that make a [`TokenKind::Symbol`] token.
#[rustfmt::skip]
fn is_symbol_char(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₽' | '₴' | '₹' | '¢' | '₺' | '₩' | '%' | '‰' | '+' | '=' | '<'
            | '>' | '#' | '@' | '&' | '*' | '^' | '~' | '|' | '©' | '®' | '™' | '°' | '§' | '¶'
            | '№' | '±' | '×' | '÷' | '√' | '∞' | '≈' | '≠' | '≤' | '≥' | '→' | '←' | '•'
    )
}

/// The character at `i`, or a space past the end, so look-ahead never panics.
fn at(chars: &[char], i: usize) -> char {
    chars.get(i).copied().unwrap_or(' ')
}

/// True when `chars[start..end]` equals `word` (ASCII, lowercase), ignoring ASCII case.
fn eq_ignore_case(chars: &[char], start: usize, end: usize, word: &str) -> bool {
    let Some(slice) = chars.get(start..end) else {
        return false;
    };
    // Words here are ASCII, so their byte length is their length in code points.
    slice.len() == word.len()
        && slice
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.to_ascii_lowercase() == b)
}

/// Tokenizes `chars[start..end]`, pushing tokens whose spans are indices into `chars`.
pub(crate) fn tokenize_range(chars: &[char], start: usize, end: usize, out: &mut Vec<Token>) {
    let end = end.min(chars.len());
    let chars = &chars[..end];
    let mut scanner = Scanner {
        chars,
        single_quote_open: false,
    };
    let mut i = start;
    while i < end {
        let c = chars[i];
        if is_space(c) {
            i += 1;
            continue;
        }
        let (token_end, kind) = scanner.next_token(i);
        // The scanner always advances; the guard keeps a logic slip from looping forever.
        let token_end = token_end.clamp(i + 1, end);
        out.push(Token {
            span: CharSpan::new(i as u32, token_end as u32),
            kind,
            ..Token::default()
        });
        i = token_end;
    }
}

/// The scanner's state while tokenizing one range.
struct Scanner<'a> {
    /// The text, up to the end of the range.
    chars: &'a [char],
    /// Whether a single quotation mark was opened and not closed, which decides whether a
    /// trailing apostrophe closes a quote or marks a plural possessive ("workers’").
    single_quote_open: bool,
}

impl Scanner<'_> {
    /// The end and kind of the token starting at `i` (a non-space character).
    fn next_token(&mut self, i: usize) -> (usize, TokenKind) {
        let chars = self.chars;
        let c = chars[i];
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let at_chunk_start = i == 0 || is_space(prev) || "([{<\"“„«‹'‘".contains(prev);

        // Addresses with a scheme or "www."; bare domains and e-mail addresses are looked for
        // after the word scan, only in words that could be one.
        if at_chunk_start && matches!(c, 'h' | 'H' | 'w' | 'W' | 'f' | 'F') {
            if let Some(url_end) = self.url_at(i) {
                return (url_end, TokenKind::Url);
            }
        }

        // Clitics glued to the word before: "’s", "'re", "n't".
        if prev.is_alphanumeric() {
            if is_apostrophe(c) {
                if let Some(clitic_end) = self.clitic_after(i) {
                    return (clitic_end, TokenKind::Word);
                }
            }
            if prev.is_alphabetic() && self.is_nt(i) {
                return (i + 3, TokenKind::Word);
            }
        }

        if at_chunk_start || prev.is_alphanumeric() {
            if let Some(emoticon_end) = self.emoticon_at(i) {
                return (emoticon_end, TokenKind::Symbol);
            }
        }
        // Hashtags and handles ("#Belgrade", "@UN") are one token.
        if at_chunk_start && matches!(c, '#' | '@') && at(chars, i + 1).is_alphabetic() {
            let mut j = i + 1;
            while j < chars.len() && (is_word_char(chars[j]) || chars[j] == '_') {
                j += 1;
            }
            return (j, TokenKind::Word);
        }
        if is_word_char(c) {
            let (word_end, kind) = self.word(i);
            if at_chunk_start
                && (matches!(at(chars, word_end), '@' | '.' | '_' | '+' | '%' | '-')
                    || chars[i..word_end].contains(&'.'))
            {
                if let Some(email_end) = self.email_at(i) {
                    return (email_end, TokenKind::Email);
                }
                if let Some(url_end) = self.url_at(i) {
                    return (url_end, TokenKind::Url);
                }
            }
            return (word_end, kind);
        }
        // A decimal without its leading zero (".596", "$.50") is a number.
        if c == '.' && at(chars, i + 1).is_ascii_digit() && !prev.is_alphanumeric() && prev != '.' {
            let (end, _) = self.word(i + 1);
            return (end, TokenKind::Number);
        }
        if is_quote_char(c) {
            return (i + 1, self.quote_kind(i));
        }
        match c {
            '…' => (i + 1, TokenKind::Punct),
            '.' | '!' | '?' | '-' | '‐' | '‑' => {
                // Runs of terminal marks ("...", "?!", "!!!") and of hyphens ("--") are one token.
                let mut j = i + 1;
                let run_ok = |d: char| {
                    if matches!(c, '.' | '!' | '?') {
                        matches!(d, '.' | '!' | '?')
                    } else {
                        is_hyphen(d)
                    }
                };
                while j < chars.len() && run_ok(chars[j]) {
                    j += 1;
                }
                (j, TokenKind::Punct)
            }
            '*' | '=' | '_' | '~' | '<' | '>' | '$' | '/' | '\\' | '#' | '+' | '^' => {
                // Runs of one of these ("***", "=====", "$$$", "<<") are one token, like
                // the dashes.
                let mut j = i + 1;
                while j < chars.len() && chars[j] == c {
                    j += 1;
                }
                let kind = if is_symbol_char(c) {
                    TokenKind::Symbol
                } else {
                    TokenKind::Punct
                };
                (j, kind)
            }
            _ if is_symbol_char(c) => (i + 1, TokenKind::Symbol),
            _ => (i + 1, TokenKind::Punct),
        }
    }

    /// The kind of a quotation-mark character at `i`, updating the open-quote state.
    fn quote_kind(&mut self, i: usize) -> TokenKind {
        let chars = self.chars;
        let c = chars[i];
        match c {
            '‘' | '‚' | '‛' => {
                self.single_quote_open = true;
                TokenKind::Quote
            }
            '\'' | '’' => {
                let prev = if i > 0 { chars[i - 1] } else { ' ' };
                let next = at(chars, i + 1);
                if is_word_char(prev) {
                    if self.single_quote_open {
                        self.single_quote_open = false;
                        TokenKind::Quote
                    } else if matches!(prev, 's' | 'S') && !is_word_char(next) {
                        // "the workers’ rights": a plural possessive, not a quotation mark.
                        TokenKind::Punct
                    } else {
                        TokenKind::Quote
                    }
                } else {
                    self.single_quote_open = is_word_char(next);
                    TokenKind::Quote
                }
            }
            _ => TokenKind::Quote,
        }
    }

    /// If a clitic ("'s", "’re", "'ll", "'d", "'ve", "'m") starts at the apostrophe `i`,
    /// its end.
    fn clitic_after(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        let mut j = i + 1;
        while j < chars.len() && chars[j].is_alphabetic() {
            j += 1;
        }
        if j == i + 1 || is_word_char(at(chars, j)) {
            return None;
        }
        CLITICS
            .iter()
            .any(|clitic| eq_ignore_case(chars, i + 1, j, clitic))
            .then_some(j)
    }

    /// True when "n't" starts at `i` and ends a word.
    fn is_nt(&self, i: usize) -> bool {
        let chars = self.chars;
        matches!(at(chars, i), 'n' | 'N')
            && is_apostrophe(at(chars, i + 1))
            && matches!(at(chars, i + 2), 't' | 'T')
            && !is_word_char(at(chars, i + 3))
    }

    /// Scans a word or number starting at `i` (a word character).
    fn word(&mut self, i: usize) -> (usize, TokenKind) {
        let chars = self.chars;
        let len = chars.len();
        // Start of the current hyphen- or stop-separated group, for prefix and shape checks.
        let mut group_start = i;
        let mut j = i;
        while j < len {
            let c = chars[j];
            if is_word_char(c) {
                j += 1;
                continue;
            }
            let prev = if j > i { chars[j - 1] } else { ' ' };
            let next = at(chars, j + 1);
            let keep = match c {
                '.' => {
                    if !is_word_char(next) {
                        false
                    } else if prev.is_ascii_digit() && next.is_ascii_digit() {
                        true
                    } else {
                        // "arrived.The" is two sentences run together; "U.S", "Ph.D" and
                        // "bbc.co.uk" are one token.
                        !(next.is_uppercase()
                            && (prev.is_ascii_digit()
                                || (j - group_start >= 3 && prev.is_lowercase())))
                    }
                }
                ',' => {
                    // Thousands separators: a digit before and exactly three digits after.
                    prev.is_ascii_digit()
                        && (1..=3).all(|k| at(chars, j + k).is_ascii_digit())
                        && !at(chars, j + 4).is_ascii_digit()
                }
                ':' => {
                    prev.is_ascii_digit()
                        && next.is_ascii_digit()
                        && at(chars, j + 2).is_ascii_digit()
                        && !is_word_char(at(chars, j + 3))
                }
                '/' => prev.is_ascii_digit() && next.is_ascii_digit(),
                '&' => prev.is_uppercase() && next.is_uppercase(),
                _ if is_hyphen(c) => {
                    if !is_word_char(next) {
                        false
                    } else if prev.is_ascii_digit() && next.is_ascii_digit() {
                        true
                    } else {
                        HYPHEN_PREFIXES
                            .iter()
                            .any(|prefix| eq_ignore_case(chars, group_start, j, prefix))
                    }
                }
                '\'' | '’' => {
                    // An apostrophe inside a word stays ("O'Brien") unless a clitic follows it
                    // ("Serbia’s") or it is the "n't" of "don't".
                    is_word_char(next)
                        && self.clitic_after(j).is_none()
                        && !(j >= i + 2 && self.is_nt(j - 1))
                }
                _ => false,
            };
            if !keep {
                break;
            }
            if matches!(c, '.') || is_hyphen(c) {
                group_start = j + 1;
            }
            j += 1;
        }
        // "don't": the word ends before "n't".
        if j >= i + 2 && self.is_nt(j - 1) {
            j -= 1;
        }
        // EWT splits these fused words in two ("can" "not", "gon" "na"); the second half is
        // scanned as the next word.
        if j == i + 6 && eq_ignore_case(chars, i, j, "cannot") {
            return (i + 3, TokenKind::Word);
        }
        if j == i + 5 && FUSED_NA_TA.iter().any(|w| eq_ignore_case(chars, i, j, w)) {
            return (i + 3, TokenKind::Word);
        }
        let kind = if chars[i].is_ascii_digit() && chars[i..j].iter().all(|c| !c.is_alphabetic()) {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        if at(chars, j) == '.' && at(chars, j + 1) != '.' && self.keeps_stop(i, j) {
            return (j + 1, kind);
        }
        (j, kind)
    }

    /// True when the word `chars[i..j]`, followed by a stop at `j`, is an abbreviation that
    /// keeps its stop.
    fn keeps_stop(&self, i: usize, j: usize) -> bool {
        let chars = self.chars;
        let core = &chars[i..j];
        if abbrev::is_abbrev_shape(core) {
            return true;
        }
        match abbrev::lookup(&chars[i..=j]) {
            Some(AbbrevClass::Title) | Some(AbbrevClass::Other) | Some(AbbrevClass::End) => true,
            Some(AbbrevClass::Number) => {
                let mut k = j + 1;
                while k < chars.len() && chars[k] == ' ' {
                    k += 1;
                }
                at(chars, k).is_ascii_digit()
            }
            None => false,
        }
    }

    /// If an emoticon (":-)", ";)", ":D") starts at `i` and stands alone, its end.
    fn emoticon_at(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        if !matches!(at(chars, i), ':' | ';' | '=') {
            return None;
        }
        let mut j = i + 1;
        if matches!(at(chars, j), '-' | '\'' | 'o') {
            j += 1;
        }
        if !matches!(
            at(chars, j),
            ')' | '(' | 'D' | 'P' | 'p' | '/' | '|' | ']' | '['
        ) {
            return None;
        }
        j += 1;
        // Repeated mouths (":-)))") belong to the emoticon.
        while j < chars.len() && chars[j] == chars[j - 1] {
            j += 1;
        }
        let after = at(chars, j);
        (!is_word_char(after)).then_some(j)
    }

    /// If a web address starts at `i`, its end (without trailing punctuation).
    fn url_at(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        let starts = ["http://", "https://", "ftp://", "www."];
        // After a scheme or "www." something must follow; a bare domain is whole already.
        let (prefix_len, min_len) = match starts.iter().find_map(|prefix| {
            let n = prefix.len();
            eq_ignore_case(chars, i, i + n, prefix).then_some(n)
        }) {
            Some(n) => (n, n + 1),
            None => {
                let n = self.bare_domain_len(i)?;
                (n, n)
            }
        };
        let mut j = i + prefix_len;
        let mut open_parens = 0i32;
        while j < chars.len() {
            let c = chars[j];
            if is_space(c) || matches!(c, '"' | '“' | '”' | '«' | '»' | '<' | '>') {
                break;
            }
            match c {
                '(' => open_parens += 1,
                ')' => {
                    if open_parens == 0 {
                        break;
                    }
                    open_parens -= 1;
                }
                _ => {}
            }
            j += 1;
        }
        // Sentence punctuation after an address is not part of it.
        while j > i + prefix_len
            && matches!(chars[j - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’')
        {
            j -= 1;
        }
        (j >= i + min_len).then_some(j)
    }

    /// If a bare domain with a common top-level domain starts at `i` ("balkaninsight.com",
    /// "mfa.gov.rs/en"), its length.
    fn bare_domain_len(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        let mut j = i;
        let mut last_dot = None;
        while j < chars.len() && (chars[j].is_ascii_alphanumeric() || matches!(chars[j], '.' | '-'))
        {
            if chars[j] == '.' {
                last_dot = Some(j);
            }
            j += 1;
        }
        // The address may end with a sentence's full stop.
        if j > i && chars[j - 1] == '.' {
            j -= 1;
            last_dot = (i..j).rev().find(|k| chars[*k] == '.');
        }
        let last_dot = last_dot.filter(|dot| *dot > i)?;
        let tld_ok = TOP_LEVEL_DOMAINS
            .iter()
            .any(|tld| eq_ignore_case(chars, last_dot + 1, j, tld));
        let after = at(chars, j);
        (tld_ok && !is_word_char(after) && after != '@' && !is_apostrophe(after)).then_some(j - i)
    }

    /// If an e-mail address starts at `i`, its end.
    fn email_at(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        let local_ok = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
        let mut j = i;
        while j < chars.len() && local_ok(chars[j]) {
            j += 1;
        }
        if j == i || at(chars, j) != '@' {
            return None;
        }
        let domain_start = j + 1;
        let mut k = domain_start;
        while k < chars.len() && (chars[k].is_alphanumeric() || matches!(chars[k], '.' | '-')) {
            k += 1;
        }
        // A final stop ends the sentence, not the address.
        while k > domain_start && matches!(chars[k - 1], '.' | '-') {
            k -= 1;
        }
        let last_dot = (domain_start..k).rev().find(|dot| chars[*dot] == '.')?;
        let tld_ok = chars[last_dot + 1..k].iter().all(|c| c.is_alphabetic()) && k - last_dot > 2;
        (last_dot > domain_start && tld_ok).then_some(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(text)
            .iter()
            .map(|t| {
                chars[t.span.start as usize..t.span.end as usize]
                    .iter()
                    .collect()
            })
            .collect()
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).iter().map(|t| t.kind).collect()
    }

    #[test]
    fn possessives_and_clitics() {
        assert_eq!(texts("Serbia’s army"), ["Serbia", "’s", "army"]);
        assert_eq!(texts("Serbia's army"), ["Serbia", "'s", "army"]);
        assert_eq!(texts("We don't know"), ["We", "do", "n't", "know"]);
        assert_eq!(
            texts("They can’t, we’re sure"),
            ["They", "ca", "n’t", ",", "we", "’re", "sure"]
        );
        assert_eq!(
            texts("I'm, you'll, she'd, we've"),
            ["I", "'m", ",", "you", "'ll", ",", "she", "'d", ",", "we", "'ve"]
        );
        assert_eq!(texts("O'Brien's dog"), ["O'Brien", "'s", "dog"]);
        assert_eq!(
            texts("We cannot, gonna"),
            ["We", "can", "not", ",", "gon", "na"]
        );
        assert_eq!(
            texts("the workers’ union"),
            ["the", "workers", "’", "union"]
        );
        assert_eq!(kinds("the workers’ union")[2], TokenKind::Punct);
    }

    #[test]
    fn abbreviations_keep_their_stop() {
        assert_eq!(
            texts("Mr. Vučić met the U.S. embassy"),
            ["Mr.", "Vučić", "met", "the", "U.S.", "embassy"]
        );
        assert_eq!(texts("No. 5 and no. 6"), ["No.", "5", "and", "no.", "6"]);
        assert_eq!(texts("He said No."), ["He", "said", "No", "."]);
        assert_eq!(texts("J. R. R. Tolkien"), ["J.", "R.", "R.", "Tolkien"]);
        assert_eq!(texts("Vladimir V. Putin"), ["Vladimir", "V.", "Putin"]);
        assert_eq!(texts("e.g. this"), ["e.g.", "this"]);
        // The end of the text ends a sentence, and EWT gives the stop a token of its own then.
        assert_eq!(texts("in the U.S.”"), ["in", "the", "U.S", ".", "”"]);
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(texts("3.5 percent"), ["3.5", "percent"]);
        assert_eq!(texts("10,000 people"), ["10,000", "people"]);
        assert_eq!(
            texts("in 1992-95, $5 and 7%"),
            ["in", "1992-95", ",", "$", "5", "and", "7", "%"]
        );
        assert_eq!(kinds("10,000 people")[0], TokenKind::Number);
        assert_eq!(texts("at 10:30."), ["at", "10:30", "."]);
        assert_eq!(texts("1, 2, 3"), ["1", ",", "2", ",", "3"]);
        assert_eq!(
            texts("hit .596 and $.50 in 1996.5"),
            ["hit", ".596", "and", "$", ".50", "in", "1996.5"]
        );
    }

    #[test]
    fn hyphens_follow_ewt() {
        assert_eq!(texts("Jean-Claude"), ["Jean", "-", "Claude"]);
        assert_eq!(texts("pro-Russian"), ["pro-Russian"]);
        assert_eq!(texts("S-400"), ["S", "-", "400"]);
        assert_eq!(texts("non-profit e-mail"), ["non-profit", "e-mail"]);
        assert_eq!(
            texts("well-known -- yes"),
            ["well", "-", "known", "--", "yes"]
        );
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            texts("See https://example.org/a?b=1."),
            ["See", "https://example.org/a?b=1", "."]
        );
        assert_eq!(kinds("See https://example.org/a?b=1.")[1], TokenKind::Url);
        assert_eq!(texts("(www.example.com)"), ["(", "www.example.com", ")"]);
        assert_eq!(
            texts("on balkaninsight.com/en/a-b, or mfa.gov.rs."),
            [
                "on",
                "balkaninsight.com/en/a-b",
                ",",
                "or",
                "mfa.gov.rs",
                "."
            ]
        );
        assert_eq!(kinds("on mfa.gov.rs.")[1], TokenKind::Url);
        assert_eq!(
            texts("i.e. e.g. U.S. 3.5 file.txt"),
            ["i.e.", "e.g.", "U.S.", "3.5", "file.txt"]
        );
        assert_eq!(
            texts("Write to press@example.org."),
            ["Write", "to", "press@example.org", "."]
        );
        assert_eq!(kinds("Write to press@example.org.")[2], TokenKind::Email);
    }

    #[test]
    fn quotes_are_tokens() {
        let text = "“Yes,” «да» „ja“ ‹x› 'so' \"no\"";
        assert_eq!(
            texts(text),
            [
                "“", "Yes", ",", "”", "«", "да", "»", "„", "ja", "“", "‹", "x", "›", "'", "so",
                "'", "\"", "no", "\""
            ]
        );
        let quotes = kinds(text)
            .iter()
            .filter(|k| **k == TokenKind::Quote)
            .count();
        assert_eq!(quotes, 12);
    }

    #[test]
    fn emoticons_and_symbol_runs() {
        assert_eq!(
            texts("fine :-) ok ;) *** ==="),
            ["fine", ":-)", "ok", ";)", "***", "==="]
        );
        assert_eq!(
            texts("Note:Please (a:b)"),
            ["Note", ":", "Please", "(", "a", ":", "b", ")"]
        );
        assert_eq!(kinds("fine :-)")[1], TokenKind::Symbol);
        assert_eq!(
            texts("#Belgrade @UN_News a#b"),
            ["#Belgrade", "@UN_News", "a", "#", "b"]
        );
    }

    #[test]
    fn ellipses_and_runs() {
        assert_eq!(
            texts("Wait... and… then?!"),
            ["Wait", "...", "and", "…", "then", "?!"]
        );
    }

    #[test]
    fn cyrillic_and_diacritics() {
        assert_eq!(
            texts("Путин и Вучић, Šešelj."),
            ["Путин", "и", "Вучић", ",", "Šešelj", "."]
        );
        // A combining accent stays with its letter.
        assert_eq!(texts("cafe\u{301} ok"), ["cafe\u{301}", "ok"]);
        // So does a soft hyphen left by HTML.
        assert_eq!(texts("Vu\u{AD}čić spoke"), ["Vu\u{AD}čić", "spoke"]);
    }

    #[test]
    fn missing_space_after_stop() {
        assert_eq!(texts("arrived.The next"), ["arrived", ".", "The", "next"]);
    }

    #[test]
    fn spans_are_code_points() {
        let tokens = tokenize("Vučić’s «да»");
        let spans: Vec<(u32, u32)> = tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
        assert_eq!(spans, [(0, 5), (5, 7), (8, 9), (9, 11), (11, 12)]);
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "", " ", "'", "n't", "’s", ".", "a.", "@", "x@y", "http://", "www.", "-", "1,", "1,00",
            "\u{301}", "a'",
        ] {
            let tokens = tokenize(text);
            let n = text.chars().count() as u32;
            assert!(
                tokens
                    .iter()
                    .all(|t| t.span.start < t.span.end && t.span.end <= n),
                "{text:?}"
            );
        }
    }
}
