//! Integration tests of the store's public API: round trips, duplicates, migrations,
//! read-only opening, build records, listings and full-text search.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use dossier_core::{
    Anchor, CharIndex, CharSpan, DepLabel, Diagnostic, Doc, EntityKind, Mention, Meta,
    PublishedFrom, Quote, QuoteKind, Removed, RemovedReason, Sentence, SourceFormat, Speaker,
    TimeExpr, TimexType, Token, TokenKind, Upos,
};
use dossier_store::{
    BuildRecord, DocFilter, SearchOptions, SkippedFile, Store, StoreError, SCHEMA_VERSION,
};

/// Our own fixture text (written for these tests), with Cyrillic, Latin diacritics and
/// guillemets so that code-point offsets differ from byte offsets.
const FULL_TEXT: &str = "Београд, 3. март — Ana Brnabić said «we will talk again».\n\n\
Two days later the ministry in Priština replied: no.";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Code-point span of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> CharSpan {
    let index = CharIndex::new(text);
    let start = text.find(needle).unwrap();
    index.span_of_bytes(start, start + needle.len())
}

/// Whitespace-and-punctuation tokens, enough to fill the token layer by hand.
fn tokens_of(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<u32> = None;
    let mut n_chars = 0u32;
    for (char_idx, c) in text.chars().enumerate() {
        let char_idx = char_idx as u32;
        n_chars = char_idx + 1;
        if c.is_alphanumeric() {
            start.get_or_insert(char_idx);
            continue;
        }
        if let Some(word_start) = start.take() {
            tokens.push(Token {
                span: CharSpan::new(word_start, char_idx),
                kind: TokenKind::Word,
                ..Token::default()
            });
        }
        if !c.is_whitespace() {
            let kind = if "«»\"".contains(c) {
                TokenKind::Quote
            } else {
                TokenKind::Punct
            };
            tokens.push(Token {
                span: CharSpan::new(char_idx, char_idx + 1),
                kind,
                pos: Some(Upos::PUNCT),
                head: Some(0),
                dep: Some(DepLabel::parse("punct")),
            });
        }
    }
    if let Some(word_start) = start {
        tokens.push(Token {
            span: CharSpan::new(word_start, n_chars),
            kind: TokenKind::Word,
            ..Token::default()
        });
    }
    tokens
}

/// A doc with every layer filled.
fn full_doc() -> Doc {
    let mut origins = BTreeMap::new();
    origins.insert("title".to_string(), "html:og:title".to_string());
    origins.insert("published".to_string(), "text:dateline".to_string());
    let meta = Meta {
        source_path: "feeds/ž.jsonl#3".into(),
        format: SourceFormat::Jsonl,
        title: Some("Разговори «настављени»".into()),
        outlet: Some("Example Wire".into()),
        authors: vec!["Jovana Đ.".into(), "A. Writer".into()],
        url: Some("https://example.org/a?b=č".into()),
        published: Some(date(2021, 3, 3)),
        published_from: Some(PublishedFrom::Inferred),
        published_confidence: Some(0.7),
        language: Some("en".into()),
        origins,
        sources: vec!["Example Wire".into(), "Radio Đ".into()],
    };
    let mut doc = Doc::new(meta, FULL_TEXT.to_string());
    doc.removed = vec![
        Removed {
            text: "Share this post".into(),
            reason: RemovedReason::Share,
            at: 0,
        },
        Removed {
            text: "Читать на русском".into(),
            reason: RemovedReason::LanguageSwitch,
            at: 57,
        },
    ];
    doc.tokens = tokens_of(FULL_TEXT);
    doc.tokens[5].pos = Some(Upos::PROPN);
    doc.tokens[5].dep = Some(DepLabel::parse("nsubj"));
    doc.tokens[5].head = Some(7);
    let first_end = find(FULL_TEXT, "».").end;
    let second = doc.paragraphs[1];
    let split = doc
        .tokens
        .iter()
        .position(|token| token.span.start >= second.start)
        .unwrap() as u32;
    doc.sentences = vec![
        Sentence {
            span: CharSpan::new(0, first_end),
            token_start: 0,
            token_end: split,
            paragraph: 0,
            time_context: Some(0),
        },
        Sentence {
            span: second,
            token_start: split,
            token_end: doc.tokens.len() as u32,
            paragraph: 1,
            time_context: None,
        },
    ];
    doc.mentions = vec![
        Mention {
            span: find(FULL_TEXT, "Ana Brnabić"),
            token_start: 5,
            token_end: 7,
            kind: EntityKind::Person,
            entity: Some("ana-brnabic".into()),
        },
        Mention {
            span: find(FULL_TEXT, "Priština"),
            token_start: split + 6,
            token_end: split + 7,
            kind: EntityKind::Location,
            entity: None,
        },
    ];
    doc.times = vec![
        TimeExpr {
            span: find(FULL_TEXT, "3. март"),
            timex_type: TimexType::Date,
            value: Some("2021-03-03".into()),
            anchor: Some(Anchor::Published),
            sentence: 0,
        },
        TimeExpr {
            span: find(FULL_TEXT, "Two days later"),
            timex_type: TimexType::Duration,
            value: None,
            anchor: None,
            sentence: 1,
        },
    ];
    doc.quotes = vec![
        Quote {
            span: find(FULL_TEXT, "we will talk again"),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                name: "Ana Brnabić".into(),
                span: Some(find(FULL_TEXT, "Ana Brnabić")),
                mention: Some(0),
            }),
            cue: Some(find(FULL_TEXT, "said")),
            sentence: 0,
        },
        Quote {
            span: find(FULL_TEXT, "no"),
            kind: QuoteKind::Indirect,
            speaker: Some(Speaker {
                name: "the ministry".into(),
                span: None,
                mention: None,
            }),
            cue: None,
            sentence: 1,
        },
        Quote {
            span: find(FULL_TEXT, "talk"),
            kind: QuoteKind::Term,
            speaker: None,
            cue: None,
            sentence: 0,
        },
    ];
    doc.diagnostics = vec![
        Diagnostic::info("clean", "removed 2 blocks"),
        Diagnostic::warning("time", "date inferred from «text»"),
    ];
    doc
}

