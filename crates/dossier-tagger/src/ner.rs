//! Named-entity recognizer: a greedy left-to-right averaged perceptron over BILOU tags.
//!
//! The design follows Ratinov & Roth (2009), "Design challenges and misconceptions in named
//! entity recognition": BILOU encoding (better than BIO for greedy decoding), a ±2 word window,
//! shapes and affixes, the two previous decisions, and non-local features that remember which
//! entity type each word was given earlier in the same document ("extended prediction
//! history"), so a name tagged PER once tends to be tagged alike later. Decoding is greedy with
//! the BILOU transition constraints enforced, which is as accurate as Viterbi here and faster.

use dossier_core::{Annotator, CharIndex, CharSpan, Doc, EntityKind, Layer, Mention};

use crate::clusters::Clusters;
use crate::feat::{flag, Fx, TokFeat};
use crate::model::{argmax, KeyMap, Reader, Trainer, Weights, Writer};
use crate::pos::tok_at;
use crate::ModelError;

/// Entity types, in label order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// Number of BILOU labels: O plus B, I, L, U for each type.
pub const N_LABELS: usize = 1 + 4 * TYPES.len();
/// Pseudo-label for "before the sentence start".
const START: u64 = 99;
/// Kind string stored in the model file.
const KIND: &str = "ner";

/// Position part of a BILOU label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    O,
    B,
    I,
    L,
    U,
}

/// Splits label `label` into its position and type index.
#[inline]
fn split(label: usize) -> (Pos, usize) {
    if label == 0 || label >= N_LABELS {
        return (Pos::O, 0);
    }
    let ty = (label - 1) / 4;
    let pos = match (label - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    };
    (pos, ty)
}

#[inline]
fn label_of(pos: Pos, ty: usize) -> usize {
    match pos {
        Pos::O => 0,
        Pos::B => 1 + ty * 4,
        Pos::I => 2 + ty * 4,
        Pos::L => 3 + ty * 4,
        Pos::U => 4 + ty * 4,
    }
}

/// Whether `cur` may follow `prev` (`None` = sentence start); `last` marks the final word.
#[inline]
fn allowed(prev: Option<usize>, cur: usize, last: bool) -> bool {
    let (pp, pt) = prev.map(split).unwrap_or((Pos::O, 0));
    let (cp, ct) = split(cur);
    let open = matches!(pp, Pos::B | Pos::I);
    let ok = if open {
        matches!(cp, Pos::I | Pos::L) && ct == pt
    } else {
        matches!(cp, Pos::O | Pos::B | Pos::U)
    };
    ok && !(last && matches!(cp, Pos::B | Pos::I))
}

/// Converts IOB2 tags to BILOU label indices (malformed I- tags start a new entity).
pub(crate) fn bilou_from_iob(tags: &[String]) -> Vec<u8> {
    let parsed: Vec<Option<(bool, usize)>> = tags
        .iter()
        .map(|t| {
            let (begin, ty) = if let Some(ty) = t.strip_prefix("B-") {
                (true, ty)
            } else if let Some(ty) = t.strip_prefix("I-") {
                (false, ty)
            } else {
                return None;
            };
            TYPES.iter().position(|x| *x == ty).map(|i| (begin, i))
        })
        .collect();
    let mut out = Vec::with_capacity(tags.len());
    for (i, tag) in parsed.iter().enumerate() {
        let Some((begin, ty)) = *tag else {
            out.push(0);
            continue;
        };
        let starts = begin
            || !matches!(parsed.get(i.wrapping_sub(1)).copied().flatten(), Some((_, t)) if t == ty && i > 0);
        let continues = matches!(parsed.get(i + 1).copied().flatten(), Some((false, t)) if t == ty);
        let pos = match (starts, continues) {
            (true, true) => Pos::B,
            (true, false) => Pos::U,
            (false, true) => Pos::I,
            (false, false) => Pos::L,
        };
        out.push(label_of(pos, ty) as u8);
    }
    out
}

