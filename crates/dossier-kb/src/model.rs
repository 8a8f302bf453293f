//! The entries of the knowledge base: countries, places, organisations, persons and their
//! roles, dated codes, and the generic [`KbEntry`] that user files and dictionaries produce.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A date known to the day, the month or only the year ("2004-03-09", "2004-03", "2004").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct KbDate {
    /// The year.
    pub year: i32,
    /// The month (1–12), when known.
    pub month: Option<u32>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u32>,
}

impl KbDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else or an impossible date.
    pub fn parse(text: &str) -> Option<KbDate> {
        let mut parts = text.trim().split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u32>().ok()?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 && month.is_some() => Some(d.parse::<u32>().ok()?),
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        let date = KbDate { year, month, day };
        // Both ends must exist as calendar dates.
        NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1))?;
        Some(date)
    }

    /// The first day the date can mean (1 January for a bare year).
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The last day the date can mean (31 December for a bare year).
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(self.year, m + 1, 1)
                };
                next.and_then(|n| n.pred_opt())
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// The exact date of a day.
    pub fn from_date(date: NaiveDate) -> KbDate {
        KbDate {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }
}

impl std::fmt::Display for KbDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// A code valid between two days (both inclusive; `None` = unbounded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedCode {
    /// The code (`RUSGOV`; agent codes keep their `~`, as in `~GOV` or `NGO~`).
    pub code: String,
    /// First day of validity.
    pub from: Option<NaiveDate>,
    /// Last day of validity.
    pub until: Option<NaiveDate>,
}

impl DatedCode {
    /// A code valid at all dates.
    pub fn undated(code: &str) -> DatedCode {
        DatedCode {
            code: code.to_string(),
            from: None,
            until: None,
        }
    }

    /// Whether the code has a date restriction.
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }

    /// Whether the code is valid on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date <= until)
    }
}

/// A country or territory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code (`XK` for Kosovo); empty when unknown (user entries).
    pub alpha2: String,
    /// ISO 3166-1 alpha-3 code (`XKX` for Kosovo).
    pub alpha3: String,
    /// CAMEO country code (`KSV` for Kosovo, otherwise mostly the alpha-3 code).
    pub cameo: String,
    /// English short name.
    pub name: String,
    /// Other names: long forms, former names, local spellings, abbreviations.
    pub alt_names: Vec<String>,
    /// Adjectives and nouns for its people.
    pub demonyms: Vec<String>,
    /// Its capital, when it has one.
    pub capital: Option<String>,
}

impl Country {
    /// The stable entity id, `country:` and the alpha-3 code.
    pub fn id(&self) -> String {
        format!("country:{}", self.alpha3)
    }
}

/// What kind of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A national capital.
    Capital,
    /// A city.
    City,
    /// A town.
    Town,
    /// A village.
    Village,
    /// A region, province or territory.
    Region,
}

impl PlaceKind {
    /// Parses the lowercase name used in the data files.
    pub fn parse(text: &str) -> Option<PlaceKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "capital" => Some(PlaceKind::Capital),
            "city" => Some(PlaceKind::City),
            "town" => Some(PlaceKind::Town),
            "village" => Some(PlaceKind::Village),
            "region" => Some(PlaceKind::Region),
            _ => None,
        }
    }

    /// The lowercase name used in the data files.
    pub fn as_str(&self) -> &'static str {
        match self {
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::Village => "village",
            PlaceKind::Region => "region",
        }
    }
}

/// A place of the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// English name.
    pub name: String,
    /// ISO alpha-3 code of its country.
    pub country: String,
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees.
    pub lon: f64,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Other names.
    pub alt_names: Vec<String>,
}

impl Place {
    /// The stable entity id, `place:` + country + `:` + folded name.
    pub fn id(&self) -> String {
        format!(
            "place:{}:{}",
            self.country,
            crate::fold::fold(&self.name).replace(' ', "-")
        )
    }
}

/// An organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The usual acronym, when there is one.
    pub acronym: Option<String>,
    /// Full English name.
    pub name: String,
    /// Other names.
    pub alt_names: Vec<String>,
    /// ISO alpha-3 code of its country, or `IGO` for international bodies.
    pub country: String,
    /// CAMEO actor code.
    pub cameo: String,
    /// igo, ngo, gov, mil, spy, cop, jud, leg, med, bus, party or reb.
    pub kind: String,
}

impl Organization {
    /// The stable entity id, `org:` + country + `:` + folded acronym or name.
    pub fn id(&self) -> String {
        let label = self.acronym.as_deref().unwrap_or(&self.name);
        format!(
            "org:{}:{}",
            self.country,
            crate::fold::fold(label).replace(' ', "-")
        )
    }
}

/// A person known to the knowledge base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The usual English name.
    pub name: String,
    /// Other spellings.
    pub variants: Vec<String>,
    /// Indices of the person's roles in [`crate::KnowledgeBase::roles`], by start date.
    pub roles: Vec<usize>,
    /// Codes that apply outside any role (user entries).
    pub codes: Vec<DatedCode>,
    /// Country of the person's roles or codes (alpha-3), when known.
    pub country: Option<String>,
}

impl Person {
    /// The stable entity id, `person:` + folded name with hyphens.
    pub fn id(&self) -> String {
        format!("person:{}", crate::fold::fold(&self.name).replace(' ', "-"))
    }
}