/// A small doc with one sentence per paragraph.
fn small_doc(text: &str, outlet: Option<&str>, published: Option<NaiveDate>) -> Doc {
    let meta = Meta {
        source_path: format!("{}.txt", text.len()),
        outlet: outlet.map(str::to_string),
        title: Some(format!("About {}", text.split(' ').next().unwrap_or(""))),
        published,
        published_from: published.map(|_| PublishedFrom::Metadata),
        ..Meta::default()
    };
    let mut doc = Doc::new(meta, text.to_string());
    doc.sentences = doc
        .paragraphs
        .iter()
        .enumerate()
        .map(|(idx, paragraph)| Sentence {
            span: *paragraph,
            paragraph: idx as u32,
            ..Sentence::default()
        })
        .collect();
    doc
}

#[test]
fn round_trip_of_every_layer() {
    let mut store = Store::in_memory().unwrap();
    let doc = full_doc();
    // Check the fixture really fills every layer, so the test cannot pass vacuously.
    assert!(doc.tokens.len() > 15 && doc.paragraphs.len() == 2);
    assert_eq!(doc.slice(doc.mentions[1].span), "Priština");
    assert_eq!(doc.slice(doc.sentences[0].span).chars().last(), Some('.'));
    let stats = store.insert_docs(std::slice::from_ref(&doc)).unwrap();
    assert_eq!((stats.added, stats.duplicates), (1, 0));
    let loaded = store.load_doc(doc.id.as_str()).unwrap();
    assert_eq!(loaded.as_ref(), Some(&doc));
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.documents, counts.sentences, counts.tokens as usize),
        (1, 2, doc.tokens.len())
    );
    assert_eq!(
        (counts.mentions, counts.times, counts.quotes, counts.builds),
        (2, 2, 3, 0)
    );
    assert_eq!(store.load_doc("0000000000000000").unwrap(), None);
}

#[test]
fn round_trip_of_bare_and_empty_docs() {
    let mut store = Store::in_memory().unwrap();
    let bare = Doc::new(Meta::default(), "Only text, no layers.".into());
    let empty = Doc::new(Meta::default(), String::new());
    let mut unresolved = small_doc("A quote with nobody.", None, None);
    unresolved.quotes.push(Quote {
        span: CharSpan::new(2, 7),
        kind: QuoteKind::Direct,
        speaker: None,
        cue: None,
        sentence: 0,
    });
    let docs = [bare, empty, unresolved];
    assert_eq!(store.insert_docs(&docs).unwrap().added, 3);
    for doc in &docs {
        assert_eq!(store.load_doc(doc.id.as_str()).unwrap().as_ref(), Some(doc));
    }
}

