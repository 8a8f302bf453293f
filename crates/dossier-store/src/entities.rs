//! Entities: the rows the link stage produces (entities with aliases and dated roles, the
//! mentions linked to them, and the linker's decisions), replaced whole after every build.
//!
//! The store does not know the types of `dossier-link`: it keeps each entity's full record
//! as JSON beside the columns queries filter on, as it does for events.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use crate::{Store, StoreError};

/// One entity as the link stage resolved it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRow {
    /// Stable id (`person:nikolai-patrushev`, `country:SRB`, …).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `location` or `other`.
    pub kind: String,
    /// ISO 3166-1 alpha-3 code (or `IGO`), when known.
    pub country: Option<String>,
    /// CAMEO actor code on the latest date it is mentioned, when known.
    pub code: Option<String>,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents mentioning it.
    pub n_documents: u64,
    /// Every distinct spelling.
    pub aliases: Vec<String>,
    /// Dated roles, in the order given.
    pub roles: Vec<EntityRoleRow>,
    /// The linker's full entity as JSON.
    pub record: String,
}

/// One dated role of an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityRoleRow {
    /// The title ("Interior Minister").
    pub title: String,
    /// The organisation, when named.
    pub organization: Option<String>,
    /// The country (alpha-3), when known.
    pub country: Option<String>,
    /// The date it was true (`YYYY-MM-DD`).
    pub as_of: Option<String>,
    /// The document saying so; `None` for knowledge-base roles.
    pub doc: Option<String>,
    /// True for roles the text calls former.
    pub former: bool,
    /// `text` or `kb`.
    pub source: String,
    /// The CAMEO code the role implies.
    pub code: Option<String>,
}

/// One mention (or nominal role phrase) linked to an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionEntityRow {
    /// The document.
    pub doc: String,
    /// Index into the document's mentions; `None` for a phrase the linker found itself.
    pub mention: Option<u32>,
    /// The entity id.
    pub entity: String,
    /// The text.
    pub text: String,
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
}

/// Why the linker merged two names or kept them apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    /// `merged` or `kept_apart`.
    pub verdict: String,
    /// The first name.
    pub a: String,
    /// The second name.
    pub b: String,
    /// The rule that decided.
    pub rule: String,
    /// The document, for decisions within one document.
    pub doc: Option<String>,
}

/// What [`Store::entities`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityFilter {
    /// Only this kind (`person`, `organization`, `location`, `other`).
    pub kind: Option<String>,
    /// Only entities whose name or an alias contains this text (case-insensitive).
    pub name: Option<String>,
    /// At most this many (all when `None`).
    pub limit: Option<u32>,
}

const INSERT_ENTITY: &str = "INSERT INTO entities (id, name, kind, country, code, mentions, \
     n_documents, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const INSERT_ALIAS: &str = "INSERT OR IGNORE INTO entity_aliases (entity, alias) VALUES (?1, ?2)";
