//! Second-pass head corrector for the dependency parser ("corrective modelling", Hall & Novák
//! 2005; "tree revision", Attardi & Ciaramita 2007).
//!
//! The greedy first pass attaches each word once and never looks back. After it has built the
//! tree, a cheap detector (a binary perceptron over the first pass's move margin when the arc
//! was made, how close it came to another head for the word, tags, relation and words) picks
//! the words whose head is most likely wrong (a share chosen on dev, 5-50%). For such a word
//! `d` the corrector collects candidate heads around the current one — the head itself, the
//! grandparent and the one above it, the head's other children and their children within
//! `2W` words of `d`, the words within `W` of `d`, and the heads the first pass weighed for
//! `d` — never a descendant of `d` (so no cycle can appear), never punctuation and never the
//! root (so the root keeps its one child), and a ranking perceptron scores them with features
//! of the pair in the finished tree: words, tags, finer tags and clusters of both, distance,
//! direction, punctuation, verbs and tags between, arcs crossed, the candidate's other
//! children and own relation, the dependent's first-pass relation and outermost children (the
//! preposition of a noun decides its attachment), how far the first pass's score for this arc
//! fell below the move it chose, and whether the candidate is the current head. Words are
//! revised left to right on the tree as revised so far. Moved words are then relabelled by
//! the relabeller alone (their first-pass label scores belong to the old head).
//!
//! Both perceptrons keep their weights in tables indexed by the low bits of the feature key
//! (the hashing trick: no keys stored, colliding features share a weight) with 8-bit weights:
//! 2 MB for the ranker, 64 KB for the detector, so the corrector fits in the parser file and
//! a lookup is one memory read.
//!
//! It is trained on first-pass trees with realistic errors: each fold of the training data is
//! parsed by a first pass trained on the other folds (jackknifing), since the trees a parser
//! builds for its own training sentences are nearly error-free. A word is a ranking target
//! when its gold head is among its candidates; every word trains the detector.

use crate::feat::{Fx, TokFeat};
use crate::model::{Reader, Writer};
use crate::parser::{Children, Words};
use crate::ModelError;

/// No word.
const NONE: u32 = u32::MAX;
/// UPOS indices (see `Upos::ALL`).
const PUNCT_TAG: u8 = 12;
const VERB_TAG: u8 = 15;
const AUX_TAG: u8 = 3;
/// Candidate kinds.
const CURRENT: u64 = 0;
const GRAND: u64 = 1;
const GREAT: u64 = 2;
const SIBLING: u64 = 3;
const NEAR: u64 = 4;
const NEPHEW: u64 = 5;
const WEIGHED: u64 = 6;

/// The trained corrector.
#[derive(Debug, Clone)]
pub(crate) struct Reattacher {
    weights: Table,
    /// The detector: scores a word's current attachment (high = likely wrong).
    detector: Table,
    /// Only words whose detector score exceeds this are revised.
    pub(crate) min_suspicion: i32,
    /// Candidates other than the current head's relatives lie within this distance of `d`.
    window: u32,
    /// Margin bucket boundaries (quantiles of the first pass's dev arc margins, see
    /// [`MARGIN_QUANTILES`]): the bucket of a word's margin is a feature.
    bounds: Vec<i32>,
}

/// Quantiles (percent) of a first pass's arc margins that bound the margin buckets. Margins
/// are in the units of each first pass's weights, so each pass gets its own boundaries.
pub(crate) const MARGIN_QUANTILES: [usize; 8] = [5, 10, 15, 20, 30, 40, 60, 80];

/// Boundaries at [`MARGIN_QUANTILES`] of `margins` (sorted in place).
pub(crate) fn margin_bounds(margins: &mut [i32]) -> Vec<i32> {
    margins.sort_unstable();
    MARGIN_QUANTILES
        .iter()
        .filter_map(|q| margins.get(margins.len() * q / 100).copied())
        .collect()
}

/// Bucket of how far the first pass's score for the arc `c -> d` fell below the move it
/// chose (99 when it never compared them); `evidence` is sorted.
#[inline]
fn evidence_bucket(bounds: &[i32], evidence: &[(u32, u32, i32)], d: u32, c: u32) -> u64 {
    match evidence.binary_search_by_key(&(d, c), |e| (e.0, e.1)) {
        Ok(k) => evidence.get(k).map_or(99, |e| bucket(bounds, e.2)),
        Err(_) => 99,
    }
}

/// Bucket of the smallest deficit of an arc to `d` from a head other than `h` that the first
/// pass weighed (99 when none).
#[inline]
fn alternative_bucket(bounds: &[i32], evidence: &[(u32, u32, i32)], d: u32, h: u32) -> u64 {
    let from = evidence.partition_point(|e| e.0 < d);
    evidence
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|e| e.0 == d)
        .filter(|e| e.1 != h)
        .map(|e| e.2)
        .min()
        .map_or(99, |m| bucket(bounds, m))
}

/// Features of word `d`'s current attachment for the detector, which tells which words are
/// worth revising.
fn detect_features(
    s: &Words,
    heads: &[u32],
    labels: &[u8],
    d: u32,
    mb: u64,
    alt: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let h = head(heads, d);
    let dir = u64::from(h < d);
    let lab = |i: u32| -> u64 {
        if i == 0 || i == NONE {
            99
        } else {
            labels.get(i as usize - 1).map_or(99, |l| u64::from(*l))
        }
    };
    let (dp, hp, dl) = (s.p(d), s.p(h), lab(d));
    let f = |t: u32| Fx::new(700 + t).add(dir);
    out.push(f(0).add(mb).finish());
    out.push(f(1).add(mb).add(alt).finish());
    out.push(f(2).add(dp).add(dl).add(mb).finish());
    out.push(f(3).add(hp).add(dp).add(dl).finish());
    out.push(f(5).add(s.w(d)).add(dl).finish());
    out.push(f(7).add(alt).add(dp).add(dl).finish());
    out.push(f(8).add(s.q(d)).add(s.q(h)).finish());
    out.push(f(10).add(lab(h)).add(dl).add(dp).finish());
    #[cfg(test)]
    tests::ablate(&tests::ABLATE_DETECT, out);
}

/// Bucket of margin `m` among `bounds`.
#[inline]
fn bucket(bounds: &[i32], m: i32) -> u64 {
    bounds.iter().filter(|b| m > **b).count() as u64
}

/// What the corrector reads of a word beyond the parser's per-word values.
impl Words<'_> {
    #[inline]
    fn is_punct(&self, i: u32) -> bool {
        self.tags.get((i as usize).wrapping_sub(1)) == Some(&PUNCT_TAG)
    }
}

/// Reusable buffers of the corrector.
#[derive(Default, Debug)]
pub(crate) struct Scratch {
    feats: Vec<u64>,
    /// Candidate heads of the word being revised, with their kind.
    cands: Vec<(u32, u64)>,
    /// `verbs[i]`: verbs and auxiliaries among words `1..=i`.
    verbs: Vec<u16>,
    kids: Children,
    /// Detector scores of the words considered in the last sentence.
    pub(crate) suspicion: Vec<i32>,
    /// Feature keys of every candidate (training only).
    all_feats: Vec<Vec<u64>>,
    /// Feature keys of the candidates of the word being revised, one after another.
    cand_feats: Vec<u64>,
    /// Where each candidate's keys end in `cand_feats`.
    cand_ends: Vec<usize>,
}