#[test]
fn documents_lists_summaries() {
    let mut store = Store::in_memory().unwrap();
    let doc = full_doc();
    store.insert_docs(std::slice::from_ref(&doc)).unwrap();
    let summaries = store.documents(&DocFilter::default()).unwrap();
    assert_eq!(summaries.len(), 1);
    let summary = &summaries[0];
    assert_eq!(summary.id, doc.id.as_str());
    assert_eq!(summary.title.as_deref(), Some("Разговори «настављени»"));
    assert_eq!(summary.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(summary.published, Some(date(2021, 3, 3)));
    assert_eq!(summary.published_from, Some(PublishedFrom::Inferred));
    assert_eq!(summary.source_path, "feeds/ž.jsonl#3");
    assert_eq!((summary.n_sentences, summary.n_removed), (2, 2));
    assert_eq!(summary.sources, ["Example Wire", "Radio Đ"]);
}

#[test]
fn duplicates_within_and_across_batches() {
    let mut store = Store::in_memory().unwrap();
    let a = small_doc("Alpha met beta.", None, None);
    let b = small_doc("Gamma met delta.", None, None);
    let c = small_doc("Epsilon met zeta.", None, None);
    let stats = store
        .insert_docs(&[a.clone(), b.clone(), a.clone()])
        .unwrap();
    assert_eq!((stats.added, stats.duplicates), (2, 1));
    let stats = store.insert_docs(&[a.clone(), b.clone()]).unwrap();
    assert_eq!((stats.added, stats.duplicates), (0, 2));
    let stats = store.insert_docs(&[b, c.clone(), a]).unwrap();
    assert_eq!((stats.added, stats.duplicates), (1, 2));
    assert_eq!(store.count_documents().unwrap(), 3);
    assert!(store.known_ids().unwrap().contains(c.id.as_str()));
    // The duplicate's sentences were not written twice, so search finds one hit.
    let hits = store.search("alpha", &SearchOptions::default()).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(store.insert_docs(&[]).unwrap().added, 0);
}

#[test]
fn a_failure_mid_batch_rolls_back() {
    let mut store = Store::in_memory().unwrap();
    let good = small_doc("A good document.", None, None);
    let mut bad = small_doc("A bad document.", None, None);
    // Fields are public, so a buggy stage can build a reversed span; the schema refuses it.
    bad.tokens.push(Token {
        span: CharSpan { start: 5, end: 2 },
        ..Token::default()
    });
    let err = store.insert_docs(&[good.clone(), bad.clone()]).unwrap_err();
    match &err {
        StoreError::WithDoc { id, .. } => assert_eq!(id, bad.id.as_str()),
        other => panic!("unexpected error {other}"),
    }
    assert!(err.to_string().contains("rolled back"));
    assert_eq!(store.count_documents().unwrap(), 0);
    assert!(store
        .search("good", &SearchOptions::default())
        .unwrap()
        .is_empty());
    // The store is still usable after the failure.
    assert_eq!(store.insert_docs(&[good]).unwrap().added, 1);
}

#[test]
fn migrations_from_an_empty_file_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    // An empty file (as `touch` leaves it) is a valid, empty SQLite database.
    std::fs::write(&path, b"").unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.insert_docs(&[full_doc()]).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.count_documents().unwrap(), 1);
    let doc = full_doc();
    assert_eq!(store.load_doc(doc.id.as_str()).unwrap(), Some(doc));
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
    assert!(err.to_string().contains("upgrade dossier"));
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
}

#[test]
fn read_only_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(matches!(err, StoreError::Missing(_)), "{err}");
    assert!(!path.exists(), "a read-only open must not create the file");

    std::fs::write(&path, b"").unwrap();
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotInitialised(_)), "{err}");
    std::fs::remove_file(&path).unwrap();

    let doc = small_doc("Read me only.", None, None);
    Store::open(&path).unwrap().insert_docs(&[doc]).unwrap();
    let mut store = Store::open_read_only(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.count_documents().unwrap(), 1);
    assert_eq!(
        store
            .search("read", &SearchOptions::default())
            .unwrap()
            .len(),
        1
    );
    let other = small_doc("Write me.", None, None);
    assert!(matches!(
        store.insert_docs(&[other]),
        Err(StoreError::ReadOnly)
    ));
    assert!(matches!(
        store.record_build(&build_record()),
        Err(StoreError::ReadOnly)
    ));
    assert_eq!(store.count_documents().unwrap(), 1);
}

