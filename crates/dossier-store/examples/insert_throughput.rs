//! Measures insert, load and search throughput on synthetic documents with every layer filled.
//!
//! Run: `cargo run -p dossier-store --release --example insert_throughput -- [N_DOCS] [DB_PATH]`
//! (defaults: 2000 documents, a temporary file that is removed afterwards).

use std::time::Instant;

use dossier_core::{
    CharSpan, DepLabel, Doc, EntityKind, Mention, Meta, Quote, QuoteKind, Sentence, Speaker,
    TimeExpr, TimexType, Token, TokenKind, Upos,
};
use dossier_store::{SearchOptions, Store};

/// Words the synthetic text is drawn from (our own, not from any corpus).
const WORDS: &[&str] = &[
    "minister",
    "talks",
    "ceasefire",
    "Geneva",
    "delegation",
    "agreed",
    "rejected",
    "border",
    "parliament",
    "spokesman",
    "said",
    "Monday",
    "sanctions",
    "protest",
    "Priština",
    "Vučić",
    "election",
    "treaty",
    "army",
    "withdrawal",
    "statement",
    "officials",
    "meeting",
    "reform",
];

/// A document of 30 sentences of 20 tokens each, with mentions, times and quotes.
fn synthetic_doc(n: usize) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut char_pos = 0u32;
    let mut seed = n.wrapping_mul(2_654_435_761) | 1;
    for sentence_idx in 0..30u32 {
        if sentence_idx > 0 && sentence_idx % 5 == 0 {
            text.push_str("\n\n");
            char_pos += 2;
        } else if sentence_idx > 0 {
            text.push(' ');
            char_pos += 1;
        }
        let sentence_start = char_pos;
        let token_start = tokens.len() as u32;
        for word_idx in 0..20 {
            if word_idx > 0 {
                text.push(' ');
                char_pos += 1;
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let word = if word_idx == 0 {
                // Make every document's text (and so its id) unique.
                format!("N{n}s{sentence_idx}")
            } else {
                WORDS[seed % WORDS.len()].to_string()
            };
            let n_chars = word.chars().count() as u32;
            text.push_str(&word);
            tokens.push(Token {
                span: CharSpan::new(char_pos, char_pos + n_chars),
                kind: TokenKind::Word,
                pos: Some(Upos::NOUN),
                head: Some(token_start),
                dep: Some(DepLabel::parse("nmod")),
            });
            char_pos += n_chars;
        }
        text.push('.');
        tokens.push(Token {
            span: CharSpan::new(char_pos, char_pos + 1),
            kind: TokenKind::Punct,
            pos: Some(Upos::PUNCT),
            head: Some(token_start),
            dep: Some(DepLabel::parse("punct")),
        });
        char_pos += 1;
        sentences.push(Sentence {
            span: CharSpan::new(sentence_start, char_pos),
            token_start,
            token_end: tokens.len() as u32,
            paragraph: sentence_idx / 5,
            time_context: None,
        });
    }
    let mut doc = Doc::new(
        Meta {
            source_path: format!("synthetic/{n}.txt"),
            outlet: Some(["North Post", "South Herald"][n % 2].to_string()),
            published: chrono::NaiveDate::from_ymd_opt(2016 + (n % 7) as i32, 1, 1),
            ..Meta::default()
        },
        text,
    );
    doc.mentions = (0..20u32)
        .map(|idx| Mention {
            span: tokens[idx as usize * 30].span,
            token_start: idx * 30,
            token_end: idx * 30 + 1,
            kind: EntityKind::Person,
            entity: None,
        })
        .collect();
    doc.times = (0..5u32)
        .map(|idx| TimeExpr {
            span: tokens[idx as usize * 100 + 3].span,
            timex_type: TimexType::Date,
            value: Some("2016-10-26".into()),
            anchor: None,
            sentence: idx * 5,
        })
        .collect();
    doc.quotes = (0..3u32)
        .map(|idx| Quote {
            span: sentences[idx as usize * 7].span,
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                name: "A Speaker".into(),
                span: Some(tokens[idx as usize * 7 * 21].span),
                mention: Some(idx),
            }),
            cue: Some(tokens[idx as usize * 7 * 21 + 1].span),
            sentence: idx * 7,
        })
        .collect();
    doc.tokens = tokens;
    doc.sentences = sentences;
    doc
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n_docs: usize = args.next().map_or(Ok(2000), |arg| arg.parse())?;
    let dir = std::env::temp_dir().join(format!("dossier-store-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = args.next().map_or_else(|| dir.join("bench.db"), Into::into);

    let docs: Vec<Doc> = (0..n_docs).map(synthetic_doc).collect();
    let n_tokens: usize = docs.iter().map(|doc| doc.tokens.len()).sum();
    let n_chars: usize = docs.iter().map(|doc| doc.text.len()).sum();

    let mut store = Store::open(&path)?;
    let started = Instant::now();
    let stats = store.insert_docs(&docs)?;
    let insert = started.elapsed();
    println!(
        "insert: {} docs ({} tokens, {:.1} MB text) in {:.2?}: {:.0} docs/s, {:.0} tokens/s",
        stats.added,
        n_tokens,
        n_chars as f64 / 1e6,
        insert,
        stats.added as f64 / insert.as_secs_f64(),
        n_tokens as f64 / insert.as_secs_f64()
    );

    let started = Instant::now();
    let again = store.insert_docs(&docs)?;
    println!(
        "re-insert: {} duplicates in {:.2?}",
        again.duplicates,
        started.elapsed()
    );

    let started = Instant::now();
    let ids = store.doc_ids()?;
    let mut n_loaded = 0;
    for id in &ids {
        n_loaded += usize::from(store.load_doc(id)?.is_some());
    }
    let load = started.elapsed();
    println!(
        "load_doc: {n_loaded} docs in {load:.2?}: {:.0} docs/s",
        n_loaded as f64 / load.as_secs_f64()
    );

    let options = SearchOptions::default();
    for query in [
        "ceasefire",
        "\"ceasefire talks\"",
        "minist*",
        "vucic pristina",
    ] {
        let started = Instant::now();
        let hits = store.search(query, &options)?;
        println!(
            "search {query:?}: {} hits in {:.2?}",
            hits.len(),
            started.elapsed()
        );
    }
    drop(store);
    println!(
        "file size: {:.1} MB",
        std::fs::metadata(&path)?.len() as f64 / 1e6
    );
    // Keep a database the caller asked for; remove our own temporary one.
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
