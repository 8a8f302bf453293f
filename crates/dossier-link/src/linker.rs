//! The linker: groups mentions within each document, resolves the groups against the
//! knowledge base, merges what is left across documents by blocking and guarded comparison,
//! and builds the entities.
//!
//! Scale: every step is a pass over mentions or over *distinct* names; cross-document
//! comparison happens only inside blocks (the phonetic key and a four-letter prefix of a
//! person's surname, an organisation's initials), and merging uses union-find, so the cost
//! grows as n log n in the number of mentions plus the squares of block sizes, which stay
//! small because names in a block are deduplicated first.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use dossier_core::{CharSpan, Doc, EntityKind};
use dossier_kb::fold::{fold, same_name_variant};
use dossier_kb::{KnowledgeBase, Resolution};
use regex::Regex;

use crate::names::{acronym, clean_mention, clean_name, initials, org_key, slug, PersonName};
use crate::roles::{is_title_word, roles_around};
use crate::{Decision, Entity, Linked, MentionLink, Role, Verdict};

/// Nominal role phrases: "the Serbian president", "the Russian foreign minister", "the
/// Kremlin spokesman", "the president of Serbia". The holder on the document's date is
/// looked up in the knowledge base.
static NOMINAL: LazyLock<Regex> = LazyLock::new(|| {
    let roles = r"(?i:president|prime minister|premier|foreign minister|interior minister|defen[cs]e minister|chancellor|secretary of state|spokes(?:man|woman|person))";
    let pattern = format!(
        r"\b[Tt]he\s+((?:\p{{Lu}}[\p{{L}}’'.-]*\s+){{1,2}}{roles}|{roles}\s+of\s+\p{{Lu}}\p{{L}}+)\b"
    );
    Regex::new(&pattern).unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
});

/// Corpus-level entity resolution over a knowledge base.
#[derive(Debug)]
pub struct Linker {
    kb: KnowledgeBase,
}

/// The mentions of one document taken to name one thing.
#[derive(Clone, Debug)]
struct Local {
    doc: usize,
    kind: EntityKind,
    /// Cleaned mention texts, one per mention.
    names: Vec<String>,
    mentions: Vec<u32>,
    /// Nominal role phrases linked to this group (spans, text).
    nominal: Vec<(CharSpan, String)>,
    /// The fullest name: most words, then longest.
    best: String,
    person: Option<PersonName>,
    resolved: Option<Resolution>,
    coords: Option<(f64, f64)>,
    roles: Vec<Role>,
    /// A fixed id for a surname that stays ambiguous.
    forced_id: Option<String>,
    /// An acronym given in parentheses after the name.
    acronym: Option<String>,
}

impl Local {
    fn new(doc: usize, kind: EntityKind, name: String, mention: Option<u32>) -> Local {
        let person = (kind == EntityKind::Person)
            .then(|| PersonName::parse(&name))
            .flatten();
        Local {
            doc,
            kind,
            best: name.clone(),
            names: vec![name],
            mentions: mention.into_iter().collect(),
            nominal: Vec::new(),
            person,
            resolved: None,
            coords: None,
            roles: Vec::new(),
            forced_id: None,
            acronym: None,
        }
    }

    fn add(&mut self, name: String, mention: u32) {
        let better = (name.split_whitespace().count(), name.chars().count())
            > (
                self.best.split_whitespace().count(),
                self.best.chars().count(),
            );
        if better {
            self.best = name.clone();
            if self.kind == EntityKind::Person {
                self.person = PersonName::parse(&name);
            }
        }
        self.names.push(name);
        self.mentions.push(mention);
    }

    fn surname_only(&self) -> bool {
        self.person.as_ref().is_some_and(PersonName::surname_only)
    }

    /// A surname alone or with initials only ("Popov", "V. Popov"): across documents such a
    /// name joins a full name only when it can name exactly one.
    fn weak_name(&self) -> bool {
        self.person
            .as_ref()
            .is_some_and(|p| p.given.iter().all(|g| g.chars().count() == 1))
    }
}

/// Union-find over local groups.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut idx: usize) -> usize {
        while let Some(&parent) = self.parent.get(idx) {
            if parent == idx {
                break;
            }
            let grand = self.parent.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(idx) {
                *slot = grand;
            }
            idx = parent;
        }
        idx
    }

    fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.root(a), self.root(b));
        let (keep, gone) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(gone) {
            *slot = keep;
        }
        keep
    }
}

impl Linker {
    /// A linker resolving against `kb`.
    pub fn new(kb: KnowledgeBase) -> Linker {
        Linker { kb }
    }

    /// The knowledge base it resolves against.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The CAMEO actor code of `entity` valid on `date` (an event's date): the knowledge
    /// base's dated code for entities it knows, else the code of the latest text role dated
    /// on or before `date` ([`Entity::code_on`]).
    pub fn actor_code(&self, entity: &Entity, date: NaiveDate) -> Option<String> {
        if !entity.id.contains('@') {
            if let Some(code) = self.kb.actor_code(&entity.id, date) {
                return Some(code);
            }
        }
        entity.code_on(date).map(str::to_string)
    }

    /// Links every mention of `docs` to an entity.
    pub fn link(&self, docs: &[Doc]) -> Linked {
        let fallback_date = docs
            .iter()
            .filter_map(|doc| doc.meta.published)
            .max()
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let mut decisions = Vec::new();
        let mut locals = Vec::new();
        let mut pending = Vec::new();
        for (doc_idx, doc) in docs.iter().enumerate() {
            let date = doc.meta.published.unwrap_or(fallback_date);
            locals.extend(self.local_groups(doc_idx, doc, date, &mut decisions, &mut pending));
        }
        let mut groups = Groups::new(locals.len());
        self.merge_resolved(&locals, &mut groups);
        self.merge_persons(docs, &mut locals, &mut groups, &mut decisions);
        self.merge_names(&locals, &mut groups, &mut decisions);
        self.merge_sub_names(&locals, &mut groups, &mut decisions);
        let mut linked = self.build(docs, locals, groups, decisions, fallback_date);
        self.resolve_learned_roles(docs, &mut linked, pending);
        linked
    }

