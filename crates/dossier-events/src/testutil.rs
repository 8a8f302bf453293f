//! Test helpers: hand-built parsed docs from a compact CoNLL-like notation.

use dossier_core::{
    Anchor, CharSpan, DepLabel, Doc, EntityKind, Mention, Meta, Sentence, TimeExpr, TimexType,
    Token, Upos,
};

/// One token line: word, POS, head, relation, entity label.
type Row = (String, String, usize, String, String);

/// Builds a one-sentence doc. Each line: `word POS HEAD DEP [ENT]`, HEAD 1-based (0 root),
/// ENT one of PER ORG LOC MISC for a mention (consecutive tokens with the same ENT form one
/// mention; `-` or nothing for none). Words are joined by single spaces.
pub(crate) fn parsed(conll: &str) -> Doc {
    parsed_many(&[conll])
}

/// Like [`parsed`], with one sentence per item, all in one paragraph.
pub(crate) fn parsed_many(sentences: &[&str]) -> Doc {
    let mut text = String::new();
    let mut rows: Vec<Vec<Row>> = Vec::new();
    for conll in sentences {
        let mut sentence_rows = Vec::new();
        for line in conll.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let ent = fields.get(4).copied().unwrap_or("-").to_string();
            sentence_rows.push((
                fields[0].to_string(),
                fields[1].to_string(),
                fields[2].parse::<usize>().unwrap(),
                fields[3].to_string(),
                ent,
            ));
        }
        rows.push(sentence_rows);
    }
    let mut spans = Vec::new();
    for sentence_rows in &rows {
        let mut sentence_spans = Vec::new();
        for (word, ..) in sentence_rows {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.chars().count() as u32;
            text.push_str(word);
            sentence_spans.push(CharSpan::new(start, text.chars().count() as u32));
        }
        spans.push(sentence_spans);
    }
    let mut doc = Doc::new(Meta::default(), text);
    for (sentence_rows, sentence_spans) in rows.iter().zip(&spans) {
        let base = doc.tokens.len() as u32;
        for ((_, pos, head, dep, _), span) in sentence_rows.iter().zip(sentence_spans) {
            doc.tokens.push(Token {
                span: *span,
                pos: Upos::parse(pos),
                head: (*head > 0).then(|| base + *head as u32 - 1),
                dep: Some(DepLabel::parse(dep)),
                ..Token::default()
            });
        }
        let end = doc.tokens.len() as u32;
        doc.sentences.push(Sentence {
            span: CharSpan::new(
                sentence_spans[0].start,
                sentence_spans[sentence_spans.len() - 1].end,
            ),
            token_start: base,
            token_end: end,
            paragraph: 0,
            time_context: None,
        });
        let mut i = 0;
        while i < sentence_rows.len() {
            let ent = sentence_rows[i].4.as_str();
            if ent == "-" {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < sentence_rows.len() && sentence_rows[j].4 == ent {
                j += 1;
            }
            let kind = match ent {
                "PER" => EntityKind::Person,
                "ORG" => EntityKind::Organization,
                "LOC" => EntityKind::Location,
                _ => EntityKind::Other,
            };
            doc.mentions.push(Mention {
                span: CharSpan::new(sentence_spans[i].start, sentence_spans[j - 1].end),
                token_start: base + i as u32,
                token_end: base + j as u32,
                kind,
                entity: None,
            });
            i = j;
        }
    }
    doc
}

/// Adds a resolved DATE expression covering `words` (which must occur in the text) to
/// sentence `sentence`, and makes it the sentence's time context.
pub(crate) fn add_date(doc: &mut Doc, sentence: usize, words: &str, value: &str) {
    let byte = doc.text.find(words).unwrap();
    let start = doc.text[..byte].chars().count() as u32;
    let end = start + words.chars().count() as u32;
    doc.times.push(TimeExpr {
        span: CharSpan::new(start, end),
        timex_type: TimexType::Date,
        value: Some(value.to_string()),
        anchor: Some(Anchor::Absolute),
        sentence: sentence as u32,
    });
    doc.sentences[sentence].time_context = Some(doc.times.len() as u32 - 1);
}
