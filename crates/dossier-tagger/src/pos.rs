//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over hashed features.
//!
//! Each word is tagged from its own form, lowercase form, shape, prefixes and suffixes, the
//! words two to either side, and the two tags already chosen to its left (Collins 2002;
//! the feature set follows Honnibal's well-known 200-line tagger, plus shapes and flags).
//!
//! A left-to-right tagger cannot see the tags of the words to its right. An optional second
//! pass (the reviser) tags again the words the first pass was least sure of (a small margin
//! between its best and second-best tag), from the same features plus the first pass's tags
//! of the word and the following words (they help tell "that" the subordinator from "that" the
//! determiner, or "like" the preposition from "like" the verb). It is trained on first-pass tags of the training sentences from taggers
//! trained on the other folds (jackknifing), so it learns from the errors it will meet.

use dossier_core::{Annotator, Doc, Layer, Upos};

use crate::clusters::Clusters;
use crate::feat::{flag, Fx, TokFeat};
use crate::model::{argmax, Reader, Trainer, Weights, Writer};
use crate::ModelError;

/// Number of tags: the 17 UPOS tags.
pub const N_TAGS: usize = 17;
/// Index of `X` (other) in [`Upos::ALL`], the tag of unknown tag names.
const X_TAG: u8 = 16;
/// Pseudo-tag for "before the sentence start".
const START: u64 = 100;

/// Kind string stored in the model file.
const KIND: &str = "pos";
/// Kind string of a model file with the second-pass reviser, stored after the lexicon.
const KIND_REVISE: &str = "pos+revise";
/// Template id of a word's shortcut context.
const WORD_CONTEXT: u32 = 830;
/// A word context enters the shortcut table when the tagger gave it one tag in at least this
/// share of at least this many scored occurrences (see [`crate::shortcut`]).
const WORD_SHORTCUT: (u32, f64) = (20, 0.999);
/// Pseudo-tag for "after the sentence end" (reviser features).
const END: u64 = 101;

/// The trained part-of-speech tagger.
#[derive(Debug, Clone)]
pub struct PosTagger {
    weights: Weights,
    clusters: Clusters,
    lexicon: Lexicon,
    /// Whether a closed-class word the training data only ever tagged one way (at least five
    /// times) takes that tag without scoring (true for a model read from a file; false while
    /// training).
    shortcut: bool,
    /// The second pass, if the model has one.
    reviser: Option<Reviser>,
    /// Tags taken without scoring for word forms the finished tagger (both passes) nearly
    /// always gives one tag (absent in files of the older formats; unused without `shortcut`).
    word_shortcuts: Option<crate::shortcut::Shortcuts>,
}

/// The shortcut context of word `t`, the first of its sentence when `first`: its exact form
/// and whether it opens the sentence (where capitals say less).
#[inline]
fn word_context(t: &TokFeat, first: bool) -> u64 {
    Fx::new(WORD_CONTEXT)
        .add(t.form)
        .add(u64::from(first))
        .key()
}

/// The second pass of the tagger (see the module documentation).
#[derive(Debug, Clone)]
struct Reviser {
    weights: Weights,
    /// Words whose first-pass margin is below this (in the first pass's score units) are
    /// tagged again.
    max_margin: i32,
}

/// The token at `i + offset`, or a padding token outside the sentence.
#[inline]
pub(crate) fn tok_at(toks: &[TokFeat], i: usize, offset: isize) -> TokFeat {
    let j = i as isize + offset;
    if j < 0 {
        TokFeat::pad(offset.unsigned_abs() as u64)
    } else {
        toks.get(j as usize)
            .copied()
            .unwrap_or_else(|| TokFeat::pad(100 + offset as u64))
    }
}

/// The five words around word `i`, padding tokens past either end of the sentence.
#[derive(Clone, Copy)]
pub(crate) struct Window {
    /// The word itself.
    pub w0: TokFeat,
    /// The word before it.
    pub wm1: TokFeat,
    /// The word two before it.
    pub wm2: TokFeat,
    /// The word after it.
    pub wp1: TokFeat,
    /// The word two after it.
    pub wp2: TokFeat,
}

impl Window {
    /// The window around word `i` of `toks`.
    #[inline]
    pub(crate) fn at(toks: &[TokFeat], i: usize) -> Window {
        Window {
            w0: tok_at(toks, i, 0),
            wm1: tok_at(toks, i, -1),
            wm2: tok_at(toks, i, -2),
            wp1: tok_at(toks, i, 1),
            wp2: tok_at(toks, i, 2),
        }
    }

    /// Appends the word templates the tagger and the recognizer share, each numbered within
    /// the caller's model by `f`: the bias (1), the word's lowercase (2) and written form (3),
    /// and the lowercase of the words before and after it (4, 5) and two away (6, 7).
    #[inline]
    pub(crate) fn push_words(&self, f: impl Fn(u32) -> Fx, out: &mut Vec<u64>) {
        out.push(f(1).key());
        out.push(f(2).add(self.w0.lower).key());
        out.push(f(3).add(self.w0.form).key());
        out.push(f(4).add(self.wm1.lower).key());
        out.push(f(5).add(self.wp1.lower).key());
        out.push(f(6).add(self.wm2.lower).key());
        out.push(f(7).add(self.wp2.lower).key());
    }
}