#[test]
fn readers_see_commits_while_a_writer_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let mut writer = Store::open(&path).unwrap();
    writer
        .insert_docs(&[small_doc("First words.", None, None)])
        .unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.count_documents().unwrap(), 1);
    writer
        .insert_docs(&[small_doc("Second words.", None, None)])
        .unwrap();
    assert_eq!(reader.count_documents().unwrap(), 2);
    assert_eq!(
        reader
            .search("second", &SearchOptions::default())
            .unwrap()
            .len(),
        1
    );
    writer.optimize().unwrap();
    assert_eq!(
        reader
            .search("words", &SearchOptions::default())
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn full_text_index_stays_consistent_with_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let gone = small_doc("Soon deleted words.\n\nMore deleted words.", None, None);
    let kept = small_doc("Kept words.", None, None);
    let mut store = Store::open(&path).unwrap();
    store
        .insert_docs(&[gone.clone(), kept, full_doc()])
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let check = "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)";
    conn.execute(check, []).unwrap();
    // Deleting a document by hand cascades to its sentences, whose triggers update the index.
    conn.execute("DELETE FROM documents WHERE id = ?1", [gone.id.as_str()])
        .unwrap();
    conn.execute(check, []).unwrap();
    let hits = store.search("words", &SearchOptions::default()).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(store.count_documents().unwrap(), 2);
}

#[test]
fn not_a_database_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "these are not the pages of an SQLite database, ".repeat(50),
    )
    .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert!(Store::open_read_only(&path).is_err());
}

fn build_record() -> BuildRecord {
    BuildRecord {
        started_at: Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap(),
        inputs: vec!["corpus/".into(), "feed.jsonl".into()],
        files_seen: 12,
        docs_added: 9,
        duplicates: 1,
        skipped: vec![
            SkippedFile {
                source: "corpus/picture.png".into(),
                reason: "unsupported_format".into(),
                message: "not a text, html, jsonl, warc or feed file".into(),
            },
            SkippedFile {
                source: "feed.jsonl#7".into(),
                reason: "parse".into(),
                message: "line 7: expected value".into(),
            },
        ],
        duration_ms: 1234,
    }
}

#[test]
fn build_records_round_trip() {
    let mut store = Store::in_memory().unwrap();
    let record = build_record();
    store.record_build(&record).unwrap();
    store
        .record_build(&BuildRecord {
            skipped: Vec::new(),
            ..record.clone()
        })
        .unwrap();
    let builds = store.builds().unwrap();
    assert_eq!(builds.len(), 2);
    assert_eq!(builds[0].id, 1);
    assert_eq!(builds[0].record, record);
    assert!(builds[1].record.skipped.is_empty());
}

/// A store with five dated docs from two outlets and one undated doc.
fn search_store() -> Store {
    let mut store = Store::in_memory().unwrap();
    let docs = [
        small_doc(
            "The ceasefire talks in Geneva resumed on Monday.\n\nDelegates met for hours.",
            Some("North Post"),
            Some(date(2016, 10, 26)),
        ),
        small_doc(
            "Ceasefire, ceasefire, ceasefire: the word was everywhere in Geneva.",
            Some("South Herald"),
            Some(date(2017, 5, 23)),
        ),
        small_doc(
            "The minister said talks would resume after the ceasefire.",
            Some("north post"),
            Some(date(2018, 1, 9)),
        ),
        small_doc(
            "Vučić visited Priština; the ministerial meeting ended early.",
            Some("South Herald"),
            Some(date(2019, 7, 1)),
        ),
        small_doc(
            "Talks and (parentheses) with \"quotes\" AND OR operators.",
            Some("North Post"),
            Some(date(2020, 2, 2)),
        ),
        small_doc("An undated note about Geneva talks.", None, None),
    ];
    store.insert_docs(&docs).unwrap();
    store
}

