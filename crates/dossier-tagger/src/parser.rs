//! Dependency parser: greedy arc-eager transitions scored by an averaged perceptron.
//!
//! One perceptron chooses among SHIFT, REDUCE, LEFT-ARC and RIGHT-ARC from Zhang & Nivre (2011)
//! style features (words, tags, heads, leftmost/rightmost children and their labels, distance,
//! valency) plus word clusters, suffixes, the number of punctuation tokens between the stack top
//! and the buffer front, and the word of the buffer front's leftmost child; a second perceptron
//! labels each arc when it is made (using, among others, the words of the dependent's outermost
//! children, which tell `obl` from `obj` and `nmod` from `compound`, and a finer tag of head
//! and dependent: closed-class words as themselves, verbs by ending, nouns by number), so
//! neither needs a 100-class weight row per feature. Templates that an ablation on EWT dev showed to add nothing
//! were left out, since every template costs a weight lookup per transition. Punctuation is
//! labelled `punct` without scoring, and forced transitions are not scored. Training follows
//! the dynamic oracle with exploration (Goldberg & Nivre 2012) over sentences with
//! part-of-speech tags predicted by a tagger trained on the other folds (jackknifing), so the
//! parser learns from the kind of tags it will see.
//!
//! A right arc is labelled before the dependent has any right children, so a third perceptron
//! (the relabeller) rescores the labels of the finished tree, seeing all children of the
//! dependent with their first-pass labels and words (a subject, a `to`, a marker, the
//! preposition), the head's other children, its relation and the grandparent. Its scores are
//! added to the first pass's (with a weight chosen on dev), and only labels whose first-pass
//! margin is small are rescored. It is trained on the trees the finished first pass builds for
//! the training sentences, without the first-pass label of the arc itself (on training
//! sentences that label is nearly always right, so it would learn to copy it).
//!
//! Before the relabeller, an optional second-pass head corrector ([`crate::reattach`]) moves
//! words whose first-pass head looks wrong to a better nearby head; it reads the arc margins
//! and the arc evidence (how far each arc the first pass weighed fell below its chosen move)
//! that the first pass records while parsing.

use dossier_core::{Annotator, DepLabel, Doc, Layer, Upos, DEP_LABELS};

use crate::clusters::Clusters;
use crate::feat::{Fx, TokFeat};
use crate::model::{argmax, Reader, Trainer, Weights, Writer};
use crate::ModelError;

/// Kind string of model files without the second-pass relabeller (still readable).
const KIND: &str = "parser";
/// Kind string of model files with the relabeller, stored after the clusters.
const KIND_RELABEL: &str = "parser+relabel";
/// Kind strings of model files with the second-pass head corrector (see [`crate::reattach`]),
/// stored after the relabeller (if any).
const KIND_REATTACH: &str = "parser+relabel+reattach";
const KIND_REATTACH_ONLY: &str = "parser+reattach";
/// Template ids of the shortcut contexts of transitions and of labels.
const MOVE_CONTEXT: u32 = 820;
const LABEL_CONTEXT: u32 = 821;
/// A transition context enters the shortcut table when the parser made one move in at least
/// this share of at least this many of its scored configurations (see [`crate::shortcut`]).
const MOVE_SHORTCUT: (u32, f64) = (50, 0.999);
/// The same for label contexts.
const LABEL_SHORTCUT: (u32, f64) = (20, 0.999);
/// No word (an empty slot of the configuration).
const NONE: u32 = u32::MAX;
/// Transitions.
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;
const N_MOVES: usize = 4;

/// Reusable buffers and the parser configuration.
#[derive(Default, Debug)]
pub(crate) struct Scratch {
    /// Output: head of each word (1-based, 0 = root), index 0 = first word.
    pub heads: Vec<u32>,
    /// Output: label of each word (index into [`DEP_LABELS`]).
    pub labels: Vec<u8>,
    state: State,
    feats: Vec<u64>,
    toks: Vec<TokFeat>,
    punct: Vec<u16>,
    /// First-pass labels, read by the relabeller while it rewrites `labels`.
    first: Vec<u8>,
    /// Children of each word in a finished tree (see [`Children`]).
    kids: Children,
    /// Finer tags of the sentence's words.
    fine: Vec<u64>,
    /// First-pass label scores of each word (row `i - 1` for word `i`; zeros when unscored).
    first_scores: Vec<i32>,
    /// First-pass margin of each word's label (best minus second best score; `i32::MIN` when
    /// the label was not scored, so such words are always rescored).
    margins: Vec<i32>,
    /// First-pass move margin of the arc to each word (best minus second-best legal move;
    /// `i32::MAX` when the move was forced, `i32::MIN` when `finish` attached the word).
    pub(crate) arc_margins: Vec<i32>,
    /// Arcs the first pass could have made, sorted: (dependent, head, how far the arc's move
    /// score fell below the chosen move's), for every scored configuration.
    pub(crate) arc_evidence: Vec<(u32, u32, i32)>,
    /// Record `arc_evidence` even without a head corrector (for its training trees).
    pub(crate) record_evidence: bool,
    /// Words the head corrector moved.
    moved: Vec<u32>,
    re: crate::reattach::Scratch,
    /// Record every scored decision in `decisions` (to learn shortcuts from).
    pub(crate) record_decisions: bool,
    /// The scored decisions of the last sentence, when `record_decisions`.
    pub(crate) decisions: Vec<Decision>,
}

/// One scored decision of the parser, recorded to learn shortcuts from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    /// A label (else a transition).
    label: bool,
    /// Its shortcut context ([`move_context`] or [`label_context`]).
    context: u64,
    /// The move or label, as the finished tree has it: a move is [`N_MOVES`] when the head
    /// corrector later moved the dependent of its arc or moved a word onto the arc between
    /// its configuration's stack top and buffer front (whose score it weighed as evidence); a
    /// label is the tree's final label (after the relabeller), `u8::MAX` when the head
    /// corrector moved the word.
    class: u8,
    /// Stack top and buffer front of a transition's configuration; head and dependent of a
    /// label's arc.
    words: (u32, u32),
}