/// Writes the features of word `i` into `out`, given the two previous tags.
pub(crate) fn features(toks: &[TokFeat], i: usize, prev: u64, prev2: u64, out: &mut Vec<u64>) {
    out.clear();
    let window = Window::at(toks, i);
    let f = |t: u32| Fx::new(t);
    window.push_words(f, out);
    let Window {
        w0, wm1, wp1, wp2, ..
    } = window;
    for k in 0..4 {
        out.push(f(8 + k as u32).add(w0.suffix[k]).key());
    }
    for k in 0..3 {
        out.push(f(12 + k as u32).add(w0.prefix[k]).key());
    }
    out.push(f(15).add(w0.shape).key());
    out.push(f(16).add(w0.short_shape).key());
    out.push(f(17).add(prev).key());
    out.push(f(18).add(prev).add(prev2).key());
    out.push(f(19).add(prev).add(w0.lower).key());
    out.push(f(20).add(wm1.suffix[2]).key());
    out.push(f(21).add(wp1.suffix[2]).key());
    out.push(f(22).add(wm1.lower).add(w0.lower).key());
    out.push(f(23).add(w0.lower).add(wp1.lower).key());
    out.push(f(24).add(u64::from(w0.flags)).key());
    out.push(
        f(25)
            .add(wm1.short_shape)
            .add(w0.short_shape)
            .add(wp1.short_shape)
            .key(),
    );
    out.push(f(26).add((i == 0) as u64).add(w0.init_cap() as u64).key());
    out.push(f(27).add(prev).add(w0.suffix[2]).key());
    out.push(f(28).add(wp1.shape).key());
    out.push(f(29).add(prev).add(wp1.lower).key());
    out.push(f(30).add(wp1.suffix[0]).add(w0.suffix[1]).key());
    if w0.cluster[0] != 0 || wp1.cluster[0] != 0 || wm1.cluster[0] != 0 {
        out.push(f(31).add(w0.cluster[0]).key());
        out.push(f(32).add(w0.cluster[1]).key());
        out.push(f(33).add(w0.cluster[2]).key());
        out.push(f(34).add(wm1.cluster[1]).key());
        out.push(f(35).add(wp1.cluster[1]).key());
        out.push(f(36).add(prev).add(w0.cluster[1]).key());
        out.push(f(37).add(w0.cluster[2]).add(w0.suffix[2]).key());
    }
    // The function-word bit is left out here: the tagger was trained before that list existed.
    let gaz = w0.gaz & !crate::gaz::FUNCTION_WORD;
    if gaz != 0 {
        out.push(f(39).add(u64::from(gaz)).key());
    }
    // Ambiguity classes (the tags a word took in training) look ahead where tags are unknown.
    out.push(f(40).add(w0.amb).key());
    out.push(f(41).add(wp1.amb).key());
    out.push(f(42).add(wp2.amb).key());
    out.push(f(43).add(prev).add(wp1.amb).key());
    out.push(f(44).add(w0.amb).add(wp1.amb).key());
    out.push(f(45).add(wm1.amb).add(w0.amb).key());
    if w0.case_prior != 0 {
        out.push(
            f(38)
                .add(w0.case_prior)
                .add(u64::from(w0.flags & 7))
                .add((i == 0) as u64)
                .key(),
        );
    }
}

/// Features of word `i` for the reviser: the first pass's features (with the final tags to
/// the left) plus the first pass's tags `first` of the word and the words to its right, alone
/// and with the words, suffixes, ambiguity classes and clusters around them.
pub(crate) fn revise_features(
    toks: &[TokFeat],
    first: &[u8],
    tags: &[u8],
    i: usize,
    out: &mut Vec<u64>,
) {
    let left = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| tags.get(j))
            .map_or(START, |t| u64::from(*t))
    };
    let right = |k: usize| first.get(i + k).map_or(END, |t| u64::from(*t));
    let (l1, l2) = (left(1), left(2));
    features(toks, i, l1, l2, out);
    let (t0, r1, r2, r3) = (right(0), right(1), right(2), right(3));
    let Window {
        w0, wm1, wp1, wp2, ..
    } = Window::at(toks, i);
    let f = |t: u32| Fx::new(500 + t);
    out.push(f(0).key());
    out.push(f(1).add(t0).key());
    out.push(f(2).add(w0.lower).key());
    out.push(f(3).add(w0.lower).add(t0).key());
    out.push(f(4).add(r1).key());
    out.push(f(5).add(r1).add(r2).key());
    out.push(f(6).add(l1).add(r1).key());
    out.push(f(7).add(l1).add(r1).add(t0).key());
    out.push(f(8).add(w0.lower).add(r1).key());
    out.push(f(9).add(w0.lower).add(l1).key());
    out.push(f(10).add(w0.suffix[2]).add(r1).key());
    out.push(f(11).add(w0.suffix[2]).add(l1).add(r1).key());
    out.push(f(12).add(wp1.lower).add(r1).key());
    out.push(f(13).add(w0.lower).add(wp1.lower).key());
    out.push(f(14).add(w0.amb).add(r1).key());
    out.push(f(15).add(w0.amb).add(l1).add(r1).key());
    out.push(f(16).add(w0.shape).add(r1).key());
    out.push(f(17).add(l1).add(l2).add(t0).key());
    out.push(f(18).add(r1).add(r2).add(t0).key());
    out.push(f(19).add(w0.cluster[1]).add(r1).key());
    out.push(f(20).add(wm1.lower).add(w0.lower).key());
    out.push(f(21).add(r1).add(wp2.lower).key());
    out.push(
        f(22)
            .add((i == 0) as u64)
            .add(w0.init_cap() as u64)
            .add(r1)
            .key(),
    );
    out.push(f(23).add(l1).add(w0.suffix[2]).key());
    out.push(f(24).add(w0.lower).add(r1).add(r2).key());
    out.push(f(25).add(w0.amb).add(t0).key());
    out.push(f(26).add(l1).add(w0.lower).add(r1).key());
    out.push(f(27).add(wp1.suffix[2]).add(r1).add(t0).key());
    out.push(f(28).add(r1).add(r2).add(r3).key());
    out.push(f(29).add(wp1.amb).add(r1).add(t0).key());
    out.push(f(30).add(w0.suffix[1]).add(r1).add(r2).key());
    out.push(f(31).add(wp1.lower).add(wp2.lower).add(r2).key());
    out.push(f(32).add(w0.cluster[2]).add(r1).add(l1).key());
    out.push(f(33).add(w0.lower).add(t0).add(r1).key());
}

