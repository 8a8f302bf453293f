//! Word clusters learned from unlabelled news text, used as features by all three models.
//!
//! Brown clusters help taggers because rare words share a cluster with frequent ones
//! (Koo et al. 2008; Ratinov & Roth 2009). Exact Brown clustering is too slow for our budget,
//! so we build a comparable hierarchy cheaply: each word gets a random-indexing context vector
//! (the words one and two to either side, each position with its own random ±1 signature,
//! frequent contexts down-weighted), and a three-level hierarchical k-means (16 × 16 × 8)
//! splits the vocabulary. A word's cluster path at each level is a feature, coarse to fine,
//! like Brown-cluster bit-string prefixes. Keys are lowercased words, so clusters also work for
//! headlines in capitals and lowercase text.

use crate::feat::{lower_hash, Fx, TokFeat};
use crate::model::{KeyMap, Reader, Rng, Weights, Writer};
use crate::ModelError;

/// Branching at each level of the hierarchy.
const BRANCH: [usize; 3] = [16, 16, 8];
/// Dimension of the context vectors.
const DIM: usize = 96;

/// Cluster ids of words, looked up by lowercase hash.
#[derive(Debug, Clone)]
pub struct Clusters {
    /// One row of three ids per word (level 1, 2, 3; each id unique across its level).
    table: Weights,
    /// [`Weights::content_hash`] of `table`, written into the tokens it fills.
    id: u64,
}

impl Default for Clusters {
    fn default() -> Self {
        Clusters::new(Weights::from_parts(4, 1.0, Vec::new(), Vec::new()))
    }
}

impl Clusters {
    fn new(table: Weights) -> Clusters {
        let id = table.content_hash();
        Clusters { table, id }
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.table.n_rows()
    }

    /// True when there are no clusters (models then work without cluster features).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when every token of `toks` was filled by these clusters (or equal ones), or there
    /// are no clusters to fill.
    pub(crate) fn filled(&self, toks: &[TokFeat]) -> bool {
        self.is_empty() || toks.iter().all(|t| t.clusters_from == self.id)
    }

    /// Fills the `cluster` field of every token (zeros for unknown words). Tokens already
    /// filled by equal clusters are skipped (the three models ship the same clusters, and the
    /// tagger stage fills each token once for them).
    pub(crate) fn fill(&self, toks: &mut [TokFeat]) {
        if self.is_empty() {
            return;
        }
        for tok in toks {
            if tok.clusters_from == self.id {
                continue;
            }
            tok.clusters_from = self.id;
            (tok.cluster, tok.case_prior) = match self.table.row_of(tok.lower) {
                Some(&[a, b, c, d]) => (
                    [
                        Fx::new(50).add(a as u64).finish(),
                        Fx::new(51).add(b as u64).finish(),
                        Fx::new(52).add(c as u64).finish(),
                    ],
                    d as u64,
                ),
                _ => ([0; 3], 1),
            };
        }
    }

    /// Writes the clusters into a model file.
    pub(crate) fn write(&self, writer: &mut Writer) {
        writer.weights(&self.table);
    }

    /// Reads clusters written by [`Clusters::write`].
    pub(crate) fn read(reader: &mut Reader) -> Result<Clusters, ModelError> {
        let table = reader.weights()?;
        if table.n_classes() != 4 {
            return Err(ModelError::Format("bad cluster table".into()));
        }
        Ok(Clusters::new(table))
    }
}

/// Splits raw text into rough tokens: words, numbers and single punctuation marks, with `'s`
/// and `n't` split off as in EWT and CoNLL. Calls `emit` for each token; a `None` marks the
/// end of a paragraph.
pub(crate) fn rough_tokens(text: &str, mut emit: impl FnMut(Option<&str>)) {
    for para in text.split("\n\n") {
        for word in para.split_whitespace() {
            let trimmed_start = word.trim_start_matches(|c: char| !c.is_alphanumeric());
            let lead = &word[..word.len() - trimmed_start.len()];
            for (i, c) in lead.char_indices() {
                emit(lead.get(i..i + c.len_utf8()));
            }
            let core = trimmed_start.trim_end_matches(|c: char| !c.is_alphanumeric());
            let trail = &trimmed_start[core.len()..];
            if !core.is_empty() {
                let lower_core = core.to_ascii_lowercase();
                if lower_core.ends_with("n't") && core.len() > 3 {
                    emit(Some(&core[..core.len() - 3]));
                    emit(Some(&core[core.len() - 3..]));
                } else if (lower_core.ends_with("'s") || lower_core.ends_with("’s"))
                    && core.len() > 2
                {
                    let cut = core.len() - if lower_core.ends_with("’s") { 4 } else { 2 };
                    emit(Some(&core[..cut]));
                    emit(Some(&core[cut..]));
                } else {
                    emit(Some(core));
                }
            }
            for (i, c) in trail.char_indices() {
                emit(trail.get(i..i + c.len_utf8()));
            }
        }
        emit(None);
    }
}

