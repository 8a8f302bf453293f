//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over hashed features.
//!
//! Each word is tagged from its own form, lowercase form, shape, prefixes and suffixes, the
//! words two to either side, and the two tags already chosen to its left (Collins 2002;
//! the feature set follows Honnibal's well-known 200-line tagger, plus shapes and flags).

use dossier_core::{Annotator, Doc, Layer, Upos};

use crate::clusters::Clusters;
use crate::feat::{flag, Fx, TokFeat};
use crate::model::{argmax, Reader, Trainer, Weights, Writer};
use crate::ModelError;

/// Number of tags: the 17 UPOS tags.
pub const N_TAGS: usize = 17;
/// Pseudo-tag for "before the sentence start".
const START: u64 = 100;

/// Kind string stored in the model file.
const KIND: &str = "pos";

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

/// Writes the features of word `i` into `out`, given the two previous tags.
pub(crate) fn features(toks: &[TokFeat], i: usize, prev: u64, prev2: u64, out: &mut Vec<u64>) {
    out.clear();
    let w0 = tok_at(toks, i, 0);
    let wm1 = tok_at(toks, i, -1);
    let wm2 = tok_at(toks, i, -2);
    let wp1 = tok_at(toks, i, 1);
    let wp2 = tok_at(toks, i, 2);
    let f = |t: u32| Fx::new(t);
    out.push(f(1).finish());
    out.push(f(2).add(w0.lower).finish());
    out.push(f(3).add(w0.form).finish());
    out.push(f(4).add(wm1.lower).finish());
    out.push(f(5).add(wp1.lower).finish());
    out.push(f(6).add(wm2.lower).finish());
    out.push(f(7).add(wp2.lower).finish());
    for k in 0..4 {
        out.push(f(8 + k as u32).add(w0.suffix[k]).finish());
    }
    for k in 0..3 {
        out.push(f(12 + k as u32).add(w0.prefix[k]).finish());
    }
    out.push(f(15).add(w0.shape).finish());
    out.push(f(16).add(w0.short_shape).finish());
    out.push(f(17).add(prev).finish());
    out.push(f(18).add(prev).add(prev2).finish());
    out.push(f(19).add(prev).add(w0.lower).finish());
    out.push(f(20).add(wm1.suffix[2]).finish());
    out.push(f(21).add(wp1.suffix[2]).finish());
    out.push(f(22).add(wm1.lower).add(w0.lower).finish());
    out.push(f(23).add(w0.lower).add(wp1.lower).finish());
    out.push(f(24).add(u64::from(w0.flags)).finish());
    out.push(
        f(25)
            .add(wm1.short_shape)
            .add(w0.short_shape)
            .add(wp1.short_shape)
            .finish(),
    );
    out.push(
        f(26)
            .add((i == 0) as u64)
            .add(w0.init_cap() as u64)
            .finish(),
    );
    out.push(f(27).add(prev).add(w0.suffix[2]).finish());
    out.push(f(28).add(wp1.shape).finish());
    out.push(f(29).add(prev).add(wp1.lower).finish());
    out.push(f(30).add(wp1.suffix[0]).add(w0.suffix[1]).finish());
    if w0.cluster[0] != 0 || wp1.cluster[0] != 0 || wm1.cluster[0] != 0 {
        out.push(f(31).add(w0.cluster[0]).finish());
        out.push(f(32).add(w0.cluster[1]).finish());
        out.push(f(33).add(w0.cluster[2]).finish());
        out.push(f(34).add(wm1.cluster[1]).finish());
        out.push(f(35).add(wp1.cluster[1]).finish());
        out.push(f(36).add(prev).add(w0.cluster[1]).finish());
        out.push(f(37).add(w0.cluster[2]).add(w0.suffix[2]).finish());
    }
    // The function-word bit is left out here: the tagger was trained before that list existed.
    let gaz = w0.gaz & !crate::gaz::FUNCTION_WORD;
    if gaz != 0 {
        out.push(f(39).add(u64::from(gaz)).finish());
    }
    // Ambiguity classes (the tags a word took in training) look ahead where tags are unknown.
    out.push(f(40).add(w0.amb).finish());
    out.push(f(41).add(wp1.amb).finish());
    out.push(f(42).add(wp2.amb).finish());
    out.push(f(43).add(prev).add(wp1.amb).finish());
    out.push(f(44).add(w0.amb).add(wp1.amb).finish());
    out.push(f(45).add(wm1.amb).add(w0.amb).finish());
    if w0.case_prior != 0 {
        out.push(
            f(38)
                .add(w0.case_prior)
                .add(u64::from(w0.flags & 7))
                .add((i == 0) as u64)
                .finish(),
        );
    }
}

/// Reusable buffers for tagging one sentence.
#[derive(Default)]
pub(crate) struct Scratch {
    pub toks: Vec<TokFeat>,
    pub feats: Vec<u64>,
    pub tags: Vec<u8>,
}

impl PosTagger {
    /// Reads a tagger from model-file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<PosTagger, ModelError> {
        let mut reader = Reader::new(bytes)?;
        let kind = reader.str()?;
        if kind != KIND {
            return Err(ModelError::Format(format!(
                "expected a pos model, found '{kind}'"
            )));
        }
        let weights = reader.weights()?;
        if weights.n_classes() != N_TAGS {
            return Err(ModelError::Format(
                "pos model has the wrong tag count".into(),
            ));
        }
        let clusters = Clusters::read(&mut reader)?;
        let lexicon = Lexicon {
            table: reader.weights()?,
        };
        Ok(PosTagger {
            weights,
            clusters,
            lexicon,
            shortcut: true,
        })
    }

    /// The model-file bytes of this tagger.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::new();
        writer.str(KIND);
        writer.weights(&self.weights);
        self.clusters.write(&mut writer);
        writer.weights(&self.lexicon.table);
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
        }
    }

    /// This tagger with the shortcut for words of one tag on or off (on for models read from
    /// files); off scores every word, which measures what the shortcut changes.
    pub fn with_shortcut(mut self, on: bool) -> PosTagger {
        self.shortcut = on;
        self
    }

    /// Number of feature rows in the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_rows()
    }

    /// Tags `scratch.toks` into `scratch.tags` (indices into [`Upos::ALL`]).
    /// The word clusters the tagger reads.
    pub(crate) fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    pub(crate) fn tag_scratch(&self, scratch: &mut Scratch) {
        let Scratch { toks, feats, tags } = scratch;
        self.clusters.fill(toks);
        self.lexicon.fill(toks);
        tags.clear();
        let mut scores = [0i32; N_TAGS];
        let (mut prev, mut prev2) = (START, START);
        for i in 0..toks.len() {
            let only = toks.get(i).and_then(|t| self.known_tag(t));
            let best = match only {
                Some(tag) => tag,
                None => {
                    features(toks, i, prev, prev2, feats);
                    self.weights.score(feats, &mut scores);
                    argmax(&scores, None)
                }
            };
            tags.push(best as u8);
            prev2 = prev;
            prev = best as u64;
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
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let guess = argmax(&scores, None);
                let truth = gold.get(i).copied().unwrap_or(16) as usize;
                trainer.update(truth, guess, &feats);
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
        .unwrap_or(16) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

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
