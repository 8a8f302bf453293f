//! Hand-written gazetteers (`data/gazetteer/*.txt`) as token-level feature flags.
//!
//! Each list sets one bit for the words it holds (matched case-insensitively); the entity
//! model learns how far to trust each bit, which helps with names the training data never saw.

use std::sync::LazyLock;

use crate::feat::lower_hash;
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
    (include_str!("../../../data/gazetteer/org_words.txt"), 32),
    (
        include_str!("../../../data/gazetteer/function_words.txt"),
        FUNCTION_WORD,
    ),
];

/// The bit of the name-particle list ("von", "bin"), also used to join split names.
pub(crate) const PARTICLE: u32 = 4;

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
}
