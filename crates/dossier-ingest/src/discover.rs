//! Turning command-line inputs into a sorted list of items: folders walked recursively
//! (following links, with loop detection), manifests loaded and attached to their files.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::manifest::{self, ManifestEntry, MANIFEST_NAMES};
use crate::skip::{SkipReason, Skipped};
use crate::{Discovery, InputItem, InputSource};

/// Finds the inputs to read: `-` is standard input; files are taken as given; folders are
/// walked recursively in name order. Manifests found beside files are attached to them and
/// are not read as articles themselves. Never fails: problems are listed in the result.
pub fn discover(inputs: &[String]) -> Discovery {
    let mut discovery = Discovery::default();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut manifests: Vec<PathBuf> = Vec::new();
    let mut stdin_seen = false;
    let mut order: Vec<Option<usize>> = Vec::new();

    for input in inputs {
        if input == "-" {
            if !stdin_seen {
                stdin_seen = true;
                order.push(None);
            }
            continue;
        }
        let path = PathBuf::from(input);
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(err) => {
                discovery
                    .skipped
                    .push(Skipped::new(input.clone(), io_reason(&err, &path)));
                continue;
            }
        };
        if metadata.is_dir() {
            walk(
                &path,
                &mut files,
                &mut manifests,
                &mut discovery,
                &mut order,
            );
        } else if metadata.is_file() {
            if is_manifest(&path) {
                manifests.push(path);
                continue;
            }
            // A file named directly may have a manifest beside it.
            let sibling_folder = path.parent().unwrap_or(Path::new(""));
            for name in MANIFEST_NAMES {
                let candidate = sibling_folder.join(name);
                if candidate.is_file() {
                    manifests.push(candidate);
                }
            }
            order.push(Some(files.len()));
            files.push(path);
        } else {
            discovery.skipped.push(Skipped::new(
                input.clone(),
                SkipReason::Unsupported {
                    what: "not a regular file (device, socket or pipe)".to_string(),
                },
            ));
        }
    }

    let entries = load_manifests(manifests, &mut discovery.warnings);
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for slot in order {
        match slot {
            None => discovery.items.push(InputItem::stdin()),
            Some(idx) => {
                let Some(path) = files.get(idx) else { continue };
                let key = normalise_path(path);
                if !seen.insert(key.clone()) {
                    continue;
                }
                discovery.items.push(InputItem {
                    source: InputSource::File(path.clone()),
                    manifest: entries.get(&key).cloned(),
                });
            }
        }
    }
    discovery
}

/// Walks a folder in name order, collecting files and manifests and reporting problems.
fn walk(
    root: &Path,
    files: &mut Vec<PathBuf>,
    manifests: &mut Vec<PathBuf>,
    discovery: &mut Discovery,
    order: &mut Vec<Option<usize>>,
) {
    let mut walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let source = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let reason = if let Some(ancestor) = err.loop_ancestor() {
                    SkipReason::SymlinkLoop {
                        target: ancestor.display().to_string(),
                    }
                } else if let Some(io_err) = err.io_error() {
                    io_reason(io_err, err.path().unwrap_or(root))
                } else {
                    SkipReason::Unreadable {
                        error: err.to_string(),
                    }
                };
                discovery.skipped.push(Skipped::new(source, reason));
                continue;
            }
        };
        let is_hidden = entry.depth() > 0
            && entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with('.'));
        if is_hidden {
            discovery.skipped.push(Skipped::new(
                entry.path().display().to_string(),
                SkipReason::Hidden,
            ));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let path = entry.into_path();
        if !file_type.is_file() {
            discovery.skipped.push(Skipped::new(
                path.display().to_string(),
                SkipReason::Unsupported {
                    what: "not a regular file (device, socket or pipe)".to_string(),
                },
            ));
        } else if is_manifest(&path) {
            manifests.push(path);
        } else {
            order.push(Some(files.len()));
            files.push(path);
        }
    }
}

/// True for `manifest.csv` and `manifest.jsonl`.
fn is_manifest(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| MANIFEST_NAMES.contains(&name))
}