/// The children of every word of a finished tree, in sentence order (compressed rows).
#[derive(Default, Debug)]
pub(crate) struct Children {
    /// Children of word `i` (0 = root) are `list[start[i]..start[i + 1]]`.
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Scratch {
    /// Buffers that record the arc evidence even without a head corrector.
    pub(crate) fn recording() -> Scratch {
        Scratch {
            record_evidence: true,
            ..Scratch::default()
        }
    }

    /// Detector scores of the words the head corrector considered in the last sentence.
    pub(crate) fn suspicion(&self) -> &[i32] {
        &self.re.suspicion
    }
}

impl Children {
    /// Rebuilds the lists from 1-based `heads` (0 = root).
    pub(crate) fn build(&mut self, heads: &[u32]) {
        let n = heads.len();
        self.start.clear();
        self.start.resize(n + 2, 0);
        for h in heads {
            if let Some(c) = self.start.get_mut(*h as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..self.start.len() {
            self.start[i] += self.start[i - 1];
        }
        self.list.clear();
        self.list.resize(n, 0);
        // `start[h]` is used as a cursor and restored afterwards.
        for (d, h) in heads.iter().enumerate() {
            if let Some(at) = self.start.get_mut(*h as usize) {
                if let Some(slot) = self.list.get_mut(*at as usize) {
                    *slot = d as u32 + 1;
                }
                *at += 1;
            }
        }
        for i in (1..self.start.len()).rev() {
            self.start[i] = self.start[i - 1];
        }
        self.start[0] = 0;
    }

    /// Children of word `i`.
    #[inline]
    pub(crate) fn of(&self, i: u32) -> &[u32] {
        let i = i as usize;
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.list.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// An arc-eager configuration over words `1..=n` with `0` the root.
#[derive(Default, Debug, Clone)]
struct State {
    n: usize,
    stack: Vec<u32>,
    b: u32,
    head: Vec<u32>,
    label: Vec<u8>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    root_children: u32,
}

impl State {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        self.label.clear();
        self.label.resize(n + 1, 0);
        self.n_left.clear();
        self.n_left.resize(n + 1, 0);
        self.n_right.clear();
        self.n_right.resize(n + 1, 0);
        self.lset.clear();
        self.lset.resize(n + 1, 0);
        self.rset.clear();
        self.rset.resize(n + 1, 0);
        self.root_children = 0;
    }

    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn s1(&self) -> u32 {
        if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        }
    }

    fn b_at(&self, k: u32) -> u32 {
        let i = self.b + k;
        if (i as usize) <= self.n {
            i
        } else {
            NONE
        }
    }

    fn done(&self) -> bool {
        self.b as usize > self.n
    }

    fn has_head(&self, w: u32) -> bool {
        self.head.get(w as usize).is_some_and(|h| *h != NONE)
    }

    fn legal(&self, mv: usize) -> bool {
        let s0 = self.s0();
        match mv {
            SHIFT => !self.done(),
            REDUCE => s0 != NONE && s0 != 0 && self.has_head(s0),
            LEFT => !self.done() && s0 != NONE && s0 != 0 && !self.has_head(s0),
            RIGHT => !self.done() && s0 != NONE && (s0 != 0 || self.root_children == 0),
            _ => false,
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (hu, du) = (h as usize, d as usize);
        if hu > self.n || du > self.n {
            return;
        }
        self.head[du] = h;
        self.label[du] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.lc2[hu] = self.lc1[hu];
            self.lc1[hu] = d;
            self.n_left[hu] = self.n_left[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            if self.rc1[hu] != NONE {
                self.rc2[hu] = self.rc1[hu];
            }
            self.rc1[hu] = d;
            self.n_right[hu] = self.n_right[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
        if h == 0 {
            self.root_children += 1;
        }
    }

    fn apply(&mut self, mv: usize, label: u8) {
        let s0 = self.s0();
        let b0 = self.b;
        match mv {
            SHIFT => {
                self.stack.push(b0);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                self.add_arc(b0, s0, label);
                self.stack.pop();
            }
            _ => {
                self.add_arc(s0, b0, label);
                self.stack.push(b0);
                self.b += 1;
            }
        }
    }
}

/// Per-word values read by features: word hash, tag, and padding for root and empty slots
/// (read by the parser's passes and the head corrector).
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    /// Token features with clusters filled.
    pub(crate) toks: &'a [TokFeat],
    /// UPOS indices.
    pub(crate) tags: &'a [u8],
    /// Finer tags (see [`fine_tags`]).
    pub(crate) fine: &'a [u64],
    /// `punct[i]`: punctuation tokens among words `1..=i` (index 0 = root, no word).
    pub(crate) punct: &'a [u16],
}

/// Fills `out` with running counts of punctuation tokens (see [`Words::punct`]).
impl<'a> Words<'a> {
    /// The words of a sentence with their tags, computing the punctuation counts and finer
    /// tags into the reusable buffers `punct` and `fine`.
    pub(crate) fn new(
        toks: &'a [TokFeat],
        tags: &'a [u8],
        punct: &'a mut Vec<u16>,
        fine: &'a mut Vec<u64>,
    ) -> Words<'a> {
        punct_counts(toks, punct);
        fine_tags(toks, tags, fine);
        Words {
            toks,
            tags,
            fine,
            punct,
        }
    }
}

fn punct_counts(toks: &[TokFeat], out: &mut Vec<u16>) {
    out.clear();
    out.push(0);
    let mut n = 0u16;
    for t in toks {
        n = n.saturating_add(u16::from(t.flags & crate::feat::flag::PUNCT != 0));
        out.push(n);
    }
}

/// Suffix hashes that refine a tag: "-ing", "-ed", "-s" and "-ss".
struct Endings {
    ing: u64,
    ed: u64,
    s: u64,
    ss: u64,
}

fn endings() -> &'static Endings {
    static ENDINGS: std::sync::OnceLock<Endings> = std::sync::OnceLock::new();
    ENDINGS.get_or_init(|| Endings {
        ing: TokFeat::new("ing").suffix[2],
        ed: TokFeat::new("ed").suffix[1],
        s: TokFeat::new("s").suffix[0],
        ss: TokFeat::new("ss").suffix[1],
    })
}

/// Fills `out` with a finer tag per word, something like the treebank's XPOS: closed-class
/// words (adpositions, auxiliaries, conjunctions, determiners, particles, pronouns) are their
/// own tag, verbs are split by ending ("-ing", "-ed", "-s", other) and nouns by number.
fn fine_tags(toks: &[TokFeat], tags: &[u8], out: &mut Vec<u64>) {
    let e = endings();
    out.clear();
    for (t, tag) in toks.iter().zip(tags) {
        let tag64 = u64::from(*tag);
        let fine = match *tag {
            1 | 3 | 4 | 5 | 9 | 10 | 13 => Fx::new(700).add(tag64).add(t.lower).finish(),
            15 => {
                let class = if t.suffix[2] == e.ing {
                    1
                } else if t.suffix[1] == e.ed {
                    2
                } else if t.suffix[0] == e.s && t.suffix[1] != e.ss {
                    3
                } else {
                    0
                };
                tag64 + 64 * class
            }
            7 | 11 => {
                let plural = t.suffix[0] == e.s && t.suffix[1] != e.ss;
                tag64 + 64 * u64::from(plural) * 3
            }
            _ => tag64,
        };
        out.push(fine);
    }
}

impl Words<'_> {
    /// The finer tag of word `i` (as [`Words::p`] for the root and empty slots).
    #[inline]
    pub(crate) fn q(&self, i: u32) -> u64 {
        match i {
            NONE => 40,
            0 => 41,
            _ => self.fine.get(i as usize - 1).copied().unwrap_or(40),
        }
    }

    /// Punctuation tokens strictly between words `a < b` (capped at 2; 3 when either is empty).
    #[inline]
    pub(crate) fn punct_between(&self, a: u32, b: u32) -> u64 {
        if a == NONE || b == NONE || a >= b {
            return 3;
        }
        let at = |i: u32| self.punct.get(i as usize).copied().unwrap_or(0);
        u64::from(at(b - 1).saturating_sub(at(a)).min(2))
    }

    /// Lowercase word hash of the token at 1-based `i` (2 for the root, 1 for none).
    #[inline]
    pub(crate) fn w(&self, i: u32) -> u64 {
        match i {
            NONE => 1,
            0 => 2,
            _ => self.toks.get(i as usize - 1).map(|t| t.lower).unwrap_or(1),
        }
    }

    #[inline]
    pub(crate) fn c(&self, i: u32) -> [u64; 3] {
        match i {
            NONE | 0 => [0; 3],
            _ => self
                .toks
                .get(i as usize - 1)
                .map(|t| t.cluster)
                .unwrap_or([0; 3]),
        }
    }

    /// Suffix hash of 2 or 3 characters (`k` = 1 or 2) of word `i`.
    #[inline]
    fn suf(&self, i: u32, k: usize) -> u64 {
        match i {
            NONE => 1,
            0 => 2,
            _ => self
                .toks
                .get(i as usize - 1)
                .and_then(|t| t.suffix.get(k).copied())
                .unwrap_or(1),
        }
    }

    #[inline]
    pub(crate) fn p(&self, i: u32) -> u64 {
        match i {
            NONE => 40,
            0 => 41,
            _ => self
                .tags
                .get(i as usize - 1)
                .map(|t| u64::from(*t))
                .unwrap_or(40),
        }
    }
}

#[inline]
fn get(v: &[u32], i: u32) -> u32 {
    if i == NONE {
        NONE
    } else {
        v.get(i as usize).copied().unwrap_or(NONE)
    }
}

#[inline]
fn lab(st: &State, i: u32) -> u64 {
    if i == NONE {
        99
    } else {
        st.label
            .get(i as usize)
            .map(|l| u64::from(*l))
            .unwrap_or(99)
    }
}

/// Most transition features a configuration has (the templates of [`move_features`]).
const MOVE_TEMPLATES: usize = 72;

/// Transition features of a configuration.
fn move_features(st: &State, ws: &Words, out: &mut Vec<u64>) {
    // Keys are written straight into `out`'s spare room and its length set once: a
    // `Vec::push` per template would check the capacity and store the length 67 times per
    // transition, and a zeroed stack array copied out cost a `memset` and a `memcpy`.
    out.clear();
    out.reserve(MOVE_TEMPLATES);
    let spare = out.spare_capacity_mut();
    let mut n = 0;
    let mut push = |key: u64| {
        if let Some(slot) = spare.get_mut(n) {
            slot.write(key);
        }
        n += 1;
    };
    let s0 = st.s0();
    let s1 = st.s1();
    let b0 = st.b_at(0);
    let b1 = st.b_at(1);
    let b2 = st.b_at(2);
    let s0h = get(&st.head, s0);
    let s0h2 = get(&st.head, s0h);
    let s0l = get(&st.lc1, s0);
    let s0l2 = get(&st.lc2, s0);
    let s0r = get(&st.rc1, s0);
    let s0r2 = get(&st.rc2, s0);
    let b0l = get(&st.lc1, b0);
    let b0l2 = get(&st.lc2, b0);
    let (s0w, s0p) = (ws.w(s0), ws.p(s0));
    let (b0w, b0p) = (ws.w(b0), ws.p(b0));
    let (b1w, b1p) = (ws.w(b1), ws.p(b1));
    let b2p = ws.p(b2);
    let dist = if s0 != NONE && b0 != NONE {
        u64::from((b0 - s0).min(6))
    } else {
        0
    };
    let s0vl = if s0 == NONE {
        0
    } else {
        u64::from(st.n_left[s0 as usize])
    };
    let s0vr = if s0 == NONE {
        0
    } else {
        u64::from(st.n_right[s0 as usize])
    };
    let f = |t: u32| Fx::new(300 + t);
    push(f(0).key());
    push(f(2).add(s0p).key());
    push(f(3).add(s0w).add(s0p).key());
    push(f(5).add(b0p).key());
    push(f(8).add(b1p).key());
    push(f(9).add(b1w).add(b1p).key());
    push(f(10).add(b2p).key());
    push(f(11).add(ws.w(s1)).key());
    push(f(12).add(ws.p(s1)).key());
    push(f(13).add(s0w).add(s0p).add(b0w).add(b0p).key());
    push(f(14).add(s0w).add(s0p).add(b0w).key());
    push(f(15).add(s0w).add(b0w).add(b0p).key());
    push(f(17).add(s0p).add(b0w).add(b0p).key());
    push(f(18).add(s0w).add(b0w).key());
    push(f(20).add(b0p).add(b1p).key());
    push(f(21).add(b0p).add(b1p).add(b2p).key());
    push(f(22).add(s0p).add(b0p).add(b1p).key());
    push(f(24).add(s0p).add(ws.p(s0l)).add(b0p).key());
    push(f(26).add(s0p).add(b0p).add(ws.p(b0l)).key());
    push(f(27).add(s0w).add(dist).key());
    push(f(28).add(s0p).add(dist).key());
    push(f(30).add(b0p).add(dist).key());
    push(f(32).add(s0p).add(b0p).add(dist).key());
    push(f(34).add(s0p).add(s0vr).key());
    push(f(35).add(s0w).add(s0vl).key());
    push(f(36).add(s0p).add(s0vl).key());
    push(f(39).add(ws.w(s0h)).key());
    push(f(40).add(ws.p(s0h)).key());
    push(f(41).add(lab(st, s0)).key());
    push(f(42).add(ws.w(s0l)).key());
    push(f(43).add(ws.p(s0l)).key());
    push(f(45).add(ws.w(s0r)).key());
    push(f(46).add(ws.p(s0r)).key());
    push(f(47).add(lab(st, s0r)).key());
    push(f(48).add(ws.w(b0l)).key());
    push(f(49).add(ws.p(b0l)).key());
    push(f(50).add(lab(st, b0l)).key());
    push(f(53).add(lab(st, s0h)).key());
    push(f(54).add(ws.p(s0l2)).add(lab(st, s0l2)).key());
    push(f(55).add(ws.p(s0r2)).add(lab(st, s0r2)).key());
    push(f(56).add(ws.p(b0l2)).add(lab(st, b0l2)).key());
    push(f(57).add(s0p).add(ws.p(s0l)).add(ws.p(s0l2)).key());
    push(f(58).add(s0p).add(ws.p(s0r)).add(ws.p(s0r2)).key());
    push(f(60).add(ws.p(s0h2)).add(ws.p(s0h)).add(s0p).key());
    let s0rset = if s0 == NONE { 0 } else { st.rset[s0 as usize] };
    let s0lset = if s0 == NONE { 0 } else { st.lset[s0 as usize] };
    let b0lset = if b0 == NONE { 0 } else { st.lset[b0 as usize] };
    push(f(62).add(s0p).add(s0rset).key());
    push(f(63).add(s0w).add(s0lset).key());
    push(f(64).add(s0p).add(s0lset).key());
    push(f(66).add(b0p).add(b0lset).key());
    push(f(69).add(ws.p(s1)).add(s0p).add(b0p).key());
    push(f(70).add(ws.p(b0.wrapping_sub(1))).add(s0p).add(b0p).key());
    push(f(71).add(ws.p(s0.wrapping_add(1))).add(s0p).add(b0p).key());
    let (s0c, b0c) = (ws.c(s0), ws.c(b0));
    if s0c != [0; 3] || b0c != [0; 3] {
        push(f(72).add(s0c[1]).key());
        push(f(74).add(s0c[2]).add(b0p).key());
        push(f(75).add(s0p).add(b0c[2]).key());
        push(f(91).add(b0c[1]).add(s0p).key());
        push(f(92).add(b0c[2]).key());
        push(f(93).add(s0c[1]).add(b0c[1]).key());
    }
    push(f(94).add(ws.c(b1)[1]).add(b0p).key());
    // Suffixes recover some of what UPOS drops (tense, number: "-ed", "-ing", "-s").
    push(f(80).add(ws.suf(b0, 2)).add(b0p).key());
    push(
        f(81)
            .add(ws.suf(s0, 1))
            .add(ws.suf(b0, 1))
            .add(s0p)
            .add(b0p)
            .key(),
    );
    push(f(82).add(ws.suf(b1, 2)).add(b1p).add(b0p).key());
    push(f(84).add(b0w).add(b1w).key());
    let between = ws.punct_between(s0, b0);
    push(f(85).add(between).add(s0p).add(b0p).key());
    push(f(87).add(ws.w(s1)).add(s0p).add(b0p).key());
    push(f(88).add(ws.w(b0l)).add(s0p).add(b0p).key());
    push(f(89).add(ws.w(s0r)).add(s0p).add(b0p).key());
    push(f(90).add(ws.w(s0l)).add(s0p).add(b0p).key());
    debug_assert!(n <= MOVE_TEMPLATES, "{n} transition features");
    // SAFETY: `n.min(MOVE_TEMPLATES)` is within the spare room (at least MOVE_TEMPLATES long
    // after the `reserve`), and `push` wrote every slot below `n` that lies in it.
    unsafe { out.set_len(n.min(MOVE_TEMPLATES)) };
}

/// Features of the arc `h → d` used to choose its label.
fn label_features(st: &State, ws: &Words, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let dir = u64::from(d < h);
    let dist = if h == 0 {
        7
    } else {
        u64::from(h.abs_diff(d).min(6))
    };
    let (hw, hp, dw, dp) = (ws.w(h), ws.p(h), ws.w(d), ws.p(d));
    let dt = ws
        .toks
        .get((d as usize).wrapping_sub(1))
        .copied()
        .unwrap_or_default();
    let f = |t: u32| Fx::new(400 + t).add(dir);
    out.push(f(0).key());
    out.push(f(1).add(hw).key());
    out.push(f(5).add(hw).add(ws.q(d)).key());
    out.push(f(6).add(ws.q(h)).add(dw).key());
    out.push(f(7).add(hp).add(dp).key());
    out.push(f(36).add(ws.q(h)).add(ws.q(d)).key());
    out.push(f(8).add(hp).add(dp).add(dist).key());
    out.push(f(12).add(dp).add(ws.p(d.wrapping_sub(1))).add(hp).key());
    out.push(f(13).add(lab(st, get(&st.lc1, d))).add(dp).key());
    out.push(
        f(15)
            .add(st.lset.get(h as usize).copied().unwrap_or(0))
            .add(dp)
            .key(),
    );
    out.push(
        f(16)
            .add(st.rset.get(h as usize).copied().unwrap_or(0))
            .add(dp)
            .key(),
    );
    out.push(f(17).add(ws.p(get(&st.head, h))).add(hp).add(dp).key());
    out.push(f(18).add(hp).add(dp).add(ws.p(st.b_at(1))).key());
    out.push(f(23).add(dt.suffix[1]).add(dp).add(hp).key());
    out.push(f(25).add(dw).add(dp).add(dist).key());
    out.push(f(27).add(ws.w(d.wrapping_add(1))).add(dp).key());
    // Function-word children tell obl from obj, nmod from compound, aux from cop.
    let (dl1, dr1) = (get(&st.lc1, d), get(&st.rc1, d));
    out.push(f(29).add(ws.w(dl1)).add(dp).add(hp).key());
    out.push(f(30).add(ws.w(dr1)).add(dp).key());
    out.push(f(34).add(ws.w(get(&st.lc2, d))).add(dp).key());
    let hr1 = get(&st.rc1, h);
    out.push(f(35).add(ws.w(hr1)).add(lab(st, hr1)).add(dp).key());
    out.push(
        f(33)
            .add(ws.punct_between(h.min(d), h.max(d)))
            .add(hp)
            .add(dp)
            .key(),
    );
}

/// Features of the finished arc to word `d` (1-based) for the second-pass relabeller, which
/// sees the whole tree: every child of the dependent with its first-pass label and word (has
/// the clause a subject, a `to`, a marker, a copula; which preposition does the noun take),
/// the head's other children, the head's own relation and the grandparent.
fn relabel_features(
    ws: &Words,
    heads: &[u32],
    first: &[u8],
    kids: &Children,
    d: u32,
    out: &mut Vec<u64>,
) {
    out.clear();
    let at = |i: u32| -> usize { (i as usize).wrapping_sub(1) };
    let Some(&h) = heads.get(at(d)) else {
        return;
    };
    let hl = first.get(at(h)).map(|l| u64::from(*l)).unwrap_or(98);
    let g = heads.get(at(h)).copied().unwrap_or(NONE);
    let dir = u64::from(d < h);
    let dist = if h == 0 {
        7
    } else {
        u64::from(h.abs_diff(d).min(6))
    };
    let (hw, hp, dw, dp) = (ws.w(h), ws.p(h), ws.w(d), ws.p(d));
    let lab_of = |i: u32| -> u64 { first.get(at(i)).map(|l| u64::from(*l)).unwrap_or(99) };
    let f = |t: u32| Fx::new(500 + t).add(dir);
    let dkids = kids.of(d);
    let mut dset = 0u64;
    for &c in dkids {
        dset |= 1u64 << (lab_of(c) % 64);
    }
    let hkids = kids.of(h);
    let mut hset = 0u64;
    // Nearest sibling between the head and `d`, and `d`'s rank among the head's children on
    // its side counted from the head.
    let mut sib = NONE;
    let mut rank = 0u64;
    for &c in hkids {
        if c == d {
            continue;
        }
        hset |= 1u64 << (lab_of(c) % 64);
        let between = if d < h {
            c > d && c < h
        } else {
            c < d && c > h
        };
        if between {
            rank += 1;
            if sib == NONE || c.abs_diff(d) < sib.abs_diff(d) {
                sib = c;
            }
        }
    }
    out.push(f(0).key());
    let (hq, dq) = (ws.q(h), ws.q(d));
    out.push(f(1).add(dq).add(hq).key());
    out.push(f(2).add(dw).add(dp).key());
    out.push(f(3).add(hw).add(dp).key());
    out.push(f(4).add(hp).add(dw).key());
    out.push(f(5).add(hp).add(dp).add(dist).key());
    out.push(f(6).add(ws.suf(d, 2)).add(dp).add(hp).key());
    out.push(f(7).add(dset).add(dp).key());
    out.push(f(8).add(dset).add(dq).add(hq).key());
    out.push(f(9).add(hset).add(dp).key());
    out.push(f(12).add(hl).add(hp).add(dp).key());
    out.push(f(13).add(ws.p(g)).add(hp).add(dp).key());
    out.push(f(14).add(lab_of(sib)).add(ws.p(sib)).add(dp).key());
    out.push(f(15).add(ws.c(d)[1]).add(hp).key());
    out.push(f(16).add(ws.c(h)[1]).add(dp).key());
    out.push(
        f(17)
            .add(ws.punct_between(h.min(d), h.max(d)))
            .add(hp)
            .add(dp)
            .key(),
    );
    out.push(f(18).add(ws.w(d.wrapping_sub(1))).add(dp).key());
    out.push(f(19).add(ws.w(d + 1)).add(dp).key());
    out.push(f(20).add((dkids.len() as u64).min(4)).add(dp).add(hp).key());
    out.push(f(21).add(hw).add(dw).key());
    out.push(f(22).add(rank.min(3)).add(dp).add(hp).key());
    out.push(f(23).add(dset).add(hset).add(dp).add(hp).key());
    out.push(f(24).add(hw).add(hset).key());
    // Copula or auxiliary, modifier or compound: the head's ending and the finer clusters.
    out.push(f(25).add(ws.suf(h, 2)).add(dw).key());
    out.push(f(26).add(ws.c(d)[2]).add(ws.c(h)[2]).key());
    out.push(f(27).add(dw).add(hp).add(dir).key());
    for &c in dkids {
        let lc = lab_of(c);
        out.push(f(10).add(lc).add(ws.w(c)).add(dp).key());
        out.push(
            f(11)
                .add(lc)
                .add(ws.p(c))
                .add(u64::from(c < d))
                .add(dp)
                .add(hp)
                .key(),
        );
    }
}

/// The trained dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    moves: Weights,
    labels: Weights,
    /// Second-pass relabeller over finished trees (absent in files of the older format).
    relabel: Option<Weights>,
    /// Weight of the first-pass label scores added to the relabeller's, in quarters.
    mix: u32,
    /// Only labels whose first-pass margin is below this are rescored.
    skip_margin: u32,
    clusters: Clusters,
    /// Second-pass head corrector (absent in files of the older formats).
    reattach: Option<crate::reattach::Reattacher>,
    /// Decisions taken without scoring in contexts where the parser nearly always takes them
    /// (absent in files of the older formats).
    shortcuts: Option<Shortcuts>,
}

/// The parser's decision shortcuts (see [`crate::shortcut`]).
#[derive(Debug, Clone)]
struct Shortcuts {
    /// Transition by [`move_context`].
    moves: crate::shortcut::Shortcuts,
    /// Label by [`label_context`].
    labels: crate::shortcut::Shortcuts,
}

/// The shortcut context of a configuration: its legal moves (bit `m` for move `m`), the finer
/// tags of the stack top `s0` and the buffer front `b0`, and the tags of the second stack word
/// `s1` and the next buffer word `b1`.
#[inline]
fn move_context(ws: &Words, legal: u64, st: &State) -> u64 {
    Fx::new(MOVE_CONTEXT)
        .add(legal)
        .add(ws.q(st.s0()))
        .add(ws.q(st.b_at(0)))
        .add(ws.p(st.s1()))
        .add(ws.p(st.b_at(1)))
        .key()
}

/// The shortcut context of the arc `h → d`: its direction and the finer tags of both words.
#[inline]
fn label_context(ws: &Words, h: u32, d: u32) -> u64 {
    Fx::new(LABEL_CONTEXT)
        .add(u64::from(d < h))
        .add(ws.q(h))
        .add(ws.q(d))
        .key()
}

impl Parser {
    /// Reads a parser from model-file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        let mut reader = Reader::new(bytes)?;
        let full_kind = reader.str()?;
        let (kind, has_shortcuts) = crate::shortcut::split_kind(&full_kind);
        if ![KIND, KIND_RELABEL, KIND_REATTACH, KIND_REATTACH_ONLY].contains(&kind) {
            return Err(ModelError::Format(format!(
                "expected a parser model, found '{full_kind}'"
            )));
        }
        let moves = reader.template_weights()?;
        let labels = reader.template_weights()?;
        if moves.n_classes() != N_MOVES || labels.n_classes() != DEP_LABELS.len() {
            return Err(ModelError::Format(
                "parser model has the wrong class count".into(),
            ));
        }
        let clusters = Clusters::read(&mut reader)?;
        let relabel = if kind == KIND_RELABEL || kind == KIND_REATTACH {
            let relabel = reader.template_weights()?;
            if relabel.n_classes() != DEP_LABELS.len() {
                return Err(ModelError::Format(
                    "parser relabeller has the wrong class count".into(),
                ));
            }
            Some(relabel)
        } else {
            None
        };
        let (mix, skip_margin) = if relabel.is_some() {
            (reader.u32()?, reader.u32()?)
        } else {
            (0, 0)
        };
        let reattach = if kind == KIND_REATTACH || kind == KIND_REATTACH_ONLY {
            Some(crate::reattach::Reattacher::read(&mut reader)?)
        } else {
            None
        };
        let shortcuts = if has_shortcuts {
            Some(Shortcuts {
                moves: crate::shortcut::Shortcuts::read(&mut reader)?,
                labels: crate::shortcut::Shortcuts::read(&mut reader)?,
            })
        } else {
            None
        };
        Ok(Parser {
            moves,
            labels,
            relabel,
            mix,
            skip_margin,
            clusters,
            reattach,
            shortcuts,
        })
    }

