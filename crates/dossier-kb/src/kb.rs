//! The knowledge base: the shipped tables, the indexes over their names, and the lookups.
//!
//! Every name is indexed by its *key*: the possessive stripped, a leading "the" dropped,
//! then [`fold::compact`]. Acronyms (all capitals, at most seven letters once dots and
//! hyphens are gone: "U.N.", "FSB", "ФСБ", "G-7") are indexed apart and matched only when the
//! query is written in capitals too, so "WHO" finds the World Health Organization and "who"
//! finds nothing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use chrono::NaiveDate;
use dossier_core::EntityKind;

use crate::fold::{self, compact, phonetic_key, same_name_variant};
use crate::model::{
    Country, DatedCode, EntryKind, KbDate, KbEntry, Organization, Person, Place, PlaceKind, Role,
};
use crate::parse::{split_list, Table};
use crate::KbError;

const COUNTRIES_TSV: &str = include_str!("../../../data/kb/countries.tsv");
const PLACES_TSV: &str = include_str!("../../../data/kb/places.tsv");
const ORGANIZATIONS_TSV: &str = include_str!("../../../data/kb/organizations.tsv");
const OFFICEHOLDERS_TSV: &str = include_str!("../../../data/kb/officeholders.tsv");

/// ISO alpha-2 codes that are also common English words; they are not looked up as codes,
/// so a headline in capitals ("TALKS IN MOSCOW") does not name India.
const WORDLIKE_ALPHA2: &[&str] = &[
    "IN", "IT", "AT", "BE", "TO", "NO", "ME", "AM", "IS", "AS", "BY", "DO", "MY", "SO", "AD", "ID",
    "LA", "PA", "CA", "AI", "IM", "GO", "HM", "TV",
];

/// Role names and phrases: (alias, canonical role, implied country).
const ROLE_ALIASES: &[(&str, &str, Option<&str>)] = &[
    ("president", "president", None),
    ("head of state", "president", None),
    ("prime minister", "prime minister", None),
    ("premier", "prime minister", None),
    ("pm", "prime minister", None),
    ("chancellor", "prime minister", None),
    ("head of government", "prime minister", None),
    (
        "chairman of the council of ministers",
        "prime minister",
        None,
    ),
    ("chair of the council of ministers", "prime minister", None),
    ("foreign minister", "foreign minister", None),
    ("foreign secretary", "foreign minister", None),
    ("secretary of state", "foreign minister", None),
    ("minister of foreign affairs", "foreign minister", None),
    ("minister for foreign affairs", "foreign minister", None),
    ("foreign affairs minister", "foreign minister", None),
    (
        "minister for europe and foreign affairs",
        "foreign minister",
        None,
    ),
    ("top diplomat", "foreign minister", None),
    ("interior minister", "interior minister", None),
    ("home secretary", "interior minister", None),
    ("minister of internal affairs", "interior minister", None),
    ("internal affairs minister", "interior minister", None),
    ("minister of the interior", "interior minister", None),
    ("minister of interior", "interior minister", None),
    ("homeland security secretary", "interior minister", None),
    ("secretary of homeland security", "interior minister", None),
    ("security minister", "interior minister", None),
    ("minister of security", "interior minister", None),
    ("public security minister", "interior minister", None),
    ("minister of public security", "interior minister", None),
    ("defence minister", "defence minister", None),
    ("defense minister", "defence minister", None),
    ("defence secretary", "defence minister", None),
    ("defense secretary", "defence minister", None),
    ("secretary of defense", "defence minister", None),
    ("minister of defence", "defence minister", None),
    ("minister of defense", "defence minister", None),
    ("minister of national defense", "defence minister", None),
    ("minister of national defence", "defence minister", None),
    ("minister of the armed forces", "defence minister", None),
    ("armed forces minister", "defence minister", None),
    ("vice president", "vice president", None),
    ("king", "monarch", None),
    ("queen", "monarch", None),
    ("monarch", "monarch", None),
    ("speaker", "speaker of parliament", None),
    ("parliament speaker", "speaker of parliament", None),
    ("parliamentary speaker", "speaker of parliament", None),
    ("speaker of parliament", "speaker of parliament", None),
    (
        "speaker of the national assembly",
        "speaker of parliament",
        None,
    ),
    ("duma speaker", "speaker of parliament", Some("RUS")),
    (
        "chairman of the state duma",
        "speaker of parliament",
        Some("RUS"),
    ),
    (
        "security council secretary",
        "security council secretary",
        None,
    ),
    (
        "secretary of the security council",
        "security council secretary",
        None,
    ),
    ("fsb director", "fsb director", Some("RUS")),
    ("fsb chief", "fsb director", Some("RUS")),
    ("head of the fsb", "fsb director", Some("RUS")),
    ("svr director", "svr director", Some("RUS")),
    ("svr chief", "svr director", Some("RUS")),
    ("head of the svr", "svr director", Some("RUS")),
    ("foreign intelligence chief", "svr director", None),
    ("bia director", "bia director", Some("SRB")),
    ("bia chief", "bia director", Some("SRB")),
    ("head of the bia", "bia director", Some("SRB")),
    ("gru chief", "gru director", Some("RUS")),
    ("head of the gru", "gru director", Some("RUS")),
    ("mit chief", "mit director", Some("TUR")),
    ("head of mit", "mit director", Some("TUR")),
    (
        "national security advisor",
        "national security advisor",
        None,
    ),
    (
        "national security adviser",
        "national security advisor",
        None,
    ),
    ("cia director", "cia director", Some("USA")),
    ("director of the cia", "cia director", Some("USA")),
    ("cia chief", "cia director", Some("USA")),
    (
        "chief of the general staff",
        "chief of the general staff",
        None,
    ),
    ("chief of general staff", "chief of the general staff", None),
    ("foreign ministry spokesperson", "mfa spokesperson", None),
    ("foreign ministry spokeswoman", "mfa spokesperson", None),
    ("foreign ministry spokesman", "mfa spokesperson", None),
    ("mfa spokesperson", "mfa spokesperson", None),
    (
        "kremlin spokesman",
        "presidential spokesperson",
        Some("RUS"),
    ),
    (
        "kremlin spokesperson",
        "presidential spokesperson",
        Some("RUS"),
    ),
    (
        "kremlin press secretary",
        "presidential spokesperson",
        Some("RUS"),
    ),
    ("presidential spokesman", "presidential spokesperson", None),
    (
        "presidential spokesperson",
        "presidential spokesperson",
        None,
    ),
    ("secretary general", "secretary general", None),
    ("secretary-general", "secretary general", None),
    ("high representative", "high representative", None),
];

/// Roles whose holders act for the intelligence services, the military or the legislature;
/// every other role codes as government.
fn role_sector(role: &str) -> &'static str {
    if role.ends_with("director") && !role.contains("office") {
        "SPY"
    } else if role == "chief of the general staff" || role == "commander-in-chief" {
        "MIL"
    } else if role.starts_with("speaker") {
        "LEG"
    } else {
        "GOV"
    }
}

/// The text without a leading "the" ("the U.S." → "U.S.").
fn strip_article(text: &str) -> &str {
    let trimmed = text.trim();
    match trimmed.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("the ") => {
            trimmed.get(4..).unwrap_or("").trim_start()
        }
        _ => trimmed,
    }
}

/// The key a name is indexed and looked up by.
fn name_key(name: &str) -> String {
    let stripped = fold::strip_possessive(name);
    let folded = fold::fold(stripped);
    let rest = folded.strip_prefix("the ").unwrap_or(&folded);
    rest.replace(' ', "")
}

/// The acronym key of a name written in capitals ("U.N." → `UN`, "ФСБ" → `FSB`), or `None`
/// when the name is not an acronym.
fn acronym_key(name: &str) -> Option<String> {
    let trimmed = fold::strip_possessive(name);
    let mut n_letters = 0usize;
    for ch in trimmed.chars() {
        if ch.is_alphabetic() {
            if !ch.is_uppercase() {
                return None;
            }
            n_letters += 1;
        } else if (ch.is_whitespace() && !trimmed.contains('.'))
            || !(ch.is_ascii_digit() || matches!(ch, '.' | '-' | ' ' | '+' | '&'))
        {
            return None;
        }
    }
    if n_letters == 0 {
        return None;
    }
    let key = compact(trimmed).to_ascii_uppercase();
    (!key.is_empty() && key.len() <= 7).then_some(key)
}

/// A query written like a word ("Nato", "Unesco") that may stand for an acronym.
fn titlecase_acronym_key(name: &str) -> Option<String> {
    let trimmed = fold::strip_possessive(name);
    let mut chars = trimmed.chars();
    let first = chars.next()?;
    let rest_lower = chars.clone().all(|c| c.is_lowercase());
    let n_chars = trimmed.chars().count();
    (first.is_uppercase() && rest_lower && (4..=7).contains(&n_chars))
        .then(|| compact(trimmed).to_ascii_uppercase())
}

fn push_unique(map: &mut HashMap<String, Vec<usize>>, key: String, idx: usize, front: bool) {
    if key.is_empty() {
        return;
    }
    let slot = map.entry(key).or_default();
    if !slot.contains(&idx) {
        if front {
            slot.insert(0, idx);
        } else {
            slot.push(idx);
        }
    }
}

