//! The sentence splitter: tokenizes each paragraph of a doc and decides, token by token,
//! where sentences end.
//!
//! A sentence ends after a terminal mark (". ! ? … ...") and any closing quotation marks or
//! brackets glued to it, when what follows looks like a new sentence; after an abbreviation
//! only when the next word is a typical sentence opener; at a line break inside a paragraph
//! when the line has no final punctuation and the next line starts a new unit (a headline, a
//! list item); and always at the end of a paragraph, which a sentence never crosses.

use dossier_core::{Annotator, Doc, Layer, Sentence, Token, TokenKind};

use crate::abbrev::{self, AbbrevClass};
use crate::tokenize::{is_opening_quote, is_word_char, tokenize_range};

/// The segmentation stage: fills [`Doc::sentences`] and [`Doc::tokens`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Segmenter;

impl Annotator for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn annotate(&self, doc: &mut Doc) {
        segment(doc);
    }
}

/// Fills `doc.sentences` and `doc.tokens` (replacing any), paragraph by paragraph.
pub fn segment(doc: &mut Doc) {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut tokens = Vec::with_capacity(chars.len() / 5 + 1);
    let mut sentences = Vec::with_capacity(chars.len() / 100 + 1);
    // One paragraph's tokens at a time; the buffer is reused, so its allocation is too.
    let mut paragraph_tokens = Vec::new();
    for (paragraph_idx, paragraph) in doc.paragraphs.iter().enumerate() {
        let start = (paragraph.start as usize).min(chars.len());
        let end = (paragraph.end as usize).min(chars.len());
        paragraph_tokens.clear();
        tokenize_range(&chars, start, end, &mut paragraph_tokens);
        split_sentences(
            &chars,
            &paragraph_tokens,
            paragraph_idx as u32,
            &mut tokens,
            &mut sentences,
        );
    }
    doc.tokens = tokens;
    doc.sentences = sentences;
}

/// Words that typically open a sentence; after an abbreviation's stop ("the U.S. The talks"),
/// only these end the sentence, since most capitalised words after "U.S." or an initial
/// continue it ("U.S. Embassy", "J. Smith").
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "A", "According", "After", "Again", "All", "Also", "Although", "An", "And", "Another",
    "Any", "Are", "As", "At", "Because", "Before", "Both", "But", "By", "Can", "Could",
    "Despite", "Did", "Do", "Does", "During", "Each", "Either", "Even", "Every", "For",
    "Following", "From", "Furthermore", "Given", "Had", "Has", "Have", "He", "Her", "Here",
    "His", "How", "However", "I", "If", "In", "Instead", "Is", "It", "Its", "Last", "Later",
    "Many", "Meanwhile", "Moreover", "Most", "My", "Neither", "Nevertheless", "No",
    "Nonetheless", "Nor", "Not", "Now", "On", "Once", "One", "Only", "Other", "Our", "She",
    "Should", "Since", "So", "Some", "Still", "Such", "That", "The", "Their", "Then", "There",
    "These", "They", "This", "Those", "Though", "Thus", "To", "Today", "Under", "Unlike",
    "Until", "Was", "We", "Were", "What", "When", "Where", "Whether", "Which", "While", "Who",
    "Why", "With", "Would", "Yesterday", "Yet", "You",
];

/// Capitalised words that continue a sentence after "p.m." or "etc." ("5 p.m. Tuesday").
#[rustfmt::skip]
const END_ABBREV_CONTINUERS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Eastern", "Pacific", "Central", "Mountain", "Moscow", "Greenwich",
    "London", "Brussels", "Kyiv", "Kiev", "Belgrade", "Washington", "Beijing",
];

/// Verbs that attribute a quote; "“Why?” Smith asked." is one sentence.
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "asked", "asks", "added", "adds", "told", "wrote", "writes", "replied",
    "shouted", "exclaimed", "insisted", "demanded", "wondered", "tweeted", "noted",
];

