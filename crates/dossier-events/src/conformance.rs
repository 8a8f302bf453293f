//! Conformance with PETRARCH: how many expected codings of its validation records we produce.
