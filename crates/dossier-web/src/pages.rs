//! The routes: one handler per page, each computing a serialisable answer once and
//! rendering it either as HTML (`/x`) or as JSON (`/api/x`).

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashSet;

use dossier_core::{Doc, EntityKind};
use dossier_store::{
    Counts, DocFilter, DocSummary, EntityDocRow, EntitySummary, EvidenceRef, PeriodCount, QuoteRow,
    SearchHit, SearchOptions, Store, TimelineEntry, TimelineQuery,
};
use serde::Serialize;

use crate::html::Html;
use crate::index::{entity_kind, CountClaim, DateClaim, Participant, Place, RecordView};
use crate::params::{Paging, Params};
use crate::render::{self, kind_class, page, pager, truncate, Query, Section};
use crate::{AppState, WebError};

/// The app's stylesheet, compiled into the binary.
pub(crate) const APP_CSS: &str = include_str!("../assets/app.css");
/// The app's script, compiled into the binary.
pub(crate) const APP_JS: &str = include_str!("../assets/app.js");

/// Allows the app's own stylesheet and script only: no inline script, no other origin.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Marks around matched terms in search snippets; private-use characters never occur in
/// articles' meaning, so they can be told apart from the text after escaping.
const HIT_OPEN: &str = "\u{E000}";
const HIT_CLOSE: &str = "\u{E001}";

/// HTML or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Html,
    Json,
}

/// Every route of the app.
pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/", get(|s: State<AppState>| home(s, Format::Html)))
        .route("/api", get(|s: State<AppState>| home(s, Format::Json)))
        .route(
            "/documents",
            get(|s: State<AppState>, q: RawQuery| documents(s, q, Format::Html)),
        )
        .route(
            "/api/documents",
            get(|s: State<AppState>, q: RawQuery| documents(s, q, Format::Json)),
        )
        .route(
            "/doc/{id}",
            get(|s: State<AppState>, p: Path<String>| document(s, p, Format::Html)),
        )
        .route(
            "/api/doc/{id}",
            get(|s: State<AppState>, p: Path<String>| document(s, p, Format::Json)),
        )
        .route(
            "/search",
            get(|s: State<AppState>, q: RawQuery| search(s, q, Format::Html)),
        )
        .route(
            "/api/search",
            get(|s: State<AppState>, q: RawQuery| search(s, q, Format::Json)),
        )
        .route(
            "/actors",
            get(|s: State<AppState>, q: RawQuery| actors(s, q, Format::Html)),
        )
        .route(
            "/api/actors",
            get(|s: State<AppState>, q: RawQuery| actors(s, q, Format::Json)),
        )
        .route(
            "/actor",
            get(|s: State<AppState>, q: RawQuery| actor(s, q, Format::Html)),
        )
        .route(
            "/api/actor",
            get(|s: State<AppState>, q: RawQuery| actor(s, q, Format::Json)),
        )
        .route(
            "/timeline",
            get(|s: State<AppState>, q: RawQuery| timeline(s, q, Format::Html)),
        )
        .route(
            "/api/timeline",
            get(|s: State<AppState>, q: RawQuery| timeline(s, q, Format::Json)),
        )
        .route(
            "/network",
            get(|s: State<AppState>, q: RawQuery| network(s, q, Format::Html)),
        )
        .route(
            "/api/network",
            get(|s: State<AppState>, q: RawQuery| network(s, q, Format::Json)),
        )
        // Browsers ask for an icon on every site; answer "none" rather than a logged 404.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route(
            "/static/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .fallback(|| async {
            failure(WebError::NotFound("no such page".to_string()), Format::Html)
        })
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Adds the security headers to every response.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// An error as a response: 400/404 with the message, 500 for the rest (also logged).
fn failure(err: WebError, format: Format) -> Response {
    let status = match &err {
        WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
        WebError::NotFound(_) => StatusCode::NOT_FOUND,
        _ => {
            eprintln!("dossier serve: {err}");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let message = err.to_string();
    match format {
        Format::Json => json_response(
            status,
            &serde_json::json!({ "error": message, "status": status.as_u16() }),
        ),
        Format::Html => {
            let mut body = Html::new();
            body.raw("<h1>")
                .num(u64::from(status.as_u16()))
                .raw(" ")
                .text(status.canonical_reason().unwrap_or("error"))
                .raw("</h1><p class=\"error\">")
                .text(&message)
                .raw("</p>");
            html_response(status, page("error", Section::Home, &body))
        }
    }
}

fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(bytes),
        )
            .into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// Computes `D` on a blocking thread, then renders it as the format asks.
async fn answer<D, F>(
    state: &AppState,
    format: Format,
    compute: F,
    to_html: fn(&D) -> (String, Section, Html),
) -> Response
where
    D: Serialize + Send + 'static,
    F: FnOnce(&Store, &AppState) -> Result<D, WebError> + Send + 'static,
{
    match state.with_store(compute).await {
        Ok(data) => match format {
            Format::Json => json_response(StatusCode::OK, &data),
            Format::Html => {
                let (title, section, body) = to_html(&data);
                html_response(StatusCode::OK, page(&title, section, &body))
            }
        },
        Err(err) => failure(err, format),
    }
}

/// Parses the query, or answers 400.
fn parse(raw: &RawQuery, allowed: &[&str]) -> Result<Params, WebError> {
    Params::parse(raw.0.as_deref(), allowed)
}

// ---------------------------------------------------------------------------------------
// Home

#[derive(Serialize)]
struct HomeData {
    counts: Counts,
    /// Linked entities.
    actors: u64,
    /// Merged timeline events.
    events: u64,
    top_actors: Vec<EntitySummary>,
    outlets: Vec<(String, u64)>,
    first_date: Option<String>,
    last_date: Option<String>,
    endpoints: &'static [&'static str],
}

async fn home(State(state): State<AppState>, format: Format) -> Response {
    answer(
        &state,
        format,
        |store, state| {
            let index = state.index()?;
            let (top_actors, actors) = store.entity_page(None, None, 15, 0)?;
            let (first_date, last_date) = index.extent();
            let (first_date, last_date) = (
                first_date.map(str::to_string),
                last_date.map(str::to_string),
            );
            Ok(HomeData {
                counts: index.counts,
                actors,
                events: index.events.len() as u64,
                top_actors,
                outlets: store.outlets()?,
                first_date,
                last_date,
                endpoints: &[
                    "/api/documents?outlet=&from=&to=&page=&per_page=",
                    "/api/doc/{id}",
                    "/api/search?q=&actor=&outlet=&from=&to=&page=&per_page=",
                    "/api/actors?kind=&name=&page=&per_page=",
                    "/api/actor?id=&page=",
                    "/api/timeline?period=&category=&modality=&min_outlets=&page=&per_page=",
                    "/api/network?category=&kind=&from=&to=&limit=",
                ],
            })
        },
        home_html,
    )
    .await
}

