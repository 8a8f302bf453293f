//! Speed check of the web app on a large synthetic database: page render times and a
//! bounded load test of concurrent requests over loopback.
//!
//! `cargo run --release -p dossier-web --example bench -- [N_DOCS] [DB]` builds (or reuses)
//! a database of N_DOCS invented articles (default 10,000) with linked entities (one per
//! invented name, with a dated role) and a merged timeline (one event per even sentence; the
//! first sentence of each article retells one of a few hundred shared stories, so those
//! events merge across outlets), times each page, then sends 200 concurrent requests to a
//! real server on 127.0.0.1 and counts errors.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use dossier_core::{
    Anchor, CharSpan, Doc, EntityKind, Mention, Meta, Quote, QuoteKind, Sentence, Speaker,
    TimeExpr, TimexType, Token, TokenKind,
};
use std::collections::{BTreeSet, HashMap};

use dossier_store::{EntityRoleRow, EntityRow, MentionEntityRow, Store, TimelineRow};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

const FIRST: [&str; 20] = [
    "Ana", "Boris", "Cvijeta", "Dragan", "Elena", "Filip", "Goran", "Hana", "Ivo", "Jelena",
    "Kosta", "Lidija", "Marko", "Nina", "Ognjen", "Petra", "Rade", "Sanja", "Tomo", "Vesna",
];
const LAST: [&str; 25] = [
    "Alder",
    "Birch",
    "Cedar",
    "Dunmore",
    "Elmsley",
    "Fernhill",
    "Glenwood",
    "Hollis",
    "Ivers",
    "Juniper",
    "Kestrel",
    "Larch",
    "Marwood",
    "Northam",
    "Oakley",
    "Pinecrest",
    "Quarry",
    "Rowan",
    "Sorrel",
    "Thorne",
    "Umber",
    "Vale",
    "Willow",
    "Yarrow",
    "Zephyr",
];
const ORGS: [&str; 8] = [
    "River Council",
    "Harbour Board",
    "Valley Energy",
    "Coast Guild",
    "Hill Institute",
    "Lake Union",
    "Forest Trust",
    "Stone Bank",
];
const OUTLETS: [&str; 5] = [
    "Harbour Gazette",
    "Coast Daily",
    "Valley Post",
    "Hill Times",
    "Lake Herald",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Shared stories retold by the first sentence of articles.
const STORIES: usize = 400;

/// A small deterministic generator, so every run builds the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// One invented article with tokens, mentions, a dated expression per sentence and a quote.
fn article(idx: usize, rng: &mut Rng) -> Doc {
    let mut text = String::new();
    let mut layers: Vec<(usize, usize, u8, String)> = Vec::new(); // char start, end, layer, value
    let mut sentence_spans = Vec::new();
    let year = 2015 + rng.next(10);
    for s in 0..20 {
        if s > 0 {
            text.push_str(if s % 5 == 0 { "\n\n" } else { " " });
        }
        let start = text.chars().count();
        let (person, org, month, day, year) = if s == 0 {
            // One of a few hundred stories many outlets tell.
            let mut story = Rng(rng.next(STORIES) as u64 + 1);
            (
                format!("{} {}", FIRST[story.next(20)], LAST[story.next(25)]),
                ORGS[story.next(8)],
                story.next(12),
                1 + story.next(28),
                2015 + story.next(10),
            )
        } else {
            (
                format!("{} {}", FIRST[rng.next(20)], LAST[rng.next(25)]),
                ORGS[rng.next(8)],
                rng.next(12),
                1 + rng.next(28),
                year,
            )
        };
        let date = format!("{day} {} {year}", MONTHS[month]);
        let p0 = start;
        text.push_str(&person);
        layers.push((p0, p0 + person.chars().count(), 0, String::new()));
        text.push_str(" met officials of the ");
        let o0 = text.chars().count();
        text.push_str(org);
        layers.push((o0, o0 + org.chars().count(), 1, String::new()));
        text.push_str(" on ");
        let d0 = text.chars().count();
        text.push_str(&date);
        layers.push((
            d0,
            d0 + date.chars().count(),
            2,
            format!("{year}-{:02}-{day:02}", month + 1),
        ));
        text.push_str(" and said \"");
        let q0 = text.chars().count();
        text.push_str("the works on the river will continue as planned");
        layers.push((q0, text.chars().count(), 3, person.clone()));
        text.push_str("\" to reporters.");
        sentence_spans.push(CharSpan::new(start as u32, text.chars().count() as u32));
    }
    let meta = Meta {
        title: Some(format!("Report {idx} on the river works")),
        outlet: Some(OUTLETS[idx % 5].to_string()),
        published: chrono::NaiveDate::from_ymd_opt(
            year as i32,
            1 + rng.next(12) as u32,
            1 + rng.next(28) as u32,
        ),
        source_path: format!("synthetic/{idx}.txt"),
        ..Meta::default()
    };
    let mut doc = Doc::new(meta, text);
    // Tokens: whitespace-separated words, as a tokenizer would roughly give.
    let mut start = None;
    for (pos, c) in doc
        .text
        .chars()
        .enumerate()
        .chain(std::iter::once((doc.text.chars().count(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                doc.tokens.push(Token {
                    span: CharSpan::new(s as u32, pos as u32),
                    kind: TokenKind::Word,
                    pos: None,
                    head: None,
                    dep: None,
                });
                start = None;
            }
            _ => {}
        }
    }
    for (idx, span) in sentence_spans.iter().enumerate() {
        let token_start = doc.tokens.partition_point(|t| t.span.start < span.start) as u32;
        let token_end = doc.tokens.partition_point(|t| t.span.start < span.end) as u32;
        let paragraph = doc.paragraph_at(span.start).unwrap_or(0) as u32;
        doc.sentences.push(Sentence {
            span: *span,
            token_start,
            token_end,
            paragraph,
            time_context: Some(idx as u32),
        });
    }
    for (s, e, layer, value) in layers {
        let span = CharSpan::new(s as u32, e as u32);
        let sentence = doc.sentence_at(span.start).unwrap_or(0) as u32;
        match layer {
            0 | 1 => doc.mentions.push(Mention {
                span,
                token_start: 0,
                token_end: 0,
                kind: if layer == 0 {
                    EntityKind::Person
                } else {
                    EntityKind::Organization
                },
                entity: None,
            }),
            2 => doc.times.push(TimeExpr {
                span,
                timex_type: TimexType::Date,
                value: Some(value),
                anchor: Some(Anchor::Absolute),
                sentence,
            }),
            _ => doc.quotes.push(Quote {
                span,
                kind: QuoteKind::Direct,
                speaker: Some(Speaker {
                    name: value,
                    span: None,
                    // The sentence's person is its first mention; two mentions per sentence.
                    mention: Some(sentence * 2),
                }),
                cue: None,
                sentence,
            }),
        }
    }
    doc
}

/// The id of an invented entity.
fn entity_id(kind: &str, name: &str) -> String {
    format!("{kind}:{}", name.to_lowercase().replace(' ', "-"))
}

/// A merged event being gathered: label, outlets, evidence (doc, sentence, start, end).
type Gathered = (String, BTreeSet<String>, Vec<(String, u32, u32, u32)>);

/// What the link and timeline stages would store for the generated articles.
#[derive(Default)]
struct Derived {
    entities: HashMap<String, EntityRow>,
    docs_of: HashMap<String, BTreeSet<String>>,
    links: Vec<MentionEntityRow>,
    /// (date, person id, org id) → the event.
    events: HashMap<(String, String, String), Gathered>,
}

impl Derived {
    fn add(&mut self, doc: &Doc) {
        let outlet = doc.meta.outlet.clone().unwrap_or_default();
        let mut ids = Vec::with_capacity(doc.mentions.len());
        for (idx, mention) in doc.mentions.iter().enumerate() {
            let text = doc.slice(mention.span).to_string();
            let kind = if mention.kind == EntityKind::Person {
                "person"
            } else {
                "organization"
            };
            let id = entity_id(if kind == "person" { "person" } else { "org" }, &text);
            let entity = self
                .entities
                .entry(id.clone())
                .or_insert_with(|| EntityRow {
                    id: id.clone(),
                    name: text.clone(),
                    kind: kind.to_string(),
                    country: None,
                    code: None,
                    mentions: 0,
                    n_documents: 0,
                    aliases: vec![text.clone()],
                    roles: if kind == "person" {
                        vec![EntityRoleRow {
                            title: "Councillor".to_string(),
                            organization: Some("River Council".to_string()),
                            country: None,
                            as_of: doc.meta.published.map(|d| d.to_string()),
                            doc: Some(doc.id.to_string()),
                            former: false,
                            source: "text".to_string(),
                            code: None,
                        }]
                    } else {
                        Vec::new()
                    },
                    record: "{}".to_string(),
                });
            entity.mentions += 1;
            self.docs_of
                .entry(id.clone())
                .or_default()
                .insert(doc.id.to_string());
            self.links.push(MentionEntityRow {
                doc: doc.id.to_string(),
                mention: Some(idx as u32),
                entity: id.clone(),
                text,
                start: mention.span.start,
                end: mention.span.end,
            });
            ids.push(id);
        }
        for (s, sentence) in doc.sentences.iter().enumerate().step_by(2) {
            let (Some(person), Some(org), Some(time)) =
                (ids.get(2 * s), ids.get(2 * s + 1), doc.times.get(s))
            else {
                continue;
            };
            let date = time.value.clone().unwrap_or_default();
            let label = format!(
                "{} meets {}",
                doc.slice(doc.mentions[2 * s].span),
                doc.slice(doc.mentions[2 * s + 1].span)
            );
            let event = self
                .events
                .entry((date, person.clone(), org.clone()))
                .or_insert_with(|| (label, BTreeSet::new(), Vec::new()));
            event.1.insert(outlet.clone());
            event.2.push((
                doc.id.to_string(),
                s as u32,
                sentence.span.start,
                sentence.span.end,
            ));
        }
    }

    fn store(self, store: &mut Store) -> Result<(usize, usize), Box<dyn std::error::Error>> {
        let mut entities: Vec<EntityRow> = self.entities.into_values().collect();
        for entity in &mut entities {
            entity.n_documents = self.docs_of.get(&entity.id).map_or(0, |d| d.len() as u64);
        }
        store.replace_entities(&entities, &self.links, &[])?;
        let mut rows = Vec::with_capacity(self.events.len());
        for ((date, person, org), (label, outlets, evidence)) in self.events {
            let record = serde_json::json!({
                "actors": [{"entity": person, "name": label.split(" meets ").next().unwrap_or("")}],
                "recipients": [{"entity": org, "name": label.split(" meets ").nth(1).unwrap_or("")}],
                "outlet_names": outlets,
                "date_conflicts": [],
            });
            rows.push(TimelineRow {
                id: format!("{date}/{person}/{org}"),
                date: Some(date),
                cameo: "036".to_string(),
                plover: if org.ends_with("bank") {
                    "AID"
                } else {
                    "CONSULT"
                }
                .to_string(),
                modality: "asserted".to_string(),
                label,
                outlets: outlets.len() as u32,
                record: record.to_string(),
                evidence,
            });
        }
        store.replace_timeline(&rows)?;
        Ok((entities.len(), rows.len()))
    }
}

fn build(db: &std::path::Path, n_docs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open(db)?;
    let mut rng = Rng(7);
    let started = Instant::now();
    let mut batch = Vec::with_capacity(500);
    let mut derived = Derived::default();
    for idx in 0..n_docs {
        let doc = article(idx, &mut rng);
        derived.add(&doc);
        batch.push(doc);
        if batch.len() == 500 {
            store.insert_docs(&batch)?;
            batch.clear();
        }
    }
    store.insert_docs(&batch)?;
    let (n_entities, n_events) = derived.store(&mut store)?;
    eprintln!("{n_entities} entities, {n_events} merged events");
    store.optimize()?;
    eprintln!(
        "built {n_docs} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One HTTP/1.1 GET over a fresh connection; returns the status code.
async fn http_get(addr: std::net::SocketAddr, path: &str) -> std::io::Result<u16> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let head = String::from_utf8_lossy(response.get(..12).unwrap_or(&[]));
    Ok(head
        .get(9..12)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n_docs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let db = args.next().map(PathBuf::from).unwrap_or_else(|| {
        std::env::temp_dir().join(format!("dossier-web-bench-linked-{n_docs}.db"))
    });
    if !db.exists() {
        let (db, n) = (db.clone(), n_docs);
        tokio::task::spawn_blocking(move || build(&db, n).map_err(|e| e.to_string())).await??;
    }
    let started = Instant::now();
    let app = dossier_web::router(db.clone())?;
    println!(
        "router ready (listening possible) in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    {
        let store = Store::open_read_only(&db)?;
        let index = dossier_web::index::Index::build(&store)?;
        println!(
            "interaction index ({} entities, {} events) built in {:.2} s (on a background thread when serving)",
            index.entities.len(),
            index.events.len(),
            started.elapsed().as_secs_f64()
        );
    }

    // Full-text search on common words: the store's plain search (bm25 and a snippet for
    // every match) against search_ranked (rank first, snippets for the page only).
    {
        let store = Store::open_read_only(&db)?;
        let options = dossier_store::SearchOptions::default();
        let filtered = dossier_store::SearchOptions {
            outlet: Some("Coast Daily".to_string()),
            ..dossier_store::SearchOptions::default()
        };
        for (query, options) in [
            ("river", &options),
            ("the", &options),
            ("officials reporters", &options),
            ("river", &filtered),
            ("zephyr forest", &options),
        ] {
            let time = |f: &dyn Fn() -> Result<usize, dossier_store::StoreError>| {
                let mut times = Vec::new();
                let mut n = 0;
                for _ in 0..3 {
                    let t = Instant::now();
                    n = f().unwrap_or(0);
                    times.push(t.elapsed());
                }
                times.sort();
                (times[1].as_secs_f64() * 1000.0, n)
            };
            let (plain, n_plain) = time(&|| Ok(store.search(query, options)?.len()));
            let (ranked, n_ranked) = time(&|| Ok(store.search_ranked(query, options)?.len()));
            println!(
                "search {query:?}{}: search {plain:.1} ms ({n_plain} hits) → search_ranked {ranked:.1} ms ({n_ranked} hits)",
                if options.outlet.is_some() { " outlet=Coast Daily" } else { "" }
            );
        }
    }

    let doc_id = {
        let store = Store::open_read_only(&db)?;
        store
            .doc_ids()?
            .get(n_docs / 2)
            .cloned()
            .unwrap_or_default()
    };
    let pages = [
        "/".to_string(),
        "/documents".to_string(),
        "/documents?page=150".to_string(),
        format!("/doc/{doc_id}"),
        format!("/api/doc/{doc_id}"),
        "/search?q=river".to_string(),
        "/search?q=zephyr+forest".to_string(),
        "/search?q=%22Stone+Bank%22&from=2019-01-01&to=2019-12-31".to_string(),
        "/search?q=%22works+on+the+river%22&outlet=Coast+Daily".to_string(),
        "/search?q=officials&actor=person%3Aana-alder".to_string(),
        "/search?q=the".to_string(),
        "/search?q=the&page=20".to_string(),
        "/search?q=reporters&outlet=Coast+Daily".to_string(),
        "/actors".to_string(),
        "/actors?kind=person&page=3".to_string(),
        "/actors?name=alder".to_string(),
        "/actor?id=person%3Aana-alder".to_string(),
        "/actor?id=org%3Ariver-council".to_string(),
        "/timeline".to_string(),
        "/timeline?period=2019".to_string(),
        "/timeline?period=2019-05&page=2".to_string(),
        "/timeline?min_outlets=2".to_string(),
        "/timeline?category=AID&period=2020".to_string(),
        "/api/timeline?period=2019-05-12".to_string(),
        "/network".to_string(),
        "/network?category=AID&from=2019-01-01&to=2019-12-31".to_string(),
        "/api/network?kind=person&limit=200".to_string(),
    ];
    let mut worst = Duration::ZERO;
    for path in &pages {
        let mut times = Vec::new();
        let mut status = 0;
        for _ in 0..5 {
            let request = Request::builder().uri(path.as_str()).body(Body::empty())?;
            let t = Instant::now();
            let response = app.clone().oneshot(request).await?;
            status = response.status().as_u16();
            let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            times.push(t.elapsed());
        }
        times.sort();
        let median = times[2];
        worst = worst.max(median);
        println!(
            "{status} {:>8.1} ms (median of 5)  {path}",
            median.as_secs_f64() * 1000.0
        );
    }
    println!(
        "slowest page median: {:.1} ms",
        worst.as_secs_f64() * 1000.0
    );

    // Bounded load test: 200 requests at once against a real server on loopback.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    let started = Instant::now();
    let mut tasks = Vec::new();
    for idx in 0..200 {
        let path = pages[idx % pages.len()].clone();
        tasks.push(tokio::spawn(async move { http_get(addr, &path).await }));
    }
    let (mut ok, mut errors) = (0, 0);
    for task in tasks {
        match task.await {
            Ok(Ok(200)) => ok += 1,
            other => {
                errors += 1;
                eprintln!("failed: {other:?}");
            }
        }
    }
    println!(
        "200 concurrent requests: {ok} ok, {errors} errors, {:.2} s wall",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
