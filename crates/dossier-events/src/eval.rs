//! Sentence-level evaluation against gold codings in the PETRARCH record format.