/// Head of 1-based word `i` in 1-based `heads` (`NONE` for the root and out of range).
#[inline]
fn head(heads: &[u32], i: u32) -> u32 {
    if i == 0 || i == NONE {
        NONE
    } else {
        heads.get(i as usize - 1).copied().unwrap_or(NONE)
    }
}

/// True when `c` lies in the subtree of `d` (or is `d`).
fn descends(heads: &[u32], c: u32, d: u32) -> bool {
    let mut x = c;
    // A well-formed tree is at most `n` deep; the bound guards against malformed input.
    for _ in 0..=heads.len() {
        if x == d {
            return true;
        }
        if x == 0 || x == NONE {
            return false;
        }
        x = head(heads, x);
    }
    true
}

/// Fills `out` with the candidate heads of word `d` (1-based): its current head first, then
/// the grandparent and great-grandparent, the head's other children within `window` words of
/// `d`, and the words within `window` of `d`; never `d`'s descendants, the root, or
/// punctuation.
pub(crate) fn candidates(
    s: &Words,
    heads: &[u32],
    kids: &Children,
    d: u32,
    window: u32,
    evidence: &[(u32, u32, i32)],
    out: &mut Vec<(u32, u64)>,
) {
    out.clear();
    let h = head(heads, d);
    if h == NONE || h == 0 {
        return;
    }
    out.push((h, CURRENT));
    let n = heads.len() as u32;
    let push = |c: u32, kind: u64, out: &mut Vec<(u32, u64)>| {
        if c == 0
            || c == NONE
            || c > n
            || c == d
            || s.is_punct(c)
            || out.iter().any(|(x, _)| *x == c)
            || descends(heads, c, d)
        {
            return;
        }
        out.push((c, kind));
    };
    let g = head(heads, h);
    push(g, GRAND, out);
    push(head(heads, g), GREAT, out);
    let lo = d.saturating_sub(window).max(1);
    let hi = (d + window).min(n);
    let (lo2, hi2) = (d.saturating_sub(2 * window), d + 2 * window);
    let near = |c: &&u32| **c >= lo2 && **c <= hi2;
    for &c in kids.of(h).iter().filter(near) {
        push(c, SIBLING, out);
    }
    for &x in kids.of(h) {
        if x != d {
            for &c in kids.of(x).iter().filter(near) {
                push(c, NEPHEW, out);
            }
        }
    }
    for c in lo..=hi {
        push(c, NEAR, out);
    }
    // Heads the first pass weighed for `d` (evidence is sorted by dependent).
    let from = evidence.partition_point(|e| e.0 < d);
    for e in evidence.get(from..).unwrap_or(&[]) {
        if e.0 != d {
            break;
        }
        push(e.1, WEIGHED, out);
    }
}

/// Distance bucket.
#[inline]
fn dist_bucket(a: u32, b: u32) -> u64 {
    match a.abs_diff(b) {
        0..=3 => u64::from(a.abs_diff(b)),
        4..=5 => 4,
        6..=9 => 5,
        _ => 6,
    }
}

/// Features of attaching `d` to candidate `c` (of `kind`) in the tree `heads` with first-pass
/// `labels`.
#[allow(clippy::too_many_arguments)]
fn features(
    s: &Words,
    heads: &[u32],
    labels: &[u8],
    verbs: &[u16],
    kids: &Children,
    d: u32,
    c: u32,
    kind: u64,
    mb: u64,
    ev: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let h = head(heads, d);
    let cur = u64::from(c == h);
    let dir = u64::from(c < d);
    let dist = dist_bucket(c, d);
    let (cw, cp, cq) = (s.w(c), s.p(c), s.q(c));
    let (dw, dp, dq) = (s.w(d), s.p(d), s.q(d));
    let lab = |i: u32| -> u64 {
        if i == 0 || i == NONE {
            99
        } else {
            labels.get(i as usize - 1).map_or(99, |l| u64::from(*l))
        }
    };
    let dl = lab(d);
    // The candidate's other children (their relations) and `d`'s outermost children.
    let mut cset = 0u64;
    let mut dset = 0u64;
    let mut d_first = NONE;
    let mut d_last = NONE;
    let mut c_between = 0u64;
    // The candidate's child between it and `d` nearest to `d`.
    let mut c_near = NONE;
    for &x in kids.of(c) {
        if x != d {
            cset |= 1u64 << (lab(x) % 64);
            if (x > c.min(d)) && (x < c.max(d)) {
                c_between += 1;
                if c_near == NONE || x.abs_diff(d) < c_near.abs_diff(d) {
                    c_near = x;
                }
            }
        }
    }
    for &x in kids.of(d) {
        dset |= 1u64 << (lab(x) % 64);
        if d_first == NONE {
            d_first = x;
        }
        d_last = x;
    }
    let (lo, hi) = (c.min(d), c.max(d));
    // Arcs of the tree (other than d's own) that the arc c -> d would cross, and the tags
    // between c and d: arcs with one end strictly between them and the other outside.
    let mut crossing = 0u64;
    let mut between_tags = 0u64;
    let outside = |y: u32| y < lo || y > hi;
    for x in lo + 1..hi {
        between_tags |= 1u64 << (s.p(x) % 64);
        let hx = head(heads, x);
        if hx != 0 && hx != NONE && outside(hx) {
            crossing += 1;
        }
        crossing += kids.of(x).iter().filter(|y| outside(**y)).count() as u64;
    }
    let at = |i: u32| verbs.get(i as usize).copied().unwrap_or(0);
    let verbs_between = u64::from(at(hi.saturating_sub(1)).saturating_sub(at(lo)).min(2));
    let f = |t: u32| Fx::new(600 + t).add(dir);
    out.push(f(0).add(cur).add(kind).finish());
    out.push(f(1).add(cp).add(dp).add(dist).finish());
    out.push(f(2).add(cw).add(dp).finish());
    out.push(f(3).add(cp).add(dw).finish());
    out.push(f(5).add(cq).add(dq).add(dist.min(3)).finish());
    out.push(f(6).add(kind).add(cur).add(cp).add(dp).finish());
    out.push(
        f(7).add(s.punct_between(c.min(d), c.max(d)))
            .add(cp)
            .add(dp)
            .finish(),
    );
    out.push(f(8).add(dl).add(cp).add(dp).add(cur).finish());
    out.push(f(9).add(s.w(d_first)).add(cw).finish());
    out.push(f(10).add(s.w(d_first)).add(cp).add(dp).finish());
    out.push(f(11).add(cset).add(dp).add(dl).finish());
    out.push(f(13).add(verbs_between).add(cp).add(dp).finish());
    out.push(f(14).add(s.c(c)[1]).add(dp).add(dl).finish());
    out.push(f(15).add(cq).add(dq).add(dl).finish());
    out.push(f(16).add(lab(c)).add(cp).add(dp).add(dl).finish());
    out.push(f(17).add(dset).add(cp).add(dp).finish());
    out.push(
        f(18)
            .add(c_between.min(3))
            .add(cp)
            .add(dp)
            .add(cur)
            .finish(),
    );
    out.push(f(19).add(s.w(d_last)).add(lab(d_last)).add(cp).finish());
    out.push(f(20).add(dl).add(kind).add(cur).add(dist).finish());
    out.push(f(21).add(mb).add(cur).add(kind).finish());
    out.push(f(36).add(ev).add(cur).add(mb).finish());
    out.push(f(37).add(ev).add(cp).add(dp).finish());
    out.push(f(23).add(crossing.min(2)).add(cp).add(dp).finish());
    out.push(f(24).add(between_tags).add(cp).add(dp).finish());
    out.push(f(25).add(cw).add(cp).add(dw).add(dp).finish());
    out.push(
        f(26)
            .add(cp)
            .add(s.p(c + 1))
            .add(s.p(d.wrapping_sub(1)))
            .add(dp)
            .finish(),
    );
    out.push(
        f(27)
            .add(cp)
            .add(s.p(c.wrapping_sub(1)))
            .add(s.p(d + 1))
            .add(dp)
            .finish(),
    );
    out.push(f(28).add(s.w(head(heads, c))).add(cp).add(dp).finish());
    out.push(f(29).add(dl).add(cw).finish());
    out.push(f(30).add(dw).add(cp).add(dl).finish());
    out.push(f(31).add(cq).add(dw).finish());
    out.push(f(33).add(s.c(c)[1]).add(s.c(d)[1]).finish());
    out.push(f(34).add(s.w(c_near)).add(lab(c_near)).add(dp).finish());
    #[cfg(test)]
    tests::ablate(&tests::ABLATE_RANK, out);
}