    /// Nominal role phrases the knowledge base has no holder for ("the Moldovan interior
    /// minister") go to the person the corpus itself calls so nearest in time (within a
    /// year), when exactly one person is nearest.
    fn resolve_learned_roles(
        &self,
        docs: &[Doc],
        linked: &mut Linked,
        pending: Vec<PendingNominal>,
    ) {
        if pending.is_empty() {
            return;
        }
        let mut holders: HashMap<(String, String), Vec<(usize, NaiveDate)>> = HashMap::new();
        for (entity_idx, entity) in linked.entities.iter().enumerate() {
            if entity.kind != EntityKind::Person {
                continue;
            }
            for role in &entity.roles {
                let (Some(country), Some(as_of)) = (&role.country, role.as_of) else {
                    continue;
                };
                if role.former || role.source != "text" {
                    continue;
                }
                if let Some((scope, canonical)) =
                    self.kb.role_phrase(&format!("{country} {}", role.title))
                {
                    holders
                        .entry((scope, canonical))
                        .or_default()
                        .push((entity_idx, as_of));
                }
            }
        }
        for nominal in pending {
            let Some(candidates) = holders.get(&(nominal.country.clone(), nominal.role.clone()))
            else {
                continue;
            };
            let distance = |d: NaiveDate| (d - nominal.date).num_days().abs();
            let Some(best) = candidates.iter().map(|&(_, d)| distance(d)).min() else {
                continue;
            };
            if best > 366 {
                continue;
            }
            let mut nearest: Vec<usize> = candidates
                .iter()
                .filter(|&&(_, d)| distance(d) == best)
                .map(|&(e, _)| e)
                .collect();
            nearest.sort_unstable();
            nearest.dedup();
            let ([entity_idx], Some(doc)) = (nearest.as_slice(), docs.get(nominal.doc)) else {
                continue;
            };
            let Some(entity) = linked.entities.get_mut(*entity_idx) else {
                continue;
            };
            let doc_id = doc.id.to_string();
            entity.mentions += 1;
            if let Err(pos) = entity.documents.binary_search(&doc_id) {
                entity.documents.insert(pos, doc_id.clone());
            }
            linked.decisions.push(Decision {
                verdict: Verdict::Merged,
                a: nominal.phrase.clone(),
                b: entity.name.clone(),
                rule: "learned_role_holder".to_string(),
                doc: Some(doc_id.clone()),
            });
            linked.mention_entities.push(MentionLink {
                doc: doc_id,
                mention: None,
                entity: entity.id.clone(),
                text: nominal.phrase,
                start: nominal.span.start,
                end: nominal.span.end,
            });
        }
        linked
            .mention_entities
            .sort_by(|a, b| (&a.doc, a.start, a.end).cmp(&(&b.doc, b.start, b.end)));
    }

    /// Groups one document's mentions and resolves each group against the knowledge base.
    fn local_groups(
        &self,
        doc_idx: usize,
        doc: &Doc,
        date: NaiveDate,
        decisions: &mut Vec<Decision>,
        pending: &mut Vec<PendingNominal>,
    ) -> Vec<Local> {
        let doc_id = doc.id.to_string();
        let context = self.context_country(doc);
        let mut locals: Vec<Local> = Vec::new();
        let mut pending_surnames: Vec<(u32, String)> = Vec::new();
        let mut previous: Option<(usize, CharSpan)> = None;
        for (mention_idx, mention) in doc.mentions.iter().enumerate() {
            let mention_idx = mention_idx as u32;
            let raw = doc.slice(mention.span);
            // "President Vladimir Putin": the title is a role, not part of the name.
            let cleaned = clean_name(raw, mention.kind == EntityKind::Person, is_title_word);
            let name = cleaned.name;
            let prefix = cleaned.title;
            if name.is_empty() || !name.chars().any(char::is_alphabetic) {
                continue;
            }
            // A country tagged as a person ("North Macedonia") is the country.
            let kind = if mention.kind == EntityKind::Person
                && self.kb.country(&name).is_some()
                && self.kb.person(&name).is_none()
            {
                EntityKind::Location
            } else {
                mention.kind
            };
            let roles = if kind == EntityKind::Person {
                roles_around(doc, mention.span, &prefix, &self.kb, doc.meta.published)
            } else {
                Vec::new()
            };
            let target = self.local_target(doc, &locals, kind, &name, previous, mention);
            let target = match target {
                Target::Join(idx, rule) => {
                    if let Some(local) = locals.get_mut(idx) {
                        if rule != "same_name" {
                            decisions.push(Decision {
                                verdict: Verdict::Merged,
                                a: local.best.clone(),
                                b: name.clone(),
                                rule: rule.to_string(),
                                doc: Some(doc_id.clone()),
                            });
                        }
                        local.add(name, mention_idx);
                    }
                    idx
                }
                Target::Pending => {
                    pending_surnames.push((mention_idx, name));
                    continue;
                }
                Target::New => {
                    locals.push(Local::new(doc_idx, kind, name, Some(mention_idx)));
                    locals.len() - 1
                }
            };
            if let Some(local) = locals.get_mut(target) {
                local.roles.extend(roles);
                if local.acronym.is_none() {
                    local.acronym = cleaned.acronym;
                }
            }
            previous = Some((target, mention.span));
        }
        // A surname written before its full name, or one no full name claims.
        for (mention_idx, name) in pending_surnames {
            let candidates = surname_candidates(&locals, &name);
            match candidates.as_slice() {
                [only] => {
                    if let Some(local) = locals.get_mut(*only) {
                        local.add(name, mention_idx);
                    }
                }
                _ => {
                    if candidates.len() > 1 {
                        decisions.push(Decision {
                            verdict: Verdict::KeptApart,
                            a: name.clone(),
                            b: candidates
                                .iter()
                                .filter_map(|&c| locals.get(c).map(|l| l.best.clone()))
                                .collect::<Vec<_>>()
                                .join(" | "),
                            rule: "surname_ambiguous".to_string(),
                            doc: Some(doc_id.clone()),
                        });
                    }
                    let same = locals.iter().position(|l| {
                        l.kind == EntityKind::Person
                            && l.surname_only()
                            && fold(&l.best) == fold(&name)
                    });
                    match same {
                        Some(idx) => {
                            if let Some(local) = locals.get_mut(idx) {
                                local.add(name, mention_idx);
                            }
                        }
                        None => {
                            let mut local =
                                Local::new(doc_idx, EntityKind::Person, name, Some(mention_idx));
                            if candidates.len() > 1 {
                                local.forced_id =
                                    Some(format!("person:{}@{}", slug(&local.best), doc_id));
                            }
                            locals.push(local);
                        }
                    }
                }
            }
        }
        for local in &mut locals {
            if local.forced_id.is_some() {
                continue;
            }
            local.resolved = self.resolve_local(local, context.as_deref(), date);
            let surname_only = local.surname_only();
            if let Some(resolution) = &mut local.resolved {
                if resolution.entity.starts_with("place:") {
                    if let Some(place) = self.choose_place(&local.best, context.as_deref()) {
                        resolution.entity = place.id();
                        resolution.name = place.name.clone();
                        resolution.country = Some(place.country.clone());
                        local.coords = Some((place.lat, place.lon));
                    }
                }
                if resolution.kind == EntityKind::Person && surname_only {
                    decisions.push(Decision {
                        verdict: Verdict::Merged,
                        a: local.best.clone(),
                        b: resolution.name.clone(),
                        rule: "kb_unique_surname".to_string(),
                        doc: Some(doc_id.clone()),
                    });
                }
            }
        }
        if doc.meta.published.is_some() {
            self.nominal_mentions(doc_idx, doc, date, &mut locals, decisions, pending);
        }
        locals
    }

    /// Resolves a local group against the knowledge base, with the guards the knowledge base
    /// cannot apply alone.
    fn resolve_local(
        &self,
        local: &Local,
        context: Option<&str>,
        date: NaiveDate,
    ) -> Option<Resolution> {
        let found = self.kb.resolve(&local.best, local.kind, context, date);
        if let Some(resolution) = &found {
            // "GM" written as an organisation is not the Gambia's ISO code.
            if local.kind == EntityKind::Organization
                && resolution.entity.starts_with("country:")
                && acronym(&local.best)
                    .is_some_and(|a| a.len() <= 2 && !matches!(a.as_str(), "US" | "UK" | "EU"))
            {
                return None;
            }
            return found;
        }
        if local.kind == EntityKind::Organization {
            // "the United States Federal Reserve": the country, then a known organisation.
            let words: Vec<&str> = local.best.split_whitespace().collect();
            for split in 1..words.len().min(4) {
                let head = words.get(..split).unwrap_or(&[]).join(" ");
                if self.kb.country(&head).is_some() {
                    let rest = words.get(split..).unwrap_or(&[]).join(" ");
                    if let Some(org) = self.kb.organization(&rest) {
                        return Some(Resolution {
                            entity: org.id(),
                            name: org.name.clone(),
                            kind: EntityKind::Organization,
                            country: Some(org.country.clone()),
                            code: Some(org.cameo.clone()),
                        });
                    }
                }
            }
        }
        None
    }