    /// The model-file bytes of this parser.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::new();
        let kind = match (self.relabel.is_some(), self.reattach.is_some()) {
            (false, false) => KIND,
            (true, false) => KIND_RELABEL,
            (true, true) => KIND_REATTACH,
            (false, true) => KIND_REATTACH_ONLY,
        };
        writer.str(&crate::shortcut::join_kind(kind, self.shortcuts.is_some()));
        writer.weights(&self.moves);
        writer.weights(&self.labels);
        self.clusters.write(&mut writer);
        if let Some(relabel) = &self.relabel {
            writer.weights(relabel);
            writer.u32(self.mix);
            writer.u32(self.skip_margin);
        }
        if let Some(reattach) = &self.reattach {
            reattach.write(&mut writer);
        }
        if let Some(shortcuts) = &self.shortcuts {
            shortcuts.moves.write(&mut writer);
            shortcuts.labels.write(&mut writer);
        }
        writer.into_bytes()
    }

    /// A smaller parser: transition rows below `moves_min` and label rows (both passes) below
    /// `labels_min` (largest absolute weight) are dropped, and so are the decision shortcuts
    /// (learned from the unpruned parser's decisions).
    pub fn pruned(&self, moves_min: f32, labels_min: f32) -> Parser {
        Parser {
            moves: self.moves.pruned(moves_min),
            labels: self.labels.pruned(labels_min),
            relabel: self.relabel.as_ref().map(|w| w.pruned(labels_min)),
            mix: self.mix,
            skip_margin: self.skip_margin,
            clusters: self.clusters.clone(),
            // The head corrector is sized when it is trained.
            reattach: self.reattach.clone(),
            // Shortcuts are learned from the finished parser (see `with_shortcuts`).
            shortcuts: None,
        }
    }

    /// This parser without its second-pass relabeller (its shortcuts, learned with it, kept).
    pub fn without_relabeller(&self) -> Parser {
        Parser {
            relabel: None,
            ..self.clone()
        }
    }

    /// This parser with the head corrector `reattach` (or without one); its shortcuts, learned
    /// with the old corrector, are kept.
    pub(crate) fn with_reattacher(&self, reattach: Option<crate::reattach::Reattacher>) -> Parser {
        Parser {
            reattach,
            ..self.clone()
        }
    }

    /// The head corrector, if the model has one.
    pub(crate) fn reattacher(&self) -> Option<&crate::reattach::Reattacher> {
        self.reattach.as_ref()
    }

    /// This parser with decision shortcuts learned from its own decisions on the words of
    /// `sentences`, tagged by `tagger` (see [`crate::shortcut`] and [`Decision`]): a
    /// transition context ([`move_context`]) seen at least 50 times with one move in 99.9% of
    /// them, and a label context ([`label_context`]) seen at least 20 times with one label in
    /// 99.9% of them (with so few cases, in all of them).
    pub fn with_shortcuts(
        &self,
        sentences: &[crate::corpus::Sentence],
        tagger: &crate::PosTagger,
    ) -> Parser {
        let plain = self.without_shortcuts();
        let mut moves = crate::shortcut::Tally::default();
        let mut labels = crate::shortcut::Tally::default();
        let mut pos_scratch = crate::pos::Scratch::default();
        let mut scratch = Scratch {
            record_decisions: true,
            ..Scratch::default()
        };
        for sentence in sentences {
            tagger.tag_into(&sentence.words, &mut pos_scratch);
            plain.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut scratch);
            for decision in &scratch.decisions {
                if decision.label {
                    labels.add(decision.context, decision.class);
                } else {
                    moves.add(decision.context, decision.class);
                }
            }
        }
        Parser {
            shortcuts: Some(Shortcuts {
                moves: moves.table(MOVE_SHORTCUT.0, MOVE_SHORTCUT.1, N_MOVES),
                labels: labels.table(LABEL_SHORTCUT.0, LABEL_SHORTCUT.1, DEP_LABELS.len()),
            }),
            ..self.clone()
        }
    }

    /// This parser without its decision shortcuts: every decision scored.
    pub fn without_shortcuts(&self) -> Parser {
        Parser {
            shortcuts: None,
            ..self.clone()
        }
    }

    /// Number of transition and label contexts in the shortcut tables, if the model has them.
    pub fn shortcut_contexts(&self) -> Option<(usize, usize)> {
        self.shortcuts
            .as_ref()
            .map(|s| (s.moves.len(), s.labels.len()))
    }

    /// This parser without its second-pass head corrector.
    pub fn without_reattacher(&self) -> Parser {
        self.with_reattacher(None)
    }

    /// True when the model has the second-pass relabeller.
    pub fn has_relabeller(&self) -> bool {
        self.relabel.is_some()
    }

    /// Number of feature rows (transitions, labels and relabeller).
    pub fn n_features(&self) -> usize {
        self.moves.n_rows()
            + self.labels.n_rows()
            + self.relabel.as_ref().map_or(0, Weights::n_rows)
            + self
                .reattach
                .as_ref()
                .map_or(0, crate::reattach::Reattacher::n_rows)
    }

    /// Parses one sentence given token features and UPOS indices.
    pub(crate) fn parse_scratch(&self, toks: &[TokFeat], tags: &[u8], scratch: &mut Scratch) {
        let n = toks.len();
        let Scratch {
            heads,
            labels,
            state,
            feats,
            toks: own_toks,
            punct,
            first,
            kids,
            first_scores,
            margins,
            fine,
            arc_margins,
            arc_evidence,
            record_evidence,
            moved,
            re,
            record_decisions,
            decisions,
        } = scratch;
        let record = *record_evidence || self.reattach.is_some();
        let record_decisions = *record_decisions;
        decisions.clear();
        arc_margins.clear();
        arc_margins.resize(n, i32::MIN);
        arc_evidence.clear();
        let n_labels = DEP_LABELS.len();
        if self.relabel.is_some() {
            first_scores.clear();
            first_scores.resize(n * n_labels, 0);
            margins.clear();
            margins.resize(n, i32::MIN);
        }
        // Tokens the tagger stage already gave these clusters are read in place.
        let toks: &[TokFeat] = if self.clusters.filled(toks) {
            toks
        } else {
            own_toks.clear();
            own_toks.extend_from_slice(toks);
            self.clusters.fill(own_toks);
            own_toks
        };
        let ws = Words::new(toks, tags, punct, fine);
        state.reset(n);
        let mut scores = [0i32; N_MOVES];
        let mut label_scores = [0i32; DEP_LABELS.len()];
        let root_label = DepLabel::parse("root").0;
        let punct_label = DepLabel::parse("punct").0;
        let punct_tag = Upos::ALL
            .iter()
            .position(|u| *u == Upos::PUNCT)
            .unwrap_or(usize::MAX) as u8;
        // Each step consumes a word or pops the stack, so 2n + 1 steps always suffice.
        for _ in 0..(2 * n + 2) {
            if state.done() {
                break;
            }
            let legal = |m: usize| state.legal(m);
            let mut only = None;
            let mut n_legal = 0;
            let mut legal_set = 0u64;
            for m in 0..N_MOVES {
                if legal(m) {
                    n_legal += 1;
                    only = Some(m);
                    legal_set |= 1 << m;
                }
            }
            let context = if n_legal > 1 && (self.shortcuts.is_some() || record_decisions) {
                move_context(&ws, legal_set, state)
            } else {
                0
            };
            let shortcut = match &self.shortcuts {
                Some(table) if n_legal > 1 => table
                    .moves
                    .get(context)
                    .map(usize::from)
                    .filter(|m| *m < N_MOVES && legal(*m)),
                _ => None,
            };
            // A forced move (one legal transition) needs no scoring, and neither does a move
            // the shortcut table gives; both count as certain (no arc evidence, top margin).
            let (mv, margin) = match (only, shortcut) {
                (Some(m), _) if n_legal == 1 => (m, i32::MAX),
                (_, Some(m)) => (m, i32::MAX),
                _ => {
                    move_features(state, &ws, feats);
                    self.moves.score(feats, &mut scores);
                    let mv = argmax(&scores, Some(&legal));
                    if record_decisions {
                        decisions.push(Decision {
                            label: false,
                            context,
                            class: mv as u8,
                            words: (state.s0(), state.b),
                        });
                    }
                    let (s0, b0) = (state.s0(), state.b);
                    if record && s0 != 0 && s0 != NONE {
                        if legal(LEFT) {
                            arc_evidence.push((s0, b0, scores[mv].saturating_sub(scores[LEFT])));
                        }
                        if legal(RIGHT) {
                            arc_evidence.push((b0, s0, scores[mv].saturating_sub(scores[RIGHT])));
                        }
                    }
                    let second = (0..N_MOVES)
                        .filter(|m| *m != mv && legal(*m))
                        .map(|m| scores[m])
                        .max()
                        .unwrap_or(i32::MIN);
                    (mv, scores[mv].saturating_sub(second))
                }
            };
            let mut label = 0u8;
            if mv == LEFT || mv == RIGHT {
                let (h, d) = if mv == LEFT {
                    (state.b, state.s0())
                } else {
                    (state.s0(), state.b)
                };
                if let Some(m) = arc_margins.get_mut((d as usize).wrapping_sub(1)) {
                    *m = margin;
                }
                if h == 0 {
                    label = root_label;
                } else if tags.get((d as usize).wrapping_sub(1)) == Some(&punct_tag) {
                    // Punctuation is `punct` (EWT has no other relation for it): no scoring.
                    label = punct_label;
                } else if let Some(l) = self.shortcuts.as_ref().and_then(|table| {
                    let l = table.labels.get(label_context(&ws, h, d))?;
                    (usize::from(l) < n_labels && l != root_label).then_some(l)
                }) {
                    // A shortcut label is certain: the relabeller leaves it alone.
                    label = l;
                    if let Some(m) = margins.get_mut((d as usize).wrapping_sub(1)) {
                        *m = i32::MAX;
                    }
                } else {
                    label_features(state, &ws, h, d, feats);
                    self.labels.score(feats, &mut label_scores);
                    let (best, second) = top_two(&label_scores, root_label as usize);
                    label = best as u8;
                    if record_decisions {
                        decisions.push(Decision {
                            label: true,
                            context: label_context(&ws, h, d),
                            class: label,
                            words: (h, d),
                        });
                    }
                    if self.relabel.is_some() {
                        let at = (d as usize - 1) * n_labels;
                        if let Some(row) = first_scores.get_mut(at..at + n_labels) {
                            row.copy_from_slice(&label_scores);
                        }
                        let chosen = label_scores.get(best).copied().unwrap_or(0);
                        if let Some(m) = margins.get_mut(d as usize - 1) {
                            *m = chosen.saturating_sub(second);
                        }
                    }
                }
            }
            state.apply(mv, label);
        }
        finish(state, heads, labels);
        if let Some(reattach) = &self.reattach {
            arc_evidence.sort_unstable();
            reattach.revise(&ws, heads, labels, arc_margins, arc_evidence, re, moved);
            // Moved words lose their first-pass label scores: the relabeller decides alone.
            for d in moved.iter() {
                let i = *d as usize - 1;
                if let Some(m) = margins.get_mut(i) {
                    *m = i32::MIN;
                }
                if let Some(row) = first_scores.get_mut(i * n_labels..(i + 1) * n_labels) {
                    row.iter_mut().for_each(|s| *s = 0);
                }
            }
        }
        if let Some(relabel) = &self.relabel {
            first.clear();
            first.extend_from_slice(labels);
            kids.build(heads);
            for d in 1..=n as u32 {
                let i = d as usize - 1;
                if heads.get(i).is_none_or(|h| *h == 0)
                    || tags.get(i) == Some(&punct_tag)
                    || margins
                        .get(i)
                        .is_some_and(|m| i64::from(*m) >= i64::from(self.skip_margin))
                {
                    continue;
                }
                relabel_features(&ws, heads, first, kids, d, feats);
                relabel.score(feats, &mut label_scores);
                let mix = self.mix as i32;
                if let Some(row) = first_scores.get(i * n_labels..(i + 1) * n_labels) {
                    for (s, f) in label_scores.iter_mut().zip(row) {
                        *s = s.saturating_mul(4).saturating_add(f.saturating_mul(mix));
                    }
                }
                if let Some(l) = labels.get_mut(i) {
                    *l = argmax(&label_scores, Some(&|l: usize| l != root_label as usize)) as u8;
                }
            }
        }
        if record_decisions {
            // `moved` is only this sentence's when there is a head corrector.
            let moved: &[u32] = if self.reattach.is_some() { moved } else { &[] };
            let head = |d: u32| heads.get((d as usize).wrapping_sub(1)).copied();
            for decision in decisions.iter_mut() {
                let (a, b) = decision.words;
                if decision.label {
                    decision.class = match labels.get((b as usize).wrapping_sub(1)) {
                        Some(l) if !moved.contains(&b) => *l,
                        _ => u8::MAX,
                    };
                    continue;
                }
                let dep = match usize::from(decision.class) {
                    LEFT => a,
                    RIGHT => b,
                    _ => NONE,
                };
                let weighed =
                    |d: u32| (d == a && head(d) == Some(b)) || (d == b && head(d) == Some(a));
                if moved.iter().any(|&d| d == dep || weighed(d)) {
                    decision.class = N_MOVES as u8;
                }
            }
        }
    }
}

