//! GDELT 2.0 event-table rows: one row per actor × recipient dyad of an event.
//!
//! The 61 columns of the GDELT 2.0 event table, in order; fields dossier does not know (actor
//! attributes beyond the code, geography coordinates, tone, mentions) are left empty.

use crate::coder::{Event, Participant};
use crate::ontology::Ontology;

/// The column names of the GDELT 2.0 event table.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Actor code, name, country (first three letters when they look like a country code),
/// type (the next three letters).
fn actor_fields(participant: Option<&Participant>) -> [String; 10] {
    let mut out: [String; 10] = Default::default();
    let Some(p) = participant else {
        return out;
    };
    let code = p.code.clone().unwrap_or_default();
    out[1] = p.name.clone();
    if code.len() >= 3 && code.is_char_boundary(3) {
        out[2] = code[..3].to_string();
        if code.len() >= 6 && code.is_char_boundary(6) {
            out[7] = code[3..6].to_string();
        }
    }
    out[0] = code;
    out
}

/// The rows of one event: actors × recipients (an event without recipients gives one row
/// per actor, without actors one row per recipient). `numeric_id` is the first row's
/// GLOBALEVENTID; `source_url` fills SOURCEURL.
pub fn gdelt_rows(
    event: &Event,
    ontology: &Ontology,
    numeric_id: u64,
    source_url: &str,
) -> Vec<Vec<String>> {
    let actors: Vec<Option<&Participant>> = if event.actors.is_empty() {
        vec![None]
    } else {
        event.actors.iter().map(Some).collect()
    };
    let recipients: Vec<Option<&Participant>> = if event.recipients.is_empty() {
        vec![None]
    } else {
        event.recipients.iter().map(Some).collect()
    };
    let date_digits: String = event
        .date
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // SQLDATE needs a day: a month or year precision date is padded with zeros, as GDELT
    // does for imprecise dates.
    let sqldate = format!("{date_digits:0<8}");
    let sqldate = if date_digits.is_empty() {
        String::new()
    } else {
        sqldate
    };
    let month_year = sqldate.get(..6).unwrap_or("").to_string();
    let year = sqldate.get(..4).unwrap_or("").to_string();
    let fraction = match (
        year.parse::<f64>(),
        sqldate.get(4..6).and_then(|m| m.parse::<f64>().ok()),
        sqldate.get(6..8).and_then(|d| d.parse::<f64>().ok()),
    ) {
        (Ok(y), Some(m), Some(d)) => {
            format!(
                "{:.4}",
                y + ((m.max(1.0) - 1.0) * 30.0 + d.max(1.0)) / 365.0
            )
        }
        _ => String::new(),
    };
    let cameo = ontology.cameo(&event.cameo);
    let root = cameo.map_or_else(
        || event.cameo.get(..2).unwrap_or("").to_string(),
        |c| c.root.clone(),
    );
    let base = event.cameo.get(..3).unwrap_or(&event.cameo).to_string();
    let mut rows = Vec::new();
    let mut id = numeric_id;
    for actor in &actors {
        for recipient in &recipients {
            let mut row: Vec<String> = Vec::with_capacity(61);
            row.push(id.to_string());
            id += 1;
            row.push(sqldate.clone());
            row.push(month_year.clone());
            row.push(year.clone());
            row.push(fraction.clone());
            row.extend(actor_fields(*actor));
            row.extend(actor_fields(*recipient));
            row.push("1".to_string());
            row.push(event.cameo.clone());
            row.push(base.clone());
            row.push(root.clone());
            row.push(cameo.map_or(String::new(), |c| c.quad_class.to_string()));
            row.push(cameo.map_or(String::new(), |c| format!("{:.1}", c.goldstein)));
            row.push(event.evidence.len().to_string());
            row.push(event.outlets.to_string());
            row.push(event.evidence.len().to_string());
            row.push(String::new());
            // Actor 1 and 2 geography: unknown.
            for _ in 0..16 {
                row.push(String::new());
            }
            match &event.location {
                Some(location) => {
                    row.push("4".to_string());
                    row.push(location.name.clone());
                    row.push(location.country.clone().unwrap_or_default());
                }
                None => {
                    row.push(String::new());
                    row.push(String::new());
                    row.push(String::new());
                }
            }
            for _ in 0..5 {
                row.push(String::new());
            }
            row.push(sqldate.clone());
            row.push(source_url.to_string());
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder::{code_doc, NameResolver};
    use crate::testutil::parsed;

    #[test]
    fn rows_explode_dyads_with_quad_class_and_goldstein() {
        let mut doc = parsed(
            "
Serbia PROPN 4 nsubj LOC
and CCONJ 3 cc
Russia PROPN 1 conj LOC
signed VERB 0 root
a DET 6 det
deal NOUN 4 obj
with ADP 8 case
China PROPN 4 obl LOC",
        );
        doc.meta.published = chrono::NaiveDate::from_ymd_opt(2017, 5, 23);
        let ontology = Ontology::shipped().unwrap();
        let mut resolver = NameResolver::new();
        resolver.insert("Serbia", "SRBGOV");
        resolver.insert("Russia", "RUS");
        let events = code_doc(&doc, &ontology, &resolver);
        assert_eq!(events.len(), 1);
        let rows = gdelt_rows(&events[0], &ontology, 7, "http://example.org");
        assert_eq!(rows.len(), 2);
        for row in &rows {
            assert_eq!(row.len(), COLUMNS.len());
        }
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(rows[0][col("GLOBALEVENTID")], "7");
        assert_eq!(rows[0][col("SQLDATE")], "20170523");
        assert_eq!(rows[0][col("Actor1Code")], "SRBGOV");
        assert_eq!(rows[0][col("Actor1CountryCode")], "SRB");
        assert_eq!(rows[0][col("Actor1Type1Code")], "GOV");
        assert_eq!(rows[1][col("Actor1Name")], "Russia");
        assert_eq!(rows[0][col("Actor2Name")], "China");
        assert_eq!(rows[0][col("EventRootCode")], "05");
        assert_eq!(rows[0][col("QuadClass")], "1");
        assert_eq!(rows[0][col("GoldsteinScale")], "8.0");
        assert_eq!(rows[0][col("SOURCEURL")], "http://example.org");
    }
}