#[test]
fn search_ranks_and_highlights() {
    let store = search_store();
    let hits = store
        .search("ceasefire", &SearchOptions::default())
        .unwrap();
    assert_eq!(hits.len(), 3);
    // The sentence that says it three times in a short text ranks first.
    assert!(hits[0]
        .snippet
        .starts_with("[Ceasefire], [ceasefire], [ceasefire]"));
    assert!(hits.windows(2).all(|pair| pair[0].score >= pair[1].score));
    assert_eq!(hits[0].outlet.as_deref(), Some("South Herald"));
    assert_eq!(hits[0].published, Some(date(2017, 5, 23)));
    assert!(hits[0].title.as_deref().unwrap().starts_with("About"));

    let options = SearchOptions {
        highlight: ("\x1b[1m".into(), "\x1b[0m".into()),
        ..SearchOptions::default()
    };
    let hits = store.search("delegates", &options).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, 1);
    assert_eq!(hits[0].snippet, "\x1b[1mDelegates\x1b[0m met for hours.");
    // The span points at the sentence in the document text.
    let doc = store.load_doc(&hits[0].doc_id).unwrap().unwrap();
    assert_eq!(doc.slice(hits[0].span), "Delegates met for hours.");
}

#[test]
fn search_folds_case_and_diacritics() {
    let store = search_store();
    let hits = store
        .search("VUCIC pristina", &SearchOptions::default())
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("[Vučić]") && hits[0].snippet.contains("[Priština]"));
}

#[test]
fn phrase_and_prefix_queries() {
    let store = search_store();
    let options = SearchOptions::default();
    let phrase = store.search("\"ceasefire talks\"", &options).unwrap();
    assert_eq!(phrase.len(), 1);
    assert!(phrase[0].snippet.contains("[ceasefire talks]"));
    // Without quotes the words may be anywhere in the sentence.
    assert_eq!(store.search("ceasefire talks", &options).unwrap().len(), 2);
    let prefix = store.search("minist*", &options).unwrap();
    assert_eq!(prefix.len(), 2);
    assert_eq!(store.search("minist", &options).unwrap().len(), 0);
    let either = store.search("delegates OR Vucic", &options).unwrap();
    assert_eq!(either.len(), 2);
    let without = store.search("talks NOT ceasefire", &options).unwrap();
    assert_eq!(without.len(), 2);
}

#[test]
fn hostile_queries_are_ok_or_clean_errors() {
    let store = search_store();
    let options = SearchOptions::default();
    for query in [
        "\"",
        "\"\"",
        "AND OR",
        "*",
        ")(",
        "NEAR(",
        "",
        "   ",
        "NEAR(a b)",
        "text:talks",
        "-talks",
        "^talks",
        "talks +",
        "a\"b\"c",
        "\"unterminated phrase",
        "\u{0}",
        "''",
        "talks AND",
        "OR talks",
        "NOT",
        "**talks**",
        "col:",
        "{text}: talks",
        "\\",
    ] {
        // Every term reaches FTS5 quoted, so no input is a syntax error there.
        if let Err(err) = store.search(query, &options) {
            panic!("query {query:?} gave {err}");
        }
    }
    assert!(store.search("", &options).unwrap().is_empty());
    assert!(store.search(")(", &options).unwrap().is_empty());
    // Capital operators with no term after them are dropped, not an error.
    let hits = store.search("parentheses AND OR", &options).unwrap();
    assert_eq!(hits.len(), 1);
    let hits = store.search("(parentheses) \"quotes\"", &options).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn random_queries_never_fail() {
    let store = search_store();
    let options = SearchOptions::default();
    let pieces = [
        "\"", "*", "(", ")", "^", ":", "+", "-", ",", " ", "AND", "OR", "NOT", "NEAR", "NEAR(",
        "talks", "gen", "Vučić", "{", "}", "'", "\\", "text", "\u{301}", "\t", "ø",
    ];
    // A fixed xorshift sequence keeps the test deterministic.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        let mut query = String::new();
        for _ in 0..(seed % 9) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            query.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        if let Err(err) = store.search(&query, &options) {
            panic!("query {query:?} gave {err}");
        }
    }
}