/// Best minus second-best of `scores`, where `best` is the best.
#[inline]
fn margin(scores: &[i32; N_TAGS], best: usize) -> i32 {
    let second = scores
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != best)
        .map(|(_, s)| *s)
        .max()
        .unwrap_or(i32::MIN);
    scores
        .get(best)
        .copied()
        .unwrap_or(0)
        .saturating_sub(second)
}

/// Reusable buffers for tagging one sentence.
#[derive(Default)]
pub(crate) struct Scratch {
    pub toks: Vec<TokFeat>,
    pub feats: Vec<u64>,
    pub tags: Vec<u8>,
    /// First-pass tags (kept while the reviser rewrites `tags`).
    pub first: Vec<u8>,
    /// First-pass margin of each word (`i32::MAX` for words tagged without scoring).
    pub margins: Vec<i32>,
    /// Record the words the first pass scored in `decisions` (to learn shortcuts from).
    pub record_decisions: bool,
    /// Scored words: (index in the sentence, shortcut context); their tags are in `tags`.
    pub decisions: Vec<(usize, u64)>,
}

impl PosTagger {
    /// Reads a tagger from model-file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<PosTagger, ModelError> {
        let mut reader = Reader::new(bytes)?;
        let full_kind = reader.str()?;
        let (kind, has_shortcuts) = crate::shortcut::split_kind(&full_kind);
        if kind != KIND && kind != KIND_REVISE {
            return Err(ModelError::Format(format!(
                "expected a pos model, found '{full_kind}'"
            )));
        }
        let weights = reader.template_weights()?;
        if weights.n_classes() != N_TAGS {
            return Err(ModelError::Format(
                "pos model has the wrong tag count".into(),
            ));
        }
        let clusters = Clusters::read(&mut reader)?;
        let lexicon = Lexicon {
            table: reader.weights()?,
        };
        let reviser = if kind == KIND_REVISE {
            let weights = reader.template_weights()?;
            if weights.n_classes() != N_TAGS {
                return Err(ModelError::Format(
                    "pos reviser has the wrong tag count".into(),
                ));
            }
            let max_margin = i32::try_from(reader.u32()?)
                .map_err(|_| ModelError::Format("pos reviser has an out-of-range margin".into()))?;
            Some(Reviser {
                weights,
                max_margin,
            })
        } else {
            None
        };
        let word_shortcuts = if has_shortcuts {
            Some(crate::shortcut::Shortcuts::read(&mut reader)?)
        } else {
            None
        };
        Ok(PosTagger {
            weights,
            clusters,
            lexicon,
            shortcut: true,
            reviser,
            word_shortcuts,
        })
    }

    /// The model-file bytes of this tagger.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::new();
        let kind = if self.reviser.is_some() {
            KIND_REVISE
        } else {
            KIND
        };
        writer.str(&crate::shortcut::join_kind(
            kind,
            self.word_shortcuts.is_some(),
        ));
        writer.weights(&self.weights);
        self.clusters.write(&mut writer);
        writer.weights(&self.lexicon.table);
        if let Some(reviser) = &self.reviser {
            writer.weights(&reviser.weights);
            // Margins are never negative (best minus second best), nor is a bound on them.
            writer.u32(u32::try_from(reviser.max_margin).unwrap_or(0));
        }
        if let Some(table) = &self.word_shortcuts {
            table.write(&mut writer);
        }
        writer.into_bytes()
    }

    pub(crate) fn from_weights(
        weights: Weights,
        clusters: Clusters,
        lexicon: Lexicon,
    ) -> PosTagger {
        PosTagger {
            weights,
            clusters,
            lexicon,
            shortcut: false,
            reviser: None,
            word_shortcuts: None,
        }
    }

    /// This tagger with word shortcuts learned from its own tags (both passes) of the words of
    /// `sentences` (see [`crate::shortcut`]): a word form, at the start of a sentence or not,
    /// scored at least 20 times there, always with one tag (99.9% of them).
    pub fn with_word_shortcuts(&self, sentences: &[crate::corpus::Sentence]) -> PosTagger {
        let plain = self.without_word_shortcuts();
        let mut tally = crate::shortcut::Tally::default();
        let mut scratch = Scratch {
            record_decisions: true,
            ..Scratch::default()
        };
        for sentence in sentences {
            plain.tag_into(&sentence.words, &mut scratch);
            for &(i, key) in &scratch.decisions {
                if let Some(tag) = scratch.tags.get(i) {
                    tally.add(key, *tag);
                }
            }
        }
        PosTagger {
            word_shortcuts: Some(tally.table(WORD_SHORTCUT.0, WORD_SHORTCUT.1, N_TAGS)),
            ..self.clone()
        }
    }

    /// This tagger without its word shortcuts.
    pub fn without_word_shortcuts(&self) -> PosTagger {
        PosTagger {
            word_shortcuts: None,
            ..self.clone()
        }
    }

    /// Number of word contexts in the shortcut table, if the model has one.
    pub fn word_shortcut_contexts(&self) -> Option<usize> {
        self.word_shortcuts
            .as_ref()
            .map(crate::shortcut::Shortcuts::len)
    }

    /// This tagger without its second pass (the first pass alone).
    pub fn without_reviser(&self) -> PosTagger {
        PosTagger {
            reviser: None,
            ..self.clone()
        }
    }

    /// Whether the tagger has a second pass.
    pub fn has_reviser(&self) -> bool {
        self.reviser.is_some()
    }

    /// This tagger with the shortcut for words of one tag on or off (on for models read from
    /// files); off scores every word, which measures what the shortcut changes.
    pub fn with_shortcut(mut self, on: bool) -> PosTagger {
        self.shortcut = on;
        self
    }

    /// Number of feature rows in the model (both passes).
    pub fn n_features(&self) -> usize {
        self.weights.n_rows() + self.reviser.as_ref().map_or(0, |r| r.weights.n_rows())
    }

    /// Tags `scratch.toks` into `scratch.tags` (indices into [`Upos::ALL`]).
    /// The word clusters the tagger reads.
    pub(crate) fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    pub(crate) fn tag_scratch(&self, scratch: &mut Scratch) {
        let Scratch {
            toks,
            feats,
            tags,
            first,
            margins,
            record_decisions,
            decisions,
        } = scratch;
        self.clusters.fill(toks);
        self.lexicon.fill(toks);
        tags.clear();
        margins.clear();
        decisions.clear();
        let words = match &self.word_shortcuts {
            Some(table) if self.shortcut => Some(table),
            _ => None,
        };
        let mut scores = [0i32; N_TAGS];
        let (mut prev, mut prev2) = (START, START);
        for i in 0..toks.len() {
            let Some(t) = toks.get(i) else { break };
            let only = self.known_tag(t).or_else(|| {
                let tag = usize::from(words?.get(word_context(t, i == 0))?);
                (tag < N_TAGS).then_some(tag)
            });
            let best = match only {
                Some(tag) => {
                    margins.push(i32::MAX);
                    tag
                }
                None => {
                    if *record_decisions {
                        decisions.push((i, word_context(t, i == 0)));
                    }
                    features(toks, i, prev, prev2, feats);
                    self.weights.score(feats, &mut scores);
                    let best = argmax(&scores, None);
                    margins.push(margin(&scores, best));
                    best
                }
            };
            tags.push(best as u8);
            prev2 = prev;
            prev = best as u64;
        }
        if let Some(reviser) = &self.reviser {
            first.clear();
            first.extend_from_slice(tags);
            for (i, m) in margins.iter().enumerate() {
                if *m >= reviser.max_margin {
                    continue;
                }
                revise_features(toks, first, tags, i, feats);
                reviser.weights.score(feats, &mut scores);
                if let Some(tag) = tags.get_mut(i) {
                    *tag = argmax(&scores, None) as u8;
                }
            }
        }
    }

    /// The tag word `t` takes without scoring, if the shortcut applies to it: a closed-class
    /// word of one tag ([`only_tag`]) not written in capitals (an all-capitals form, "WHO",
    /// may be an acronym rather than the lowercase word).
    #[inline]
    fn known_tag(&self, t: &TokFeat) -> Option<usize> {
        if !self.shortcut || (t.flags & flag::ALL_CAPS != 0 && t.len >= 2) {
            return None;
        }
        only_tag(t.amb)
    }

    /// Tags one sentence of `words` into `scratch` (its token features and tag indices).
    pub(crate) fn tag_into<S: AsRef<str>>(&self, words: &[S], scratch: &mut Scratch) {
        scratch.toks.clear();
        scratch
            .toks
            .extend(words.iter().map(|w| TokFeat::new(w.as_ref())));
        self.tag_scratch(scratch);
    }

    /// Tags one sentence of words.
    pub fn tag_words(&self, words: &[&str]) -> Vec<Upos> {
        let mut scratch = Scratch::default();
        self.tag_into(words, &mut scratch);
        scratch
            .tags
            .iter()
            .map(|t| Upos::ALL.get(*t as usize).copied().unwrap_or(Upos::X))
            .collect()
    }
}

