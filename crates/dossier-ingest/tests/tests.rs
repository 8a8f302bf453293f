//! Integration tests of the readers, one module per topic.

// Shared helpers: temp folders, reading a file with default options.
mod util;

// One test per input format, on small fixtures written for dossier.
mod formats;

// Bad input: binary, encodings, empty, too large, truncated, unreadable, unsupported.
mod bad_input;

// The trafilatura benchmark pages in the shared data folder (skipped when absent).
mod trafilatura_eval;
