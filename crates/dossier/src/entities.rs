//! The link stage's output: relinking entities after a build, and `dossier entities`,
//! `dossier entity NAME` and `dossier network`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_core::Doc;
use dossier_link::{Linked, Linker};
use dossier_store::{
    DecisionRow, EntityFilter, EntityRoleRow, EntityRow, MentionEntityRow, QuoteFilter, Store,
};
use serde_json::json;

use crate::flags::{EntitiesArgs, EntityArgs, NetworkArgs, NetworkFormat};
use crate::present::open_store;

/// Every stored doc (the link stage works on the whole corpus).
pub(crate) fn load_docs(store: &Store) -> anyhow::Result<Vec<Doc>> {
    let mut docs = Vec::new();
    for id in store.doc_ids()? {
        if let Some(doc) = store.load_doc(&id)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// Links every stored doc's mentions into entities and stores the result; returns the
/// number of entities and where each linked mention is.
pub(crate) fn relink_entities(
    store: &mut Store,
    kb_files: &[PathBuf],
) -> anyhow::Result<(usize, MentionLinks)> {
    let docs = load_docs(store)?;
    let linker = Linker::new(crate::kb::knowledge_base(kb_files)?);
    let linked = linker.link(&docs);
    let (entities, mentions, decisions) = rows(&linked)?;
    store
        .replace_entities(&entities, &mentions, &decisions)
        .context("cannot write the entities")?;
    let mut links = MentionLinks::default();
    for row in &mentions {
        links.insert(&row.doc, row.start, row.end, &row.entity);
    }
    Ok((entities.len(), links))
}

/// The linked mentions of every document: which entity the words at `start..end` name.
#[derive(Debug, Default)]
pub(crate) struct MentionLinks {
    by_doc: std::collections::HashMap<String, Vec<(u32, u32, String)>>,
}

impl MentionLinks {
    fn insert(&mut self, doc: &str, start: u32, end: u32, entity: &str) {
        self.by_doc
            .entry(doc.to_string())
            .or_default()
            .push((start, end, entity.to_string()));
    }

    /// The entity named by the words at `start..end` of `doc`: the mention with exactly that
    /// span, else the longest linked mention inside it ("the Serbian Interior Minister
    /// Nebojsa Stefanovic" holds the linked "Nebojsa Stefanovic").
    pub(crate) fn entity_at(&self, doc: &str, start: u32, end: u32) -> Option<&str> {
        let links = self.by_doc.get(doc)?;
        if let Some((_, _, entity)) = links.iter().find(|l| l.0 == start && l.1 == end) {
            return Some(entity);
        }
        links
            .iter()
            .filter(|l| l.0 >= start && l.1 <= end)
            .max_by_key(|l| (l.1 - l.0, std::cmp::Reverse(l.0)))
            .map(|l| l.2.as_str())
    }
}

/// The store rows of a link result.
fn rows(
    linked: &Linked,
) -> anyhow::Result<(Vec<EntityRow>, Vec<MentionEntityRow>, Vec<DecisionRow>)> {
    let mut entities = Vec::with_capacity(linked.entities.len());
    for entity in &linked.entities {
        entities.push(EntityRow {
            id: entity.id.clone(),
            name: entity.name.clone(),
            kind: entity.kind.as_str().to_string(),
            country: entity.country.clone(),
            code: entity.code.clone(),
            mentions: entity.mentions as u64,
            n_documents: entity.documents.len() as u64,
            aliases: entity.aliases.clone(),
            roles: entity
                .roles
                .iter()
                .map(|role| EntityRoleRow {
                    title: role.title.clone(),
                    organization: role.organization.clone(),
                    country: role.country.clone(),
                    as_of: role.as_of.map(|date| date.to_string()),
                    doc: role.doc.clone(),
                    former: role.former,
                    source: role.source.clone(),
                    code: role.code.clone(),
                })
                .collect(),
            record: serde_json::to_string(entity).context("cannot serialise an entity")?,
        });
    }
    let mentions = linked
        .mention_entities
        .iter()
        .map(|link| MentionEntityRow {
            doc: link.doc.clone(),
            mention: link.mention,
            entity: link.entity.clone(),
            text: link.text.clone(),
            start: link.start,
            end: link.end,
        })
        .collect();
    let decisions = linked
        .decisions
        .iter()
        .map(|decision| DecisionRow {
            verdict: serde_json::to_value(decision.verdict)
                .ok()
                .and_then(|value| value.as_str().map(str::to_string))
                .unwrap_or_default(),
            a: decision.a.clone(),
            b: decision.b.clone(),
            rule: decision.rule.clone(),
            doc: decision.doc.clone(),
        })
        .collect();
    Ok((entities, mentions, decisions))
}

pub(crate) fn entities(db: &Path, args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    if let Some(kind) = &args.kind {
        if !["person", "organization", "location", "other"].contains(&kind.as_str()) {
            anyhow::bail!("--kind {kind:?} is not one of person, organization, location, other");
        }
    }
    let store = open_store(db)?;
    let filter = EntityFilter {
        kind: args.kind.clone(),
        name: args.name.clone(),
        limit: Some(args.limit),
    };
    let rows = store.entities(&filter)?;
    let mut out = std::io::stdout().lock();
    for row in &rows {
        if args.json {
            // The stored record is the export contract's entity.
            out.write_all(row.record.as_bytes())?;
            writeln!(out)?;
        } else {
            let role = row
                .roles
                .first()
                .map(|r| format!("  {}", r.title))
                .unwrap_or_default();
            writeln!(
                out,
                "{:<13} {:>5} mentions {:>3} docs  {}{}{}{}",
                row.kind,
                row.mentions,
                row.n_documents,
                row.name,
                row.country
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
                row.code
                    .as_deref()
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default(),
                role
            )?;
        }
    }
    if !args.json {
        writeln!(out, "{} entities", rows.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn entity(db: &Path, args: EntityArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let name = args.name.join(" ");
    let Some(row) = store.entity(&name)? else {
        eprintln!("no entity named {name:?} (try `dossier entities --name {name:?}`)");
        return Ok(ExitCode::from(1));
    };
    let mentions = store.entity_mentions(&row.id)?;
    let titles = crate::timeline::document_titles(&store)?;
    let mut documents: Vec<&str> = mentions.iter().map(|m| m.doc.as_str()).collect();
    documents.dedup();
    let events: Vec<_> = crate::timeline::load_timeline(&store)?
        .into_iter()
        .filter(|event| {
            event.actors.iter().chain(&event.recipients).any(|p| {
                p.entity.as_deref() == Some(&row.id)
                    || row
                        .aliases
                        .iter()
                        .chain(std::iter::once(&row.name))
                        .any(|alias| {
                            dossier_timeline::fold(&p.name).contains(&dossier_timeline::fold(alias))
                        })
            })
        })
        .collect();
    let quotes: Vec<_> = row
        .aliases
        .iter()
        .chain(std::iter::once(&row.name))
        .map(|alias| {
            store.quotes(&QuoteFilter {
                speaker: Some(alias.clone()),
                ..QuoteFilter::default()
            })
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .fold(
            Vec::new(),
            |mut all: Vec<dossier_store::QuoteRow>, quote| {
                if !all.iter().any(|q| q.doc == quote.doc && q.idx == quote.idx) {
                    all.push(quote);
                }
                all
            },
        );
    let mut out = std::io::stdout().lock();
    if args.json {
        let record: serde_json::Value =
            serde_json::from_str(&row.record).unwrap_or(serde_json::Value::Null);
        let value = json!({
            "entity": record, "mentions": mentions, "events": events, "quotes": quotes,
            "decisions": store.link_decisions(&row.name)?,
        });
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}){}",
        row.name,
        row.kind,
        row.code
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default()
    )?;
    writeln!(out, "  id: {}", row.id)?;
    if let Some(country) = &row.country {
        writeln!(out, "  country: {country}")?;
    }
    writeln!(out, "  aliases: {}", row.aliases.join(", "))?;
    if !row.roles.is_empty() {
        writeln!(out, "  roles:")?;
        let mut roles = row.roles.clone();
        roles.sort_by(|a, b| a.as_of.cmp(&b.as_of));
        for role in &roles {
            let source = match (&role.doc, role.source.as_str()) {
                (Some(doc), _) => titles
                    .get(doc)
                    .and_then(|(outlet, title)| {
                        Some(format!(
                            "{} “{}”",
                            outlet.as_deref().unwrap_or("-"),
                            title.as_deref()?
                        ))
                    })
                    .unwrap_or_else(|| doc.clone()),
                (None, source) => source.to_string(),
            };
            writeln!(
                out,
                "    {}  {}{}{}{}  ({source})",
                role.as_of.as_deref().unwrap_or("----------"),
                if role.former { "former " } else { "" },
                role.title,
                role.organization
                    .as_deref()
                    .map(|o| format!(", {o}"))
                    .unwrap_or_default(),
                role.country
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
            )?;
        }
    }
    writeln!(out, "  documents ({}):", documents.len())?;
    for doc in &documents {
        let (outlet, title) = titles.get(*doc).cloned().unwrap_or((None, None));
        writeln!(
            out,
            "    {doc}  {}  {}",
            outlet.as_deref().unwrap_or("-"),
            title.as_deref().unwrap_or("(untitled)")
        )?;
    }
    writeln!(out, "  events ({}):", events.len())?;
    for event in &events {
        writeln!(
            out,
            "    {}  {} [{}]",
            event.date.as_deref().unwrap_or("undated"),
            event.label,
            event.modality
        )?;
    }
    writeln!(out, "  quotes ({}):", quotes.len())?;
    for quote in &quotes {
        writeln!(
            out,
            "    {}  ({}) {}",
            quote.published.as_deref().unwrap_or("----------"),
            quote.kind,
            crate::present::clip(&quote.text.replace('\n', " "), 160)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn network(
    db: &Path,
    kb_files: &[PathBuf],
    args: NetworkArgs,
) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let docs = load_docs(&store)?;
    let linker = Linker::new(crate::kb::knowledge_base(kb_files)?);
    let linked = linker.link(&docs);
    let network = dossier_link::network(&linked, &docs);
    let text = match args.format {
        NetworkFormat::Json => network.to_json(),
        NetworkFormat::Graphml => network.to_graphml(),
        NetworkFormat::Dot => network.to_dot(),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
