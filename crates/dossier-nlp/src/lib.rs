//! Sentence splitting and tokenization over a cleaned doc.
