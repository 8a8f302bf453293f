//! End-to-end tests of the router on a small database built in a temp dir: pages, their
//! JSON counterparts, escaping of article text, security headers and bad parameters.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dossier_core::{
    Anchor, CharSpan, Doc, EntityKind, Mention, Meta, Quote, QuoteKind, Removed, RemovedReason,
    Sentence, Speaker, TimeExpr, TimexType,
};
use dossier_store::Store;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The code-point span of the first `needle` in `doc`.
fn span_of(doc: &Doc, needle: &str) -> CharSpan {
    let byte = doc.text.find(needle).unwrap_or(0);
    let start = doc.text.get(..byte).unwrap_or("").chars().count() as u32;
    CharSpan::new(start, start + needle.chars().count() as u32)
}

/// A doc whose sentences end at ". ", with the given mentions and dated expressions.
fn doc(
    title: &str,
    outlet: &str,
    published: &str,
    text: &str,
    mentions: &[(&str, EntityKind)],
    times: &[(&str, &str)],
) -> Doc {
    let meta = Meta {
        title: Some(title.to_string()),
        outlet: Some(outlet.to_string()),
        published: chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
        source_path: format!("{outlet}.txt"),
        ..Meta::default()
    };
    let mut doc = Doc::new(meta, text.to_string());
    let mut start = 0u32;
    let chars: Vec<char> = text.chars().collect();
    for (idx, c) in chars.iter().enumerate() {
        let next = chars.get(idx + 1).copied();
        if *c == '.' && next.is_none_or(char::is_whitespace) {
            let end = idx as u32 + 1;
            doc.sentences.push(Sentence {
                span: CharSpan::new(start, end),
                paragraph: doc.paragraph_at(start).unwrap_or(0) as u32,
                ..Sentence::default()
            });
            start = end + 1;
            while chars.get(start as usize).is_some_and(|c| c.is_whitespace()) {
                start += 1;
            }
        }
    }
    for (needle, kind) in mentions {
        let span = span_of(&doc, needle);
        doc.mentions.push(Mention {
            span,
            token_start: 0,
            token_end: 0,
            kind: *kind,
            entity: None,
        });
    }
    for (needle, value) in times {
        let span = span_of(&doc, needle);
        let sentence = doc.sentence_at(span.start).unwrap_or(0) as u32;
        doc.times.push(TimeExpr {
            span,
            timex_type: TimexType::Date,
            value: Some(value.to_string()),
            anchor: Some(Anchor::Absolute),
            sentence,
        });
    }
    doc
}

/// A database of three invented articles, one of them carrying markup.
fn fixture() -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("temp dir: {err}"));
    let db = dir.path().join("web.db");
    let mut first = doc(
        "Mayor Novak opens the river bridge",
        "Harbour Gazette",
        "2024-03-05",
        "Mayor Ana Novak opened the Linden bridge on 4 March 2024. Novak said \"the river no longer divides us\" to the crowd.\n\nThe Port Authority paid half of the cost.",
        &[("Ana Novak", EntityKind::Person), ("Novak", EntityKind::Person), ("Linden", EntityKind::Location), ("Port Authority", EntityKind::Organization)],
        &[("4 March 2024", "2024-03-04")],
    );
    // "Novak" appears first inside "Ana Novak"; point the surname mention at the second one.
    let second_novak = first
        .text
        .match_indices("Novak")
        .nth(1)
        .map(|(b, _)| b)
        .unwrap_or(0);
    let start = first.text.get(..second_novak).unwrap_or("").chars().count() as u32;
    if let Some(mention) = first.mentions.get_mut(1) {
        mention.span = CharSpan::new(start, start + 5);
    }
    let quote_span = span_of(&first, "the river no longer divides us");
    first.quotes.push(Quote {
        span: quote_span,
        kind: QuoteKind::Direct,
        speaker: Some(Speaker {
            name: "Ana Novak".to_string(),
            span: None,
            mention: Some(1),
        }),
        cue: None,
        sentence: 1,
    });
    first.removed.push(Removed {
        text: "Share this story".to_string(),
        reason: RemovedReason::Share,
        at: 0,
    });
    let second = doc(
        "Port Authority delays the ferry tender",
        "Coast Daily",
        "2024-04-10",
        "The Port Authority delayed the ferry tender until May 2024. Ana Novak criticised the delay.",
        &[("Port Authority", EntityKind::Organization), ("Ana Novak", EntityKind::Person)],
        &[("May 2024", "2024-05")],
    );
    let hostile = doc(
        "<script>alert(1)</script> headline",
        "Coast Daily",
        "2023-12-01",
        "An article quoting <script>alert(1)</script> and <img src=x onerror=alert(2)> as text.",
        &[],
        &[],
    );
    let ids = vec![
        first.id.to_string(),
        second.id.to_string(),
        hostile.id.to_string(),
    ];
    let mut store = Store::open(&db).unwrap_or_else(|err| panic!("open: {err}"));
    store
        .insert_docs(&[first, second, hostile])
        .unwrap_or_else(|err| panic!("insert: {err}"));
    drop(store);
    (dir, db, ids)
}

