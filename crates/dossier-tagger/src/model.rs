//! Averaged perceptron weights: the trainable form, the compact run-time form and its file format.
//!
//! Training keeps one dense row of `f32` weights per feature key (one weight per class) with
//! lazy averaging. When training ends the averaged rows are pruned (rows whose largest weight is
//! tiny are dropped) and quantised to `i16` with one scale per model. The run-time form,
//! [`Weights`], looks keys up in a bucketed index built at load time (the file format does not
//! depend on it).
//!
//! File format (all little-endian): magic `DSTG`, version `u32`, then sections written by
//! [`Writer`]: strings (`u32` length + UTF-8) and weight blocks (`u32` classes, `u32` rows,
//! `f32` scale, `rows × u64` keys, `rows × classes × i16` weights).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::mem::MaybeUninit;

use crate::feat::{file_key, lookup_key};
use crate::ModelError;

/// Magic bytes opening every model file.
const MAGIC: &[u8; 4] = b"DSTG";
/// Version of the file format.
const VERSION: u32 = 1;

/// A hasher for keys that are already hashes: it passes the `u64` through.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// An averaged perceptron being trained.
#[derive(Debug, Clone)]
pub struct Trainer {
    n_classes: usize,
    index: KeyMap<u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    /// Number of training instances seen (the averaging clock).
    pub instances: u32,
}

impl Trainer {
    /// A perceptron with `n_classes` classes and no features.
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            index: KeyMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            instances: 0,
        }
    }

    /// Adds the current weights of `features` (template keys, [`crate::feat::Fx::key`]) into
    /// `scores` (length `n_classes`).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for key in features {
            // Rows are kept by the keys' file form, which the finished weights store.
            if let Some(&row) = self.index.get(&file_key(*key)) {
                let start = row as usize * self.n_classes;
                if let Some(ws) = self.weights.get(start..start + self.n_classes) {
                    for (s, w) in scores.iter_mut().zip(ws) {
                        *s += *w;
                    }
                }
            }
        }
    }

    /// Counts one instance; call once per prediction, before [`Trainer::update`].
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    /// One training step without constraints on the classes: counts the instance, predicts
    /// from `features` (`scores` is scratch of length `n_classes`), moves weight from the
    /// prediction to `truth` when they differ, and returns the prediction.
    pub fn learn(&mut self, truth: usize, features: &[u64], scores: &mut [f32]) -> usize {
        self.tick();
        self.score(features, scores);
        let guess = argmax(scores, None);
        self.update(truth, guess, features);
        guess
    }

    /// Moves weight from `guess` to `truth` for `features` (nothing when they agree).
    pub fn update(&mut self, truth: usize, guess: usize, features: &[u64]) {
        if truth == guess || truth >= self.n_classes || guess >= self.n_classes {
            return;
        }
        let now = self.instances;
        for key in features {
            let n_rows = self.index.len() as u32;
            let row = *self.index.entry(file_key(*key)).or_insert(n_rows);
            if row == n_rows {
                self.weights
                    .extend(std::iter::repeat_n(0.0, self.n_classes));
                self.totals.extend(std::iter::repeat_n(0.0, self.n_classes));
                self.stamps.extend(std::iter::repeat_n(0, self.n_classes));
            }
            let start = row as usize * self.n_classes;
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let i = start + class;
                let elapsed = f64::from(now.saturating_sub(self.stamps[i]));
                self.totals[i] += elapsed * f64::from(self.weights[i]);
                self.stamps[i] = now;
                self.weights[i] += delta;
            }
        }
    }

    /// The averaged, pruned and quantised weights. Rows whose largest absolute averaged weight
    /// is below `prune` are dropped.
    pub fn finish(&self, prune: f32) -> Weights {
        let now = f64::from(self.instances.max(1));
        let mut rows: Vec<(u64, Vec<f32>)> = Vec::with_capacity(self.index.len());
        for (&key, &row) in &self.index {
            let start = row as usize * self.n_classes;
            let averaged: Vec<f32> = (start..start + self.n_classes)
                .map(|i| {
                    let elapsed = now - f64::from(self.stamps[i]);
                    ((self.totals[i] + elapsed * f64::from(self.weights[i])) / now) as f32
                })
                .collect();
            let max = averaged.iter().fold(0.0f32, |m, w| m.max(w.abs()));
            if max >= prune && max > 0.0 {
                rows.push((key, averaged));
            }
        }
        rows.sort_unstable_by_key(|(key, _)| *key);
        let max = rows
            .iter()
            .flat_map(|(_, ws)| ws.iter())
            .fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        let keys: Vec<u64> = rows.iter().map(|(key, _)| *key).collect();
        let values: Vec<i16> = rows
            .iter()
            .flat_map(|(_, ws)| ws.iter().map(|w| (w / scale).round() as i16))
            .collect();
        Weights::with_template_keys(self.n_classes, scale, keys, values)
    }
}