/// Words that never end a line of a sentence that continues on the next line.
#[rustfmt::skip]
const LINE_CONTINUERS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "that", "the", "to", "with",
];

/// What a sentence-final token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Terminal {
    /// A full stop, "!", "?" or a run of them.
    Stop,
    /// "…" or "...".
    Ellipsis,
    /// A word ending with an abbreviation's stop, with its class.
    Abbrev(AbbrevClass),
}

/// The code points of a token.
fn token_chars<'a>(chars: &'a [char], token: &Token) -> &'a [char] {
    let start = (token.span.start as usize).min(chars.len());
    let end = (token.span.end as usize).clamp(start, chars.len());
    &chars[start..end]
}

/// Whether `token` can end a sentence, and how.
fn terminal(chars: &[char], token: &Token) -> Option<Terminal> {
    let text = token_chars(chars, token);
    match (token.kind, text) {
        (TokenKind::Punct, ['…']) => Some(Terminal::Ellipsis),
        (TokenKind::Punct, ['.', '.', ..]) => Some(Terminal::Ellipsis),
        (TokenKind::Punct, ['.' | '!' | '?', ..]) => Some(Terminal::Stop),
        (TokenKind::Word, [.., '.']) if text.len() > 1 => {
            let class = abbrev::lookup(text).unwrap_or(AbbrevClass::Other);
            Some(Terminal::Abbrev(class))
        }
        _ => None,
    }
}

/// True for a token that closes what came before it: a closing quotation mark or bracket.
///
/// "“", "«" and "‹" open quotes in English but close them in Serbian, Croatian and German
/// („Da.“, »Ja.«), so they count as closing when no word follows them directly.
fn is_closer(chars: &[char], token: &Token) -> bool {
    match token_chars(chars, token) {
        [c] => match token.kind {
            TokenKind::Quote => match c {
                '„' | '‚' => false,
                _ if is_opening_quote(*c) => {
                    let after = chars.get(token.span.end as usize).copied().unwrap_or(' ');
                    !is_word_char(after)
                }
                _ => true,
            },
            TokenKind::Punct => matches!(c, ')' | ']' | '}' | '’'),
            _ => false,
        },
        _ => false,
    }
}

/// True for a token that opens something: an opening quotation mark or bracket.
fn is_opener(chars: &[char], token: &Token) -> bool {
    match token_chars(chars, token) {
        [c] => matches!(token.kind, TokenKind::Quote) || matches!(c, '(' | '[' | '{'),
        _ => false,
    }
}

/// True when the text between two tokens holds a line break.
fn line_break_between(chars: &[char], before: &Token, after: &Token) -> bool {
    let start = (before.span.end as usize).min(chars.len());
    let end = (after.span.start as usize).clamp(start, chars.len());
    chars[start..end].contains(&'\n')
}

/// True for a list bullet starting a line.
fn is_bullet(chars: &[char], token: &Token) -> bool {
    matches!(
        token_chars(chars, token),
        ['-'] | ['–'] | ['—'] | ['•'] | ['*'] | ['·'] | ['▪'] | ['►']
    )
}

/// True when a paragraph's line breaks mostly fall inside sentences: hard-wrapped prose,
/// where a break before a capitalised word ("said Prime Minister\nAna Brnabić") ends nothing.
/// A third of the breaks followed by a lowercase word is plenty: in wrapped prose most are.
fn is_hard_wrapped(chars: &[char], tokens: &[Token]) -> bool {
    let mut n_breaks = 0;
    let mut n_lowercase = 0;
    for pair in tokens.windows(2) {
        if line_break_between(chars, &pair[0], &pair[1]) {
            n_breaks += 1;
            if token_chars(chars, &pair[1])
                .first()
                .is_some_and(|c| c.is_lowercase())
            {
                n_lowercase += 1;
            }
        }
    }
    n_breaks >= 2 && n_lowercase * 3 >= n_breaks
}