impl Annotator for PosTagger {
    fn name(&self) -> &'static str {
        "pos"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Pos]
    }

    fn annotate(&self, doc: &mut Doc) {
        self.annotate_toks(doc, &crate::DocToks::of(doc), &mut Scratch::default());
    }
}

impl PosTagger {
    /// Tags `doc`, whose token features are `toks`.
    pub(crate) fn annotate_toks(
        &self,
        doc: &mut Doc,
        toks: &crate::DocToks,
        scratch: &mut Scratch,
    ) {
        for range in &toks.ranges {
            scratch.toks.clear();
            scratch.toks.extend_from_slice(toks.sentence(range));
            self.tag_scratch(scratch);
            if let Some(tokens) = doc.tokens.get_mut(range.clone()) {
                for (token, tag) in tokens.iter_mut().zip(&scratch.tags) {
                    token.pos = Upos::ALL.get(*tag as usize).copied();
                }
            }
        }
    }
}

/// Trains a tagger on `train` (words and UPOS tags) for `epochs` epochs, keeping the epoch
/// that tags `dev` best; returns the tagger and the per-epoch dev accuracies.
pub(crate) fn train(
    train: &[crate::corpus::Sentence],
    dev: &[crate::corpus::Sentence],
    epochs: usize,
    seed: u64,
    prune: f32,
    clusters: &Clusters,
) -> (PosTagger, Vec<f64>) {
    let lexicon = Lexicon::learn(train);
    let encoded: Vec<(Vec<TokFeat>, Vec<u8>)> = train
        .iter()
        .map(|s| {
            let mut toks: Vec<TokFeat> = s.words.iter().map(|w| TokFeat::new(w)).collect();
            clusters.fill(&mut toks);
            lexicon.fill(&mut toks);
            let tags = s.tags.iter().map(|t| upos_index(t)).collect();
            (toks, tags)
        })
        .collect();
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    let mut rng = crate::model::Rng::new(seed);
    let mut trainer = Trainer::new(N_TAGS);
    let mut feats = Vec::new();
    let mut scores = [0f32; N_TAGS];
    let mut best: Option<(f64, PosTagger)> = None;
    let mut history = Vec::new();
    for _epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (toks, gold) = &encoded[s];
            let (mut prev, mut prev2) = (START, START);
            for i in 0..toks.len() {
                features(toks, i, prev, prev2, &mut feats);
                let truth = gold.get(i).copied().unwrap_or(X_TAG) as usize;
                let guess = trainer.learn(truth, &feats, &mut scores);
                prev2 = prev;
                prev = guess as u64;
            }
        }
        let tagger =
            PosTagger::from_weights(trainer.finish(prune), clusters.clone(), lexicon.clone());
        let acc = crate::eval::pos_accuracy(&tagger, dev).accuracy;
        history.push(acc);
        if best.as_ref().is_none_or(|(b, _)| acc > *b) {
            best = Some((acc, tagger));
        }
    }
    let tagger = match best {
        Some((_, tagger)) => tagger,
        None => PosTagger::from_weights(trainer.finish(prune), clusters.clone(), lexicon.clone()),
    };
    (tagger, history)
}