/// The best class other than `excluded` (the first of equal scores, as [`argmax`]) and the
/// score of the runner-up (`i32::MIN` when there is none), in one pass.
fn top_two(scores: &[i32], excluded: usize) -> (usize, i32) {
    let (mut best, mut top, mut second) = (usize::MAX, i32::MIN, i32::MIN);
    for (class, score) in scores.iter().enumerate() {
        if class == excluded {
            continue;
        }
        if best == usize::MAX || *score > top {
            second = if best == usize::MAX { second } else { top };
            (best, top) = (class, *score);
        } else if *score > second {
            second = *score;
        }
    }
    (if best == usize::MAX { 0 } else { best }, second)
}

/// Copies the configuration's arcs out; words left without a head hang from the root word.
fn finish(state: &State, heads: &mut Vec<u32>, labels: &mut Vec<u8>) {
    let n = state.n;
    heads.clear();
    labels.clear();
    let root_word = (1..=n).find(|&i| state.head[i] == 0).map(|i| i as u32);
    let dep = DepLabel::parse("dep").0;
    let root_label = DepLabel::parse("root").0;
    for i in 1..=n {
        let h = state.head[i];
        if h == NONE {
            match root_word {
                Some(r) if r as usize != i => {
                    heads.push(r);
                    labels.push(dep);
                }
                _ => {
                    heads.push(0);
                    labels.push(root_label);
                }
            }
        } else {
            heads.push(h);
            labels.push(state.label[i]);
        }
    }
    // With no root word at all, the first headless word took the root; others point to it.
    if root_word.is_none() {
        let first_root = heads.iter().position(|h| *h == 0).map(|p| p as u32 + 1);
        if let Some(r) = first_root {
            for (i, (h, l)) in heads.iter_mut().zip(labels.iter_mut()).enumerate() {
                if *h == 0 && i as u32 + 1 != r {
                    *h = r;
                    *l = dep;
                }
            }
        }
    }
}

