//! The annotation stage contract: what a stage reads, what it writes, and the pipeline check.
//!
//! Modelled on spaCy's `requires`/`assigns`: each stage names the layers of a [`Doc`] it needs
//! and the ones it fills, and [`check_pipeline`] tells, before any document is processed,
//! whether some stage needs a layer no earlier stage assigns.

use crate::Doc;

/// A layer of a [`Doc`] that a stage can read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// `text`, `paragraphs`, `removed`, `meta` (cleaning).
    Text,
    /// `sentences` (segmentation).
    Sentences,
    /// `tokens` spans and kinds (segmentation).
    Tokens,
    /// `tokens[..].pos` (tagging).
    Pos,
    /// `tokens[..].head` and `.dep` (parsing).
    Syntax,
    /// `mentions` (named-entity recognition).
    Mentions,
    /// `times` and `sentences[..].time_context` (time expressions).
    Times,
    /// `quotes` (attribution).
    Quotes,
}

/// One per-document annotation stage.
///
/// `annotate` never fails: what goes wrong is written to [`Doc::diagnostics`].
/// A stage reads only its own document (documents are annotated in parallel).
pub trait Annotator: Send + Sync {
    /// A short lowercase name ("segment", "tagger", "time").
    fn name(&self) -> &'static str;
    /// Layers this stage reads; they must be assigned by an earlier stage.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage fills.
    fn assigns(&self) -> &'static [Layer];
    /// Adds this stage's layers to `doc`.
    fn annotate(&self, doc: &mut Doc);
    /// Adds this stage's layers to each of `docs`. Each doc must get exactly what
    /// [`Annotator::annotate`] gives it alone; a stage overrides this to share work across the
    /// batch (the tagger computes each token's features once for its three models and runs
    /// each model over the whole batch before the next).
    fn annotate_batch(&self, docs: &mut [&mut Doc]) {
        for doc in docs.iter_mut() {
            self.annotate(doc);
        }
    }
}

/// A stage that needs a layer no earlier stage assigns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingLayer {
    /// The stage.
    pub stage: &'static str,
    /// The layer it needs.
    pub layer: Layer,
}

impl std::fmt::Display for MissingLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stage '{}' needs the {:?} layer, which no earlier stage assigns; add the stage that assigns it before '{}'",
            self.stage, self.layer, self.stage
        )
    }
}

/// Checks that every stage's requirements are assigned by an earlier stage
/// (cleaning, which assigns [`Layer::Text`], is assumed to run first).
pub fn check_pipeline(stages: &[&dyn Annotator]) -> Result<(), MissingLayer> {
    let mut assigned = vec![Layer::Text];
    for stage in stages {
        if let Some(layer) = stage
            .requires()
            .iter()
            .find(|layer| !assigned.contains(layer))
        {
            return Err(MissingLayer {
                stage: stage.name(),
                layer: *layer,
            });
        }
        assigned.extend_from_slice(stage.assigns());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, &'static [Layer], &'static [Layer]);

    impl Annotator for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn assigns(&self) -> &'static [Layer] {
            self.2
        }
        fn annotate(&self, _doc: &mut Doc) {}
    }

    #[test]
    fn pipeline_order_is_checked() {
        let segment = Fake(
            "segment",
            &[Layer::Text],
            &[Layer::Sentences, Layer::Tokens],
        );
        let time = Fake("time", &[Layer::Sentences], &[Layer::Times]);
        assert!(check_pipeline(&[&segment, &time]).is_ok());
        let err = check_pipeline(&[&time, &segment]).unwrap_err();
        assert_eq!(
            err,
            MissingLayer {
                stage: "time",
                layer: Layer::Sentences
            }
        );
        assert!(err.to_string().contains("no earlier stage"));
    }
}