/// Passes of the reviser over the training words (the best on dev is kept).
pub const REVISE_EPOCHS: usize = 16;

/// Shares (percent) of the scored dev words, least sure first, that the reviser may tag
/// again, tried smallest first (see [`train_reviser`]).
const REVISED_SHARES: [usize; 6] = [5, 10, 15, 25, 50, 100];

/// A sentence as a first pass tagged it: token features (clusters and ambiguity classes
/// filled), tags and margins (see [`Scratch`]).
#[derive(Default)]
pub(crate) struct FirstPass {
    /// Token features.
    pub toks: Vec<TokFeat>,
    /// Tag indices into [`Upos::ALL`].
    pub tags: Vec<u8>,
    /// Margins (`i32::MAX` for words tagged without scoring).
    pub margins: Vec<i32>,
}

/// How first passes are trained ([`train`]'s settings): one value for the fold taggers, the
/// reviser and the parser's training, which must all train them alike.
#[derive(Clone, Copy)]
pub(crate) struct FirstPassRecipe<'a> {
    /// Passes over the training sentences (the best on dev is kept).
    pub epochs: usize,
    /// Seed of the sentence order.
    pub seed: u64,
    /// Rows whose largest averaged weight is below this are dropped.
    pub prune: f32,
    /// Word clusters.
    pub clusters: &'a Clusters,
}

impl FirstPassRecipe<'_> {
    /// A first pass trained on `train_s`, selected on `dev`, with its per-epoch dev accuracy.
    pub(crate) fn train(
        &self,
        train_s: &[crate::corpus::Sentence],
        dev: &[crate::corpus::Sentence],
    ) -> (PosTagger, Vec<f64>) {
        train(
            train_s,
            dev,
            self.epochs,
            self.seed,
            self.prune,
            self.clusters,
        )
    }
}

/// Each sentence of `train_s` tagged by a first pass trained by `recipe` (selecting on `dev`)
/// on the other `folds` folds, sentence `i` being in fold `i % folds`: tags of the kind a
/// tagger makes on text it has not seen, for training what reads them. `shortcut` as in
/// [`PosTagger::with_shortcut`]; `on_fold` is called after each fold.
pub(crate) fn jackknifed(
    train_s: &[crate::corpus::Sentence],
    dev: &[crate::corpus::Sentence],
    folds: usize,
    recipe: FirstPassRecipe,
    shortcut: bool,
    mut on_fold: impl FnMut(usize),
) -> Vec<FirstPass> {
    let folds = folds.max(2);
    let mut out: Vec<FirstPass> = (0..train_s.len()).map(|_| FirstPass::default()).collect();
    let mut scratch = Scratch::default();
    for fold in 0..folds {
        let rest: Vec<crate::corpus::Sentence> = train_s
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let tagger = recipe.train(&rest, dev).0.with_shortcut(shortcut);
        for (sentence, tagged) in train_s
            .iter()
            .zip(out.iter_mut())
            .enumerate()
            .filter(|(i, _)| i % folds == fold)
            .map(|(_, pair)| pair)
        {
            tagger.tag_into(&sentence.words, &mut scratch);
            *tagged = FirstPass {
                toks: scratch.toks.clone(),
                tags: scratch.tags.clone(),
                margins: scratch.margins.clone(),
            };
        }
        on_fold(fold);
    }
    out
}