/// The knowledge base: countries, places, organisations, persons with their roles, and
/// actors and agents from user files and dictionaries, with indexes for name lookups.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeBase {
    countries: Vec<Country>,
    places: Vec<Place>,
    organizations: Vec<Organization>,
    persons: Vec<Person>,
    roles: Vec<Role>,
    /// Folded role and title of each role, for [`KnowledgeBase::holder_of`].
    role_keys: Vec<(String, String)>,
    actors: Vec<KbEntry>,
    agents: Vec<KbEntry>,
    country_codes: HashMap<String, usize>,
    country_names: HashMap<String, (u8, usize)>,
    place_names: HashMap<String, Vec<usize>>,
    org_acronyms: HashMap<String, Vec<usize>>,
    org_names: HashMap<String, Vec<usize>>,
    person_names: HashMap<String, Vec<usize>>,
    person_surnames: HashMap<String, Vec<usize>>,
    actor_names: HashMap<String, Vec<usize>>,
    actor_acronyms: HashMap<String, Vec<usize>>,
}

static SHIPPED: OnceLock<Result<KnowledgeBase, KbError>> = OnceLock::new();

impl KnowledgeBase {
    /// The knowledge base shipped in `data/kb/`. The embedded files are parsed once per
    /// process; each call returns a copy that may be extended.
    pub fn shipped() -> Result<KnowledgeBase, KbError> {
        SHIPPED.get_or_init(Self::parse_shipped).clone()
    }

    /// An empty knowledge base, to fill from user files only.
    pub fn empty() -> KnowledgeBase {
        KnowledgeBase::default()
    }

    fn parse_shipped() -> Result<KnowledgeBase, KbError> {
        let mut kb = KnowledgeBase::default();
        kb.load_countries("data/kb/countries.tsv", COUNTRIES_TSV)?;
        kb.load_places("data/kb/places.tsv", PLACES_TSV)?;
        kb.load_organizations("data/kb/organizations.tsv", ORGANIZATIONS_TSV)?;
        kb.load_officeholders("data/kb/officeholders.tsv", OFFICEHOLDERS_TSV)?;
        Ok(kb)
    }

    fn load_countries(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let table = Table::parse(file, text)?;
        table.require(&["alpha2", "alpha3", "cameo", "name"])?;
        for row in table.rows() {
            let country = Country {
                alpha2: row.need("alpha2")?.to_string(),
                alpha3: row.need("alpha3")?.to_string(),
                cameo: row.need("cameo")?.to_string(),
                name: row.need("name")?.to_string(),
                alt_names: row.list("alt_names"),
                demonyms: row.list("demonyms"),
                capital: row.opt("capital").map(str::to_string),
            };
            self.add_country(country, false);
        }
        Ok(())
    }

    fn load_places(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let table = Table::parse(file, text)?;
        table.require(&["name", "country", "lat", "lon", "kind"])?;
        for row in table.rows() {
            let lat = parse_coordinate(row.need("lat")?, 90.0)
                .ok_or_else(|| row.error("bad latitude".to_string()))?;
            let lon = parse_coordinate(row.need("lon")?, 180.0)
                .ok_or_else(|| row.error("bad longitude".to_string()))?;
            let kind = PlaceKind::parse(row.need("kind")?)
                .ok_or_else(|| row.error(format!("unknown place kind `{}`", row.get("kind"))))?;
            let place = Place {
                name: row.need("name")?.to_string(),
                country: row.need("country")?.to_string(),
                lat,
                lon,
                kind,
                alt_names: row.list("alt_names"),
            };
            self.add_place(place, false);
        }
        Ok(())
    }

    fn load_organizations(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let table = Table::parse(file, text)?;
        table.require(&["acronym", "name", "country", "cameo"])?;
        for row in table.rows() {
            let org = Organization {
                acronym: row.opt("acronym").map(str::to_string),
                name: row.need("name")?.to_string(),
                alt_names: row.list("alt_names"),
                country: row.need("country")?.to_string(),
                cameo: row.need("cameo")?.to_string(),
                kind: row.get("kind").to_string(),
            };
            self.add_organization(org, false);
        }
        Ok(())
    }

    fn load_officeholders(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let table = Table::parse(file, text)?;
        table.require(&["name", "role", "country", "start", "end", "cameo"])?;
        for row in table.rows() {
            let start = parse_kb_date(&row, "start")?;
            let end = parse_kb_date(&row, "end")?;
            if let (Some(s), Some(e)) = (start, end) {
                if e.last_day() < s.first_day() {
                    return Err(row.error("the role ends before it starts".to_string()));
                }
            }
            let role = row.need("role")?;
            let title = row.opt("title").unwrap_or(role);
            self.add_role(
                row.need("name")?,
                &row.list("variants"),
                role,
                title,
                row.need("country")?,
                start,
                end,
                row.need("cameo")?,
            );
        }
        Ok(())
    }