fn home_html(data: &HomeData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Dossier</h1><p class=\"lead\">")
        .num(data.counts.documents)
        .raw(" documents, ")
        .num(data.counts.sentences)
        .raw(" sentences, ")
        .num(data.counts.mentions)
        .raw(" entity mentions, ")
        .num(data.counts.times)
        .raw(" time expressions, ")
        .num(data.counts.quotes)
        .raw(" quotes, ")
        .num(data.actors)
        .raw(" linked actors, ")
        .num(data.events)
        .raw(" timeline events.");
    if let (Some(first), Some(last)) = (&data.first_date, &data.last_date) {
        html.raw(" Events from ")
            .text(first)
            .raw(" to ")
            .text(last)
            .raw(".");
    }
    html.raw(
        "</p><div class=\"cols\"><section><h2>Most mentioned actors</h2><ol class=\"actors\">",
    );
    for actor in &data.top_actors {
        actor_item(&mut html, actor);
    }
    html.raw("</ol></section><section><h2>Outlets</h2><ul>");
    for (outlet, n) in &data.outlets {
        html.raw("<li><a href=\"/documents?outlet=")
            .url(outlet)
            .raw("\">")
            .text(outlet)
            .raw("</a> <span class=\"count\">")
            .num(*n)
            .raw("</span></li>");
    }
    html.raw("</ul></section></div><p class=\"note\">Every page has a JSON counterpart under <code>/api/</code>, e.g. <a href=\"/api\">/api</a>.</p>");
    ("Overview".to_string(), Section::Home, html)
}

/// A link to an actor's page, styled by kind.
fn actor_anchor(html: &mut Html, id: &str, name: &str, kind: EntityKind) {
    html.raw("<a class=\"ent ")
        .raw(kind_class(kind))
        .raw("\" href=\"/actor?id=")
        .url(id)
        .raw("\">")
        .text(name)
        .raw("<span class=\"lbl\">")
        .raw(render::kind_label(kind))
        .raw("</span></a>");
}

fn actor_item(html: &mut Html, actor: &EntitySummary) {
    html.raw("<li>");
    actor_anchor(html, &actor.id, &actor.name, entity_kind(&actor.kind));
    html.raw(" <span class=\"count\">")
        .num(actor.mentions)
        .raw(" mentions in ")
        .num(actor.n_documents)
        .raw(" documents</span></li>");
}

// ---------------------------------------------------------------------------------------
// Documents

#[derive(Serialize)]
struct DocumentsData {
    page: u64,
    per_page: u64,
    has_next: bool,
    outlet: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    total: u64,
    documents: Vec<DocSummary>,
}

async fn documents(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["outlet", "from", "to", "page", "per_page"]);
    answer(
        &state,
        format,
        move |store, _| {
            let params = params?;
            let paging = params.paging(50)?;
            let filter = DocFilter {
                outlet: params.get("outlet").map(str::to_string),
                from: params.date("from")?,
                to: params.date("to")?,
                limit: Some(paging.per_page + 1),
                offset: paging.offset(),
            };
            let mut documents = store.documents(&filter)?;
            let has_next = documents.len() as u64 > paging.per_page;
            documents.truncate(paging.per_page as usize);
            Ok(DocumentsData {
                page: paging.page,
                per_page: paging.per_page,
                has_next,
                outlet: filter.outlet,
                from: filter.from,
                to: filter.to,
                total: store.count_documents()?,
                documents,
            })
        },
        documents_html,
    )
    .await
}

fn documents_html(data: &DocumentsData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Documents</h1><form class=\"filters\" method=\"get\" action=\"/documents\">")
        .raw("<label>outlet <input name=\"outlet\" value=\"")
        .text(data.outlet.as_deref().unwrap_or(""))
        .raw("\"></label><label>from <input type=\"date\" name=\"from\" value=\"")
        .text(&opt_date(data.from))
        .raw("\"></label><label>to <input type=\"date\" name=\"to\" value=\"")
        .text(&opt_date(data.to))
        .raw("\"></label><button>Filter</button></form><p class=\"note\">")
        .num(data.total)
        .raw(" documents in the database.</p>");
    html.raw("<table class=\"list\"><thead><tr><th>published</th><th>outlet</th><th>title</th><th>sentences</th></tr></thead><tbody>");
    for doc in &data.documents {
        html.raw("<tr><td>")
            .text(&opt_date(doc.published))
            .raw("</td><td>")
            .text(doc.outlet.as_deref().unwrap_or(""))
            .raw("</td><td><a href=\"/doc/")
            .url(&doc.id)
            .raw("\">")
            .text(doc.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a></td><td class=\"count\">")
            .num(doc.n_sentences)
            .raw("</td></tr>");
    }
    html.raw("</tbody></table>");
    let query = Query::default()
        .with("outlet", data.outlet.as_ref())
        .with("from", data.from)
        .with("to", data.to)
        .with("per_page", Some(data.per_page));
    pager(
        &mut html,
        "/documents",
        &query,
        Paging {
            page: data.page,
            per_page: data.per_page,
        },
        data.has_next,
    );
    ("Documents".to_string(), Section::Documents, html)
}

fn opt_date(date: Option<chrono::NaiveDate>) -> String {
    date.map(|date| date.to_string()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// One document

#[derive(Serialize)]
struct DocData {
    doc: Doc,
    /// For each mention, the id of the entity it is linked to (`/api/actor?id=`).
    mention_actors: Vec<Option<String>>,
    /// The merged timeline events this document reports.
    events: Vec<EventOut>,
}

async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    format: Format,
) -> Response {
    answer(
        &state,
        format,
        move |store, _| {
            if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(WebError::BadRequest(format!(
                    "{id:?} is not a document id (16 hex digits)"
                )));
            }
            let doc = store
                .load_doc(&id)?
                .ok_or_else(|| WebError::NotFound(format!("no document {id}")))?;
            let mention_actors = doc.mentions.iter().map(|m| m.entity.clone()).collect();
            let events = store
                .doc_events(&id)?
                .into_iter()
                .map(EventOut::of)
                .collect();
            Ok(DocData {
                doc,
                mention_actors,
                events,
            })
        },
        document_html,
    )
    .await
}

