/*!
The local web interface of dossier and its self-contained HTML report.

# Brief overview

[`serve`] runs an axum server over a database opened read-only: the merged timeline (one
row per happening with its outlet count, every source passage, date conflicts, modality and
PLOVER category; zoom year → month → day), actors (the entities linked across documents by
the link stage: aliases, dated roles with their source sentences, events, quotes,
counterparts), the interaction network (who acts on whom, from the merged events),
documents (cleaned text with mentions, time expressions and quotes highlighted, removed
boilerplate collapsed, metadata with where each field came from) and full-text search with
filters; every page has a JSON counterpart under `/api/`. [`write_report`] writes the
timeline, actors, quotes and sources as one HTML file with inline CSS and no script or
external request, for sharing by e-mail.

Every string that comes from an article goes through one escaping function
([`html::escape_into`]); markup can only be added as `'static` literals of this crate.
Responses carry a Content-Security-Policy that allows nothing but the app's own assets,
which are compiled into the binary. Bad query parameters get `400` with a message.

Pages read the store with bounded SQL queries (`dossier_store::Store::timeline_page`,
`entity_page`, `search_ranked`, ...), so the server listens at once whatever the corpus size.
Only who-acts-on-whom needs an in-memory [`index::Index`] (participants live in each
event's JSON record); it is built on a background thread at startup.

# Example

```
use dossier_core::{Doc, Meta};
use dossier_store::Store;

let dir = tempfile::tempdir()?;
let db = dir.path().join("dossier.db");
let mut store = Store::open(&db)?;
let meta = Meta { title: Some("<script>alert(1)</script>".to_string()), ..Meta::default() };
store.insert_docs(&[Doc::new(meta, "An article.".to_string())])?;
drop(store);

let out = dir.path().join("report.html");
let summary = dossier_web::write_report(&db, &out)?;
assert_eq!(summary.documents, 1);
let html = std::fs::read_to_string(&out)?;
assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/
#![deny(missing_docs)]

pub mod html;
pub mod index;
mod network;
mod pages;
mod params;
mod render;
mod report;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use dossier_store::{Store, StoreError};

pub use report::ReportSummary;

/// What can go wrong serving or reporting.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The database could not be opened or read.
    #[error("database: {0}")]
    Store(#[from] StoreError),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The server could not listen on the address.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The async runtime could not start or the server stopped with an error.
    #[error("server: {0}")]
    Server(std::io::Error),
    /// A request parameter was invalid (answered with 400).
    #[error("{0}")]
    BadRequest(String),
    /// The requested item does not exist (answered with 404).
    #[error("{0}")]
    NotFound(String),
    /// A worker thread failed (answered with 500).
    #[error("internal error: {0}")]
    Internal(String),
}

/// Where and what to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The database, opened read-only.
    pub db: PathBuf,
    /// The address to listen on; the CLI defaults it to `127.0.0.1:8080` so that nothing
    /// outside the machine can connect unless asked.
    pub addr: SocketAddr,
}

/// Runs the web app until the process is stopped. Blocking: it builds its own tokio
/// runtime. Prints the URL to stderr once listening.
pub fn serve(options: ServeOptions) -> Result<(), WebError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(WebError::Server)?;
    let app = router(options.db.clone())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|source| WebError::Bind {
                addr: options.addr,
                source,
            })?;
        let local = listener.local_addr().map_err(WebError::Server)?;
        eprintln!(
            "dossier: serving {} at http://{local}/",
            options.db.display()
        );
        axum::serve(listener, app).await.map_err(WebError::Server)
    })
}

/// The app's routes over the database at `db` (opened read-only), for [`serve`] and tests.
/// Checks the database opens, then starts building the interaction index on a background
/// thread; pages that need it wait for it.
pub fn router(db: PathBuf) -> Result<axum::Router, WebError> {
    let store = Store::open_read_only(&db)?;
    let state = AppState {
        inner: Arc::new(Shared {
            db,
            pool: Mutex::new(vec![store]),
            index: OnceLock::new(),
        }),
    };
    let warm = state.clone();
    std::thread::spawn(move || {
        let _ = warm.index();
    });
    Ok(pages::routes(state))
}

/// Writes the self-contained HTML report of the database at `db` to `out`.
pub fn write_report(db: &Path, out: &Path) -> Result<ReportSummary, WebError> {
    let store = Store::open_read_only(db)?;
    let index = index::Index::build(&store)?;
    let (html, summary) = report::render(&store, &index)?;
    std::fs::write(out, html).map_err(|source| WebError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    Ok(summary)
}

/// Most idle read-only connections kept; more are opened under load and closed after.
const POOL_MAX: usize = 8;

/// What every request shares.
#[derive(Clone)]
pub(crate) struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    db: PathBuf,
    pool: Mutex<Vec<Store>>,
    /// Built once, on first use (the router starts that at once on another thread).
    index: OnceLock<Result<index::Index, String>>,
}

impl AppState {
    /// The interaction index, built on first use (callers meanwhile wait).
    pub(crate) fn index(&self) -> Result<&index::Index, WebError> {
        self.inner
            .index
            .get_or_init(|| {
                let store = Store::open_read_only(&self.inner.db).map_err(|e| e.to_string())?;
                index::Index::build(&store).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|err| WebError::Internal(format!("interaction index: {err}")))
    }

    /// Runs `work` with a read-only store on a blocking thread, so SQLite never stalls the
    /// async workers. A `Store` is not `Sync`, so each call takes one from the pool.
    pub(crate) async fn with_store<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &AppState) -> Result<T, WebError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = state.inner.pool.lock().ok().and_then(|mut pool| pool.pop());
            let store = match pooled {
                Some(store) => store,
                None => Store::open_read_only(&state.inner.db)?,
            };
            let result = work(&store, &state);
            if let Ok(mut pool) = state.inner.pool.lock() {
                if pool.len() < POOL_MAX {
                    pool.push(store);
                }
            }
            result
        })
        .await
        .map_err(|err| WebError::Internal(err.to_string()))?
    }
}