    /// The gazetteer place a name means: the document's country settles between places of
    /// like prominence (a capital and a city), but a foreign capital beats a town of the
    /// document's country ("Paris" in an American story is still the French capital).
    fn choose_place(&self, name: &str, context: Option<&str>) -> Option<&dossier_kb::Place> {
        let context = context
            .and_then(|c| self.kb.country(c))
            .map(|c| c.alpha3.as_str());
        self.kb
            .places_named(name)
            .into_iter()
            .enumerate()
            .min_by_key(|(order, place)| {
                let local = context.is_some_and(|c| c == place.country);
                let rank = match place.kind {
                    dossier_kb::PlaceKind::Capital => 0,
                    dossier_kb::PlaceKind::City => 1,
                    dossier_kb::PlaceKind::Town => 2,
                    dossier_kb::PlaceKind::Village => 3,
                    dossier_kb::PlaceKind::Region => 4,
                };
                (rank - i32::from(local), !local, *order)
            })
            .map(|(_, place)| place)
    }

    /// Where a mention goes within its document.
    fn local_target(
        &self,
        doc: &Doc,
        locals: &[Local],
        kind: EntityKind,
        name: &str,
        previous: Option<(usize, CharSpan)>,
        mention: &dossier_core::Mention,
    ) -> Target {
        let folded = fold(name);
        if let Some(idx) = locals
            .iter()
            .position(|l| l.kind == kind && l.names.iter().any(|n| fold(n) == folded))
        {
            return Target::Join(idx, "same_name");
        }
        if kind == EntityKind::Organization {
            let key = org_key(name);
            if let Some(idx) = locals
                .iter()
                .position(|l| l.kind == kind && l.names.iter().any(|n| org_key(n) == key))
            {
                return Target::Join(idx, "same_org_key");
            }
            if let Some(key) = acronym(name) {
                if let Some(idx) = locals
                    .iter()
                    .position(|l| l.kind == kind && l.acronym.as_deref() == Some(key.as_str()))
                {
                    return Target::Join(idx, "acronym_in_parentheses");
                }
            }
        }
        if kind != EntityKind::Person && self.kb.country(name).is_none() {
            // "Lockheed" after "Lockheed Martin", "A380" after "Airbus A380".
            let words = key_words(name);
            let candidates: Vec<usize> = locals
                .iter()
                .enumerate()
                .filter(|(_, l)| l.kind == kind && sub_name(&words, &key_words(&l.best)))
                .map(|(idx, _)| idx)
                .collect();
            if let [only] = candidates.as_slice() {
                return Target::Join(*only, "sub_name_in_document");
            }
        }
        match kind {
            EntityKind::Person => {
                let Some(parsed) = PersonName::parse(name) else {
                    return Target::New;
                };
                if parsed.surname_only() {
                    let candidates = surname_candidates(locals, name);
                    return match candidates.as_slice() {
                        [only] => Target::Join(*only, "surname_in_document"),
                        _ => Target::Pending,
                    };
                }
                let found = locals.iter().position(|l| {
                    l.kind == EntityKind::Person
                        && !l.surname_only()
                        && same_name_variant(&l.best, name)
                        && l.person.as_ref().map(|p| &p.suffix) == Some(&parsed.suffix)
                });
                match found {
                    Some(idx) => Target::Join(idx, "same_name_variant"),
                    None => Target::New,
                }
            }
            EntityKind::Organization => {
                // "the Federal Security Service (FSB)".
                if let (Some(key), Some((prev_idx, prev_span))) = (acronym(name), previous) {
                    let between = doc.slice(CharSpan::new(prev_span.end, mention.span.start));
                    let prev_is_org = locals
                        .get(prev_idx)
                        .is_some_and(|l| l.kind == EntityKind::Organization);
                    if prev_is_org && between.trim() == "(" {
                        return Target::Join(prev_idx, "acronym_in_parentheses");
                    }
                    if let Some(idx) = locals.iter().position(|l| {
                        l.kind == EntityKind::Organization
                            && initials(&l.best).as_deref() == Some(key.as_str())
                    }) {
                        return Target::Join(idx, "acronym_initials");
                    }
                }
                if let Some(org) = self.kb.organization(name) {
                    let id = org.id();
                    if let Some(idx) = locals.iter().position(|l| {
                        l.kind == EntityKind::Organization
                            && l.names
                                .iter()
                                .any(|n| self.kb.organization(n).is_some_and(|o| o.id() == id))
                    }) {
                        return Target::Join(idx, "kb");
                    }
                }
                Target::New
            }
            EntityKind::Location | EntityKind::Other => {
                // "Serbia", "Serbian" and "Serbia’s" name one country.
                if let Some(country) = self.kb.country(name) {
                    let a3 = country.alpha3.clone();
                    if let Some(idx) = locals.iter().position(|l| {
                        matches!(l.kind, EntityKind::Location | EntityKind::Other)
                            && l.names
                                .iter()
                                .any(|n| self.kb.country(n).is_some_and(|c| c.alpha3 == a3))
                    }) {
                        return Target::Join(idx, "same_country");
                    }
                }
                Target::New
            }
        }
    }

    /// The country a document is mostly about: the one its place and demonym mentions name
    /// most often.
    fn context_country(&self, doc: &Doc) -> Option<String> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (idx, mention) in doc.mentions.iter().enumerate() {
            if !matches!(mention.kind, EntityKind::Location | EntityKind::Other) {
                continue;
            }
            if let Some(country) = self.kb.country(&clean_mention(doc.slice(mention.span))) {
                let slot = counts.entry(country.alpha3.clone()).or_insert((0, idx));
                slot.0 += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| {
                (a.1 .0, std::cmp::Reverse(a.1 .1)).cmp(&(b.1 .0, std::cmp::Reverse(b.1 .1)))
            })
            .map(|(country, _)| country)
    }

