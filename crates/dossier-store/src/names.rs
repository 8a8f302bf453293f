//! The text names enums are stored under, and their parsing back.
//!
//! dossier-core gives `as_str` for some enums and only serde names for others;
//! these tables spell every name once, matching the serde names, so the database reads
//! the same as the JSON exports. A name that does not parse back is a [`StoreError::BadValue`].

use chrono::NaiveDate;
use dossier_core::{
    Anchor, EntityKind, PublishedFrom, QuoteKind, RemovedReason, Severity, SourceFormat, TimexType,
    TokenKind, Upos,
};

use crate::StoreError;

/// A failed parse of `value` read from `table.column`.
pub(crate) fn bad(table: &'static str, column: &'static str, value: &str) -> StoreError {
    StoreError::BadValue {
        table,
        column,
        value: value.to_string(),
    }
}

/// Parses a stored `YYYY-MM-DD` date.
pub(crate) fn parse_date(
    table: &'static str,
    column: &'static str,
    value: &str,
) -> Result<NaiveDate, StoreError> {
    value.parse().map_err(|_| bad(table, column, value))
}

/// Formats a date as stored: `YYYY-MM-DD`.
pub(crate) fn date_str(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Declares the two-way table of an enum's stored names.
macro_rules! names {
    ($ty:ty, $to:ident, $from:ident, $table:literal, $column:literal, { $($variant:path => $name:literal),+ $(,)? }) => {
        /// The stored name.
        pub(crate) fn $to(value: $ty) -> &'static str {
            match value {
                $($variant => $name),+
            }
        }

        /// Parses a stored name.
        pub(crate) fn $from(name: &str) -> Result<$ty, StoreError> {
            match name {
                $($name => Ok($variant),)+
                _ => Err(bad($table, $column, name)),
            }
        }
    };
}

names!(SourceFormat, format_str, parse_format, "documents", "format", {
    SourceFormat::Text => "text",
    SourceFormat::Markdown => "markdown",
    SourceFormat::Html => "html",
    SourceFormat::Jsonl => "jsonl",
    SourceFormat::Warc => "warc",
    SourceFormat::Feed => "feed",
});

names!(PublishedFrom, published_from_str, parse_published_from, "documents", "published_from", {
    PublishedFrom::Metadata => "metadata",
    PublishedFrom::Text => "text",
    PublishedFrom::Inferred => "inferred",
});

names!(RemovedReason, reason_str, parse_reason, "removed", "reason", {
    RemovedReason::Title => "title",
    RemovedReason::Byline => "byline",
    RemovedReason::Dateline => "dateline",
    RemovedReason::SourceLine => "source_line",
    RemovedReason::Url => "url",
    RemovedReason::Donation => "donation",
    RemovedReason::Share => "share",
    RemovedReason::Comments => "comments",
    RemovedReason::Related => "related",
    RemovedReason::Navigation => "navigation",
    RemovedReason::Cookie => "cookie",
    RemovedReason::LanguageSwitch => "language_switch",
    RemovedReason::Bookmark => "bookmark",
    RemovedReason::PageFurniture => "page_furniture",
});

names!(TokenKind, token_kind_str, parse_token_kind, "tokens", "kind", {
    TokenKind::Word => "word",
    TokenKind::Number => "number",
    TokenKind::Quote => "quote",
    TokenKind::Punct => "punct",
    TokenKind::Symbol => "symbol",
    TokenKind::Url => "url",
    TokenKind::Email => "email",
});

names!(EntityKind, entity_kind_str, parse_entity_kind, "mentions", "kind", {
    EntityKind::Person => "person",
    EntityKind::Organization => "organization",
    EntityKind::Location => "location",
    EntityKind::Other => "other",
});

names!(TimexType, timex_type_str, parse_timex_type, "times", "timex_type", {
    TimexType::Date => "DATE",
    TimexType::Time => "TIME",
    TimexType::Duration => "DURATION",
    TimexType::Set => "SET",
});

names!(Anchor, anchor_str, parse_anchor, "times", "anchor", {
    Anchor::Published => "published",
    Anchor::Absolute => "absolute",
    Anchor::Previous => "previous",
});

names!(QuoteKind, quote_kind_str, parse_quote_kind, "quotes", "kind", {
    QuoteKind::Direct => "direct",
    QuoteKind::Indirect => "indirect",
    QuoteKind::Term => "term",
});

names!(Severity, severity_str, parse_severity, "diagnostics", "severity", {
    Severity::Info => "info",
    Severity::Warning => "warning",
});

/// Parses a stored part-of-speech tag.
pub(crate) fn parse_upos(name: &str) -> Result<Upos, StoreError> {
    Upos::parse(name).ok_or_else(|| bad("tokens", "pos", name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde_and_core() {
        for kind in [TokenKind::Word, TokenKind::Email, TokenKind::Punct] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json.trim_matches('"'), token_kind_str(kind));
            assert_eq!(parse_token_kind(token_kind_str(kind)).unwrap(), kind);
        }
        for reason in [RemovedReason::LanguageSwitch, RemovedReason::PageFurniture] {
            assert_eq!(reason_str(reason), reason.as_str());
            assert_eq!(parse_reason(reason.as_str()).unwrap(), reason);
        }
        let json = serde_json::to_string(&TimexType::Duration).unwrap();
        assert_eq!(json.trim_matches('"'), timex_type_str(TimexType::Duration));
        assert!(matches!(
            parse_anchor("tomorrow"),
            Err(StoreError::BadValue {
                column: "anchor",
                ..
            })
        ));
    }
}