fn document_html(data: &DocData) -> (String, Section, Html) {
    let doc = &data.doc;
    let title = doc
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "(untitled)".to_string());
    let mut html = Html::new();
    html.raw("<article class=\"document\"><h1>")
        .text(&title)
        .raw("</h1><p class=\"byline\">")
        .text(doc.meta.outlet.as_deref().unwrap_or(""))
        .raw(" · ")
        .text(&opt_date(doc.meta.published))
        .raw(" · <a href=\"/api/doc/")
        .url(doc.id.as_str())
        .raw("\">JSON</a></p>");
    html.raw("<p class=\"legend\"><mark class=\"ent ent-person\">person</mark> <mark class=\"ent ent-org\">organization</mark> <mark class=\"ent ent-loc\">location</mark> <mark class=\"ent ent-other\">other</mark> <mark class=\"timex\">time expression</mark> <span class=\"quote q-direct\">direct quote</span> <span class=\"quote q-indirect\">indirect quote</span></p>");
    let keys = &data.mention_actors;
    let href = |idx: usize| {
        keys.get(idx)
            .and_then(Option::as_ref)
            .map(|id| format!("/actor?id={}", crate::html::url_encode(id)))
    };
    html.append(&render::doc_text(doc, &href));
    html.raw("</article><aside class=\"docside\"><h2>Metadata</h2>");
    render::metadata(&mut html, doc);
    if !doc.times.is_empty() {
        html.raw("<h2>Time expressions</h2><table class=\"list\"><thead><tr><th>text</th><th>type</th><th>value</th><th>anchor</th></tr></thead><tbody>");
        for time in &doc.times {
            html.raw("<tr><td><a href=\"#s")
                .num(u64::from(time.sentence))
                .raw("\">")
                .text(doc.slice(time.span))
                .raw("</a></td><td>")
                .text(timex_type(time.timex_type))
                .raw("</td><td>")
                .text(time.value.as_deref().unwrap_or("—"))
                .raw("</td><td>")
                .text(time.anchor.map(anchor_name).unwrap_or("—"))
                .raw("</td></tr>");
        }
        html.raw("</tbody></table>");
    }
    if !data.events.is_empty() {
        html.raw("<h2>Events</h2><ol class=\"timeline doc-events\">");
        for event in &data.events {
            // Link to this document's passage; the other outlets are listed under it.
            let here = event.evidence.iter().find(|e| e.doc == doc.id.as_str());
            html.raw("<li class=\"item k-event\"");
            if !event.category.is_empty() {
                html.raw(" data-plover=\"").text(&event.category).raw("\"");
            }
            html.raw("><time>")
                .text(event.date.as_deref().unwrap_or("undated"))
                .raw("</time> <a href=\"#s")
                .num(u64::from(here.map_or(0, |e| e.sentence)))
                .raw("\"><span class=\"plover\">")
                .text(if event.category.is_empty() {
                    "event"
                } else {
                    &event.category
                })
                .raw("</span> ")
                .text(&event.label)
                .raw("</a>");
            if event.modality != "asserted" {
                html.raw(" <span class=\"modality\">")
                    .text(&event.modality)
                    .raw("</span>");
            }
            html.raw(" <a class=\"outlets\" href=\"/timeline?period=")
                .url(event.date.as_deref().unwrap_or(""))
                .raw("#e-")
                .url(&event.id)
                .raw("\">")
                .num(u64::from(event.outlets))
                .raw(outlets_word(event.outlets))
                .raw("</a></li>");
        }
        html.raw("</ol>");
    }
    let quotes: Vec<_> = doc
        .quotes
        .iter()
        .filter(|q| q.kind != dossier_core::QuoteKind::Term)
        .collect();
    if !quotes.is_empty() {
        html.raw("<h2>Quotes</h2><ul class=\"quotes\">");
        for quote in quotes {
            html.raw("<li><a href=\"#s")
                .num(u64::from(quote.sentence))
                .raw("\">“")
                .text(&truncate(doc.slice(quote.span), 200))
                .raw("”</a> <span class=\"who\">— ")
                .text(
                    quote
                        .speaker
                        .as_ref()
                        .map(|s| s.name.as_str())
                        .unwrap_or("unattributed"),
                )
                .raw(" (")
                .raw(quote.kind.as_str())
                .raw(")</span></li>");
        }
        html.raw("</ul>");
    }
    if !doc.diagnostics.is_empty() {
        html.raw("<h2>Diagnostics</h2><ul>");
        for note in &doc.diagnostics {
            html.raw("<li><span class=\"src\">")
                .text(&note.stage)
                .raw(match note.severity {
                    dossier_core::Severity::Info => " (info)",
                    dossier_core::Severity::Warning => " (warning)",
                })
                .raw(":</span> ")
                .text(&note.message)
                .raw("</li>");
        }
        html.raw("</ul>");
    }
    html.raw("</aside>");
    (title, Section::Documents, html)
}

fn timex_type(kind: dossier_core::TimexType) -> &'static str {
    match kind {
        dossier_core::TimexType::Date => "DATE",
        dossier_core::TimexType::Time => "TIME",
        dossier_core::TimexType::Duration => "DURATION",
        dossier_core::TimexType::Set => "SET",
    }
}

fn anchor_name(anchor: dossier_core::Anchor) -> &'static str {
    match anchor {
        dossier_core::Anchor::Published => "published",
        dossier_core::Anchor::Absolute => "absolute",
        dossier_core::Anchor::Previous => "previous",
    }
}

// ---------------------------------------------------------------------------------------
// Search

#[derive(Serialize)]
struct SearchData {
    q: Option<String>,
    actor: Option<String>,
    outlet: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    page: u64,
    per_page: u64,
    has_next: bool,
    /// Snippets mark matched terms with `[` and `]` in JSON.
    hits: Vec<SearchHit>,
    /// What the filter menus offer.
    #[serde(skip)]
    actor_choices: Vec<EntitySummary>,
    #[serde(skip)]
    outlet_choices: Vec<(String, u64)>,
}

/// Hits fetched when filtering by actor, which happens after the full-text search.
const ACTOR_FILTER_WINDOW: u64 = 1000;

/// Actors offered in the search form's menu.
const ACTOR_CHOICES: u64 = 300;

async fn search(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(
        &raw,
        &["q", "actor", "outlet", "from", "to", "page", "per_page"],
    );
    answer(
        &state,
        format,
        move |store, _| {
            let params = params?;
            let paging = params.paging(20)?;
            let q = params.get("q").map(str::to_string);
            let actor = params.get("actor").map(str::to_string);
            let actor_docs: Option<HashSet<String>> = match &actor {
                Some(id) => {
                    if store.entity_summaries(&[id.as_str()])?.is_empty() {
                        return Err(WebError::BadRequest(format!(
                            "parameter \"actor\": no actor {id:?} (ids as /api/actors lists)"
                        )));
                    }
                    Some(store.entity_doc_ids(id)?.into_iter().collect())
                }
                None => None,
            };
            let mut options = SearchOptions {
                limit: paging.per_page + 1,
                offset: paging.offset(),
                from: params.date("from")?,
                to: params.date("to")?,
                outlet: params.get("outlet").map(str::to_string),
                highlight: (HIT_OPEN.to_string(), HIT_CLOSE.to_string()),
                snippet_tokens: 40,
            };
            let mut hits = Vec::new();
            if let Some(query) = &q {
                if let Some(docs) = &actor_docs {
                    options.limit = ACTOR_FILTER_WINDOW;
                    options.offset = 0;
                    let all = store.search_ranked(query, &options).map_err(bad_query)?;
                    hits = all
                        .into_iter()
                        .filter(|hit| docs.contains(&hit.doc_id))
                        .skip(paging.offset() as usize)
                        .take(paging.per_page as usize + 1)
                        .collect();
                } else {
                    hits = store.search_ranked(query, &options).map_err(bad_query)?;
                }
            }
            let has_next = hits.len() as u64 > paging.per_page;
            hits.truncate(paging.per_page as usize);
            let (actor_choices, outlet_choices) = if format == Format::Html {
                (
                    store.entity_page(None, None, ACTOR_CHOICES, 0)?.0,
                    store.outlets()?,
                )
            } else {
                (Vec::new(), Vec::new())
            };
            let data = SearchData {
                q,
                actor,
                outlet: options.outlet,
                from: options.from,
                to: options.to,
                page: paging.page,
                per_page: paging.per_page,
                has_next,
                hits,
                actor_choices,
                outlet_choices,
            };
            Ok(if format == Format::Json {
                data.plain_markers()
            } else {
                data
            })
        },
        search_html,
    )
    .await
}

