//! HTML building with one escaping function: every string that is not a `'static` literal
//! of this crate goes through [`escape_into`], so text from articles can never become markup.

use std::fmt::Write;

/// Appends `text` to `out` with the five HTML-significant characters escaped.
///
/// This is the one escaping function of the crate; it is safe both in element content and
/// in double- or single-quoted attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (idx, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..idx]);
        out.push_str(replacement);
        last = idx + 1;
    }
    out.push_str(&text[last..]);
}

/// `text` escaped for HTML, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Percent-encodes `text` for a URL query value or path segment (RFC 3986 unreserved kept).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A page or fragment under construction.
///
/// Markup can only be added as `&'static str` (literals written in this crate); any other
/// string goes through [`Html::text`], which escapes it. That split is what makes an article
/// containing `<script>` show as text.
#[derive(Debug, Default)]
pub struct Html {
    buf: String,
}

impl Html {
    /// An empty fragment.
    pub fn new() -> Html {
        Html {
            buf: String::with_capacity(16 * 1024),
        }
    }

    /// Appends trusted markup written in this crate.
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.buf.push_str(markup);
        self
    }

    /// Appends untrusted text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.buf, text);
        self
    }

    /// Appends a number (never needs escaping).
    pub fn num(&mut self, value: u64) -> &mut Html {
        let _ = write!(self.buf, "{value}");
        self
    }

    /// Appends a URL query value or path segment, percent-encoded (and so also HTML-safe).
    pub fn url(&mut self, part: &str) -> &mut Html {
        self.buf.push_str(&url_encode(part));
        self
    }

    /// Appends another fragment built with the same rules.
    pub fn append(&mut self, other: &Html) -> &mut Html {
        self.buf.push_str(&other.buf);
        self
    }

    /// The markup.
    pub fn into_string(self) -> String {
        self.buf
    }

    /// The markup so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("Vučić «da»"), "Vučić «da»");
    }

    #[test]
    fn builder_escapes_text_not_literals() {
        let mut html = Html::new();
        html.raw("<b>").text("<i>").raw("</b>").num(3);
        assert_eq!(html.as_str(), "<b>&lt;i&gt;</b>3");
    }

    #[test]
    fn url_encoding_is_html_safe() {
        assert_eq!(
            url_encode("Ana Brnabić&<x>"),
            "Ana%20Brnabi%C4%87%26%3Cx%3E"
        );
    }
}
