//! Named-entity recognizer: a greedy left-to-right averaged perceptron over BILOU tags.
//!
//! The design follows Ratinov & Roth (2009), "Design challenges and misconceptions in named
//! entity recognition": BILOU encoding (better than BIO for greedy decoding), a ±2 word window,
//! shapes and affixes, the two previous decisions, and non-local features that remember which
//! entity type each word was given earlier in the same document ("extended prediction
//! history"), so a name tagged PER once tends to be tagged alike later. Decoding is greedy with
//! the BILOU transition constraints enforced, which is as accurate as Viterbi here and faster.
//!
//! Beyond that paper's local features the model reads name lists matched as whole multi-word
//! spans (`gaz::mark_spans`, `data/gazetteer/ner/`), whether a word sits inside quotes or
//! brackets, how far ahead a word like "Inc" or "Bank" closes a run of capitalised words, how
//! each word is written in the document's ordinary (non-headline) sentences, and the
//! document's topic word when it opens with an all-capitals headline ("SOCCER - ...").

use dossier_core::{Annotator, CharSpan, Doc, EntityKind, Layer, Mention};

use crate::clusters::Clusters;
use crate::feat::{flag, Fx, TokFeat};
use crate::model::{argmax, KeyMap, Reader, Trainer, Weights, Writer};
use crate::pos::Window;
use crate::ModelError;

/// Entity types, in label order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// Number of BILOU labels: O plus B, I, L, U for each type.
pub const N_LABELS: usize = 1 + 4 * TYPES.len();
/// Pseudo-label for "before the sentence start".
const START: u64 = 99;
/// Kind string stored in the model file.
const KIND: &str = "ner";
/// Template id of a word's shortcut context in stage 1 (stage 2 adds one).
const WORD_CONTEXT: u32 = 840;
/// A word context enters a stage's shortcut table when that stage gave it one label in at
/// least this share of at least this many scored occurrences (see [`crate::shortcut`]).
const WORD_SHORTCUT: (u32, f64) = (20, 0.999);

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

