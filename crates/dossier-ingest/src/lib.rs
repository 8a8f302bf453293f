/*!
Readers: files, folders and standard input to raw articles.

# Brief overview

[`discover`] turns the command line's inputs (files, folders, `-` for standard input) into a
sorted, deterministic list of [`InputItem`]s, each with the entry of a sidecar manifest
(`manifest.csv` or `manifest.jsonl` in the file's folder) when there is one.
[`read_item`] reads one item into [`RawArticle`]s: it detects the format by extension and
content (plain text, Markdown, HTML, JSON Lines, WARC, RSS/Atom, each optionally gzipped),
decodes the bytes to UTF-8, extracts the main text of HTML pages with `rs-trafilatura`, and
fills the metadata the container gives (title, outlet, authors, url, publication date), with
where each value came from in [`Meta::origins`](dossier_core::Meta::origins).

[`read_item_each`] does the same but hands each article to a callback as soon as it is
read, and [`read_reader`] reads an already open stream. [`eval::score_extraction`] scores the
HTML reader on trafilatura's benchmark format.

Nothing is dropped unseen: every input or record left out is a [`Skipped`] with a
[`SkipReason`], repairs are warnings, and HTML page furniture is kept as removed blocks.
Cleaning the text (normalisation, boilerplate lines, metadata in the text) is not done here.

Large containers (JSON Lines, WARC) are streamed, so memory stays bounded by
[`ReadOptions::max_article_bytes`]; other files are refused above
[`ReadOptions::max_file_bytes`] without being read.

# Example

```
use dossier_ingest::{discover, read_item, ReadOptions};

let dir = tempfile::tempdir()?;
std::fs::write(dir.path().join("a.md"), "# A headline\n\nFirst *paragraph*.\n\nSecond.")?;
std::fs::write(dir.path().join("b.pdf"), "%PDF-1.7 ...")?;

let discovery = discover(&[dir.path().display().to_string()]);
assert_eq!(discovery.items.len(), 2);
let outcome = read_item(&discovery.items[0], &ReadOptions::default());
let article = &outcome.articles[0];
assert_eq!(article.meta.title.as_deref(), Some("A headline"));
assert_eq!(article.body, "First paragraph.\n\nSecond.");
let outcome = read_item(&discovery.items[1], &ReadOptions::default());
assert_eq!(outcome.skipped[0].reason.kind(), "unsupported");
# Ok::<(), std::io::Error>(())
```
*/
#![deny(missing_docs)]

mod date;
mod decode;
mod discover;
pub mod eval;
mod feed;
mod html;
mod jsonl;
mod manifest;
mod read;
mod skip;
mod text;
mod warc;

use std::path::PathBuf;

use dossier_core::RawArticle;

pub use date::parse_date;
pub use discover::discover;
pub use manifest::ManifestEntry;
pub use read::{read_item, read_item_each, read_reader};
pub use skip::{SkipReason, Skipped};

/// What [`discover`] found: the inputs to read, in order, and what was left out.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    /// Inputs to read, in the order given; folders are walked recursively, sorted by name.
    pub items: Vec<InputItem>,
    /// Paths that will not be read (unreadable, symlink loops, hidden, not regular files).
    pub skipped: Vec<Skipped>,
    /// Problems that do not stop reading, such as a malformed manifest.
    pub warnings: Vec<Skipped>,
}

/// Where an input comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum InputSource {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file.
    File(PathBuf),
}

/// One input to read: a file (with its manifest entry, if any) or standard input.
#[derive(Clone, Debug, PartialEq)]
pub struct InputItem {
    /// The file or standard input.
    pub source: InputSource,
    /// What a sidecar manifest says about this file; its values win over the file's own.
    pub manifest: Option<ManifestEntry>,
}

impl InputItem {
    /// A file input without manifest entry.
    pub fn file(path: impl Into<PathBuf>) -> InputItem {
        InputItem {
            source: InputSource::File(path.into()),
            manifest: None,
        }
    }

    /// The standard-input input.
    pub fn stdin() -> InputItem {
        InputItem {
            source: InputSource::Stdin,
            manifest: None,
        }
    }

    /// The name used in `source_path` and in skip reports: the path as given, or `-`.
    pub fn display_name(&self) -> String {
        match &self.source {
            InputSource::Stdin => "-".to_string(),
            InputSource::File(path) => path.display().to_string(),
        }
    }
}

/// Limits for reading one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest plain text, Markdown, HTML or feed file read (they are read whole).
    pub max_file_bytes: u64,
    /// Largest single article inside a streamed container (a JSON line, a WARC record).
    pub max_article_bytes: u64,
}

impl Default for ReadOptions {
    /// 64 MiB per whole file, 8 MiB per article inside a container.
    fn default() -> ReadOptions {
        ReadOptions {
            max_file_bytes: 64 * 1024 * 1024,
            max_article_bytes: 8 * 1024 * 1024,
        }
    }
}

/// What reading one input gave.
#[derive(Clone, Debug, Default)]
pub struct ReadOutcome {
    /// Articles, in the order they appear in the input.
    pub articles: Vec<RawArticle>,
    /// The input, or records of it, that were left out, with reasons.
    pub skipped: Vec<Skipped>,
    /// Repairs made while reading (e.g. invalid UTF-8 read as Windows-1252).
    pub warnings: Vec<Skipped>,
}