/// Compact run-time weights: `i16` rows looked up by feature key.
///
/// The file stores sorted keys and their rows; at load time an [`Index`] is built over them.
/// Models with at most [`INLINE`] classes (the parser's transitions, the lexicons) keep their
/// rows inside the index, so a lookup touches one cache line; wider models keep a 64-byte
/// bucket of key fingerprints and row numbers per lookup plus the row itself. Scoring hashes
/// all of a state's features to buckets first and prefetches them, so the cache misses of one
/// state overlap instead of following one another.
#[derive(Debug, Clone)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    /// The keys as model files store them, sorted.
    keys: Vec<u64>,
    values: Vec<i16>,
    index: Index,
    /// Whether lookups take template keys ([`Weights::with_template_keys`]) rather than the
    /// stored keys.
    template_keys: bool,
}

/// Rows of at most this many classes are stored inside the index buckets.
const INLINE: usize = 4;
/// Slots of an [`InlineBucket`].
const INLINE_SLOTS: usize = 5;
/// Slots of a [`RowBucket`].
const ROW_SLOTS: usize = 8;
/// How many keys ahead the index build prefetches its buckets.
const LOAD_AHEAD: usize = 16;
/// Features scored per prefetch batch: more than any model's features per decision (the
/// parser's transitions have up to 67, the recognizer's about 90), so that all of one
/// decision's lookups are started before the first is read. With 64, the last few transition
/// features formed a second batch whose loads started only after the first batch was summed.
/// (With no zeroed batch arrays, a few percent in long interleaved runs; a sliding window that
/// starts each load 16 keys ahead of its read was clearly slower than starting them all at
/// once.)
const BATCH: usize = 128;

/// One cache line of an inline index: five key fingerprints (0 = empty) and their rows.
#[repr(C, align(64))]
#[derive(Debug, Clone, Copy, Default)]
struct InlineBucket {
    fp: [u32; INLINE_SLOTS],
    rows: [[i16; INLINE]; INLINE_SLOTS],
    _pad: u32,
}

/// One cache line of a row index: eight key fingerprints (0 = empty) and their row numbers.
#[repr(C, align(64))]
#[derive(Debug, Clone, Copy, Default)]
struct RowBucket {
    fp: [u32; ROW_SLOTS],
    row: [u32; ROW_SLOTS],
}

/// The lookup structure built at load time over a weight block's keys.
///
/// Buckets are filled in key order; a key lives in its home bucket (picked from the key's low
/// 32 bits by multiply-shift, so the bucket count needs no power of two) or, when that is
/// full, in the next one that has room. A bucket with an empty slot therefore ends a search.
/// Fingerprints are the key's high 32 bits with the lowest bit set (0 marks empty): a false
/// match needs a 31-bit collision within one or two buckets and would add one stray row.
#[derive(Debug, Clone)]
enum Index {
    Inline(Vec<InlineBucket>),
    Rows(Vec<RowBucket>),
}

/// Mixes a key with a bijection (a multiplication by an odd constant, then the high half
/// folded into the low), so that keys which are not hashes (small integers, or integers in
/// the high half only) still spread over the buckets (the low half picks the home bucket) and
/// differ in their fingerprints (the high half). It is the only mixing template keys get
/// (`Fx::key` skips `Fx::finish`'s avalanche: a template key is a product by an odd constant,
/// strong in its high bits only); lexicon keys are finished word hashes.
#[inline]
fn mix(key: u64) -> u64 {
    let m = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    m ^ (m >> 32)
}

/// The fingerprint of a mixed key: its high 32 bits with the lowest bit set (0 marks empty).
#[inline]
fn fingerprint(mixed: u64) -> u32 {
    ((mixed >> 32) as u32) | 1
}

/// The home bucket of a mixed key among `n_buckets` (multiply-shift of its low 32 bits).
#[inline]
fn home(mixed: u64, n_buckets: usize) -> usize {
    ((u64::from(mixed as u32) * n_buckets as u64) >> 32) as usize
}