fn bad_query(err: dossier_store::StoreError) -> WebError {
    match err {
        dossier_store::StoreError::BadQuery { .. } => {
            WebError::BadRequest(format!("parameter \"q\": {err}"))
        }
        other => WebError::Store(other),
    }
}

/// Search answers in JSON with the store's usual `[`/`]` markers.
impl SearchData {
    fn plain_markers(mut self) -> SearchData {
        for hit in &mut self.hits {
            hit.snippet = hit.snippet.replace(HIT_OPEN, "[").replace(HIT_CLOSE, "]");
        }
        self
    }
}

fn search_html(data: &SearchData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Search</h1><form class=\"filters\" method=\"get\" action=\"/search\">")
        .raw("<input type=\"search\" name=\"q\" id=\"q\" autofocus placeholder=\"words, &quot;a phrase&quot;, prefix*\" value=\"")
        .text(data.q.as_deref().unwrap_or("")).raw("\"><label>actor <select name=\"actor\"><option value=\"\">any</option>");
    let mut listed = false;
    for actor in &data.actor_choices {
        html.raw("<option value=\"").text(&actor.id).raw("\"");
        if data.actor.as_deref() == Some(actor.id.as_str()) {
            html.raw(" selected");
            listed = true;
        }
        html.raw(">")
            .text(&actor.name)
            .raw(" (")
            .text(&actor.kind)
            .raw(")</option>");
    }
    if let (Some(actor), false) = (&data.actor, listed) {
        html.raw("<option selected value=\"")
            .text(actor)
            .raw("\">")
            .text(actor)
            .raw("</option>");
    }
    html.raw(
        "</select></label><label>outlet <select name=\"outlet\"><option value=\"\">any</option>",
    );
    for (outlet, _) in &data.outlet_choices {
        html.raw("<option");
        if data.outlet.as_deref() == Some(outlet.as_str()) {
            html.raw(" selected");
        }
        html.raw(">").text(outlet).raw("</option>");
    }
    html.raw("</select></label><label>from <input type=\"date\" name=\"from\" value=\"")
        .text(&opt_date(data.from))
        .raw("\"></label><label>to <input type=\"date\" name=\"to\" value=\"")
        .text(&opt_date(data.to))
        .raw("\"></label><button>Search</button></form>");
    if data.q.is_some() {
        if data.hits.is_empty() {
            html.raw("<p class=\"note\">No sentence matches.</p>");
        }
        html.raw("<ol class=\"hits\">");
        for hit in &data.hits {
            html.raw("<li><a class=\"snippet\" href=\"/doc/")
                .url(&hit.doc_id)
                .raw("#s")
                .num(u64::from(hit.sentence))
                .raw("\">");
            for (idx, part) in hit.snippet.split(HIT_OPEN).enumerate() {
                // Each piece after an opening marker starts with a matched term up to the closing marker.
                if idx == 0 {
                    html.text(&part.replace(HIT_CLOSE, ""));
                    continue;
                }
                let (matched, rest) = part.split_once(HIT_CLOSE).unwrap_or((part, ""));
                html.raw("<mark>").text(matched).raw("</mark>").text(rest);
            }
            html.raw("</a><div class=\"src\">")
                .text(hit.title.as_deref().unwrap_or("(untitled)"))
                .raw(" · ")
                .text(hit.outlet.as_deref().unwrap_or(""))
                .raw(" · ")
                .text(&opt_date(hit.published))
                .raw("</div></li>");
        }
        html.raw("</ol>");
        let query = Query::default()
            .with("q", data.q.as_ref())
            .with("actor", data.actor.as_ref())
            .with("outlet", data.outlet.as_ref())
            .with("from", data.from)
            .with("to", data.to)
            .with("per_page", Some(data.per_page));
        pager(
            &mut html,
            "/search",
            &query,
            Paging {
                page: data.page,
                per_page: data.per_page,
            },
            data.has_next,
        );
    }
    ("Search".to_string(), Section::Search, html)
}

// ---------------------------------------------------------------------------------------
// Actors

#[derive(Serialize)]
struct ActorRow {
    #[serde(flatten)]
    entity: EntitySummary,
    quotes: u64,
}

#[derive(Serialize)]
struct ActorsData {
    kind: Option<&'static str>,
    name: Option<String>,
    page: u64,
    per_page: u64,
    total: u64,
    has_next: bool,
    actors: Vec<ActorRow>,
    note: &'static str,
}

const ACTORS_NOTE: &str = "Actors are the entities the link stage resolved across documents: spelling variants, surnames and titles of one person, organisation or place are one actor.";

async fn actors(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["kind", "name", "page", "per_page"]);
    answer(
        &state,
        format,
        move |store, state| {
            let params = params?;
            let paging = params.paging(100)?;
            let kind = params.choice("kind", &["person", "organization", "location", "other"])?;
            let name = params.get("name").map(str::to_string);
            let index = state.index()?;
            let (entities, total) =
                store.entity_page(kind, name.as_deref(), paging.per_page, paging.offset())?;
            let actors = entities
                .into_iter()
                .map(|entity| ActorRow {
                    quotes: index.quote_count(&entity.id),
                    entity,
                })
                .collect();
            Ok(ActorsData {
                kind,
                name,
                page: paging.page,
                per_page: paging.per_page,
                total,
                has_next: paging.offset().saturating_add(paging.per_page) < total,
                actors,
                note: ACTORS_NOTE,
            })
        },
        actors_html,
    )
    .await
}

fn actors_html(data: &ActorsData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Actors</h1><form class=\"filters\" method=\"get\" action=\"/actors\"><label>name <input name=\"name\" value=\"")
        .text(data.name.as_deref().unwrap_or(""))
        .raw("\"></label><label>kind <select name=\"kind\"><option value=\"\">any</option>");
    for kind in ["person", "organization", "location", "other"] {
        html.raw("<option");
        if data.kind == Some(kind) {
            html.raw(" selected");
        }
        html.raw(">").raw(kind).raw("</option>");
    }
    html.raw("</select></label><button>Filter</button></form><p class=\"note\">")
        .num(data.total)
        .raw(" actors. ")
        .raw(ACTORS_NOTE)
        .raw("</p>");
    html.raw("<table class=\"list\"><thead><tr><th>actor</th><th>kind</th><th>code</th><th>mentions</th><th>documents</th><th>quotes</th></tr></thead><tbody>");
    for row in &data.actors {
        let entity = &row.entity;
        html.raw("<tr><td>");
        actor_anchor(
            &mut html,
            &entity.id,
            &entity.name,
            entity_kind(&entity.kind),
        );
        html.raw("</td><td>")
            .text(&entity.kind)
            .raw("</td><td>")
            .text(entity.code.as_deref().unwrap_or(""))
            .raw("</td><td class=\"count\">")
            .num(entity.mentions)
            .raw("</td><td class=\"count\">")
            .num(entity.n_documents)
            .raw("</td><td class=\"count\">")
            .num(row.quotes)
            .raw("</td></tr>");
    }
    html.raw("</tbody></table>");
    let query = Query::default()
        .with("kind", data.kind)
        .with("name", data.name.as_ref())
        .with("per_page", Some(data.per_page));
    pager(
        &mut html,
        "/actors",
        &query,
        Paging {
            page: data.page,
            per_page: data.per_page,
        },
        data.has_next,
    );
    ("Actors".to_string(), Section::Actors, html)
}