/// Learns clusters from token sequences (`None` separates sequences). Words seen fewer than
/// `min_count` times, or beyond the `max_words` most frequent, get no cluster.
pub(crate) fn learn(
    tokens: &[Option<u64>],
    case_counts: &KeyMap<[u32; 3]>,
    min_count: u32,
    max_words: usize,
    seed: u64,
) -> Clusters {
    // Vocabulary by frequency.
    let mut freq: KeyMap<u32> = KeyMap::default();
    for t in tokens.iter().flatten() {
        *freq.entry(*t).or_insert(0) += 1;
    }
    let mut vocab: Vec<(u64, u32)> = freq.iter().map(|(k, v)| (*k, *v)).collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    vocab.retain(|(_, c)| *c >= min_count);
    vocab.truncate(max_words);
    let index: KeyMap<u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i as u32))
        .collect();
    let n = vocab.len();
    // Random signatures: one per (position, context word), generated from hashes on the fly.
    let signature = |pos: u64, ctx: u64, out: &mut [f32; DIM]| {
        let mut h = Fx::new(60).add(pos).add(ctx).add(seed).finish();
        for chunk in out.chunks_mut(64) {
            for (bit, v) in chunk.iter_mut().enumerate() {
                *v = if (h >> bit) & 1 == 1 { 1.0 } else { -1.0 };
            }
            h = Fx::new(61).add(h).finish();
        }
    };
    let mut vectors = vec![0f32; n * DIM];
    let mut sig = [0f32; DIM];
    let unknown = Fx::new(62).finish();
    let boundary = Fx::new(63).finish();
    // Out-of-vocabulary words and sentence boundaries are contexts too; give them their true
    // (large) frequencies so they are weighted as little as other frequent contexts.
    let n_unknown = tokens
        .iter()
        .flatten()
        .filter(|t| !index.contains_key(t))
        .count() as u32;
    let n_boundary = tokens.iter().filter(|t| t.is_none()).count() as u32 * 2;
    freq.insert(unknown, n_unknown.max(1));
    freq.insert(boundary, n_boundary.max(1));
    for (i, t) in tokens.iter().enumerate() {
        let Some(word) = t else { continue };
        let Some(&w) = index.get(word) else { continue };
        for (pos, off) in [(0u64, -2isize), (1, -1), (2, 1), (3, 2)] {
            let j = i as isize + off;
            let ctx = if j < 0 {
                boundary
            } else {
                match tokens.get(j as usize) {
                    Some(Some(c)) => {
                        if index.contains_key(c) {
                            *c
                        } else {
                            unknown
                        }
                    }
                    _ => boundary,
                }
            };
            let cf = freq.get(&ctx).copied().unwrap_or(1).max(1) as f32;
            // Frequent contexts ("the", ",") say little; weight by inverse square root.
            let weight = if off.abs() == 1 { 1.0 } else { 0.5 } / cf.sqrt();
            signature(pos, ctx, &mut sig);
            let row = &mut vectors[w as usize * DIM..(w as usize + 1) * DIM];
            for (v, s) in row.iter_mut().zip(&sig) {
                *v += weight * s;
            }
        }
    }
    // Center and normalise.
    let mut mean = [0f32; DIM];
    for row in vectors.chunks(DIM) {
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-9);
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v / norm / n.max(1) as f32;
        }
    }
    for row in vectors.chunks_mut(DIM) {
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-9);
        for (v, m) in row.iter_mut().zip(&mean) {
            *v = *v / norm - m;
        }
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-9);
        row.iter_mut().for_each(|v| *v /= norm);
    }
    // Hierarchical k-means.
    let mut rng = Rng::new(seed);
    let mut ids = vec![[0u16; 3]; n];
    let mut groups: Vec<Vec<usize>> = vec![(0..n).collect()];
    for (level, &k) in BRANCH.iter().enumerate() {
        let mut next_groups = Vec::new();
        for (g, members) in groups.iter().enumerate() {
            let assign = kmeans(&vectors, members, k, &mut rng);
            let mut split: Vec<Vec<usize>> = vec![Vec::new(); k];
            for (m, a) in members.iter().zip(&assign) {
                split[*a].push(*m);
                ids[*m][level] = (g * k + a) as u16;
            }
            next_groups.extend(split);
        }
        groups = next_groups;
    }
    let mut rows: Vec<(u64, [u16; 4])> = vocab
        .iter()
        .map(|(k, _)| *k)
        .zip(ids)
        .map(|(k, [a, b, c])| (k, [a, b, c, case_bucket(case_counts.get(&k))]))
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    let keys = rows.iter().map(|r| r.0).collect();
    let values = rows
        .iter()
        .flat_map(|r| r.1.iter().map(|v| *v as i16))
        .collect();
    Clusters::new(Weights::from_parts(4, 1.0, keys, values))
}

