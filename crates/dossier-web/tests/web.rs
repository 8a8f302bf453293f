//! End-to-end tests of the router on a small database built in a temp dir: pages, their
//! JSON counterparts, escaping of article text, security headers and bad parameters.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dossier_core::{
    Anchor, CharSpan, Doc, EntityKind, Mention, Meta, Quote, QuoteKind, Removed, RemovedReason,
    Sentence, Speaker, TimeExpr, TimexType,
};
use dossier_store::{EntityRoleRow, EntityRow, MentionEntityRow, Store, TimelineRow};
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
    let (entities, links) = linked_entities(&first, &second);
    store
        .insert_docs(&[first, second, hostile])
        .unwrap_or_else(|err| panic!("insert: {err}"));
    store
        .replace_entities(&entities, &links, &[])
        .unwrap_or_else(|err| panic!("entities: {err}"));
    store
        .replace_timeline(&merged_timeline(&ids))
        .unwrap_or_else(|err| panic!("timeline: {err}"));
    drop(store);
    (dir, db, ids)
}

/// What the link stage would store for the fixture: Ana Novak (with a dated role), the Port
/// Authority and Linden, each mention linked.
fn linked_entities(first: &Doc, second: &Doc) -> (Vec<EntityRow>, Vec<MentionEntityRow>) {
    let entity =
        |id: &str, name: &str, kind: &str, aliases: &[&str], mentions: u64, docs: u64| EntityRow {
            id: id.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            country: None,
            code: None,
            mentions,
            n_documents: docs,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            roles: Vec::new(),
            record: "{}".to_string(),
        };
    let mut ana = entity(
        "person:ana-novak",
        "Ana Novak",
        "person",
        &["Ana Novak", "Novak"],
        3,
        2,
    );
    ana.roles.push(EntityRoleRow {
        title: "Mayor".to_string(),
        organization: None,
        country: None,
        as_of: Some("2024-03-05".to_string()),
        doc: Some(first.id.to_string()),
        former: false,
        source: "text".to_string(),
        code: None,
    });
    let entities = vec![
        ana,
        entity(
            "org:port-authority",
            "Port Authority",
            "organization",
            &["Port Authority"],
            2,
            2,
        ),
        entity("place:linden", "Linden", "location", &["Linden"], 1, 1),
    ];
    let link = |doc: &Doc, mention: usize, entity: &str| {
        let span = doc.mentions[mention].span;
        MentionEntityRow {
            doc: doc.id.to_string(),
            mention: Some(mention as u32),
            entity: entity.to_string(),
            text: doc.slice(span).to_string(),
            start: span.start,
            end: span.end,
        }
    };
    let links = vec![
        link(first, 0, "person:ana-novak"),
        link(first, 1, "person:ana-novak"),
        link(first, 2, "place:linden"),
        link(first, 3, "org:port-authority"),
        link(second, 0, "org:port-authority"),
        link(second, 1, "person:ana-novak"),
    ];
    (entities, links)
}

