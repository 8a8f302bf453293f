//! End-to-end tests of the `dossier` binary, one integration test binary (as ripgrep does).

// A fresh folder and a database per test, and a way to run the binary in it.
mod util;

// `dossier build` over our own sample corpus, then documents, search and export.
mod corpus;

// Bad input never panics, hangs or vanishes: every file is read or skipped with a reason.
mod bad_input;

// The sample story end to end: timeline, modality, quotes, dates, exports, the KB, evaluation.
mod story;

// The third-party seed story in ../shared/corpus/seeds (skipped when absent).
mod seeds;
