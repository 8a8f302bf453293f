//! Bad input: every case yields a named skip or warning, never a panic, hang or silence.

use dossier_ingest::{read_item, InputItem, ReadOptions};

use crate::util::{gzip, read, temp_dir, write};

#[test]
fn binary_file_is_skipped() {
    let dir = temp_dir();
    let path = write(dir.path(), "blob.txt", b"abc\0\x01\x02\x03def\0\0\0");
    let outcome = read(&path);
    assert!(outcome.articles.is_empty());
    assert_eq!(outcome.skipped[0].reason.kind(), "binary");
    assert_eq!(outcome.skipped[0].source, path.display().to_string());
}

#[test]
fn windows_1252_is_decoded_with_a_warning() {
    let dir = temp_dir();
    let path = write(
        dir.path(),
        "old.txt",
        b"Caf\xE9 \x93Zur Post\x94 \x96 closed.",
    );
    let outcome = read(&path);
    assert_eq!(outcome.articles[0].body, "Café “Zur Post” – closed.");
    assert_eq!(outcome.warnings.len(), 1);
    assert_eq!(outcome.warnings[0].reason.kind(), "invalid-utf8");
    assert!(outcome.warnings[0].to_string().contains("old.txt"));
}

#[test]
fn bom_and_utf16_are_decoded() {
    let dir = temp_dir();
    let path = write(dir.path(), "bom.txt", b"\xEF\xBB\xBFWith a mark.");
    assert_eq!(read(&path).articles[0].body, "With a mark.");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Zweiundvierzig Äpfel.".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let path = write(dir.path(), "wide.txt", &utf16);
    let outcome = read(&path);
    assert_eq!(
        outcome.articles[0].body, "Zweiundvierzig Äpfel.",
        "{:?}",
        outcome.skipped
    );
}

#[test]
fn empty_and_whitespace_files_are_skipped() {
    let dir = temp_dir();
    for (name, text) in [("empty.txt", ""), ("blank.md", " \n\t\n ")] {
        let outcome = read(&write(dir.path(), name, text));
        assert!(outcome.articles.is_empty());
        assert_eq!(outcome.skipped[0].reason.kind(), "empty");
    }
}

#[test]
fn too_large_file_is_skipped_with_sizes() {
    let dir = temp_dir();
    let path = write(dir.path(), "big.html", "<p>word</p>".repeat(100));
    let options = ReadOptions {
        max_file_bytes: 500,
        ..ReadOptions::default()
    };
    let outcome = read_item(&InputItem::file(&path), &options);
    assert!(outcome.articles.is_empty());
    assert_eq!(outcome.skipped[0].reason.kind(), "too-large");
    assert_eq!(
        outcome.skipped[0].reason.to_string(),
        "too large: 1100 bytes, limit is 500 bytes"
    );
    // Compressed input is measured after decompression, without reading past the limit.
    let gz = write(
        dir.path(),
        "big.txt.gz",
        gzip("text ".repeat(1000).as_bytes()),
    );
    let outcome = read_item(&InputItem::file(&gz), &options);
    assert_eq!(outcome.skipped[0].reason.kind(), "too-large");
}

#[test]
fn long_jsonl_line_is_skipped_and_the_rest_read() {
    let dir = temp_dir();
    let long = format!("{{\"text\": \"{}\"}}\n", "x".repeat(5000));
    let path = write(
        dir.path(),
        "mixed.jsonl",
        format!("{long}{{\"text\": \"short\"}}\n"),
    );
    let options = ReadOptions {
        max_article_bytes: 1000,
        ..ReadOptions::default()
    };
    let outcome = read_item(&InputItem::file(&path), &options);
    assert_eq!(outcome.articles.len(), 1);
    assert_eq!(outcome.skipped[0].reason.kind(), "too-large");
    assert!(outcome.skipped[0].source.ends_with("mixed.jsonl#1"));
}