/// Two merged events: one told by both outlets (with a date they disagree on), one by one.
fn merged_timeline(ids: &[String]) -> Vec<TimelineRow> {
    vec![
        TimelineRow {
            id: "ev-opening".to_string(),
            date: Some("2024-03-04".to_string()),
            cameo: "040".to_string(),
            plover: "CONSULT".to_string(),
            modality: "negated".to_string(),
            label: "Ana Novak: consult <b>crowd</b>".to_string(),
            outlets: 2,
            record: format!(
                r#"{{"actors":[{{"entity":"person:ana-novak","name":"Ana Novak"}}],
                    "recipients":[{{"entity":"org:port-authority","name":"Port Authority"}}],
                    "date_conflicts":[{{"date":"2024-03-04","doc":"{0}","outlet":"Harbour Gazette"}},
                                      {{"date":"2024-03-05","doc":"{1}","outlet":"Coast Daily"}}],
                    "outlet_names":["Coast Daily","Harbour Gazette"]}}"#,
                ids[0], ids[1]
            ),
            evidence: vec![(ids[0].clone(), 1, 58, 112), (ids[1].clone(), 1, 60, 91)],
        },
        TimelineRow {
            id: "ev-criticism".to_string(),
            date: Some("2024-05".to_string()),
            cameo: "111".to_string(),
            plover: "DISAPPROVE".to_string(),
            modality: "asserted".to_string(),
            label: "Ana Novak criticised the Port Authority".to_string(),
            outlets: 1,
            // No entity ids: the index resolves the names through the aliases.
            record: r#"{"actors":[{"name":"Novak"}],"recipients":[{"name":"Port Authority"}]}"#
                .to_string(),
            evidence: vec![(ids[1].clone(), 1, 60, 91)],
        },
    ]
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
        body.contains("class=\"ent ent-person\" href=\"/actor?id=person%3Aana-novak\""),
        "{body}"
    );
    assert!(body.contains("<mark class=\"timex\" title=\"TIMEX3 2024-03-04\">4 March 2024"));
    assert!(body.contains("class=\"quote q-direct\""));
    assert!(body.contains("<details class=\"removed\"><summary>removed: share</summary>"));
    let (status, json, _) = get(&db, &format!("/api/doc/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["doc"]["meta"]["outlet"], "Harbour Gazette");
    assert_eq!(value["mention_actors"][1], "person:ana-novak");
    assert_eq!(value["events"][0]["id"], "ev-opening", "{json}");
    assert!(
        body.contains("<h2>Events</h2>") && body.contains(">2 outlets</a>"),
        "{body}"
    );
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
        "/api/search?q=delay*&actor=person%3Aana-novak&outlet=Coast%20Daily",
    )
    .await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["hits"].as_array().map(Vec::len), Some(2), "{json}");
    let (_, json, _) = get(&db, "/api/search?q=delay*&actor=place%3Alinden").await;
    assert!(json.contains("\"hits\":[]"), "{json}");
    let (_, json, _) = get(&db, "/api/search?q=delay*&from=2025-01-01").await;
    assert!(json.contains("\"hits\":[]"), "{json}");
}

