//! The user KB file format (`--kb FILE`): one tab-separated table whose `kind` column says
//! what each row adds. In the example each `⇥` stands for one tab character.
//!
//! ```text
//! # My additions to the dossier knowledge base.
//! kind ⇥ name ⇥ alt_names ⇥ country ⇥ code ⇥ detail ⇥ start ⇥ end ⇥ lat ⇥ lon
//! country ⇥ Ruritania ⇥ Kingdom of Ruritania|Ruritanian ⇥ RUR ⇥ RUR ⇥ RR
//! place ⇥ Strelsau ⇥ Strelsau City ⇥ RUR ⇥  ⇥ city ⇥  ⇥  ⇥ 50.10 ⇥ 14.20
//! organization ⇥ Ruritanian Security Service ⇥ RSS|Secret Police ⇥ RUR ⇥ RURSPY ⇥ spy
//! person ⇥ Rupert Hentzau ⇥ Rupert of Hentzau ⇥ RUR ⇥ RUROPP ⇥  ⇥ 2001 ⇥ 2003
//! role ⇥ Rudolf Rassendyll ⇥ Rudolf V ⇥ RUR ⇥ RURGOV ⇥ president ⇥ 2001-05-01 ⇥ 2004-03
//! actor ⇥ Black Elphberg ⇥ Elphberg faction ⇥  ⇥ RURREB ⇥  ⇥ 2002-01-01 ⇥ 2002-12-31
//! ```
//!
//! * The first line that is not blank or a `#` comment is the header; columns may come in any
//!   order, and only `kind` and `name` are required. Unknown columns are ignored.
//! * `alt_names` is a `|`-separated list (for countries it also takes demonyms; acronyms
//!   written in capitals are matched case-sensitively).
//! * `country` is an ISO 3166-1 alpha-3 code (`IGO` for international organisations).
//! * `code` is a CAMEO actor code. For `person` rows it applies outside any role, between
//!   `start` and `end` when they are given; for `actor` rows each row is one dated code and
//!   several rows of one name accumulate.
//! * `detail` is the role for `role` rows ("president", "foreign minister" ...), the place
//!   kind for `place` rows (capital, city, town, village, region; default city), the
//!   organisation kind for `organization` rows and the alpha-2 code for `country` rows.
//! * `start` and `end` are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; an empty `end` means open.
//! * `lat` and `lon` are decimal degrees (places only, required there).
//!
//! Entries from a user file win over shipped entries with the same name.

use chrono::NaiveDate;

use crate::model::{DatedCode, EntryKind, KbDate, KbEntry};
use crate::parse::Table;
use crate::KbError;

/// The header line of the format, as [`to_tsv`] writes it.
pub const HEADER: &str = "kind\tname\talt_names\tcountry\tcode\tdetail\tstart\tend\tlat\tlon";

/// Parses a user KB file's text into entries. `file` names it in error messages.
pub fn parse(file: &str, text: &str) -> Result<Vec<KbEntry>, KbError> {
    let table = Table::parse(file, text)?;
    table.require(&["kind", "name"])?;
    let mut entries = Vec::new();
    for row in table.rows() {
        let kind_text = row.need("kind")?;
        let kind = EntryKind::parse(kind_text)
            .ok_or_else(|| row.error(format!("unknown kind `{kind_text}`")))?;
        let mut entry = KbEntry::new(kind, row.need("name")?);
        entry.alt_names = crate::kb::list_field(row.get("alt_names"));
        entry.country = row.opt("country").map(str::to_string);
        entry.detail = row.opt("detail").map(str::to_string);
        let date = |column: &str| -> Result<Option<KbDate>, KbError> {
            match row.opt(column) {
                None => Ok(None),
                Some(text) => KbDate::parse(text).map(Some).ok_or_else(|| {
                    row.error(format!(
                        "bad {column} date `{text}` (want YYYY, YYYY-MM or YYYY-MM-DD)"
                    ))
                }),
            }
        };
        entry.start = date("start")?;
        entry.end = date("end")?;
        let coordinate = |column: &str, limit: f64| -> Result<Option<f64>, KbError> {
            match row.opt(column) {
                None => Ok(None),
                Some(text) => text
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && v.abs() <= limit)
                    .map(Some)
                    .ok_or_else(|| row.error(format!("bad {column} `{text}`"))),
            }
        };
        entry.lat = coordinate("lat", 90.0)?;
        entry.lon = coordinate("lon", 180.0)?;
        if let Some(code) = row.opt("code") {
            entry.codes.push(match kind {
                EntryKind::Actor => crate::kb::dated_code(code, entry.start, entry.end),
                _ => DatedCode::undated(code),
            });
        }
        let needs = |ok: bool, what: &str| -> Result<(), KbError> {
            if ok {
                Ok(())
            } else {
                Err(row.error(format!("a `{}` row needs {what}", kind.as_str())))
            }
        };
        match kind {
            EntryKind::Country => needs(entry.country.is_some(), "`country` (its alpha-3 code)")?,
            EntryKind::Place => {
                needs(entry.country.is_some(), "`country`")?;
                needs(
                    entry.lat.is_some() && entry.lon.is_some(),
                    "`lat` and `lon`",
                )?;
            }
            EntryKind::Organization | EntryKind::Actor | EntryKind::Agent => {
                needs(!entry.codes.is_empty(), "`code`")?
            }
            EntryKind::Role => {
                needs(entry.detail.is_some(), "`detail` (the role)")?;
                needs(entry.country.is_some(), "`country`")?;
                needs(!entry.codes.is_empty(), "`code`")?;
            }
            EntryKind::Person => {}
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// Writes entries in the user KB format, header first; an actor with several dated codes
/// becomes one row per code. Tabs and `|` inside values are replaced by spaces.
pub fn to_tsv(entries: &[KbEntry]) -> String {
    let mut out = String::new();
    out.push_str("# dossier user knowledge base (see dossier_kb::userfile for the format)\n");
    out.push_str(HEADER);
    out.push('\n');
    for entry in entries {
        let clean = |s: &str| s.replace(['\t', '\n', '\r', '|'], " ");
        let alts: Vec<String> = entry.alt_names.iter().map(|a| clean(a)).collect();
        let base = [
            entry.kind.as_str().to_string(),
            clean(&entry.name),
            alts.join("|"),
            entry.country.as_deref().map(clean).unwrap_or_default(),
        ];
        let tail = |code: &str, start: String, end: String| {
            let mut fields: Vec<String> = base.to_vec();
            fields.push(clean(code));
            fields.push(entry.detail.as_deref().map(clean).unwrap_or_default());
            fields.push(start);
            fields.push(end);
            fields.push(entry.lat.map(|v| v.to_string()).unwrap_or_default());
            fields.push(entry.lon.map(|v| v.to_string()).unwrap_or_default());
            fields.join("\t")
        };
        let date_text = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let kb_date_text = |d: Option<KbDate>| d.map(|d| d.to_string()).unwrap_or_default();
        if entry.codes.is_empty() {
            out.push_str(&tail(
                "",
                kb_date_text(entry.start),
                kb_date_text(entry.end),
            ));
            out.push('\n');
        }
        for code in &entry.codes {
            let (start, end) = if code.is_dated() {
                (date_text(code.from), date_text(code.until))
            } else {
                (kb_date_text(entry.start), kb_date_text(entry.end))
            };
            out.push_str(&tail(&code.code, start, end));
            out.push('\n');
        }
    }
    out
}