fn verb_counts(s: &Words, out: &mut Vec<u16>) {
    out.clear();
    out.push(0);
    let mut k = 0u16;
    for t in s.tags {
        k = k.saturating_add(u16::from(*t == VERB_TAG || *t == AUX_TAG));
        out.push(k);
    }
}

impl Reattacher {
    /// Revises the heads of the words whose first-pass arc margin (`margins[i]`, word `i + 1`)
    /// is below the threshold, left to right; pushes each moved word (1-based) to `moved`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn revise(
        &self,
        s: &Words,
        heads: &mut [u32],
        labels: &[u8],
        margins: &[i32],
        evidence: &[(u32, u32, i32)],
        scratch: &mut Scratch,
        moved: &mut Vec<u32>,
    ) {
        moved.clear();
        let Scratch {
            feats,
            cands,
            verbs,
            kids,
            suspicion,
            cand_feats,
            cand_ends,
            ..
        } = scratch;
        suspicion.clear();
        kids.build(heads);
        let mut prepared = false;
        for d in 1..=heads.len() as u32 {
            let i = d as usize - 1;
            let h = heads[i];
            if s.is_punct(d) || h == 0 {
                continue;
            }
            let mb = bucket(&self.bounds, margins.get(i).copied().unwrap_or(i32::MIN));
            let alt = alternative_bucket(&self.bounds, evidence, d, h);
            detect_features(s, heads, labels, d, mb, alt, feats);
            let suspect = self.detector.score(feats);
            suspicion.push(suspect);
            if suspect <= self.min_suspicion {
                continue;
            }
            if !prepared {
                verb_counts(s, verbs);
                prepared = true;
            }
            candidates(s, heads, kids, d, self.window, evidence, cands);
            if cands.len() < 2 {
                continue;
            }
            // Every candidate's keys first, their table slots fetched together, then the
            // sums: the slots of a 4 MB table are mostly cache misses, which then overlap.
            cand_feats.clear();
            cand_ends.clear();
            for &(c, kind) in cands.iter() {
                let ev = evidence_bucket(&self.bounds, evidence, d, c);
                features(s, heads, labels, verbs, kids, d, c, kind, mb, ev, feats);
                cand_feats.extend_from_slice(feats);
                cand_ends.push(cand_feats.len());
            }
            self.weights.prefetch(cand_feats);
            let mut best = (i32::MIN, NONE);
            let mut start = 0;
            for (&(c, _), &end) in cands.iter().zip(cand_ends.iter()) {
                let score = self
                    .weights
                    .score(cand_feats.get(start..end).unwrap_or(&[]));
                start = end;
                if score > best.0 {
                    best = (score, c);
                }
            }
            if best.1 != NONE && best.1 != h {
                heads[i] = best.1;
                moved.push(d);
                kids.build(heads);
            }
        }
    }

    /// Writes the corrector after the parser's other sections.
    pub(crate) fn write(&self, writer: &mut Writer) {
        self.weights.write(writer);
        self.detector.write(writer);
        writer.u32(self.min_suspicion as u32);
        writer.u32(self.window);
        writer.u32(self.bounds.len() as u32);
        for b in &self.bounds {
            writer.u32(*b as u32);
        }
    }

    /// Reads what [`Reattacher::write`] wrote.
    pub(crate) fn read(reader: &mut Reader) -> Result<Reattacher, ModelError> {
        let weights = Table::read(reader)?;
        let detector = Table::read(reader)?;
        let min_suspicion = reader.u32()? as i32;
        let window = reader.u32()?;
        let n = reader.u32()? as usize;
        if n > 64 {
            return Err(ModelError::Format(
                "parser head corrector has too many margin buckets".into(),
            ));
        }
        let mut bounds = Vec::with_capacity(n);
        for _ in 0..n {
            bounds.push(reader.u32()? as i32);
        }
        Ok(Reattacher {
            weights,
            detector,
            min_suspicion,
            window,
            bounds,
        })
    }

    /// Feature rows kept (ranker and detector).
    pub(crate) fn n_rows(&self) -> usize {
        self.weights.values.len() + self.detector.values.len()
    }

    /// The same corrector revising the words whose detector score exceeds `min_suspicion`.
    pub(crate) fn with_min_suspicion(&self, min_suspicion: i32) -> Reattacher {
        Reattacher {
            min_suspicion,
            ..self.clone()
        }
    }
}

/// The ranker's weights: one 8-bit weight per slot of a table of `2^bits` slots, a feature's
/// slot being the low bits of its key (the hashing trick: no keys are stored, colliding
/// features share a weight), so the table is small and a lookup is one memory read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    values: Vec<i8>,
    mask: usize,
}

impl Table {
    /// Asks the CPU to start loading the slots of `feats`.
    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        for k in feats {
            crate::model::prefetch(self.values.as_ptr().wrapping_add(*k as usize & self.mask));
        }
    }

    #[inline]
    fn score(&self, feats: &[u64]) -> i32 {
        feats
            .iter()
            .map(|k| {
                self.values
                    .get(*k as usize & self.mask)
                    .map_or(0, |w| i32::from(*w))
            })
            .sum()
    }

    fn write(&self, writer: &mut Writer) {
        writer.u32(self.values.len().trailing_zeros());
        for quad in self.values.chunks(4) {
            let mut word = 0u32;
            for (k, v) in quad.iter().enumerate() {
                word |= u32::from(*v as u8) << (8 * k);
            }
            writer.u32(word);
        }
    }

    fn read(reader: &mut Reader) -> Result<Table, ModelError> {
        let bits = reader.u32()?;
        if !(2..=24).contains(&bits) {
            return Err(ModelError::Format(
                "parser head corrector has a bad table size".into(),
            ));
        }
        let n = 1usize << bits;
        let mut values = Vec::with_capacity(n);
        for _ in 0..n / 4 {
            let word = reader.u32()?;
            for k in 0..4 {
                values.push((word >> (8 * k)) as u8 as i8);
            }
        }
        Ok(Table {
            values,
            mask: n - 1,
        })
    }
}