/// Entity spans `(start, end, type)` of a BILOU label sequence (lenient: B/I without an end
/// still make a span).
pub(crate) fn spans_of(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, label) in labels.iter().enumerate() {
        let (pos, ty) = split(*label as usize);
        match pos {
            Pos::O => {
                if let Some((s, t)) = open.take() {
                    spans.push((s, i, t));
                }
            }
            Pos::B | Pos::U => {
                if let Some((s, t)) = open.take() {
                    spans.push((s, i, t));
                }
                if pos == Pos::U {
                    spans.push((i, i + 1, ty));
                } else {
                    open = Some((i, ty));
                }
            }
            Pos::I | Pos::L => {
                match open {
                    Some((_, t)) if t == ty => {}
                    _ => {
                        if let Some((s, t)) = open.take() {
                            spans.push((s, i, t));
                        }
                        open = Some((i, ty));
                    }
                }
                if pos == Pos::L {
                    if let Some((s, t)) = open.take() {
                        spans.push((s, i + 1, t));
                    }
                }
            }
        }
    }
    if let Some((s, t)) = open {
        spans.push((s, labels.len(), t));
    }
    spans
}

/// Makes a document's labels consistent: every mention of the same words (case-insensitive)
/// gets the type most of them were given, so a name tagged PER once is tagged PER throughout.
/// Boundaries are kept; ties keep each mention's own type. `keys[s][i]` is the lowercase hash
/// of word `i` of sentence `s`, `labels[s]` its BILOU labels.
pub(crate) fn harmonise(keys: &[Vec<u64>], labels: &mut [Vec<u8>]) {
    let mut votes: KeyMap<[u16; 4]> = KeyMap::default();
    let span_key = |words: &[u64]| words.iter().fold(Fx::new(90), |h, w| h.add(*w)).finish();
    for (words, sentence) in keys.iter().zip(labels.iter()) {
        for (s, e, t) in spans_of(sentence) {
            if let (Some(ws), true) = (words.get(s..e), t < 4) {
                let entry = votes.entry(span_key(ws)).or_insert([0; 4]);
                entry[t] = entry[t].saturating_add(1);
            }
        }
    }
    for (words, sentence) in keys.iter().zip(labels.iter_mut()) {
        for (s, e, t) in spans_of(sentence) {
            let Some(ws) = words.get(s..e) else { continue };
            let Some(v) = votes.get(&span_key(ws)) else {
                continue;
            };
            let own = v.get(t).copied().unwrap_or(0);
            let (best, n) =
                v.iter().enumerate().fold(
                    (t, own),
                    |acc, (i, c)| if *c > acc.1 { (i, *c) } else { acc },
                );
            if best != t && n >= own + 2 {
                for (k, label) in sentence.iter_mut().enumerate().take(e).skip(s) {
                    let pos = if e - s == 1 {
                        Pos::U
                    } else if k == s {
                        Pos::B
                    } else if k + 1 == e {
                        Pos::L
                    } else {
                        Pos::I
                    };
                    *label = label_of(pos, best) as u8;
                }
            }
        }
    }
}

/// IOB2 tag strings of a BILOU label sequence.
pub fn iob_tags(labels: &[u8]) -> Vec<String> {
    let mut tags = vec!["O".to_string(); labels.len()];
    for (s, e, t) in spans_of(labels) {
        for (k, tag) in tags.iter_mut().enumerate().take(e).skip(s) {
            *tag = format!("{}-{}", if k == s { "B" } else { "I" }, TYPES[t]);
        }
    }
    tags
}

/// What earlier sentences of the document said about each word: counts of entity types.
#[derive(Default, Debug, Clone)]
pub(crate) struct History {
    counts: KeyMap<[u16; 4]>,
}

impl History {
    /// The type most often given to the word with lowercase hash `lower`, 1-based (0 = none).
    #[inline]
    fn best(&self, lower: u64) -> u64 {
        match self.counts.get(&lower) {
            Some(c) => {
                let mut best = 0;
                let mut n = 0;
                for (i, v) in c.iter().enumerate() {
                    if *v > n {
                        n = *v;
                        best = i + 1;
                    }
                }
                best as u64
            }
            None => 0,
        }
    }

    /// Records the entity types of a tagged sentence.
    fn record(&mut self, toks: &[TokFeat], labels: &[u8]) {
        for (tok, label) in toks.iter().zip(labels) {
            let (pos, ty) = split(*label as usize);
            if pos != Pos::O && tok.flags & flag::PUNCT == 0 {
                let entry = self.counts.entry(tok.lower).or_insert([0; 4]);
                if let Some(c) = entry.get_mut(ty) {
                    *c = c.saturating_add(1);
                }
            }
        }
    }