/// A role of an actor with where it is stated.
#[derive(Serialize)]
struct RoleOut {
    title: String,
    organization: Option<String>,
    country: Option<String>,
    /// The date it was true.
    as_of: Option<String>,
    former: bool,
    /// `text` or `kb`.
    source: String,
    code: Option<String>,
    /// The document stating it and the sentence that does (text roles).
    evidence: Option<EvidenceRef>,
}

#[derive(Serialize)]
struct CoActor {
    id: String,
    name: String,
    kind: EntityKind,
    /// Events both take part in (counterparts) or documents mentioning both (co-mentions).
    shared: u64,
}

#[derive(Serialize)]
struct ActorData {
    id: String,
    name: String,
    kind: EntityKind,
    country: Option<String>,
    code: Option<String>,
    aliases: Vec<String>,
    mentions: u64,
    /// Roles over time, by date.
    roles: Vec<RoleOut>,
    /// Merged timeline events naming the actor as actor or recipient, by date.
    events: Vec<EventOut>,
    events_total: u64,
    /// Quotes attributed to the actor, latest first.
    quotes: Vec<QuoteRow>,
    /// Actors it interacts with in events, most events first.
    counterparts: Vec<CoActor>,
    /// Actors mentioned in the same documents, most shared documents first.
    co_mentioned: Vec<CoActor>,
    /// A page of the documents mentioning it, latest first.
    documents: Vec<EntityDocRow>,
    documents_total: u64,
    page: u64,
    per_page: u64,
    has_next: bool,
}

/// Most events, quotes and co-actors on an actor page.
const ACTOR_EVENTS: usize = 100;
const ACTOR_QUOTES: u64 = 50;
const ACTOR_CO: usize = 30;
/// Documents of an actor read to find who is mentioned with it.
const CO_MENTION_DOCS: u64 = 500;

async fn actor(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["id", "page", "per_page"]);
    answer(
        &state,
        format,
        move |store, state| {
            let params = params?;
            let paging = params.paging(50)?;
            let id = params.get("id").ok_or_else(|| {
                WebError::BadRequest(
                    "parameter \"id\" is required (an actor id, as /api/actors lists)".to_string(),
                )
            })?;
            let entity = store
                .entity(id)?
                .ok_or_else(|| WebError::NotFound(format!("no actor {id:?}")))?;
            let mut roles = Vec::with_capacity(entity.roles.len());
            for role in &entity.roles {
                let evidence = match &role.doc {
                    Some(doc) => store.doc_heading(doc)?.map(|mut heading| {
                        heading.sentence = store
                            .role_sentence(&entity.id, doc, &role.title)
                            .ok()
                            .flatten()
                            .unwrap_or(0);
                        heading
                    }),
                    None => None,
                };
                roles.push(RoleOut {
                    title: role.title.clone(),
                    organization: role.organization.clone(),
                    country: role.country.clone(),
                    as_of: role.as_of.clone(),
                    former: role.former,
                    source: role.source.clone(),
                    code: role.code.clone(),
                    evidence,
                });
            }
            roles.sort_by(|a, b| a.as_of.cmp(&b.as_of));
            let index = state.index()?;
            let (events, events_total, counterparts) = match index.entity(&entity.id) {
                Some((idx, _)) => {
                    let list = index
                        .by_entity
                        .get(idx as usize)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    let ids: Vec<&str> = list
                        .iter()
                        .take(ACTOR_EVENTS)
                        .filter_map(|&e| index.events.get(e as usize).map(|e| e.id.as_str()))
                        .collect();
                    let events = store
                        .timeline_entries(&ids)?
                        .into_iter()
                        .map(EventOut::of)
                        .collect();
                    let counterparts = index
                        .counterparts(&entity.id)
                        .into_iter()
                        .take(ACTOR_CO)
                        .map(|(other, n)| CoActor {
                            id: other.id.clone(),
                            name: other.name.clone(),
                            kind: other.kind,
                            shared: n,
                        })
                        .collect();
                    (events, list.len() as u64, counterparts)
                }
                None => (Vec::new(), 0, Vec::new()),
            };
            let co_mentioned = store
                .entity_co_mentions(&entity.id, ACTOR_CO as u64, CO_MENTION_DOCS)?
                .into_iter()
                .map(|(other, n)| CoActor {
                    kind: entity_kind(&other.kind),
                    id: other.id,
                    name: other.name,
                    shared: n,
                })
                .collect();
            let (documents, documents_total) =
                store.entity_documents(&entity.id, paging.per_page, paging.offset())?;
            Ok(ActorData {
                kind: entity_kind(&entity.kind),
                // The quote query scans the quotes of every document mentioning the
                // entity: skip it for the many entities that never speak.
                quotes: if index.quote_count(&entity.id) > 0 {
                    store.entity_quotes(&entity.id, ACTOR_QUOTES)?
                } else {
                    Vec::new()
                },
                has_next: paging.offset().saturating_add(paging.per_page) < documents_total,
                id: entity.id,
                name: entity.name,
                country: entity.country,
                code: entity.code,
                aliases: entity.aliases,
                mentions: entity.mentions,
                roles,
                events,
                events_total,
                counterparts,
                co_mentioned,
                documents,
                documents_total,
                page: paging.page,
                per_page: paging.per_page,
            })
        },
        actor_html,
    )
    .await
}