/// A one-class averaged perceptron ranking candidates (lazy averaging, like
/// `model::Trainer`), over the slots of a [`Table`].
struct Ranker {
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    mask: usize,
    instances: u32,
}

impl Ranker {
    fn new(bits: u32) -> Ranker {
        let n = 1usize << bits;
        Ranker {
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            mask: n - 1,
            instances: 0,
        }
    }

    fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|k| self.weights[*k as usize & self.mask])
            .sum()
    }

    fn add(&mut self, feats: &[u64], delta: f32) {
        let now = self.instances;
        for key in feats {
            let r = *key as usize & self.mask;
            let elapsed = f64::from(now.saturating_sub(self.stamps[r]));
            self.totals[r] += elapsed * f64::from(self.weights[r]);
            self.stamps[r] = now;
            self.weights[r] += delta;
        }
    }

    /// Averaged weights quantised to 8 bits (the largest 0.1% are clipped).
    fn finish(&self) -> Table {
        let now = f64::from(self.instances.max(1));
        let avg: Vec<f32> = (0..self.weights.len())
            .map(|r| {
                let elapsed = now - f64::from(self.stamps[r]);
                ((self.totals[r] + elapsed * f64::from(self.weights[r])) / now) as f32
            })
            .collect();
        let mut sizes: Vec<f32> = avg.iter().map(|w| w.abs()).filter(|w| *w > 0.0).collect();
        sizes.sort_unstable_by(f32::total_cmp);
        let top = sizes
            .get(sizes.len().saturating_sub(1))
            .copied()
            .unwrap_or(1.0);
        let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
        Table {
            values: avg
                .iter()
                .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8)
                .collect(),
            mask: self.mask,
        }
    }
}

/// A first-pass tree of a training sentence, with the arc margins of its words.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Tree {
    /// 1-based heads (0 = root).
    pub heads: Vec<u32>,
    /// First-pass labels.
    pub labels: Vec<u8>,
    /// First-pass arc margins.
    pub margins: Vec<i32>,
    /// First-pass arc evidence (see `parser::Scratch::arc_evidence`), sorted.
    pub evidence: Vec<(u32, u32, i32)>,
}

/// A training sentence for the corrector.
pub(crate) struct Example<'a> {
    /// Token features with clusters filled.
    pub toks: &'a [TokFeat],
    /// Predicted UPOS indices.
    pub tags: &'a [u8],
    /// Gold heads.
    pub gold: &'a [u32],
    /// The jackknifed first-pass tree.
    pub tree: &'a Tree,
    /// Margin bucket boundaries of the first pass that built `tree`.
    pub bounds: &'a [i32],
}

/// The ranker's table has `2^RANKER_BITS` one-byte slots (2 MB; 4 MB gave the same LAS and
/// a slower parser, 1 MB of 16-bit weights lost 0.25 LAS to collisions).
pub(crate) const RANKER_BITS: u32 = 21;

/// The detector's table has `2^DETECTOR_BITS` slots (64 KB).
const DETECTOR_BITS: u32 = 16;

/// Shares (percent) of the words that the detector may send to revision, tried smallest
/// first (see [`train_reattacher`]).
pub(crate) const REVISED_SHARES: [usize; 7] = [5, 8, 12, 16, 20, 30, 50];

/// Default candidate window (see [`candidates`]).
pub(crate) const WINDOW: u32 = 3;

/// A corrector being trained.
pub(crate) struct Training {
    ranker: Ranker,
    detector: Ranker,
    scratch: Scratch,
    punct: Vec<u16>,
    fine: Vec<u64>,
    window: u32,
    /// Targets whose gold head was among the candidates / all non-punctuation words seen.
    pub coverage: (usize, usize),
}

impl Training {
    /// An untrained corrector with candidate `window` and `2^bits` ranker weights.
    pub(crate) fn new(window: u32, bits: u32) -> Training {
        Training {
            ranker: Ranker::new(bits),
            detector: Ranker::new(DETECTOR_BITS),
            scratch: Scratch::default(),
            punct: Vec::new(),
            fine: Vec::new(),
            window,
            coverage: (0, 0),
        }
    }

    /// One perceptron pass over the words of `ex` (each word on the unrevised tree).
    pub(crate) fn learn(&mut self, ex: &Example) {
        let s = Words::new(ex.toks, ex.tags, &mut self.punct, &mut self.fine);
        let Scratch {
            feats,
            cands,
            verbs,
            all_feats,
            kids,
            ..
        } = &mut self.scratch;
        verb_counts(&s, verbs);
        let heads = &ex.tree.heads;
        kids.build(heads);
        for d in 1..=heads.len() as u32 {
            let h = head(heads, d);
            if s.is_punct(d) || h == 0 {
                continue;
            }
            let gold = head(ex.gold, d);
            let mb = bucket(
                ex.bounds,
                ex.tree
                    .margins
                    .get(d as usize - 1)
                    .copied()
                    .unwrap_or(i32::MIN),
            );
            let alt = alternative_bucket(ex.bounds, &ex.tree.evidence, d, h);
            detect_features(&s, heads, &ex.tree.labels, d, mb, alt, feats);
            // A binary perceptron: positive for wrong heads.
            let wrong = gold != h;
            if (self.detector.score(feats) > 0.0) != wrong {
                self.detector.add(feats, if wrong { 1.0 } else { -1.0 });
            }
            self.detector.instances += 1;
            candidates(&s, heads, kids, d, self.window, &ex.tree.evidence, cands);
            if cands.is_empty() {
                continue;
            }
            self.coverage.1 += 1;
            let Some(g) = cands.iter().position(|(c, _)| *c == gold) else {
                continue;
            };
            self.coverage.0 += 1;
            if cands.len() < 2 {
                continue;
            }
            all_feats.resize_with(cands.len().max(all_feats.len()), Vec::new);
            let mut best = (f32::MIN, 0);
            for (k, &(c, kind)) in cands.iter().enumerate() {
                let ev = evidence_bucket(ex.bounds, &ex.tree.evidence, d, c);
                features(
                    &s,
                    heads,
                    &ex.tree.labels,
                    verbs,
                    kids,
                    d,
                    c,
                    kind,
                    mb,
                    ev,
                    feats,
                );
                let sc = self.ranker.score(feats);
                if sc > best.0 {
                    best = (sc, k);
                }
                all_feats[k].clear();
                all_feats[k].extend_from_slice(feats);
            }
            self.ranker.instances += 1;
            if best.1 != g {
                self.ranker.add(&all_feats[g], 1.0);
                self.ranker.add(&all_feats[best.1], -1.0);
            }
        }
    }

