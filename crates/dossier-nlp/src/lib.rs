/*!
Sentence splitting and tokenization over a cleaned doc.

# Brief overview

[`segment`] (or the [`Segmenter`] stage) tokenizes each paragraph of a [`Doc`] and splits it
into sentences, filling [`Doc::tokens`] and [`Doc::sentences`]. [`tokenize`] tokenizes a
single string, for tools that work on one sentence.

Tokens follow the conventions of Universal Dependencies English (EWT), which the tagger and
parser are trained on: punctuation and clitics are split ("Serbia’s" → "Serbia" "’s"),
abbreviations keep their stop ("Mr.", "U.S."), numbers stay whole ("10,000", "3.5").
Every offset is a code point of the doc's text.

The scanner is hand-written and makes one pass over the text; tokens are `Copy` values
pushed into one vector, so nothing is allocated per token.

# Example

```
use dossier_core::{Doc, Meta};

let mut doc = Doc::new(
    Meta::default(),
    "Mr. Vučić met the U.S. envoy. “We agree,” he said.\n\nA second paragraph".to_string(),
);
dossier_nlp::segment(&mut doc);
let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
assert_eq!(
    sentences,
    ["Mr. Vučić met the U.S. envoy.", "“We agree,” he said.", "A second paragraph"]
);
assert_eq!(doc.token_text(0), "Mr.");
```
*/
#![deny(missing_docs)]

mod abbrev;
pub mod eval;
mod segment;
mod tokenize;

pub use segment::{segment, Segmenter};
pub use tokenize::tokenize;