/// Asks the CPU to start loading the cache line at `ptr` (no effect where unsupported).
#[inline(always)]
pub(crate) fn prefetch<T>(ptr: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, whatever the address; SSE is part of
    // the x86_64 baseline.
    unsafe {
        core::arch::x86_64::_mm_prefetch(ptr.cast::<i8>(), core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = ptr;
}

/// Size of a transparent huge page on x86_64 and aarch64 Linux.
const HUGE_PAGE: usize = 2 << 20;

/// `len` copies of `fill` in memory advised for transparent huge pages (Linux; elsewhere an
/// ordinary vector). Weight lookups land on random pages of tables of many megabytes, so with
/// 4 KB pages nearly every lookup also misses the TLB; 2 MB pages remove most of those walks.
fn table_vec<T: Copy>(len: usize, fill: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(len);
    advise_huge(
        v.as_ptr() as usize,
        len.saturating_mul(std::mem::size_of::<T>()),
    );
    v.resize(len, fill);
    v
}

#[cfg(target_os = "linux")]
fn advise_huge(addr: usize, len: usize) {
    const PAGE: usize = 4096;
    const MADV_HUGEPAGE: i32 = 14;
    unsafe extern "C" {
        fn madvise(addr: *mut core::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    if len < HUGE_PAGE {
        return;
    }
    let start = addr.saturating_add(PAGE - 1) & !(PAGE - 1);
    let end = addr.saturating_add(len) & !(PAGE - 1);
    if end > start {
        // SAFETY: the range is whole pages inside an allocation this process owns (or shares
        // with its own allocator); MADV_HUGEPAGE only changes how pages are backed, never their
        // contents, and a failure (an older kernel, THP disabled) is harmless and ignored.
        unsafe {
            madvise(start as *mut core::ffi::c_void, end - start, MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_addr: usize, _len: usize) {}

impl Index {
    /// Builds the index of `keys`, each looked up as `key_of(key)`.
    fn build(
        n_classes: usize,
        keys: &[u64],
        values: &[i16],
        key_of: impl Fn(u64) -> u64 + Copy,
    ) -> Index {
        if n_classes <= INLINE {
            let mut buckets =
                table_vec(n_buckets(keys.len(), INLINE_SLOTS), InlineBucket::default());
            place_all(
                &mut buckets,
                keys,
                key_of,
                |b| &mut b.fp,
                |bucket, slot, row| {
                    let start = row * n_classes;
                    if let Some(ws) = values.get(start..start + n_classes) {
                        bucket.rows[slot][..n_classes].copy_from_slice(ws);
                    }
                },
            );
            Index::Inline(buckets)
        } else {
            let mut buckets = table_vec(n_buckets(keys.len(), ROW_SLOTS), RowBucket::default());
            place_all(
                &mut buckets,
                keys,
                key_of,
                |b| &mut b.fp,
                |bucket, slot, row| {
                    bucket.row[slot] = row as u32;
                },
            );
            Index::Rows(buckets)
        }
    }
}

/// Percentage of an index's slots that hold keys.
///
/// A search that finds its home bucket full without its key must read the next bucket, a
/// second cache miss that waits on the first; most searches for keys the model does not know
/// end that way when buckets are full. At 70% (keys per bucket about Poisson with mean 3.5 of
/// five inline slots) a quarter of the home buckets are full; at 45%, under a tenth. On the
/// speed benchmark 45% parses about 15% faster than 70% (interleaved runs: 55% +10%, 35%
/// slower again, 85% a third slower) for about half as much index memory again.
const FILL_PERCENT: usize = 45;

/// Buckets for `n_keys` keys of `slots` slots each, [`FILL_PERCENT`] of the slots used.
fn n_buckets(n_keys: usize, slots: usize) -> usize {
    (n_keys * 100 / (FILL_PERCENT * slots)).max(1) + 1
}

/// Places every key of `keys` (row `i` for key `i`, looked up as `key_of(key)`) in its home
/// bucket or the next one with room: `slots` gives a bucket's fingerprints, `store` writes row
/// `row` into a slot.
fn place_all<B, const N: usize>(
    buckets: &mut [B],
    keys: &[u64],
    key_of: impl Fn(u64) -> u64,
    slots: impl Fn(&mut B) -> &mut [u32; N],
    mut store: impl FnMut(&mut B, usize, usize),
) {
    let n = buckets.len();
    // Buckets are written in random order: each key's bucket is fetched `LOAD_AHEAD` keys
    // ahead, and its mixed key kept until then, so `key_of` runs once per key.
    let mut ahead = [0u64; LOAD_AHEAD];
    for (slot, key) in ahead.iter_mut().zip(keys) {
        *slot = mix(key_of(*key));
        prefetch(buckets.as_ptr().wrapping_add(home(*slot, n)));
    }
    for row in 0..keys.len() {
        let pending = &mut ahead[row % LOAD_AHEAD];
        let key = *pending;
        if let Some(next) = keys.get(row + LOAD_AHEAD) {
            *pending = mix(key_of(*next));
            prefetch(buckets.as_ptr().wrapping_add(home(*pending, n)));
        }
        let mut b = home(key, n);
        // The index has more slots than keys (`n_buckets`), so a free slot is always found.
        let mut placed = false;
        for _ in 0..n {
            let Some(bucket) = buckets.get_mut(b) else {
                break;
            };
            let fps = slots(bucket);
            if let Some(slot) = fps.iter().position(|f| *f == 0) {
                fps[slot] = fingerprint(key);
                store(bucket, slot, row);
                placed = true;
                break;
            }
            b = if b + 1 == n { 0 } else { b + 1 };
        }
        debug_assert!(placed, "weight index too small for its keys");
    }
}

/// Bit masks of the slots of `fps` that hold `fp` and of the empty slots (bit `i` = slot `i`).
/// Which slot matches is random, so per-slot branches would be mispredicted on most lookups;
/// on x86_64 four slots are compared at once.
#[inline(always)]
fn slot_masks<const N: usize>(fps: &[u32; N], fp: u32) -> (u32, u32) {
    let (mut hits, mut empty) = (0u32, 0u32);
    let mut i = 0;
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{
            _mm_castsi128_ps, _mm_cmpeq_epi32, _mm_loadu_si128, _mm_movemask_ps, _mm_set1_epi32,
            _mm_setzero_si128,
        };
        // SAFETY: SSE2 is part of the x86_64 baseline, and each unaligned load reads four
        // `u32` inside `fps` (`i + 4 <= N`).
        unsafe {
            let want = _mm_set1_epi32(fp as i32);
            let zero = _mm_setzero_si128();
            while i + 4 <= N {
                let v = _mm_loadu_si128(fps.as_ptr().add(i).cast());
                hits |= (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, want))) as u32) << i;
                empty |= (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero))) as u32) << i;
                i += 4;
            }
        }
    }
    while i < N {
        hits |= u32::from(fps[i] == fp) << i;
        empty |= u32::from(fps[i] == 0) << i;
        i += 1;
    }
    (hits, empty)
}

