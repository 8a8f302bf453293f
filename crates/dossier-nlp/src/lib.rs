/*!
Sentence splitting and tokenization over a cleaned doc.

# Brief overview

[`segment`] (or the [`Segmenter`] stage) tokenizes each paragraph of a
[`Doc`](dossier_core::Doc) and splits it into sentences, filling its `tokens` and `sentences`.
[`tokenize`] tokenizes a single string, for tools that work on one sentence.

Tokens follow the conventions of Universal Dependencies English (EWT), which the tagger and
parser are trained on: punctuation and clitics are split ("Serbia’s" → "Serbia" "’s"),
abbreviations keep their stop ("Mr.", "U.S.") except at the end of a sentence, where the stop
becomes a token of its own as in EWT ("U.S" "."), and numbers stay whole ("10,000", "3.5").
Every offset is a code point of the doc's text.

Sentences end at terminal marks with their closing quotes (`."`, `.»`), after abbreviations
only when the next word opens a sentence (`data/abbreviations.txt`, embedded), at line
breaks of headline blocks and lists, and always at paragraph ends, which they never cross.

The scanner is hand-written and makes one pass over the text; tokens are `Copy` values
pushed into one vector, so nothing is allocated per token.

[`eval::eval_segmentation`] scores sentence ends and tokens against a CoNLL-U treebank
(UD English EWT dev: sentence ends F1 93.6%, words F1 98.9%).
The `segment_file`, `eval_segmentation` and `bench_segment` examples print a file's sentences,
a treebank score and the throughput.

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