/// True when the token may not be a one-word entity: a function word or interjection ("I",
/// "You", "Thanks"), unless written in capitals of two or more letters ("US", "IT"). Web text
/// is full of sentence-initial "I" and "Thanks", which a newswire-trained model otherwise
/// takes for names.
#[inline]
fn no_lone_entity(tok: Option<&TokFeat>) -> bool {
    tok.is_some_and(|t| {
        t.gaz & crate::gaz::FUNCTION_WORD != 0 && !(t.flags & flag::ALL_CAPS != 0 && t.len >= 2)
    })
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

/// Joins a person's name split at a lowercase name particle: "Ursula" + "von der" + "Leyen",
/// "Mohammed" + "bin" + "Salman" become one PER mention. The particles come from the
/// gazetteer; the word after them must be capitalised (it may have been tagged as anything).
pub(crate) fn join_particles(toks: &[TokFeat], labels: &mut [u8]) {
    let n = labels.len().min(toks.len());
    for (s, e, t) in spans_of(labels) {
        if t != 0 || e >= n {
            continue;
        }
        let mut j = e;
        while j < n
            && toks[j].gaz & crate::gaz::PARTICLE != 0
            && toks[j].flags & flag::ALL_LOWER != 0
            && j - e < 3
        {
            j += 1;
        }
        if j == e || j >= n || !toks[j].init_cap() {
            continue;
        }
        // The name ends where the entity starting at `j` ends, or after `j` itself.
        let end = spans_of(labels)
            .into_iter()
            .find(|(s2, _, _)| *s2 == j)
            .map_or(j + 1, |(_, e2, _)| e2);
        for (k, label) in labels.iter_mut().enumerate().take(end).skip(s) {
            let pos = if k == s {
                Pos::B
            } else if k + 1 == end {
                Pos::L
            } else {
                Pos::I
            };
            *label = label_of(pos, 0) as u8;
        }
    }
}

/// Labels words `s..e` as one mention of type `ty`.
fn relabel(labels: &mut [u8], s: usize, e: usize, ty: usize) {
    for (k, label) in labels.iter_mut().enumerate().take(e).skip(s) {
        let pos = match (k == s, k + 1 == e) {
            (true, true) => Pos::U,
            (true, false) => Pos::B,
            (false, true) => Pos::L,
            (false, false) => Pos::I,
        };
        *label = label_of(pos, ty) as u8;
    }
}

/// Splits a mention that runs from an organisation into a person's name: "Serbian Police" +
/// "Dragan Jovanovic", "Finance Ministry" + "Ana Brnabic". The split
/// falls right after an organisation word (`data/gazetteer/org_words.txt`) that is followed
/// by a given name from the name lists (`codes`) and at least one more capitalised word.
pub(crate) fn split_org_person(toks: &[TokFeat], codes: &[u32], labels: &mut [u8]) {
    /// Bits of the given-names list in a span code (list 4, three bits per list).
    const FIRST_NAME: u32 = 7 << (3 * 4);
    let org = TYPES.iter().position(|t| *t == "ORG").unwrap_or(1);
    let per = TYPES.iter().position(|t| *t == "PER").unwrap_or(0);
    let n = labels.len().min(toks.len()).min(codes.len());
    for (s, e, _) in spans_of(labels) {
        if e > n || e < s + 3 {
            continue;
        }
        let split = (s + 1..e - 1).find(|&j| {
            let starts_name = matches!(
                (codes[j] & FIRST_NAME) >> (3 * 4),
                crate::gaz::span_pos::B | crate::gaz::span_pos::U
            );
            toks[j - 1].gaz & crate::gaz::ORG_WORD != 0
                && starts_name
                && toks[j].init_cap()
                && toks[j + 1].init_cap()
        });
        if let Some(j) = split {
            relabel(labels, s, j, org);
            relabel(labels, j, e, per);
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
    /// The document's topic word (see [`topic_of`]), 0 when it has none.
    topic: u64,
    /// How each word (lowercase hash) is written inside sentences of the document that are
    /// not headlines, away from a sentence start: bit 1 lowercase, bit 2 capitalised.
    case: KeyMap<u8>,
}

/// The topic word of a document whose first sentence is `first`: the lowercase hash of its
/// first word when the sentence is an all-capitals headline and the word is all capitals of
/// three or more letters ("SOCCER - ...", "CRICKET - ..."), else 0. Newswire sports pages
/// name a city for its club in results tables, so a city is a club there and a place
/// elsewhere; the topic lets the model tell the two apart.
fn topic_of(first: Option<&Vec<TokFeat>>) -> u64 {
    let Some(toks) = first else { return 0 };
    let Some(t) = toks.first() else { return 0 };
    if sent_info(toks).all_caps && t.flags & flag::ALL_CAPS != 0 && t.len >= 3 {
        t.lower
    } else {
        0
    }
}

impl History {
    /// An empty history for the document of sentences `sents`.
    fn for_doc<'a>(sents: impl IntoIterator<Item = &'a Vec<TokFeat>>) -> History {
        let mut history = History::default();
        history.clear(sents);
        history
    }

    /// How the word with lowercase hash `lower` is written elsewhere in the document (bits of
    /// [`History::case`]; 4 when the document has no sentence that is not a headline).
    #[inline]
    fn case_of(&self, lower: u64) -> u64 {
        if self.case.is_empty() {
            // Nothing but headlines (or no words): no evidence either way.
            return 4;
        }
        self.case.get(&lower).map_or(0, |c| u64::from(*c))
    }

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

    /// Forgets everything: a new document of sentences `sents` starts (its topic and the way
    /// its words are written are read here).
    pub(crate) fn clear<'a>(&mut self, sents: impl IntoIterator<Item = &'a Vec<TokFeat>>) {
        self.counts.clear();
        self.case.clear();
        let mut first = true;
        for toks in sents {
            if first {
                self.topic = topic_of(Some(toks));
                first = false;
            }
            if sent_info(toks).all_caps {
                continue;
            }
            for pair in toks.windows(2) {
                let (before, tok) = (&pair[0], &pair[1]);
                if before.flags & flag::PUNCT != 0 {
                    continue;
                }
                let bit = if tok.flags & flag::ALL_LOWER != 0 {
                    1
                } else if tok.flags & flag::INIT_CAP != 0 && tok.flags & flag::ALL_CAPS == 0 {
                    2
                } else {
                    continue;
                };
                *self.case.entry(tok.lower).or_insert(0) |= bit;
            }
        }
        if first {
            self.topic = 0;
        }
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

impl SentInfo {
    /// The sentence's case as one feature value: bit 0 a headline, bit 1 all lowercase.
    fn case(self) -> u64 {
        u64::from(self.all_caps) | (u64::from(self.all_lower) << 1)
    }
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

/// Writes the features of word `i` into `out`; `h0` is the word's type earlier in the
/// document (`history.best` of its lowercase form), which the decoder also reads.
// The arguments are the decoder's whole state; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn features(
    toks: &[TokFeat],
    gz: &[u32],
    i: usize,
    prev: u64,
    prev2: u64,
    info: SentInfo,
    history: &History,
    h0: u64,
    ctx: Option<(&[u8], &DocAgg)>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let window = Window::at(toks, i);
    let f = |t: u32| Fx::new(200 + t);
    window.push_words(f, out);
    let Window {
        w0,
        wm1,
        wm2,
        wp1,
        wp2,
    } = window;
    let case = info.case();
    out.push(f(8).add(wm1.form).key());
    out.push(f(9).add(wp1.form).key());
    for k in 0..4 {
        out.push(f(10 + k as u32).add(w0.suffix[k]).key());
        out.push(f(14 + k as u32).add(w0.prefix[k]).key());
    }
    out.push(f(18).add(w0.shape).add(case).key());
    out.push(f(19).add(wm1.shape).key());
    out.push(f(20).add(wp1.shape).key());
    out.push(f(21).add(wm2.short_shape).add(wm1.short_shape).key());
    out.push(f(22).add(wp1.short_shape).add(wp2.short_shape).key());
    out.push(f(23).add(prev).key());
    out.push(f(24).add(prev).add(prev2).key());
    out.push(f(25).add(prev).add(w0.lower).key());
    out.push(f(26).add(prev).add(w0.shape).key());
    out.push(
        f(27)
            .add(cap_class(&wm1))
            .add(cap_class(&w0))
            .add(cap_class(&wp1))
            .add(case)
            .key(),
    );
    out.push(f(28).add(wm1.lower).add(w0.lower).key());
    out.push(f(29).add(w0.lower).add(wp1.lower).key());
    out.push(
        f(30)
            .add((i == 0) as u64)
            .add(cap_class(&w0))
            .add(case)
            .key(),
    );
    out.push(f(31).add(wm1.suffix[2]).add(w0.short_shape).key());
    out.push(f(32).add(wp1.lower).add(w0.short_shape).key());
    out.push(f(33).add(wm1.lower).add(w0.short_shape).key());
    out.push(f(34).add(u64::from(w0.flags)).add(case).key());
    out.push(
        f(35)
            .add(u64::from(w0.len.min(12)))
            .add(cap_class(&w0))
            .key(),
    );
    out.push(f(36).add(h0).key());
    out.push(f(37).add(h0).add(cap_class(&w0)).add(case).key());
    out.push(f(38).add(h0).add(prev).key());
    out.push(f(39).add(history.best(wp1.lower)).add(h0).key());
    out.push(f(40).add(history.best(wm1.lower)).add(h0).key());
    out.push(f(41).add(prev).add(wp1.short_shape).key());
    if w0.cluster[0] != 0 || wp1.cluster[0] != 0 || wm1.cluster[0] != 0 {
        out.push(f(42).add(w0.cluster[0]).key());
        out.push(f(43).add(w0.cluster[1]).key());
        out.push(f(44).add(w0.cluster[2]).key());
        out.push(f(45).add(wm1.cluster[1]).key());
        out.push(f(46).add(wp1.cluster[1]).key());
        out.push(f(47).add(wm1.cluster[2]).key());
        out.push(f(48).add(wp1.cluster[2]).key());
        out.push(f(49).add(prev).add(w0.cluster[1]).key());
        out.push(f(50).add(w0.cluster[2]).add(cap_class(&w0)).add(case).key());
        out.push(f(51).add(wm2.cluster[1]).key());
        out.push(f(52).add(wp2.cluster[1]).key());
    }
    if w0.case_prior != 0 || wp1.case_prior != 0 || wm1.case_prior != 0 {
        out.push(f(53).add(w0.case_prior).add(cap_class(&w0)).add(case).key());
        out.push(
            f(54)
                .add(w0.case_prior)
                .add(cap_class(&w0))
                .add((i == 0) as u64)
                .key(),
        );
        out.push(
            f(55)
                .add(wm1.case_prior)
                .add(cap_class(&wm1))
                .add(w0.case_prior)
                .key(),
        );
        out.push(
            f(56)
                .add(wp1.case_prior)
                .add(cap_class(&wp1))
                .add(w0.case_prior)
                .key(),
        );
        out.push(f(57).add(w0.case_prior).add(prev).key());
    }
    if (w0.gaz | wm1.gaz | wp1.gaz) != 0 {
        out.push(f(58).add(u64::from(w0.gaz)).add(cap_class(&w0)).key());
        out.push(f(59).add(u64::from(wm1.gaz)).add(u64::from(w0.gaz)).key());
        out.push(f(60).add(u64::from(wp1.gaz)).add(u64::from(w0.gaz)).key());
        out.push(f(61).add(u64::from(w0.gaz)).add(prev).key());
        out.push(
            f(62)
                .add(u64::from(wm1.gaz))
                .add(cap_class(&w0))
                .add(prev)
                .key(),
        );
    }
    let g = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            0
        } else {
            gz.get(j as usize).map_or(0, |c| u64::from(*c))
        }
    };
    let ctx_bits = (g(0) >> 24) & 3;
    let org_ahead = (g(0) >> ORG_AHEAD) & 3;
    if org_ahead != 0 {
        out.push(f(94).add(org_ahead).add(cap_class(&w0)).key());
        out.push(f(95).add(org_ahead).add(prev).key());
    }
    let lists = u64::from(LIST_BITS);
    let (g0, gm1, gp1) = (g(0) & lists, g(-1) & lists, g(1) & lists);
    if ctx_bits != 0 {
        out.push(f(92).add(ctx_bits).add(cap_class(&w0)).add(case).key());
        out.push(f(93).add(ctx_bits).add(prev).add(w0.short_shape).key());
    }
    if g0 != 0 {
        // Name-list matches of whole spans (BILOU position per list).
        out.push(f(80).add(g0).key());
        out.push(f(81).add(g0).add(cap_class(&w0)).add(case).key());
        out.push(f(82).add(g0).add(prev).key());
        for l in 0..crate::gaz::N_SPAN_LISTS {
            let c = (g0 >> (3 * l)) & 7;
            if c != 0 {
                out.push(f(83).add(l as u64).add(c).add(cap_class(&w0)).key());
            }
        }
    }
    if (gm1 | gp1) != 0 {
        out.push(f(84).add(gm1).add(g0).key());
        out.push(f(85).add(g0).add(gp1).key());
    }
    let dc = history.case_of(w0.lower);
    out.push(
        f(90)
            .add(dc)
            .add(cap_class(&w0))
            .add(case)
            .add((i == 0) as u64)
            .key(),
    );
    out.push(
        f(91)
            .add(dc)
            .add(history.case_of(wp1.lower))
            .add(cap_class(&w0))
            .key(),
    );
    let topic = history.topic;
    if topic != 0 {
        // The document's topic word with what the word is: a city in a "BASEBALL" table is
        // a club.
        let lists = (0..crate::gaz::N_SPAN_LISTS).fold(0u64, |acc, l| {
            acc | (u64::from((g0 >> (3 * l)) & 7 != 0) << l)
        });
        out.push(f(86).add(topic).add(lists).add(cap_class(&w0)).key());
        out.push(f(87).add(topic).add(w0.lower).key());
        out.push(
            f(88)
                .add(topic)
                .add(w0.cluster[1])
                .add(cap_class(&w0))
                .key(),
        );
        out.push(
            f(89)
                .add(topic)
                .add(cap_class(&w0))
                .add(wp1.short_shape)
                .add(wm1.short_shape)
                .key(),
        );
    }
    if let Some((stage1, agg)) = ctx {
        // Second stage: what the first stage said here and elsewhere in the document
        // (Ratinov & Roth's context aggregation), including later sentences.
        let s1 = |k: isize| -> u64 {
            let j = i as isize + k;
            if j < 0 {
                99
            } else {
                stage1.get(j as usize).map_or(99, |l| u64::from(*l))
            }
        };
        let own = stage1.get(i).copied().unwrap_or(0);
        let own_type = match split(own as usize) {
            (Pos::O, _) => None,
            (_, t) => Some(t),
        };
        let m0 = agg.majority(w0.lower, own_type);
        let mm1 = agg.majority(wm1.lower, None);
        let mp1 = agg.majority(wp1.lower, None);
        out.push(f(70).add(s1(0)).key());
        out.push(f(71).add(s1(-1)).add(s1(0)).add(s1(1)).key());
        out.push(f(72).add(m0).add(cap_class(&w0)).key());
        out.push(f(73).add(m0).add(s1(0)).key());
        out.push(f(74).add(agg.multi(w0.lower)).add(cap_class(&w0)).key());
        out.push(f(75).add(mm1).add(m0).add(mp1).key());
        out.push(f(76).add(m0).add(prev).key());
        out.push(f(77).add(s1(0)).add(w0.lower).key());
    }
}

/// What the first stage said about each word across a document.
#[derive(Default, Debug)]
pub(crate) struct DocAgg {
    counts: KeyMap<[u16; 4]>,
    multi: KeyMap<[u16; 4]>,
}

impl DocAgg {
    fn new(sents: &[Vec<TokFeat>], labels: &[Vec<u8>]) -> DocAgg {
        let mut agg = DocAgg::default();
        for (toks, sentence) in sents.iter().zip(labels) {
            for (s, e, t) in spans_of(sentence) {
                for tok in toks.get(s..e).unwrap_or(&[]) {
                    if let Some(c) = agg.counts.entry(tok.lower).or_insert([0; 4]).get_mut(t) {
                        *c = c.saturating_add(1);
                    }
                    if e - s >= 2 {
                        if let Some(c) = agg.multi.entry(tok.lower).or_insert([0; 4]).get_mut(t) {
                            *c = c.saturating_add(1);
                        }
                    }
                }
            }
        }
        agg
    }

    /// The type (1-based, 0 = none) the word most often got, leaving out one vote for `own`.
    fn majority(&self, lower: u64, own: Option<usize>) -> u64 {
        let Some(c) = self.counts.get(&lower) else {
            return 0;
        };
        let mut c = *c;
        if let Some(t) = own {
            if let Some(v) = c.get_mut(t) {
                *v = v.saturating_sub(1);
            }
        }
        best_of(&c)
    }

    /// The type the word most often got inside multi-word mentions (0 = none).
    fn multi(&self, lower: u64) -> u64 {
        self.multi.get(&lower).map_or(0, best_of)
    }
}

fn best_of(c: &[u16; 4]) -> u64 {
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

/// Bit of a token's span code: the token is inside double quotes.
const IN_QUOTES: u32 = 1 << 24;
/// Bit of a token's span code: the token is inside parentheses or brackets.
const IN_PARENS: u32 = 1 << 25;
/// Mask of the name-list part of a token's span code.
const LIST_BITS: u32 = (1 << (3 * crate::gaz::N_SPAN_LISTS)) - 1;

/// Form hashes of quote marks, opening and closing brackets.
static MARKS: std::sync::LazyLock<([u64; 5], [u64; 3], [u64; 3])> =
    std::sync::LazyLock::new(|| {
        let h = |w: &str| TokFeat::new(w).form;
        (
            [h("\""), h("``"), h("''"), h("“"), h("”")],
            [h("("), h("["), h("{")],
            [h(")"), h("]"), h("}")],
        )
    });

/// Sets [`IN_QUOTES`] and [`IN_PARENS`] in `codes` for tokens between quote marks and inside
/// brackets (titles of films and books are quoted; an organisation's initials follow it in
/// parentheses).
fn mark_brackets(toks: &[TokFeat], codes: &mut [u32]) {
    let (quotes, open, close) = &*MARKS;
    let mut in_quotes = false;
    let mut depth = 0u32;
    for (tok, code) in toks.iter().zip(codes.iter_mut()) {
        if tok.flags & flag::PUNCT != 0 {
            if quotes.contains(&tok.form) {
                in_quotes = !in_quotes;
            } else if open.contains(&tok.form) {
                depth += 1;
            } else if close.contains(&tok.form) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if in_quotes {
            *code |= IN_QUOTES;
        }
        if depth > 0 {
            *code |= IN_PARENS;
        }
    }
    // An unclosed quote says nothing.
    if in_quotes {
        for code in codes.iter_mut() {
            *code &= !IN_QUOTES;
        }
    }
}

/// Shift of the two bits of a token's span code that give how far ahead (1, 2, 3 words) a
/// word that ends organisation names ("Inc", "Bank") closes the run of capitalised words the
/// token starts or continues ("Jones Medical Industries Inc").
const ORG_AHEAD: u32 = 26;

/// Sets the [`ORG_AHEAD`] bits of `codes`.
fn mark_org_ahead(toks: &[TokFeat], codes: &mut [u32]) {
    // Index of the nearest organisation word ahead reachable through capitalised words.
    let mut next: Option<usize> = None;
    for (i, tok) in toks.iter().enumerate().rev() {
        if let (Some(j), Some(code)) = (next, codes.get_mut(i)) {
            let d = (j - i).min(3) as u32;
            if j - i <= 4 {
                *code |= d << ORG_AHEAD;
            }
        }
        if tok.gaz & crate::gaz::ORG_WORD != 0 && tok.flags & flag::ALL_LOWER == 0 {
            next = Some(i);
        } else if tok.flags & flag::INIT_CAP == 0 && tok.flags & flag::PUNCT == 0 {
            next = None;
        }
    }
}

/// Span codes of a sentence: name-list matches, bracket context, organisation words ahead.
fn mark(toks: &[TokFeat], codes: &mut Vec<u32>) {
    crate::gaz::mark_spans(toks, codes);
    mark_brackets(toks, codes);
    mark_org_ahead(toks, codes);
}

/// Span codes ([`mark`]) of every sentence of a document.
fn span_codes(sents: &[Vec<TokFeat>]) -> Vec<Vec<u32>> {
    sents
        .iter()
        .map(|toks| {
            let mut codes = Vec::with_capacity(toks.len());
            mark(toks, &mut codes);
            codes
        })
        .collect()
}

/// True when a word is plainly outside any entity, so decoding may label it `O` without
/// scoring it: no entity is open before it (`open`); it is punctuation, or — in a sentence
/// that has capitals (`all_lower` false: in lowercase text any word may be a name) — a
/// lowercase word that unlabelled text almost always writes in lowercase (seen at least five
/// times), or in the second stage a lowercase word the first stage labelled `O` and called
/// an entity nowhere in the document (`stage1`); it is no name particle ("von", "bin") and
/// inside no name-list span; and this stage gave the word no entity type earlier in the
/// document (`history`). This is an approximation, measured: the evaluation figures are
/// taken with it (CoNLL valid unchanged, UNER dev 54.83 → 54.78 F1), and skipping such words,
/// most of running news text, saves most of the entity model's weight lookups.
#[inline]
fn plainly_outside(
    tok: &TokFeat,
    code: u32,
    open: bool,
    all_lower: bool,
    history: &History,
    stage1: Option<(u8, &DocAgg)>,
) -> bool {
    /// Case prior of a word seen at least five times and almost always written lowercase.
    const USUALLY_LOWER: u64 = 12;
    if open || stage1.is_some_and(|(l, _)| l != 0) || code & LIST_BITS != 0 {
        return false;
    }
    let f = tok.flags;
    if f & flag::PUNCT != 0 {
        return true;
    }
    // Cheap flag tests first: most words fail one of them before any table is read.
    f & flag::ALL_LOWER != 0
        && f & flag::HAS_DIGIT == 0
        && !all_lower
        && tok.gaz & crate::gaz::PARTICLE == 0
        && (tok.case_prior == USUALLY_LOWER
            || stage1.is_some_and(|(_, agg)| {
                agg.majority(tok.lower, None) == 0 && agg.multi(tok.lower) == 0
            }))
        && history.best(tok.lower) == 0
}

/// Greedy constrained decoding of one sentence with `weights`; with `shortcut`, words that
/// are [`plainly_outside`] entities are labelled `O` unscored. Training decodes without it,
/// so the models it selects do not depend on the shortcut.
// The arguments are the decoder's whole state; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn decode(
    weights: &Weights,
    toks: &[TokFeat],
    gz: &[u32],
    history: &History,
    stage1: Option<(&[u8], &DocAgg)>,
    shortcut: bool,
    words: Option<&crate::shortcut::Shortcuts>,
    mut record: Option<&mut Vec<(u64, u8)>>,
    feats: &mut Vec<u64>,
    labels: &mut Vec<u8>,
) {
    labels.clear();
    let info = sent_info(toks);
    let words = words.filter(|_| shortcut);
    let case = info.case();
    let mut scores = [0i32; N_LABELS];
    let (mut prev, mut prev2) = (START, START);
    let mut prev_label: Option<usize> = None;
    let n = toks.len();
    for i in 0..n {
        if shortcut {
            let open = prev_label.is_some_and(|l| matches!(split(l).0, Pos::B | Pos::I));
            let s1 = stage1.and_then(|(s1, agg)| Some((*s1.get(i)?, agg)));
            let code = gz.get(i).copied().unwrap_or(0);
            if toks
                .get(i)
                .is_some_and(|t| plainly_outside(t, code, open, info.all_lower, history, s1))
            {
                labels.push(0);
                prev2 = prev;
                prev = 0;
                prev_label = Some(0);
                continue;
            }
        }
        let last = i + 1 == n;
        let lone = no_lone_entity(toks.get(i));
        let ok = |c: usize| allowed(prev_label, c, last) && !(lone && split(c).0 == Pos::U);
        // Looked up once: the features and the shortcut context both read it.
        let h0 = toks.get(i).map_or(0, |t| history.best(t.lower));
        let context = match toks.get(i) {
            Some(t) if words.is_some() || record.is_some() => {
                let s1 = stage1.and_then(|(s1, _)| s1.get(i).copied());
                word_context(t, i, prev, case, gz.get(i).copied().unwrap_or(0), h0, s1)
            }
            _ => 0,
        };
        let shortcut_label = words
            .and_then(|table| table.get(context))
            .map(usize::from)
            .filter(|c| *c < N_LABELS && ok(*c));
        let best = match shortcut_label {
            Some(label) => label,
            None => {
                features(toks, gz, i, prev, prev2, info, history, h0, stage1, feats);
                weights.score(feats, &mut scores);
                let best = argmax(&scores, Some(&ok));
                if let Some(record) = record.as_deref_mut() {
                    record.push((context, best as u8));
                }
                best
            }
        };
        labels.push(best as u8);
        prev2 = prev;
        prev = best as u64;
        prev_label = Some(best);
    }
}

/// The shortcut context of word `t` at `i` in its sentence (see [`crate::shortcut`]): its
/// exact form, the previous label, the sentence's case (headline, all lowercase), whether it
/// opens the sentence, its gazetteer code, the type it took earlier in the document (`h0`)
/// and, in the second stage, its first-stage label `s1`.
#[inline]
fn word_context(
    t: &TokFeat,
    i: usize,
    prev: u64,
    case: u64,
    code: u32,
    h0: u64,
    s1: Option<u8>,
) -> u64 {
    let stage = u32::from(s1.is_some());
    Fx::new(WORD_CONTEXT + stage)
        .add(t.form)
        .add(prev)
        .add(case)
        .add(u64::from(i == 0))
        .add(u64::from(code))
        .add(h0)
        .add(s1.map_or(0, u64::from))
        .key()
}

/// Word shortcuts of the two stages.
#[derive(Debug, Clone)]
struct WordShortcuts {
    /// Labels of the first stage by [`word_context`].
    stage1: crate::shortcut::Shortcuts,
    /// Labels of the second stage by [`word_context`] (with the first stage's label).
    stage2: crate::shortcut::Shortcuts,
}

/// The trained named-entity recognizer.
#[derive(Debug, Clone)]
pub struct Ner {
    weights: Weights,
    /// The second stage, which also sees the first stage's labels for the whole document.
    stage2: Option<Weights>,
    clusters: Clusters,
    /// Whether decoding labels words [`plainly_outside`] entities without scoring them (true
    /// for a model read from a file; false while training, so that training does not depend
    /// on it).
    shortcut: bool,
    /// Labels taken without scoring for word contexts in which a stage nearly always gave one
    /// label (absent in files of the older format; unused without `shortcut`).
    words: Option<WordShortcuts>,
}

impl Ner {
    /// Reads a recognizer from model-file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner, ModelError> {
        let mut reader = Reader::new(bytes)?;
        let full_kind = reader.str()?;
        let (kind, has_shortcuts) = crate::shortcut::split_kind(&full_kind);
        if kind != KIND {
            return Err(ModelError::Format(format!(
                "expected a ner model, found '{full_kind}'"
            )));
        }
        let weights = reader.template_weights()?;
        let clusters = Clusters::read(&mut reader)?;
        let stage2 = if reader.u32()? == 1 {
            Some(reader.template_weights()?)
        } else {
            None
        };
        if weights.n_classes() != N_LABELS
            || stage2.as_ref().is_some_and(|w| w.n_classes() != N_LABELS)
        {
            return Err(ModelError::Format(
                "ner model has the wrong label count".into(),
            ));
        }
        let words = if has_shortcuts {
            Some(WordShortcuts {
                stage1: crate::shortcut::Shortcuts::read(&mut reader)?,
                stage2: crate::shortcut::Shortcuts::read(&mut reader)?,
            })
        } else {
            None
        };
        Ok(Ner {
            weights,
            stage2,
            clusters,
            shortcut: true,
            words,
        })
    }

    /// The model-file bytes of this recognizer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::new();
        writer.str(&crate::shortcut::join_kind(KIND, self.words.is_some()));
        writer.weights(&self.weights);
        self.clusters.write(&mut writer);
        match &self.stage2 {
            Some(w) => {
                writer.u32(1);
                writer.weights(w);
            }
            None => writer.u32(0),
        }
        if let Some(words) = &self.words {
            words.stage1.write(&mut writer);
            words.stage2.write(&mut writer);
        }
        writer.into_bytes()
    }

    /// This recognizer with the decoding shortcut for words [`plainly_outside`] entities on
    /// or off (on for models read from files); off scores every word, which measures what the
    /// shortcut changes.
    pub fn with_shortcut(mut self, on: bool) -> Ner {
        self.shortcut = on;
        self
    }

    /// This recognizer with word shortcuts learned from its own labels of the words of
    /// `sentences` (documents as [`crate::corpus::documents`] splits them; see
    /// [`crate::shortcut`]): per stage, a word context scored at least 20 times there,
    /// always with one label (99.9% of them).
    pub fn with_word_shortcuts(&self, sentences: &[crate::corpus::Sentence]) -> Ner {
        let plain = self.without_word_shortcuts();
        let mut tallies = [
            crate::shortcut::Tally::default(),
            crate::shortcut::Tally::default(),
        ];
        let mut record = [Vec::new(), Vec::new()];
        for range in crate::corpus::documents(sentences) {
            let doc = sentences.get(range).unwrap_or(&[]);
            let mut sents: Vec<Vec<TokFeat>> = doc
                .iter()
                .map(|s| s.words.iter().map(|w| TokFeat::new(w)).collect())
                .collect();
            plain.tag_doc_recording(&mut sents, Some(&mut record));
            for (tally, record) in tallies.iter_mut().zip(&record) {
                for &(key, label) in record {
                    tally.add(key, label);
                }
            }
        }
        let [stage1, stage2] = tallies.map(|t| t.table(WORD_SHORTCUT.0, WORD_SHORTCUT.1, N_LABELS));
        Ner {
            words: Some(WordShortcuts { stage1, stage2 }),
            ..self.clone()
        }
    }

    /// This recognizer without its word shortcuts.
    pub fn without_word_shortcuts(&self) -> Ner {
        Ner {
            words: None,
            ..self.clone()
        }
    }

    /// Number of word contexts in the shortcut tables of both stages, if the model has them.
    pub fn word_shortcut_contexts(&self) -> Option<(usize, usize)> {
        self.words
            .as_ref()
            .map(|w| (w.stage1.len(), w.stage2.len()))
    }

    /// Number of feature rows in the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_rows() + self.stage2.as_ref().map_or(0, Weights::n_rows)
    }

    /// First-stage labels of a document's sentences (clusters filled in place).
    /// `codes` are the sentences' span codes ([`mark`]); `history` starts empty for the
    /// document and ends holding the first stage's type counts.
    fn stage1(
        &self,
        sents: &mut [Vec<TokFeat>],
        codes: &[Vec<u32>],
        feats: &mut Vec<u64>,
        history: &mut History,
        mut record: Option<&mut Vec<(u64, u8)>>,
    ) -> Vec<Vec<u8>> {
        let mut out = Vec::with_capacity(sents.len());
        for (toks, gz) in sents.iter_mut().zip(codes) {
            self.clusters.fill(toks);
            let mut labels = Vec::with_capacity(toks.len());
            decode(
                &self.weights,
                toks,
                gz,
                history,
                None,
                self.shortcut,
                self.words.as_ref().map(|w| &w.stage1),
                record.as_deref_mut(),
                feats,
                &mut labels,
            );
            history.record(toks, &labels);
            out.push(labels);
        }
        out
    }

    /// BILOU labels of a whole document, given its sentences' token features: first stage,
    /// second stage when the model has one, then the consistency pass.
    pub(crate) fn tag_doc(&self, sents: &mut [Vec<TokFeat>]) -> Vec<Vec<u8>> {
        self.tag_doc_recording(sents, None)
    }

    /// As [`Ner::tag_doc`], recording each stage's scored words (shortcut context, label) in
    /// `record` (cleared first) when given.
    fn tag_doc_recording(
        &self,
        sents: &mut [Vec<TokFeat>],
        mut record: Option<&mut [Vec<(u64, u8)>; 2]>,
    ) -> Vec<Vec<u8>> {
        let mut feats = Vec::new();
        let codes = span_codes(sents);
        let mut history = History::for_doc(sents.iter());
        if let Some(record) = record.as_deref_mut() {
            record.iter_mut().for_each(Vec::clear);
        }
        let stage1 = self.stage1(
            sents,
            &codes,
            &mut feats,
            &mut history,
            record.as_deref_mut().map(|r| &mut r[0]),
        );
        let mut out = match &self.stage2 {
            None => stage1,
            Some(weights) => {
                let agg = DocAgg::new(sents, &stage1);
                history.counts.clear();
                let mut out = Vec::with_capacity(sents.len());
                for ((toks, s1), gz) in sents.iter().zip(&stage1).zip(&codes) {
                    let mut labels = Vec::with_capacity(toks.len());
                    decode(
                        weights,
                        toks,
                        gz,
                        &history,
                        Some((s1, &agg)),
                        self.shortcut,
                        self.words.as_ref().map(|w| &w.stage2),
                        record.as_deref_mut().map(|r| &mut r[1]),
                        &mut feats,
                        &mut labels,
                    );
                    history.record(toks, &labels);
                    out.push(labels);
                }
                out
            }
        };
        for ((toks, labels), codes) in sents.iter().zip(out.iter_mut()).zip(&codes) {
            join_particles(toks, labels);
            split_org_person(toks, codes, labels);
        }
        let keys: Vec<Vec<u64>> = sents
            .iter()
            .map(|t| t.iter().map(|x| x.lower).collect())
            .collect();
        harmonise(&keys, &mut out);
        out
    }

    /// Tags a document given as sentences of words; returns IOB2 tags per sentence.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<String>> {
        let mut sents: Vec<Vec<TokFeat>> = sentences
            .iter()
            .map(|words| words.iter().map(|w| TokFeat::new(w)).collect())
            .collect();
        self.tag_doc(&mut sents)
            .iter()
            .map(|l| iob_tags(l))
            .collect()
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
        self.annotate_toks(doc, &crate::DocToks::of(doc));
    }
}