/// Finds `fp` starting at bucket `b` of `buckets`; `slots` gives a bucket's fingerprints.
/// The first matching slot wins.
#[inline(always)]
fn probe<B, const N: usize>(
    buckets: &[B],
    mut b: usize,
    fp: u32,
    slots: impl Fn(&B) -> &[u32; N],
) -> Option<(usize, usize)> {
    for _ in 0..buckets.len() {
        let bucket = buckets.get(b)?;
        let (hits, empty) = slot_masks(slots(bucket), fp);
        if hits != 0 {
            return Some((b, hits.trailing_zeros() as usize));
        }
        if empty != 0 {
            return None;
        }
        b = if b + 1 == buckets.len() { 0 } else { b + 1 };
    }
    None
}

impl Weights {
    /// Builds the lookup index over sorted `keys` and their rows, looked up by those keys
    /// (lexicons; scored models use [`Weights::with_template_keys`], and built with this their
    /// features would find no rows).
    pub fn from_parts(n_classes: usize, scale: f32, keys: Vec<u64>, values: Vec<i16>) -> Weights {
        Weights::build(n_classes, scale, keys, values, false)
    }

    /// As [`Weights::from_parts`] (sorted stored keys), looked up by template key
    /// ([`crate::feat::Fx::key`]) instead of the stored (finished) key: what every scored
    /// model uses, so that computing a feature skips the finishing avalanche (the index mixes
    /// keys itself). Lexicons, keyed by word hashes, use [`Weights::from_parts`].
    pub fn with_template_keys(
        n_classes: usize,
        scale: f32,
        keys: Vec<u64>,
        values: Vec<i16>,
    ) -> Weights {
        Weights::build(n_classes, scale, keys, values, true)
    }