impl Annotator for Parser {
    fn name(&self) -> &'static str {
        "parser"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Pos]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Syntax]
    }

    fn annotate(&self, doc: &mut Doc) {
        self.annotate_toks(doc, &crate::DocToks::of(doc), &mut Scratch::default());
    }
}

impl Parser {
    /// Parses `doc` (its tokens already tagged), whose token features are `toks`.
    pub(crate) fn annotate_toks(
        &self,
        doc: &mut Doc,
        toks: &crate::DocToks,
        scratch: &mut Scratch,
    ) {
        let mut tags = Vec::new();
        for range in &toks.ranges {
            tags.clear();
            for token in doc.tokens.get(range.clone()).unwrap_or(&[]) {
                let tag = token
                    .pos
                    .and_then(|p| Upos::ALL.iter().position(|x| *x == p))
                    .unwrap_or(16);
                tags.push(tag as u8);
            }
            self.parse_scratch(toks.sentence(range), &tags, scratch);
            let start = range.start as u32;
            if let Some(tokens) = doc.tokens.get_mut(range.clone()) {
                for (token, (h, l)) in tokens
                    .iter_mut()
                    .zip(scratch.heads.iter().zip(&scratch.labels))
                {
                    token.head = if *h == 0 { None } else { Some(start + h - 1) };
                    token.dep = Some(DepLabel(*l));
                }
            }
        }
    }
}