    /// Nominal role phrases ("the Serbian president") resolved to the holder on the date.
    fn nominal_mentions(
        &self,
        doc_idx: usize,
        doc: &Doc,
        date: NaiveDate,
        locals: &mut Vec<Local>,
        decisions: &mut Vec<Decision>,
        pending: &mut Vec<PendingNominal>,
    ) {
        let index = dossier_core::CharIndex::new(&doc.text);
        for found in NOMINAL.captures_iter(&doc.text) {
            let (Some(whole), Some(phrase)) = (found.get(0), found.get(1)) else {
                continue;
            };
            // "the Serbian president Aleksandar Vučić" is a title before a name.
            let rest = doc.text.get(whole.end()..).unwrap_or("");
            let next_word = rest.trim_start_matches(' ');
            if rest.starts_with(' ') && next_word.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let span = index.span_of_bytes(phrase.start(), phrase.end());
            if doc.mentions.iter().any(|m| m.span.overlaps(span)) {
                continue;
            }
            let Some(person) = self.kb.holder_of_phrase(phrase.as_str(), date) else {
                if let Some((country, role)) = self.kb.role_phrase(phrase.as_str()) {
                    pending.push(PendingNominal {
                        doc: doc_idx,
                        span,
                        phrase: phrase.as_str().to_string(),
                        country,
                        role,
                        date,
                    });
                }
                continue;
            };
            let id = person.id();
            decisions.push(Decision {
                verdict: Verdict::Merged,
                a: phrase.as_str().to_string(),
                b: person.name.clone(),
                rule: "role_holder".to_string(),
                doc: Some(doc.id.to_string()),
            });
            let existing = locals
                .iter()
                .position(|l| l.resolved.as_ref().is_some_and(|r| r.entity == id));
            let idx = match existing {
                Some(idx) => idx,
                None => {
                    let mut local =
                        Local::new(doc_idx, EntityKind::Person, person.name.clone(), None);
                    local.names.clear();
                    local.resolved = self
                        .kb
                        .resolve(&person.name, EntityKind::Person, None, date);
                    locals.push(local);
                    locals.len() - 1
                }
            };
            if let Some(local) = locals.get_mut(idx) {
                local.nominal.push((span, phrase.as_str().to_string()));
            }
        }
    }

