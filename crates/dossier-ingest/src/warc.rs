//! WARC (plain or gzipped, multi-member): response and resource records whose payload is
//! HTML become articles, with `WARC-Target-URI` as the url. Records are streamed one at a
//! time, each bounded by `max_article_bytes`.
//!
//! Record N (counting every record from 1) is `file#N`. Request, metadata, warcinfo and
//! non-HTML records are not articles and are passed over without a report.

use std::io::{BufRead, Read};

use dossier_core::SourceFormat;

use crate::decode::{decode, html_declared_encoding, Decoded};
use crate::html::read_html;
use crate::read::Sink;
use crate::read::{push_article, read_bounded_line, LineRead, StreamContext};
use crate::skip::{SkipReason, Skipped};

/// Longest header line accepted.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// Streams the records of a WARC input.
pub(crate) fn read_records(reader: &mut dyn BufRead, ctx: &StreamContext<'_>, out: &mut Sink<'_>) {
    let mut record_no: u64 = 0;
    let mut line = Vec::new();
    loop {
        // Find the version line, passing over the blank lines that end the previous record.
        let version_found = loop {
            match read_bounded_line(reader, &mut line, MAX_HEADER_LINE) {
                Ok(LineRead::Eof) => break false,
                Ok(LineRead::TooLong(_)) => continue,
                Ok(LineRead::Line) => {
                    if line.starts_with(b"WARC/") {
                        break true;
                    }
                    if !line.iter().all(u8::is_ascii_whitespace) {
                        // Garbage between records: report once per gap, then resynchronise.
                        out.skipped.push(Skipped::new(
                            format!("{}#{}", ctx.name, record_no + 1),
                            SkipReason::BadRecord {
                                detail:
                                    "expected a WARC/1.x version line; skipping to the next record"
                                        .to_string(),
                            },
                        ));
                        if !resync(reader, &mut line) {
                            break false;
                        }
                        break true;
                    }
                }
                Err(err) => {
                    out.skipped
                        .push(ctx.stream_error(format!("{}#{}", ctx.name, record_no + 1), &err));
                    return;
                }
            }
        };
        if !version_found {
            return;
        }
        record_no += 1;
        let source = format!("{}#{record_no}", ctx.name);
        let headers = match read_headers(reader, &mut line) {
            Ok(headers) => headers,
            Err(err) => {
                out.skipped.push(ctx.stream_error(source, &err));
                return;
            }
        };
        let Some(length) =
            header(&headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok())
        else {
            out.skipped.push(Skipped::new(
                source,
                SkipReason::BadRecord {
                    detail: "missing or bad Content-Length".to_string(),
                },
            ));
            continue;
        };
        let record_type = header(&headers, "warc-type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let wanted = matches!(record_type.as_str(), "response" | "resource");
        if !wanted || length > ctx.options.max_article_bytes {
            let skipped = std::io::copy(&mut reader.take(length), &mut std::io::sink());
            if wanted {
                out.skipped.push(Skipped::new(
                    source.clone(),
                    SkipReason::TooLarge {
                        size: length,
                        limit: ctx.options.max_article_bytes,
                    },
                ));
            }
            match skipped {
                Ok(n) if n < length => {
                    out.skipped.push(truncated(ctx, source, length, n, None));
                    return;
                }
                Err(err) => {
                    out.skipped.push(ctx.stream_error(source, &err));
                    return;
                }
                Ok(_) => continue,
            }
        }
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        let read_result = reader.take(length).read_to_end(&mut block);
        let got = block.len() as u64;
        let short = got < length;
        if short || read_result.is_err() {
            out.skipped.push(truncated(
                ctx,
                source.clone(),
                length,
                got,
                read_result.err(),
            ));
        }
        let target = header(&headers, "warc-target-uri").map(|uri| {
            uri.trim()
                .trim_matches(|c| c == '<' || c == '>')
                .to_string()
        });
        let content_type = header(&headers, "content-type").unwrap_or("").to_string();
        read_payload(&block, &record_type, &content_type, target, &source, out);
        if short {
            return;
        }
    }
}

/// The skip entry for a record cut short.
fn truncated(
    ctx: &StreamContext<'_>,
    source: String,
    expected: u64,
    got: u64,
    err: Option<std::io::Error>,
) -> Skipped {
    match err {
        Some(err) => ctx.stream_error(source, &err),
        None if ctx.is_gzip => Skipped::new(
            source,
            SkipReason::TruncatedGzip {
                error: format!("stream ended after {got} of {expected} record bytes"),
            },
        ),
        None => Skipped::new(source, SkipReason::TruncatedRecord { expected, got }),
    }
}

/// Skips lines until the next `WARC/` version line; false at the end of the stream.
fn resync(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> bool {
    loop {
        match read_bounded_line(reader, line, MAX_HEADER_LINE) {
            Ok(LineRead::Line) if line.starts_with(b"WARC/") => return true,
            Ok(LineRead::Line) | Ok(LineRead::TooLong(_)) => continue,
            Ok(LineRead::Eof) | Err(_) => return false,
        }
    }
}

/// Reads `Name: value` header lines up to the blank line.
fn read_headers(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
) -> std::io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    loop {
        match read_bounded_line(reader, line, MAX_HEADER_LINE)? {
            LineRead::Eof => return Ok(headers),
            LineRead::TooLong(_) => continue,
            LineRead::Line => {
                let text = String::from_utf8_lossy(line);
                let text = text.trim_end_matches('\r');
                if text.trim().is_empty() {
                    return Ok(headers);
                }
                if let Some((name, value)) = text.split_once(':') {
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
            }
        }
    }
}

/// The value of the first header called `name` (lowercase).
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Reads the HTML payload of a response or resource record into an article.
fn read_payload(
    block: &[u8],
    record_type: &str,
    warc_content_type: &str,
    target: Option<String>,
    source: &str,
    out: &mut Sink<'_>,
) {
    let (content_type, payload) = if record_type == "response" {
        if !warc_content_type.to_ascii_lowercase().contains("http") && !block.starts_with(b"HTTP/")
        {
            return;
        }
        match split_http(block) {
            Some((status, headers, payload)) => {
                // Redirects and errors carry no article.
                if !(200..300).contains(&status) {
                    return;
                }
                let content_type = header(&headers, "content-type").unwrap_or("").to_string();
                let payload = decode_transfer(&headers, payload);
                (content_type, payload)
            }
            None => return,
        }
    } else {
        (warc_content_type.to_string(), block.to_vec())
    };
    let lower_type = content_type.to_ascii_lowercase();
    let sniffed_html = {
        let head =
            String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
        head.contains("<html") || head.contains("<!doctype html")
    };
    if !(lower_type.contains("html") || (lower_type.is_empty() && sniffed_html)) {
        return;
    }
    let declared = lower_type
        .split_once("charset=")
        .and_then(|(_, cs)| {
            encoding_rs::Encoding::for_label(cs.trim().trim_matches('"').as_bytes())
        })
        .or_else(|| html_declared_encoding(&payload));
    let text = match decode(&payload, declared) {
        Decoded::Text { text, .. } => text,
        Decoded::Binary => {
            out.skipped.push(Skipped::new(source, SkipReason::Binary));
            return;
        }
    };
    let mut article = read_html(&text, source, SourceFormat::Warc, &mut out.warnings);
    if let Some(uri) = target.filter(|u| !u.is_empty()) {
        article.meta.url = Some(uri);
        article.meta.set_origin("url", "warc:target-uri");
    }
    push_article(article, source.to_string(), out);
}

/// Header names (lowercase) and values, in order.
type Headers = Vec<(String, String)>;

/// Splits an HTTP response into status, headers and body.
fn split_http(block: &[u8]) -> Option<(u16, Headers, &[u8])> {
    let finder = memchr::memmem::Finder::new(b"\r\n\r\n");
    let (head, body) = match finder.find(block) {
        Some(pos) => (block.get(..pos)?, block.get(pos + 4..)?),
        None => {
            let pos = memchr::memmem::find(block, b"\n\n")?;
            (block.get(..pos)?, block.get(pos + 2..)?)
        }
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Some((status, headers, body))
}

/// Undoes chunked transfer encoding and gzip/deflate content encoding when present.
fn decode_transfer(headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    let encoding = header(headers, "content-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    if encoding.contains("gzip") && body.starts_with(&[0x1F, 0x8B]) {
        let mut decoded = Vec::new();
        let _ = flate2::read::MultiGzDecoder::new(&body[..]).read_to_end(&mut decoded);
        if !decoded.is_empty() {
            return decoded;
        }
    } else if encoding.contains("deflate") {
        let mut decoded = Vec::new();
        let _ = flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut decoded);
        if !decoded.is_empty() {
            return decoded;
        }
    }
    body
}

/// Joins the chunks of a chunked body; `None` when it is not well formed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = memchr::memchr(b'\n', body)?;
        let size_line = String::from_utf8_lossy(body.get(..line_end)?);
        let size_hex = size_line.trim().split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = body.get(line_end + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size.min(body.len()))?);
        body = body.get(size.min(body.len())..)?;
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
        if body.is_empty() {
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
            Some(b"Wikipedia".to_vec())
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn http_head_is_split() {
        let (status, headers, body) = split_http(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>",
        )
        .unwrap_or((0, Vec::new(), b""));
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-type"), Some("text/html"));
        assert_eq!(body, b"<p>x</p>");
    }
}