async fn get(db: &std::path::Path, uri: &str) -> (StatusCode, String, String) {
    let app = dossier_web::router(db.to_path_buf()).unwrap_or_else(|err| panic!("router: {err}"));
    let request = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .unwrap_or_else(|err| panic!("request: {err}"));
    let response = app
        .oneshot(request)
        .await
        .unwrap_or_else(|err| match err {});
    let status = response.status();
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes).into_owned(), csp)
}

#[tokio::test]
async fn document_page_escapes_article_markup() {
    let (_dir, db, ids) = fixture();
    let (status, body, csp) = get(&db, &format!("/doc/{}", ids[2])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(body.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!body.contains("<script>alert"));
    assert!(!body.contains("<img"));
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
}

#[tokio::test]
async fn document_page_highlights_layers() {
    let (_dir, db, ids) = fixture();
    let (status, body, _) = get(&db, &format!("/doc/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("id=\"s1\""));
    assert!(
        body.contains("class=\"ent ent-person\" href=\"/actor?key=person%2Fana%20novak\""),
        "{body}"
    );
    assert!(body.contains("<mark class=\"timex\" title=\"TIMEX3 2024-03-04\">4 March 2024"));
    assert!(body.contains("class=\"quote q-direct\""));
    assert!(body.contains("<details class=\"removed\"><summary>removed: share</summary>"));
    let (status, json, _) = get(&db, &format!("/api/doc/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["doc"]["meta"]["outlet"], "Harbour Gazette");
    assert_eq!(value["mention_actors"][1], "person/ana novak");
}

#[tokio::test]
async fn search_highlights_and_filters() {
    let (_dir, db, _) = fixture();
    let (status, body, _) = get(&db, "/search?q=ferry").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<mark>ferry</mark>"), "{body}");
    let (_, json, _) = get(&db, "/api/search?q=script").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["hits"].as_array().map(Vec::len), Some(1));
    assert!(value["hits"][0]["snippet"]
        .as_str()
        .unwrap_or("")
        .contains("[script]"));
    let (_, json, _) = get(
        &db,
        "/api/search?q=delay*&actor=person%2Fana%20novak&outlet=Coast%20Daily",
    )
    .await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["hits"].as_array().map(Vec::len), Some(2), "{json}");
    let (_, json, _) = get(&db, "/api/search?q=delay*&from=2025-01-01").await;
    assert!(json.contains("\"hits\":[]"), "{json}");
}

#[tokio::test]
async fn actors_group_across_documents() {
    let (_dir, db, ids) = fixture();
    let (status, json, _) = get(&db, "/api/actors?kind=person").await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["actors"][0]["name"], "Ana Novak");
    assert_eq!(value["actors"][0]["documents"], 2);
    assert_eq!(value["actors"][0]["mentions"], 3);
    let (status, body, _) = get(&db, "/actor?key=person%2Fana%20novak").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("the river no longer divides us"));
    assert!(body.contains("Port Authority"));
    assert!(body.contains(&format!("/doc/{}#s0", ids[0])));
    let (status, _, _) = get(&db, "/actor?key=person%2Fnobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn timeline_zooms_from_years_to_days() {
    let (_dir, db, ids) = fixture();
    let (_, json, _) = get(&db, "/api/timeline").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["zoom"], "year");
    assert_eq!(value["buckets"][0]["period"], "2023");
    assert_eq!(value["buckets"][1]["period"], "2024");
    assert_eq!(value["total"], 5);
    let (_, json, _) = get(&db, "/api/timeline?period=2024&kind=time_expression").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["zoom"], "month");
    assert_eq!(value["buckets"][0]["period"], "2024-03");
    assert_eq!(value["buckets"][1]["period"], "2024-05");
    let (status, body, _) = get(&db, "/timeline?period=2024-03").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(&format!("href=\"/doc/{}#s0\"", ids[0])),
        "{body}"
    );
    assert!(body.contains("Events are not in the database yet"));
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_message() {
    let (_dir, db, _) = fixture();
    for uri in [
        "/search?q=x&page=abc",
        "/search?q=x&page=0",
        "/search?q=x&per_page=100000",
        "/search?q=x&from=2024-13-01",
        "/api/search?q=x&actor=person%2Fnobody",
        "/documents?bogus=1",
        "/documents?to=yesterday",
        "/timeline?period=2024-13",
        "/timeline?period=%3Cscript%3E",
        "/api/actors?kind=robot",
        "/api/actor",
        "/doc/..%2F..%2Fetc",
    ] {
        let (status, body, _) = get(&db, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(!body.contains("<script>"), "{uri}: {body}");
    }
    let (status, json, _) = get(&db, "/api/documents?page=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        json.contains("\"error\":\"parameter \\\"page\\\" must be a whole number"),
        "{json}"
    );
    let (status, _, _) = get(&db, "/doc/0000000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, csp) = get(&db, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!csp.is_empty());
}

#[tokio::test]
async fn lists_page_and_filter() {
    let (_dir, db, _) = fixture();
    let (_, json, _) = get(&db, "/api/documents?per_page=2").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["documents"].as_array().map(Vec::len), Some(2));
    assert_eq!(value["has_next"], true);
    let (_, json, _) = get(&db, "/api/documents?per_page=2&page=2").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(value["has_next"], false);
    let (_, body, _) = get(&db, "/documents?outlet=coast%20daily").await;
    assert!(
        body.contains("ferry tender") && !body.contains("river bridge"),
        "{body}"
    );
    let (status, body, _) = get(&db, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ana Novak"));
    let (status, css, _) = get(&db, "/static/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains(".sent:target"));
}

#[tokio::test]
async fn serves_a_read_only_file() {
    let (_dir, db, _) = fixture();
    let mut permissions = std::fs::metadata(&db)
        .map(|m| m.permissions())
        .unwrap_or_else(|err| panic!("{err}"));
    permissions.set_readonly(true);
    std::fs::set_permissions(&db, permissions).unwrap_or_else(|err| panic!("{err}"));
    let (status, body, _) = get(&db, "/documents").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[test]
fn report_is_self_contained_and_escaped() {
    let (dir, db, _) = fixture();
    let out = dir.path().join("report.html");
    let summary =
        dossier_web::write_report(&db, &out).unwrap_or_else(|err| panic!("report: {err}"));
    assert_eq!(summary.documents, 3);
    assert!(summary.actors >= 3);
    assert_eq!(summary.timeline_items, 2);
    assert_eq!(summary.quotes, 1);
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="), "no element loads anything");
    let without_svg_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_svg_namespace.contains("http://") && !without_svg_namespace.contains("https://")
    );
    assert!(html.contains("default-src 'none'"));
}

#[tokio::test]
async fn network_links_co_mentioned_actors() {
    let (_dir, db, _) = fixture();
    let (status, json, _) = get(&db, "/api/network").await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(3), "{json}");
    assert_eq!(
        value["edges"][0]["weight"], 2,
        "Ana Novak and the Port Authority share two documents"
    );
    let (_, json, _) = get(&db, "/api/network?from=2024-04-01&kind=person").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(1), "{json}");
    let (status, body, _) = get(&db, "/network").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<svg class=\"network\""));
    let (status, _, _) = get(&db, "/network?limit=1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn parallel_and_sequential_indexes_agree() {
    let (_dir, db, _) = fixture();
    let store = Store::open_read_only(&db).unwrap_or_else(|err| panic!("{err}"));
    let sequential =
        dossier_web::corpus::Corpus::build(&store).unwrap_or_else(|err| panic!("{err}"));
    let parallel = dossier_web::corpus::Corpus::load(&db).unwrap_or_else(|err| panic!("{err}"));
    let keys = |corpus: &dossier_web::corpus::Corpus| {
        corpus
            .actors
            .iter()
            .map(|a| (a.key.clone(), a.n_mentions, a.docs.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&sequential), keys(&parallel));
    let dates = |corpus: &dossier_web::corpus::Corpus| {
        corpus
            .timeline
            .iter()
            .map(|i| (i.date.clone(), i.doc, i.sentence))
            .collect::<Vec<_>>()
    };
    assert_eq!(dates(&sequential), dates(&parallel));
    assert_eq!(parallel.docs.len(), 3);
}

#[tokio::test]
async fn stored_events_join_the_timeline() {
    let (_dir, db, ids) = fixture();
    let mut store = Store::open(&db).unwrap_or_else(|err| panic!("{err}"));
    let event = dossier_store::EventRow {
        doc: ids[0].clone(),
        idx: 0,
        sentence: 1,
        date: Some("2024-03-04".to_string()),
        cameo: "040".to_string(),
        plover: "CONSULT".to_string(),
        modality: "negated".to_string(),
        label: "Ana Novak: consult <b>crowd</b>".to_string(),
        record: r#"{"actors": [{"name": "Ana Novak"}], "recipients": [{"name": "Linden"}]}"#
            .to_string(),
    };
    store
        .insert_docs_with_events(&[], &[event])
        .unwrap_or_else(|err| panic!("{err}"));
    drop(store);
    let (_, json, _) = get(&db, "/api/timeline?kind=event").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["total"], 1, "{json}");
    assert_eq!(value["items"][0]["category"], "CONSULT");
    assert_eq!(value["items"][0]["modality"], "negated");
    let (_, body, _) = get(&db, "/timeline?period=2024-03").await;
    assert!(body.contains("data-plover=\"CONSULT\""), "{body}");
    assert!(body.contains("consult &lt;b&gt;crowd&lt;/b&gt;"));
    assert!(body.contains("<span class=\"modality\">negated</span>"));
    assert!(body.contains(&format!("href=\"/doc/{}#s1\"", ids[0])));
    let (_, json, _) = get(&db, "/api/actor?key=location%2Flinden").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["events"][0]["category"], "CONSULT", "{json}");
    let (_, body, _) = get(&db, "/actor?key=person%2Fana%20novak").await;
    assert!(
        body.contains("<h2>Events</h2>") && body.contains("data-plover=\"CONSULT\""),
        "{body}"
    );
}