    /// Groups resolved to the same knowledge-base entry are one entity.
    fn merge_resolved(&self, locals: &[Local], groups: &mut Groups) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (idx, local) in locals.iter().enumerate() {
            if let Some(resolution) = &local.resolved {
                match first.get(resolution.entity.as_str()) {
                    Some(&other) => {
                        groups.union(other, idx);
                    }
                    None => {
                        first.insert(resolution.entity.as_str(), idx);
                    }
                }
            }
        }
    }

    /// Merges unresolved person names across documents: identical folded full names first,
    /// then variants within a block, then surnames alone.
    fn merge_persons(
        &self,
        docs: &[Doc],
        locals: &mut [Local],
        groups: &mut Groups,
        decisions: &mut Vec<Decision>,
    ) {
        // Distinct full names of unresolved groups.
        let mut nodes: BTreeMap<String, usize> = BTreeMap::new();
        for (idx, local) in locals.iter().enumerate() {
            if local.kind != EntityKind::Person
                || local.resolved.is_some()
                || local.weak_name()
                || local.forced_id.is_some()
            {
                continue;
            }
            // The same name with roles in different countries is two people until shown
            // otherwise: the country is part of the node key, and the pair check below
            // keeps the two apart.
            let key = format!(
                "{}|{}",
                fold(&local.best),
                dominant_country(local).unwrap_or_default()
            );
            match nodes.get(&key) {
                Some(&first) => {
                    groups.union(first, idx);
                }
                None => {
                    nodes.insert(key, idx);
                }
            }
        }
        let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
        for &idx in nodes.values() {
            if let Some(person) = locals.get(idx).and_then(|l| l.person.as_ref()) {
                blocks.entry(person.surname_block()).or_default().push(idx);
                blocks
                    .entry(person.surname_prefix_block())
                    .or_default()
                    .push(idx);
            }
        }
        let mut block_keys: Vec<&String> = blocks.keys().collect();
        block_keys.sort();
        // Members of each merged set of names, to check a merge against every name in it.
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut seen_pairs = std::collections::HashSet::new();
        for key in block_keys {
            let Some(block) = blocks.get(key) else {
                continue;
            };
            for (pos, &a) in block.iter().enumerate() {
                for &b in block.iter().skip(pos + 1) {
                    if !seen_pairs.insert((a.min(b), a.max(b))) {
                        continue;
                    }
                    let (Some(la), Some(lb)) = (locals.get(a), locals.get(b)) else {
                        continue;
                    };
                    if !same_name_variant(&la.best, &lb.best) {
                        continue;
                    }
                    let (ra, rb) = (groups.root(a), groups.root(b));
                    if ra == rb {
                        continue;
                    }
                    let set_a = members.get(&ra).cloned().unwrap_or_else(|| vec![a]);
                    let set_b = members.get(&rb).cloned().unwrap_or_else(|| vec![b]);
                    let conflict = set_a.iter().find_map(|&x| {
                        set_b.iter().find_map(|&y| {
                            let (lx, ly) = (locals.get(x)?, locals.get(y)?);
                            person_conflict(lx, ly)
                                .map(|rule| (lx.best.clone(), ly.best.clone(), rule))
                        })
                    });
                    match conflict {
                        Some((x, y, rule)) => decisions.push(Decision {
                            verdict: Verdict::KeptApart,
                            a: x,
                            b: y,
                            rule: rule.to_string(),
                            doc: None,
                        }),
                        None => {
                            let root = groups.union(ra, rb);
                            let mut merged = set_a;
                            merged.extend(set_b);
                            members.remove(&ra);
                            members.remove(&rb);
                            members.insert(root, merged);
                            decisions.push(Decision {
                                verdict: Verdict::Merged,
                                a: la.best.clone(),
                                b: lb.best.clone(),
                                rule: "same_name_variant".to_string(),
                                doc: None,
                            });
                        }
                    }
                }
            }
        }
        // Surnames alone: the one person of the corpus they can name, else kept apart.
        let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (idx, local) in locals.iter().enumerate() {
            if local.kind != EntityKind::Person || local.weak_name() {
                continue;
            }
            let name = local
                .resolved
                .as_ref()
                .map(|r| r.name.as_str())
                .unwrap_or(&local.best);
            if let Some(person) = PersonName::parse(name) {
                by_surname
                    .entry(person.surname_block())
                    .or_default()
                    .push(idx);
            }
        }
        let mut lone: BTreeMap<String, usize> = BTreeMap::new();
        for idx in 0..locals.len() {
            let Some(local) = locals.get(idx) else {
                continue;
            };
            if !local.weak_name() || local.resolved.is_some() || local.forced_id.is_some() {
                continue;
            }
            let Some(person) = local.person.clone() else {
                continue;
            };
            let surname = local.best.clone();
            let mut roots: Vec<usize> = by_surname
                .get(&person.surname_block())
                .map(|v| v.as_slice())
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|&c| {
                    locals.get(c).is_some_and(|l| {
                        let name = l
                            .resolved
                            .as_ref()
                            .map(|r| r.name.as_str())
                            .unwrap_or(&l.best);
                        same_name_variant(&surname, name)
                    })
                })
                .map(|c| groups.root(c))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            match roots.as_slice() {
                [only] => {
                    let target = locals
                        .get(*only)
                        .map(|l| l.best.clone())
                        .unwrap_or_default();
                    groups.union(*only, idx);
                    decisions.push(Decision {
                        verdict: Verdict::Merged,
                        a: surname,
                        b: target,
                        rule: "surname_unique_in_corpus".to_string(),
                        doc: docs.get(local.doc).map(|d| d.id.to_string()),
                    });
                }
                [] => match lone.get(&fold(&surname)) {
                    Some(&first) => {
                        groups.union(first, idx);
                    }
                    None => {
                        lone.insert(fold(&surname), idx);
                    }
                },
                several => {
                    let names: Vec<String> = several
                        .iter()
                        .filter_map(|&r| locals.get(r).map(|l| l.best.clone()))
                        .collect();
                    let doc_id = docs
                        .get(local.doc)
                        .map(|d| d.id.to_string())
                        .unwrap_or_default();
                    decisions.push(Decision {
                        verdict: Verdict::KeptApart,
                        a: surname.clone(),
                        b: names.join(" | "),
                        rule: "surname_ambiguous".to_string(),
                        doc: Some(doc_id.clone()),
                    });
                    if let Some(local) = locals.get_mut(idx) {
                        local.forced_id = Some(format!("person:{}@{}", slug(&surname), doc_id));
                    }
                }
            }
        }
    }

    /// Merges unresolved organisations, places and other names across documents: the same
    /// folded name, and an acronym with the one name whose initials it is.
    fn merge_names(&self, locals: &[Local], groups: &mut Groups, decisions: &mut Vec<Decision>) {
        let mut by_name: BTreeMap<(EntityKind, String), usize> = BTreeMap::new();
        let mut by_initials: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (idx, local) in locals.iter().enumerate() {
            if local.kind == EntityKind::Person || local.resolved.is_some() {
                continue;
            }
            let key = if local.kind == EntityKind::Organization {
                (local.kind, org_key(&local.best))
            } else {
                (local.kind, fold(&local.best).replace(' ', ""))
            };
            match by_name.get(&key) {
                Some(&first) => {
                    groups.union(first, idx);
                }
                None => {
                    by_name.insert(key, idx);
                }
            }
            if local.kind == EntityKind::Organization {
                if let Some(key) = initials(&local.best) {
                    by_initials.entry(key).or_default().push(idx);
                }
                if let Some(key) = &local.acronym {
                    by_initials.entry(key.clone()).or_default().push(idx);
                }
            }
        }
        for (idx, local) in locals.iter().enumerate() {
            if local.kind != EntityKind::Organization || local.resolved.is_some() {
                continue;
            }
            if local.names.iter().any(|n| initials(n).is_some()) {
                continue;
            }
            let Some(key) = acronym(&local.best) else {
                continue;
            };
            let Some(candidates) = by_initials.get(&key) else {
                continue;
            };
            let mut roots: Vec<usize> = candidates.iter().map(|&c| groups.root(c)).collect();
            roots.sort_unstable();
            roots.dedup();
            if let [only] = roots.as_slice() {
                let target = locals
                    .get(*only)
                    .map(|l| l.best.clone())
                    .unwrap_or_default();
                groups.union(*only, idx);
                decisions.push(Decision {
                    verdict: Verdict::Merged,
                    a: local.best.clone(),
                    b: target,
                    rule: "acronym_initials".to_string(),
                    doc: None,
                });
            }
        }
    }

    /// Merges a short unresolved name with the one longer name of the corpus it is the start
    /// or end of ("Northrop" / "Northrop Grumman"); kept apart when several could be meant.
    fn merge_sub_names(
        &self,
        locals: &[Local],
        groups: &mut Groups,
        decisions: &mut Vec<Decision>,
    ) {
        let mut by_edge: HashMap<(EntityKind, Vec<String>), Vec<usize>> = HashMap::new();
        for (idx, local) in locals.iter().enumerate() {
            if local.kind == EntityKind::Person || local.resolved.is_some() {
                continue;
            }
            let words = key_words(&local.best);
            if words.len() < 2 {
                continue;
            }
            // Index the first and last one or two words of every longer name.
            for n in 1..=2.min(words.len() - 1) {
                if let Some(head) = words.get(..n) {
                    by_edge
                        .entry((local.kind, head.to_vec()))
                        .or_default()
                        .push(idx);
                }
                if let Some(tail) = words.get(words.len() - n..) {
                    by_edge
                        .entry((local.kind, tail.to_vec()))
                        .or_default()
                        .push(idx);
                }
            }
        }
        for (idx, local) in locals.iter().enumerate() {
            if local.kind == EntityKind::Person || local.resolved.is_some() {
                continue;
            }
            let words = key_words(&local.best);
            if words.is_empty()
                || words.len() > 2
                || (words.len() == 1 && words.first().is_some_and(|w| w.len() < 3))
            {
                continue;
            }
            let Some(candidates) = by_edge.get(&(local.kind, words.clone())) else {
                continue;
            };
            let mut roots: Vec<usize> = candidates.iter().map(|&c| groups.root(c)).collect();
            roots.sort_unstable();
            roots.dedup();
            let own = groups.root(idx);
            roots.retain(|&r| r != own);
            match roots.as_slice() {
                [] => {}
                [only] => {
                    let target = locals
                        .get(*only)
                        .map(|l| l.best.clone())
                        .unwrap_or_default();
                    groups.union(*only, idx);
                    decisions.push(Decision {
                        verdict: Verdict::Merged,
                        a: local.best.clone(),
                        b: target,
                        rule: "sub_name_unique".to_string(),
                        doc: None,
                    });
                }
                several => decisions.push(Decision {
                    verdict: Verdict::KeptApart,
                    a: local.best.clone(),
                    b: several
                        .iter()
                        .filter_map(|&r| locals.get(r).map(|l| l.best.clone()))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    rule: "sub_name_ambiguous".to_string(),
                    doc: None,
                }),
            }
        }
    }

    /// Builds the entities and mention links from the merged groups.
    fn build(
        &self,
        docs: &[Doc],
        locals: Vec<Local>,
        mut groups: Groups,
        decisions: Vec<Decision>,
        fallback_date: NaiveDate,
    ) -> Linked {
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for idx in 0..locals.len() {
            let root = groups.root(idx);
            members.entry(root).or_default().push(idx);
        }
        let mut entities: Vec<Entity> = Vec::with_capacity(members.len());
        let mut links = Vec::new();
        let mut used_ids: HashMap<String, usize> = HashMap::new();
        // Forced ids (ambiguous surnames) go last in id assignment but are unique anyway.
        for group in members.values() {
            let group_locals: Vec<&Local> = group.iter().filter_map(|&i| locals.get(i)).collect();
            let Some(first) = group_locals.first() else {
                continue;
            };
            let resolved = group_locals.iter().find_map(|l| l.resolved.as_ref());
            let forced = group_locals.iter().find_map(|l| l.forced_id.clone());
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for local in &group_locals {
                for name in &local.names {
                    *counts.entry(name.as_str()).or_default() += 1;
                }
            }
            let mut aliases: Vec<String> = counts.keys().map(|s| s.to_string()).collect();
            aliases.sort();
            let name = match resolved {
                Some(r) => r.name.clone(),
                None => counts
                    .iter()
                    .max_by_key(|(name, count)| {
                        (
                            name.split_whitespace().count().min(2),
                            **count,
                            name.chars().count(),
                            std::cmp::Reverse(name.to_string()),
                        )
                    })
                    .map(|(name, _)| name.to_string())
                    .unwrap_or_else(|| first.best.clone()),
            };
            let kind = resolved.map(|r| r.kind).unwrap_or_else(|| {
                let mut kinds: BTreeMap<EntityKind, usize> = BTreeMap::new();
                for local in &group_locals {
                    *kinds.entry(local.kind).or_default() += local.mentions.len().max(1);
                }
                kinds
                    .into_iter()
                    .max_by_key(|(_, n)| *n)
                    .map(|(k, _)| k)
                    .unwrap_or(first.kind)
            });
            let base_id = forced
                .or_else(|| resolved.map(|r| r.entity.clone()))
                .unwrap_or_else(|| format!("{}:{}", kind.as_str(), slug(&name)));
            let n_used = used_ids.entry(base_id.clone()).or_default();
            *n_used += 1;
            let id = if *n_used == 1 {
                base_id
            } else {
                format!("{base_id}~{n_used}")
            };
            let mut documents: Vec<String> = group_locals
                .iter()
                .filter_map(|l| docs.get(l.doc).map(|d| d.id.to_string()))
                .collect();
            documents.sort();
            documents.dedup();
            let mut roles: Vec<Role> = group_locals.iter().flat_map(|l| l.roles.clone()).collect();
            let dates: Vec<(NaiveDate, String)> = group_locals
                .iter()
                .filter_map(|l| {
                    let doc = docs.get(l.doc)?;
                    Some((doc.meta.published?, doc.id.to_string()))
                })
                .collect();
            if kind == EntityKind::Person {
                roles.extend(self.kb_roles(resolved, &dates));
            }
            roles.sort_by(|a, b| (a.as_of, &a.title, &a.doc).cmp(&(b.as_of, &b.title, &b.doc)));
            roles.dedup_by(|a, b| {
                a.title == b.title
                    && a.country == b.country
                    && a.former == b.former
                    && a.doc == b.doc
            });
            // A title written once with its country and once without names the same office.
            let known: Vec<(String, String)> = roles
                .iter()
                .filter_map(|r| Some((r.title.clone(), r.country.clone()?)))
                .collect();
            for role in &mut roles {
                if role.country.is_none() {
                    if let Some((_, country)) = known.iter().find(|(t, _)| *t == role.title) {
                        role.country = Some(country.clone());
                        if role.code.is_none() {
                            let cameo = self.kb.cameo_country(country).unwrap_or(country);
                            role.code = Some(format!(
                                "{cameo}{}",
                                crate::roles::sector(&role.title, role.organization.as_deref())
                            ));
                        }
                    }
                }
            }
            let country = resolved.and_then(|r| r.country.clone()).or_else(|| {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for role in &roles {
                    if let Some(c) = role.country.as_deref() {
                        *counts.entry(c).or_default() += 1;
                    }
                }
                counts
                    .into_iter()
                    .max_by_key(|(_, n)| *n)
                    .map(|(c, _)| c.to_string())
            });
            let latest = dates.iter().map(|(d, _)| *d).max().unwrap_or(fallback_date);
            let code = match resolved {
                Some(r) => self
                    .kb
                    .actor_code(&r.entity, latest)
                    .or_else(|| r.code.clone()),
                None => roles
                    .iter()
                    .filter(|r| !r.former && r.code.is_some())
                    .max_by_key(|r| r.as_of)
                    .and_then(|r| r.code.clone()),
            };
            let coords = group_locals.iter().find_map(|l| l.coords);
            let mut n_mentions = 0;
            for local in &group_locals {
                let Some(doc) = docs.get(local.doc) else {
                    continue;
                };
                for &m in &local.mentions {
                    let Some(mention) = doc.mentions.get(m as usize) else {
                        continue;
                    };
                    n_mentions += 1;
                    links.push(MentionLink {
                        doc: doc.id.to_string(),
                        mention: Some(m),
                        entity: id.clone(),
                        text: doc.slice(mention.span).to_string(),
                        start: mention.span.start,
                        end: mention.span.end,
                    });
                }
                for (span, text) in &local.nominal {
                    n_mentions += 1;
                    links.push(MentionLink {
                        doc: doc.id.to_string(),
                        mention: None,
                        entity: id.clone(),
                        text: text.clone(),
                        start: span.start,
                        end: span.end,
                    });
                }
            }
            entities.push(Entity {
                id,
                name,
                kind,
                aliases,
                country,
                roles,
                documents,
                mentions: n_mentions,
                code,
                lat: coords.map(|c| c.0),
                lon: coords.map(|c| c.1),
            });
        }
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        links.sort_by(|a, b| (&a.doc, a.start, a.end).cmp(&(&b.doc, b.start, b.end)));
        Linked {
            entities,
            mention_entities: links,
            decisions,
        }
    }

    /// The knowledge base's roles of a resolved person that were held on the dates of the
    /// documents mentioning them, each once, with the first document that shows it.
    fn kb_roles(&self, resolved: Option<&Resolution>, dates: &[(NaiveDate, String)]) -> Vec<Role> {
        let Some(resolved) = resolved else {
            return Vec::new();
        };
        let Some(person) = self.kb.persons().iter().find(|p| p.id() == resolved.entity) else {
            return Vec::new();
        };
        let mut sorted = dates.to_vec();
        sorted.sort();
        let mut roles = Vec::new();
        for &role_idx in &person.roles {
            let Some(role) = self.kb.roles().get(role_idx) else {
                continue;
            };
            let Some((date, doc)) = sorted.iter().find(|(d, _)| role.active_on(*d)) else {
                continue;
            };
            roles.push(Role {
                title: role.title.clone(),
                organization: None,
                country: Some(role.country.clone()),
                as_of: Some(*date),
                doc: Some(doc.clone()),
                former: false,
                source: "kb".to_string(),
                code: Some(role.code.clone()),
            });
        }
        roles
    }
}