/// Adds a second pass (see the module documentation) to `tagger`, a first pass trained on
/// `train` by `recipe` (whose seed and pruning the reviser's training uses too). The first-pass tags of the
/// training sentences come from `folds` taggers, each trained on the other folds, with the
/// shortcut on as shipped; their token features keep that fold tagger's ambiguity classes,
/// which, like the tags, were learned without the sentence. The reviser learns from every
/// scored word, though it only revises the least sure (training on those alone did worse). The
/// reviser's epoch is chosen on `dev` by accuracy, revising the least sure 15% of the words,
/// then the smallest share of words that tags within 0.02 points of the best share. `log`
/// gets each epoch's dev accuracy (epoch, share 15), then each share's (`REVISE_EPOCHS`,
/// share). Returns the tagger and the per-epoch dev accuracies.
pub(crate) fn train_reviser(
    tagger: &PosTagger,
    train_s: &[crate::corpus::Sentence],
    dev: &[crate::corpus::Sentence],
    folds: usize,
    recipe: FirstPassRecipe,
    mut log: impl FnMut(usize, usize, f64),
) -> (PosTagger, Vec<f64>) {
    let FirstPassRecipe { seed, prune, .. } = recipe;
    // Tagged as the shipped first pass tags: with the shortcut.
    let jackknifed = jackknifed(train_s, dev, folds, recipe, true, |_| {});
    let gold: Vec<Vec<u8>> = train_s
        .iter()
        .map(|s| s.tags.iter().map(|t| upos_index(t)).collect())
        .collect();
    // Margins of the shipped first pass on dev, for the shares of words revised.
    let first_pass = tagger.without_reviser().with_shortcut(true);
    let mut dev_margins: Vec<i32> = Vec::new();
    let mut scratch = Scratch::default();
    for sentence in dev {
        first_pass.tag_into(&sentence.words, &mut scratch);
        dev_margins.extend(scratch.margins.iter().filter(|m| **m != i32::MAX));
    }
    dev_margins.sort_unstable();
    let share_margin = |share: usize| -> i32 {
        if share >= 100 {
            i32::MAX
        } else {
            dev_margins
                .get(dev_margins.len() * share / 100)
                .copied()
                .unwrap_or(i32::MAX)
        }
    };
    let with = |weights: Weights, max_margin: i32| PosTagger {
        reviser: Some(Reviser {
            weights,
            max_margin,
        }),
        ..first_pass.clone()
    };
    let mut trainer = Trainer::new(N_TAGS);
    let mut order: Vec<usize> = (0..jackknifed.len()).collect();
    let mut rng = crate::model::Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = [0f32; N_TAGS];
    let mut best: Option<(f64, Weights)> = None;
    let mut curve = Vec::new();
    for epoch in 0..REVISE_EPOCHS {
        rng.shuffle(&mut order);
        for &s in &order {
            let (first, gold) = (&jackknifed[s], &gold[s]);
            for (i, m) in first.margins.iter().enumerate() {
                if *m == i32::MAX {
                    continue;
                }
                // Training sees first-pass tags on both sides.
                revise_features(&first.toks, &first.tags, &first.tags, i, &mut feats);
                let truth = gold.get(i).copied().unwrap_or(X_TAG) as usize;
                trainer.learn(truth, &feats, &mut scores);
            }
        }
        let weights = trainer.finish(prune);
        let acc = crate::eval::pos_accuracy(&with(weights.clone(), share_margin(15)), dev).accuracy;
        log(epoch, 15, acc);
        curve.push(acc);
        if best.as_ref().is_none_or(|(b, _)| acc > *b) {
            best = Some((acc, weights));
        }
    }
    let Some((_, weights)) = best else {
        return (tagger.clone(), curve);
    };
    let scored: Vec<(usize, f64)> = REVISED_SHARES
        .iter()
        .map(|&share| {
            let acc = crate::eval::pos_accuracy(&with(weights.clone(), share_margin(share)), dev)
                .accuracy;
            log(REVISE_EPOCHS, share, acc);
            (share, acc)
        })
        .collect();
    let top = scored.iter().map(|(_, a)| *a).fold(f64::MIN, f64::max);
    let share = scored
        .iter()
        .find(|(_, a)| *a >= top - 0.02)
        .map_or(15, |(s, _)| *s);
    let revised = PosTagger {
        shortcut: tagger.shortcut,
        ..with(weights, share_margin(share))
    };
    (revised, curve)
}

/// The tags each frequent training word was seen with (its "ambiguity class").
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    /// Two `i16` columns per word: the low and high 16 bits of the tag mask.
    table: Weights,
}

impl Lexicon {
    /// Words seen fewer times than this get no class: for rare words the class would just
    /// repeat the training tag, which the model would learn to trust too much.
    const MIN_COUNT: u32 = 5;

    fn learn(train: &[crate::corpus::Sentence]) -> Lexicon {
        let mut masks: crate::model::KeyMap<(u32, u32)> = crate::model::KeyMap::default();
        for sentence in train {
            for (word, tag) in sentence.words.iter().zip(&sentence.tags) {
                let entry = masks.entry(crate::feat::lower_hash(word)).or_insert((0, 0));
                entry.0 |= 1 << upos_index(tag);
                entry.1 += 1;
            }
        }
        let mut rows: Vec<(u64, u32)> = masks
            .into_iter()
            .filter(|(_, (_, n))| *n >= Self::MIN_COUNT)
            .map(|(k, (m, _))| (k, m))
            .collect();
        rows.sort_unstable();
        let keys = rows.iter().map(|r| r.0).collect();
        let values = rows
            .iter()
            .flat_map(|r| [(r.1 & 0xFFFF) as u16 as i16, (r.1 >> 16) as u16 as i16])
            .collect();
        Lexicon {
            table: Weights::from_parts(2, 1.0, keys, values),
        }
    }

    /// Sets `amb` of every token (1 for words without a class).
    fn fill(&self, toks: &mut [TokFeat]) {
        for tok in toks {
            tok.amb = match self.table.row_of(tok.lower) {
                Some(&[lo, hi]) => 2 + (u64::from(lo as u16) | (u64::from(hi as u16) << 16)),
                _ => 1,
            };
        }
    }
}

/// The one tag of an ambiguity class ([`Lexicon::fill`]'s `amb`) that holds a single
/// closed-class tag (punctuation, determiners, pronouns, prepositions…): open-class words
/// seen with one tag in training still take others in new text, so they are always scored.
#[inline]
fn only_tag(amb: u64) -> Option<usize> {
    let mask = amb.checked_sub(2)?;
    if mask.count_ones() != 1 {
        return None;
    }
    let tag = mask.trailing_zeros() as usize;
    let closed = matches!(
        Upos::ALL.get(tag),
        Some(
            Upos::PUNCT
                | Upos::DET
                | Upos::ADP
                | Upos::PRON
                | Upos::CCONJ
                | Upos::SCONJ
                | Upos::AUX
                | Upos::PART
        )
    );
    closed.then_some(tag)
}