    /// The averaged corrector so far, revising every word, for a first pass whose margin
    /// bucket boundaries are `bounds`.
    pub(crate) fn finish(&self, bounds: &[i32]) -> Reattacher {
        Reattacher {
            weights: self.ranker.finish(),
            detector: self.detector.finish(),
            min_suspicion: i32::MIN,
            window: self.window,
            bounds: bounds.to_vec(),
        }
    }
}

/// First-pass trees of `examples` with realistic errors: the examples are split into `folds`
/// (sentence `i` in fold `i % folds`) and each fold is parsed by a first pass trained for
/// `epochs` on the other folds (its epoch chosen on `dev`, tagged by `dev_tagger`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn fold_trees(
    examples: &[crate::parser::ParseExample],
    dev: &[crate::corpus::Sentence],
    dev_tagger: &crate::pos::PosTagger,
    folds: usize,
    epochs: usize,
    seed: u64,
    prune: f32,
    clusters: &crate::clusters::Clusters,
    verbose: bool,
) -> Vec<Tree> {
    let folds = folds.max(2);
    let mut trees = vec![Tree::default(); examples.len()];
    let mut scratch = crate::parser::Scratch::recording();
    for fold in 0..folds {
        let rest: Vec<crate::parser::ParseExample> = examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, ex)| crate::parser::ParseExample {
                toks: ex.toks.clone(),
                tags: ex.tags.clone(),
                heads: ex.heads.clone(),
                labels: ex.labels.clone(),
            })
            .collect();
        let (parser, curve) = crate::parser::train(
            &rest,
            dev,
            dev_tagger,
            epochs,
            seed,
            prune,
            clusters,
            |_, _| {},
        );
        if verbose {
            eprintln!("head corrector: fold {fold} first pass, dev LAS per epoch {curve:?}");
        }
        for (i, ex) in examples.iter().enumerate() {
            if i % folds != fold {
                continue;
            }
            parser.parse_scratch(&ex.toks, &ex.tags, &mut scratch);
            trees[i] = Tree {
                heads: scratch.heads.clone(),
                labels: scratch.labels.clone(),
                margins: scratch.arc_margins.clone(),
                evidence: {
                    let mut e = scratch.arc_evidence.clone();
                    e.sort_unstable();
                    e
                },
            };
        }
    }
    trees
}

/// Trains a head corrector for `parser` on the jackknifed `trees` of `examples`, keeping the
/// epoch with the best dev LAS (it must beat `parser` without a corrector), then the smallest
/// share of words sent to revision (see [`REVISED_SHARES`]) that keeps dev LAS within 0.05 of
/// revising every word. The ranker's table is as large as fits in `max_bytes` minus the size
/// of `parser` (at most `2^RANKER_BITS`). `log` gets (epoch, `i32::MAX`, report) per epoch and
/// (`epochs` + share, detector threshold, report) per share tried.
#[allow(clippy::too_many_arguments)]
pub(crate) fn train_reattacher(
    parser: &crate::parser::Parser,
    examples: &[crate::parser::ParseExample],
    trees: &[Tree],
    dev: &[crate::corpus::Sentence],
    dev_tagger: &crate::pos::PosTagger,
    folds: usize,
    epochs: usize,
    seed: u64,
    window: u32,
    max_bytes: usize,
    mut log: impl FnMut(usize, i32, &crate::eval::ParserReport),
) -> (crate::parser::Parser, Vec<f64>) {
    let base = parser.without_reattacher();
    let room = max_bytes.saturating_sub(base.to_bytes().len());
    let base_las = crate::eval::parser_scores(&base, dev_tagger, dev).las;
    // Dev arc margins of the first pass (punctuation left out), and those of each fold's.
    let mut margins: Vec<i32> = Vec::new();
    let mut pos_scratch = crate::pos::Scratch::default();
    let mut scratch = crate::parser::Scratch::default();
    for sentence in dev {
        dev_tagger.tag_into(&sentence.words, &mut pos_scratch);
        base.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut scratch);
        margins.extend(
            scratch
                .arc_margins
                .iter()
                .zip(&pos_scratch.tags)
                .filter(|(_, t)| **t != PUNCT_TAG)
                .map(|(m, _)| *m),
        );
    }
    let bounds = margin_bounds(&mut margins);
    let folds = folds.max(1);
    let fold_bounds: Vec<Vec<i32>> = (0..folds)
        .map(|fold| {
            let mut m: Vec<i32> = examples
                .iter()
                .zip(trees)
                .enumerate()
                .filter(|(i, _)| i % folds == fold)
                .flat_map(|(_, (ex, tree))| {
                    tree.margins
                        .iter()
                        .zip(&ex.tags)
                        .filter(|(_, t)| **t != PUNCT_TAG)
                        .map(|(m, _)| *m)
                })
                .collect();
            margin_bounds(&mut m)
        })
        .collect();
    // The ranker's table: `RANKER_BITS` unless the file has no room for it.
    let bits = (10..=RANKER_BITS)
        .rev()
        .find(|b| (1usize << b) + (1 << DETECTOR_BITS) + 4096 <= room)
        .unwrap_or(10);
    let mut training = Training::new(window, bits);
    let mut order: Vec<usize> = (0..examples.len().min(trees.len())).collect();
    let mut rng = crate::model::Rng::new(seed);
    let mut best: Option<(f64, crate::parser::Parser)> = None;
    let mut curve = Vec::new();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            training.learn(&Example {
                toks: &ex.toks,
                tags: &ex.tags,
                gold: &ex.heads,
                tree: &trees[i],
                bounds: &fold_bounds[i % folds],
            });
        }
        let candidate = base.with_reattacher(Some(training.finish(&bounds)));
        let report = crate::eval::parser_scores(&candidate, dev_tagger, dev);
        log(epoch, i32::MAX, &report);
        curve.push(report.las);
        if report.las > base_las && best.as_ref().is_none_or(|(b, _)| report.las > *b) {
            best = Some((report.las, candidate));
        }
    }
    let Some((best_las, parser)) = best else {
        return (base, curve);
    };
    let Some(re) = parser.reattacher().cloned() else {
        return (parser, curve);
    };
    // Revising a word costs a weight lookup per template and candidate: only the words the
    // detector finds most suspect are revised, the smallest share (among quantiles of the
    // dev suspicion scores) that keeps dev LAS within 0.05 of revising every word.
    let mut suspicion: Vec<i32> = Vec::new();
    for sentence in dev {
        dev_tagger.tag_into(&sentence.words, &mut pos_scratch);
        parser.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut scratch);
        suspicion.extend(scratch.suspicion());
    }
    suspicion.sort_unstable();
    let mut parser = parser;
    for share in REVISED_SHARES {
        let Some(&t) = suspicion.get(suspicion.len() * (100 - share) / 100) else {
            continue;
        };
        let candidate = parser.with_reattacher(Some(re.with_min_suspicion(t)));
        let report = crate::eval::parser_scores(&candidate, dev_tagger, dev);
        log(epochs + share, t, &report);
        if report.las >= best_las - 0.05 {
            parser = candidate;
            break;
        }
    }
    (parser, curve)
}