    /// Adds the entries of a user KB file (see [`crate::userfile`] for the format).
    /// On a name that a shipped entry also has, the user's entry wins.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), KbError> {
        let text = std::fs::read_to_string(path).map_err(|err| KbError::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        })?;
        let entries = crate::userfile::parse(&path.display().to_string(), &text)?;
        self.add_entries(entries)
    }

    /// Adds entries from a user file or an imported dictionary. Fails on an entry that lacks
    /// what its kind needs (a place without coordinates, a role without a role name ...).
    pub fn add_entries(&mut self, entries: Vec<KbEntry>) -> Result<(), KbError> {
        for entry in entries {
            self.add_entry(entry)?;
        }
        Ok(())
    }

    /// Adds one entry (see [`KnowledgeBase::add_entries`]).
    pub fn add_entry(&mut self, entry: KbEntry) -> Result<(), KbError> {
        let missing = |what: &str| KbError::Parse {
            file: "entry".to_string(),
            line: 0,
            message: format!("{} `{}` has no {what}", entry.kind.as_str(), entry.name),
        };
        let first_code = entry.codes.first().map(|c| c.code.clone());
        match entry.kind {
            EntryKind::Country => {
                let alpha3 = entry
                    .country
                    .clone()
                    .ok_or_else(|| missing("country code"))?;
                let country = Country {
                    alpha2: entry.detail.clone().unwrap_or_default(),
                    cameo: first_code.unwrap_or_else(|| alpha3.clone()),
                    alpha3,
                    name: entry.name.clone(),
                    alt_names: entry.alt_names.clone(),
                    demonyms: Vec::new(),
                    capital: None,
                };
                self.add_country(country, true);
            }
            EntryKind::Place => {
                let place = Place {
                    name: entry.name.clone(),
                    country: entry.country.clone().ok_or_else(|| missing("country"))?,
                    lat: entry.lat.ok_or_else(|| missing("latitude"))?,
                    lon: entry.lon.ok_or_else(|| missing("longitude"))?,
                    kind: entry
                        .detail
                        .as_deref()
                        .and_then(PlaceKind::parse)
                        .unwrap_or(PlaceKind::City),
                    alt_names: entry.alt_names.clone(),
                };
                self.add_place(place, true);
            }
            EntryKind::Organization => {
                let acronym = entry
                    .alt_names
                    .iter()
                    .find(|a| acronym_key(a).is_some())
                    .cloned();
                let org = Organization {
                    acronym,
                    name: entry.name.clone(),
                    alt_names: entry.alt_names.clone(),
                    country: entry.country.clone().unwrap_or_else(|| "IGO".to_string()),
                    cameo: first_code.ok_or_else(|| missing("code"))?,
                    kind: entry.detail.clone().unwrap_or_default(),
                };
                self.add_organization(org, true);
            }
            EntryKind::Person => {
                let idx = self.person_index(&entry.name, &entry.alt_names);
                if let Some(person) = self.persons.get_mut(idx) {
                    for code in &entry.codes {
                        let mut code = code.clone();
                        if !code.is_dated() {
                            code.from = entry.start.map(|s| s.first_day());
                            code.until = entry.end.map(|e| e.last_day());
                        }
                        person.codes.push(code);
                    }
                    if person.country.is_none() {
                        person.country = entry.country.clone();
                    }
                }
            }
            EntryKind::Role => {
                let role = entry.detail.clone().ok_or_else(|| missing("role"))?;
                let country = entry.country.clone().ok_or_else(|| missing("country"))?;
                let code = first_code.ok_or_else(|| missing("code"))?;
                self.add_role(
                    &entry.name,
                    &entry.alt_names,
                    &role,
                    &role,
                    &country,
                    entry.start,
                    entry.end,
                    &code,
                );
            }
            EntryKind::Actor => {
                let key = name_key(&entry.name);
                // Rows of one actor in a user file arrive one dated code at a time.
                let existing = self
                    .actor_names
                    .get(&key)
                    .and_then(|v| v.first().copied())
                    .filter(|&i| self.actors.get(i).is_some_and(|a| a.name == entry.name));
                if let Some(actor) = existing.and_then(|i| self.actors.get_mut(i)) {
                    actor.codes.extend(entry.codes.iter().cloned());
                    for alt in &entry.alt_names {
                        if !actor.alt_names.contains(alt) {
                            actor.alt_names.push(alt.clone());
                        }
                    }
                    if let Some(i) = existing {
                        for alt in &entry.alt_names {
                            self.index_actor_name(alt, i);
                        }
                    }
                } else {
                    let idx = self.actors.len();
                    self.index_actor_name(&entry.name, idx);
                    for alt in &entry.alt_names {
                        self.index_actor_name(alt, idx);
                    }
                    self.actors.push(entry);
                }
            }
            EntryKind::Agent => self.agents.push(entry),
        }
        Ok(())
    }

    /// Indexes an actor's name. Dictionaries write every name in capitals, so only names
    /// with dots or of at most three letters ("U.S.", "UN", "IMF") count as acronyms and
    /// match only queries in capitals; a pronoun "us" must not find the United States.
    fn index_actor_name(&mut self, name: &str, idx: usize) {
        let short = compact(name).len() <= 3;
        match acronym_key(name).filter(|_| short || name.contains('.')) {
            Some(key) => push_unique(&mut self.actor_acronyms, key, idx, true),
            None => push_unique(&mut self.actor_names, name_key(name), idx, true),
        }
    }

    fn add_country(&mut self, country: Country, user: bool) {
        let idx = self.countries.len();
        let mut codes = vec![country.alpha3.clone(), country.cameo.clone()];
        if !country.alpha2.is_empty() && !WORDLIKE_ALPHA2.contains(&country.alpha2.as_str()) {
            codes.push(country.alpha2.clone());
        }
        for code in codes {
            if user || !self.country_codes.contains_key(&code) {
                self.country_codes.insert(code, idx);
            }
        }
        // Names beat alternative names beat demonyms when two countries share a key.
        let names = std::iter::once((0u8, &country.name))
            .chain(country.alt_names.iter().map(|n| (1u8, n)))
            .chain(country.demonyms.iter().map(|n| (2u8, n)));
        for (priority, name) in names {
            if let Some(key) = acronym_key(name) {
                if user || !self.country_codes.contains_key(&key) {
                    self.country_codes.insert(key, idx);
                }
                continue;
            }
            let key = name_key(name);
            if key.is_empty() {
                continue;
            }
            let replace = match self.country_names.get(&key) {
                None => true,
                Some(&(old, _)) => user || priority < old,
            };
            if replace {
                self.country_names.insert(key, (priority, idx));
            }
        }
        self.countries.push(country);
    }

    fn add_place(&mut self, place: Place, user: bool) {
        let idx = self.places.len();
        push_unique(&mut self.place_names, name_key(&place.name), idx, user);
        for alt in &place.alt_names {
            push_unique(&mut self.place_names, name_key(alt), idx, user);
        }
        self.places.push(place);
    }

    fn add_organization(&mut self, org: Organization, user: bool) {
        let idx = self.organizations.len();
        let names = org
            .acronym
            .iter()
            .chain(std::iter::once(&org.name))
            .chain(org.alt_names.iter());
        for name in names {
            match acronym_key(name) {
                Some(key) => push_unique(&mut self.org_acronyms, key, idx, user),
                None => push_unique(&mut self.org_names, name_key(name), idx, user),
            }
        }
        self.organizations.push(org);
    }

    /// The index of the person named `name` (exactly, after folding), created if needed;
    /// `variants` are added to the person.
    fn person_index(&mut self, name: &str, variants: &[String]) -> usize {
        let key = name_key(name);
        let existing = self.person_names.get(&key).and_then(|v| {
            v.iter()
                .copied()
                .find(|&i| self.persons.get(i).is_some_and(|p| p.name == name))
        });
        let idx = match existing {
            Some(idx) => idx,
            None => {
                let idx = self.persons.len();
                self.persons.push(Person {
                    name: name.to_string(),
                    variants: Vec::new(),
                    roles: Vec::new(),
                    codes: Vec::new(),
                    country: None,
                });
                push_unique(&mut self.person_names, key, idx, false);
                if let Some(surname) = surname_block(name) {
                    push_unique(&mut self.person_surnames, surname, idx, false);
                }
                idx
            }
        };
        for variant in variants {
            let is_new = self
                .persons
                .get(idx)
                .is_some_and(|p| !p.variants.contains(variant));
            if !is_new {
                continue;
            }
            if let Some(person) = self.persons.get_mut(idx) {
                person.variants.push(variant.clone());
            }
            push_unique(&mut self.person_names, name_key(variant), idx, false);
            if let Some(surname) = surname_block(variant) {
                push_unique(&mut self.person_surnames, surname, idx, false);
            }
        }
        idx
    }

    #[allow(clippy::too_many_arguments)]
    fn add_role(
        &mut self,
        name: &str,
        variants: &[String],
        role: &str,
        title: &str,
        country: &str,
        start: Option<KbDate>,
        end: Option<KbDate>,
        code: &str,
    ) {
        let person_idx = self.person_index(name, variants);
        let role_idx = self.roles.len();
        self.role_keys.push((fold::fold(role), fold::fold(title)));
        self.roles.push(Role {
            person: person_idx,
            role: role.trim().to_lowercase(),
            title: title.to_string(),
            country: country.to_string(),
            start,
            end,
            code: code.to_string(),
        });
        let roles = &self.roles;
        if let Some(person) = self.persons.get_mut(person_idx) {
            person.roles.push(role_idx);
            person
                .roles
                .sort_by_key(|&r| roles.get(r).and_then(|r| r.start));
            if country != "IGO" || person.country.is_none() {
                person.country = Some(country.to_string());
            }
        }
    }

    /// All countries, in file order (shipped first, then user entries).
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// All organisations.
    pub fn organizations(&self) -> &[Organization] {
        &self.organizations
    }

    /// All persons.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// All roles (tenures).
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// Actors added from user files and PETRARCH dictionaries.
    pub fn actors(&self) -> &[KbEntry] {
        &self.actors
    }

    /// Agents added from PETRARCH agent dictionaries (generic nouns with agent codes).
    pub fn agents(&self) -> &[KbEntry] {
        &self.agents
    }

    /// The person holding a role.
    pub fn holder(&self, role: &Role) -> Option<&Person> {
        self.persons.get(role.person)
    }

    /// The country named by `text`: an ISO or CAMEO code written in capitals ("SRB", "RS",
    /// "USA"), a name or alternative name ("Russian Federation", "Czechia", "Kosovo") or a
    /// demonym ("Serbian", "Serb"), case-, diacritic- and script-insensitively, possessives
    /// stripped ("Serbia’s").
    pub fn country(&self, text: &str) -> Option<&Country> {
        let stripped = strip_article(fold::strip_possessive(text));
        if let Some(key) = acronym_key(stripped) {
            if let Some(&idx) = self.country_codes.get(&key) {
                return self.countries.get(idx);
            }
        }
        let key = name_key(stripped);
        self.country_names
            .get(&key)
            .and_then(|&(_, idx)| self.countries.get(idx))
    }

    /// The CAMEO code of a country given by any code (alpha-2, alpha-3 or CAMEO) or name.
    pub fn cameo_country(&self, text: &str) -> Option<&str> {
        self.country(text).map(|c| c.cameo.as_str())
    }

    /// The place named `name`. When several places share the name, the one in
    /// `context_country` (any form [`KnowledgeBase::country`] accepts) wins, then a capital,
    /// then a city, then the first in file order.
    pub fn place(&self, name: &str, context_country: Option<&str>) -> Option<&Place> {
        let candidates = self.place_names.get(&name_key(name))?;
        let context = context_country
            .and_then(|c| self.country(c))
            .map(|c| c.alpha3.as_str());
        candidates
            .iter()
            .filter_map(|&idx| self.places.get(idx))
            .enumerate()
            .min_by_key(|(order, place)| {
                let foreign = context.is_some_and(|c| c != place.country);
                (foreign, place.kind, *order)
            })
            .map(|(_, place)| place)
    }

    /// All places named `name`, in file order (user entries first).
    pub fn places_named(&self, name: &str) -> Vec<&Place> {
        self.place_names
            .get(&name_key(name))
            .map(|v| v.iter().filter_map(|&i| self.places.get(i)).collect())
            .unwrap_or_default()
    }

    /// The organisation named `text`: by acronym written in capitals ("FSB", "U.N.", or
    /// "Nato" as some outlets write it), by full name or by alternative name.
    pub fn organization(&self, text: &str) -> Option<&Organization> {
        let stripped = strip_article(fold::strip_possessive(text));
        if let Some(key) = acronym_key(stripped) {
            if let Some(&idx) = self.org_acronyms.get(&key).and_then(|v| v.first()) {
                return self.organizations.get(idx);
            }
        }
        if let Some(&idx) = self
            .org_names
            .get(&name_key(stripped))
            .and_then(|v| v.first())
        {
            return self.organizations.get(idx);
        }
        let key = titlecase_acronym_key(stripped)?;
        self.org_acronyms
            .get(&key)
            .and_then(|v| v.first())
            .and_then(|&i| self.organizations.get(i))
    }

    /// The persons `name` may refer to: exact matches on a name or variant after folding,
    /// otherwise the persons whose name [`same_name_variant`] accepts (blocked by the
    /// phonetic key of the surname).
    pub fn persons_named(&self, name: &str) -> Vec<&Person> {
        self.person_indices(name)
            .into_iter()
            .filter_map(|i| self.persons.get(i))
            .collect()
    }

    fn person_indices(&self, name: &str) -> Vec<usize> {
        if let Some(found) = self.person_names.get(&name_key(name)) {
            return found.clone();
        }
        let Some(block) = surname_block(name) else {
            return Vec::new();
        };
        let Some(candidates) = self.person_surnames.get(&block) else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&idx| {
                self.persons.get(idx).is_some_and(|p| {
                    same_name_variant(name, &p.name)
                        || p.variants.iter().any(|v| same_name_variant(name, v))
                })
            })
            .collect()
    }

    /// The one person `name` refers to, or `None` when no person or several match.
    pub fn person(&self, name: &str) -> Option<&Person> {
        match self.person_indices(name).as_slice() {
            [only] => self.persons.get(*only),
            _ => None,
        }
    }

    /// The roles of the person `name` refers to, by start date; empty when the name matches
    /// no person or several (a bare shared surname such as "Ivanov").
    pub fn officeholders(&self, name: &str) -> Vec<&Role> {
        self.person(name)
            .map(|p| p.roles.iter().filter_map(|&r| self.roles.get(r)).collect())
            .unwrap_or_default()
    }

    /// Who held `role_title` ("president", "Foreign Minister", "Secretary of State",
    /// "chancellor" ...) in `country` (a country in any form, or an international
    /// organisation such as "NATO" or "UN") on `date`. When tenures overlap on the day of a
    /// handover, the later one wins.
    pub fn holder_of(&self, role_title: &str, country: &str, date: NaiveDate) -> Option<&Person> {
        let scope = self.scope(country)?;
        self.holder_role(role_title, &scope, date)
            .and_then(|r| self.persons.get(r.person))
    }

    fn scope(&self, country: &str) -> Option<Scope> {
        if let Some(c) = self.country(country) {
            return Some(Scope::Country(c.alpha3.clone()));
        }
        let org = self.organization(country)?;
        if org.country == "IGO" {
            Some(Scope::Igo(org.cameo.clone()))
        } else {
            Some(Scope::Country(org.country.clone()))
        }
    }

    fn holder_role(&self, role_title: &str, scope: &Scope, date: NaiveDate) -> Option<&Role> {
        let folded = fold::fold(role_title);
        let folded = folded.strip_prefix("the ").unwrap_or(&folded).to_string();
        let canonical = canonical_role(&folded)
            .map(|(r, _)| r.to_string())
            .unwrap_or(folded.clone());
        let suffix = format!(" {canonical}");
        self.roles
            .iter()
            .zip(&self.role_keys)
            .filter(|(role, _)| match scope {
                Scope::Country(a3) => &role.country == a3,
                Scope::Igo(code) => role.country == "IGO" && &role.code == code,
            })
            .filter(|(_, (role_folded, title_folded))| {
                *role_folded == canonical
                    || *title_folded == folded
                    || (matches!(scope, Scope::Igo(_)) && role_folded.ends_with(&suffix))
            })
            .map(|(role, _)| role)
            .filter(|role| role.active_on(date))
            .max_by_key(|role| role.start)
    }

    /// Reads phrases like "the Serbian president", "Russia’s foreign minister", "President of
    /// Serbia", "US Secretary of State", "the Kremlin spokesman" or "NATO Secretary General":
    /// the country (alpha-3, or the IGO's CAMEO code) and the canonical role.
    pub fn role_phrase(&self, phrase: &str) -> Option<(String, String)> {
        let scope_and_role = self.parse_role_phrase(phrase)?;
        let scope = match scope_and_role.0 {
            Scope::Country(a3) | Scope::Igo(a3) => a3,
        };
        Some((scope, scope_and_role.1))
    }

    fn parse_role_phrase(&self, phrase: &str) -> Option<(Scope, String)> {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        let start = usize::from(words.first().is_some_and(|w| w.eq_ignore_ascii_case("the")));
        let words = words.get(start..)?;
        if words.is_empty() {
            return None;
        }
        let whole = fold::fold(&words.join(" "));
        if let Some((role, Some(country))) = canonical_role(&whole) {
            return Some((Scope::Country(country.to_string()), role.to_string()));
        }
        // "President of Serbia", "Minister of Foreign Affairs of Russia".
        for split in (1..words.len()).rev() {
            if words
                .get(split)
                .is_some_and(|w| w.eq_ignore_ascii_case("of"))
            {
                let left = words.get(..split).map(|w| w.join(" ")).unwrap_or_default();
                let right = words
                    .get(split + 1..)
                    .map(|w| w.join(" "))
                    .unwrap_or_default();
                if let (Some((role, _)), Some(scope)) = (
                    canonical_role(&fold::fold(&left)),
                    self.country(&right)
                        .map(|c| Scope::Country(c.alpha3.clone())),
                ) {
                    return Some((scope, role.to_string()));
                }
            }
        }
        // "Serbian president", "Russia's foreign minister", "NATO Secretary General".
        for split in 1..words.len() {
            let left = words.get(..split).map(|w| w.join(" ")).unwrap_or_default();
            let right = words.get(split..).map(|w| w.join(" ")).unwrap_or_default();
            let Some((role, _)) = canonical_role(&fold::fold(&right)) else {
                continue;
            };
            if let Some(c) = self.country(&left) {
                return Some((Scope::Country(c.alpha3.clone()), role.to_string()));
            }
            if let Some(scope) = self.organization(&left).map(|o| {
                if o.country == "IGO" {
                    Scope::Igo(o.cameo.clone())
                } else {
                    Scope::Country(o.country.clone())
                }
            }) {
                return Some((scope, role.to_string()));
            }
        }
        None
    }

    /// Who a role phrase ("the Serbian president") names on `date`.
    pub fn holder_of_phrase(&self, phrase: &str, date: NaiveDate) -> Option<&Person> {
        let (scope, role) = self.parse_role_phrase(phrase)?;
        self.holder_role(&role, &scope, date)
            .and_then(|r| self.persons.get(r.person))
    }

    /// The CAMEO actor code of `name_or_entity` valid on `date`.
    ///
    /// Tried in order: an entity id (`country:SRB`, `person:sergey-lavrov` ...), a role
    /// phrase ("the Serbian president": the holder's code, or country + sector when no holder
    /// is known), user and PETRARCH actors (their dated codes), persons (the code of the role
    /// held on the date; country + `ELI` after their last role ended; the country code before
    /// their first), organisations, countries and demonyms, and places (their country).
    pub fn actor_code(&self, name_or_entity: &str, date: NaiveDate) -> Option<String> {
        let text = name_or_entity.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(code) = self.entity_code(text, date) {
            return Some(code);
        }
        if let Some((scope, role)) = self.parse_role_phrase(text) {
            if let Some(found) = self.holder_role(&role, &scope, date) {
                return Some(found.code.clone());
            }
            return match scope {
                Scope::Igo(code) => Some(code),
                Scope::Country(a3) => {
                    let cameo = self.cameo_country(&a3).unwrap_or(&a3).to_string();
                    Some(format!("{cameo}{}", role_sector(&role)))
                }
            };
        }
        let key = name_key(text);
        let actor_idx = acronym_key(text)
            .and_then(|k| self.actor_acronyms.get(&k))
            .or_else(|| self.actor_names.get(&key))
            .and_then(|v| v.first());
        if let Some(actor) = actor_idx.and_then(|&i| self.actors.get(i)) {
            if let Some(code) = actor.code_on(date) {
                return Some(code.to_string());
            }
        }
        // Exact person names first, then organisations and countries, and only then the
        // looser person match, so that "Jordan" stays a country.
        if let Some([only]) = self.person_names.get(&key).map(Vec::as_slice) {
            if let Some(person) = self.persons.get(*only) {
                return self.person_code(person, date);
            }
        }
        if let Some(org) = self.organization(text) {
            return Some(org.cameo.clone());
        }
        if let Some(country) = self.country(text) {
            return Some(country.cameo.clone());
        }
        if let Some(person) = self.person(text) {
            return self.person_code(person, date);
        }
        let place = self.place(text, None)?;
        Some(
            self.cameo_country(&place.country)
                .unwrap_or(&place.country)
                .to_string(),
        )
    }

    /// Resolves a mention's text of a given entity kind, the way the entity-resolution stage
    /// needs it: persons by name and variants; locations as countries first, then places
    /// (ambiguous names settled by `context_country`); organisations as organisations, then
    /// countries (a country named as an actor); other names (demonyms) as countries. The code
    /// is the one valid on `date`.
    pub fn resolve(
        &self,
        text: &str,
        kind: EntityKind,
        context_country: Option<&str>,
        date: NaiveDate,
    ) -> Option<Resolution> {
        let as_country = |c: &Country| Resolution {
            entity: c.id(),
            name: c.name.clone(),
            kind: EntityKind::Location,
            country: Some(c.alpha3.clone()),
            code: Some(c.cameo.clone()),
        };
        let as_org = |o: &Organization| Resolution {
            entity: o.id(),
            name: o.name.clone(),
            kind: EntityKind::Organization,
            country: Some(o.country.clone()),
            code: Some(o.cameo.clone()),
        };
        match kind {
            EntityKind::Person => {
                let person = self
                    .person(text)
                    .or_else(|| self.holder_of_phrase(text, date))?;
                Some(Resolution {
                    entity: person.id(),
                    name: person.name.clone(),
                    kind: EntityKind::Person,
                    country: person.country.clone(),
                    code: self.person_code(person, date),
                })
            }
            EntityKind::Location => {
                if let Some(c) = self.country(text) {
                    return Some(as_country(c));
                }
                let place = self.place(text, context_country)?;
                Some(Resolution {
                    entity: place.id(),
                    name: place.name.clone(),
                    kind: EntityKind::Location,
                    country: Some(place.country.clone()),
                    code: self.cameo_country(&place.country).map(str::to_string),
                })
            }
            EntityKind::Organization => self
                .organization(text)
                .map(as_org)
                .or_else(|| self.country(text).map(as_country)),
            EntityKind::Other => self
                .country(text)
                .map(as_country)
                .or_else(|| self.organization(text).map(as_org)),
        }
    }

    fn person_code(&self, person: &Person, date: NaiveDate) -> Option<String> {
        let roles: Vec<&Role> = person
            .roles
            .iter()
            .filter_map(|&r| self.roles.get(r))
            .collect();
        if let Some(active) = roles
            .iter()
            .filter(|r| r.active_on(date))
            .max_by_key(|r| r.start)
        {
            return Some(active.code.clone());
        }
        if let Some(code) = person.codes.iter().find(|c| c.covers(date)) {
            return Some(code.code.clone());
        }
        let country_cameo = |a3: &str| self.cameo_country(a3).unwrap_or(a3).to_string();
        let ended = roles
            .iter()
            .filter(|r| r.end.is_some_and(|e| e.last_day() < date))
            .max_by_key(|r| r.end);
        if let Some(last) = ended {
            if last.country == "IGO" {
                return person
                    .country
                    .as_deref()
                    .filter(|c| *c != "IGO")
                    .map(|c| format!("{}ELI", country_cameo(c)));
            }
            return Some(format!("{}ELI", country_cameo(&last.country)));
        }
        person
            .country
            .as_deref()
            .filter(|c| *c != "IGO")
            .map(country_cameo)
    }

    fn entity_code(&self, id: &str, date: NaiveDate) -> Option<String> {
        let (prefix, rest) = id.split_once(':')?;
        match prefix {
            "country" => self
                .countries
                .iter()
                .find(|c| c.alpha3 == rest)
                .map(|c| c.cameo.clone()),
            "person" => {
                let person = self.persons.iter().find(|p| p.id() == id)?;
                self.person_code(person, date)
            }
            "org" => self
                .organizations
                .iter()
                .find(|o| o.id() == id)
                .map(|o| o.cameo.clone()),
            "place" => {
                let place = self.places.iter().find(|p| p.id() == id)?;
                Some(
                    self.cameo_country(&place.country)
                        .unwrap_or(&place.country)
                        .to_string(),
                )
            }
            _ => None,
        }
    }
}

