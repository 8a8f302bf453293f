//! The routes: one handler per page, each computing a serialisable answer once and
//! rendering it either as HTML (`/x`) or as JSON (`/api/x`).

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dossier_core::{Doc, EntityKind};
use dossier_store::{Counts, DocFilter, DocSummary, SearchHit, SearchOptions, Store};
use serde::Serialize;

use crate::corpus::{self, Actor, Corpus, DocRef, ItemKind, QuoteRef, TimelineItem};
use crate::html::Html;
use crate::params::{Paging, Params};
use crate::render::{self, kind_class, page, pager, Query, Section};
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
    to_html: fn(&D, &Corpus) -> (String, Section, Html),
) -> Response
where
    D: Serialize + Send + 'static,
    F: FnOnce(&Store, &Corpus) -> Result<D, WebError> + Send + 'static,
{
    match state.with_store(compute).await {
        Ok(data) => match format {
            Format::Json => json_response(StatusCode::OK, &data),
            Format::Html => {
                let (title, section, body) = to_html(&data, state.corpus());
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
    actors: usize,
    outlets: Vec<(String, u64)>,
    first_date: Option<String>,
    last_date: Option<String>,
    endpoints: &'static [&'static str],
}

async fn home(State(state): State<AppState>, format: Format) -> Response {
    answer(
        &state,
        format,
        |_, corpus| {
            Ok(HomeData {
                counts: corpus.counts,
                actors: corpus.actors.len(),
                outlets: corpus
                    .outlets
                    .iter()
                    .map(|(name, n)| (name.clone(), *n))
                    .collect(),
                first_date: corpus.timeline.first().map(|item| item.date.clone()),
                last_date: corpus.timeline.last().map(|item| item.date.clone()),
                endpoints: &[
                    "/api/documents?outlet=&from=&to=&page=&per_page=",
                    "/api/doc/{id}",
                    "/api/search?q=&actor=&outlet=&from=&to=&page=&per_page=",
                    "/api/actors?kind=&name=&page=&per_page=",
                    "/api/actor?key=",
                    "/api/timeline?period=&kind=&page=&per_page=",
                    "/api/network?kind=&from=&to=&limit=",
                    "/api/network?kind=&from=&to=&limit=",
                ],
            })
        },
        home_html,
    )
    .await
}

fn home_html(data: &HomeData, corpus: &Corpus) -> (String, Section, Html) {
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
        .num(data.actors as u64)
        .raw(" actors.");
    if let (Some(first), Some(last)) = (&data.first_date, &data.last_date) {
        html.raw(" Dates from ")
            .text(first)
            .raw(" to ")
            .text(last)
            .raw(".");
    }
    html.raw(
        "</p><div class=\"cols\"><section><h2>Most mentioned actors</h2><ol class=\"actors\">",
    );
    for actor in corpus.actors.iter().take(15) {
        actor_link(&mut html, actor);
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

fn actor_link(html: &mut Html, actor: &Actor) {
    html.raw("<li><a class=\"ent ")
        .raw(kind_class(actor.kind))
        .raw("\" href=\"/actor?key=")
        .url(&actor.key)
        .raw("\">")
        .text(&actor.name)
        .raw("<span class=\"lbl\">")
        .raw(render::kind_label(actor.kind))
        .raw("</span></a> <span class=\"count\">")
        .num(actor.n_mentions)
        .raw(" mentions in ")
        .num(actor.docs.len() as u64)
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

fn documents_html(data: &DocumentsData, _: &Corpus) -> (String, Section, Html) {
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
    /// For each mention, the key of its actor (`/api/actor?key=`).
    mention_actors: Vec<Option<String>>,
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
            let mention_actors = corpus::mention_keys(&doc);
            Ok(DocData {
                doc,
                mention_actors,
            })
        },
        document_html,
    )
    .await
}

fn document_html(data: &DocData, _: &Corpus) -> (String, Section, Html) {
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
            .map(|key| format!("/actor?key={}", crate::html::url_encode(key)))
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
                .text(&corpus::truncate(doc.slice(quote.span), 200))
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
}

/// Hits fetched when filtering by actor, which happens after the full-text search.
const ACTOR_FILTER_WINDOW: u64 = 1000;

async fn search(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(
        &raw,
        &["q", "actor", "outlet", "from", "to", "page", "per_page"],
    );
    answer(
        &state,
        format,
        move |store, corpus| {
            let params = params?;
            let paging = params.paging(20)?;
            let q = params.get("q").map(str::to_string);
            let actor = params.get("actor").map(str::to_string);
            let actor_docs = match &actor {
                Some(key) => Some(
                    corpus
                        .actor(key)
                        .map(|(_, actor)| actor.docs.clone())
                        .ok_or_else(|| {
                            WebError::BadRequest(format!("parameter \"actor\": no actor {key:?}"))
                        })?,
                ),
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
                    let all = store.search(query, &options).map_err(bad_query)?;
                    hits = all
                        .into_iter()
                        .filter(|hit| {
                            corpus
                                .doc_by_id
                                .get(&hit.doc_id)
                                .is_some_and(|idx| docs.contains(idx))
                        })
                        .skip(paging.offset() as usize)
                        .take(paging.per_page as usize + 1)
                        .collect();
                } else {
                    hits = store.search(query, &options).map_err(bad_query)?;
                }
            }
            let has_next = hits.len() as u64 > paging.per_page;
            hits.truncate(paging.per_page as usize);
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

fn search_html(data: &SearchData, corpus: &Corpus) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Search</h1><form class=\"filters\" method=\"get\" action=\"/search\">")
        .raw("<input type=\"search\" name=\"q\" id=\"q\" autofocus placeholder=\"words, &quot;a phrase&quot;, prefix*\" value=\"")
        .text(data.q.as_deref().unwrap_or("")).raw("\"><label>actor <select name=\"actor\"><option value=\"\">any</option>");
    for actor in corpus.actors.iter().take(300) {
        html.raw("<option value=\"").text(&actor.key).raw("\"");
        if data.actor.as_deref() == Some(actor.key.as_str()) {
            html.raw(" selected");
        }
        html.raw(">")
            .text(&actor.name)
            .raw(" (")
            .raw(actor.kind.as_str())
            .raw(")</option>");
    }
    html.raw(
        "</select></label><label>outlet <select name=\"outlet\"><option value=\"\">any</option>",
    );
    for outlet in corpus.outlets.keys() {
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
    key: String,
    name: String,
    kind: EntityKind,
    mentions: u64,
    documents: usize,
    quotes: usize,
}

#[derive(Serialize)]
struct ActorsData {
    kind: Option<&'static str>,
    name: Option<String>,
    page: u64,
    per_page: u64,
    total: usize,
    has_next: bool,
    actors: Vec<ActorRow>,
    note: &'static str,
}

const ACTORS_NOTE: &str = "Actors are entity mentions grouped by kind and name across documents (a surname after the full name joins it within a document); cross-document resolution will replace this grouping.";

async fn actors(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["kind", "name", "page", "per_page"]);
    answer(
        &state,
        format,
        move |_, corpus| {
            let params = params?;
            let paging = params.paging(100)?;
            let kind = params.choice("kind", &["person", "organization", "location", "other"])?;
            let name = params.get("name").map(str::to_lowercase);
            let matching: Vec<&Actor> = corpus
                .actors
                .iter()
                .filter(|actor| kind.is_none_or(|kind| actor.kind.as_str() == kind))
                .filter(|actor| {
                    name.as_ref()
                        .is_none_or(|name| actor.key.contains(name.as_str()))
                })
                .collect();
            let rows = paging
                .slice(&matching)
                .iter()
                .map(|actor| ActorRow {
                    key: actor.key.clone(),
                    name: actor.name.clone(),
                    kind: actor.kind,
                    mentions: actor.n_mentions,
                    documents: actor.docs.len(),
                    quotes: actor.quotes.len(),
                })
                .collect();
            Ok(ActorsData {
                kind,
                name,
                page: paging.page,
                per_page: paging.per_page,
                total: matching.len(),
                has_next: paging.offset().saturating_add(paging.per_page) < matching.len() as u64,
                actors: rows,
                note: ACTORS_NOTE,
            })
        },
        actors_html,
    )
    .await
}

fn actors_html(data: &ActorsData, _: &Corpus) -> (String, Section, Html) {
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
        .num(data.total as u64)
        .raw(" actors. ")
        .raw(ACTORS_NOTE)
        .raw("</p>");
    html.raw("<table class=\"list\"><thead><tr><th>actor</th><th>kind</th><th>mentions</th><th>documents</th><th>quotes</th></tr></thead><tbody>");
    for row in &data.actors {
        html.raw("<tr><td><a class=\"ent ")
            .raw(kind_class(row.kind))
            .raw("\" href=\"/actor?key=")
            .url(&row.key)
            .raw("\">")
            .text(&row.name)
            .raw("</a></td><td>")
            .raw(row.kind.as_str())
            .raw("</td><td class=\"count\">")
            .num(row.mentions)
            .raw("</td><td class=\"count\">")
            .num(row.documents as u64)
            .raw("</td><td class=\"count\">")
            .num(row.quotes as u64)
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

#[derive(Serialize)]
struct ActorDocument {
    #[serde(flatten)]
    doc: DocRef,
    /// First sentence mentioning the actor.
    sentence: u32,
}

#[derive(Serialize)]
struct CoActor {
    key: String,
    name: String,
    kind: EntityKind,
    shared_documents: u64,
}

#[derive(Serialize)]
struct ActorData {
    key: String,
    name: String,
    kind: EntityKind,
    aliases: Vec<String>,
    mentions: u64,
    documents: Vec<ActorDocument>,
    quotes: Vec<QuoteOut>,
    co_actors: Vec<CoActor>,
    /// Roles over time need cross-document resolution; empty until dossier-link stores them.
    roles: Vec<String>,
    /// Dated events naming the actor (as actor or recipient), by date.
    events: Vec<ItemOut>,
    note: &'static str,
}

#[derive(Serialize)]
struct QuoteOut {
    doc: String,
    sentence: u32,
    text: String,
    kind: dossier_core::QuoteKind,
    speaker: String,
}

impl QuoteOut {
    fn of(quote: &QuoteRef, corpus: &Corpus) -> QuoteOut {
        QuoteOut {
            doc: corpus
                .docs
                .get(quote.doc)
                .map(|d| d.id.clone())
                .unwrap_or_default(),
            sentence: quote.sentence,
            text: quote.text.clone(),
            kind: quote.kind,
            speaker: quote.speaker.clone(),
        }
    }
}

async fn actor(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["key"]);
    answer(&state, format, move |_, corpus| {
        let params = params?;
        let key = params.get("key").ok_or_else(|| WebError::BadRequest("parameter \"key\" is required (kind/name, as /api/actors lists)".to_string()))?;
        let (_, actor) = corpus.actor(key).ok_or_else(|| WebError::NotFound(format!("no actor {key:?}")))?;
        let documents = actor
            .docs
            .iter()
            .zip(&actor.first_sentence)
            .filter_map(|(&idx, &sentence)| Some(ActorDocument { doc: corpus.docs.get(idx)?.clone(), sentence }))
            .collect();
        let co_actors = actor
            .co_actors
            .iter()
            .take(50)
            .filter_map(|&(idx, n)| {
                let other = corpus.actors.get(idx)?;
                Some(CoActor { key: other.key.clone(), name: other.name.clone(), kind: other.kind, shared_documents: n })
            })
            .collect();
        Ok(ActorData {
            key: actor.key.clone(),
            name: actor.name.clone(),
            kind: actor.kind,
            aliases: actor.aliases.clone(),
            mentions: actor.n_mentions,
            documents,
            quotes: actor.quotes.iter().map(|q| QuoteOut::of(q, corpus)).collect(),
            co_actors,
            roles: Vec::new(),
            events: actor
                .events
                .iter()
                .map(|item| item_out(item, corpus))
                .collect(),
            note: "Roles over time appear here once this page reads the resolved entities of the store; events are matched to the actor by name.",
        })
    }, actor_html)
    .await
}

fn actor_html(data: &ActorData, _: &Corpus) -> (String, Section, Html) {
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
        .num(data.documents.len() as u64)
        .raw(" documents. <a href=\"/search?actor=")
        .url(&data.key)
        .raw("&amp;q=")
        .url(data.name.split_whitespace().last().unwrap_or(&data.name))
        .raw("\">Search their sentences</a> · <a href=\"/api/actor?key=")
        .url(&data.key)
        .raw("\">JSON</a></p>");
    html.raw("<p><strong>Also written:</strong> ");
    for (idx, alias) in data.aliases.iter().enumerate() {
        if idx > 0 {
            html.raw(", ");
        }
        html.text(alias);
    }
    html.raw("</p><p class=\"note\">")
        .raw(data.note)
        .raw("</p><div class=\"cols\"><section><h2>Documents</h2><ol class=\"docs\">");
    for doc in &data.documents {
        html.raw("<li><time>")
            .text(&opt_date(doc.doc.published))
            .raw("</time> <a href=\"/doc/")
            .url(&doc.doc.id)
            .raw("#s")
            .num(u64::from(doc.sentence))
            .raw("\">")
            .text(doc.doc.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a> <span class=\"src\">")
            .text(doc.doc.outlet.as_deref().unwrap_or(""))
            .raw("</span></li>");
    }
    html.raw("</ol>");
    if !data.events.is_empty() {
        html.raw("<h2>Events</h2><ol class=\"timeline\">");
        for event in &data.events {
            html.raw("<li class=\"item k-event\"");
            if let Some(category) = &event.category {
                html.raw(" data-plover=\"").text(category).raw("\"");
            }
            html.raw("><time>")
                .text(&event.date)
                .raw("</time> <a href=\"/doc/")
                .url(&event.doc)
                .raw("#s")
                .num(u64::from(event.sentence))
                .raw("\"><span class=\"plover\">")
                .text(event.category.as_deref().unwrap_or("event"))
                .raw("</span> ")
                .text(&event.label)
                .raw("</a>");
            if let Some(modality) = event.modality.as_deref().filter(|m| *m != "asserted") {
                html.raw(" <span class=\"modality\">")
                    .text(modality)
                    .raw("</span>");
            }
            html.raw(" <span class=\"src\">")
                .text(event.outlet.as_deref().unwrap_or(""))
                .raw("</span></li>");
        }
        html.raw("</ol>");
    }
    html.raw("<h2>Quotes</h2>");
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
            .text(&corpus::truncate(&quote.text, 300))
            .raw("”</a> <span class=\"who\">(")
            .raw(quote.kind.as_str())
            .raw(")</span></li>");
    }
    html.raw("</ul></section><section><h2>Co-actors</h2><ol class=\"actors\">");
    for co in &data.co_actors {
        html.raw("<li><a class=\"ent ")
            .raw(kind_class(co.kind))
            .raw("\" href=\"/actor?key=")
            .url(&co.key)
            .raw("\">")
            .text(&co.name)
            .raw("</a> <span class=\"count\">")
            .num(co.shared_documents)
            .raw(" shared documents</span></li>");
    }
    html.raw("</ol></section></div>");
    (data.name.clone(), Section::Actors, html)
}

// ---------------------------------------------------------------------------------------
// Timeline

#[derive(Serialize)]
struct Bucket {
    period: String,
    items: u64,
    publications: u64,
    time_expressions: u64,
    events: u64,
}

#[derive(Serialize)]
struct ItemOut {
    kind: ItemKind,
    date: String,
    date_text: String,
    doc: String,
    sentence: u32,
    label: String,
    outlet: Option<String>,
    title: Option<String>,
    /// For events: PLOVER category and modality.
    category: Option<String>,
    modality: Option<String>,
}

#[derive(Serialize)]
struct TimelineData {
    period: Option<String>,
    /// `year`, `month` or `day`: what the buckets are.
    zoom: &'static str,
    kind: Option<&'static str>,
    buckets: Vec<Bucket>,
    total: usize,
    page: u64,
    per_page: u64,
    has_next: bool,
    items: Vec<ItemOut>,
    note: &'static str,
}

const TIMELINE_NOTE: &str = "Events are not in the database yet: this timeline shows dated time expressions (each with its sentence) and publication dates. Events will appear here, coloured by PLOVER category, once they are stored.";
const TIMELINE_EVENTS_NOTE: &str = "Events (coloured by PLOVER category, with their modality), dated time expressions and publication dates; each links to its sentence. Events are listed per report: the same event told by several outlets appears once per outlet.";

async fn timeline(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["period", "kind", "page", "per_page"]);
    answer(&state, format, move |_, corpus| {
        let params = params?;
        let paging = params.paging(100)?;
        let kind = params.choice("kind", &["event", "time_expression", "publication"])?;
        let period = params.get("period").map(str::to_string);
        let (zoom, child_len) = match period.as_deref().map(period_kind) {
            None => ("year", 4),
            Some(Some(4)) => ("month", 7),
            Some(Some(7)) => ("day", 10),
            Some(Some(_)) => ("day", 10),
            Some(None) => {
                return Err(WebError::BadRequest(format!(
                    "parameter \"period\" must be a year (2017), a month (2017-05) or a day (2017-05-23), not {:?}",
                    period.unwrap_or_default()
                )))
            }
        };
        let items = period_items(&corpus.timeline, period.as_deref().unwrap_or(""));
        let mut buckets: Vec<Bucket> = Vec::new();
        let mut selected: Vec<&TimelineItem> = Vec::new();
        for item in items {
            if kind.is_some_and(|kind| item.kind.as_str() != kind) {
                continue;
            }
            selected.push(item);
            let Some(child) = item.date.get(..child_len) else {
                continue;
            };
            if period.as_deref().is_some_and(|p| p.len() >= child_len) {
                continue;
            }
            if buckets.last().is_none_or(|bucket| bucket.period != child) {
                buckets.push(Bucket { period: child.to_string(), items: 0, publications: 0, time_expressions: 0, events: 0 });
            }
            if let Some(bucket) = buckets.last_mut() {
                bucket.items += 1;
                match item.kind {
                    ItemKind::Publication => bucket.publications += 1,
                    ItemKind::TimeExpression => bucket.time_expressions += 1,
                    ItemKind::Event => bucket.events += 1,
                }
            }
        }
        let items = paging
            .slice(&selected)
            .iter()
            .map(|item| item_out(item, corpus))
            .collect();
        Ok(TimelineData {
            period,
            zoom,
            kind,
            buckets,
            total: selected.len(),
            page: paging.page,
            per_page: paging.per_page,
            has_next: paging.offset().saturating_add(paging.per_page) < selected.len() as u64,
            items,
            note: if corpus.n_events > 0 {
                TIMELINE_EVENTS_NOTE
            } else {
                TIMELINE_NOTE
            },
        })
    }, timeline_html)
    .await
}

/// A timeline item as answered, with its document's id, outlet and title.
fn item_out(item: &TimelineItem, corpus: &Corpus) -> ItemOut {
    let doc = corpus.docs.get(item.doc);
    ItemOut {
        kind: item.kind,
        date: item.date.clone(),
        date_text: item.date_text.clone(),
        doc: doc.map(|d| d.id.clone()).unwrap_or_default(),
        sentence: item.sentence,
        label: item.label.clone(),
        outlet: doc.and_then(|d| d.outlet.clone()),
        title: doc.and_then(|d| d.title.clone()),
        category: item.category.clone(),
        modality: item.modality.clone(),
    }
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

/// The items dated within `period` (a date prefix): a contiguous run of the sorted timeline.
fn period_items<'a>(timeline: &'a [TimelineItem], period: &str) -> &'a [TimelineItem] {
    let start = timeline.partition_point(|item| item.date.as_str() < period);
    let rest = timeline.get(start..).unwrap_or(&[]);
    let len = rest.partition_point(|item| item.date.starts_with(period));
    rest.get(..len).unwrap_or(&[])
}

fn timeline_html(data: &TimelineData, _: &Corpus) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Timeline");
    if let Some(period) = &data.period {
        html.raw(" · ").text(period);
    }
    html.raw("</h1><p class=\"note\">")
        .raw(data.note)
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
    html.raw("<label>show <select name=\"kind\"><option value=\"\">everything</option>");
    for (value, label) in [
        ("event", "events"),
        ("time_expression", "time expressions"),
        ("publication", "publications"),
    ] {
        html.raw("<option value=\"").raw(value).raw("\"");
        if data.kind == Some(value) {
            html.raw(" selected");
        }
        html.raw(">").raw(label).raw("</option>");
    }
    html.raw("</select></label><button>Apply</button></form>");
    if !data.buckets.is_empty() {
        let max = data
            .buckets
            .iter()
            .map(|b| b.items)
            .max()
            .unwrap_or(1)
            .max(1);
        html.raw("<h2>By ")
            .raw(data.zoom)
            .raw("</h2><ol class=\"buckets\">");
        for bucket in &data.buckets {
            let width = bucket.items * 100 / max;
            html.raw("<li><a href=\"/timeline?period=")
                .url(&bucket.period);
            if let Some(kind) = data.kind {
                html.raw("&amp;kind=").raw(kind);
            }
            html.raw("\"><span class=\"period\">")
                .text(&bucket.period)
                .raw("</span><span class=\"bar w")
                .num(width.div_ceil(5) * 5)
                .raw("\"></span><span class=\"count\">")
                .num(bucket.items)
                .raw("</span></a></li>");
        }
        html.raw("</ol>");
    }
    html.raw("<h2>Items</h2><p class=\"note\">")
        .num(data.total as u64)
        .raw(" dated items.</p><ol class=\"timeline\">");
    for item in &data.items {
        html.raw("<li class=\"item k-")
            .raw(item.kind.as_str())
            .raw("\"");
        if let Some(category) = &item.category {
            html.raw(" data-plover=\"").text(category).raw("\"");
        }
        html.raw("><time>")
            .text(&item.date)
            .raw("</time> <a class=\"item-link\" href=\"/doc/")
            .url(&item.doc)
            .raw("#s")
            .num(u64::from(item.sentence))
            .raw("\">");
        match item.kind {
            ItemKind::TimeExpression => {
                html.raw("<mark class=\"timex\">")
                    .text(&item.date_text)
                    .raw("</mark> ")
                    .text(&item.label);
            }
            ItemKind::Publication => {
                html.raw("published: ").text(&item.label);
            }
            ItemKind::Event => {
                html.raw("<span class=\"plover\">")
                    .text(item.category.as_deref().unwrap_or("event"))
                    .raw("</span> ")
                    .text(&item.label);
                if let Some(modality) = item.modality.as_deref().filter(|m| *m != "asserted") {
                    html.raw(" <span class=\"modality\">")
                        .text(modality)
                        .raw("</span>");
                }
            }
        }
        html.raw("</a> <span class=\"src\">")
            .text(item.outlet.as_deref().unwrap_or(""))
            .raw("</span></li>");
    }
    html.raw("</ol>");
    let query = Query::default()
        .with("period", data.period.as_ref())
        .with("kind", data.kind)
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
    kind: Option<&'static str>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    limit: u64,
    #[serde(flatten)]
    network: crate::network::Network,
    note: &'static str,
}