    /// Forgets everything (a new document starts).
    pub(crate) fn clear(&mut self) {
        self.counts.clear();
    }
}

/// Sentence-level facts used by every word's features.
#[derive(Clone, Copy)]
struct SentInfo {
    /// Every word with letters is uppercase (a headline).
    all_caps: bool,
    /// No word has an uppercase letter.
    all_lower: bool,
}

fn sent_info(toks: &[TokFeat]) -> SentInfo {
    let mut caps = 0;
    let mut lower = 0;
    let mut letters = 0;
    for t in toks {
        if t.flags & (flag::ALL_CAPS | flag::ALL_LOWER | flag::INIT_CAP) != 0 {
            letters += 1;
        }
        if t.flags & flag::ALL_CAPS != 0 {
            caps += 1;
        }
        if t.flags & flag::ALL_LOWER != 0 {
            lower += 1;
        }
    }
    SentInfo {
        all_caps: letters > 1 && caps * 10 >= letters * 8,
        all_lower: letters > 1 && lower == letters,
    }
}

/// Capitalisation class of a token: 0 lower/other, 1 initial capital, 2 all caps, 3 punct.
#[inline]
fn cap_class(t: &TokFeat) -> u64 {
    if t.flags & flag::PUNCT != 0 {
        3
    } else if t.flags & flag::ALL_CAPS != 0 && t.len > 1 {
        2
    } else if t.flags & flag::INIT_CAP != 0 {
        1
    } else {
        0
    }
}