/// Splits the tokens of paragraph `paragraph` into sentences, moving them to `out_tokens`.
///
/// An abbreviation that ends a sentence gives up its stop, which becomes a token of its own
/// ("in the U.S." → "U.S" "."), as in EWT, where the stop ends the sentence.
fn split_sentences(
    chars: &[char],
    tokens: &[Token],
    paragraph: u32,
    out_tokens: &mut Vec<Token>,
    out_sentences: &mut Vec<Sentence>,
) {
    let n = tokens.len();
    let hard_wrapped = is_hard_wrapped(chars, tokens);
    let mut sentence_start = out_tokens.len();
    // The current sentence's first token, counted in `tokens`.
    let mut sentence_first = 0;
    let mut i = 0;
    while i < n {
        let mut last = i;
        let kind = terminal(chars, &tokens[i])
            .filter(|_| !is_list_marker_stop(chars, tokens, sentence_first, i));
        let ends = match kind {
            Some(kind) => {
                // Closing quotes and brackets glued to the terminal belong to its sentence:
                // `."` and `.»` close after the mark.
                while last + 1 < n
                    && tokens[last + 1].span.start == tokens[last].span.end
                    && is_closer(chars, &tokens[last + 1])
                {
                    last += 1;
                }
                last + 1 >= n || ends_before(chars, tokens, kind, i, last + 1)
            }
            None => i + 1 < n && ends_at_line_break(chars, tokens, i, hard_wrapped),
        };
        let ends = ends || last + 1 >= n;
        for token in &tokens[i..=last] {
            out_tokens.push(*token);
        }
        if ends {
            if let Some(Terminal::Abbrev(_)) = kind {
                split_final_stop(out_tokens, last - i);
            }
            push_sentence(
                out_tokens,
                sentence_start,
                out_tokens.len(),
                paragraph,
                out_sentences,
            );
            sentence_start = out_tokens.len();
            sentence_first = last + 1;
        }
        i = last + 1;
    }
}

/// True when `tokens[i]` is the stop of a list marker ("1. First", "a. Then") opening a line,
/// a sentence (whose first token is `sentence_first`) or following a colon ("as follows:
/// 1. Open"), which does not end a sentence.
fn is_list_marker_stop(chars: &[char], tokens: &[Token], sentence_first: usize, i: usize) -> bool {
    let Some(marker_idx) = i.checked_sub(1) else {
        return false;
    };
    let (marker, stop) = (&tokens[marker_idx], &tokens[i]);
    if token_chars(chars, stop) != ['.'] || marker.span.end != stop.span.start {
        return false;
    }
    let marker_text = token_chars(chars, marker);
    let is_marker = match marker.kind {
        TokenKind::Number => marker_text.len() <= 2,
        TokenKind::Word => marker_text.len() == 1,
        _ => false,
    };
    let opens = marker_idx == sentence_first
        || marker_idx.checked_sub(1).is_some_and(|before| {
            line_break_between(chars, &tokens[before], marker)
                || token_chars(chars, &tokens[before]) == [':']
        });
    is_marker && opens
}

/// Splits the stop off an abbreviation that ends `tokens`, before any closing quotes or
/// brackets: the end of a text is the end of a sentence.
pub(crate) fn split_stop_at_text_end(chars: &[char], tokens: &mut Vec<Token>) {
    let mut back = 0;
    while back < tokens.len() && is_closer(chars, &tokens[tokens.len() - 1 - back]) {
        back += 1;
    }
    let Some(idx) = tokens.len().checked_sub(back + 1) else {
        return;
    };
    if let Some(Terminal::Abbrev(_)) = terminal(chars, &tokens[idx]) {
        split_final_stop(tokens, back);
    }
}

/// Splits the stop off the abbreviation `back` tokens before the end of `tokens`
/// ("U.S." → "U.S" "."), keeping what follows it.
pub(crate) fn split_final_stop(tokens: &mut Vec<Token>, back: usize) {
    let Some(idx) = tokens.len().checked_sub(back + 1) else {
        return;
    };
    let Some(token) = tokens.get_mut(idx) else {
        return;
    };
    if token.span.len() < 2 {
        return;
    }
    let stop = Token {
        span: dossier_core::CharSpan::new(token.span.end - 1, token.span.end),
        kind: TokenKind::Punct,
        ..Token::default()
    };
    token.span.end -= 1;
    tokens.insert(idx + 1, stop);
}

