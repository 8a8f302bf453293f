//! Why an input, or part of one, was not read: [`Skipped`] and [`SkipReason`].
//!
//! Every input that yields no article, and every record inside a container that is left out,
//! is reported as a [`Skipped`] naming its source, so nothing disappears unseen.
//! The same type carries warnings (an input that was read, but with a repair).

use serde::Serialize;

/// One input (or one record of a container) that was skipped, or read with a warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file, with `#N` for line, record or item N of a container; `-` for standard input.
    pub source: String,
    /// What was wrong.
    pub reason: SkipReason,
}

impl Skipped {
    /// A skip entry for `source`.
    pub fn new(source: impl Into<String>, reason: SkipReason) -> Skipped {
        Skipped {
            source: source.into(),
            reason,
        }
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// What was wrong with a skipped input or record, or what was repaired in a warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SkipReason {
    /// NUL bytes or many control characters: not text.
    Binary,
    /// Not valid UTF-8; read as Windows-1252 instead (a warning, not a skip).
    InvalidUtf8 {
        /// The byte offset of the first invalid sequence.
        at: usize,
    },
    /// Nothing but whitespace.
    Empty,
    /// Bigger than the configured limit; not read.
    TooLarge {
        /// The size in bytes (at least this much when it was not known in advance).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A gzip stream ended early or was corrupt; what came before was kept.
    TruncatedGzip {
        /// The decoder's error.
        error: String,
    },
    /// A WARC record shorter than its Content-Length; what was read was kept.
    TruncatedRecord {
        /// Bytes announced by the record header.
        expected: u64,
        /// Bytes actually present.
        got: u64,
    },
    /// A JSON Lines line that is not valid JSON.
    BadJson {
        /// The parser's error.
        error: String,
    },
    /// A record that parsed but cannot be an article (no text field, bad WARC header, ...).
    BadRecord {
        /// What is missing or wrong.
        detail: String,
    },
    /// An RSS or Atom document that could not be parsed.
    BadFeed {
        /// The parser's error.
        error: String,
    },
    /// A `manifest.csv` or `manifest.jsonl` that could not be read (a warning).
    BadManifest {
        /// What was wrong, with the line when known.
        error: String,
    },
    /// The path could not be opened or read.
    Unreadable {
        /// The operating system's error.
        error: String,
    },
    /// A symbolic link that leads back to one of its own ancestors.
    SymlinkLoop {
        /// The directory the link points back to.
        target: String,
    },
    /// A format dossier does not read (PDF, office documents, images, archives, ...).
    Unsupported {
        /// What the input looks like.
        what: String,
    },
    /// An HTML page nested too deeply for main-text extraction; all its visible text was
    /// kept instead (a warning, not a skip).
    TooDeep {
        /// The nesting depth found (estimated before parsing when very deep).
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// The input parsed but held no text (an HTML page without a main text, an empty feed item).
    NoText,
    /// A file or folder whose name starts with a dot; hidden inputs are not read.
    Hidden,
}

impl SkipReason {
    /// A short stable key for counting skips by kind, e.g. `"too-large"`.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::InvalidUtf8 { .. } => "invalid-utf8",
            SkipReason::Empty => "empty",
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::TruncatedGzip { .. } => "truncated-gzip",
            SkipReason::TruncatedRecord { .. } => "truncated-record",
            SkipReason::BadJson { .. } => "bad-json",
            SkipReason::BadRecord { .. } => "bad-record",
            SkipReason::BadFeed { .. } => "bad-feed",
            SkipReason::BadManifest { .. } => "bad-manifest",
            SkipReason::Unreadable { .. } => "unreadable",
            SkipReason::SymlinkLoop { .. } => "symlink-loop",
            SkipReason::Unsupported { .. } => "unsupported",
            SkipReason::TooDeep { .. } => "too-deep",
            SkipReason::NoText => "no-text",
            SkipReason::Hidden => "hidden",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => {
                f.write_str("binary content (nul bytes or control characters), not text")
            }
            SkipReason::InvalidUtf8 { at } => {
                write!(f, "invalid utf-8 at byte {at}; decoded as windows-1252")
            }
            SkipReason::Empty => f.write_str("empty or whitespace only"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "too large: {size} bytes, limit is {limit} bytes")
            }
            SkipReason::TruncatedGzip { error } => write!(
                f,
                "truncated or corrupt gzip stream ({}); what came before was kept",
                one_line(error)
            ),
            SkipReason::TruncatedRecord { expected, got } => write!(
                f,
                "truncated record: {got} of {expected} bytes; what was read was kept"
            ),
            SkipReason::BadJson { error } => write!(f, "bad json: {}", one_line(error)),
            SkipReason::BadRecord { detail } => write!(f, "bad record: {}", one_line(detail)),
            SkipReason::BadFeed { error } => write!(f, "bad rss/atom feed: {}", one_line(error)),
            SkipReason::BadManifest { error } => write!(f, "bad manifest: {}", one_line(error)),
            SkipReason::Unreadable { error } => write!(f, "unreadable: {}", one_line(error)),
            SkipReason::SymlinkLoop { target } => {
                write!(f, "symlink loop back to {}", one_line(target))
            }
            SkipReason::Unsupported { what } => write!(f, "unsupported format: {}", one_line(what)),
            SkipReason::TooDeep { depth, limit } => write!(
                f,
                "html nested {depth} levels deep (limit {limit}); all visible text kept without main-text extraction"
            ),
            SkipReason::NoText => f.write_str("no text found"),
            SkipReason::Hidden => f.write_str("hidden (name starts with a dot); not read"),
        }
    }
}

/// Keeps a message on one line, so each skip reason displays as exactly one line.
fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    // Operating-system messages start with a capital ("No such file"); lower it unless the
    // word is an acronym ("CSV error").
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(line.chars().skip(1)).collect()
        }
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_display_as_one_lowercase_line() {
        let reasons = [
            SkipReason::Binary,
            SkipReason::TooLarge { size: 10, limit: 5 },
            SkipReason::BadJson {
                error: "expected value\nat line 1".into(),
            },
            SkipReason::Unreadable {
                error: "permission denied".into(),
            },
        ];
        for reason in reasons {
            let text = reason.to_string();
            assert!(!text.contains('\n'), "{text}");
            assert_eq!(
                text.chars().next(),
                text.chars().next().map(|c| c.to_ascii_lowercase())
            );
        }
        assert_eq!(
            SkipReason::TooLarge { size: 10, limit: 5 }.to_string(),
            "too large: 10 bytes, limit is 5 bytes"
        );
        assert_eq!(SkipReason::NoText.kind(), "no-text");
    }
}