/// Writes the features of word `i` into `out`.
fn features(
    toks: &[TokFeat],
    i: usize,
    prev: u64,
    prev2: u64,
    info: SentInfo,
    history: &History,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w0 = tok_at(toks, i, 0);
    let wm1 = tok_at(toks, i, -1);
    let wm2 = tok_at(toks, i, -2);
    let wp1 = tok_at(toks, i, 1);
    let wp2 = tok_at(toks, i, 2);
    let f = |t: u32| Fx::new(200 + t);
    let case = (info.all_caps as u64) | ((info.all_lower as u64) << 1);
    out.push(f(1).finish());
    out.push(f(2).add(w0.lower).finish());
    out.push(f(3).add(w0.form).finish());
    out.push(f(4).add(wm1.lower).finish());
    out.push(f(5).add(wp1.lower).finish());
    out.push(f(6).add(wm2.lower).finish());
    out.push(f(7).add(wp2.lower).finish());
    out.push(f(8).add(wm1.form).finish());
    out.push(f(9).add(wp1.form).finish());
    for k in 0..4 {
        out.push(f(10 + k as u32).add(w0.suffix[k]).finish());
        out.push(f(14 + k as u32).add(w0.prefix[k]).finish());
    }
    out.push(f(18).add(w0.shape).add(case).finish());
    out.push(f(19).add(wm1.shape).finish());
    out.push(f(20).add(wp1.shape).finish());
    out.push(f(21).add(wm2.short_shape).add(wm1.short_shape).finish());
    out.push(f(22).add(wp1.short_shape).add(wp2.short_shape).finish());
    out.push(f(23).add(prev).finish());
    out.push(f(24).add(prev).add(prev2).finish());
    out.push(f(25).add(prev).add(w0.lower).finish());
    out.push(f(26).add(prev).add(w0.shape).finish());
    out.push(
        f(27)
            .add(cap_class(&wm1))
            .add(cap_class(&w0))
            .add(cap_class(&wp1))
            .add(case)
            .finish(),
    );
    out.push(f(28).add(wm1.lower).add(w0.lower).finish());
    out.push(f(29).add(w0.lower).add(wp1.lower).finish());
    out.push(
        f(30)
            .add((i == 0) as u64)
            .add(cap_class(&w0))
            .add(case)
            .finish(),
    );
    out.push(f(31).add(wm1.suffix[2]).add(w0.short_shape).finish());
    out.push(f(32).add(wp1.lower).add(w0.short_shape).finish());
    out.push(f(33).add(wm1.lower).add(w0.short_shape).finish());
    out.push(f(34).add(u64::from(w0.flags)).add(case).finish());
    out.push(
        f(35)
            .add(u64::from(w0.len.min(12)))
            .add(cap_class(&w0))
            .finish(),
    );
    let h0 = history.best(w0.lower);
    out.push(f(36).add(h0).finish());
    out.push(f(37).add(h0).add(cap_class(&w0)).add(case).finish());
    out.push(f(38).add(h0).add(prev).finish());
    out.push(f(39).add(history.best(wp1.lower)).add(h0).finish());
    out.push(f(40).add(history.best(wm1.lower)).add(h0).finish());
    out.push(f(41).add(prev).add(wp1.short_shape).finish());
    if w0.cluster[0] != 0 || wp1.cluster[0] != 0 || wm1.cluster[0] != 0 {
        out.push(f(42).add(w0.cluster[0]).finish());
        out.push(f(43).add(w0.cluster[1]).finish());
        out.push(f(44).add(w0.cluster[2]).finish());
        out.push(f(45).add(wm1.cluster[1]).finish());
        out.push(f(46).add(wp1.cluster[1]).finish());
        out.push(f(47).add(wm1.cluster[2]).finish());
        out.push(f(48).add(wp1.cluster[2]).finish());
        out.push(f(49).add(prev).add(w0.cluster[1]).finish());
        out.push(
            f(50)
                .add(w0.cluster[2])
                .add(cap_class(&w0))
                .add(case)
                .finish(),
        );
        out.push(f(51).add(wm2.cluster[1]).finish());
        out.push(f(52).add(wp2.cluster[1]).finish());
    }
    if w0.case_prior != 0 || wp1.case_prior != 0 || wm1.case_prior != 0 {
        out.push(
            f(53)
                .add(w0.case_prior)
                .add(cap_class(&w0))
                .add(case)
                .finish(),
        );
        out.push(
            f(54)
                .add(w0.case_prior)
                .add(cap_class(&w0))
                .add((i == 0) as u64)
                .finish(),
        );
        out.push(
            f(55)
                .add(wm1.case_prior)
                .add(cap_class(&wm1))
                .add(w0.case_prior)
                .finish(),
        );
        out.push(
            f(56)
                .add(wp1.case_prior)
                .add(cap_class(&wp1))
                .add(w0.case_prior)
                .finish(),
        );
        out.push(f(57).add(w0.case_prior).add(prev).finish());
    }
    if (w0.gaz | wm1.gaz | wp1.gaz) != 0 {
        out.push(f(58).add(u64::from(w0.gaz)).add(cap_class(&w0)).finish());
        out.push(
            f(59)
                .add(u64::from(wm1.gaz))
                .add(u64::from(w0.gaz))
                .finish(),
        );
        out.push(
            f(60)
                .add(u64::from(wp1.gaz))
                .add(u64::from(w0.gaz))
                .finish(),
        );
        out.push(f(61).add(u64::from(w0.gaz)).add(prev).finish());
        out.push(
            f(62)
                .add(u64::from(wm1.gaz))
                .add(cap_class(&w0))
                .add(prev)
                .finish(),
        );
    }
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub(crate) struct Scratch {
    pub toks: Vec<TokFeat>,
    pub feats: Vec<u64>,
    pub labels: Vec<u8>,
    pub history: History,
}

/// The trained named-entity recognizer.
#[derive(Debug, Clone)]
pub struct Ner {
    weights: Weights,
    clusters: Clusters,
}

impl Ner {
    /// Reads a recognizer from model-file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner, ModelError> {
        let mut reader = Reader::new(bytes)?;
        let kind = reader.str()?;
        if kind != KIND {
            return Err(ModelError::Format(format!(
                "expected a ner model, found '{kind}'"
            )));
        }
        let weights = reader.weights()?;
        if weights.n_classes() != N_LABELS {
            return Err(ModelError::Format(
                "ner model has the wrong label count".into(),
            ));
        }
        let clusters = Clusters::read(&mut reader)?;
        Ok(Ner { weights, clusters })
    }

    /// The model-file bytes of this recognizer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::new();
        writer.str(KIND);
        writer.weights(&self.weights);
        self.clusters.write(&mut writer);
        writer.into_bytes()
    }

    /// Number of feature rows in the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_rows()
    }

    /// Labels `scratch.toks` into `scratch.labels` and records them in the document history.
    pub(crate) fn tag_scratch(&self, scratch: &mut Scratch) {
        let Scratch {
            toks,
            feats,
            labels,
            history,
        } = scratch;
        self.clusters.fill(toks);
        labels.clear();
        let info = sent_info(toks);
        let mut scores = [0i32; N_LABELS];
        let (mut prev, mut prev2) = (START, START);
        let mut prev_label: Option<usize> = None;
        let n = toks.len();
        for i in 0..n {
            features(toks, i, prev, prev2, info, history, feats);
            self.weights.score(feats, &mut scores);
            let last = i + 1 == n;
            let ok = |c: usize| allowed(prev_label, c, last);
            let best = argmax(&scores, Some(&ok));
            labels.push(best as u8);
            prev2 = prev;
            prev = best as u64;
            prev_label = Some(best);
        }
        history.record(toks, labels);
    }

    /// Tags a document given as sentences of words; returns IOB2 tags per sentence.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<String>> {
        let mut scratch = Scratch::default();
        let mut keys = Vec::with_capacity(sentences.len());
        let mut labels: Vec<Vec<u8>> = Vec::with_capacity(sentences.len());
        for words in sentences {
            scratch.toks.clear();
            scratch.toks.extend(words.iter().map(|w| TokFeat::new(w)));
            self.tag_scratch(&mut scratch);
            keys.push(scratch.toks.iter().map(|t| t.lower).collect());
            labels.push(scratch.labels.clone());
        }
        harmonise(&keys, &mut labels);
        labels.iter().map(|l| iob_tags(l)).collect()
    }
}