/// Whether the terminal `tokens[terminal_idx]` of `kind` (with its closers) ends the sentence
/// before token `next`.
fn ends_before(
    chars: &[char],
    tokens: &[Token],
    kind: Terminal,
    terminal_idx: usize,
    next: usize,
) -> bool {
    let next_token = &tokens[next];
    let next_text = token_chars(chars, next_token);
    // Punctuation that continues a clause ("etc.," "Inc.;") never starts a sentence, and in
    // a spaced run of marks (". . .", "? ? ?") only the last one may end it.
    if let [c] = next_text {
        if matches!(
            c,
            ',' | ';' | ':' | ')' | ']' | '}' | '%' | '.' | '?' | '!' | '…'
        ) {
            return false;
        }
    }
    let glued = next_token.span.start == tokens[next - 1].span.end;
    // Skip opening quotes and brackets to the first word of what follows.
    let mut content = next;
    while content + 1 < tokens.len() && is_opener(chars, &tokens[content]) {
        content += 1;
    }
    let opened = content > next;
    let content_text = token_chars(chars, &tokens[content]);
    let Some(&first_char) = content_text.first() else {
        return false;
    };
    if first_char.is_lowercase() {
        return kind == Terminal::Stop
            && next == terminal_idx + 1
            && !opened
            && lowercase_may_follow(chars, tokens, terminal_idx);
    }
    let new_line = line_break_between(chars, &tokens[next - 1], next_token);
    match kind {
        Terminal::Stop => {
            let closed = next > terminal_idx + 1;
            !(closed
                && is_question_or_exclamation(chars, &tokens[terminal_idx])
                && is_attribution(chars, tokens, next))
        }
        // An ellipsis glued to the next word ("so...Then") is a pause, not an end.
        Terminal::Ellipsis => {
            !glued && (first_char.is_uppercase() || first_char.is_ascii_digit() || opened)
        }
        Terminal::Abbrev(AbbrevClass::Title) | Terminal::Abbrev(AbbrevClass::Number) => false,
        Terminal::Abbrev(AbbrevClass::Other) => {
            new_line
                || (first_char.is_uppercase()
                    && SENTENCE_OPENERS.iter().any(|w| eq_chars(content_text, w)))
        }
        Terminal::Abbrev(AbbrevClass::End) => {
            // A time zone ("GMT", "EST") is short and all capitals.
            let time_zone =
                content_text.len() <= 4 && content_text.iter().all(|c| c.is_uppercase());
            let followed_by_time = tokens
                .get(content + 1)
                .is_some_and(|t| eq_chars(token_chars(chars, t), "time"));
            // A bracket after "p.m." adds to it ("5 p.m. (4 p.m. GMT)"); a quote opens anew.
            let quoted = opened && tokens[next].kind == TokenKind::Quote;
            new_line
                || quoted
                || (first_char.is_uppercase()
                    && !time_zone
                    && !followed_by_time
                    && !END_ABBREV_CONTINUERS
                        .iter()
                        .any(|w| eq_chars(content_text, w)))
        }
    }
}

/// True for "?", "!" and runs of them ("?!").
fn is_question_or_exclamation(chars: &[char], token: &Token) -> bool {
    token_chars(chars, token)
        .iter()
        .any(|c| matches!(c, '?' | '!'))
}