#[cfg(test)]
/// The static arc-eager oracle's next move and label for gold `heads` (1-based, 0 = root).
fn oracle(st: &State, gold_heads: &[u32], gold_labels: &[u8]) -> (usize, u8) {
    let s0 = st.s0();
    let b0 = st.b;
    let gh = |w: u32| -> u32 {
        if w == 0 || w == NONE {
            NONE
        } else {
            gold_heads.get(w as usize - 1).copied().unwrap_or(NONE)
        }
    };
    let gl = |w: u32| -> u8 {
        gold_labels
            .get((w as usize).wrapping_sub(1))
            .copied()
            .unwrap_or(0)
    };
    if !st.done() {
        if s0 != 0 && s0 != NONE && !st.has_head(s0) && gh(s0) == b0 {
            return (LEFT, gl(s0));
        }
        if gh(b0) == s0 && st.legal(RIGHT) {
            return (RIGHT, gl(b0));
        }
        if st.legal(REDUCE) {
            let pending = (b0..=st.n as u32).any(|k| gh(k) == s0);
            if !pending {
                return (REDUCE, 0);
            }
        }
        return (SHIFT, 0);
    }
    (REDUCE, 0)
}

/// Cost of each move: how many gold arcs it makes unreachable (arc-eager dynamic oracle of
/// Goldberg & Nivre 2012). `heads` are 1-based gold heads, 0 = root.
fn move_costs(st: &State, heads: &[u32]) -> [u32; N_MOVES] {
    let gh = |w: u32| -> u32 {
        if w == 0 || w == NONE {
            NONE
        } else {
            heads.get(w as usize - 1).copied().unwrap_or(NONE)
        }
    };
    let s0 = st.s0();
    let b0 = st.b;
    let n = st.n as u32;
    let mut costs = [0u32; N_MOVES];
    if st.done() {
        return costs;
    }
    // LEFT: s0 takes b0 as head; it loses a head further right and its dependents in the buffer.
    if s0 != NONE && s0 != 0 {
        let mut c = 0;
        if gh(s0) != b0 && gh(s0) > b0 && gh(s0) != NONE {
            c += 1;
        }
        c += (b0..=n).filter(|&k| gh(k) == s0).count() as u32;
        costs[LEFT] = c;
    }
    // RIGHT: b0 takes s0 as head; it loses a head elsewhere on the stack or in the buffer and
    // its dependents on the stack.
    {
        let mut c = 0;
        let h = gh(b0);
        if h != s0 && h != NONE && (h > b0 || st.stack.contains(&h)) {
            c += 1;
        }
        c += st
            .stack
            .iter()
            .filter(|&&k| k != 0 && gh(k) == b0 && !st.has_head(k))
            .count() as u32;
        costs[RIGHT] = c;
    }
    // REDUCE: s0 leaves; its dependents in the buffer are lost.
    if s0 != NONE {
        costs[REDUCE] = (b0..=n).filter(|&k| gh(k) == s0).count() as u32;
    }
    // SHIFT: b0 goes to the stack; its head or dependents on the stack are lost.
    {
        let mut c = 0;
        let h = gh(b0);
        if h != NONE && st.stack.contains(&h) {
            c += 1;
        }
        c += st
            .stack
            .iter()
            .filter(|&&k| k != 0 && gh(k) == b0 && !st.has_head(k))
            .count() as u32;
        costs[SHIFT] = c;
    }
    costs
}

/// A training sentence for the parser: token features, predicted tags, gold tree.
pub(crate) struct ParseExample {
    pub toks: Vec<TokFeat>,
    pub tags: Vec<u8>,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
}