#[test]
fn truncated_gzip_keeps_what_was_read() {
    let dir = temp_dir();
    let mut lines = String::new();
    for idx in 0..2000 {
        lines.push_str(&format!(
            "{{\"text\": \"Article number {idx} about varied things {}.\"}}\n",
            idx * 7919 % 1000
        ));
    }
    let gz = gzip(lines.as_bytes());
    let path = write(dir.path(), "cut.jsonl.gz", &gz[..gz.len() / 2]);
    let outcome = read(&path);
    assert!(outcome.articles.len() > 100, "{}", outcome.articles.len());
    assert!(outcome.articles.len() < 2000);
    let kinds: Vec<&str> = outcome.skipped.iter().map(|s| s.reason.kind()).collect();
    assert!(kinds.contains(&"truncated-gzip"), "{kinds:?}");
}

#[test]
fn malformed_html_yields_text() {
    let dir = temp_dir();
    let path = write(
        dir.path(),
        "bad.html",
        "<html><body><div><p>Text in an unclosed paragraph <b>with bold <i>and italics</div></span></table>",
    );
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 1, "{:?}", outcome.skipped);
    assert!(outcome.articles[0]
        .body
        .contains("Text in an unclosed paragraph with bold and italics"));
}

#[test]
fn missing_file_is_unreadable() {
    let outcome = read(std::path::Path::new("/no/such/dossier/file.txt"));
    assert_eq!(outcome.skipped[0].reason.kind(), "unreadable");
    assert!(outcome.skipped[0]
        .reason
        .to_string()
        .starts_with("unreadable: no such file"));
}

#[cfg(unix)]
#[test]
fn unreadable_permissions_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let path = write(dir.path(), "secret.txt", "hidden words");
    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000));
    let outcome = read(&path);
    // Root can read anything; then the file is simply read.
    if outcome.articles.is_empty() {
        assert_eq!(outcome.skipped[0].reason.kind(), "unreadable");
        assert!(outcome.skipped[0]
            .reason
            .to_string()
            .contains("permission denied"));
    } else {
        assert_eq!(outcome.articles[0].body, "hidden words");
    }
}

#[test]
fn unsupported_formats_are_named() {
    let dir = temp_dir();
    let cases: [(&str, &[u8]); 4] = [
        ("report.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"),
        ("letter.docx", b"PK\x03\x04\x14\x00\x06\x00"),
        ("photo.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF"),
        ("renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ];
    for (name, bytes) in cases {
        let outcome = read(&write(dir.path(), name, bytes));
        assert!(outcome.articles.is_empty());
        assert_eq!(outcome.skipped[0].reason.kind(), "unsupported", "{name}");
    }
}

#[test]
fn bad_feed_is_reported() {
    let dir = temp_dir();
    let path = write(
        dir.path(),
        "broken.rss",
        "<?xml version=\"1.0\"?><rss><channel><item><title>x</ti",
    );
    let outcome = read(&path);
    assert!(outcome.articles.is_empty());
    assert_eq!(outcome.skipped.len(), 1);
    assert!(matches!(
        outcome.skipped[0].reason.kind(),
        "bad-feed" | "no-text"
    ));
}

#[test]
fn garbage_never_panics() {
    let dir = temp_dir();
    let samples: [(&str, &[u8]); 8] = [
        (
            "a.warc",
            b"WARC/1.0\r\nContent-Length: 99999999999\r\n\r\nshort",
        ),
        (
            "b.warc",
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nope\r\n\r\n",
        ),
        ("c.jsonl", b"{\"text\": 5}\n{\"text\": [1]}\n{"),
        ("d.html", b"<<<>>><html<body</p>&#xFFFFFFFF;&nbsp"),
        ("e.xml", b"<?xml version=\"1.0\"?><feed></feed>"),
        ("f.gz", b"\x1f\x8b\x08\x00garbage"),
        ("g.md", b"```\nunclosed fence\n# \n[]()\n![]("),
        ("h.json", b"{\"text\": \"ok\""),
    ];
    for (name, bytes) in samples {
        let outcome = read(&write(dir.path(), name, bytes));
        assert!(
            !outcome.articles.is_empty() || !outcome.skipped.is_empty(),
            "{name} vanished"
        );
        for skipped in &outcome.skipped {
            assert!(!skipped.reason.to_string().contains('\n'));
        }
    }
}