/// One tenure of one office by one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Index of the holder in [`crate::KnowledgeBase::persons`].
    pub person: usize,
    /// Canonical role ("president", "prime minister", "foreign minister" ...).
    pub role: String,
    /// The local title of the office.
    pub title: String,
    /// ISO alpha-3 code of the country, or `IGO`.
    pub country: String,
    /// First day in office, as precisely as known.
    pub start: Option<KbDate>,
    /// Last day in office; `None` while in office.
    pub end: Option<KbDate>,
    /// CAMEO actor code while in office.
    pub code: String,
}

impl Role {
    /// Whether the role may be held on `date`: from the first day its start can mean to the
    /// last day its end can mean.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s.first_day() <= date)
            && self.end.is_none_or(|e| date <= e.last_day())
    }
}

/// What a [`KbEntry`] describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A country (`kind` = `country`).
    Country,
    /// A place (`place`).
    Place,
    /// An organisation (`organization`).
    Organization,
    /// A person, with codes that apply outside any role (`person`).
    Person,
    /// One tenure of an office by a person (`role`).
    Role,
    /// A name with dated actor codes, as in PETRARCH actor dictionaries (`actor`).
    Actor,
    /// A generic agent noun with an agent code (`~GOV`), as in PETRARCH agent dictionaries (`agent`).
    Agent,
}

impl EntryKind {
    /// Parses the lowercase name used in user files.
    pub fn parse(text: &str) -> Option<EntryKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "country" => Some(EntryKind::Country),
            "place" => Some(EntryKind::Place),
            "organization" | "organisation" | "org" => Some(EntryKind::Organization),
            "person" => Some(EntryKind::Person),
            "role" => Some(EntryKind::Role),
            "actor" => Some(EntryKind::Actor),
            "agent" => Some(EntryKind::Agent),
            _ => None,
        }
    }

    /// The lowercase name used in user files.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntryKind::Country => "country",
            EntryKind::Place => "place",
            EntryKind::Organization => "organization",
            EntryKind::Person => "person",
            EntryKind::Role => "role",
            EntryKind::Actor => "actor",
            EntryKind::Agent => "agent",
        }
    }
}

/// One entry of a user KB file or an imported dictionary, before it joins a knowledge base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KbEntry {
    /// What it describes.
    pub kind: EntryKind,
    /// Its name (for roles: the person's name).
    pub name: String,
    /// Other names (synonyms, spellings; for countries also demonyms).
    pub alt_names: Vec<String>,
    /// Country alpha-3 code (or `IGO`), when given.
    pub country: Option<String>,
    /// Codes, each with its validity.
    pub codes: Vec<DatedCode>,
    /// Role for `role` entries, place kind for places, organisation kind for organisations,
    /// alpha-2 code for countries.
    pub detail: Option<String>,
    /// Start of a role, or of the validity of a person's code.
    pub start: Option<KbDate>,
    /// End of a role, or of the validity of a person's code.
    pub end: Option<KbDate>,
    /// Latitude of a place.
    pub lat: Option<f64>,
    /// Longitude of a place.
    pub lon: Option<f64>,
}

impl KbEntry {
    /// An entry of `kind` named `name` with nothing else known yet.
    pub fn new(kind: EntryKind, name: &str) -> KbEntry {
        KbEntry {
            kind,
            name: name.to_string(),
            alt_names: Vec::new(),
            country: None,
            codes: Vec::new(),
            detail: None,
            start: None,
            end: None,
            lat: None,
            lon: None,
        }
    }

    /// The code valid on `date`: the first dated code covering it, else the first undated code.
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        self.codes
            .iter()
            .find(|c| c.is_dated() && c.covers(date))
            .or_else(|| self.codes.iter().find(|c| !c.is_dated()))
            .map(|c| c.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn kb_date_precisions() {
        let full = KbDate::parse("2004-03-09");
        assert_eq!(full.map(|d| d.to_string()).as_deref(), Some("2004-03-09"));
        let month = KbDate::parse("2008-02");
        assert_eq!(month.map(|d| d.first_day()), Some(day(2008, 2, 1)));
        assert_eq!(month.map(|d| d.last_day()), Some(day(2008, 2, 29)));
        let year = KbDate::parse("2015");
        assert_eq!(year.map(|d| d.last_day()), Some(day(2015, 12, 31)));
        assert_eq!(KbDate::parse("2015-13"), None);
        assert_eq!(KbDate::parse("2015-02-30"), None);
        assert_eq!(KbDate::parse("15-02"), None);
        assert_eq!(KbDate::parse(""), None);
        assert_eq!(KbDate::parse("2015-1-1"), None);
    }

    #[test]
    fn dated_code_selection() {
        let mut entry = KbEntry::new(EntryKind::Actor, "x");
        entry.codes.push(DatedCode::undated("AAA"));
        entry.codes.push(DatedCode {
            code: "BBB".into(),
            from: Some(day(2000, 1, 1)),
            until: Some(day(2001, 1, 1)),
        });
        assert_eq!(entry.code_on(day(2000, 6, 1)), Some("BBB"));
        assert_eq!(entry.code_on(day(2001, 1, 1)), Some("BBB"));
        assert_eq!(entry.code_on(day(2001, 1, 2)), Some("AAA"));
    }
}