    /// Builds the lookup index over `keys` (their template forms when `template_keys`).
    fn build(
        n_classes: usize,
        scale: f32,
        keys: Vec<u64>,
        values: Vec<i16>,
        template_keys: bool,
    ) -> Weights {
        let index = if template_keys {
            Index::build(n_classes, &keys, &values, lookup_key)
        } else {
            Index::build(n_classes, &keys, &values, |k| k)
        };
        // Wide rows are read from `values` at run time: give them huge pages too.
        let values = if n_classes > INLINE && values.len() * 2 >= HUGE_PAGE {
            let mut advised = table_vec(values.len(), 0i16);
            advised.copy_from_slice(&values);
            advised
        } else {
            values
        };
        Weights {
            n_classes,
            scale,
            keys,
            values,
            index,
            template_keys,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// A copy without the rows whose largest absolute weight is below `min_abs`.
    pub fn pruned(&self, min_abs: f32) -> Weights {
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (row, key) in self.keys.iter().enumerate() {
            let start = row * self.n_classes;
            let Some(ws) = self.values.get(start..start + self.n_classes) else {
                continue;
            };
            let max = ws.iter().map(|w| i32::from(*w).abs()).max().unwrap_or(0);
            if max as f32 * self.scale >= min_abs {
                keys.push(*key);
                values.extend_from_slice(ws);
            }
        }
        Weights::build(self.n_classes, self.scale, keys, values, self.template_keys)
    }

    /// A hash of the weights' contents (classes, scale, keys and rows): equal for equal
    /// weights, so that work done with one copy need not be redone with another (never 0).
    pub(crate) fn content_hash(&self) -> u64 {
        let mut h = crate::feat::Fx::new(90)
            .add(self.n_classes as u64)
            .add(u64::from(self.template_keys))
            .add(u64::from(self.scale.to_bits()));
        for key in &self.keys {
            h = h.add(*key);
        }
        for value in &self.values {
            h = h.add(u64::from(*value as u16));
        }
        h.finish() | 1
    }

    /// Number of feature rows kept.
    pub fn n_rows(&self) -> usize {
        self.keys.len()
    }

    /// The row of `key`, if the model knows it.
    #[inline]
    pub(crate) fn row_of(&self, key: u64) -> Option<&[i16]> {
        let key = mix(key);
        let fp = fingerprint(key);
        match &self.index {
            Index::Inline(buckets) => {
                let (b, slot) = probe(buckets, home(key, buckets.len()), fp, |b| &b.fp)?;
                buckets.get(b)?.rows.get(slot)?.get(..self.n_classes)
            }
            Index::Rows(buckets) => {
                let (b, slot) = probe(buckets, home(key, buckets.len()), fp, |b| &b.fp)?;
                let row = *buckets.get(b)?.row.get(slot)? as usize;
                let start = row * self.n_classes;
                self.values.get(start..start + self.n_classes)
            }
        }
    }

    /// Sums the rows of `features` into `scores` (length `n_classes`, integer units).
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        let n = self.n_classes.min(scores.len());
        let scores = &mut scores[..n];
        // Keys are mixed once per batch: the prefetch pass and the probe pass both need them.
        // The batch arrays are left uninitialised (zeroing them cost a `memset` call per
        // score); only the `chunk.len()` entries written before are read.
        let mut mixed = [const { MaybeUninit::<u64>::uninit() }; BATCH];
        match &self.index {
            Index::Inline(buckets) => {
                let mut sums = Sum4::default();
                for chunk in features.chunks(BATCH) {
                    let mixed = mix_batch(&mut mixed, chunk, buckets);
                    for key in mixed {
                        let hit =
                            probe(buckets, home(*key, buckets.len()), fingerprint(*key), |b| {
                                &b.fp
                            });
                        if let Some(ws) = hit.and_then(|(b, s)| buckets.get(b)?.rows.get(s)) {
                            // Always all INLINE columns (unused ones are zero).
                            sums.add(ws);
                        }
                    }
                }
                for (s, sum) in scores.iter_mut().zip(sums.get()) {
                    *s = sum;
                }
            }
            Index::Rows(buckets) => {
                let mut rows = [const { MaybeUninit::<u32>::uninit() }; BATCH];
                for chunk in features.chunks(BATCH) {
                    let mixed = mix_batch(&mut mixed, chunk, buckets);
                    let mut n_rows = 0;
                    for key in mixed {
                        let hit =
                            probe(buckets, home(*key, buckets.len()), fingerprint(*key), |b| {
                                &b.fp
                            });
                        if let Some(row) = hit.and_then(|(b, s)| buckets.get(b)?.row.get(s)) {
                            let start = *row as usize * self.n_classes;
                            let p = self.values.as_ptr().wrapping_add(start);
                            prefetch(p);
                            prefetch(p.wrapping_add(self.n_classes - 1));
                            if let Some(slot) = rows.get_mut(n_rows) {
                                slot.write(*row);
                                n_rows += 1;
                            }
                        }
                    }
                    // SAFETY: `n_rows` counts the entries the probe loop wrote, in order.
                    let rows = unsafe { init_prefix(&rows, n_rows) };
                    let (values, stride) = (&self.values[..], self.n_classes);
                    match stride.div_ceil(8) {
                        1 => add_rows::<8>(values, stride, rows, scores),
                        2 => add_rows::<16>(values, stride, rows, scores),
                        3 => add_rows::<24>(values, stride, rows, scores),
                        4 => add_rows::<32>(values, stride, rows, scores),
                        5 => add_rows::<40>(values, stride, rows, scores),
                        6 => add_rows::<48>(values, stride, rows, scores),
                        7 => add_rows::<56>(values, stride, rows, scores),
                        8 => add_rows::<64>(values, stride, rows, scores),
                        _ => {
                            for row in rows {
                                let start = *row as usize * stride;
                                if let Some(ws) = values.get(start..start + n) {
                                    for (s, w) in scores.iter_mut().zip(ws) {
                                        *s += i32::from(*w);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Writes the mixed form of each key of `chunk` (at most [`BATCH`]) into `mixed`, asks the CPU
/// to start loading its home bucket, and returns the mixed keys.
#[inline(always)]
fn mix_batch<'a, B>(
    mixed: &'a mut [MaybeUninit<u64>; BATCH],
    chunk: &[u64],
    buckets: &[B],
) -> &'a [u64] {
    debug_assert!(chunk.len() <= BATCH, "score passes chunks of at most BATCH");
    let n = chunk.len().min(BATCH);
    for (m, key) in mixed.iter_mut().zip(&chunk[..n]) {
        let k = mix(*key);
        m.write(k);
        prefetch(buckets.as_ptr().wrapping_add(home(k, buckets.len())));
    }
    // SAFETY: the loop above wrote every one of the first `n` entries (`chunk` has `n`).
    unsafe { init_prefix(mixed, n) }
}

/// The first `n` entries of `slots` (at most its length), as initialised values.
///
/// # Safety
///
/// Every one of the first `n.min(slots.len())` entries must have been written.
#[inline(always)]
unsafe fn init_prefix<T>(slots: &[MaybeUninit<T>], n: usize) -> &[T] {
    let n = n.min(slots.len());
    // SAFETY: `MaybeUninit<T>` has the layout of `T`, the caller guarantees the first `n`
    // entries are initialised, and the result borrows `slots`, so nothing writes them while
    // it is alive.
    unsafe { std::slice::from_raw_parts(slots.as_ptr().cast::<T>(), n) }
}

/// Adds the rows numbered `rows` (each `stride` values long) of `values` to `scores`, `W`
/// columns at a time (`W` is `stride` rounded up to a multiple of eight), so that the sum is a
/// fixed-width loop the compiler turns into vector adds. The columns past `stride` read the
/// start of the next row and are dropped; a row too near the end of `values` for `W` columns
/// is added column by column.
#[inline(always)]
fn add_rows<const W: usize>(values: &[i16], stride: usize, rows: &[u32], scores: &mut [i32]) {
    let mut acc = [0i32; W];
    for row in rows {
        let start = *row as usize * stride;
        if let Some(ws) = values
            .get(start..start + W)
            .and_then(|ws| <&[i16; W]>::try_from(ws).ok())
        {
            for (a, w) in acc.iter_mut().zip(ws) {
                *a = a.wrapping_add(i32::from(*w));
            }
        } else if let Some(ws) = values.get(start..start + stride) {
            for (a, w) in acc.iter_mut().zip(ws) {
                *a = a.wrapping_add(i32::from(*w));
            }
        }
    }
    for (s, a) in scores.iter_mut().zip(&acc) {
        *s += *a;
    }
}

/// A running sum of narrow rows ([`INLINE`] `i16` columns) in `i32`: one vector add per row
/// on x86_64 (SSE2), a plain loop elsewhere.
#[derive(Clone, Copy)]
struct Sum4 {
    #[cfg(target_arch = "x86_64")]
    acc: core::arch::x86_64::__m128i,
    #[cfg(not(target_arch = "x86_64"))]
    acc: [i32; INLINE],
}

impl Default for Sum4 {
    fn default() -> Self {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        let acc = unsafe { core::arch::x86_64::_mm_setzero_si128() };
        #[cfg(not(target_arch = "x86_64"))]
        let acc = [0; INLINE];
        Sum4 { acc }
    }
}

impl Sum4 {
    /// Adds one row.
    #[inline(always)]
    fn add(&mut self, row: &[i16; INLINE]) {
        #[cfg(target_arch = "x86_64")]
        {
            use core::arch::x86_64::{
                _mm_add_epi32, _mm_loadl_epi64, _mm_srai_epi32, _mm_unpacklo_epi16,
            };
            // SAFETY: SSE2 is part of the x86_64 baseline; the unaligned 8-byte load reads
            // exactly the four `i16` of `row`. Interleaving a word with itself and shifting
            // right arithmetically by 16 sign-extends each `i16` to `i32`.
            unsafe {
                let r = _mm_loadl_epi64(row.as_ptr().cast());
                self.acc = _mm_add_epi32(self.acc, _mm_srai_epi32(_mm_unpacklo_epi16(r, r), 16));
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        for (s, w) in self.acc.iter_mut().zip(row) {
            *s += i32::from(*w);
        }
    }

    /// The four sums.
    #[inline(always)]
    fn get(self) -> [i32; INLINE] {
        #[cfg(target_arch = "x86_64")]
        {
            let mut out = [0i32; INLINE];
            // SAFETY: SSE2 is part of the x86_64 baseline; the unaligned store writes exactly
            // the 16 bytes of `out`.
            unsafe {
                core::arch::x86_64::_mm_storeu_si128(out.as_mut_ptr().cast(), self.acc);
            }
            out
        }
        #[cfg(not(target_arch = "x86_64"))]
        self.acc
    }
}

/// Index of the largest score among classes allowed by `allowed` (all when it is `None`).
#[inline]
pub fn argmax<T: PartialOrd + Copy>(
    scores: &[T],
    allowed: Option<&dyn Fn(usize) -> bool>,
) -> usize {
    let mut best = usize::MAX;
    for (class, score) in scores.iter().enumerate() {
        if let Some(ok) = allowed {
            if !ok(class) {
                continue;
            }
        }
        if best == usize::MAX || *score > scores[best] {
            best = class;
        }
    }
    if best == usize::MAX {
        0
    } else {
        best
    }
}

/// Writes a model file.
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// A file with the header written.
    pub fn new() -> Writer {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        Writer { bytes }
    }

    /// Writes a `u32`.
    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// Writes a string.
    pub fn str(&mut self, text: &str) {
        self.u32(text.len() as u32);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// Writes a weight block.
    pub fn weights(&mut self, weights: &Weights) {
        self.u32(weights.n_classes as u32);
        self.u32(weights.keys.len() as u32);
        self.bytes.extend_from_slice(&weights.scale.to_le_bytes());
        for key in &weights.keys {
            self.bytes.extend_from_slice(&key.to_le_bytes());
        }
        for value in &weights.values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

/// Reads a model file written by [`Writer`].
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the header of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Result<Reader<'a>, ModelError> {
        let mut reader = Reader { bytes, pos: 0 };
        let magic = reader.take(4)?;
        if magic != MAGIC {
            return Err(ModelError::Format("not a dossier model file".into()));
        }
        let version = reader.u32()?;
        if version != VERSION {
            return Err(ModelError::Format(format!(
                "model file version {version}, expected {VERSION}"
            )));
        }
        Ok(reader)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| ModelError::Format("model file is truncated".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    /// Reads a `u32`.
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads a string.
    pub fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| ModelError::Format("bad string".into()))
    }

    /// Reads a weight block looked up by its stored keys (lexicons, keyed by word hashes). A
    /// scored model must be read with [`Reader::template_weights`]: read with this, its
    /// features find no rows and every score is 0.
    pub fn weights(&mut self) -> Result<Weights, ModelError> {
        self.weight_block(false)
    }

    /// Reads a weight block of a scored model, looked up by template key
    /// ([`Weights::with_template_keys`]).
    pub fn template_weights(&mut self) -> Result<Weights, ModelError> {
        self.weight_block(true)
    }

    /// Reads a weight block, indexed by template key when `template_keys`.
    fn weight_block(&mut self, template_keys: bool) -> Result<Weights, ModelError> {
        let n_classes = self.u32()? as usize;
        let n_rows = self.u32()? as usize;
        let s = self.take(4)?;
        let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let key_bytes = self.take(n_rows.saturating_mul(8))?;
        let keys: Vec<u64> = key_bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let value_bytes = self.take(n_rows.saturating_mul(n_classes).saturating_mul(2))?;
        let values: Vec<i16> = value_bytes
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        if n_classes == 0 {
            return Err(ModelError::Format("weight block without classes".into()));
        }
        Ok(Weights::build(
            n_classes,
            scale,
            keys,
            values,
            template_keys,
        ))
    }
}

/// A small deterministic random generator (xorshift64*) for shuffling.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % (n.max(1) as u64)) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_round_trips() {
        let mut trainer = Trainer::new(3);
        let mut scores = [0.0f32; 3];
        for _ in 0..5 {
            for (class, key) in [(0usize, 10u64), (1, 20), (2, 30)] {
                trainer.learn(class, &[key, 99], &mut scores);
            }
        }
        let weights = trainer.finish(0.0);
        let mut writer = Writer::new();
        writer.str("hello");
        writer.weights(&weights);
        let bytes = writer.into_bytes();
        let mut reader = Reader::new(&bytes).unwrap();
        assert_eq!(reader.str().unwrap(), "hello");
        let loaded = reader.template_weights().unwrap();
        let mut int_scores = [0i32; 3];
        for (class, key) in [(0usize, 10u64), (1, 20), (2, 30)] {
            loaded.score(&[key, 99], &mut int_scores);
            assert_eq!(argmax(&int_scores, None), class);
        }
        // The file stores the finished keys, as before template keys: read as a lexicon,
        // the block finds rows by finished key and not by template key.
        let mut reader = Reader::new(&bytes).unwrap();
        assert_eq!(reader.str().unwrap(), "hello");
        let stored = reader.weights().unwrap();
        assert!(stored.row_of(file_key(10)).is_some());
        assert!(stored.row_of(10).is_none());
        assert!(Reader::new(&bytes[..bytes.len() - 3])
            .and_then(|mut r| r.str().and_then(|_| r.weights()))
            .is_err());
        assert!(Reader::new(b"nope").is_err());
    }

    #[test]
    fn index_finds_every_key_and_no_other() {
        for n_classes in [2usize, 4, 17] {
            let mut rng = Rng::new(n_classes as u64);
            let mut keys: Vec<u64> = (0..5000).map(|_| rng.next_u64()).collect();
            keys.sort_unstable();
            keys.dedup();
            let values: Vec<i16> = (0..keys.len() * n_classes).map(|i| i as i16).collect();
            let weights = Weights::from_parts(n_classes, 1.0, keys.clone(), values.clone());
            for (row, key) in keys.iter().enumerate() {
                let start = row * n_classes;
                assert_eq!(
                    weights.row_of(*key),
                    Some(&values[start..start + n_classes])
                );
            }
            let absent = (0..5000).filter(|_| weights.row_of(rng.next_u64()).is_some());
            assert_eq!(absent.count(), 0);
            let mut scores = vec![0i32; n_classes];
            weights.score(&[keys[0], keys[1], 12345], &mut scores);
            let expected: Vec<i32> = (0..n_classes)
                .map(|c| i32::from(values[c]) + i32::from(values[n_classes + c]))
                .collect();
            assert_eq!(scores, expected);
            // The last rows: wide rows are read eight columns at a time, and the last one
            // has nothing after it to read past its end.
            let last = keys.len() - 1;
            weights.score(&[keys[last], keys[last - 1]], &mut scores);
            let expected: Vec<i32> = (0..n_classes)
                .map(|c| {
                    i32::from(values[last * n_classes + c])
                        + i32::from(values[(last - 1) * n_classes + c])
                })
                .collect();
            assert_eq!(scores, expected);
        }
        // Keys that are not hashes: small integers, and integers in the high half only.
        for keys in [
            (1..5000u64).collect::<Vec<_>>(),
            (1..5000u64).map(|k| k << 33).collect(),
        ] {
            let values: Vec<i16> = (0..keys.len() * 4).map(|i| i as i16).collect();
            let weights = Weights::from_parts(4, 1.0, keys.clone(), values.clone());
            for (row, key) in keys.iter().enumerate() {
                assert_eq!(weights.row_of(*key), Some(&values[row * 4..row * 4 + 4]));
            }
            let step = keys[0];
            let absent = (5000..10000u64).filter(|k| weights.row_of(k * step).is_some());
            assert_eq!(absent.count(), 0);
        }
        let empty = Weights::from_parts(4, 1.0, Vec::new(), Vec::new());
        assert_eq!(empty.row_of(7), None);
    }

    #[test]
    fn features_beyond_one_batch_are_all_summed() {
        for n_classes in [4usize, 17] {
            let keys: Vec<u64> = (1..=1000u64).map(|k| k.wrapping_mul(0x2545_F491)).collect();
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            let values: Vec<i16> = (0..sorted.len() * n_classes)
                .map(|i| (i % 7) as i16 - 3)
                .collect();
            let weights = Weights::from_parts(n_classes, 1.0, sorted.clone(), values.clone());
            // Three batches and a bit: every ninth feature absent, the rest drawn from 100
            // keys, so that most repeat.
            let features: Vec<u64> = (0..3 * BATCH + 5)
                .map(|i| if i % 9 == 0 { 99 } else { keys[i % 100] })
                .collect();
            // Expected sums straight from the stored rows, not through the index.
            let mut expected = vec![0i32; n_classes];
            for f in &features {
                if let Ok(row) = sorted.binary_search(f) {
                    for (e, w) in expected.iter_mut().zip(&values[row * n_classes..]) {
                        *e += i32::from(*w);
                    }
                }
            }
            assert_ne!(expected, vec![0; n_classes]);
            let mut scores = vec![0i32; n_classes];
            weights.score(&features, &mut scores);
            assert_eq!(scores, expected);
        }
    }

    #[test]
    fn argmax_respects_mask() {
        let scores = [5, 1, 3];
        assert_eq!(argmax(&scores, None), 0);
        let odd = |c: usize| c != 0;
        assert_eq!(argmax(&scores, Some(&odd)), 2);
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut xs: Vec<u32> = (0..10).collect();
        let mut ys = xs.clone();
        a.shuffle(&mut xs);
        b.shuffle(&mut ys);
        assert_eq!(xs, ys);
    }
}