fn actor_html(data: &ActorData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1 class=\"actor-name\"><span class=\"ent ")
        .raw(kind_class(data.kind))
        .raw("\">")
        .text(&data.name)
        .raw("<span class=\"lbl\">")
        .raw(render::kind_label(data.kind))
        .raw("</span></span></h1><p class=\"lead\">")
        .num(data.mentions)
        .raw(" mentions in ")
        .num(data.documents_total)
        .raw(" documents, ")
        .num(data.events_total)
        .raw(" events");
    if let Some(code) = &data.code {
        html.raw(", actor code <code>").text(code).raw("</code>");
    }
    if let Some(country) = &data.country {
        html.raw(", ").text(country);
    }
    html.raw(". <a href=\"/search?actor=")
        .url(&data.id)
        .raw("&amp;q=")
        .url(data.name.split_whitespace().last().unwrap_or(&data.name))
        .raw("\">Search their sentences</a> · <a href=\"/api/actor?id=")
        .url(&data.id)
        .raw("\">JSON</a></p>");
    html.raw("<p><strong>Also written:</strong> ");
    for (idx, alias) in data.aliases.iter().enumerate() {
        if idx > 0 {
            html.raw(", ");
        }
        html.text(alias);
    }
    html.raw("</p><div class=\"cols\"><section><h2>Roles over time</h2>");
    if data.roles.is_empty() {
        html.raw(
            "<p class=\"note\">No role stated in the documents or known to the knowledge base.</p>",
        );
    }
    // Consecutive statements of the same role are one row: first and last date, every source.
    html.raw("<ol class=\"roles\">");
    let same = |a: &RoleOut, b: &RoleOut| {
        (&a.title, &a.organization, &a.country, a.former, &a.source)
            == (&b.title, &b.organization, &b.country, b.former, &b.source)
    };
    let mut start = 0;
    while let Some(first) = data.roles.get(start) {
        let run = data
            .roles
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|r| same(first, r))
            .count()
            .max(1);
        let group = data.roles.get(start..start + run).unwrap_or(&[]);
        start += run;
        html.raw("<li class=\"role\"><time>")
            .text(first.as_of.as_deref().unwrap_or("undated"))
            .raw("</time>");
        if let Some(last) = group.last().and_then(|r| r.as_of.as_deref()) {
            if Some(last) != first.as_of.as_deref() {
                html.raw(" <span class=\"until\">– ")
                    .text(last)
                    .raw("</span>");
            }
        }
        html.raw(" ");
        if first.former {
            html.raw("former ");
        }
        html.raw("<strong>").text(&first.title).raw("</strong>");
        if let Some(org) = &first.organization {
            html.raw(", ").text(org);
        }
        if let Some(country) = &first.country {
            html.raw(" (").text(country).raw(")");
        }
        if let Some(code) = &first.code {
            html.raw(" <code>").text(code).raw("</code>");
        }
        html.raw(" <span class=\"src\">");
        for (idx, role) in group.iter().enumerate() {
            if idx > 0 {
                html.raw(" · ");
            }
            match &role.evidence {
                Some(doc) => {
                    html.raw("<a class=\"role-source\" href=\"/doc/")
                        .url(&doc.doc)
                        .raw("#s")
                        .num(u64::from(doc.sentence))
                        .raw("\">")
                        .text(doc.outlet.as_deref().unwrap_or("source"))
                        .raw(" ")
                        .text(doc.published.as_deref().unwrap_or(""))
                        .raw("</a>");
                }
                None if role.source == "kb" => {
                    html.raw("knowledge base");
                }
                None => {
                    html.text(&role.source);
                }
            }
        }
        html.raw("</span></li>");
    }
    html.raw("</ol><h2>Events</h2>");
    if data.events.is_empty() {
        html.raw("<p class=\"note\">No merged event names this actor.</p>");
    } else if data.events_total > data.events.len() as u64 {
        html.raw("<p class=\"note\">The first ")
            .num(data.events.len() as u64)
            .raw(" of ")
            .num(data.events_total)
            .raw(" events.</p>");
    }
    html.raw("<ol class=\"timeline\">");
    for event in &data.events {
        event_item(&mut html, event);
    }
    html.raw("</ol><h2>Quotes</h2>");
    if data.quotes.is_empty() {
        html.raw("<p class=\"note\">No attributed quotes.</p>");
    }
    html.raw("<ul class=\"quotes\">");
    for quote in &data.quotes {
        html.raw("<li><a href=\"/doc/")
            .url(&quote.doc)
            .raw("#s")
            .num(u64::from(quote.sentence))
            .raw("\">“")
            .text(&truncate(&quote.text, 300))
            .raw("”</a> <span class=\"who\">(")
            .text(&quote.kind)
            .raw(", ")
            .text(quote.outlet.as_deref().unwrap_or(""))
            .raw(" ")
            .text(quote.published.as_deref().unwrap_or(""))
            .raw(")</span></li>");
    }
    html.raw("</ul><h2>Documents</h2><ol class=\"docs\">");
    for doc in &data.documents {
        html.raw("<li><time>")
            .text(doc.published.as_deref().unwrap_or(""))
            .raw("</time> <a href=\"/doc/")
            .url(&doc.doc)
            .raw("#s")
            .num(u64::from(doc.sentence))
            .raw("\">")
            .text(doc.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a> <span class=\"src\">")
            .text(doc.outlet.as_deref().unwrap_or(""))
            .raw(" · ")
            .num(doc.mentions)
            .raw(" mentions</span></li>");
    }
    html.raw("</ol>");
    let query = Query::default()
        .with("id", Some(&data.id))
        .with("per_page", Some(data.per_page));
    pager(
        &mut html,
        "/actor",
        &query,
        Paging {
            page: data.page,
            per_page: data.per_page,
        },
        data.has_next,
    );
    html.raw("</section><section><h2>Interacts with</h2>");
    co_list(
        &mut html,
        &data.counterparts,
        " events",
        "No interaction in the merged events.",
    );
    html.raw("<h2>Mentioned with</h2>");
    co_list(
        &mut html,
        &data.co_mentioned,
        " shared documents",
        "Mentioned with no other actor.",
    );
    html.raw("</section></div>");
    (data.name.clone(), Section::Actors, html)
}

fn co_list(html: &mut Html, list: &[CoActor], unit: &'static str, empty: &'static str) {
    if list.is_empty() {
        html.raw("<p class=\"note\">").raw(empty).raw("</p>");
        return;
    }
    html.raw("<ol class=\"actors\">");
    for co in list {
        html.raw("<li>");
        actor_anchor(html, &co.id, &co.name, co.kind);
        html.raw(" <span class=\"count\">")
            .num(co.shared)
            .raw(unit)
            .raw("</span></li>");
    }
    html.raw("</ol>");
}

// ---------------------------------------------------------------------------------------
// Timeline

/// " outlet" or " outlets", after a count of `n`.
pub(crate) fn outlets_word(n: u32) -> &'static str {
    if n == 1 {
        " outlet"
    } else {
        " outlets"
    }
}

/// What the sources of a merged event disagree on, each claim with its outlet: "dates
/// differ: 2021-03-14 (Wire); 2021-03-15 (Ledger)", "numbers differ: “seven activists”
/// (Wire); “eight activists” (Ledger)". Nothing when they agree.
pub(crate) fn disagreements(html: &mut Html, dates: &[DateClaim], counts: &[CountClaim]) {
    let claims = |html: &mut Html, what: &str, items: Vec<(String, Option<&str>)>| {
        if items.is_empty() {
            return;
        }
        html.raw(" <span class=\"conflict\" title=\"sources give different ")
            .text(what)
            .raw("\">")
            .text(what)
            .raw(" differ: ");
        for (idx, (claim, outlet)) in items.iter().enumerate() {
            if idx > 0 {
                html.raw("; ");
            }
            html.text(claim)
                .raw(" (")
                .text(outlet.unwrap_or("unknown outlet"))
                .raw(")");
        }
        html.raw("</span>");
    };
    let dated = dates
        .iter()
        .map(|c| (c.date.clone(), c.outlet.as_deref()))
        .collect();
    claims(html, "dates", dated);
    let counted = counts
        .iter()
        .map(|c| (format!("“{}”", c.text), c.outlet.as_deref()))
        .collect();
    claims(html, "numbers", counted);
}