const INSERT_ROLE: &str = "INSERT INTO entity_roles (entity, idx, title, organization, country, \
     as_of, doc, former, source, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const INSERT_MENTION_ENTITY: &str = "INSERT OR IGNORE INTO mention_entities (doc, start, end, \
     mention, entity, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const UPDATE_MENTION: &str = "UPDATE mentions SET entity = ?3 WHERE doc = ?1 AND idx = ?2";
const INSERT_DECISION: &str =
    "INSERT INTO link_decisions (idx, verdict, a, b, rule, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const SELECT_ENTITY: &str =
    "SELECT id, name, kind, country, code, mentions, n_documents, record FROM entities";

/// Replaces every entity row inside `tx`.
fn replace_entities(
    tx: &Transaction<'_>,
    entities: &[EntityRow],
    mentions: &[MentionEntityRow],
    decisions: &[DecisionRow],
) -> Result<(), StoreError> {
    tx.execute_batch(
        "DELETE FROM mention_entities; DELETE FROM entity_roles; DELETE FROM entity_aliases;
         DELETE FROM link_decisions; DELETE FROM entities;
         UPDATE mentions SET entity = NULL WHERE entity IS NOT NULL;",
    )?;
    let mut insert_entity = tx.prepare_cached(INSERT_ENTITY)?;
    let mut insert_alias = tx.prepare_cached(INSERT_ALIAS)?;
    let mut insert_role = tx.prepare_cached(INSERT_ROLE)?;
    for entity in entities {
        insert_entity.execute(params![
            entity.id,
            entity.name,
            entity.kind,
            entity.country,
            entity.code,
            entity.mentions,
            entity.n_documents,
            entity.record
        ])?;
        for alias in &entity.aliases {
            insert_alias.execute(params![entity.id, alias])?;
        }
        for (idx, role) in entity.roles.iter().enumerate() {
            insert_role.execute(params![
                entity.id,
                idx as u32,
                role.title,
                role.organization,
                role.country,
                role.as_of,
                role.doc,
                role.former,
                role.source,
                role.code
            ])?;
        }
    }
    let mut insert_mention = tx.prepare_cached(INSERT_MENTION_ENTITY)?;
    let mut update_mention = tx.prepare_cached(UPDATE_MENTION)?;
    for row in mentions {
        insert_mention.execute(params![
            row.doc,
            row.start,
            row.end,
            row.mention,
            row.entity,
            row.text
        ])?;
        if let Some(idx) = row.mention {
            update_mention.execute(params![row.doc, idx, row.entity])?;
        }
    }
    let mut insert_decision = tx.prepare_cached(INSERT_DECISION)?;
    for (idx, decision) in decisions.iter().enumerate() {
        insert_decision.execute(params![
            idx as u32,
            decision.verdict,
            decision.a,
            decision.b,
            decision.rule,
            decision.doc
        ])?;
    }
    Ok(())
}

/// An entity row without its aliases and roles.
fn entity_of_row(row: &Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        country: row.get(3)?,
        code: row.get(4)?,
        mentions: row.get(5)?,
        n_documents: row.get(6)?,
        aliases: Vec::new(),
        roles: Vec::new(),
        record: row.get(7)?,
    })
}

