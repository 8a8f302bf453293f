//! Plain text and Markdown: Markdown markup is stripped down to its text, paragraphs kept,
//! and a leading `# Heading` becomes the title.

use std::sync::LazyLock;

use dossier_core::{Meta, PublishedFrom, RawArticle, Removed, RemovedReason, SourceFormat};
use regex::Regex;

use crate::date::parse_date;
use crate::decode::normalise_newlines;

/// Compiles a regular expression known to be valid.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| unreachable!("invalid built-in regex {pattern}"))
}

/// Images `![alt](url)`: removed entirely (alt text is not article prose).
static IMAGE: LazyLock<Regex> = LazyLock::new(|| re(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"));
/// Inline links `[text](url)` and reference links `[text][ref]`.
static LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"));
/// Autolinks `<https://...>`.
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| re(r"<((?:https?|mailto):[^>\s]+)>"));
/// Strong and emphasis with asterisks, strikethrough and inline code.
static STAR_EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\*\*\*([^*]+)\*\*\*|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|~~([^~]+)~~|`([^`]+)`")
});
/// Emphasis with underscores, only at word edges so `snake_case` survives.
static UNDERSCORE_EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(^|[\s(\[])(?:__([^_]+)__|_([^_\s][^_]*)_)($|[\s.,;:!?)\]])"));
/// A heading line `## Text ##`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$"));
/// A list marker or block quote marker at line start.
static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(?:>\s?)*\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?"));
/// A block quote marker at line start.
static QUOTE_MARKER: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:>\s?)+"));
/// A thematic break `---`, `***`, `___`.
static RULE: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}([-*_])(?:\s*[-*_]){2,}\s*$"));
/// A setext heading underline `===` or `---` directly under a text line.
static SETEXT: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}(=+|-+)\s*$"));
/// A link reference definition `[ref]: url`.
static REF_DEF: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s{0,3}\[[^\]]+\]:\s*\S+(?:\s+["'(].*)?$"#));
/// A code fence opening or closing.
static FENCE: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}(```|~~~)"));
/// A table separator row `|---|:---:|`.
static TABLE_RULE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$"));

/// A plain text article: line ends normalised, nothing else touched (cleaning is later).
pub(crate) fn read_plain(text: &str, source_path: &str) -> RawArticle {
    RawArticle {
        meta: Meta {
            source_path: source_path.to_string(),
            format: SourceFormat::Text,
            ..Meta::default()
        },
        body: normalise_newlines(text),
        removed: Vec::new(),
    }
}

/// A Markdown article: front matter read as metadata, markup stripped, paragraphs kept,
/// a leading `# Heading` moved to the title (and recorded as removed).
pub(crate) fn read_markdown(text: &str, source_path: &str) -> RawArticle {
    let mut meta = Meta {
        source_path: source_path.to_string(),
        format: SourceFormat::Markdown,
        ..Meta::default()
    };
    let text = normalise_newlines(text);
    let content = read_front_matter(&text, &mut meta);

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_fence = false;
    for line in content.lines() {
        if FENCE.is_match(line) {
            // Code blocks stay as their own paragraph; only the fence lines go.
            push_paragraph(&mut current, &mut paragraphs);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            push_line(&mut current, line.trim_end());
            continue;
        }
        if line.trim().is_empty() || RULE.is_match(line) || TABLE_RULE.is_match(line) {
            push_paragraph(&mut current, &mut paragraphs);
            continue;
        }
        if REF_DEF.is_match(line) {
            continue;
        }
        if let Some(caps) = HEADING.captures(line) {
            push_paragraph(&mut current, &mut paragraphs);
            let heading = inline(caps.get(2).map_or("", |m| m.as_str()));
            if !heading.is_empty() {
                paragraphs.push(heading);
            }
            continue;
        }
        // A setext underline turns the paragraph gathered so far into a heading.
        if SETEXT.is_match(line) && !current.is_empty() && !current.contains('\n') {
            push_paragraph(&mut current, &mut paragraphs);
            continue;
        }
        let stripped = LIST_MARKER.replace(line, "");
        let stripped = QUOTE_MARKER.replace(&stripped, "");
        let stripped = stripped.trim_matches(|c: char| c == '|' || c.is_whitespace());
        // A list item starts its own paragraph so items do not run together.
        if LIST_MARKER.is_match(line) {
            push_paragraph(&mut current, &mut paragraphs);
        }
        let cleaned = inline(&stripped.replace(" | ", "  "));
        if !cleaned.is_empty() {
            push_line(&mut current, &cleaned);
        }
    }
    push_paragraph(&mut current, &mut paragraphs);

    let mut removed = Vec::new();
    if let Some(first_line) = content.lines().find(|l| !l.trim().is_empty()) {
        if let Some(caps) = HEADING.captures(first_line) {
            if caps.get(1).map(|m| m.as_str()) == Some("#") && !paragraphs.is_empty() {
                let title = paragraphs.remove(0);
                if meta.title.is_none() {
                    meta.title = Some(title.clone());
                    meta.set_origin("title", "markdown:heading");
                }
                removed.push(Removed {
                    text: first_line.trim().to_string(),
                    reason: RemovedReason::Title,
                    at: 0,
                });
            }
        }
    }
    RawArticle {
        meta,
        body: paragraphs.join("\n\n"),
        removed,
    }
}

/// Appends a line to the paragraph being gathered.
fn push_line(current: &mut String, line: &str) {
    if !current.is_empty() {
        current.push('\n');
    }
    current.push_str(line);
}

/// Ends the paragraph being gathered.
fn push_paragraph(current: &mut String, paragraphs: &mut Vec<String>) {
    let paragraph = current.trim();
    if !paragraph.is_empty() {
        paragraphs.push(paragraph.to_string());
    }
    current.clear();
}

/// Strips inline markup: images, links, emphasis, code spans, hard-break backslashes.
fn inline(line: &str) -> String {
    let text = IMAGE.replace_all(line, "");
    let text = LINK.replace_all(&text, "$1");
    let text = AUTOLINK.replace_all(&text, "$1");
    let text = STAR_EMPHASIS.replace_all(&text, "$1$2$3$4$5");
    let text = UNDERSCORE_EMPHASIS.replace_all(&text, "$1$2$3$4");
    let text = text.trim_end_matches('\\');
    text.trim().to_string()
}

/// Reads a YAML-style front matter block (`---` ... `---` at the very start) into `meta`
/// (title, date, author(s), url, outlet/source) and returns the text after it.
fn read_front_matter<'a>(text: &'a str, meta: &mut Meta) -> &'a str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    let Some(end) = rest.find("\n---") else {
        return text;
    };
    let block = rest.get(..end).unwrap_or("");
    let after = rest.get(end + 4..).unwrap_or("");
    let after = after.strip_prefix('\n').unwrap_or(after);
    for line in block.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => {
                meta.title = Some(value.to_string());
                meta.set_origin("title", "markdown:front-matter");
            }
            "date" | "published" => {
                if let Some(date) = parse_date(value) {
                    meta.published = Some(date);
                    meta.published_from = Some(PublishedFrom::Metadata);
                    meta.set_origin("published", "markdown:front-matter");
                }
            }
            "author" | "authors" => {
                let names: Vec<String> = value
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|n| {
                        n.trim()
                            .trim_matches(|c| c == '"' || c == '\'')
                            .trim()
                            .to_string()
                    })
                    .filter(|n| !n.is_empty())
                    .collect();
                if !names.is_empty() {
                    meta.authors = names;
                    meta.set_origin("authors", "markdown:front-matter");
                }
            }
            "url" | "link" => {
                meta.url = Some(value.to_string());
                meta.set_origin("url", "markdown:front-matter");
            }
            "outlet" | "source" | "publisher" => {
                meta.outlet = Some(value.to_string());
                meta.set_origin("outlet", "markdown:front-matter");
            }
            _ => {}
        }
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_paragraphs() {
        let raw = read_plain("First line.\r\n\r\nSecond one.\r\n", "a.txt");
        assert_eq!(raw.body, "First line.\n\nSecond one.");
        assert_eq!(raw.meta.format, SourceFormat::Text);
    }

    #[test]
    fn markdown_markup_is_stripped() {
        let md = "# Lighthouse keeper retires\n\nAfter **forty** years, the _keeper_ of the [north light](https://example.org/light) hands over.\n\n![photo](img.jpg)\n\n## Early days\n\n- first item\n- second *item*\n\n```\nlet x = 1;\n```\n\n> A quoted line\n\nsnake_case_name stays.\n\n[1]: https://example.org\n";
        let raw = read_markdown(md, "a.md");
        assert_eq!(raw.meta.title.as_deref(), Some("Lighthouse keeper retires"));
        assert_eq!(
            raw.meta.origins.get("title").map(String::as_str),
            Some("markdown:heading")
        );
        assert_eq!(
            raw.body,
            "After forty years, the keeper of the north light hands over.\n\nEarly days\n\nfirst item\n\nsecond item\n\nlet x = 1;\n\nA quoted line\n\nsnake_case_name stays."
        );
        assert_eq!(raw.removed.len(), 1);
        assert_eq!(raw.removed[0].reason, RemovedReason::Title);
    }

    #[test]
    fn front_matter_is_metadata() {
        let md = "---\ntitle: \"Tide tables\"\ndate: 2022-05-01\nauthor: Ana Test, Bo Test\n---\nBody text.\n";
        let raw = read_markdown(md, "b.md");
        assert_eq!(raw.meta.title.as_deref(), Some("Tide tables"));
        assert_eq!(
            raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2022, 5, 1)
        );
        assert_eq!(raw.meta.authors, vec!["Ana Test", "Bo Test"]);
        assert_eq!(raw.body, "Body text.");
    }

    #[test]
    fn setext_heading_underline_is_dropped() {
        let raw = read_markdown("Heading\n=======\n\nText here.", "c.md");
        assert_eq!(raw.body, "Heading\n\nText here.");
    }
}
