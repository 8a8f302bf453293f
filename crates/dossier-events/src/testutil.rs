//! Test helpers: hand-built parsed docs.
