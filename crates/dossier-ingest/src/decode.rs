//! Bytes to text: byte-order marks, UTF-16, the Windows-1252 fallback and the binary check.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// What decoding made of a byte buffer.
#[derive(Debug)]
pub(crate) enum Decoded {
    /// Text, and, when the bytes were not valid UTF-8, the offset of the first bad byte.
    Text {
        /// The decoded text.
        text: String,
        /// `Some(offset)` when the bytes were read as Windows-1252 after failing as UTF-8.
        fallback_at: Option<usize>,
    },
    /// Not text.
    Binary,
}

/// True when `head` (the first bytes of an input) looks binary: a NUL byte, or more than
/// one in ten bytes being a C0 control character other than tab, newline, form feed and
/// carriage return. UTF-16 with a byte-order mark is text, not binary.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let n_control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    n_control * 10 > head.len()
}

/// Decodes bytes to text: strips a UTF-8 byte-order mark, decodes UTF-16 with a mark, and
/// reads invalid UTF-8 as `declared` (an encoding named by the document) or Windows-1252.
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8_or_fallback(rest, declared);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let encoding = if bytes.starts_with(&[0xFF, 0xFE]) {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let (text, _) = encoding.decode_with_bom_removal(bytes);
        return Decoded::Text {
            text: text.into_owned(),
            fallback_at: None,
        };
    }
    if looks_binary(&bytes[..bytes.len().min(8192)]) {
        return Decoded::Binary;
    }
    decode_utf8_or_fallback(bytes, declared)
}

/// UTF-8 when valid; otherwise the declared single-byte encoding or Windows-1252.
fn decode_utf8_or_fallback(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::Text {
            text: text.to_string(),
            fallback_at: None,
        },
        Err(err) => {
            // A document that names its single-byte encoding is decoded as it says, with no
            // warning; otherwise Windows-1252 is a guess, and the caller is told.
            let declared = declared.filter(|enc| *enc != encoding_rs::UTF_8);
            let (text, _, _) = declared.unwrap_or(WINDOWS_1252).decode(bytes);
            Decoded::Text {
                text: text.into_owned(),
                fallback_at: declared.is_none().then(|| err.valid_up_to()),
            }
        }
    }
}

/// The character encoding an HTML page declares in its first bytes, if any
/// (`<meta charset=...>` or `http-equiv` content type).
pub(crate) fn html_declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let window = &head[..head.len().min(4096)];
    let lower = window.to_ascii_lowercase();
    let finder = memchr::memmem::Finder::new(b"charset=");
    let at = finder.find(&lower)? + b"charset=".len();
    let rest = lower.get(at..)?;
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    Encoding::for_label(rest.get(..end)?)
}

/// Normalises line ends to `\n` and trims the text; paragraphs stay separated by blank lines.
pub(crate) fn normalise_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(decoded: Decoded) -> (String, Option<usize>) {
        match decoded {
            Decoded::Text { text, fallback_at } => (text, fallback_at),
            Decoded::Binary => (String::from("<binary>"), None),
        }
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (text, fallback) = text_of(decode(b"\xEF\xBB\xBFhello", None));
        assert_eq!(text, "hello");
        assert_eq!(fallback, None);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Grüße".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(text_of(decode(&bytes, None)).0, "Grüße");
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let (text, fallback) = text_of(decode(b"caf\xE9 \x93quoted\x94", None));
        assert_eq!(text, "café “quoted”");
        assert_eq!(fallback, Some(3));
    }

    #[test]
    fn declared_encoding_needs_no_warning() {
        let latin2 = encoding_rs::Encoding::for_label(b"iso-8859-2");
        let (text, fallback) = text_of(decode(b"\xB9koda", latin2));
        assert_eq!(text, "škoda");
        assert_eq!(fallback, None);
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(matches!(decode(b"ab\0cd", None), Decoded::Binary));
        assert!(looks_binary(b"\x01\x02\x03\x04abc"));
        assert!(!looks_binary(b"plain\ttext\r\n"));
    }

    #[test]
    fn declared_charset_is_found() {
        let enc = html_declared_encoding(b"<html><head><meta charset=\"ISO-8859-2\">");
        assert_eq!(enc.map(|e| e.name()), Some("ISO-8859-2"));
        assert_eq!(html_declared_encoding(b"<html>"), None);
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalise_newlines(" a\r\n\r\nb\rc \n"), "a\n\nb\nc");
    }
}