/// A nominal role phrase the knowledge base has no holder for, left for the roles the corpus
/// itself states.
struct PendingNominal {
    doc: usize,
    span: CharSpan,
    phrase: String,
    /// Country (alpha-3) or international organisation the phrase names.
    country: String,
    /// The canonical role ("interior minister").
    role: String,
    date: NaiveDate,
}

/// Where a mention goes within its document.
enum Target {
    Join(usize, &'static str),
    Pending,
    New,
}

/// The folded words of a name, for sub-name comparison.
fn key_words(name: &str) -> Vec<String> {
    org_key(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when one name's words are the first or last words of the other's, either way round
/// ("Lockheed" / "Lockheed Martin", "Air Force" / "United States Air Force"), and the names
/// differ.
fn sub_name(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || short.len() == long.len() {
        return false;
    }
    // A sub-name of one short word must be a real word, not an initial or a number alone.
    if short.len() == 1 && short.first().is_some_and(|w| w.len() < 3) {
        return false;
    }
    long.starts_with(short) || long.ends_with(short)
}

/// Person groups of a document whose full name a surname alone may stand for.
fn surname_candidates(locals: &[Local], surname: &str) -> Vec<usize> {
    locals
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.kind == EntityKind::Person && !l.surname_only() && same_name_variant(surname, &l.best)
        })
        .map(|(idx, _)| idx)
        .collect()
}

/// The country most of a group's text roles name.
fn dominant_country(local: &Local) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for role in &local.roles {
        if let Some(c) = role.country.as_deref() {
            *counts.entry(c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c.to_string())
}

/// Evidence that two person groups with alike names are different people.
fn person_conflict(a: &Local, b: &Local) -> Option<&'static str> {
    let (pa, pb) = (a.person.as_ref()?, b.person.as_ref()?);
    if pa.suffix != pb.suffix {
        return Some("suffix_differs");
    }
    if !same_name_variant(&a.best, &b.best) {
        return Some("given_names_differ");
    }
    match (dominant_country(a), dominant_country(b)) {
        (Some(ca), Some(cb)) if ca != cb => Some("country_conflict"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{Mention, Meta};
    use std::sync::OnceLock;

    fn linker() -> &'static Linker {
        static LINKER: OnceLock<Linker> = OnceLock::new();
        LINKER.get_or_init(|| Linker::new(KnowledgeBase::shipped().unwrap()))
    }

    /// A doc with `text`, dated `date`, and a mention for each (name, kind), found in order.
    fn doc(text: &str, date: &str, names: &[(&str, EntityKind)]) -> Doc {
        let meta = Meta {
            published: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            ..Meta::default()
        };
        let mut doc = Doc::new(meta, text.to_string());
        let mut from = 0;
        for (name, kind) in names {
            let byte = from + text[from..].find(name).unwrap();
            from = byte + name.len();
            let start = text[..byte].chars().count() as u32;
            doc.mentions.push(Mention {
                span: CharSpan::new(start, start + name.chars().count() as u32),
                token_start: 0,
                token_end: 0,
                kind: *kind,
                entity: None,
            });
        }
        doc
    }

    use EntityKind::{Location as L, Organization as O, Other as X, Person as P};

    fn entity_of<'a>(linked: &'a Linked, doc: &Doc, idx: u32) -> &'a Entity {
        let link = linked
            .mention_entities
            .iter()
            .find(|l| l.doc == doc.id.as_str() && l.mention == Some(idx))
            .unwrap();
        linked.entity(&link.entity).unwrap()
    }