/// What a mention's text resolves to in the knowledge base.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Resolution {
    /// The stable entity id (`country:SRB`, `place:SRB:belgrade`, `org:RUS:fsb`,
    /// `person:aleksandar-vucic`).
    pub entity: String,
    /// The entry's canonical name.
    pub name: String,
    /// What the entry is.
    pub kind: EntityKind,
    /// Country alpha-3 code of the entry (`IGO` for international bodies), when known.
    pub country: Option<String>,
    /// The CAMEO actor code on the date asked for, when one applies.
    pub code: Option<String>,
}

/// Where a role is held: a country (alpha-3) or an international organisation (CAMEO code).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Scope {
    Country(String),
    Igo(String),
}

/// The canonical role of a folded role phrase, with the country it implies if any.
fn canonical_role(folded: &str) -> Option<(&'static str, Option<&'static str>)> {
    let folded = folded.strip_prefix("the ").unwrap_or(folded);
    let folded = folded.strip_prefix("acting ").unwrap_or(folded);
    ROLE_ALIAS_INDEX.get(folded).copied()
}

/// [`ROLE_ALIASES`] by folded alias, built once.
static ROLE_ALIAS_INDEX: LazyLock<HashMap<String, (&'static str, Option<&'static str>)>> =
    LazyLock::new(|| {
        ROLE_ALIASES
            .iter()
            .map(|(alias, role, country)| (fold::fold(alias), (*role, *country)))
            .collect()
    });