/// The entity kind of a type index.
fn kind_of(ty: usize) -> EntityKind {
    match ty {
        0 => EntityKind::Person,
        1 => EntityKind::Organization,
        2 => EntityKind::Location,
        _ => EntityKind::Other,
    }
}

impl Annotator for Ner {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }

    fn annotate(&self, doc: &mut Doc) {
        let index = CharIndex::new(&doc.text);
        let mut scratch = Scratch::default();
        let mut mentions = Vec::new();
        let ranges = crate::sentence_ranges(doc);
        let mut keys = Vec::with_capacity(ranges.len());
        let mut all_labels = Vec::with_capacity(ranges.len());
        for range in &ranges {
            scratch.toks.clear();
            let tokens = doc.tokens.get(range.clone()).unwrap_or(&[]);
            for token in tokens {
                let text = doc.text.get(index.bytes(token.span)).unwrap_or("");
                scratch.toks.push(TokFeat::new(text));
            }
            self.tag_scratch(&mut scratch);
            keys.push(scratch.toks.iter().map(|t| t.lower).collect::<Vec<u64>>());
            all_labels.push(scratch.labels.clone());
        }
        harmonise(&keys, &mut all_labels);
        for (range, labels) in ranges.iter().zip(&all_labels) {
            let tokens = doc.tokens.get(range.clone()).unwrap_or(&[]);
            for (s, e, t) in spans_of(labels) {
                let (Some(first), Some(last)) = (tokens.get(s), tokens.get(e.saturating_sub(1)))
                else {
                    continue;
                };
                mentions.push(Mention {
                    span: CharSpan::new(first.span.start, last.span.end),
                    token_start: (range.start + s) as u32,
                    token_end: (range.start + e) as u32,
                    kind: kind_of(t),
                    entity: None,
                });
            }
        }
        doc.mentions = mentions;
    }
}

/// Options of NER training.
pub(crate) struct NerTrainOptions {
    pub epochs: usize,
    pub seed: u64,
    pub prune: f32,
    /// Share of training sentences also seen uppercased, and again lowercased.
    pub case_augment: f64,
}

/// An encoded training document: sentences of token features and gold labels.
type EncodedDoc = Vec<(Vec<TokFeat>, Vec<u8>)>;

fn encode(sentences: &[crate::corpus::Sentence], clusters: &Clusters) -> Vec<EncodedDoc> {
    crate::corpus::documents(sentences)
        .into_iter()
        .map(|range| {
            sentences[range]
                .iter()
                .map(|s| {
                    let mut toks: Vec<TokFeat> = s.words.iter().map(|w| TokFeat::new(w)).collect();
                    clusters.fill(&mut toks);
                    (toks, bilou_from_iob(&s.tags))
                })
                .collect()
        })
        .collect()
}