/// How a word is usually written away from sentence starts: 1 unseen, 2 almost always
/// lowercase, 3 mostly lowercase, 4 mostly capitalised, 5 almost always capitalised, 6 seen
/// only in capitals; plus 10 when seen at least five times. This is what tells a headline's
/// "JAPAN" (a name) from its "GET" (a common word), and lowercase "paris" from "parish".
fn case_bucket(counts: Option<&[u32; 3]>) -> u16 {
    let Some(&[lower, title, upper]) = counts else {
        return 1;
    };
    let seen = lower + title;
    let base = if seen == 0 {
        if upper > 0 {
            6
        } else {
            1
        }
    } else {
        let ratio = title as f32 / seen as f32;
        if ratio < 0.1 {
            2
        } else if ratio < 0.5 {
            3
        } else if ratio < 0.9 {
            4
        } else {
            5
        }
    };
    base + if lower + title + upper >= 5 { 10 } else { 0 }
}

/// Case of a word: 0 lowercase, 1 capitalised, 2 all capitals; `None` for anything else.
fn case_of(word: &str) -> Option<usize> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if !first.is_alphabetic() {
        return None;
    }
    let rest_upper = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if first.is_lowercase() {
        Some(0)
    } else if rest_upper && word.chars().count() > 1 {
        Some(2)
    } else {
        Some(1)
    }
}

/// Spherical k-means of the rows `members` of `vectors` into `k` groups; returns assignments.
fn kmeans(vectors: &[f32], members: &[usize], k: usize, rng: &mut Rng) -> Vec<usize> {
    let row = |m: usize| &vectors[m * DIM..(m + 1) * DIM];
    let mut assign = vec![0usize; members.len()];
    if members.len() <= k {
        for (i, a) in assign.iter_mut().enumerate() {
            *a = i;
        }
        return assign;
    }
    // Members are in frequency order; seed centroids with random members.
    let mut centroids: Vec<[f32; DIM]> = (0..k)
        .map(|_| {
            let m = members[rng.below(members.len())];
            let mut c = [0f32; DIM];
            c.copy_from_slice(row(m));
            c
        })
        .collect();
    for _iter in 0..12 {
        let mut changed = 0;
        for (i, &m) in members.iter().enumerate() {
            let r = row(m);
            let mut best = 0;
            let mut best_dot = f32::MIN;
            for (c, centroid) in centroids.iter().enumerate() {
                let dot: f32 = r.iter().zip(centroid.iter()).map(|(a, b)| a * b).sum();
                if dot > best_dot {
                    best_dot = dot;
                    best = c;
                }
            }
            if assign[i] != best {
                changed += 1;
                assign[i] = best;
            }
        }
        let mut sums = vec![[0f32; DIM]; k];
        let mut counts = vec![0usize; k];
        for (i, &m) in members.iter().enumerate() {
            counts[assign[i]] += 1;
            for (s, v) in sums[assign[i]].iter_mut().zip(row(m)) {
                *s += v;
            }
        }
        for c in 0..k {
            if counts[c] == 0 {
                // An empty cluster restarts from a random member.
                let m = members[rng.below(members.len())];
                centroids[c].copy_from_slice(row(m));
                continue;
            }
            let norm = sums[c].iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-9);
            for (cv, s) in centroids[c].iter_mut().zip(&sums[c]) {
                *cv = s / norm;
            }
        }
        if changed == 0 {
            break;
        }
    }
    assign
}