/// Index of a UPOS tag name in [`Upos::ALL`] (`X` for unknown names).
pub(crate) fn upos_index(tag: &str) -> u8 {
    Upos::parse(tag)
        .and_then(|u| Upos::ALL.iter().position(|x| *x == u))
        .map_or(X_TAG, |i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words scored and tags given by `tagger` to `words`.
    fn tag_counting(tagger: &PosTagger, words: &[&str]) -> (usize, Vec<u8>) {
        let mut scratch = Scratch {
            record_decisions: true,
            ..Scratch::default()
        };
        tagger.tag_into(words, &mut scratch);
        (scratch.decisions.len(), scratch.tags)
    }

    #[test]
    fn word_shortcuts_skip_scoring_and_survive_the_file() {
        let tagger = crate::Models::load_default()
            .expect("embedded models load")
            .pos;
        let n = tagger
            .word_shortcut_contexts()
            .expect("the shipped tagger has shortcuts");
        assert!(n > 0);
        let words = "The government said on Monday that the talks would continue next week ."
            .split(' ')
            .collect::<Vec<_>>();
        let plain = tagger.without_word_shortcuts();
        let (with_n, with_tags) = tag_counting(&tagger, &words);
        let (plain_n, plain_tags) = tag_counting(&plain, &words);
        assert!(
            with_n < plain_n,
            "{with_n} scored with shortcuts, {plain_n} without"
        );
        assert_eq!(with_tags, plain_tags);
        // Training-time tagging (no shortcut at all) scores every word.
        let (all_n, _) = tag_counting(&tagger.clone().with_shortcut(false), &words);
        assert_eq!(all_n, words.len());
        let read = PosTagger::from_bytes(&tagger.to_bytes()).expect("reads back");
        assert_eq!(read.word_shortcut_contexts(), Some(n));
        assert_eq!(tag_counting(&read, &words), (with_n, with_tags));
        let read = PosTagger::from_bytes(&plain.to_bytes()).expect("reads back");
        assert_eq!(read.word_shortcut_contexts(), None);
        let bytes = tagger.to_bytes();
        assert!(PosTagger::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn word_shortcuts_need_frequent_words_tagged_one_way() {
        let tagger = crate::Models::load_default()
            .expect("embedded models load")
            .pos
            .without_word_shortcuts();
        let text: Vec<_> = (0..25)
            .map(|_| {
                crate::corpus::Sentence::of_words(
                    "Officials said the ministry approved the plan .",
                    false,
                )
            })
            .collect();
        let learned = tagger.with_word_shortcuts(&text);
        assert!(learned.word_shortcut_contexts().is_some_and(|n| n > 0));
        let words: Vec<&str> = text[0].words.iter().map(String::as_str).collect();
        let (with_n, with_tags) = tag_counting(&learned, &words);
        let (plain_n, plain_tags) = tag_counting(&tagger, &words);
        assert!(with_n < plain_n);
        assert_eq!(with_tags, plain_tags);
        // Fewer than 20 occurrences (each word is here at most twice): nothing qualifies.
        let rare = tagger.with_word_shortcuts(&text[..9]);
        assert_eq!(rare.word_shortcut_contexts(), Some(0));
    }

    fn amb(tags: &[Upos]) -> u64 {
        let mask = tags.iter().fold(0u64, |m, t| {
            m | 1 << Upos::ALL.iter().position(|x| x == t).unwrap_or(16)
        });
        2 + mask
    }

    #[test]
    fn only_closed_class_words_of_one_tag_skip_scoring() {
        let punct = Upos::ALL.iter().position(|x| *x == Upos::PUNCT);
        assert_eq!(only_tag(amb(&[Upos::PUNCT])), punct);
        assert!(only_tag(amb(&[Upos::DET])).is_some());
        // Open classes are always scored, as are words of two tags and words of no class.
        assert_eq!(only_tag(amb(&[Upos::NOUN])), None);
        assert_eq!(only_tag(amb(&[Upos::DET, Upos::PRON])), None);
        assert_eq!(only_tag(1), None);
        assert_eq!(only_tag(0), None);
        assert_eq!(only_tag(2), None, "an empty class");
        assert_eq!(only_tag(amb(&[Upos::X])), None);
    }

    fn sentence(words: &str, tags: &str) -> crate::corpus::Sentence {
        crate::corpus::Sentence {
            words: words.split(' ').map(String::from).collect(),
            tags: tags.split(' ').map(String::from).collect(),
            ..Default::default()
        }
    }

    /// A few sentences in which "that" and "like" take the tag the next word decides.
    fn tiny_corpus() -> Vec<crate::corpus::Sentence> {
        let mut out = Vec::new();
        for _ in 0..6 {
            out.push(sentence(
                "I know that dogs bark .",
                "PRON VERB SCONJ NOUN VERB PUNCT",
            ));
            out.push(sentence("that dog barks .", "DET NOUN VERB PUNCT"));
            out.push(sentence("birds like seeds .", "NOUN VERB NOUN PUNCT"));
            out.push(sentence(
                "it flies like birds .",
                "PRON VERB ADP NOUN PUNCT",
            ));
        }
        out
    }

    fn empty_tagger() -> PosTagger {
        PosTagger::from_weights(
            Trainer::new(N_TAGS).finish(0.0),
            Clusters::default(),
            Lexicon::learn(&[]),
        )
    }

    #[test]
    fn reviser_survives_the_file_and_old_files_still_read() {
        let first = empty_tagger();
        let bytes = first.to_bytes();
        let read = PosTagger::from_bytes(&bytes).map(|t| t.has_reviser());
        assert!(matches!(read, Ok(false)), "{read:?}");
        let revised = PosTagger {
            reviser: Some(Reviser {
                weights: Trainer::new(N_TAGS).finish(0.0),
                max_margin: 1234,
            }),
            ..first
        };
        let bytes = revised.to_bytes();
        let back = PosTagger::from_bytes(&bytes).expect("reads back");
        assert_eq!(back.reviser.as_ref().map(|r| r.max_margin), Some(1234));
        assert_eq!(back.to_bytes(), bytes);
        assert!(!back.without_reviser().has_reviser());
        // A cut file is an error, not a panic.
        assert!(PosTagger::from_bytes(&bytes[..bytes.len() - 2]).is_err());
        // So is a reviser with the wrong number of tags.
        let wrong = PosTagger {
            reviser: Some(Reviser {
                weights: Trainer::new(N_TAGS - 1).finish(0.0),
                max_margin: 1,
            }),
            ..empty_tagger()
        };
        assert!(PosTagger::from_bytes(&wrong.to_bytes()).is_err());
    }

    #[test]
    fn the_reviser_reads_its_own_tags_to_the_left() {
        // Every first-pass tag is ADJ (no weights). The reviser says X at the sentence start
        // and after an X, ADJ otherwise (its bias): only a word whose left neighbour's
        // final tag is X becomes X, so all do only if revised tags flow to the right.
        let x = usize::from(X_TAG);
        let mut rows = Vec::new();
        let mut keys = Vec::new();
        for (key, tag, weight) in [
            (Fx::new(500).finish(), 0, 1),
            (Fx::new(17).add(START).finish(), x, 10),
            (Fx::new(17).add(u64::from(X_TAG)).finish(), x, 10),
        ] {
            let mut row = [0i16; N_TAGS];
            row[tag] = weight;
            keys.push(key);
            rows.push(row);
        }
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| keys[i]);
        let tagger = PosTagger {
            reviser: Some(Reviser {
                weights: Weights::with_template_keys(
                    N_TAGS,
                    1.0,
                    order.iter().map(|&i| keys[i]).collect(),
                    order.iter().flat_map(|&i| rows[i]).collect(),
                ),
                max_margin: i32::MAX,
            }),
            ..empty_tagger()
        };
        let tags = tagger.tag_words(&["birds", "eat", "seeds"]);
        assert_eq!(tags, [Upos::X, Upos::X, Upos::X]);
        assert_eq!(
            tagger
                .without_reviser()
                .tag_words(&["birds", "eat", "seeds"]),
            [Upos::ALL[0]; 3]
        );
    }

    #[test]
    fn reviser_features_see_first_pass_tags_to_the_right_and_final_tags_to_the_left() {
        let toks: Vec<TokFeat> = ["that", "dogs", "bark"]
            .iter()
            .map(|w| TokFeat::new(w))
            .collect();
        let tag = |u: Upos| Upos::ALL.iter().position(|x| *x == u).unwrap_or(16) as u8;
        let (det, sconj, noun, verb) = (
            tag(Upos::DET),
            tag(Upos::SCONJ),
            tag(Upos::NOUN),
            tag(Upos::VERB),
        );
        let feats = |first: &[u8], tags: &[u8], i: usize| {
            let mut out = Vec::new();
            revise_features(&toks, first, tags, i, &mut out);
            out
        };
        let a = feats(&[det, noun, verb], &[det, noun, verb], 0);
        assert_ne!(a, feats(&[det, verb, verb], &[det, noun, verb], 0));
        // Word 1's left tag is the final tag of word 0, not its first-pass tag.
        let b = feats(&[det, noun, verb], &[det, noun, verb], 1);
        assert_ne!(b, feats(&[det, noun, verb], &[sconj, noun, verb], 1));
        assert_eq!(b, feats(&[sconj, noun, verb], &[det, noun, verb], 1));
    }

    #[test]
    fn only_words_below_the_margin_are_revised() {
        let corpus = tiny_corpus();
        let (first, _) = train(&corpus, &corpus, 3, 1, 0.0, &Clusters::default());
        let first = first.with_shortcut(true);
        // A reviser that always says X, from its bias feature alone.
        let bias = Fx::new(500).finish();
        let mut row = [0i16; N_TAGS];
        row[16] = 1000;
        let always_x = |max_margin| PosTagger {
            reviser: Some(Reviser {
                weights: Weights::with_template_keys(N_TAGS, 1.0, vec![bias], row.to_vec()),
                max_margin,
            }),
            ..first.clone()
        };
        let words = ["birds", "like", "seeds", "."];
        let plain = first.tag_words(&words);
        assert_eq!(always_x(0).tag_words(&words), plain, "no margin is below 0");
        // Every scored word is revised; "." is tagged without scoring, so it keeps its tag.
        let all = always_x(i32::MAX).tag_words(&words);
        assert_eq!(all, [Upos::X, Upos::X, Upos::X, Upos::PUNCT]);
    }

    #[test]
    fn reviser_training_is_reproducible() {
        let corpus = tiny_corpus();
        let clusters = Clusters::default();
        let (first, _) = train(&corpus, &corpus, 3, 1, 0.0, &clusters);
        let run = || {
            let recipe = FirstPassRecipe {
                epochs: 3,
                seed: 1,
                prune: 0.0,
                clusters: &clusters,
            };
            train_reviser(&first, &corpus, &corpus, 2, recipe, |_, _, _| {})
        };
        let (a, _) = run();
        let (b, _) = run();
        assert!(
            a.n_features() > first.n_features(),
            "the reviser learned rows"
        );
        assert_eq!(a.to_bytes(), b.to_bytes());
    }

    #[test]
    fn an_acronym_of_a_closed_class_word_is_scored() {
        let tagger = crate::Models::load_default()
            .expect("embedded models load")
            .pos;
        // "who" is only ever a pronoun in training; "WHO" may be an organisation.
        let mut toks: Vec<TokFeat> = ["who", "WHO", "Who"]
            .iter()
            .map(|w| TokFeat::new(w))
            .collect();
        tagger.lexicon.fill(&mut toks);
        let pron = Upos::ALL.iter().position(|x| *x == Upos::PRON);
        assert_eq!(tagger.known_tag(&toks[0]), pron);
        assert_eq!(tagger.known_tag(&toks[1]), None);
        assert_eq!(tagger.known_tag(&toks[2]), pron);
        assert_eq!(
            tagger.clone().with_shortcut(false).known_tag(&toks[0]),
            None
        );
    }
}
