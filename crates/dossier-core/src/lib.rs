/*!
The dossier document model.

# Brief overview

An *article* is one news story as it arrives (a file, a JSON line, a WARC record, a feed item).
Readers turn it into a [`RawArticle`]; cleaning turns that into a [`Doc`]: the cleaned text,
its metadata, its paragraphs and the boilerplate blocks that were removed from it.
Annotation stages then add layers to the same `Doc`: sentences and tokens, entity mentions,
time expressions, quotes.

Every layer is a list of spans into [`Doc::text`].
Offsets are Unicode code points (not bytes), held in [`CharSpan`].
A `Doc` is a value built from one article, so documents are annotated in parallel and
no per-document stage ever looks at another document.

This crate does no I/O and knows nothing of files, SQLite, HTTP or the command line.

# Example

```
use dossier_core::{Doc, Meta, CharSpan};

let doc = Doc::new(Meta::default(), "Belgrade, 26 October.\n\nA second paragraph.".to_string());
assert_eq!(doc.paragraphs.len(), 2);
assert_eq!(doc.slice(doc.paragraphs[1]), "A second paragraph.");
assert_eq!(doc.id.as_str().len(), 16);
```
*/
#![deny(missing_docs)]

mod annot;
mod diag;
mod doc;
mod span;
mod stage;
mod token;

pub use annot::{Anchor, EntityKind, Mention, Quote, QuoteKind, Speaker, TimeExpr, TimexType};
pub use diag::{Diagnostic, Severity};
pub use doc::{Doc, DocId, Meta, PublishedFrom, RawArticle, Removed, RemovedReason, SourceFormat};
pub use span::{CharIndex, CharSpan};
pub use stage::{check_pipeline, Annotator, Layer, MissingLayer};
pub use token::{DepLabel, Sentence, Token, TokenKind, Upos, DEP_LABELS};