const NETWORK_NOTE: &str = "Edges join actors mentioned in the same documents (weight: shared documents); they will become interactions once events are stored.";

async fn network(State(state): State<AppState>, raw: RawQuery, format: Format) -> Response {
    let params = parse(&raw, &["kind", "from", "to", "limit"]);
    answer(
        &state,
        format,
        move |_, corpus| {
            let params = params?;
            let kind = params.choice("kind", &["person", "organization", "location", "other"])?;
            let entity_kind = kind.map(|kind| match kind {
                "person" => EntityKind::Person,
                "organization" => EntityKind::Organization,
                "location" => EntityKind::Location,
                _ => EntityKind::Other,
            });
            let from = params.date("from")?;
            let to = params.date("to")?;
            let limit = params.number("limit", 40, 2, 200)?;
            let network = crate::network::network(corpus, entity_kind, from, to, limit as usize);
            Ok(NetworkData {
                kind,
                from,
                to,
                limit,
                network,
                note: NETWORK_NOTE,
            })
        },
        network_html,
    )
    .await
}

fn network_html(data: &NetworkData, _: &Corpus) -> (String, Section, Html) {
    let mut html = Html::new();
    html.raw("<h1>Network</h1><form class=\"filters\" method=\"get\" action=\"/network\"><label>kind <select name=\"kind\"><option value=\"\">any</option>");
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
        .raw("</p>");
    if data.network.nodes.is_empty() {
        html.raw("<p class=\"note\">No actors in this range.</p>");
    } else {
        crate::network::svg(&mut html, &data.network);
    }
    ("Network".to_string(), Section::Network, html)
}