/// Loads manifests, shallow folders first, so a deeper manifest wins for its files.
fn load_manifests(
    mut manifests: Vec<PathBuf>,
    warnings: &mut Vec<crate::Skipped>,
) -> BTreeMap<PathBuf, ManifestEntry> {
    manifests.sort_by_key(|path| (normalise_path(path).components().count(), path.clone()));
    manifests.dedup_by_key(|path| normalise_path(path));
    let mut entries = BTreeMap::new();
    for path in manifests {
        entries.extend(manifest::load(&path, warnings));
    }
    entries
}

/// A path without `.` components, for comparing a walked path with a manifest's file.
pub(crate) fn normalise_path(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// The skip reason for an I/O error on a path: a symlink loop (ELOOP) or unreadable.
pub(crate) fn io_reason(err: &std::io::Error, path: &Path) -> SkipReason {
    // ELOOP is 40 on Linux and 62 on the BSDs and macOS.
    let is_loop = matches!(err.raw_os_error(), Some(40) if cfg!(target_os = "linux"))
        || matches!(err.raw_os_error(), Some(62) if cfg!(any(target_os = "macos", target_os = "freebsd")));
    if is_loop {
        SkipReason::SymlinkLoop {
            target: path.display().to_string(),
        }
    } else {
        SkipReason::Unreadable {
            error: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_default();
        }
        std::fs::write(path, text).unwrap_or_default();
    }

    #[test]
    fn folders_are_walked_in_order_and_manifests_attached() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        write(&root.join("b.txt"), "B");
        write(&root.join("a.txt"), "A");
        write(&root.join("sub/c.txt"), "C");
        write(&root.join(".hidden.txt"), "H");
        write(
            &root.join("manifest.csv"),
            "file,title,published,outlet,authors\na.txt,Manifest title,2020-02-03,Daily,\"X One; Y Two\"\nsub/c.txt,Deep,,,\n",
        );
        write(
            &root.join("sub/manifest.jsonl"),
            "{\"file\":\"c.txt\",\"title\":\"Deeper\",\"authors\":[\"Z\"]}\nnot json\n",
        );
        let discovery = discover(&[root.display().to_string(), "-".to_string()]);
        let names: Vec<String> = discovery
            .items
            .iter()
            .map(|item| item.display_name().replace(&root.display().to_string(), ""))
            .collect();
        assert_eq!(names, ["/a.txt", "/b.txt", "/sub/c.txt", "-"]);
        let a = discovery.items[0].manifest.clone().unwrap_or_default();
        assert_eq!(a.title.as_deref(), Some("Manifest title"));
        assert_eq!(a.authors, ["X One", "Y Two"]);
        assert_eq!(a.published, chrono::NaiveDate::from_ymd_opt(2020, 2, 3));
        let c = discovery.items[2].manifest.clone().unwrap_or_default();
        assert_eq!(c.title.as_deref(), Some("Deeper"));
        assert_eq!(discovery.items[1].manifest, None);
        assert_eq!(discovery.skipped.len(), 1);
        assert_eq!(discovery.skipped[0].reason.kind(), "hidden");
        assert_eq!(discovery.warnings.len(), 1, "{:?}", discovery.warnings);
        assert!(discovery.warnings[0].source.ends_with("manifest.jsonl#2"));
    }

    #[test]
    fn missing_paths_are_unreadable() {
        let discovery = discover(&["/no/such/dossier/path".to_string()]);
        assert!(discovery.items.is_empty());
        assert_eq!(discovery.skipped[0].reason.kind(), "unreadable");
        assert!(discovery.skipped[0]
            .reason
            .to_string()
            .contains("no such file"));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        write(&root.join("inner/a.txt"), "A");
        std::os::unix::fs::symlink(root, root.join("inner/loop")).unwrap_or_default();
        std::os::unix::fs::symlink("self", root.join("self")).unwrap_or_default();
        let discovery = discover(&[root.display().to_string()]);
        assert_eq!(discovery.items.len(), 1);
        let kinds: Vec<&str> = discovery.skipped.iter().map(|s| s.reason.kind()).collect();
        assert_eq!(
            kinds,
            ["symlink-loop", "symlink-loop"],
            "{:?}",
            discovery.skipped
        );
    }
}