#[test]
fn search_filters_and_pages() {
    let store = search_store();
    let all = store.search("talks", &SearchOptions::default()).unwrap();
    assert_eq!(all.len(), 4);
    let north = SearchOptions {
        outlet: Some("NORTH POST".into()),
        ..SearchOptions::default()
    };
    assert_eq!(store.search("talks", &north).unwrap().len(), 3);
    let dated = SearchOptions {
        from: Some(date(2017, 1, 1)),
        to: Some(date(2019, 12, 31)),
        ..SearchOptions::default()
    };
    let hits = store.search("talks", &dated).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].published, Some(date(2018, 1, 9)));
    let page = SearchOptions {
        limit: 2,
        offset: 1,
        ..SearchOptions::default()
    };
    let paged = store.search("talks", &page).unwrap();
    assert_eq!(paged, all[1..3].to_vec());
}

#[test]
fn document_filters_and_order() {
    let store = search_store();
    let all = store.documents(&DocFilter::default()).unwrap();
    assert_eq!(all.len(), 6);
    // By date, the undated document last.
    assert_eq!(all[0].published, Some(date(2016, 10, 26)));
    assert_eq!(all[5].published, None);
    let ids: Vec<String> = all.iter().map(|summary| summary.id.clone()).collect();
    assert_eq!(store.doc_ids().unwrap(), ids);

    let north = store
        .documents(&DocFilter {
            outlet: Some("north post".into()),
            ..DocFilter::default()
        })
        .unwrap();
    assert_eq!(north.len(), 3);
    let range = store
        .documents(&DocFilter {
            from: Some(date(2017, 5, 23)),
            to: Some(date(2019, 7, 1)),
            ..DocFilter::default()
        })
        .unwrap();
    let years: Vec<_> = range.iter().map(|summary| summary.published).collect();
    assert_eq!(
        years,
        [
            Some(date(2017, 5, 23)),
            Some(date(2018, 1, 9)),
            Some(date(2019, 7, 1))
        ]
    );
    let page = store
        .documents(&DocFilter {
            limit: Some(2),
            offset: 4,
            ..DocFilter::default()
        })
        .unwrap();
    assert_eq!(page, all[4..6].to_vec());
}

#[test]
fn ten_thousand_small_docs_insert_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.db");
    let docs: Vec<Doc> = (0..10_000)
        .map(|n| {
            small_doc(
                &format!("Report number {n} from the field.\n\nA second paragraph, {n}."),
                Some(if n % 2 == 0 { "Even" } else { "Odd" }),
                Some(date(2020, 1, 1) + chrono::Days::new(n % 365)),
            )
        })
        .collect();
    let mut store = Store::open(&path).unwrap();
    let started = std::time::Instant::now();
    let stats = store.insert_docs(&docs).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(stats.added, 10_000);
    eprintln!("inserted 10,000 docs in {elapsed:?}");
    // Generous bound for a shared, unoptimised test build; it catches per-row commits.
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
    let again = store.insert_docs(&docs[..100]).unwrap();
    assert_eq!((again.added, again.duplicates), (0, 100));
    assert_eq!(store.count_documents().unwrap(), 10_000);
    assert_eq!(
        store
            .search("\"number 4242\"", &SearchOptions::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn schema_md_examples_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let mut store = Store::open(&path).unwrap();
    let doc = full_doc();
    store.insert_docs(std::slice::from_ref(&doc)).unwrap();
    store.record_build(&build_record()).unwrap();
    store
        .replace_timeline(&[dossier_store::TimelineRow {
            id: "ev-1".into(),
            date: Some("2020-02-26".into()),
            cameo: "057".into(),
            plover: "AGREE".into(),
            modality: "asserted".into(),
            label: "A and B signed a memorandum".into(),
            outlets: 1,
            record: "{}".into(),
            evidence: vec![(doc.id.0.clone(), 0, 0, 10)],
        }])
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let schema_md = include_str!("../SCHEMA.md");
    let mut n_statements = 0;
    for block in schema_md.split("```sql").skip(1) {
        let sql = block.split("```").next().unwrap();
        for statement in sql.split(";\n").filter(|s| !s.trim().is_empty()) {
            let mut prepared = conn
                .prepare(statement)
                .unwrap_or_else(|err| panic!("{statement}\n{err}"));
            let mut rows = prepared.query([]).unwrap();
            let mut n_rows = 0;
            while rows.next().unwrap().is_some() {
                n_rows += 1;
            }
            // Every example finds something in the fixture except the placeholder document id.
            if !statement.contains("0123456789abcdef") {
                assert!(n_rows > 0, "no rows from {statement}");
            }
            n_statements += 1;
        }
    }
    assert_eq!(n_statements, 7);
}
