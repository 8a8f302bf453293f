//! The pipeline driver: the per-document stages in their order, run in parallel over documents.
//!
//! Reading and cleaning turn an input into docs; the annotators listed in [`Pipeline::new`]
//! then add their layers to each doc. The order is checked once, up front, with
//! [`dossier_core::check_pipeline`], so a stage never meets a doc without the layers it needs.

use anyhow::Context;
use dossier_core::{check_pipeline, Annotator, Doc, RawArticle};
use dossier_ingest::{InputItem, ReadOptions, SkipReason, Skipped};

/// The per-document annotation stages, in order.
pub(crate) struct Pipeline {
    stages: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    /// Every stage dossier has, loaded and checked.
    pub(crate) fn new() -> anyhow::Result<Pipeline> {
        let models =
            dossier_tagger::Models::load_default().context("cannot load the embedded models")?;
        let mut stages: Vec<Box<dyn Annotator>> =
            vec![Box::new(dossier_nlp::Segmenter), Box::new(models.pos)];
        if let Some(parser) = models.parser {
            stages.push(Box::new(parser));
        }
        if let Some(ner) = models.ner {
            stages.push(Box::new(ner));
        }
        stages.push(Box::new(dossier_time::TimeTagger));
        stages.push(Box::new(dossier_quotes::QuoteFinder));
        let refs: Vec<&dyn Annotator> = stages.iter().map(|stage| stage.as_ref()).collect();
        check_pipeline(&refs)
            .map_err(|err| anyhow::anyhow!("{err}"))
            .context("pipeline order")?;
        Ok(Pipeline { stages })
    }

    /// Names of the stages, in order.
    pub(crate) fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|stage| stage.name()).collect()
    }

    /// Runs every stage on `doc`.
    pub(crate) fn annotate(&self, doc: &mut Doc) {
        for stage in &self.stages {
            stage.annotate(doc);
        }
    }
}

/// What reading and cleaning one input gave.
pub(crate) struct ItemDocs {
    /// Cleaned docs.
    pub(crate) docs: Vec<Doc>,
    /// Articles or whole inputs that were skipped, with reasons.
    pub(crate) skipped: Vec<Skipped>,
    /// Things repaired or guessed on the way (decoding fallbacks, bad manifests).
    pub(crate) warnings: Vec<Skipped>,
}

/// Reads one input and cleans every article in it. Never fails: problems become `skipped`.
pub(crate) fn read_and_clean(item: &InputItem, options: &ReadOptions) -> ItemDocs {
    let outcome = dossier_ingest::read_item(item, options);
    let mut docs = Vec::with_capacity(outcome.articles.len());
    let mut skipped = outcome.skipped;
    for raw in outcome.articles {
        let source = raw.meta.source_path.clone();
        match clean_article(raw) {
            Ok(doc) => docs.push(doc),
            Err(reason) => skipped.push(Skipped { source, reason }),
        }
    }
    ItemDocs {
        docs,
        skipped,
        warnings: outcome.warnings,
    }
}

/// Cleans one raw article; an article with no text left is a skip reason, not an error.
pub(crate) fn clean_article(raw: RawArticle) -> Result<Doc, SkipReason> {
    dossier_clean::clean(raw).map_err(|err| match err {
        dossier_clean::CleanError::NoText => SkipReason::NoText,
        other => SkipReason::BadRecord {
            detail: other.to_string(),
        },
    })
}