/// Writes trees (with the training sentences' tags) to a cache file (for experiments).
#[cfg(test)]
pub(crate) fn write_trees(tags: &[Vec<u8>], trees: &[Tree]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(trees.len() as u32).to_le_bytes());
    for (t, tree) in tags.iter().zip(trees) {
        out.extend_from_slice(&(t.len() as u32).to_le_bytes());
        out.extend_from_slice(t);
        for h in &tree.heads {
            out.extend_from_slice(&h.to_le_bytes());
        }
        out.extend_from_slice(&tree.labels);
        for m in &tree.margins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out.extend_from_slice(&(tree.evidence.len() as u32).to_le_bytes());
        for (d, h, v) in &tree.evidence {
            for x in [*d, *h, *v as u32] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
    out
}

/// Reads what [`write_trees`] wrote.
#[cfg(test)]
pub(crate) fn read_trees(bytes: &[u8]) -> Option<(Vec<Vec<u8>>, Vec<Tree>)> {
    let mut at = 0usize;
    let mut take = |k: usize| -> Option<&[u8]> {
        let s = bytes.get(at..at + k)?;
        at += k;
        Some(s)
    };
    let u32_of = |b: &[u8]| -> Option<u32> { Some(u32::from_le_bytes(b.try_into().ok()?)) };
    let n = u32_of(take(4)?)? as usize;
    let mut tags = Vec::with_capacity(n);
    let mut trees = Vec::with_capacity(n);
    for _ in 0..n {
        let len = u32_of(take(4)?)? as usize;
        tags.push(take(len)?.to_vec());
        let mut tree = Tree::default();
        for _ in 0..len {
            tree.heads.push(u32_of(take(4)?)?);
        }
        tree.labels = take(len)?.to_vec();
        for _ in 0..len {
            tree.margins.push(u32_of(take(4)?)? as i32);
        }
        let n_ev = u32_of(take(4)?)? as usize;
        for _ in 0..n_ev {
            let (d, h, v) = (u32_of(take(4)?)?, u32_of(take(4)?)?, u32_of(take(4)?)?);
            tree.evidence.push((d, h, v as i32));
        }
        trees.push(tree);
    }
    Some((tags, trees))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Template positions replaced by unseen keys (ablation at evaluation time; `usize::MAX`
    /// = none).
    pub(super) static ABLATE_RANK: AtomicUsize = AtomicUsize::new(usize::MAX);
    pub(super) static ABLATE_DETECT: AtomicUsize = AtomicUsize::new(usize::MAX);

    pub(super) fn ablate(which: &AtomicUsize, out: &mut [u64]) {
        if let Some(k) = out.get_mut(which.load(Ordering::Relaxed)) {
            *k ^= 0x5bd1_e995_1234_5678;
        }
    }

    /// EWT dev with models/pos.bin and the parser file `parser` (relative to the workspace
    /// root, or absolute), for the experiment tools below; `None` (after saying so) when
    /// either is missing.
    fn dev_and_models(
        parser: &str,
    ) -> Option<(
        crate::pos::PosTagger,
        crate::parser::Parser,
        Vec<crate::corpus::Sentence>,
    )> {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dev = root.join("../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
        let (Ok(pos), Ok(parser), Ok(gold)) = (
            std::fs::read(root.join("models/pos.bin")),
            std::fs::read(root.join(parser)),
            crate::corpus::read_conllu(&dev),
        ) else {
            println!("skipped: models or EWT dev not found");
            return None;
        };
        let (Ok(pos), Ok(parser)) = (
            crate::pos::PosTagger::from_bytes(&pos),
            crate::parser::Parser::from_bytes(&parser),
        ) else {
            panic!("unreadable model files");
        };
        Some((pos, parser, gold))
    }

    /// LAS change on EWT dev when each template of /tmp/parser-reattach.bin is ablated:
    /// `cargo test --release -p dossier-tagger reattach_ablation -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn reattach_ablation() {
        let Some((pos, parser, gold)) = dev_and_models("/tmp/parser-reattach.bin") else {
            return;
        };
        let base = crate::eval::parser_scores(&parser, &pos, &gold).las;
        println!("LAS {base:.2}");
        for (name, which, n) in [("rank", &ABLATE_RANK, 41), ("detect", &ABLATE_DETECT, 11)] {
            for k in 0..n {
                which.store(k, Ordering::Relaxed);
                let las = crate::eval::parser_scores(&parser, &pos, &gold).las;
                println!("{name} {k}: {:+.2}", las - base);
            }
            which.store(usize::MAX, Ordering::Relaxed);
        }
    }

    fn sent_of<'a>(
        toks: &'a [TokFeat],
        tags: &'a [u8],
        fine: &'a [u64],
        punct: &'a [u16],
    ) -> Words<'a> {
        Words {
            toks,
            tags,
            fine,
            punct,
        }
    }

    #[test]
    fn candidates_exclude_descendants_root_and_punctuation() {
        // 1 <- 2 (root word) -> 4 -> 3, 5 punctuation under 2, 6 under 4.
        let heads = [2, 0, 4, 2, 2, 4];
        let toks = vec![TokFeat::default(); 6];
        let tags = [7, 15, 7, 7, PUNCT_TAG, 7];
        let fine = [0u64; 6];
        let punct = [0u16; 7];
        let s = sent_of(&toks, &tags, &fine, &punct);
        let mut out = Vec::new();
        let mut kids = Children::default();
        kids.build(&heads);
        candidates(&s, &heads, &kids, 4, 3, &[], &mut out);
        let cs: Vec<u32> = out.iter().map(|(c, _)| *c).collect();
        assert_eq!(cs[0], 2, "the current head comes first");
        assert!(cs.contains(&1));
        for bad in [0, 3, 4, 5, 6] {
            assert!(!cs.contains(&bad), "{bad} in {cs:?}");
        }
        // The root word has no candidates: it keeps the root.
        candidates(&s, &heads, &kids, 2, 3, &[], &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn revision_keeps_a_tree_with_one_root_child() {
        // An untrained corrector with a positive weight on "not the current head, nearest
        // kind" moves words; whatever it does, the result must stay a tree.
        let mut ranker = Ranker::new(10);
        let toks: Vec<TokFeat> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|w| TokFeat::new(w))
            .collect();
        let tags = [7u8, 15, 1, 7, 15, 7, 7];
        let fine = [0u64; 7];
        let punct = [0u16; 8];
        let s = sent_of(&toks, &tags, &fine, &punct);
        for kind in [GRAND, GREAT, SIBLING, NEAR, NEPHEW] {
            let mut feats = Vec::new();
            for dir in [0, 1] {
                feats.push(Fx::new(600).add(dir).add(0).add(kind).finish());
            }
            ranker.add(&feats, 1.0);
        }
        ranker.instances = 1;
        let re = Reattacher {
            weights: ranker.finish(),
            detector: Ranker::new(4).finish(),
            min_suspicion: i32::MIN,
            window: 3,
            bounds: Vec::new(),
        };
        let mut heads = vec![2, 0, 4, 2, 4, 5, 6];
        let labels = vec![1u8; 7];
        let mut moved = Vec::new();
        re.revise(
            &s,
            &mut heads,
            &labels,
            &[0; 7],
            &[],
            &mut Scratch::default(),
            &mut moved,
        );
        assert!(!moved.is_empty(), "nothing moved: {heads:?}");
        assert_eq!(heads.iter().filter(|h| **h == 0).count(), 1);
        assert_eq!(heads[1], 0);
        for d in 1..=7u32 {
            // Every word reaches the root without a cycle.
            let mut x = d;
            let mut steps = 0;
            while x != 0 {
                x = heads[x as usize - 1];
                steps += 1;
                assert!(steps <= 7, "cycle through {d}: {heads:?}");
            }
        }
    }

    #[test]
    fn parser_files_with_and_without_the_corrector_read_back() {
        // An old-format file (no relabeller, no corrector).
        let mut w = Writer::new();
        w.str("parser");
        w.weights(&crate::model::Trainer::new(4).finish(0.0));
        w.weights(&crate::model::Trainer::new(dossier_core::DEP_LABELS.len()).finish(0.0));
        crate::clusters::Clusters::default().write(&mut w);
        let old = w.into_bytes();
        let Ok(base) = crate::parser::Parser::from_bytes(&old) else {
            panic!("old file unreadable");
        };
        assert!(base.reattacher().is_none());
        assert_eq!(base.to_bytes(), old, "old files are rewritten unchanged");
        let mut ranker = Ranker::new(6);
        ranker.add(&[5], 1.0);
        ranker.instances = 1;
        let re = Reattacher {
            weights: ranker.finish(),
            detector: Ranker::new(4).finish(),
            min_suspicion: 9,
            window: 3,
            bounds: vec![1, 2, 3],
        };
        let bytes = base.with_reattacher(Some(re)).to_bytes();
        let Ok(read) = crate::parser::Parser::from_bytes(&bytes) else {
            panic!("new file unreadable");
        };
        let Some(back) = read.reattacher() else {
            panic!("corrector lost");
        };
        assert_eq!((back.min_suspicion, back.bounds.len()), (9, 3));
        assert_eq!(read.to_bytes(), bytes);
        // A file cut short inside the corrector is an error, not a panic.
        assert!(crate::parser::Parser::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn corrector_survives_the_file_and_tree_cache_round_trips() {
        let mut ranker = Ranker::new(10);
        ranker.add(&[11, 12], 1.0);
        ranker.add(&[13], -1.0);
        ranker.instances = 3;
        let re = Reattacher {
            weights: ranker.finish(),
            detector: {
                let mut t = Ranker::new(4);
                t.add(&[21], 1.0);
                t.instances = 1;
                t.finish()
            },
            min_suspicion: -5,
            window: 4,
            bounds: vec![-3, 8],
        };
        let mut w = Writer::new();
        re.write(&mut w);
        let bytes = w.into_bytes();
        let Ok(mut r) = Reader::new(&bytes) else {
            panic!("unreadable");
        };
        let Ok(back) = Reattacher::read(&mut r) else {
            panic!("unreadable corrector");
        };
        assert_eq!(
            (back.min_suspicion, back.window, back.n_rows()),
            (-5, 4, 1024 + 16)
        );
        assert_eq!(back.weights.values, re.weights.values);
        assert_eq!(re.weights.values[11 & 1023], 127);
        assert_eq!(back.bounds, vec![-3, 8]);
        let tags = vec![vec![1u8, 2], vec![3u8]];
        let trees = vec![
            Tree {
                heads: vec![0, 1],
                labels: vec![4, 5],
                margins: vec![i32::MIN, 7],
                evidence: vec![(2, 1, 5)],
            },
            Tree {
                heads: vec![0],
                labels: vec![4],
                margins: vec![-3],
                evidence: Vec::new(),
            },
        ];
        let bytes = write_trees(&tags, &trees);
        assert_eq!(read_trees(&bytes), Some((tags, trees)));
        assert_eq!(read_trees(&bytes[..bytes.len() - 1]), None);
    }

    /// Trains a head corrector for an existing parser file (`REATTACH_BASE`, default
    /// models/parser.bin; its corrector, if any, is replaced) on jackknifed first-pass trees
    /// cached in `REATTACH_CACHE` (default /tmp/dossier-reattach-folds.bin; made when missing,
    /// with `REATTACH_FOLD_EPOCHS` epochs per fold, default 10), and writes `REATTACH_OUT`
    /// (default /tmp/parser-reattach.bin):
    /// `cargo test --release -p dossier-tagger reattach_only -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn reattach_only() {
        use std::path::PathBuf;
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let ewt = root.join("../shared/data/ud-english-ewt");
        if !ewt.exists() {
            println!("skipped: {} not found", ewt.display());
            return;
        }
        let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
        let num = |k: &str, d: usize| env(k, "").parse().unwrap_or(d);
        let opts = crate::train::TrainOptions {
            epochs: 20,
            verbose: true,
            ..crate::train::TrainOptions::default()
        };
        let Ok(cbytes) = std::fs::read("/tmp/dossier-clusters.bin") else {
            panic!("no /tmp/dossier-clusters.bin");
        };
        let Ok(mut reader) = Reader::new(&cbytes) else {
            panic!("bad cluster file");
        };
        assert_eq!(reader.str().ok().as_deref(), Some("clusters"));
        let Ok(clusters) = crate::clusters::Clusters::read(&mut reader) else {
            panic!("bad cluster file");
        };
        let (Ok(train_s), Ok(dev_s)) = (
            crate::corpus::read_conllu(&ewt.join("en_ewt-ud-train.conllu")),
            crate::corpus::read_conllu(&ewt.join("en_ewt-ud-dev.conllu")),
        ) else {
            panic!("unreadable EWT");
        };
        let Ok(pos) = std::fs::read(root.join("models/pos.bin")) else {
            panic!("no pos.bin");
        };
        let Ok(pos) = crate::pos::PosTagger::from_bytes(&pos) else {
            panic!("bad pos.bin");
        };
        let cache = env("REATTACH_CACHE", "/tmp/dossier-reattach-folds.bin");
        let cached = std::fs::read(&cache).ok().and_then(|b| read_trees(&b));
        let started = std::time::Instant::now();
        let examples_of = |tags: &[Vec<u8>]| -> Vec<crate::parser::ParseExample> {
            train_s
                .iter()
                .zip(tags)
                .map(|(s, tags)| {
                    let mut toks: Vec<TokFeat> = s.words.iter().map(|w| TokFeat::new(w)).collect();
                    clusters.fill(&mut toks);
                    crate::parser::ParseExample {
                        toks,
                        tags: tags.clone(),
                        heads: s.heads.clone(),
                        labels: s
                            .deps
                            .iter()
                            .map(|d| dossier_core::DepLabel::parse(d).0)
                            .collect(),
                    }
                })
                .collect()
        };
        let (examples, trees) = match cached {
            Some((tags, trees)) => (examples_of(&tags), trees),
            None => {
                let (examples, full_tagger) =
                    crate::train::parser_examples(&train_s, &dev_s, &opts, &clusters);
                let trees = fold_trees(
                    &examples,
                    &dev_s,
                    &full_tagger,
                    opts.folds,
                    num("REATTACH_FOLD_EPOCHS", 10),
                    opts.seed,
                    opts.prune,
                    &clusters,
                    true,
                );
                let tags: Vec<Vec<u8>> = examples.iter().map(|e| e.tags.clone()).collect();
                if let Err(err) = std::fs::write(&cache, write_trees(&tags, &trees)) {
                    println!("cache not written: {err}");
                }
                (examples, trees)
            }
        };
        println!("trees ready in {:.0} s", started.elapsed().as_secs_f64());
        let mut errors = (0usize, 0usize);
        for (ex, tree) in examples.iter().zip(&trees) {
            for (k, (h, g)) in tree.heads.iter().zip(&ex.heads).enumerate() {
                if ex.tags.get(k) != Some(&PUNCT_TAG) {
                    errors.1 += 1;
                    errors.0 += usize::from(h != g);
                }
            }
        }
        println!(
            "jackknifed first pass: {:.2}% head errors (non-punctuation)",
            100.0 * errors.0 as f64 / errors.1.max(1) as f64
        );
        let base_path = env("REATTACH_BASE", "");
        let base_path = if base_path.is_empty() {
            root.join("models/parser.bin")
        } else {
            PathBuf::from(base_path)
        };
        let Ok(bytes) = std::fs::read(&base_path) else {
            panic!("no {}", base_path.display());
        };
        let Ok(parser) = crate::parser::Parser::from_bytes(&bytes) else {
            panic!("bad parser file");
        };
        // Shortcuts are learned from the finished parser, never used while training.
        let parser = parser.without_shortcuts();
        let started = std::time::Instant::now();
        let (parser, curve) = train_reattacher(
            &parser,
            &examples,
            &trees,
            &dev_s,
            &pos,
            opts.folds,
            num("REATTACH_EPOCHS", 8),
            opts.seed,
            num("REATTACH_WINDOW", WINDOW as usize) as u32,
            num("REATTACH_MAX_BYTES", crate::train::PARSER_FILE_MAX_BYTES),
            |epoch, t, r| {
                println!(
                    "epoch {epoch} threshold {t}: dev UAS {:.2} LAS {:.2} ({:.0} s)",
                    r.uas,
                    r.las,
                    started.elapsed().as_secs_f64()
                )
            },
        );
        println!("curve {curve:?}");
        let bytes = parser.to_bytes();
        println!(
            "{} bytes, corrector rows {}, threshold {:?}",
            bytes.len(),
            parser.reattacher().map_or(0, Reattacher::n_rows),
            parser.reattacher().map(|r| r.min_suspicion)
        );
        diagnose(&parser, &pos, &dev_s, &clusters);
        if let Some(re) = parser.reattacher() {
            // For speed comparisons: the detector alone (nothing revised).
            let detector_only = parser.with_reattacher(Some(re.with_min_suspicion(i32::MAX)));
            let _ = std::fs::write("/tmp/parser-detector-only.bin", detector_only.to_bytes());
        }
        let out = env("REATTACH_OUT", "/tmp/parser-reattach.bin");
        assert!(std::fs::write(&out, bytes).is_ok());
    }

    /// Prints how many dev head errors the candidate sets could fix and what the corrector did.
    fn diagnose(
        parser: &crate::parser::Parser,
        pos: &crate::pos::PosTagger,
        dev: &[crate::corpus::Sentence],
        clusters: &crate::clusters::Clusters,
    ) {
        let base = parser.without_reattacher();
        let mut pos_scratch = crate::pos::Scratch::default();
        let mut a = crate::parser::Scratch::recording();
        let mut b = crate::parser::Scratch::default();
        let (mut punct, mut fine, mut cands) = (Vec::new(), Vec::new(), Vec::new());
        let mut kids = Children::default();
        // words, errors, errors in C (W=3), in C (W=6), errors under threshold, words under
        // threshold, fixed, broken, wrong to wrong.
        let mut k = [0usize; 9];
        // Errors outside C(3): gold root, d is the root word, gold is d's child, a deeper
        // descendant, punctuation, inside the current head's subtree, elsewhere.
        let mut miss = [0usize; 7];
        for sentence in dev {
            pos.tag_into(&sentence.words, &mut pos_scratch);
            let mut toks = pos_scratch.toks.clone();
            clusters.fill(&mut toks);
            let tags = &pos_scratch.tags;
            base.parse_scratch(&toks, tags, &mut a);
            a.arc_evidence.sort_unstable();
            parser.parse_scratch(&toks, tags, &mut b);
            let s = Words::new(&toks, tags, &mut punct, &mut fine);
            for d in 1..=toks.len() as u32 {
                let i = d as usize - 1;
                if s.is_punct(d) {
                    continue;
                }
                let gold = sentence.heads[i];
                let (h0, h1) = (a.heads[i], b.heads[i]);
                let low = true;
                k[0] += 1;
                k[5] += usize::from(low);
                if h0 != gold {
                    k[1] += 1;
                    k[4] += usize::from(low);
                    kids.build(&a.heads);
                    candidates(&s, &a.heads, &kids, d, 3, &a.arc_evidence, &mut cands);
                    k[2] += usize::from(cands.iter().any(|c| c.0 == gold));
                    if !cands.iter().any(|c| c.0 == gold) {
                        let why = if gold == 0 {
                            0
                        } else if h0 == 0 {
                            1
                        } else if descends(&a.heads, gold, d) {
                            if head(&a.heads, gold) == d {
                                2
                            } else {
                                3
                            }
                        } else if s.is_punct(gold) {
                            4
                        } else if descends(&a.heads, gold, h0) {
                            5
                        } else {
                            6
                        };
                        miss[why] += 1;
                    }
                    candidates(&s, &a.heads, &kids, d, 6, &a.arc_evidence, &mut cands);
                    k[3] += usize::from(cands.iter().any(|c| c.0 == gold));
                }
                if h0 != h1 {
                    if h1 == gold {
                        k[6] += 1;
                    } else if h0 == gold {
                        k[7] += 1;
                    } else {
                        k[8] += 1;
                    }
                }
            }
        }
        println!(
            "dev non-punct words {}, head errors {}, gold in C(3) {}, in C(6) {}, errors under \
             threshold {} of {} words; moves: fixed {}, broken {}, wrong->wrong {}",
            k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8]
        );
        println!("outside C(3): root / root word / child of d / deeper / punct / under head / else {miss:?}");
    }

    /// Dev LAS and size of models/parser.bin at harder prunings:
    /// `cargo test --release -p dossier-tagger reattach_prunes -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn reattach_prunes() {
        let Some((pos, parser, gold)) = dev_and_models("models/parser.bin") else {
            return;
        };
        for (m, l) in [(0.5, 1.0), (0.5, 1.3), (0.5, 1.6), (0.5, 2.0)] {
            let p = parser.pruned(m, l);
            let _ = std::fs::write(format!("/tmp/parser-p{l}.bin"), p.to_bytes());
            let r = crate::eval::parser_scores(&p, &pos, &gold);
            println!(
                "({m}, {l}): {} bytes, UAS {:.2} LAS {:.2}",
                p.to_bytes().len(),
                r.uas,
                r.las
            );
        }
    }
}