    #[test]
    fn spelling_variants_scripts_and_diacritics_merge() {
        let docs = [
            doc(
                "Jovana Marković spoke. Marković left.",
                "2018-01-01",
                &[("Jovana Marković", P), ("Marković", P)],
            ),
            doc(
                "Jovana Markovic arrived.",
                "2018-01-02",
                &[("Jovana Markovic", P)],
            ),
            doc(
                "Јована Марковић је стигла.",
                "2018-01-03",
                &[("Јована Марковић", P)],
            ),
            doc(
                "Nikolai Sokolovsky and Nikolay Sokolovskiy met.",
                "2018-01-03",
                &[("Nikolai Sokolovsky", P), ("Nikolay Sokolovskiy", P)],
            ),
        ];
        let linked = linker().link(&docs);
        let people: Vec<&Entity> = linked.entities.iter().filter(|e| e.kind == P).collect();
        assert_eq!(people.len(), 2, "{people:#?}");
        let markovic = entity_of(&linked, &docs[0], 0);
        assert_eq!(markovic.mentions, 4);
        assert_eq!(markovic.documents.len(), 3);
        assert_eq!(markovic.id, "person:jovana-markovic");
        assert_eq!(
            entity_of(&linked, &docs[3], 0).id,
            entity_of(&linked, &docs[3], 1).id
        );
    }

    #[test]
    fn typos_within_the_guard_merge() {
        let docs = [
            doc(
                "Dragoslav Stojanovic spoke.",
                "2018-01-01",
                &[("Dragoslav Stojanovic", P)],
            ),
            doc(
                "Dragoslav Stojanvic spoke.",
                "2018-01-02",
                &[("Dragoslav Stojanvic", P)],
            ),
        ];
        let linked = linker().link(&docs);
        assert_eq!(linked.entities.len(), 1, "{:#?}", linked.entities);
        assert!(linked
            .decisions
            .iter()
            .any(|d| d.verdict == Verdict::Merged && d.rule == "same_name_variant"));
    }

    #[test]
    fn two_different_popovs_stay_apart_and_a_bare_surname_is_not_guessed() {
        let docs = [
            doc(
                "Vladimir Popov spoke.",
                "2018-01-01",
                &[("Vladimir Popov", P)],
            ),
            doc(
                "Alexander Popov spoke.",
                "2018-01-02",
                &[("Alexander Popov", P)],
            ),
            doc("Popov said nothing.", "2018-01-03", &[("Popov", P)]),
        ];
        let linked = linker().link(&docs);
        let ids: Vec<&str> = docs
            .iter()
            .map(|d| entity_of(&linked, d, 0).id.as_str())
            .collect();
        assert_ne!(ids[0], ids[1]);
        assert_ne!(ids[2], ids[0]);
        assert_ne!(ids[2], ids[1]);
        assert!(linked
            .decisions
            .iter()
            .any(|d| d.verdict == Verdict::KeptApart && d.rule == "surname_ambiguous"));
    }

    #[test]
    fn an_initial_joins_only_an_unambiguous_full_name() {
        let docs = [
            doc(
                "Vladimir Popov spoke.",
                "2018-01-01",
                &[("Vladimir Popov", P)],
            ),
            doc("Viktor Popov spoke.", "2018-01-02", &[("Viktor Popov", P)]),
            doc("V. Popov said nothing.", "2018-01-03", &[("V. Popov", P)]),
            doc("A. Popov said nothing.", "2018-01-03", &[("A. Popov", P)]),
            doc(
                "Alexander Popov spoke.",
                "2018-01-04",
                &[("Alexander Popov", P)],
            ),
        ];
        let linked = linker().link(&docs);
        let ids: Vec<&str> = docs
            .iter()
            .map(|d| entity_of(&linked, d, 0).id.as_str())
            .collect();
        assert_ne!(ids[2], ids[0]);
        assert_ne!(ids[2], ids[1]);
        assert_eq!(ids[3], ids[4]);
    }

    #[test]
    fn a_bare_surname_joins_the_only_person_it_can_name() {
        let docs = [
            doc(
                "Vladimir Popov spoke.",
                "2018-01-01",
                &[("Vladimir Popov", P)],
            ),
            doc("Popov said nothing.", "2018-01-03", &[("Popov", P)]),
        ];
        let linked = linker().link(&docs);
        assert_eq!(
            entity_of(&linked, &docs[0], 0).id,
            entity_of(&linked, &docs[1], 0).id
        );
    }

    #[test]
    fn father_and_son_stay_apart() {
        let docs = [
            doc(
                "Ivan Petrenko spoke.",
                "2018-01-01",
                &[("Ivan Petrenko", P)],
            ),
            doc(
                "Ivan Petrenko Jr. spoke.",
                "2018-01-02",
                &[("Ivan Petrenko Jr.", P)],
            ),
        ];
        let linked = linker().link(&docs);
        assert_ne!(
            entity_of(&linked, &docs[0], 0).id,
            entity_of(&linked, &docs[1], 0).id
        );
    }

