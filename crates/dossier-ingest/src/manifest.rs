//! Sidecar manifests: `manifest.csv` or `manifest.jsonl` in a folder gives metadata for the
//! files of that folder (column or field `file`, relative to the folder), which wins over
//! what the files say themselves.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dossier_core::{Meta, PublishedFrom};

use crate::date::parse_date;
use crate::html::{person_names, split_authors};
use crate::skip::{SkipReason, Skipped};

/// File names recognised as manifests.
pub(crate) const MANIFEST_NAMES: [&str; 2] = ["manifest.csv", "manifest.jsonl"];

/// What a manifest says about one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManifestEntry {
    /// The manifest file this entry came from.
    pub manifest: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication or website.
    pub outlet: Option<String>,
    /// The article's address.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Authors, in order.
    pub authors: Vec<String>,
}

impl ManifestEntry {
    /// Overrides `meta` with every value this entry has; origins become `"manifest"`.
    pub fn apply(&self, meta: &mut Meta) {
        if let Some(title) = &self.title {
            meta.title = Some(title.clone());
            meta.set_origin("title", "manifest");
        }
        if let Some(outlet) = &self.outlet {
            meta.outlet = Some(outlet.clone());
            meta.set_origin("outlet", "manifest");
        }
        if let Some(url) = &self.url {
            meta.url = Some(url.clone());
            meta.set_origin("url", "manifest");
        }
        if let Some(published) = self.published {
            meta.published = Some(published);
            meta.published_from = Some(PublishedFrom::Metadata);
            meta.published_confidence = None;
            meta.set_origin("published", "manifest");
        }
        if !self.authors.is_empty() {
            meta.authors = self.authors.clone();
            meta.set_origin("authors", "manifest");
        }
    }
}

/// Reads a manifest into a map from file path (the manifest's folder joined with `file`)
/// to entry. Problems become warnings naming the manifest and line; good rows are kept.
pub(crate) fn load(path: &Path, warnings: &mut Vec<Skipped>) -> BTreeMap<PathBuf, ManifestEntry> {
    let name = path.display().to_string();
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut entries = BTreeMap::new();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) => {
            warnings.push(Skipped::new(
                name,
                SkipReason::BadManifest {
                    error: err.to_string(),
                },
            ));
            return entries;
        }
    };
    let is_csv = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    let rows = if is_csv {
        csv_rows(file, &name, warnings)
    } else {
        jsonl_rows(file, &name, warnings)
    };
    for (line, fields) in rows {
        let Some(file_name) = fields.get("file").filter(|f| !f.is_empty()) else {
            warnings.push(Skipped::new(
                format!("{name}#{line}"),
                SkipReason::BadManifest {
                    error: "row has no `file` value".to_string(),
                },
            ));
            continue;
        };
        let get = |keys: &[&str]| {
            keys.iter()
                .find_map(|key| fields.get(*key).filter(|v| !v.is_empty()).cloned())
        };
        let published = match get(&["published", "date"]) {
            Some(raw) => {
                let date = parse_date(&raw);
                if date.is_none() {
                    warnings.push(Skipped::new(
                        format!("{name}#{line}"),
                        SkipReason::BadManifest {
                            error: format!("cannot read date {raw:?}"),
                        },
                    ));
                }
                date
            }
            None => None,
        };
        let authors = get(&["authors", "author"])
            .map(|raw| {
                if raw.starts_with('[') {
                    serde_json::from_str::<serde_json::Value>(&raw)
                        .map(|v| person_names(&v))
                        .unwrap_or_else(|_| split_authors(&raw))
                } else {
                    split_authors(&raw)
                }
            })
            .unwrap_or_default();
        let entry = ManifestEntry {
            manifest: name.clone(),
            title: get(&["title"]),
            outlet: get(&["outlet", "source"]),
            url: get(&["url"]),
            published,
            authors,
        };
        entries.insert(
            crate::discover::normalise_path(&folder.join(file_name)),
            entry,
        );
    }
    entries
}

/// The rows of a CSV manifest as (line, lowercase column → value).
fn csv_rows(
    file: std::fs::File,
    name: &str,
    warnings: &mut Vec<Skipped>,
) -> Vec<(u64, BTreeMap<String, String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(std::io::BufReader::new(file));
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.to_ascii_lowercase()).collect(),
        Err(err) => {
            warnings.push(Skipped::new(
                name,
                SkipReason::BadManifest {
                    error: err.to_string(),
                },
            ));
            return Vec::new();
        }
    };
    if !headers.iter().any(|h| h == "file") {
        warnings.push(Skipped::new(
            name,
            SkipReason::BadManifest {
                error: "no `file` column in the header".to_string(),
            },
        ));
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let fields = headers
                    .iter()
                    .zip(record.iter())
                    .map(|(h, v)| (h.clone(), v.to_string()))
                    .collect();
                rows.push((line, fields));
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                warnings.push(Skipped::new(
                    format!("{name}#{line}"),
                    SkipReason::BadManifest {
                        error: err.to_string(),
                    },
                ));
                // Invalid UTF-8 or I/O errors can repeat on every row; one warning says it.
                if !matches!(err.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
    rows
}

/// The rows of a JSON Lines manifest as (line, lowercase field → value).
fn jsonl_rows(
    file: std::fs::File,
    name: &str,
    warnings: &mut Vec<Skipped>,
) -> Vec<(u64, BTreeMap<String, String>)> {
    let mut rows = Vec::new();
    for (idx, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line_no = idx as u64 + 1;
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                warnings.push(Skipped::new(
                    format!("{name}#{line_no}"),
                    SkipReason::BadManifest {
                        error: err.to_string(),
                    },
                ));
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(serde_json::Value::Object(map)) => {
                let fields = map
                    .into_iter()
                    .filter_map(|(key, value)| {
                        let text = match value {
                            serde_json::Value::String(s) => s,
                            serde_json::Value::Null => return None,
                            other => other.to_string(),
                        };
                        Some((key.to_ascii_lowercase(), text.trim().to_string()))
                    })
                    .collect();
                rows.push((line_no, fields));
            }
            Ok(_) => warnings.push(Skipped::new(
                format!("{name}#{line_no}"),
                SkipReason::BadManifest {
                    error: "line is not a json object".to_string(),
                },
            )),
            Err(err) => warnings.push(Skipped::new(
                format!("{name}#{line_no}"),
                SkipReason::BadManifest {
                    error: err.to_string(),
                },
            )),
        }
    }
    rows
}
