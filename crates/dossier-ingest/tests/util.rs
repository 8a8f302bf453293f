//! Test helpers: fixture folders and one-call reading.

use std::path::{Path, PathBuf};

use dossier_ingest::{read_item, InputItem, ReadOptions, ReadOutcome};

/// A fresh temporary folder.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|err| panic!("cannot create a temp dir: {err}"))
}

/// Writes `bytes` to `dir/name`, creating folders, and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|err| panic!("{err}"));
    }
    std::fs::write(&path, bytes).unwrap_or_else(|err| panic!("{err}"));
    path
}

/// Reads one file with default options.
pub fn read(path: &Path) -> ReadOutcome {
    read_item(&InputItem::file(path), &ReadOptions::default())
}

/// Gzips bytes.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(bytes)
        .unwrap_or_else(|err| panic!("{err}"));
    encoder.finish().unwrap_or_else(|err| panic!("{err}"))
}

/// A fixture from tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The shared data folder: `DOSSIER_SHARED`, else `<workspace>/../shared`.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("DOSSIER_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}
