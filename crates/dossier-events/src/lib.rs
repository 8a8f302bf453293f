/*!
Event coder for dossier (work in progress).
*/
#![deny(missing_docs)]
