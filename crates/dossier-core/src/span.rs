//! Code-point spans into a document's cleaned text, and their conversion to byte ranges.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of Unicode code points into [`crate::Doc::text`].
///
/// Invariant: `start <= end`.
/// Code points (not bytes, not UTF-16 units) because that is what the export contract
/// promises and what Python and most annotation tools count.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct CharSpan {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
}

impl CharSpan {
    /// A span from `start` to `end`; the two are swapped if given in the wrong order.
    pub fn new(start: u32, end: u32) -> CharSpan {
        if start <= end {
            CharSpan { start, end }
        } else {
            CharSpan {
                start: end,
                end: start,
            }
        }
    }

    /// Number of code points covered.
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies wholly inside `self`.
    pub fn contains(&self, other: CharSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one code point.
    pub fn overlaps(&self, other: CharSpan) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Converts between code-point offsets and byte offsets of one string.
///
/// Building it is one pass over the text; each lookup is a binary search, so
/// stages that work on `&str` slices (regex matches, say) can report code-point spans cheaply.
#[derive(Clone, Debug)]
pub struct CharIndex {
    /// Byte offset of every code point, plus the text length at the end.
    byte_of_char: Vec<u32>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut byte_of_char = Vec::with_capacity(text.len() + 1);
        byte_of_char.extend(text.char_indices().map(|(b, _)| b as u32));
        byte_of_char.push(text.len() as u32);
        CharIndex { byte_of_char }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> u32 {
        (self.byte_of_char.len() - 1) as u32
    }

    /// Byte offset of code point `char_idx` (clamped to the text length).
    pub fn byte(&self, char_idx: u32) -> usize {
        let i = (char_idx as usize).min(self.byte_of_char.len() - 1);
        self.byte_of_char[i] as usize
    }

    /// Code-point offset of byte `byte_idx`; a byte inside a code point maps to that code point.
    pub fn char_of_byte(&self, byte_idx: usize) -> u32 {
        match self.byte_of_char.binary_search(&(byte_idx as u32)) {
            Ok(i) => i as u32,
            Err(i) => i.saturating_sub(1) as u32,
        }
    }

    /// The code-point span of the byte range `start..end`.
    pub fn span_of_bytes(&self, start: usize, end: usize) -> CharSpan {
        CharSpan::new(self.char_of_byte(start), self.char_of_byte(end))
    }

    /// The byte range of a code-point span.
    pub fn bytes(&self, span: CharSpan) -> std::ops::Range<usize> {
        self.byte(span.start)..self.byte(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_multibyte_text() {
        let text = "Vučić said «yes»";
        let index = CharIndex::new(text);
        assert_eq!(index.char_len(), 16);
        let start = text.find('«').unwrap();
        let span = index.span_of_bytes(start, text.len());
        assert_eq!(span, CharSpan::new(11, 16));
        assert_eq!(&text[index.bytes(span)], "«yes»");
    }

    #[test]
    fn span_relations() {
        let a = CharSpan::new(5, 2);
        assert_eq!(a, CharSpan { start: 2, end: 5 });
        assert!(a.overlaps(CharSpan::new(4, 9)));
        assert!(!a.overlaps(CharSpan::new(5, 9)));
        assert!(CharSpan::new(0, 10).contains(a));
        assert!(CharSpan::new(3, 3).is_empty());
    }
}