/// The blocking key of a person name: the phonetic key of its surname.
fn surname_block(name: &str) -> Option<String> {
    let folded = fold::fold(name);
    let surname = folded.rsplit(' ').next()?;
    let key = phonetic_key(surname);
    (!key.is_empty()).then_some(key)
}

fn parse_coordinate(text: &str, limit: f64) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    (value.is_finite() && value.abs() <= limit).then_some(value)
}

fn parse_kb_date(row: &crate::parse::Row<'_, '_>, column: &str) -> Result<Option<KbDate>, KbError> {
    match row.opt(column) {
        None => Ok(None),
        Some(text) => KbDate::parse(text).map(Some).ok_or_else(|| {
            row.error(format!(
                "bad {column} date `{text}` (want YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        }),
    }
}

/// Splits a `|`-separated list (re-exported for the user-file reader).
pub(crate) fn list_field(field: &str) -> Vec<String> {
    split_list(field)
}

/// A dated code from a user file's start and end columns.
pub(crate) fn dated_code(code: &str, start: Option<KbDate>, end: Option<KbDate>) -> DatedCode {
    DatedCode {
        code: code.to_string(),
        from: start.map(|s| s.first_day()),
        until: end.map(|e| e.last_day()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        match KnowledgeBase::shipped() {
            Ok(kb) => kb,
            Err(err) => panic!("the shipped knowledge base does not parse: {err}"),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    fn country_a3<'a>(kb: &'a KnowledgeBase, text: &str) -> Option<&'a str> {
        kb.country(text).map(|c| c.alpha3.as_str())
    }

    fn holder(kb: &KnowledgeBase, role: &str, country: &str, date: NaiveDate) -> Option<String> {
        kb.holder_of(role, country, date).map(|p| p.name.clone())
    }

    /// The shared folder of third-party data, or `None` when it is absent.
    fn shared_dir() -> Option<std::path::PathBuf> {
        let dir = std::env::var_os("DOSSIER_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
            });
        dir.is_dir().then_some(dir)
    }

    #[test]
    fn shipped_sizes_and_speed() {
        let started = std::time::Instant::now();
        let parsed = KnowledgeBase::parse_shipped();
        let elapsed = started.elapsed();
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        let kb = kb();
        assert!(
            kb.countries().len() >= 249,
            "{} countries",
            kb.countries().len()
        );
        assert!(kb.places().len() >= 400, "{} places", kb.places().len());
        assert!(
            kb.organizations().len() >= 150,
            "{} organisations",
            kb.organizations().len()
        );
        assert!(kb.roles().len() >= 250, "{} roles", kb.roles().len());
        // Debug builds are slower; the release parse is a few milliseconds.
        assert!(elapsed.as_millis() < 500, "parsing took {elapsed:?}");
        eprintln!(
            "shipped KB: {} countries, {} places, {} organisations, {} persons, {} roles, parsed in {elapsed:?}",
            kb.countries().len(),
            kb.places().len(),
            kb.organizations().len(),
            kb.persons().len(),
            kb.roles().len()
        );
    }

    #[test]
    fn every_capital_is_in_the_gazetteer() {
        let kb = kb();
        for country in kb.countries() {
            if let Some(capital) = &country.capital {
                let place = kb.place(capital, Some(&country.alpha3));
                assert_eq!(
                    place.map(|p| p.country.as_str()),
                    Some(country.alpha3.as_str()),
                    "capital {capital} of {}",
                    country.name
                );
            }
        }
    }

    #[test]
    fn place_countries_and_role_countries_exist() {
        let kb = kb();
        for place in kb.places() {
            assert!(
                kb.country(&place.country).is_some(),
                "place {} in {}",
                place.name,
                place.country
            );
        }
        for role in kb.roles() {
            assert!(
                role.country == "IGO" || kb.country(&role.country).is_some(),
                "{role:?}"
            );
        }
        for org in kb.organizations() {
            assert!(
                org.country == "IGO" || kb.country(&org.country).is_some(),
                "{org:?}"
            );
        }
    }

    #[test]
    fn tenures_of_one_office_do_not_overlap_much() {
        // Two holders of one office in one country may overlap on a handover day or within
        // a month given at month precision, never for longer: that would be a data error.
        let kb = kb();
        for a in kb.roles() {
            for b in kb.roles() {
                if std::ptr::eq(a, b)
                    || a.role != b.role
                    || a.country != b.country
                    || a.person == b.person
                {
                    continue;
                }
                let single_holder = [
                    "president",
                    "vice president",
                    "prime minister",
                    "foreign minister",
                    "interior minister",
                    "defence minister",
                    "monarch",
                    "security council secretary",
                ];
                if !single_holder.contains(&a.role.as_str()) || a.country == "IGO" {
                    continue;
                }
                let (Some(a_start), Some(b_start)) = (a.start, b.start) else {
                    continue;
                };
                let a_end = a.end.map(|e| e.last_day()).unwrap_or(NaiveDate::MAX);
                let b_end = b.end.map(|e| e.last_day()).unwrap_or(NaiveDate::MAX);
                let overlap_start = a_start.first_day().max(b_start.first_day());
                let overlap_end = a_end.min(b_end);
                if overlap_start <= overlap_end {
                    let days = (overlap_end - overlap_start).num_days();
                    assert!(days <= 31, "overlap of {days} days: {a:?} / {b:?}");
                }
            }
        }
    }

    #[test]
    fn role_codes_start_with_the_country_code() {
        let kb = kb();
        for role in kb.roles() {
            if role.country == "IGO" {
                assert!(role.code.starts_with("IGO"), "{role:?}");
                continue;
            }
            let cameo = kb.cameo_country(&role.country).unwrap_or("?");
            assert!(role.code.starts_with(cameo), "{role:?}");
            assert_eq!(role.code.len(), cameo.len() + 3, "{role:?}");
        }
        for country in kb.countries() {
            assert_eq!(country.alpha2.len(), 2, "{country:?}");
            assert_eq!(country.alpha3.len(), 3, "{country:?}");
        }
    }

    #[test]
    fn country_by_code_name_alt_name_and_demonym() {
        let kb = kb();
        assert_eq!(country_a3(&kb, "SRB"), Some("SRB"));
        assert_eq!(country_a3(&kb, "RS"), Some("SRB"));
        assert_eq!(country_a3(&kb, "Serbia"), Some("SRB"));
        assert_eq!(country_a3(&kb, "SERBIA"), Some("SRB"));
        assert_eq!(country_a3(&kb, "Serbian"), Some("SRB"));
        assert_eq!(country_a3(&kb, "Serb"), Some("SRB"));
        assert_eq!(country_a3(&kb, "Serbia’s"), Some("SRB"));
        assert_eq!(country_a3(&kb, "Србија"), Some("SRB"));
        assert_eq!(country_a3(&kb, "Russian Federation"), Some("RUS"));
        assert_eq!(country_a3(&kb, "Russian"), Some("RUS"));
        assert_eq!(country_a3(&kb, "Россия"), Some("RUS"));
        assert_eq!(country_a3(&kb, "Great Britain"), Some("GBR"));
        assert_eq!(country_a3(&kb, "UK"), Some("GBR"));
        assert_eq!(country_a3(&kb, "the U.S."), Some("USA"));
        assert_eq!(country_a3(&kb, "U.S."), Some("USA"));
        assert_eq!(country_a3(&kb, "the United States"), Some("USA"));
        assert_eq!(country_a3(&kb, "American"), Some("USA"));
        assert_eq!(country_a3(&kb, "Czechia"), Some("CZE"));
        assert_eq!(country_a3(&kb, "Czech Republic"), Some("CZE"));
        assert_eq!(country_a3(&kb, "Kosovo"), Some("XKX"));
        assert_eq!(country_a3(&kb, "XKX"), Some("XKX"));
        assert_eq!(country_a3(&kb, "KSV"), Some("XKX"));
        assert_eq!(kb.cameo_country("Kosovo"), Some("KSV"));
        assert_eq!(country_a3(&kb, "Kosovar"), Some("XKX"));
        assert_eq!(country_a3(&kb, "Montenegrin"), Some("MNE"));
        assert_eq!(country_a3(&kb, "Bosnia"), Some("BIH"));
        assert_eq!(country_a3(&kb, "Croat"), Some("HRV"));
        assert_eq!(country_a3(&kb, "Macedonia"), Some("MKD"));
        assert_eq!(country_a3(&kb, "the Netherlands"), Some("NLD"));
        assert_eq!(country_a3(&kb, "Côte d'Ivoire"), Some("CIV"));
        assert_eq!(country_a3(&kb, "Cote d’Ivoire"), Some("CIV"));
        assert_eq!(country_a3(&kb, "the Philippines'"), Some("PHL"));
        assert_eq!(country_a3(&kb, "Georgia"), Some("GEO"));
        assert_eq!(country_a3(&kb, "Bosnian Serb"), Some("BIH"));
        assert_eq!(country_a3(&kb, "Kosovo Serbs"), Some("XKX"));
        assert_eq!(country_a3(&kb, "Ukraine's"), Some("UKR"));
    }

    #[test]
    fn country_lookups_that_must_fail() {
        let kb = kb();
        assert_eq!(country_a3(&kb, "us"), None);
        assert_eq!(country_a3(&kb, "IN"), None);
        assert_eq!(country_a3(&kb, "in"), None);
        assert_eq!(country_a3(&kb, "Ruritania"), None);
        assert_eq!(country_a3(&kb, ""), None);
        assert_eq!(country_a3(&kb, "’s"), None);
    }

    #[test]
    fn places_with_variants_and_context() {
        let kb = kb();
        let country_of =
            |name: &str, ctx: Option<&str>| kb.place(name, ctx).map(|p| p.country.clone());
        assert_eq!(country_of("Kyiv", None).as_deref(), Some("UKR"));
        assert_eq!(country_of("Kiev", None).as_deref(), Some("UKR"));
        assert_eq!(country_of("Київ", None).as_deref(), Some("UKR"));
        assert_eq!(country_of("Beograd", None).as_deref(), Some("SRB"));
        assert_eq!(country_of("Београд", None).as_deref(), Some("SRB"));
        assert_eq!(country_of("Niš", None).as_deref(), Some("SRB"));
        assert_eq!(country_of("Nis", None).as_deref(), Some("SRB"));
        assert_eq!(country_of("Ниш", None).as_deref(), Some("SRB"));
        assert_eq!(country_of("Banjaluka", None).as_deref(), Some("BIH"));
        assert_eq!(
            country_of("Kosovska Mitrovica", None).as_deref(),
            Some("XKX")
        );
        assert_eq!(country_of("St. Petersburg", None).as_deref(), Some("RUS"));
        // Ambiguous names: a capital without context, the document's country with it.
        assert_eq!(country_of("Kingston", None).as_deref(), Some("JAM"));
        assert_eq!(
            country_of("Kingston", Some("Canada")).as_deref(),
            Some("CAN")
        );
        assert_eq!(country_of("Tripoli", None).as_deref(), Some("LBY"));
        assert_eq!(country_of("Tripoli", Some("LBN")).as_deref(), Some("LBN"));
        assert_eq!(
            country_of("Athens", Some("American")).as_deref(),
            Some("USA")
        );
        assert_eq!(country_of("Athens", Some("Serbia")).as_deref(), Some("GRC"));
        assert_eq!(country_of("Birmingham", None).as_deref(), Some("GBR"));
        assert_eq!(
            country_of("Moscow", Some("Russia’s")).as_deref(),
            Some("RUS")
        );
        assert!(kb.places_named("Kingston").len() >= 3);
        assert!(kb.place("Nowhereville", None).is_none());
        let belgrade = kb.place("Belgrade", None);
        assert!(
            belgrade.is_some_and(|p| (p.lat - 44.79).abs() < 0.1 && (p.lon - 20.45).abs() < 0.1)
        );
    }

    #[test]
    fn organizations_by_acronym_and_name() {
        let kb = kb();
        let code = |name: &str| kb.organization(name).map(|o| o.cameo.clone());
        assert_eq!(code("FSB").as_deref(), Some("RUSSPY"));
        assert_eq!(code("Federal Security Service").as_deref(), Some("RUSSPY"));
        assert_eq!(code("ФСБ").as_deref(), Some("RUSSPY"));
        assert_eq!(code("UN").as_deref(), Some("IGOUNO"));
        assert_eq!(code("U.N.").as_deref(), Some("IGOUNO"));
        assert_eq!(code("United Nations").as_deref(), Some("IGOUNO"));
        assert_eq!(code("NATO").as_deref(), Some("IGONAT"));
        assert_eq!(code("Nato").as_deref(), Some("IGONAT"));
        assert_eq!(code("NATO’s").as_deref(), Some("IGONAT"));
        assert_eq!(code("the European Union").as_deref(), Some("IGOEEC"));
        assert_eq!(code("WHO").as_deref(), Some("IGOUNOWHO"));
        assert_eq!(code("who"), None);
        assert_eq!(code("BIA").as_deref(), Some("SRBSPY"));
        assert_eq!(code("the Kremlin").as_deref(), Some("RUSGOV"));
        assert_eq!(code("Interpol").as_deref(), Some("IGOITP"));
        assert_eq!(code("G-7").as_deref(), Some("IGOGOS"));
        assert_eq!(code("Eurasian Economic Union").as_deref(), Some("IGOEAU"));
        assert_eq!(code("CSTO").as_deref(), Some("IGOCST"));
        assert_eq!(
            code("International Criminal Court").as_deref(),
            Some("IGOICC")
        );
        assert_eq!(code("MI6").as_deref(), Some("GBRSPY"));
        for acronym in [
            "UN", "NATO", "EU", "OSCE", "IMF", "WTO", "CSTO", "BRICS", "G7", "G20", "AU", "ASEAN",
            "OPEC", "ICC", "ICJ", "IAEA", "WHO", "FSB", "SVR", "GRU", "CIA", "FBI", "MI6", "BIA",
        ] {
            assert!(kb.organization(acronym).is_some(), "{acronym}");
        }
        for name in [
            "Council of Europe",
            "World Bank",
            "European Commission",
            "Arab League",
            "African Union",
        ] {
            assert!(kb.organization(name).is_some(), "{name}");
        }
    }

    #[test]
    fn officeholders_by_name_variant() {
        let kb = kb();
        let roles = |name: &str| kb.officeholders(name).len();
        assert!(roles("Nikolai Patrushev") >= 2);
        assert_eq!(roles("Nikolay Patrushev"), roles("Nikolai Patrushev"));
        assert_eq!(roles("Николай Патрушев"), roles("Nikolai Patrushev"));
        assert_eq!(roles("Patrushev"), roles("Nikolai Patrushev"));
        assert_eq!(roles("Aleksandar Vucic"), roles("Aleksandar Vučić"));
        assert_eq!(roles("Александар Вучић"), roles("Aleksandar Vučić"));
        assert_eq!(roles("Milo Djukanovic"), roles("Milo Đukanović"));
        assert!(roles("Milo Djukanovic") >= 5);
        assert_eq!(roles("Nebojsa Stefanovic"), 3);
        assert_eq!(roles("Sergey Lavrov"), 1);
        assert_eq!(roles("Sergei Lavrov"), 1);
        assert_eq!(roles("Tomislav Nikolić"), 1);
        assert_eq!(roles("Ana Brnabic"), 2);
        // Shared surname alone: ambiguous, so nothing.
        assert_eq!(roles("Ivanov"), 0);
        assert_eq!(kb.persons_named("Ivanov").len(), 3);
        assert_eq!(roles("Vladimir Popov"), 0);
        let zakharova = kb.officeholders("Maria Zakharova");
        assert_eq!(
            zakharova.first().map(|r| r.role.as_str()),
            Some("mfa spokesperson")
        );
        let naryshkin = kb.officeholders("Sergei Naryshkin");
        assert!(naryshkin.iter().any(|r| r.role == "svr director"));
    }

    #[test]
    fn holders_at_dates() {
        let kb = kb();
        assert_eq!(
            holder(&kb, "president", "Serbia", day(2016, 6, 1)).as_deref(),
            Some("Tomislav Nikolić")
        );
        assert_eq!(
            holder(&kb, "president", "Serbian", day(2019, 6, 1)).as_deref(),
            Some("Aleksandar Vučić")
        );
        assert_eq!(
            holder(&kb, "prime minister", "SRB", day(2019, 6, 1)).as_deref(),
            Some("Ana Brnabić")
        );
        // On the day of a handover the incoming holder wins.
        assert_eq!(
            holder(&kb, "president", "Serbia", day(2017, 5, 31)).as_deref(),
            Some("Aleksandar Vučić")
        );
        assert_eq!(
            holder(&kb, "Foreign Minister", "Russia", day(2010, 1, 1)).as_deref(),
            Some("Sergey Lavrov")
        );
        assert_eq!(
            holder(&kb, "foreign minister", "Russia", day(2003, 1, 1)).as_deref(),
            Some("Igor Ivanov")
        );
        assert_eq!(
            holder(&kb, "Security Council Secretary", "Russia", day(2015, 1, 1)).as_deref(),
            Some("Nikolai Patrushev")
        );
        assert_eq!(
            holder(
                &kb,
                "secretary of the security council",
                "RUS",
                day(2024, 8, 1)
            )
            .as_deref(),
            Some("Sergei Shoigu")
        );
        assert_eq!(
            holder(&kb, "Secretary of State", "USA", day(2014, 1, 1)).as_deref(),
            Some("John Kerry")
        );
        assert_eq!(
            holder(&kb, "chancellor", "Germany", day(2010, 1, 1)).as_deref(),
            Some("Angela Merkel")
        );
        assert_eq!(
            holder(&kb, "Home Secretary", "UK", day(2012, 1, 1)).as_deref(),
            Some("Theresa May")
        );
        assert_eq!(
            holder(&kb, "premier", "China", day(2015, 1, 1)).as_deref(),
            Some("Li Keqiang")
        );
        assert_eq!(
            holder(&kb, "defence minister", "Turkey", day(2020, 1, 1)).as_deref(),
            Some("Hulusi Akar")
        );
        assert_eq!(
            holder(&kb, "president", "Montenegro", day(2020, 1, 1)).as_deref(),
            Some("Milo Đukanović")
        );
        assert_eq!(
            holder(&kb, "prime minister", "Kosovo", day(2022, 1, 1)).as_deref(),
            Some("Albin Kurti")
        );
        assert_eq!(
            holder(&kb, "interior minister", "Ukraine", day(2018, 1, 1)).as_deref(),
            Some("Arsen Avakov")
        );
        assert_eq!(
            holder(&kb, "secretary general", "NATO", day(2020, 1, 1)).as_deref(),
            Some("Jens Stoltenberg")
        );
        assert_eq!(
            holder(&kb, "secretary-general", "UN", day(2020, 1, 1)).as_deref(),
            Some("António Guterres")
        );
        assert_eq!(holder(&kb, "president", "Serbia", day(1850, 1, 1)), None);
        assert_eq!(holder(&kb, "president", "Ruritania", day(2016, 1, 1)), None);
        assert_eq!(holder(&kb, "court jester", "Serbia", day(2016, 1, 1)), None);
    }

    #[test]
    fn role_phrases() {
        let kb = kb();
        let phrase = |p: &str, date| kb.holder_of_phrase(p, date).map(|p| p.name.clone());
        assert_eq!(
            phrase("the Serbian president", day(2016, 3, 1)).as_deref(),
            Some("Tomislav Nikolić")
        );
        assert_eq!(
            phrase("the Serbian president", day(2019, 3, 1)).as_deref(),
            Some("Aleksandar Vučić")
        );
        assert_eq!(
            phrase("Serbia’s prime minister", day(2019, 3, 1)).as_deref(),
            Some("Ana Brnabić")
        );
        assert_eq!(
            phrase("President of Serbia", day(2019, 3, 1)).as_deref(),
            Some("Aleksandar Vučić")
        );
        assert_eq!(
            phrase("Russian Foreign Minister", day(2019, 3, 1)).as_deref(),
            Some("Sergey Lavrov")
        );
        assert_eq!(
            phrase("US Secretary of State", day(2019, 3, 1)).as_deref(),
            Some("Mike Pompeo")
        );
        assert_eq!(
            phrase("the Kremlin spokesman", day(2019, 3, 1)).as_deref(),
            Some("Dmitry Peskov")
        );
        assert_eq!(
            phrase("NATO Secretary General", day(2019, 3, 1)).as_deref(),
            Some("Jens Stoltenberg")
        );
        assert_eq!(
            phrase("German Chancellor", day(2023, 3, 1)).as_deref(),
            Some("Olaf Scholz")
        );
        assert_eq!(phrase("the Serbian people", day(2019, 3, 1)), None);
        assert_eq!(
            kb.role_phrase("Montenegrin defence minister"),
            Some(("MNE".into(), "defence minister".into()))
        );
    }

    #[test]
    fn actor_codes_at_dates() {
        let kb = kb();
        let code = |name: &str, date| kb.actor_code(name, date);
        assert_eq!(
            code("Vladimir Putin", day(2005, 1, 1)).as_deref(),
            Some("RUSGOV")
        );
        assert_eq!(
            code("Nikolai Patrushev", day(2005, 1, 1)).as_deref(),
            Some("RUSSPY")
        );
        assert_eq!(
            code("Nikolay Patrushev", day(2010, 1, 1)).as_deref(),
            Some("RUSGOV")
        );
        assert_eq!(
            code("Sergey Naryshkin", day(2018, 1, 1)).as_deref(),
            Some("RUSSPY")
        );
        assert_eq!(
            code("Sergey Naryshkin", day(2013, 1, 1)).as_deref(),
            Some("RUSLEG")
        );
        assert_eq!(
            code("Tomislav Nikolic", day(2016, 1, 1)).as_deref(),
            Some("SRBGOV")
        );
        assert_eq!(
            code("Tomislav Nikolic", day(2019, 1, 1)).as_deref(),
            Some("SRBELI")
        );
        assert_eq!(code("Ana Brnabić", day(2010, 1, 1)).as_deref(), Some("SRB"));
        assert_eq!(
            code("Hashim Thaçi", day(2018, 1, 1)).as_deref(),
            Some("KSVGOV")
        );
        assert_eq!(
            code("the Serbian president", day(2016, 1, 1)).as_deref(),
            Some("SRBGOV")
        );
        assert_eq!(
            code("the Serbian foreign minister", day(1990, 1, 1)).as_deref(),
            Some("SRBGOV")
        );
        assert_eq!(code("FSB", day(2016, 1, 1)).as_deref(), Some("RUSSPY"));
        assert_eq!(code("Serbian", day(2016, 1, 1)).as_deref(), Some("SRB"));
        assert_eq!(code("Kosovo", day(2016, 1, 1)).as_deref(), Some("KSV"));
        assert_eq!(code("Pristina", day(2016, 1, 1)).as_deref(), Some("KSV"));
        assert_eq!(code("Jordan", day(2016, 1, 1)).as_deref(), Some("JOR"));
        assert_eq!(code("country:SRB", day(2016, 1, 1)).as_deref(), Some("SRB"));
        assert_eq!(
            code("person:sergey-lavrov", day(2016, 1, 1)).as_deref(),
            Some("RUSGOV")
        );
        assert_eq!(code("Ruritania", day(2016, 1, 1)), None);
        assert_eq!(code("", day(2016, 1, 1)), None);
    }

    #[test]
    fn user_file_extends_and_overrides() {
        let text = "# test file\n\
kind\tname\talt_names\tcountry\tcode\tdetail\tstart\tend\tlat\tlon\n\
country\tRuritania\tKingdom of Ruritania|Ruritanian\tRUR\tRUR\tRR\n\
place\tStrelsau\tStrelsau City\tRUR\t\tcapital\t\t\t50.10\t14.20\n\
place\tKingston\t\tRUR\t\tcity\t\t\t50.20\t14.30\n\
organization\tRuritanian Security Service\tRSS|Secret Police\tRUR\tRURSPY\tspy\n\
person\tRupert Hentzau\tRupert of Hentzau\tRUR\tRUROPP\t\t2001\t2003\n\
role\tRudolf Rassendyll\tRudolf V\tRUR\tRURGOV\tpresident\t2001-05-01\t2004-03\n\
actor\tBlack Elphberg\tElphberg faction\t\tRURREB\t\t2002-01-01\t2002-12-31\n\
actor\tBlack Elphberg\t\t\tRUROPP\t\t2003-01-01\t\n";
        let dir = std::env::temp_dir().join(format!("dossier-kb-test-{}", std::process::id()));
        let path = dir.join("user.tsv");
        let written = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, text));
        assert!(written.is_ok());
        let mut kb = kb();
        let result = kb.extend_from_file(&path);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(country_a3(&kb, "Ruritanian"), Some("RUR"));
        assert_eq!(
            kb.place("Strelsau City", None).map(|p| p.kind),
            Some(PlaceKind::Capital)
        );
        assert_eq!(
            kb.place("Kingston", Some("Ruritania"))
                .map(|p| p.country.as_str()),
            Some("RUR")
        );
        assert_eq!(
            kb.organization("RSS").map(|o| o.cameo.as_str()),
            Some("RURSPY")
        );
        assert_eq!(
            holder(&kb, "president", "Ruritania", day(2003, 1, 1)).as_deref(),
            Some("Rudolf Rassendyll")
        );
        assert_eq!(
            kb.actor_code("Rudolf V", day(2004, 3, 20)).as_deref(),
            Some("RURGOV")
        );
        assert_eq!(
            kb.actor_code("Rudolf V", day(2004, 4, 1)).as_deref(),
            Some("RURELI")
        );
        assert_eq!(
            kb.actor_code("Rupert of Hentzau", day(2002, 1, 1))
                .as_deref(),
            Some("RUROPP")
        );
        assert_eq!(
            kb.actor_code("Black Elphberg", day(2002, 6, 1)).as_deref(),
            Some("RURREB")
        );
        assert_eq!(
            kb.actor_code("Elphberg faction", day(2005, 6, 1))
                .as_deref(),
            Some("RUROPP")
        );
        // The entries written back read the same.
        let entries = crate::userfile::parse("t", text).unwrap_or_default();
        let again =
            crate::userfile::parse("t", &crate::userfile::to_tsv(&entries)).unwrap_or_default();
        assert_eq!(entries, again);
    }

    #[test]
    fn user_file_errors_name_the_line() {
        let bad_kind = crate::userfile::parse("f", "kind\tname\nplanet\tMars\n");
        assert!(matches!(bad_kind, Err(KbError::Parse { line: 2, .. })));
        let no_coords = crate::userfile::parse("f", "kind\tname\tcountry\nplace\tX\tSRB\n");
        assert!(matches!(no_coords, Err(KbError::Parse { line: 2, .. })));
        let bad_date = crate::userfile::parse(
            "f",
            "kind\tname\tcountry\tcode\tdetail\tstart\nrole\tX\tSRB\tSRBGOV\tpresident\t2016-13\n",
        );
        assert!(matches!(bad_date, Err(KbError::Parse { line: 2, .. })));
        let no_kind = crate::userfile::parse("f", "name\nX\n");
        assert!(no_kind.is_err());
        let mut kb = KnowledgeBase::empty();
        let missing = kb.extend_from_file(Path::new("/nonexistent/dossier/kb.tsv"));
        assert!(matches!(missing, Err(KbError::Io { .. })));
    }

    #[test]
    fn resolve_mentions_by_kind() {
        let kb = kb();
        let date = day(2019, 6, 1);
        let r = kb.resolve("Vucic", EntityKind::Person, None, date);
        assert_eq!(
            r.as_ref().map(|r| r.entity.as_str()),
            Some("person:aleksandar-vucic")
        );
        assert_eq!(r.as_ref().and_then(|r| r.code.as_deref()), Some("SRBGOV"));
        let r = kb.resolve("the Serbian president", EntityKind::Person, None, date);
        assert_eq!(r.map(|r| r.name), Some("Aleksandar Vučić".to_string()));
        let r = kb.resolve("Kingston", EntityKind::Location, Some("CAN"), date);
        assert_eq!(r.and_then(|r| r.country), Some("CAN".to_string()));
        let r = kb.resolve("Serbia", EntityKind::Location, None, date);
        assert_eq!(r.map(|r| r.entity), Some("country:SRB".to_string()));
        let r = kb.resolve("Russian", EntityKind::Other, None, date);
        assert_eq!(r.and_then(|r| r.code), Some("RUS".to_string()));
        let r = kb.resolve("FSB", EntityKind::Organization, None, date);
        assert_eq!(r.map(|r| r.entity), Some("org:RUS:fsb".to_string()));
        assert_eq!(
            kb.resolve("Nobody Atall", EntityKind::Person, None, date),
            None
        );
    }

    #[test]
    fn petrarch_validation_dictionaries_import() {
        let Some(shared) = shared_dir() else {
            eprintln!("skipped: the shared data folder is absent");
            return;
        };
        let dir = shared.join("data/petrarch-unit-tests");
        let Ok(actors_text) = std::fs::read_to_string(dir.join("PETR.Validate.actors.txt")) else {
            eprintln!("skipped: PETR.Validate.actors.txt is absent");
            return;
        };
        let actors = import_result(&actors_text);
        assert!(actors.len() > 100, "{} actors", actors.len());
        let mut kb = KnowledgeBase::empty();
        assert!(kb.add_entries(actors.clone()).is_ok());
        // Dated codes, `+` synonyms and `<`/`>` bounds as the dictionary gives them.
        assert_eq!(
            kb.actor_code("SAM GAMGEE", day(2007, 1, 1)).as_deref(),
            Some("HOBCIV")
        );
        assert_eq!(
            kb.actor_code("SAM GAMGEE", day(2010, 1, 10)).as_deref(),
            Some("ORCHOB")
        );
        assert_eq!(
            kb.actor_code("SAM GAMGEE", day(2011, 1, 1)).as_deref(),
            Some("HOBMIL")
        );
        assert_eq!(
            kb.actor_code("SAM GAMGEE", day(2014, 1, 1)).as_deref(),
            Some("HOBELI")
        );
        assert_eq!(
            kb.actor_code("Smeagol", day(1997, 1, 1)).as_deref(),
            Some("HOBGOV")
        );
        assert_eq!(
            kb.actor_code("GOLLUM", day(2001, 1, 1)).as_deref(),
            Some("HOBREB")
        );
        assert_eq!(
            kb.actor_code("Interpol", day(2001, 1, 1)).as_deref(),
            Some("IGOCOPITP")
        );
        assert_eq!(
            kb.actor_code("U.S.", day(2001, 1, 1)).as_deref(),
            Some("USA")
        );
        assert_eq!(
            kb.actor_code("ZIMBABWE", day(1970, 1, 1)).as_deref(),
            Some("RHO")
        );
        assert_eq!(
            kb.actor_code("ZIMBABWE", day(1990, 1, 1)).as_deref(),
            Some("ZBW")
        );
        assert!(actors.iter().all(|a| !a.name.contains('_')));
        if let Ok(agents_text) = std::fs::read_to_string(dir.join("PETR.Validate.agents.txt")) {
            let agents = import_result(&agents_text);
            assert!(agents.len() > 50, "{} agents", agents.len());
            assert!(agents
                .iter()
                .any(|a| a.kind == EntryKind::Agent && a.name == "FOREIGN MINISTER"));
            assert!(agents
                .iter()
                .any(|a| a.alt_names.iter().any(|n| n == "CONGRESSMEN")));
        }
    }

    fn import_result(text: &str) -> Vec<KbEntry> {
        match crate::import_petrarch_actors(text) {
            Ok(entries) => entries,
            Err(err) => panic!("import failed: {err}"),
        }
    }
}