#[cfg(test)]
/// True when the static oracle rebuilds the gold tree (the tree is projective and well formed).
fn reachable(ex: &ParseExample, st: &mut State) -> bool {
    let n = ex.toks.len();
    st.reset(n);
    for _ in 0..(2 * n + 2) {
        if st.done() {
            break;
        }
        let (mv, label) = oracle(st, &ex.heads, &ex.labels);
        if !st.legal(mv) {
            return false;
        }
        st.apply(mv, label);
    }
    (1..=n).all(|i| st.head[i] == ex.heads[i - 1])
}

/// Trains a parser on `train`, keeping the epoch with the best LAS on `dev` (parsed with
/// tags from `dev_tagger`).
// The arguments are the data, the model selection and the options; bundling them would only
// move the list elsewhere.
#[allow(clippy::too_many_arguments)]
pub(crate) fn train(
    train: &[ParseExample],
    dev: &[crate::corpus::Sentence],
    dev_tagger: &crate::pos::PosTagger,
    epochs: usize,
    seed: u64,
    prune: f32,
    clusters: &Clusters,
    mut log: impl FnMut(usize, &crate::eval::ParserReport),
) -> (Parser, Vec<f64>) {
    // Label rows are long (one weight per relation), so they are pruned harder.
    let label_prune = prune * 10.0;
    let mut st = State::default();
    // Sentences the static oracle cannot rebuild (non-projective) are still used: the dynamic
    // oracle gives the cheapest moves for them too.
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = crate::model::Rng::new(seed);
    let mut moves = Trainer::new(N_MOVES);
    let mut labeler = Trainer::new(DEP_LABELS.len());
    let mut feats = Vec::new();
    let mut punct = Vec::new();
    let mut fine = Vec::new();
    let mut scores = [0f32; N_MOVES];
    let mut label_scores = vec![0f32; DEP_LABELS.len()];
    let mut best: Option<(f64, Parser)> = None;
    let mut curve = Vec::new();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &train[i];
            let ws = Words::new(&ex.toks, &ex.tags, &mut punct, &mut fine);
            let n = ex.toks.len();
            st.reset(n);
            for _ in 0..(2 * n + 2) {
                if st.done() {
                    break;
                }
                let costs = move_costs(&st, &ex.heads);
                move_features(&st, &ws, &mut feats);
                moves.tick();
                moves.score(&feats, &mut scores);
                let legal = |m: usize| st.legal(m);
                let guess = argmax(&scores, Some(&legal));
                let min_cost = (0..N_MOVES)
                    .filter(|m| st.legal(*m))
                    .map(|m| costs[m])
                    .min()
                    .unwrap_or(0);
                let zero = |m: usize| st.legal(m) && costs[m] == min_cost;
                let best_gold = argmax(&scores, Some(&zero));
                moves.update(best_gold, guess, &feats);
                // Exploration (Goldberg & Nivre 2012): after the first epoch, follow the
                // model's own move nine times in ten so it learns to recover from errors.
                let follow = if epoch > 0 && rng.below(10) != 0 {
                    guess
                } else {
                    best_gold
                };
                let mut label = 0u8;
                if follow == LEFT || follow == RIGHT {
                    let (h, d) = if follow == LEFT {
                        (st.b, st.s0())
                    } else {
                        (st.s0(), st.b)
                    };
                    let gold_head = ex.heads.get((d as usize).wrapping_sub(1)).copied();
                    let gold_label = ex.labels.get((d as usize).wrapping_sub(1)).copied();
                    if h == 0 {
                        label = DepLabel::parse("root").0;
                    } else {
                        label_features(&st, &ws, h, d, &mut feats);
                        labeler.score(&feats, &mut label_scores);
                        let guess_label = argmax(&label_scores, None);
                        label = guess_label as u8;
                        if let (Some(gh), Some(gl)) = (gold_head, gold_label) {
                            if gh == h {
                                labeler.tick();
                                labeler.update(gl as usize, guess_label, &feats);
                                label = gl;
                            }
                        }
                    }
                }
                st.apply(follow, label);
            }
        }
        let parser = Parser {
            moves: moves.finish(prune),
            labels: labeler.finish(label_prune),
            relabel: None,
            mix: 0,
            skip_margin: 0,
            clusters: clusters.clone(),
            reattach: None,
            shortcuts: None,
        };
        let report = crate::eval::parser_scores(&parser, dev_tagger, dev);
        log(epoch, &report);
        curve.push(report.las);
        if best.as_ref().is_none_or(|(b, _)| report.las > *b) {
            best = Some((report.las, parser));
        }
    }
    let parser = match best {
        Some((_, parser)) => parser,
        None => Parser {
            moves: moves.finish(prune),
            labels: labeler.finish(label_prune),
            relabel: None,
            mix: 0,
            skip_margin: 0,
            clusters: clusters.clone(),
            reattach: None,
            shortcuts: None,
        },
    };
    (parser, curve)
}