impl Ner {
    /// Finds the entity mentions of `doc`, whose token features are `toks`.
    pub(crate) fn annotate_toks(&self, doc: &mut Doc, toks: &crate::DocToks) {
        let mut mentions = Vec::new();
        let ranges = &toks.ranges;
        let mut sents: Vec<Vec<TokFeat>> = ranges
            .iter()
            .map(|range| toks.sentence(range).to_vec())
            .collect();
        let all_labels = self.tag_doc(&mut sents);
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
    /// Train a second stage over the first stage's document-wide labels.
    pub two_stage: bool,
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
    let folds = 4;
    if !opts.two_stage {
        return train_stage(&docs, None, opts, &mut rng, clusters, dev, &mut log);
    }
    // Second-stage inputs on the training side come from first-stage models that did not see
    // the document (4-fold jackknife), so the second stage learns how far to trust them.
    let mut stage1: Vec<Vec<Vec<u8>>> = vec![Vec::new(); docs.len()];
    for fold in 0..folds {
        let rest: Vec<EncodedDoc> = docs
            .iter()
            .enumerate()
            .filter(|(d, _)| d % folds != fold)
            .map(|(_, doc)| doc.clone())
            .collect();
        let mut fold_rng = crate::model::Rng::new(opts.seed.wrapping_add(fold as u64 + 1));
        let (fold_ner, _) = train_stage(
            &rest,
            None,
            opts,
            &mut fold_rng,
            clusters,
            dev,
            &mut |_, _| {},
        );
        let mut feats = Vec::new();
        for (d, doc) in docs.iter().enumerate().filter(|(d, _)| d % folds == fold) {
            let mut sents: Vec<Vec<TokFeat>> = doc.iter().map(|(t, _)| t.clone()).collect();
            let codes = span_codes(&sents);
            let mut history = History::for_doc(sents.iter());
            stage1[d] = fold_ner.stage1(&mut sents, &codes, &mut feats, &mut history, None);
        }
    }
    let (first, _) = train_stage(&docs, None, opts, &mut rng, clusters, dev, &mut |_, _| {});
    let (second, curve) = train_stage(
        &docs,
        Some((&stage1, &first.weights)),
        opts,
        &mut rng,
        clusters,
        dev,
        &mut log,
    );
    (second, curve)
}

/// Trains one stage: the first (`stage1` = `None`), or the second given the jackknifed
/// first-stage labels of every training document and the final first-stage weights.
#[allow(clippy::too_many_arguments)]
fn train_stage(
    docs: &[EncodedDoc],
    stage1: Option<(&[Vec<Vec<u8>>], &Weights)>,
    opts: &NerTrainOptions,
    rng: &mut crate::model::Rng,
    clusters: &Clusters,
    dev: &[crate::corpus::Sentence],
    log: &mut dyn FnMut(usize, f64),
) -> (Ner, Vec<f64>) {
    let aggs: Vec<DocAgg> = match stage1 {
        Some((labels, _)) => docs
            .iter()
            .zip(labels)
            .map(|(doc, l)| {
                let sents: Vec<Vec<TokFeat>> = doc.iter().map(|(t, _)| t.clone()).collect();
                DocAgg::new(&sents, l)
            })
            .collect(),
        None => Vec::new(),
    };
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut trainer = Trainer::new(N_LABELS);
    let mut feats = Vec::new();
    let codes: Vec<Vec<Vec<u32>>> = docs
        .iter()
        .map(|doc| {
            let sents: Vec<Vec<TokFeat>> = doc.iter().map(|(t, _)| t.clone()).collect();
            span_codes(&sents)
        })
        .collect();
    let mut scores = [0f32; N_LABELS];
    let mut history = History::default();
    let mut labels: Vec<u8> = Vec::new();
    let mut best: Option<(f64, Ner)> = None;
    let mut curve = Vec::new();
    let build = |weights: Weights| match stage1 {
        Some((_, first)) => Ner {
            weights: first.clone(),
            stage2: Some(weights),
            clusters: clusters.clone(),
            shortcut: false,
            words: None,
        },
        None => Ner {
            weights,
            stage2: None,
            clusters: clusters.clone(),
            shortcut: false,
            words: None,
        },
    };
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &d in &order {
            history.clear(docs[d].iter().map(|(t, _)| t));
            for (s, (toks, gold)) in docs[d].iter().enumerate() {
                let ctx = match stage1 {
                    Some((all, _)) => all
                        .get(d)
                        .and_then(|doc| doc.get(s))
                        .zip(aggs.get(d))
                        .map(|(l, a)| (l.as_slice(), a)),
                    None => None,
                };
                let info = sent_info(toks);
                let gz = codes
                    .get(d)
                    .and_then(|c| c.get(s))
                    .map_or(&[][..], Vec::as_slice);
                labels.clear();
                let (mut prev, mut prev2) = (START, START);
                let mut prev_label = None;
                for i in 0..toks.len() {
                    let h0 = toks.get(i).map_or(0, |t| history.best(t.lower));
                    features(
                        toks, gz, i, prev, prev2, info, &history, h0, ctx, &mut feats,
                    );
                    trainer.tick();
                    trainer.score(&feats, &mut scores);
                    let last = i + 1 == toks.len();
                    let lone = no_lone_entity(toks.get(i));
                    let ok =
                        |c: usize| allowed(prev_label, c, last) && !(lone && split(c).0 == Pos::U);
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
        let ner = build(trainer.finish(opts.prune));
        let f1 = crate::eval::ner_report(&ner, dev, false).f1;
        log(epoch, f1);
        curve.push(f1);
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, ner));
        }
    }
    let ner = match best {
        Some((_, ner)) => ner,
        None => build(trainer.finish(opts.prune)),
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

    fn toks(words: &[&str]) -> Vec<TokFeat> {
        words.iter().map(|w| TokFeat::new(w)).collect()
    }

    #[test]
    fn span_codes_mark_quotes_brackets_and_org_words_ahead() {
        let sentence = toks(&[
            "They",
            "saw",
            "\"",
            "Casablanca",
            "\"",
            "at",
            "Jones",
            "Medical",
            "Inc",
            "(",
            "JMI",
            ")",
        ]);
        let mut codes = Vec::new();
        mark(&sentence, &mut codes);
        assert_eq!(codes.len(), sentence.len());
        assert_ne!(codes[3] & IN_QUOTES, 0);
        assert_eq!(codes[6] & IN_QUOTES, 0);
        assert_ne!(codes[10] & IN_PARENS, 0);
        assert_eq!(codes[8] & IN_PARENS, 0);
        assert_eq!((codes[6] >> ORG_AHEAD) & 3, 2);
        assert_eq!((codes[7] >> ORG_AHEAD) & 3, 1);
        assert_eq!((codes[1] >> ORG_AHEAD) & 3, 0);
        // An unclosed quote marks nothing.
        let mut codes = Vec::new();
        mark(&toks(&["\"", "Casablanca", "is"]), &mut codes);
        assert_eq!(codes[1] & IN_QUOTES, 0);
    }

    #[test]
    fn document_topic_and_word_case() {
        let headline = toks(&["SOCCER", "-", "JAPAN", "GET", "WIN"]);
        let body = toks(&["Japan", "won", "the", "game", "in", "Syria", "."]);
        assert_eq!(topic_of(Some(&headline)), TokFeat::new("soccer").lower);
        assert_eq!(topic_of(Some(&body)), 0);
        assert_eq!(topic_of(None), 0);
        let doc = [headline.clone(), body];
        let history = History::for_doc(doc.iter());
        assert_eq!(history.topic, TokFeat::new("soccer").lower);
        assert_eq!(history.case_of(TokFeat::new("GAME").lower), 1);
        assert_eq!(history.case_of(TokFeat::new("SYRIA").lower), 2);
        assert_eq!(history.case_of(TokFeat::new("GET").lower), 0);
        // A document of headlines only gives no evidence.
        let only = [headline];
        assert_eq!(
            History::for_doc(only.iter()).case_of(TokFeat::new("GET").lower),
            4
        );
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

    #[test]
    fn a_mention_running_from_an_organisation_into_a_name_is_split() {
        let words = [
            "the",
            "Serbian",
            "Police",
            "Dragan",
            "Jovanovic",
            "resigned",
        ];
        let toks: Vec<TokFeat> = words.iter().map(|w| TokFeat::new(w)).collect();
        let mut codes = Vec::new();
        mark(&toks, &mut codes);
        let org = 1 + 4;
        // One organisation mention over "Serbian Gendarmerie Bratislav Dikic".
        let mut labels = vec![0, org, org + 1, org + 1, org + 2, 0];
        split_org_person(&toks, &codes, &mut labels);
        assert_eq!(
            iob_tags(&labels),
            ["O", "B-ORG", "I-ORG", "B-PER", "I-PER", "O"]
        );
        // Without a given name after the organisation word, nothing is split.
        let words = ["the", "Serbian", "Police", "Special", "Unit", "resigned"];
        let toks: Vec<TokFeat> = words.iter().map(|w| TokFeat::new(w)).collect();
        mark(&toks, &mut codes);
        let mut labels = vec![0, org, org + 1, org + 1, org + 2, 0];
        split_org_person(&toks, &codes, &mut labels);
        assert_eq!(
            iob_tags(&labels),
            ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
        );
    }

    /// Sentences written for this test: a headline, lowercase text, particles, hyphenated
    /// and diacritic names, numbers and an organisation with a lowercase word inside.
    const SHORTCUT_TEXT: &[&str] = &[
        "Ursula von der Leyen met the mayor of Novi Sad on Tuesday .",
        "PRIME MINISTER VISITS BELGRADE AHEAD OF TALKS",
        "we flew to paris with jean-claude and the minister of finance .",
        "Shares in the Bank of England fell 3 % after Aleksandar Vučić spoke .",
        "Mohammed bin Salman and the head of the Security Council said so .",
        "later that day merkel and macron met in berlin .",
        "merkel spoke first ; the bank of england said nothing .",
    ];

    #[test]
    fn shortcut_gives_the_labels_of_full_scoring_on_varied_text() {
        let models = crate::Models::load_default().expect("embedded models load");
        let ner = models.ner.expect("an entity model is shipped");
        let sentences: Vec<Vec<&str>> = SHORTCUT_TEXT
            .iter()
            .map(|line| line.split(' ').collect())
            .collect();
        let with = ner.clone().with_shortcut(true).tag_document(&sentences);
        let without = ner.with_shortcut(false).tag_document(&sentences);
        assert_eq!(with, without);
    }

    /// Words scored by each stage and the labels `ner` gives the sentences `text`, one
    /// document.
    fn tag_counting(ner: &Ner, text: &[&str]) -> (usize, Vec<Vec<u8>>) {
        let mut sents: Vec<Vec<TokFeat>> = text
            .iter()
            .map(|s| s.split(' ').map(TokFeat::new).collect())
            .collect();
        let mut record = [Vec::new(), Vec::new()];
        let labels = ner.tag_doc_recording(&mut sents, Some(&mut record));
        (record[0].len() + record[1].len(), labels)
    }

    #[test]
    fn word_shortcuts_skip_scoring_and_survive_the_file() {
        let models = crate::Models::load_default().expect("embedded models load");
        let ner = models.ner.expect("an entity model is shipped");
        let (one, two) = ner
            .word_shortcut_contexts()
            .expect("the shipped model has shortcuts");
        assert!(one > 0 && two > 0, "{one} {two}");
        let text = [
            "The minister met officials of the European Union in Brussels on Monday .",
            "He said the talks with Serbia would go on .",
            "But it was not clear when they would end .",
        ];
        let plain = ner.without_word_shortcuts();
        let (with_n, with_labels) = tag_counting(&ner, &text);
        let (plain_n, plain_labels) = tag_counting(&plain, &text);
        assert!(
            with_n < plain_n,
            "{with_n} scored with shortcuts, {plain_n} without"
        );
        assert_eq!(with_labels, plain_labels);
        let read = Ner::from_bytes(&ner.to_bytes()).expect("reads back");
        assert_eq!(read.word_shortcut_contexts(), Some((one, two)));
        assert_eq!(tag_counting(&read, &text), (with_n, with_labels));
        let read = Ner::from_bytes(&plain.to_bytes()).expect("reads back");
        assert_eq!(read.word_shortcut_contexts(), None);
        let bytes = ner.to_bytes();
        assert!(Ner::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn word_shortcuts_need_frequent_contexts_labelled_one_way() {
        let models = crate::Models::load_default().expect("embedded models load");
        let ner = models
            .ner
            .expect("an entity model is shipped")
            .without_word_shortcuts();
        // Each sentence is its own document (every one opens a new document).
        let text: Vec<_> = (0..25)
            .map(|_| {
                crate::corpus::Sentence::of_words("But officials in Paris said nothing .", true)
            })
            .collect();
        let learned = ner.with_word_shortcuts(&text);
        let (one, _) = learned
            .word_shortcut_contexts()
            .expect("tables were learned");
        assert!(one > 0);
        let words = ["But officials in Paris said nothing ."];
        let (with_n, with_labels) = tag_counting(&learned, &words);
        let (plain_n, plain_labels) = tag_counting(&ner, &words);
        assert!(with_n < plain_n);
        assert_eq!(with_labels, plain_labels);
        let rare = ner.with_word_shortcuts(&text[..19]);
        assert_eq!(rare.word_shortcut_contexts(), Some((0, 0)));
    }

    #[test]
    fn plainly_outside_only_plain_words() {
        let models = crate::Models::load_default().expect("embedded models load");
        let ner = models.ner.expect("an entity model is shipped");
        let words = ["the", "Paris", "von", ",", "g20", "said", "zzqx"];
        let mut toks: Vec<TokFeat> = words.iter().map(|w| TokFeat::new(w)).collect();
        ner.clusters.fill(&mut toks);
        let empty = History::default();
        let plain = |t: &TokFeat| plainly_outside(t, 0, false, false, &empty, None);
        assert!(plain(&toks[0]), "a common lowercase word");
        assert!(!plain(&toks[1]), "a capitalised word");
        assert!(!plain(&toks[2]), "a name particle");
        assert!(plain(&toks[3]), "punctuation");
        assert!(!plain(&toks[4]), "a word with a digit");
        assert!(plain(&toks[5]));
        assert!(!plain(&toks[6]), "a word unlabelled text never showed");
        // Inside an open entity, after a first-stage entity label or in a name-list span, the
        // word is scored; in a sentence without capitals only punctuation is skipped.
        let agg = DocAgg::new(&[toks.clone()], &[vec![0; toks.len()]]);
        assert!(!plainly_outside(&toks[0], 0, true, false, &empty, None));
        assert!(!plainly_outside(
            &toks[0],
            0,
            false,
            false,
            &empty,
            Some((1, &agg))
        ));
        assert!(!plainly_outside(&toks[0], 1, false, false, &empty, None));
        assert!(!plainly_outside(&toks[0], 0, false, true, &empty, None));
        assert!(plainly_outside(&toks[3], 0, false, true, &empty, None));
        // A word this stage already called an entity in the document is scored.
        let mut history = History::default();
        let u_per = 4;
        history.record(&toks[5..6], &[u_per]);
        assert!(!plainly_outside(&toks[5], 0, false, false, &history, None));
        // Second stage: a rare lowercase word the first stage left out everywhere is skipped,
        // one it called an entity elsewhere in the document is scored.
        assert!(plainly_outside(
            &toks[6],
            0,
            false,
            false,
            &empty,
            Some((0, &agg))
        ));
        let mut elsewhere = vec![0; toks.len()];
        elsewhere[6] = u_per;
        let named = DocAgg::new(
            &[toks.clone(), toks.clone()],
            &[vec![0; toks.len()], elsewhere],
        );
        assert!(!plainly_outside(
            &toks[6],
            0,
            false,
            false,
            &empty,
            Some((0, &named))
        ));
    }
}
