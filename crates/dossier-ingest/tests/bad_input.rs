//! Bad input tests.
