/*!
Corpus-level entity resolution (the `link` stage).
*/
#![deny(missing_docs)]