/// Trains a recognizer, keeping the epoch with the best span F1 on `dev`.
pub(crate) fn train(
    train: &[crate::corpus::Sentence],
    dev: &[crate::corpus::Sentence],
    opts: &NerTrainOptions,
    clusters: &Clusters,
    mut log: impl FnMut(usize, f64),
) -> (Ner, Vec<f64>) {
    let mut docs = encode(train, clusters);
    let mut rng = crate::model::Rng::new(opts.seed);
    if opts.case_augment > 0.0 {
        // Case-changed copies teach the model that headlines and lowercase text still hold
        // names; they are extra documents so the originals stay intact.
        let threshold = (opts.case_augment * 1_000_000.0) as u64;
        let mut extra = Vec::new();
        for sentences in train.chunks(1) {
            for s in sentences {
                for upper in [true, false] {
                    if rng.next_u64() % 1_000_000 < threshold {
                        let words: Vec<String> = s
                            .words
                            .iter()
                            .map(|w| {
                                if upper {
                                    w.to_uppercase()
                                } else {
                                    w.to_lowercase()
                                }
                            })
                            .collect();
                        let mut toks: Vec<TokFeat> =
                            words.iter().map(|w| TokFeat::new(w)).collect();
                        clusters.fill(&mut toks);
                        extra.push(vec![(toks, bilou_from_iob(&s.tags))]);
                    }
                }
            }
        }
        docs.extend(extra);
    }
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut trainer = Trainer::new(N_LABELS);
    let mut feats = Vec::new();
    let mut scores = [0f32; N_LABELS];
    let mut history = History::default();
    let mut labels: Vec<u8> = Vec::new();
    let mut best: Option<(f64, Ner)> = None;
    let mut curve = Vec::new();
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &d in &order {
            history.clear();
            for (toks, gold) in &docs[d] {
                let info = sent_info(toks);
                labels.clear();
                let (mut prev, mut prev2) = (START, START);
                let mut prev_label = None;
                for i in 0..toks.len() {
                    features(toks, i, prev, prev2, info, &history, &mut feats);
                    trainer.tick();
                    trainer.score(&feats, &mut scores);
                    let last = i + 1 == toks.len();
                    let ok = |c: usize| allowed(prev_label, c, last);
                    let guess = argmax(&scores, Some(&ok));
                    let truth = gold.get(i).copied().unwrap_or(0) as usize;
                    trainer.update(truth, guess, &feats);
                    labels.push(guess as u8);
                    prev2 = prev;
                    prev = guess as u64;
                    prev_label = Some(guess);
                }
                history.record(toks, &labels);
            }
        }
        let ner = Ner {
            weights: trainer.finish(opts.prune),
            clusters: clusters.clone(),
        };
        let f1 = crate::eval::ner_report(&ner, dev, false, true).f1;
        log(epoch, f1);
        curve.push(f1);
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, ner));
        }
    }
    let ner = match best {
        Some((_, ner)) => ner,
        None => Ner {
            weights: trainer.finish(opts.prune),
            clusters: clusters.clone(),
        },
    };
    (ner, curve)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn bilou_round_trips_iob2() {
        let tags = s(&[
            "B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG", "I-ORG", "I-ORG",
        ]);
        let labels = bilou_from_iob(&tags);
        assert_eq!(
            spans_of(&labels),
            vec![(0, 2, 0), (3, 4, 2), (4, 5, 2), (5, 8, 1)]
        );
        let back = iob_tags(&labels);
        assert_eq!(back[5], "B-ORG");
        assert_eq!(back[6], "I-ORG");
    }

    #[test]
    fn transitions_are_constrained() {
        let b_per = label_of(Pos::B, 0);
        let l_per = label_of(Pos::L, 0);
        let i_org = label_of(Pos::I, 1);
        assert!(allowed(None, b_per, false));
        assert!(!allowed(None, b_per, true));
        assert!(allowed(Some(b_per), l_per, true));
        assert!(!allowed(Some(b_per), i_org, false));
        assert!(!allowed(Some(b_per), 0, false));
    }
}
