//! Hand-written gazetteers (`data/gazetteer/*.txt`) as token-level feature flags.
//!
//! Each list sets one bit for the words it holds (matched case-insensitively); the entity
//! model learns how far to trust each bit, which helps with names the training data never saw.

use std::sync::LazyLock;

use crate::feat::{lower_hash, Fx, TokFeat};
use crate::model::KeyMap;

/// The lists and the bit each one sets.
const LISTS: [(&str, u32); 7] = [
    (include_str!("../../../data/gazetteer/given_names.txt"), 1),
    (include_str!("../../../data/gazetteer/titles.txt"), 2),
    (
        include_str!("../../../data/gazetteer/particles.txt"),
        PARTICLE,
    ),
    (include_str!("../../../data/gazetteer/places.txt"), 8),
    (include_str!("../../../data/gazetteer/demonyms.txt"), 16),
    (
        include_str!("../../../data/gazetteer/org_words.txt"),
        ORG_WORD,
    ),
    (
        include_str!("../../../data/gazetteer/function_words.txt"),
        FUNCTION_WORD,
    ),
];

/// The bit of the name-particle list ("von", "bin"), also used to join split names.
pub(crate) const PARTICLE: u32 = 4;

/// The bit of the list of words that end or head organisation names ("Inc", "Bank").
pub(crate) const ORG_WORD: u32 = 32;

/// The bit of the function-word list, which the entity model also uses as a constraint.
pub(crate) const FUNCTION_WORD: u32 = 64;

/// Lowercase word hash → list bits, built once.
static TABLE: LazyLock<KeyMap<u32>> = LazyLock::new(|| {
    let mut table = KeyMap::default();
    for (text, bit) in LISTS {
        for line in text.lines() {
            let entry = line.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            *table.entry(lower_hash(entry)).or_insert(0) |= bit;
        }
    }
    table
});

/// The list bits of the word whose lowercase hash is `lower` (0 when in no list).
#[inline]
pub(crate) fn flags(lower: u64) -> u32 {
    TABLE.get(&lower).copied().unwrap_or(0)
}

/// The entity model's name lists (`data/gazetteer/ner/`), matched as whole multi-word spans,
/// in the order of their list index: places, organisations, sports clubs, other names
/// (nationalities, events), given names, family names, months and weekdays, titles before
/// personal names.
const SPAN_LISTS: [&str; N_SPAN_LISTS] = [
    include_str!("../../../data/gazetteer/ner/loc.txt"),
    include_str!("../../../data/gazetteer/ner/org.txt"),
    include_str!("../../../data/gazetteer/ner/clubs.txt"),
    include_str!("../../../data/gazetteer/ner/misc.txt"),
    include_str!("../../../data/gazetteer/ner/first.txt"),
    include_str!("../../../data/gazetteer/ner/last.txt"),
    include_str!("../../../data/gazetteer/ner/dates.txt"),
    include_str!("../../../data/gazetteer/ner/roles.txt"),
];

/// Number of span lists; [`mark_spans`] gives each three bits of a token's code.
pub(crate) const N_SPAN_LISTS: usize = 8;

/// Longest entry, in words, that [`mark_spans`] looks for.
const MAX_SPAN: usize = 8;

/// Value bit of a span key that is also the start of a longer entry.
const PREFIX: u32 = 1 << 31;

/// Hash of a span of lowercase word hashes.
#[inline]
fn span_start() -> Fx {
    Fx::new(300)
}

/// Span hash → list bits (plus [`PREFIX`]), built once.
static SPANS: LazyLock<KeyMap<u32>> = LazyLock::new(|| {
    let mut table: KeyMap<u32> = KeyMap::default();
    for (list, text) in SPAN_LISTS.iter().enumerate() {
        for line in text.lines() {
            let entry = line.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = entry.split_whitespace().take(MAX_SPAN).collect();
            let mut h = span_start();
            for (k, word) in words.iter().enumerate() {
                h = h.add(lower_hash(word));
                let slot = table.entry(h.finish()).or_insert(0);
                if k + 1 == words.len() {
                    *slot |= 1 << list;
                } else {
                    *slot |= PREFIX;
                }
            }
        }
    }
    table
});

/// Position codes of a span-list match, three bits per list in a token's code.
pub(crate) mod span_pos {
    /// First word of a multi-word match.
    pub const B: u32 = 1;
    /// Inside word of a multi-word match.
    pub const I: u32 = 2;
    /// Last word of a multi-word match.
    pub const L: u32 = 3;
    /// A one-word match.
    pub const U: u32 = 4;
}

/// Writes each token's span-list code into `out`: for every list, the BILOU position
/// ([`span_pos`]) of the token in the longest match of that list starting at or before it
/// (matches of one list do not overlap; the leftmost, then longest, wins). Case-insensitive;
/// one hash lookup per word plus one per word of each longer match.
pub(crate) fn mark_spans(toks: &[TokFeat], out: &mut Vec<u32>) {
    out.clear();
    out.resize(toks.len(), 0);
    let table = &*SPANS;
    let mut covered = [0usize; N_SPAN_LISTS];
    for i in 0..toks.len() {
        if toks[i].flags & crate::feat::flag::PUNCT != 0 {
            continue;
        }
        let mut best = [0usize; N_SPAN_LISTS];
        let mut h = span_start();
        let mut any = false;
        for (len, tok) in toks[i..].iter().take(MAX_SPAN).enumerate() {
            h = h.add(tok.lower);
            let Some(&bits) = table.get(&h.finish()) else {
                break;
            };
            for (l, b) in best.iter_mut().enumerate() {
                if bits & (1 << l) != 0 {
                    *b = len + 1;
                    any = true;
                }
            }
            if bits & PREFIX == 0 {
                break;
            }
        }
        if !any {
            continue;
        }
        for (l, len) in best.iter().enumerate() {
            if *len == 0 || i < covered[l] {
                continue;
            }
            covered[l] = i + len;
            for (k, code) in out.iter_mut().enumerate().skip(i).take(*len) {
                let pos = if *len == 1 {
                    span_pos::U
                } else if k == i {
                    span_pos::B
                } else if k + 1 == i + len {
                    span_pos::L
                } else {
                    span_pos::I
                };
                *code |= pos << (3 * l);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded_case_insensitively() {
        assert_eq!(flags(lower_hash("Ursula")) & 1, 1);
        assert_eq!(flags(lower_hash("VON")) & 4, 4);
        assert_eq!(flags(lower_hash("Belgrade")) & 8, 8);
        assert_eq!(flags(lower_hash("The")), FUNCTION_WORD);
        assert_eq!(flags(lower_hash("table")), 0);
    }

    fn codes(words: &[&str]) -> Vec<u32> {
        let toks: Vec<TokFeat> = words.iter().map(|w| TokFeat::new(w)).collect();
        let mut out = Vec::new();
        mark_spans(&toks, &mut out);
        out
    }

    #[test]
    fn spans_match_whole_multi_word_entries() {
        // "New York" is a two-word place; "Yankees" a one-word club; "the" nothing.
        let c = codes(&["the", "NEW", "york", "beat", "Yankees"]);
        assert_eq!(c[0], 0);
        assert_eq!(c[1] & 7, span_pos::B);
        assert_eq!(c[2] & 7, span_pos::L);
        assert_eq!(c[3], 0);
        assert_eq!((c[4] >> 6) & 7, span_pos::U);
        // A prefix of an entry alone is no match.
        assert_eq!(codes(&["Burkina", "said"])[0] & 7, 0);
        assert!(codes(&[]).is_empty());
    }
}