/// True when tokens from `start` attribute the quote before them: one to three capitalised
/// words, a speech verb, then punctuation ("Smith asked." "Prime Minister Ana Brnabić said,").
fn is_attribution(chars: &[char], tokens: &[Token], start: usize) -> bool {
    let mut idx = start;
    while idx < tokens.len()
        && idx < start + 3
        && tokens[idx].kind == TokenKind::Word
        && token_chars(chars, &tokens[idx])
            .first()
            .is_some_and(|c| c.is_uppercase())
    {
        idx += 1;
    }
    if idx == start {
        return false;
    }
    let verb = tokens.get(idx).map(|t| token_chars(chars, t));
    let after = tokens.get(idx + 1).map(|t| token_chars(chars, t));
    verb.is_some_and(|verb| SPEECH_VERBS.iter().any(|w| eq_chars(verb, w)))
        && after.is_none_or(|after| matches!(after, ['.'] | [','] | ['!'] | ['?'] | [';']))
}

/// Whether the plain terminal `tokens[terminal_idx]` (no closing quote after it) ends a
/// sentence even though a lowercase word follows: careless writing ("we left. then it rained",
/// "really? no"), but not a brand ("Yahoo! and") nor a short capitalised word, which may be an
/// abbreviation missing from the list ("Sgt. smith" is rarer than "Calif. resident").
fn lowercase_may_follow(chars: &[char], tokens: &[Token], terminal_idx: usize) -> bool {
    let Some(before_idx) = terminal_idx.checked_sub(1) else {
        return false;
    };
    let (terminal, before) = (&tokens[terminal_idx], &tokens[before_idx]);
    let terminal_text = token_chars(chars, terminal);
    let before_text = token_chars(chars, before);
    // The last stop of a spaced ellipsis (". . . and") is a pause before a lowercase word.
    if matches!(before_text, ['.'] | ['…'] | ['?'] | ['!']) {
        return false;
    }
    let glued = before.span.end == terminal.span.start;
    let capitalised = before_text.first().is_some_and(|c| c.is_uppercase());
    // Lowercase abbreviations missing from the list are mostly units without a vowel
    // ("5 ft. tall", "20 km. from").
    let vowelless = !before_text
        .iter()
        .any(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'));
    match terminal_text {
        ['.'] => {
            !(glued
                && before.kind == TokenKind::Word
                && ((capitalised && before_text.len() <= 4) || vowelless))
        }
        _ => !(glued && before.kind == TokenKind::Word && capitalised && terminal_text == ['!']),
    }
}

/// Whether the sentence ends at token `i` (not a terminal) because a line break follows it.
fn ends_at_line_break(chars: &[char], tokens: &[Token], i: usize, hard_wrapped: bool) -> bool {
    let (this, next) = (&tokens[i], &tokens[i + 1]);
    if !line_break_between(chars, this, next) {
        return false;
    }
    if is_bullet(chars, next) {
        return true;
    }
    let this_text = token_chars(chars, this);
    if let [c] = this_text {
        if matches!(c, ',' | ';' | '-' | '–' | '—' | '(' | '[' | '&' | '/') || is_opening_quote(*c)
        {
            return false;
        }
    }
    if LINE_CONTINUERS.iter().any(|w| eq_chars(this_text, w)) {
        return false;
    }
    let Some(&next_first) = token_chars(chars, next).first() else {
        return false;
    };
    // A line of a headline block or a list ends at its break; a line of wrapped prose does not.
    !(next_first.is_lowercase() || (hard_wrapped && next_first.is_alphabetic()))
}

/// True when `text` spells `word` exactly.
fn eq_chars(text: &[char], word: &str) -> bool {
    text.len() == word.chars().count() && text.iter().copied().eq(word.chars())
}

/// Appends the sentence of tokens `start..end` (a non-empty range).
fn push_sentence(
    tokens: &[Token],
    start: usize,
    end: usize,
    paragraph: u32,
    out: &mut Vec<Sentence>,
) {
    if start >= end {
        return;
    }
    let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end - 1)) else {
        return;
    };
    out.push(Sentence {
        span: dossier_core::CharSpan::new(first.span.start, last.span.end),
        token_start: start as u32,
        token_end: end as u32,
        paragraph,
        time_context: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::Meta;

    fn sentences(text: &str) -> Vec<String> {
        let mut doc = Doc::new(Meta::default(), text.to_string());
        segment(&mut doc);
        doc.sentences
            .iter()
            .map(|s| doc.slice(s.span).to_string())
            .collect()
    }

    #[test]
    fn simple_sentences() {
        assert_eq!(
            sentences("One thing. Another thing! A third? Yes."),
            ["One thing.", "Another thing!", "A third?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Vučić visited the U.S. embassy on Jan. 5 with Gen. Smith. He left."),
            [
                "Mr. Vučić visited the U.S. embassy on Jan. 5 with Gen. Smith.",
                "He left."
            ]
        );
        assert_eq!(
            sentences("Talks in the U.S. The end came later."),
            ["Talks in the U.S.", "The end came later."]
        );
        assert_eq!(
            sentences("Acme Inc. said no. It was No. 5 on the list."),
            ["Acme Inc. said no.", "It was No. 5 on the list."]
        );
        assert_eq!(
            sentences("Apples, pears etc. and more."),
            ["Apples, pears etc. and more."]
        );
    }

    #[test]
    fn abbreviation_ending_a_sentence_gives_up_its_stop() {
        let mut doc = Doc::new(
            Meta::default(),
            "He flew to the U.S. The talks began at 10 a.m.\n\nSo did Mr.".to_string(),
        );
        segment(&mut doc);
        let tokens: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
        assert_eq!(
            tokens,
            [
                "He", "flew", "to", "the", "U.S", ".", "The", "talks", "began", "at", "10", "a.m",
                ".", "So", "did", "Mr", "."
            ]
        );
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.sentences[1].token_start, 6);
        assert_eq!(doc.sentences[1].token_end, 13);
    }

    #[test]
    fn careless_lowercase_starts() {
        assert_eq!(
            sentences("We left. then it rained. Is it? no. Yahoo! and AOL. “It is over.” he said. It is 5 ft. tall"),
            [
                "We left.",
                "then it rained.",
                "Is it?",
                "no.",
                "Yahoo! and AOL.",
                "“It is over.” he said.",
                "It is 5 ft. tall"
            ]
        );
    }

    #[test]
    fn time_abbreviations_often_end_sentences() {
        assert_eq!(
            sentences("The polls close at 8 p.m. Officials expect results. It starts at 5 p.m. Tuesday. Meet at 9 a.m. GMT."),
            ["The polls close at 8 p.m.", "Officials expect results.", "It starts at 5 p.m. Tuesday.", "Meet at 9 a.m. GMT."]
        );
    }

    #[test]
    fn quote_attribution_after_question_stays() {
        assert_eq!(
            sentences(
                "“Why now?” Smith asked. “Enough!” shouted Ana Brnabić. “Go!” The crowd left."
            ),
            [
                "“Why now?” Smith asked.",
                "“Enough!” shouted Ana Brnabić.",
                "“Go!”",
                "The crowd left."
            ]
        );
    }

    #[test]
    fn numbered_lists() {
        assert_eq!(
            sentences("Steps:\n1. Open the box.\n2. Read it.\na. Then stop."),
            ["Steps:", "1. Open the box.", "2. Read it.", "a. Then stop."]
        );
        assert_eq!(
            sentences("Two demands: 1. Stop the work. 2. Publish the data. He had 12. Then left."),
            [
                "Two demands: 1. Stop the work.",
                "2. Publish the data.",
                "He had 12.",
                "Then left."
            ]
        );
    }

    #[test]
    fn street_and_junior_may_end_sentences() {
        assert_eq!(
            sentences("They met on Main St. The talks failed. John Smith Jr. said no. St. Petersburg agreed."),
            ["They met on Main St.", "The talks failed.", "John Smith Jr. said no.", "St. Petersburg agreed."]
        );
    }

    #[test]
    fn initials() {
        assert_eq!(
            sentences("J. R. R. Tolkien wrote it. Vladimir V. Putin read it."),
            ["J. R. R. Tolkien wrote it.", "Vladimir V. Putin read it."]
        );
    }

    #[test]
    fn numbers_and_decimals() {
        assert_eq!(
            sentences("It grew 3.5 percent. 10,000 people came."),
            ["It grew 3.5 percent.", "10,000 people came."]
        );
    }

    #[test]
    fn quotes_close_after_the_mark() {
        assert_eq!(
            sentences("“We agree,” he said. “Now.”"),
            ["“We agree,” he said.", "“Now.”"]
        );
        assert_eq!(sentences("“Yes,” he said."), ["“Yes,” he said."]);
        assert_eq!(
            sentences("He said: \"It is over.\" Then he left."),
            ["He said: \"It is over.\"", "Then he left."]
        );
        assert_eq!(sentences("«Да.» Он ушёл."), ["«Да.»", "Он ушёл."]);
        assert_eq!(
            sentences("„Da.“ Rekao je. »Ja.« Er ging."),
            ["„Da.“", "Rekao je.", "»Ja.«", "Er ging."]
        );
        assert_eq!(sentences("“Why?” he asked."), ["“Why?” he asked."]);
    }

    #[test]
    fn spaced_ellipses_and_glued_ellipses() {
        assert_eq!(
            sentences("He paused . . . and went on. It ended . . . Then silence. So...Then what?"),
            [
                "He paused . . . and went on.",
                "It ended . . .",
                "Then silence.",
                "So...Then what?"
            ]
        );
        assert_eq!(
            sentences("We meet at 2 p.m. (3 p.m. in Kyiv) on Friday."),
            ["We meet at 2 p.m. (3 p.m. in Kyiv) on Friday."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sentences("We waited … and then it came. Wait... Nothing."),
            ["We waited … and then it came.", "Wait...", "Nothing."]
        );
    }

    #[test]
    fn missing_space_after_stop() {
        assert_eq!(
            sentences("They arrived.The next day they left."),
            ["They arrived.", "The next day they left."]
        );
    }

    #[test]
    fn lines_without_final_punctuation() {
        assert_eq!(
            sentences("Putin visits Belgrade\nThe president arrived on Tuesday.\nKey points:\n- one\n- two"),
            ["Putin visits Belgrade", "The president arrived on Tuesday.", "Key points:", "- one", "- two"]
        );
        assert_eq!(
            sentences("He met with\nthe minister."),
            ["He met with\nthe minister."]
        );
        assert_eq!(
            sentences("A long headline that goes on and on about “activists” hired for protests\nLEDGER | News\nHome › World"),
            ["A long headline that goes on and on about “activists” hired for protests", "LEDGER | News", "Home › World"]
        );
        // Hard-wrapped prose: most breaks fall before lowercase words, so none ends a sentence.
        assert_eq!(
            sentences("The minister met\nthe envoy of Prime Minister\nAna Brnabić in the\ncapital on Monday."),
            ["The minister met\nthe envoy of Prime Minister\nAna Brnabić in the\ncapital on Monday."]
        );
    }

    #[test]
    fn paragraphs_are_never_crossed() {
        let mut doc = Doc::new(
            Meta::default(),
            "A headline without stop\n\nIn Belgrade, Mr.\n\nVučić spoke".to_string(),
        );
        segment(&mut doc);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
        assert_eq!(
            texts,
            ["A headline without stop", "In Belgrade, Mr.", "Vučić spoke"]
        );
        let paragraphs: Vec<u32> = doc.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 2]);
        for sentence in &doc.sentences {
            assert!(doc.paragraphs[sentence.paragraph as usize].contains(sentence.span));
        }
    }

    #[test]
    fn token_ranges_cover_all_tokens() {
        let mut doc = Doc::new(
            Meta::default(),
            "Први пасус. Друга реченица!\n\n“Quote.” End".to_string(),
        );
        segment(&mut doc);
        let mut next = 0;
        for sentence in &doc.sentences {
            assert_eq!(sentence.token_start, next);
            assert!(sentence.token_end > sentence.token_start);
            next = sentence.token_end;
            assert_eq!(sentence.time_context, None);
        }
        assert_eq!(next as usize, doc.tokens.len());
        assert_eq!(doc.sentences.len(), 4);
    }

    #[test]
    fn segment_replaces_previous_layers() {
        let mut doc = Doc::new(Meta::default(), "One. Two.".to_string());
        segment(&mut doc);
        segment(&mut doc);
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.tokens.len(), 4);
    }

    #[test]
    fn segmenter_is_an_annotator() {
        let segmenter = Segmenter;
        assert_eq!(segmenter.name(), "segment");
        assert!(dossier_core::check_pipeline(&[&segmenter]).is_ok());
        let mut doc = Doc::new(Meta::default(), "Hi there. Bye.".to_string());
        segmenter.annotate(&mut doc);
        assert_eq!(doc.sentences.len(), 2);
    }

    /// A small deterministic generator, so the test needs no dependency and always runs the same.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    #[test]
    fn random_input_keeps_every_invariant() {
        let pieces = [
            "a", "B", "ж", "Ž", "1", "0", ".", "..", "…", ",", "'", "’", "‘", "“", "”", "\"", "«",
            "»", "-", "--", "@", ":", "/", "http://", "www.", "Mr.", "U.S.", "n't", "'s", " ", " ",
            "\n", "\n\n", "(", ")", "?", "!", "$", "%", "\u{301}", "\t", "*", "=", "e.g.", "p.m.",
            "No.",
        ];
        let mut rng = Lcg(7);
        for _ in 0..300 {
            let n_pieces = rng.next(40);
            let text: String = (0..n_pieces)
                .map(|_| pieces[rng.next(pieces.len())])
                .collect();
            let mut doc = Doc::new(Meta::default(), text.clone());
            segment(&mut doc);
            let n_chars = text.chars().count() as u32;
            let mut previous_end = 0;
            for token in &doc.tokens {
                assert!(token.span.start < token.span.end, "{text:?}");
                assert!(
                    token.span.start >= previous_end && token.span.end <= n_chars,
                    "{text:?}"
                );
                assert!(
                    !doc.slice(token.span).chars().any(char::is_whitespace),
                    "{text:?}"
                );
                previous_end = token.span.end;
            }
            let mut next_token = 0;
            for sentence in &doc.sentences {
                assert_eq!(sentence.token_start, next_token, "{text:?}");
                assert!(sentence.token_end > sentence.token_start, "{text:?}");
                next_token = sentence.token_end;
                let paragraph = doc.paragraphs[sentence.paragraph as usize];
                assert!(paragraph.contains(sentence.span), "{text:?}");
            }
            assert_eq!(next_token as usize, doc.tokens.len(), "{text:?}");
            // Every non-space character is in some token: nothing vanishes.
            let covered: u32 = doc.tokens.iter().map(|t| t.span.len()).sum();
            let visible = text
                .chars()
                .filter(|c| !crate::tokenize::is_space(*c))
                .count() as u32;
            assert_eq!(covered, visible, "{text:?}");
            // The single-string tokenizer loses nothing either.
            let single = crate::tokenize::tokenize(&text);
            let covered: u32 = single.iter().map(|t| t.span.len()).sum();
            assert_eq!(covered, visible, "{text:?}");
        }
    }

    #[test]
    fn long_text_is_tokenized_quickly_and_completely() {
        let unit = "Mr. Vučić said on Jan. 5 that the U.S. embassy’s 10,000 visitors (3.5 percent more) \
                    didn't see https://example.org … “We agree,” he said. Putin’s aide wrote to a@b.org.\n\n";
        let text = unit.repeat(2000);
        let mut doc = Doc::new(Meta::default(), text);
        let started = std::time::Instant::now();
        segment(&mut doc);
        let elapsed = started.elapsed();
        assert_eq!(doc.sentences.len(), 2000 * 3);
        assert_eq!(doc.tokens.len(), 2000 * 38);
        // Generous even for a debug build on a loaded machine; a quadratic slip would blow it.
        assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
    }
}