    #[test]
    fn conflicting_countries_keep_alike_names_apart() {
        let docs = [
            doc(
                "Serbian Interior Minister Marko Jankovic spoke.",
                "2018-01-01",
                &[("Marko Jankovic", P)],
            ),
            doc(
                "Croatian Finance Minister Marko Jankovich spoke.",
                "2018-01-02",
                &[("Marko Jankovich", P)],
            ),
            doc(
                "Serbian Interior Minister Marko Jankovitch spoke.",
                "2018-01-03",
                &[("Marko Jankovitch", P)],
            ),
        ];
        let linked = linker().link(&docs);
        let ids: Vec<&str> = docs
            .iter()
            .map(|d| entity_of(&linked, d, 0).id.as_str())
            .collect();
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids[0], ids[2]);
        assert!(linked
            .decisions
            .iter()
            .any(|d| d.verdict == Verdict::KeptApart && d.rule == "country_conflict"));
        let serbian = entity_of(&linked, &docs[0], 0);
        assert_eq!(serbian.country.as_deref(), Some("SRB"));
        assert_eq!(serbian.code.as_deref(), Some("SRBGOV"));
    }

    #[test]
    fn the_same_name_in_two_countries_is_two_people() {
        let docs = [
            doc(
                "Bulgarian Energy Minister Vladimir Petkov spoke.",
                "2018-01-01",
                &[("Vladimir Petkov", P)],
            ),
            doc(
                "Russian Energy Minister Vladimir Petkov spoke.",
                "2018-01-02",
                &[("Vladimir Petkov", P)],
            ),
            doc(
                "Bulgarian Energy Minister Vladimir Petkov left.",
                "2018-01-03",
                &[("Vladimir Petkov", P)],
            ),
        ];
        let linked = linker().link(&docs);
        let ids: Vec<&str> = docs
            .iter()
            .map(|d| entity_of(&linked, d, 0).id.as_str())
            .collect();
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids[0], ids[2]);
        let bulgarian = entity_of(&linked, &docs[0], 0);
        let date = NaiveDate::from_ymd_opt(2018, 6, 1).unwrap();
        assert_eq!(
            linker().actor_code(bulgarian, date).as_deref(),
            Some("BGRGOV")
        );
    }

    #[test]
    fn acronyms_join_their_full_names() {
        let docs = [
            doc(
                "The Balkan Energy Alliance (BEA) met.",
                "2018-01-01",
                &[("Balkan Energy Alliance", O), ("BEA", O)],
            ),
            doc("BEA said no.", "2018-01-02", &[("BEA", O)]),
            doc(
                "The Federal Security Service and the FSB are one.",
                "2018-01-02",
                &[("Federal Security Service", O), ("FSB", O)],
            ),
        ];
        let linked = linker().link(&docs);
        assert_eq!(
            entity_of(&linked, &docs[0], 0).id,
            entity_of(&linked, &docs[1], 0).id
        );
        assert_eq!(
            entity_of(&linked, &docs[0], 0).id,
            entity_of(&linked, &docs[0], 1).id
        );
        let fsb = entity_of(&linked, &docs[2], 1);
        assert_eq!(fsb.id, entity_of(&linked, &docs[2], 0).id);
        assert_eq!(fsb.country.as_deref(), Some("RUS"));
    }

    #[test]
    fn demonyms_and_possessives_name_the_country() {
        let docs = [doc(
            "Russian envoys came. Serbia’s answer reached Russia.",
            "2018-01-01",
            &[("Russian", X), ("Serbia’s", L), ("Russia", L)],
        )];
        let linked = linker().link(&docs);
        assert_eq!(entity_of(&linked, &docs[0], 0).id, "country:RUS");
        assert_eq!(entity_of(&linked, &docs[0], 1).id, "country:SRB");
        assert_eq!(entity_of(&linked, &docs[0], 2).id, "country:RUS");
        assert_eq!(entity_of(&linked, &docs[0], 0).kind, L);
    }

    #[test]
    fn places_get_coordinates() {
        let docs = [doc("Talks in Belgrade.", "2018-01-01", &[("Belgrade", L)])];
        let linked = linker().link(&docs);
        let belgrade = entity_of(&linked, &docs[0], 0);
        assert_eq!(belgrade.country.as_deref(), Some("SRB"));
        assert!(belgrade.lat.is_some_and(|lat| (44.0..45.5).contains(&lat)));
    }

    #[test]
    fn nominal_role_phrases_resolve_to_the_holder_on_the_date() {
        let docs = [
            doc(
                "The visit was praised by the Serbian president on Monday.",
                "2016-06-01",
                &[],
            ),
            doc(
                "The visit was praised by the Serbian president on Monday.\n\nAgain.",
                "2019-06-01",
                &[],
            ),
        ];
        let linked = linker().link(&docs);
        assert_eq!(
            linked.mention_entities.len(),
            2,
            "{:#?}",
            linked.mention_entities
        );
        let first = &linked
            .mention_entities
            .iter()
            .find(|l| l.doc == docs[0].id.as_str())
            .unwrap()
            .entity;
        let second = &linked
            .mention_entities
            .iter()
            .find(|l| l.doc == docs[1].id.as_str())
            .unwrap()
            .entity;
        assert_ne!(first, second);
        assert_eq!(linked.entity(first).unwrap().name, "Tomislav Nikolić");
        assert_eq!(linked.entity(second).unwrap().name, "Aleksandar Vučić");
    }

    #[test]
    fn nominal_phrases_fall_back_to_roles_the_corpus_states() {
        let docs = [
            doc(
                "Moldovan Interior Minister Ion Rusnac met the press.",
                "2018-03-01",
                &[("Ion Rusnac", P)],
            ),
            doc(
                "The plan was criticised by the Moldovan interior minister on Monday.",
                "2018-05-01",
                &[],
            ),
            doc(
                "The plan was criticised by the Moldovan interior minister again.",
                "2021-05-01",
                &[],
            ),
        ];
        let linked = linker().link(&docs);
        let rusnac = entity_of(&linked, &docs[0], 0);
        assert_eq!(rusnac.mentions, 2, "{:#?}", linked.mention_entities);
        assert_eq!(rusnac.documents.len(), 2);
        assert!(linked
            .decisions
            .iter()
            .any(|d| d.rule == "learned_role_holder"));
        // Three years later the corpus says nothing about who holds the office.
        assert!(!linked
            .mention_entities
            .iter()
            .any(|l| l.doc == docs[2].id.as_str()));
    }

    #[test]
    fn patrushev_variants_are_one_entity_with_his_role() {
        let docs = [
            doc("Nikolai Patrushev, secretary of President Vladimir Putin's Security Council, came.", "2018-03-12",
                &[("Nikolai Patrushev", P), ("Vladimir Putin", P)]),
            doc("Nikolay Patrushev met Serbian Interior Minister Nebojsa Stefanovic. Patrushev left.", "2018-03-13",
                &[("Nikolay Patrushev", P), ("Nebojsa Stefanovic", P), ("Patrushev", P)]),
            doc("Николай Патрушев прибыл.", "2018-03-14", &[("Николай Патрушев", P)]),
        ];
        let linked = linker().link(&docs);
        let patrushev = entity_of(&linked, &docs[0], 0);
        for (d, m) in [(1, 0), (1, 2), (2, 0)] {
            assert_eq!(entity_of(&linked, &docs[d], m).id, patrushev.id);
        }
        assert_eq!(patrushev.documents.len(), 3);
        assert!(
            patrushev
                .roles
                .iter()
                .any(|r| r.title == "Secretary of the Security Council"
                    && r.country.as_deref() == Some("RUS")
                    && r.source == "text"),
            "{:#?}",
            patrushev.roles
        );
        let stefanovic = entity_of(&linked, &docs[1], 1);
        assert!(
            stefanovic
                .roles
                .iter()
                .any(|r| r.title == "Interior Minister" && r.country.as_deref() == Some("SRB")),
            "{:#?}",
            stefanovic.roles
        );
        assert_eq!(stefanovic.code.as_deref(), Some("SRBGOV"));
    }
}