/// One merged event as pages answer it.
#[derive(Serialize)]
pub(crate) struct EventOut {
    id: String,
    date: Option<String>,
    date_text: Option<String>,
    /// Every date a source gives, when they differ.
    date_conflicts: Vec<DateClaim>,
    /// Every count a source gives, when they differ.
    quantity_conflicts: Vec<CountClaim>,
    cameo: String,
    /// PLOVER category ("" when none).
    category: String,
    modality: String,
    reported: bool,
    label: String,
    /// Number of distinct outlets reporting it.
    outlets: u32,
    outlet_names: Vec<String>,
    actors: Vec<Participant>,
    recipients: Vec<Participant>,
    location: Option<Place>,
    /// Every passage reporting it; each links to its sentence.
    evidence: Vec<EvidenceRef>,
}

impl EventOut {
    pub(crate) fn of(entry: TimelineEntry) -> EventOut {
        let record = RecordView::parse(&entry.record);
        EventOut {
            id: entry.id,
            date: entry.date,
            date_text: record.date_text,
            date_conflicts: record.date_conflicts,
            quantity_conflicts: record.quantity_conflicts,
            cameo: entry.cameo,
            category: entry.plover,
            modality: entry.modality,
            reported: record.reported,
            label: entry.label,
            outlets: entry.outlets,
            outlet_names: record.outlet_names,
            actors: record.actors,
            recipients: record.recipients,
            location: record.location,
            evidence: entry.evidence,
        }
    }
}

/// One event of a timeline list: date, category, label, outlets, modality, date conflicts,
/// and a link to every passage reporting it (the first is the event's own link).
fn event_item(html: &mut Html, event: &EventOut) {
    html.raw("<li class=\"item k-event\" id=\"e-")
        .text(&event.id)
        .raw("\"");
    if !event.category.is_empty() {
        html.raw(" data-plover=\"").text(&event.category).raw("\"");
    }
    html.raw("><time>")
        .text(event.date.as_deref().unwrap_or("undated"))
        .raw("</time> ");
    let first = event.evidence.first();
    match first {
        Some(evidence) => {
            html.raw("<a class=\"item-link\" href=\"/doc/")
                .url(&evidence.doc)
                .raw("#s")
                .num(u64::from(evidence.sentence))
                .raw("\">");
        }
        None => {
            html.raw("<span class=\"item-link\">");
        }
    }
    html.raw("<span class=\"plover\">")
        .text(if event.category.is_empty() {
            "event"
        } else {
            &event.category
        })
        .raw("</span> ")
        .text(&event.label);
    html.raw(if first.is_some() { "</a>" } else { "</span>" });
    if event.modality != "asserted" {
        html.raw(" <span class=\"modality\">")
            .text(&event.modality)
            .raw("</span>");
    }
    if event.reported {
        html.raw(" <span class=\"modality\">reported</span>");
    }
    html.raw(" <span class=\"outlets\" title=\"")
        .text(&event.outlet_names.join(", "))
        .raw("\">")
        .num(u64::from(event.outlets))
        .raw(outlets_word(event.outlets))
        .raw("</span>");
    disagreements(html, &event.date_conflicts, &event.quantity_conflicts);
    if event.evidence.len() > 1 {
        html.raw("<details class=\"sources\"><summary>")
            .num(event.evidence.len() as u64)
            .raw(" sources</summary><ul>");
        for evidence in &event.evidence {
            html.raw("<li><a href=\"/doc/")
                .url(&evidence.doc)
                .raw("#s")
                .num(u64::from(evidence.sentence))
                .raw("\">")
                .text(evidence.title.as_deref().unwrap_or("(untitled)"))
                .raw("</a> <span class=\"src\">")
                .text(evidence.outlet.as_deref().unwrap_or(""))
                .raw(" ")
                .text(evidence.published.as_deref().unwrap_or(""))
                .raw("</span></li>");
        }
        html.raw("</ul></details>");
    } else if let Some(evidence) = first {
        html.raw(" <span class=\"src\">")
            .text(evidence.outlet.as_deref().unwrap_or(""))
            .raw("</span>");
    }
    html.raw("</li>");
}

#[derive(Serialize)]
struct TimelineData {
    period: Option<String>,
    /// `year`, `month`, `day` or `none` (a day has no smaller buckets).
    zoom: &'static str,
    category: Option<String>,
    modality: Option<&'static str>,
    min_outlets: Option<u64>,
    buckets: Vec<PeriodCount>,
    total: u64,
    page: u64,
    per_page: u64,
    has_next: bool,
    events: Vec<EventOut>,
    /// Categories on the whole timeline with their counts, for the filter.
    categories: Vec<(String, u64)>,
    note: &'static str,
}

const TIMELINE_NOTE: &str = "The merged timeline: one row per happening, however many outlets told it, with the number of outlets, every source passage (each links to its sentence), the modality, and the dates sources disagree on. Colours are PLOVER categories.";

async fn timeline(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(
        &raw,
        &[
            "period",
            "category",
            "modality",
            "min_outlets",
            "page",
            "per_page",
        ],
    );
    answer(
        &state,
        format,
        move |store, state| {
            let params = params?;
            let paging = params.paging(100)?;
            let period = params.get("period").map(str::to_string);
            let (zoom, child_len) = match period.as_deref().map(period_kind) {
                None => ("year", 4),
                Some(Some(4)) => ("month", 7),
                Some(Some(7)) => ("day", 10),
                Some(Some(_)) => ("none", 0),
                Some(None) => {
                    return Err(WebError::BadRequest(format!(
                        "parameter \"period\" must be a year (2017), a month (2017-05) or a day (2017-05-23), not {:?}",
                        period.unwrap_or_default()
                    )))
                }
            };
            let category = params.get("category").map(str::to_uppercase);
            if let Some(category) = &category {
                if category.len() > 32 || !category.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
                    return Err(WebError::BadRequest(format!(
                        "parameter \"category\" must be a PLOVER category (CONSULT, AGREE, ...), not {category:?}"
                    )));
                }
            }
            let modality = params.choice(
                "modality",
                &["asserted", "negated", "future", "hypothetical"],
            )?;
            let min_outlets = match params.get("min_outlets") {
                Some(_) => Some(params.number("min_outlets", 1, 1, 1000)?),
                None => None,
            };
            let query = TimelineQuery {
                period: period.clone(),
                category: category.clone(),
                modality: modality.map(str::to_string),
                min_outlets: min_outlets.map(|n| n as u32),
                limit: paging.per_page,
                offset: paging.offset(),
            };
            let index = state.index()?;
            let selected = index.select(&query);
            let total = selected.len() as u64;
            let buckets = if child_len > 0 {
                index.periods(&selected, child_len)
            } else {
                Vec::new()
            };
            let ids: Vec<&str> = selected
                .iter()
                .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
                .take(usize::try_from(paging.per_page).unwrap_or(usize::MAX))
                .filter_map(|&e| index.events.get(e as usize).map(|e| e.id.as_str()))
                .collect();
            let entries = store.timeline_entries(&ids)?;
            Ok(TimelineData {
                period,
                zoom,
                category,
                modality,
                min_outlets,
                buckets,
                total,
                page: paging.page,
                per_page: paging.per_page,
                has_next: paging.offset().saturating_add(paging.per_page) < total,
                events: entries.into_iter().map(EventOut::of).collect(),
                categories: index.categories.clone(),
                note: TIMELINE_NOTE,
            })
        },
        timeline_html,
    )
    .await
}