/// Trains the second-pass relabeller of `parser` on the trees `parser` itself builds for the
/// training sentences (so it learns from first-pass labels and attachments with the errors it
/// will meet), keeping the epoch and the weight of the first-pass scores ("mix") with the best
/// LAS on `dev`, then the margin threshold (see [`Scratch::margins`]). Only arcs whose head is
/// right are training targets; punctuation and root arcs are never relabelled. `log` gets
/// (epoch, mix, report) per trial, and (`epochs`, threshold, report) for the thresholds.
#[allow(clippy::too_many_arguments)]
pub(crate) fn train_relabeller(
    parser: &Parser,
    train: &[ParseExample],
    dev: &[crate::corpus::Sentence],
    dev_tagger: &crate::pos::PosTagger,
    epochs: usize,
    seed: u64,
    prune: f32,
    mut log: impl FnMut(usize, u32, &crate::eval::ParserReport),
) -> (Parser, Vec<f64>) {
    const MIXES: [u32; 6] = [0, 1, 2, 4, 8, 16];
    let base = parser.without_relabeller();
    let punct_tag = Upos::ALL
        .iter()
        .position(|u| *u == Upos::PUNCT)
        .unwrap_or(usize::MAX) as u8;
    // First-pass trees of the training sentences, parsed once.
    let mut scratch = Scratch::default();
    let mut trees: Vec<(Vec<u32>, Vec<u8>)> = Vec::with_capacity(train.len());
    for ex in train {
        base.parse_scratch(&ex.toks, &ex.tags, &mut scratch);
        trees.push((scratch.heads.clone(), scratch.labels.clone()));
    }
    let mut trainer = Trainer::new(DEP_LABELS.len());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = crate::model::Rng::new(seed);
    let mut feats = Vec::new();
    let mut punct = Vec::new();
    let mut fine = Vec::new();
    let mut kids = Children::default();
    let mut scores = vec![0f32; DEP_LABELS.len()];
    // The relabeller must beat the first pass alone to be kept.
    let base_las = crate::eval::parser_scores(&base, dev_tagger, dev).las;
    let mut best: Option<(f64, Parser)> = None;
    let mut curve = Vec::new();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (ex, (heads, first)) = (&train[i], &trees[i]);
            let ws = Words::new(&ex.toks, &ex.tags, &mut punct, &mut fine);
            kids.build(heads);
            for (k, (h, gold_head)) in heads.iter().zip(&ex.heads).enumerate() {
                if *h == 0 || h != gold_head || ex.tags.get(k) == Some(&punct_tag) {
                    continue;
                }
                let Some(&gold) = ex.labels.get(k) else {
                    continue;
                };
                relabel_features(&ws, heads, first, &kids, k as u32 + 1, &mut feats);
                trainer.learn(gold as usize, &feats, &mut scores);
            }
        }
        let weights = trainer.finish(prune);
        // How much the first pass's scores count is chosen on dev too (in quarters).
        let mut epoch_best = f64::MIN;
        for mix in MIXES {
            let candidate = Parser {
                relabel: Some(weights.clone()),
                mix,
                skip_margin: u32::MAX,
                ..base.clone()
            };
            let report = crate::eval::parser_scores(&candidate, dev_tagger, dev);
            log(epoch, mix, &report);
            epoch_best = epoch_best.max(report.las);
            if report.las > base_las && best.as_ref().is_none_or(|(b, _)| report.las > *b) {
                best = Some((report.las, candidate));
            }
        }
        curve.push(epoch_best);
    }
    let Some((best_las, mut parser)) = best else {
        return (base, curve);
    };
    // Confident first-pass labels are kept without rescoring (the relabeller costs a weight
    // lookup per template and word): the smallest margin threshold, among quantiles of the
    // dev margins, that keeps dev LAS within 0.02 of rescoring every word.
    let mut margins: Vec<i32> = Vec::new();
    let mut pos_scratch = crate::pos::Scratch::default();
    for sentence in dev {
        dev_tagger.tag_into(&sentence.words, &mut pos_scratch);
        parser.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut scratch);
        margins.extend(scratch.margins.iter().filter(|m| **m > 0));
    }
    margins.sort_unstable();
    for q in [5, 10, 20, 35, 50, 65, 80, 90] {
        let Some(&t) = margins.get(margins.len() * q / 100) else {
            continue;
        };
        let candidate = Parser {
            skip_margin: t.max(0) as u32,
            ..parser.clone()
        };
        let report = crate::eval::parser_scores(&candidate, dev_tagger, dev);
        log(epochs, t.max(0) as u32, &report);
        if report.las >= best_las - 0.02 {
            parser = candidate;
            break;
        }
    }
    (parser, curve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_two_skips_the_excluded_class_and_keeps_the_first_of_ties() {
        let scores = [9, 4, 7, 7, -2];
        assert_eq!(top_two(&scores, 0), (2, 7));
        assert_eq!(top_two(&scores, 2), (0, 7));
        assert_eq!(top_two(&[3, 5], 1), (0, i32::MIN));
        assert_eq!(top_two(&[], 0), (0, i32::MIN));
        for excluded in 0..scores.len() {
            let ok = |l: usize| l != excluded;
            assert_eq!(top_two(&scores, excluded).0, argmax(&scores, Some(&ok)));
        }
    }

    #[test]
    fn children_lists_follow_heads() {
        let mut kids = Children::default();
        // "a b c d": b is the root word, a and d hang from b, c from d.
        kids.build(&[2, 0, 4, 2]);
        assert_eq!(kids.of(0), &[2]);
        assert_eq!(kids.of(2), &[1, 4]);
        assert_eq!(kids.of(4), &[3]);
        assert!(kids.of(1).is_empty());
        assert!(kids.of(9).is_empty());
    }

    #[test]
    fn relabeller_fields_survive_the_file_and_old_files_still_read() {
        let old = Parser {
            moves: Trainer::new(N_MOVES).finish(0.0),
            labels: Trainer::new(DEP_LABELS.len()).finish(0.0),
            relabel: None,
            mix: 0,
            skip_margin: 0,
            clusters: Clusters::default(),
            reattach: None,
            shortcuts: None,
        };
        let bytes = old.to_bytes();
        let read = Parser::from_bytes(&bytes).map(|p| p.has_relabeller());
        assert!(matches!(read, Ok(false)), "{read:?}");
        let new = Parser {
            relabel: Some(Trainer::new(DEP_LABELS.len()).finish(0.0)),
            mix: 8,
            skip_margin: 1234,
            ..old
        };
        let read = Parser::from_bytes(&new.to_bytes());
        let Ok(read) = read else {
            panic!("{read:?}");
        };
        assert!(read.has_relabeller());
        assert_eq!((read.mix, read.skip_margin), (8, 1234));
        // A file cut short inside the relabeller section is an error, not a panic.
        let cut = new.to_bytes();
        assert!(Parser::from_bytes(&cut[..cut.len() - 2]).is_err());
    }

    /// Scored decisions and the tree of `words` parsed by `parser` (tags from the shipped
    /// tagger).
    fn parse_counting(parser: &Parser, words: &[&str]) -> (usize, Vec<u32>, Vec<u8>) {
        let models = crate::Models::load_default().expect("embedded models load");
        let mut pos_scratch = crate::pos::Scratch::default();
        models.pos.tag_into(words, &mut pos_scratch);
        let mut scratch = Scratch {
            record_decisions: true,
            ..Scratch::default()
        };
        parser.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut scratch);
        (scratch.decisions.len(), scratch.heads, scratch.labels)
    }

    #[test]
    fn shortcuts_skip_scoring_and_survive_the_file() {
        let models = crate::Models::load_default().expect("embedded models load");
        let parser = models.parser.expect("a parser is shipped");
        let (moves, labels) = parser
            .shortcut_contexts()
            .expect("the shipped parser has shortcuts");
        assert!(moves > 0 && labels > 0, "{moves} {labels}");
        let words = "The minister said on Tuesday that the two countries would sign a new \
                     agreement on police cooperation in the capital ."
            .split(' ')
            .collect::<Vec<_>>();
        let (with_n, with_heads, with_labels) = parse_counting(&parser, &words);
        let plain = parser.without_shortcuts();
        let (plain_n, plain_heads, plain_labels) = parse_counting(&plain, &words);
        // The shortcuts took some decisions without scoring, and took them as scoring would.
        assert!(
            with_n < plain_n,
            "{with_n} scored with shortcuts, {plain_n} without"
        );
        assert_eq!((&with_heads, &with_labels), (&plain_heads, &plain_labels));
        // The tables survive the file; a file without them reads as a parser without them.
        let read = Parser::from_bytes(&parser.to_bytes()).expect("reads back");
        assert_eq!(read.shortcut_contexts(), Some((moves, labels)));
        assert_eq!(parse_counting(&read, &words).0, with_n);
        let read = Parser::from_bytes(&plain.to_bytes()).expect("reads back");
        assert_eq!(read.shortcut_contexts(), None);
        // A file cut short inside the shortcut tables is an error, not a panic.
        let bytes = parser.to_bytes();
        assert!(Parser::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn shortcuts_are_learned_deterministically_from_the_parsers_own_decisions() {
        let models = crate::Models::load_default().expect("embedded models load");
        let parser = models
            .parser
            .expect("a parser is shipped")
            .without_shortcuts();
        // Sixty copies of one sentence: every context it has is seen 60 times, one way.
        let text: Vec<_> = (0..60)
            .map(|_| {
                crate::corpus::Sentence::of_words(
                    "The police arrested the two men in the city .",
                    false,
                )
            })
            .collect();
        let learned = parser.with_shortcuts(&text, &models.pos);
        let again = parser.with_shortcuts(&text, &models.pos);
        assert_eq!(learned.to_bytes(), again.to_bytes());
        let (moves, labels) = learned.shortcut_contexts().expect("tables were learned");
        assert!(moves > 0 && labels > 0, "{moves} {labels}");
        // On that sentence the learned tables decide everything they cover, as the parser did.
        let words: Vec<&str> = text[0].words.iter().map(String::as_str).collect();
        let (with_n, with_heads, with_labels) = parse_counting(&learned, &words);
        let (plain_n, plain_heads, plain_labels) = parse_counting(&parser, &words);
        assert!(with_n < plain_n);
        assert_eq!((with_heads, with_labels), (plain_heads, plain_labels));
        // Seen too rarely, nothing qualifies.
        let rare = parser.with_shortcuts(&text[..5], &models.pos);
        assert_eq!(rare.shortcut_contexts(), Some((0, 0)));
    }

    #[test]
    fn fine_tags_split_verbs_by_ending_and_keep_closed_class_words_apart() {
        let toks: Vec<TokFeat> = ["running", "walked", "runs", "of", "to"]
            .iter()
            .map(|w| TokFeat::new(w))
            .collect();
        let mut fine = Vec::new();
        fine_tags(&toks, &[15, 15, 15, 1, 1], &mut fine);
        assert_eq!(&fine[..3], &[15 + 64, 15 + 128, 15 + 192]);
        assert_ne!(fine[3], fine[4]);
    }

    #[test]
    fn oracle_rebuilds_projective_tree_and_rejects_crossing() {
        let toks: Vec<TokFeat> = ["a", "b", "c", "d"]
            .iter()
            .map(|w| TokFeat::new(w))
            .collect();
        let mut st = State::default();
        let ex = ParseExample {
            toks: toks.clone(),
            tags: vec![0; 4],
            heads: vec![2, 0, 4, 2],
            labels: vec![4, 0, 4, 6],
        };
        assert!(reachable(&ex, &mut st));
        let crossing = ParseExample {
            toks,
            tags: vec![0; 4],
            heads: vec![3, 0, 2, 1],
            labels: vec![4, 0, 4, 6],
        };
        assert!(!reachable(&crossing, &mut st));
    }

    #[test]
    fn every_transition_feature_fits_move_templates() {
        // A configuration where every optional template fires: clustered words on the stack
        // and in the buffer, children on both sides.
        let toks: Vec<TokFeat> = ["the", "old", "port", "closed", "two", "big", "gates"]
            .iter()
            .map(|w| {
                let mut t = TokFeat::new(w);
                t.cluster = [7, 8, 9];
                t
            })
            .collect();
        let tags = vec![5u8, 0, 7, 15, 8, 0, 7];
        let (mut punct, mut fine) = (Vec::new(), Vec::new());
        let ws = Words::new(&toks, &tags, &mut punct, &mut fine);
        let mut st = State::default();
        st.reset(toks.len());
        for (mv, label) in [
            (SHIFT, 0),
            (SHIFT, 0),
            (LEFT, 3),
            (LEFT, 3),
            (SHIFT, 0),
            (RIGHT, 5),
        ] {
            st.apply(mv, label);
        }
        let mut out = Vec::new();
        move_features(&st, &ws, &mut out);
        assert!(
            out.len() >= 60 && out.len() < MOVE_TEMPLATES,
            "{}",
            out.len()
        );
        assert!(out.iter().all(|k| *k != 0));
    }
}