/// Fills in an entity's aliases and roles.
fn complete(conn: &Connection, mut entity: EntityRow) -> Result<EntityRow, StoreError> {
    let mut aliases =
        conn.prepare_cached("SELECT alias FROM entity_aliases WHERE entity = ?1 ORDER BY alias")?;
    entity.aliases = aliases
        .query_map([&entity.id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut roles = conn.prepare_cached(
        "SELECT title, organization, country, as_of, doc, former, source, code \
         FROM entity_roles WHERE entity = ?1 ORDER BY idx",
    )?;
    entity.roles = roles
        .query_map([&entity.id], |row| {
            Ok(EntityRoleRow {
                title: row.get(0)?,
                organization: row.get(1)?,
                country: row.get(2)?,
                as_of: row.get(3)?,
                doc: row.get(4)?,
                former: row.get(5)?,
                source: row.get(6)?,
                code: row.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(entity)
}

/// Entities matching `filter`, most mentioned first, then by id.
fn entities(conn: &Connection, filter: &EntityFilter) -> Result<Vec<EntityRow>, StoreError> {
    let pattern = filter.name.as_ref().map(|name| {
        format!(
            "%{}%",
            name.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT_ENTITY} WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\' \
         OR id IN (SELECT entity FROM entity_aliases WHERE alias LIKE ?2 ESCAPE '\\')) \
         ORDER BY mentions DESC, id LIMIT ?3"
    ))?;
    let limit = filter.limit.map_or(-1, i64::from);
    let rows: Vec<EntityRow> = statement
        .query_map(params![filter.kind, pattern, limit], entity_of_row)?
        .collect::<Result<_, _>>()?;
    rows.into_iter().map(|row| complete(conn, row)).collect()
}

/// The entity with id `name_or_id`, else the most mentioned one named or aliased so
/// (case-insensitive).
fn entity(conn: &Connection, name_or_id: &str) -> Result<Option<EntityRow>, StoreError> {
    let mut by_id = conn.prepare_cached(&format!("{SELECT_ENTITY} WHERE id = ?1"))?;
    let mut found = by_id.query_row([name_or_id], entity_of_row).optional()?;
    if found.is_none() {
        let mut by_name = conn.prepare_cached(&format!(
            "{SELECT_ENTITY} WHERE name = ?1 COLLATE NOCASE OR id IN \
             (SELECT entity FROM entity_aliases WHERE alias = ?1 COLLATE NOCASE) \
             ORDER BY mentions DESC, id LIMIT 1"
        ))?;
        found = by_name.query_row([name_or_id], entity_of_row).optional()?;
    }
    found.map(|row| complete(conn, row)).transpose()
}

/// The mentions linked to entity `id`, by document and position.
fn entity_mentions(conn: &Connection, id: &str) -> Result<Vec<MentionEntityRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT doc, mention, entity, text, start, end FROM mention_entities \
         WHERE entity = ?1 ORDER BY doc, start",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(MentionEntityRow {
            doc: row.get(0)?,
            mention: row.get(1)?,
            entity: row.get(2)?,
            text: row.get(3)?,
            start: row.get(4)?,
            end: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The linker's decisions naming `name` on either side (case-insensitive), in order.
fn decisions_about(conn: &Connection, name: &str) -> Result<Vec<DecisionRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT verdict, a, b, rule, doc FROM link_decisions \
         WHERE a = ?1 COLLATE NOCASE OR b = ?1 COLLATE NOCASE ORDER BY idx",
    )?;
    let rows = statement.query_map([name], |row| {
        Ok(DecisionRow {
            verdict: row.get(0)?,
            a: row.get(1)?,
            b: row.get(2)?,
            rule: row.get(3)?,
            doc: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Replaces every entity, alias, role, linked mention and decision with the link stage's
    /// new result in one transaction, and sets `mentions.entity` from `mentions`; re-linking
    /// a grown corpus leaves nothing of the previous result. Every linked document must be
    /// stored and every linked entity listed.
    pub fn replace_entities(
        &mut self,
        entities: &[EntityRow],
        mentions: &[MentionEntityRow],
        decisions: &[DecisionRow],
    ) -> Result<(), StoreError> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        replace_entities(&tx, entities, mentions, decisions)?;
        tx.commit()?;
        Ok(())
    }

    /// Entities matching `filter`, most mentioned first, with aliases and roles.
    pub fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntityRow>, StoreError> {
        entities(&self.conn, filter)
    }

    /// The entity with id `name_or_id`, else the most mentioned entity with that name or
    /// alias (case-insensitive); `None` when there is none.
    pub fn entity(&self, name_or_id: &str) -> Result<Option<EntityRow>, StoreError> {
        entity(&self.conn, name_or_id)
    }

    /// The mentions and role phrases linked to entity `id`, by document and position.
    pub fn entity_mentions(&self, id: &str) -> Result<Vec<MentionEntityRow>, StoreError> {
        entity_mentions(&self.conn, id)
    }

    /// The linker's decisions with `name` on either side, in the order they were made.
    pub fn link_decisions(&self, name: &str) -> Result<Vec<DecisionRow>, StoreError> {
        decisions_about(&self.conn, name)
    }
}

#[cfg(test)]
mod tests {
    use dossier_core::{CharSpan, Doc, EntityKind, Mention, Meta};

    use super::*;

    fn doc() -> Doc {
        let mut doc = Doc::new(
            Meta::default(),
            "Ana Kovač met Ivo Horvat in Zagreb.".into(),
        );
        for (start, end, kind) in [
            (0, 9, EntityKind::Person),
            (14, 24, EntityKind::Person),
            (28, 34, EntityKind::Location),
        ] {
            doc.mentions.push(Mention {
                span: CharSpan::new(start, end),
                token_start: 0,
                token_end: 0,
                kind,
                entity: None,
            });
        }
        doc
    }

    fn entity(id: &str, name: &str, kind: &str, mentions: u64) -> EntityRow {
        EntityRow {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            country: Some("HRV".into()),
            code: None,
            mentions,
            n_documents: 1,
            aliases: vec![name.into(), name.to_uppercase()],
            roles: vec![EntityRoleRow {
                title: "Mayor".into(),
                organization: None,
                country: Some("HRV".into()),
                as_of: Some("2020-01-01".into()),
                doc: None,
                former: false,
                source: "text".into(),
                code: Some("HRVGOV".into()),
            }],
            record: format!("{{\"id\":\"{id}\"}}"),
        }
    }

    fn link(doc: &Doc, mention: u32, entity: &str) -> MentionEntityRow {
        let span = doc.mentions[mention as usize].span;
        MentionEntityRow {
            doc: doc.id.0.clone(),
            mention: Some(mention),
            entity: entity.into(),
            text: doc.slice(span).into(),
            start: span.start,
            end: span.end,
        }
    }

    #[test]
    fn entities_round_trip_and_relinking_replaces_them() {
        let mut store = Store::in_memory().unwrap();
        let doc = doc();
        store.insert_docs(std::slice::from_ref(&doc)).unwrap();
        let decision = DecisionRow {
            verdict: "kept_apart".into(),
            a: "Ana Kovač".into(),
            b: "Ana Kovacs".into(),
            rule: "country_conflict".into(),
            doc: None,
        };
        store
            .replace_entities(
                &[
                    entity("person:ana-kovac", "Ana Kovač", "person", 1),
                    entity("person:ivo-horvat", "Ivo Horvat", "person", 1),
                    entity("place:HRV:zagreb", "Zagreb", "location", 1),
                ],
                &[
                    link(&doc, 0, "person:ana-kovac"),
                    link(&doc, 1, "person:ivo-horvat"),
                    link(&doc, 2, "place:HRV:zagreb"),
                ],
                std::slice::from_ref(&decision),
            )
            .unwrap();
        let people = store
            .entities(&EntityFilter {
                kind: Some("person".into()),
                ..EntityFilter::default()
            })
            .unwrap();
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].roles[0].title, "Mayor");
        let found = store.entity("ANA KOVAČ").unwrap().unwrap();
        assert_eq!(found.id, "person:ana-kovac");
        assert_eq!(found.aliases.len(), 2);
        assert_eq!(
            store.entity("place:HRV:zagreb").unwrap().unwrap().name,
            "Zagreb"
        );
        let named = store
            .entities(&EntityFilter {
                name: Some("horv".into()),
                ..EntityFilter::default()
            })
            .unwrap();
        assert_eq!(named.len(), 1);
        assert_eq!(store.link_decisions("ana kovač").unwrap(), vec![decision]);
        let loaded = store.load_doc(&doc.id.0).unwrap().unwrap();
        assert_eq!(
            loaded.mentions[1].entity.as_deref(),
            Some("person:ivo-horvat")
        );

        // Re-linking replaces the previous result, including mentions.entity.
        store
            .replace_entities(
                &[entity("person:ana-kovac", "Ana Kovač", "person", 1)],
                &[link(&doc, 0, "person:ana-kovac")],
                &[],
            )
            .unwrap();
        assert_eq!(store.entities(&EntityFilter::default()).unwrap().len(), 1);
        assert!(store.entity("Zagreb").unwrap().is_none());
        assert_eq!(store.entity_mentions("person:ana-kovac").unwrap().len(), 1);
        let loaded = store.load_doc(&doc.id.0).unwrap().unwrap();
        assert_eq!(loaded.mentions[1].entity, None);
        assert!(store.link_decisions("Ana Kovač").unwrap().is_empty());
    }

    #[test]
    fn a_link_to_an_unlisted_entity_rolls_everything_back() {
        let mut store = Store::in_memory().unwrap();
        let doc = doc();
        store.insert_docs(std::slice::from_ref(&doc)).unwrap();
        store
            .replace_entities(
                &[entity("person:ana-kovac", "Ana Kovač", "person", 1)],
                &[link(&doc, 0, "person:ana-kovac")],
                &[],
            )
            .unwrap();
        let failed = store.replace_entities(
            &[entity("person:ivo-horvat", "Ivo Horvat", "person", 1)],
            &[link(&doc, 0, "person:nobody")],
            &[],
        );
        assert!(failed.is_err());
        // The previous result is intact.
        assert!(store.entity("person:ana-kovac").unwrap().is_some());
        assert!(store.entity("person:ivo-horvat").unwrap().is_none());
    }
}