/// The length of a valid period (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), `None` when malformed.
fn period_kind(period: &str) -> Option<usize> {
    let ok = match period.len() {
        4 => period.parse::<u16>().is_ok(),
        7 => chrono::NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").is_ok(),
        10 => chrono::NaiveDate::parse_from_str(period, "%Y-%m-%d").is_ok(),
        _ => false,
    };
    ok.then_some(period.len())
}

fn timeline_html(data: &TimelineData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Timeline");
    if let Some(period) = &data.period {
        html.raw(" · ").text(period);
    }
    html.raw("</h1><p class=\"note\">")
        .raw(TIMELINE_NOTE)
        .raw("</p><nav class=\"crumbs\"><a href=\"/timeline\">all years</a>");
    if let Some(period) = &data.period {
        if let Some(year) = period.get(..4).filter(|_| period.len() > 4) {
            html.raw(" › <a href=\"/timeline?period=")
                .url(year)
                .raw("\">")
                .text(year)
                .raw("</a>");
        }
        if let Some(month) = period.get(..7).filter(|_| period.len() > 7) {
            html.raw(" › <a href=\"/timeline?period=")
                .url(month)
                .raw("\">")
                .text(month)
                .raw("</a>");
        }
        html.raw(" › ").text(period);
    }
    html.raw("</nav><form class=\"filters\" method=\"get\" action=\"/timeline\">");
    if let Some(period) = &data.period {
        html.raw("<input type=\"hidden\" name=\"period\" value=\"")
            .text(period)
            .raw("\">");
    }
    html.raw("<label>category <select name=\"category\"><option value=\"\">any</option>");
    for (category, n) in &data.categories {
        html.raw("<option value=\"").text(category).raw("\"");
        if data.category.as_deref() == Some(category.as_str()) {
            html.raw(" selected");
        }
        html.raw(">")
            .text(category)
            .raw(" (")
            .num(*n)
            .raw(")</option>");
    }
    html.raw("</select></label><label>modality <select name=\"modality\"><option value=\"\">any</option>");
    for value in ["asserted", "negated", "future", "hypothetical"] {
        html.raw("<option");
        if data.modality == Some(value) {
            html.raw(" selected");
        }
        html.raw(">").raw(value).raw("</option>");
    }
    html.raw("</select></label><label>outlets ≥ <input type=\"number\" name=\"min_outlets\" min=\"1\" max=\"1000\" value=\"")
        .num(data.min_outlets.unwrap_or(1))
        .raw("\"></label><button>Apply</button></form>");
    let filters = Query::default()
        .with("category", data.category.as_ref())
        .with("modality", data.modality)
        .with("min_outlets", data.min_outlets);
    if !data.buckets.is_empty() {
        let max = data
            .buckets
            .iter()
            .map(|b| b.events)
            .max()
            .unwrap_or(1)
            .max(1);
        html.raw("<h2>By ")
            .raw(data.zoom)
            .raw("</h2><ol class=\"buckets\">");
        for bucket in &data.buckets {
            let width = bucket.events * 100 / max;
            html.raw("<li><a href=\"")
                .text(
                    &filters
                        .clone()
                        .with("period", Some(&bucket.period))
                        .href("/timeline", None),
                )
                .raw("\" title=\"")
                .num(bucket.reports)
                .raw(" reports\"><span class=\"period\">")
                .text(&bucket.period)
                .raw("</span><span class=\"bar w")
                .num(width.div_ceil(5) * 5)
                .raw("\"></span><span class=\"count\">")
                .num(bucket.events)
                .raw("</span></a></li>");
        }
        html.raw("</ol>");
    }
    html.raw("<h2>Events</h2><p class=\"note\">")
        .num(data.total)
        .raw(" merged events.</p><ol class=\"timeline\">");
    for event in &data.events {
        event_item(&mut html, event);
    }
    html.raw("</ol>");
    let query = filters
        .with("period", data.period.as_ref())
        .with("per_page", Some(data.per_page));
    pager(
        &mut html,
        "/timeline",
        &query,
        Paging {
            page: data.page,
            per_page: data.per_page,
        },
        data.has_next,
    );
    ("Timeline".to_string(), Section::Timeline, html)
}

// ---------------------------------------------------------------------------------------
// Network

#[derive(Serialize)]
struct NetworkData {
    category: Option<String>,
    kind: Option<&'static str>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    limit: u64,
    #[serde(flatten)]
    network: crate::network::Network,
    categories: Vec<(String, u64)>,
    note: &'static str,
}

const NETWORK_NOTE: &str = "Nodes are actors; an arrow goes from the actor of a merged event to its recipient, thicker for more events. Filter by PLOVER category and by event date.";

async fn network(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["category", "kind", "from", "to", "limit"]);
    answer(
        &state,
        format,
        move |_, state| {
            let params = params?;
            let kind = params.choice("kind", &["person", "organization", "location", "other"])?;
            let category = params.get("category").map(str::to_uppercase);
            let from = params.date("from")?;
            let to = params.date("to")?;
            let limit = params.number("limit", 40, 2, 200)?;
            let index = state.index()?;
            let network = crate::network::network(
                index,
                &crate::network::NetworkFilter {
                    category: category.clone(),
                    kind: kind.map(entity_kind),
                    from,
                    to,
                    limit: limit as usize,
                },
            );
            Ok(NetworkData {
                category,
                kind,
                from,
                to,
                limit,
                network,
                categories: index.categories.clone(),
                note: NETWORK_NOTE,
            })
        },
        network_html,
    )
    .await
}

fn network_html(data: &NetworkData) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Network</h1><form class=\"filters\" method=\"get\" action=\"/network\"><label>category <select name=\"category\"><option value=\"\">any</option>");
    for (category, n) in &data.categories {
        html.raw("<option value=\"").text(category).raw("\"");
        if data.category.as_deref() == Some(category.as_str()) {
            html.raw(" selected");
        }
        html.raw(">")
            .text(category)
            .raw(" (")
            .num(*n)
            .raw(")</option>");
    }
    html.raw("</select></label><label>kind <select name=\"kind\"><option value=\"\">any</option>");
    for kind in ["person", "organization", "location", "other"] {
        html.raw("<option");
        if data.kind == Some(kind) {
            html.raw(" selected");
        }
        html.raw(">").raw(kind).raw("</option>");
    }
    html.raw("</select></label><label>from <input type=\"date\" name=\"from\" value=\"")
        .text(&opt_date(data.from))
        .raw("\"></label><label>to <input type=\"date\" name=\"to\" value=\"")
        .text(&opt_date(data.to))
        .raw("\"></label><label>actors <input type=\"number\" name=\"limit\" min=\"2\" max=\"200\" value=\"")
        .num(data.limit)
        .raw("\"></label><button>Apply</button></form><p class=\"note\">")
        .raw(NETWORK_NOTE)
        .raw(" ")
        .num(data.network.events)
        .raw(" events in range.</p>");
    if data.network.nodes.is_empty() {
        html.raw("<p class=\"note\">No interaction between linked actors in this range.</p>");
    } else {
        crate::network::svg(&mut html, &data.network);
        crate::network::edge_table(&mut html, &data.network);
    }
    ("Network".to_string(), Section::Network, html)
}