/// Builds clusters from raw text files and extra token sequences.
pub(crate) fn learn_from(texts: &[String], sequences: &[Vec<String>], seed: u64) -> Clusters {
    let mut tokens: Vec<Option<u64>> = Vec::new();
    let mut case_counts: KeyMap<[u32; 3]> = KeyMap::default();
    let mut count_case = |word: &str, initial: bool| {
        if initial {
            return;
        }
        if let Some(case) = case_of(word) {
            if let Some(c) = case_counts
                .entry(lower_hash(word))
                .or_insert([0; 3])
                .get_mut(case)
            {
                *c += 1;
            }
        }
    };
    for text in texts {
        let mut initial = true;
        rough_tokens(text, |t| {
            tokens.push(t.map(lower_hash));
            match t {
                Some(word) => {
                    count_case(word, initial);
                    initial = matches!(word, "." | "!" | "?" | ":" | "\"" | "“" | "”" | "-" | "(");
                }
                None => initial = true,
            }
        });
    }
    for seq in sequences {
        for (i, w) in seq.iter().enumerate() {
            count_case(w, i == 0);
        }
        tokens.extend(seq.iter().map(|w| Some(lower_hash(w))));
        tokens.push(None);
    }
    learn(&tokens, &case_counts, 3, 60_000, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rough_tokens_split_punctuation_and_clitics() {
        let mut out = Vec::new();
        rough_tokens("\"Merkel's party can't win,\" he said.", |t| {
            out.push(t.map(str::to_string))
        });
        let words: Vec<String> = out.into_iter().flatten().collect();
        assert_eq!(
            words,
            ["\"", "Merkel", "'s", "party", "ca", "n't", "win", ",", "\"", "he", "said", "."]
        );
    }

    #[test]
    fn words_in_alike_contexts_share_clusters() {
        // Two word classes in disjoint contexts: names before "flew", places after "to".
        // Letters, not digits: digits are folded to 0 in word keys.
        let word = |prefix: &str, i: u8| {
            format!(
                "{prefix}{}{}",
                (b'a' + i / 26) as char,
                (b'a' + i % 26) as char
            )
        };
        let names: Vec<String> = (0..40).map(|i| word("name", i)).collect();
        let places: Vec<String> = (0..40).map(|i| word("place", i)).collect();
        let mut tokens = Vec::new();
        let mut rng = Rng::new(3);
        for _ in 0..4000 {
            let name = &names[rng.below(40)];
            let place = &places[rng.below(40)];
            for w in ["yesterday", name, "flew", "to", place, "again"] {
                tokens.push(Some(lower_hash(w)));
            }
            tokens.push(None);
        }
        let clusters = learn(&tokens, &KeyMap::default(), 1, 1000, 1);
        assert_eq!(clusters.len(), 84);
        let mut toks: Vec<TokFeat> = names
            .iter()
            .chain(&places)
            .map(|w| TokFeat::new(w))
            .collect();
        clusters.fill(&mut toks);
        let (name_toks, place_toks) = toks.split_at(40);
        // No level-1 cluster mixes the two classes.
        for n in name_toks {
            assert!(n.cluster[0] != 0);
            assert!(place_toks.iter().all(|p| p.cluster[0] != n.cluster[0]));
        }
    }

    #[test]
    fn tokens_filled_by_equal_clusters_are_not_filled_again() {
        let table = |ids: [i16; 4]| {
            let key = lower_hash("harbour");
            Clusters::new(Weights::from_parts(4, 1.0, vec![key], ids.to_vec()))
        };
        let (a, same, other) = (
            table([1, 2, 3, 4]),
            table([1, 2, 3, 4]),
            table([5, 6, 7, 2]),
        );
        assert_eq!(a.id, same.id);
        assert_ne!(a.id, other.id);
        let mut toks = vec![TokFeat::new("Harbour"), TokFeat::new("unknownword")];
        assert!(!a.filled(&toks));
        a.fill(&mut toks);
        assert!(a.filled(&toks) && same.filled(&toks) && !other.filled(&toks));
        let filled = (toks[0].cluster, toks[0].case_prior, toks[1].cluster);
        assert!(filled.0[0] != 0 && filled.1 == 4 && filled.2 == [0; 3]);
        assert_eq!(toks[0].clusters_from, a.id);
        // Equal clusters leave the tokens as they are; different ones fill them anew.
        same.fill(&mut toks);
        assert_eq!(
            (toks[0].cluster, toks[0].case_prior, toks[1].cluster),
            filled
        );
        other.fill(&mut toks);
        assert_eq!(toks[0].case_prior, 2);
        assert_ne!(toks[0].cluster, filled.0);
        assert_eq!(toks[1].clusters_from, other.id);
    }
}