#[tokio::test]
async fn actors_are_the_linked_entities() {
    let (_dir, db, ids) = fixture();
    let (status, json, _) = get(&db, "/api/actors?kind=person").await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["actors"][0]["id"], "person:ana-novak", "{json}");
    assert_eq!(value["actors"][0]["n_documents"], 2);
    assert_eq!(value["actors"][0]["quotes"], 1);
    let (_, json, _) = get(&db, "/api/actors?name=novak").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["total"], 1, "{json}");

    let (status, json, _) = get(&db, "/api/actor?id=person%3Aana-novak").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["aliases"], serde_json::json!(["Ana Novak", "Novak"]));
    assert_eq!(value["roles"][0]["title"], "Mayor");
    assert_eq!(value["roles"][0]["as_of"], "2024-03-05");
    assert_eq!(value["roles"][0]["evidence"]["doc"], ids[0].as_str());
    assert_eq!(
        value["events_total"], 2,
        "both events, one named by alias only"
    );
    assert_eq!(value["counterparts"][0]["id"], "org:port-authority");
    assert_eq!(value["counterparts"][0]["shared"], 2);
    assert_eq!(value["documents_total"], 2);

    let (status, body, _) = get(&db, "/actor?id=person%3Aana-novak").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("the river no longer divides us"), "{body}");
    assert!(body.contains("<strong>Mayor</strong>"));
    assert!(
        body.contains(&format!(
            "class=\"role-source\" href=\"/doc/{}#s0\"",
            ids[0]
        )),
        "{body}"
    );
    assert!(body.contains("Port Authority"));
    assert!(body.contains("data-plover=\"DISAPPROVE\""));
    assert!(body.contains(&format!("/doc/{}#s0", ids[0])));
    let (status, _, _) = get(&db, "/actor?id=person%3Anobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn timeline_is_the_merged_timeline_zooming_from_years_to_days() {
    let (_dir, db, ids) = fixture();
    let (_, json, _) = get(&db, "/api/timeline").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["zoom"], "year");
    assert_eq!(value["buckets"][0]["period"], "2024", "{json}");
    assert_eq!(value["buckets"][0]["events"], 2);
    assert_eq!(value["buckets"][0]["reports"], 3);
    assert_eq!(value["total"], 2);
    assert_eq!(value["events"][0]["outlets"], 2);
    assert_eq!(
        value["events"][0]["evidence"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        value["events"][0]["date_conflicts"][1]["date"],
        "2024-03-05"
    );
    let (_, json, _) = get(&db, "/api/timeline?period=2024").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["zoom"], "month");
    assert_eq!(value["buckets"][0]["period"], "2024-03");
    assert_eq!(value["buckets"][1]["period"], "2024-05");
    let (_, json, _) = get(&db, "/api/timeline?period=2024-03").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["zoom"], "day");
    assert_eq!(value["buckets"][0]["period"], "2024-03-04");
    assert_eq!(value["total"], 1);
    let (_, json, _) = get(&db, "/api/timeline?category=disapprove").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["total"], 1, "{json}");
    let (_, json, _) = get(&db, "/api/timeline?min_outlets=2&modality=negated").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["total"], 1, "{json}");

    let (status, body, _) = get(&db, "/timeline?period=2024-03").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(&format!("class=\"item-link\" href=\"/doc/{}#s1\"", ids[0])),
        "{body}"
    );
    assert!(body.contains(&format!("href=\"/doc/{}#s1\"", ids[1])));
    assert!(body.contains("data-plover=\"CONSULT\""));
    assert!(body.contains("consult &lt;b&gt;crowd&lt;/b&gt;"));
    assert!(body.contains("<span class=\"modality\">negated</span>"));
    assert!(body.contains(">2 outlets</span>"));
    assert!(body.contains("dates differ: 2024-03-04 (Harbour Gazette); 2024-03-05 (Coast Daily)"));
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_message() {
    let (_dir, db, _) = fixture();
    for uri in [
        "/search?q=x&page=abc",
        "/search?q=x&page=0",
        "/search?q=x&per_page=100000",
        "/search?q=x&from=2024-13-01",
        "/api/search?q=x&actor=person%3Anobody",
        "/documents?bogus=1",
        "/documents?to=yesterday",
        "/timeline?period=2024-13",
        "/timeline?period=%3Cscript%3E",
        "/timeline?category=%3Cscript%3E",
        "/timeline?modality=maybe",
        "/timeline?min_outlets=0",
        "/timeline?kind=event",
        "/api/actors?kind=robot",
        "/api/actor",
        "/api/actor?id=x&page=-1",
        "/network?from=soon",
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
    let (_, json, _) = get(&db, "/api/timeline?per_page=1&page=2").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["events"][0]["id"], "ev-criticism", "{json}");
    assert_eq!(value["has_next"], false);
    let (status, body, _) = get(&db, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ana Novak"));
    assert!(body.contains("2 timeline events"), "{body}");
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
    let (status, body, _) = get(&db, "/network").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[test]
fn report_is_self_contained_and_escaped() {
    let (dir, db, _) = fixture();
    let out = dir.path().join("report.html");
    let summary =
        dossier_web::write_report(&db, &out).unwrap_or_else(|err| panic!("report: {err}"));
    assert_eq!(summary.documents, 3);
    assert_eq!(summary.actors, 3);
    assert_eq!(summary.timeline_items, 2);
    assert_eq!(summary.quotes, 1);
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("consult &lt;b&gt;crowd&lt;/b&gt;"));
    assert!(html.contains(">2 outlets</span>"));
    assert!(html.contains("Mayor"));
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
async fn network_edges_are_event_interactions() {
    let (_dir, db, _) = fixture();
    let (status, json, _) = get(&db, "/api/network").await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(value["edges"].as_array().map(Vec::len), Some(1), "{json}");
    let source = value["edges"][0]["source"].as_u64().unwrap_or(9) as usize;
    let target = value["edges"][0]["target"].as_u64().unwrap_or(9) as usize;
    assert_eq!(value["nodes"][source]["id"], "person:ana-novak");
    assert_eq!(value["nodes"][target]["id"], "org:port-authority");
    assert_eq!(
        value["edges"][0]["weight"], 2,
        "two events: Ana Novak → the Port Authority"
    );
    let (_, json, _) = get(&db, "/api/network?category=CONSULT").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["edges"][0]["weight"], 1, "{json}");
    let (_, json, _) = get(&db, "/api/network?from=2024-04-01").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["edges"][0]["weight"], 1, "{json}");
    let (_, json, _) = get(&db, "/api/network?kind=person").await;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(0), "{json}");
    let (status, body, _) = get(&db, "/network").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<svg class=\"network\""));
    assert!(
        body.contains("Ana Novak → Port Authority: 2 events"),
        "{body}"
    );
    let (status, _, _) = get(&db, "/network?limit=1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
