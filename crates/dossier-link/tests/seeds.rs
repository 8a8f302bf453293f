//! The seed story end to end: segmentation, tagging, parsing and NER on the five seed
//! articles of `../shared/corpus/seeds`, then linking, with the assertions of issue 6.
//! Skipped (passing) when the shared folder is absent; the articles are read at run time and
//! never copied into the repository.

use std::path::{Path, PathBuf};

use dossier_core::{Annotator, Doc, EntityKind, Meta};
use dossier_kb::KnowledgeBase;
use dossier_link::{Entity, Linker};

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

/// The seed files, annotated by the per-document stages.
fn seed_docs(dir: &Path) -> Vec<Doc> {
    let models = dossier_tagger::Models::load_default().unwrap();
    let mut stages: Vec<Box<dyn Annotator>> =
        vec![Box::new(dossier_nlp::Segmenter), Box::new(models.pos)];
    if let Some(parser) = models.parser {
        stages.push(Box::new(parser));
    }
    if let Some(ner) = models.ner {
        stages.push(Box::new(ner));
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let raw = std::fs::read_to_string(path).unwrap().replace("\r\n", "\n");
            let mut doc = Doc::new(Meta::default(), raw);
            for stage in &stages {
                stage.annotate(&mut doc);
            }
            doc
        })
        .collect()
}

fn person<'a>(entities: &'a [Entity], surname: &str) -> Vec<&'a Entity> {
    entities
        .iter()
        .filter(|e| {
            e.kind == EntityKind::Person
                && e.aliases
                    .iter()
                    .any(|a| dossier_kb::fold::fold(a).contains(surname))
        })
        .collect()
}

#[test]
fn seed_story_patrushev_and_stefanovic() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let dir = shared.join("corpus/seeds");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let docs = seed_docs(&dir);
    let linker = Linker::new(KnowledgeBase::shipped().unwrap());
    let linked = linker.link(&docs);
    for entity in linked
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
    {
        eprintln!(
            "{} | {} | {:?} | docs {} | mentions {} | roles {:?}",
            entity.id,
            entity.name,
            entity.aliases,
            entity.documents.len(),
            entity.mentions,
            entity
                .roles
                .iter()
                .map(|r| format!("{} ({:?}, {})", r.title, r.country, r.source))
                .collect::<Vec<_>>()
        );
    }
    // Every variant of Patrushev is one entity, in the four articles that name him.
    let patrushev = person(&linked.entities, "patrushev");
    assert_eq!(patrushev.len(), 1, "{patrushev:#?}");
    let patrushev = patrushev[0];
    assert_eq!(patrushev.id, "person:nikolai-patrushev");
    assert!(patrushev.documents.len() >= 3, "{:?}", patrushev.documents);
    assert!(
        patrushev
            .roles
            .iter()
            .any(|r| r.title == "Secretary of the Security Council"
                && r.country.as_deref() == Some("RUS")),
        "{:#?}",
        patrushev.roles
    );
    // They meet: the network joins them.
    let network = dossier_link::network(&linked, &docs);
    eprintln!(
        "network: {} nodes, {} edges",
        network.nodes.len(),
        network.edges.len()
    );
    assert!(network.edges.iter().any(|e| {
        e.source == "person:nebojsa-stefanovic" && e.target == "person:nikolai-patrushev"
    }));
    let stefanovic = person(&linked.entities, "stefanovic");
    assert_eq!(stefanovic.len(), 1, "{stefanovic:#?}");
    assert!(
        stefanovic[0]
            .roles
            .iter()
            .any(|r| r.title == "Interior Minister" && r.country.as_deref() == Some("SRB")),
        "{:#?}",
        stefanovic[0].roles
    );
}
