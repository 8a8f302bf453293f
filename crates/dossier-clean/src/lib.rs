/*!
Cleaning: normalisation that keeps offsets honest, boilerplate removal with a record of
every removed block, metadata from the text.

# Brief overview

[`clean`] turns a [`RawArticle`] (decoded body text, paragraphs separated by blank lines,
container metadata) into a [`Doc`]:

1. **Normalisation** ([`normalize`]): NFC, one kind of line break, one kind of space,
   invisible and control characters removed, quotation-mark lookalikes canonicalised,
   mojibake repaired where a whole run decodes, spaces collapsed, lines trimmed, one blank
   line between paragraphs. Sentences are never changed beyond these character repairs.
2. **Boilerplate removal** by the rules of `data/boilerplate.txt` (embedded in the binary):
   donation appeals, share and comment widgets, related-article lists, navigation, cookie
   notices, language switches, bookmark lines. Every removed block becomes a
   [`Removed`](dossier_core::Removed) in [`Doc::removed`], with the code-point offset in the cleaned text of the
   first kept line after it (the text's length when nothing follows).
3. **Metadata from the text** where the container gave none: the headline, the byline,
   the outlet, the publication date and the article's own address. Container metadata is
   never overwritten; [`Meta::origins`](dossier_core::Meta) says where each field came from
   (`"text:first_line"`, `"text:byline"`, `"text:dateline"`, `"text:source_line"`,
   `"text:outlet_line"`, `"text:copyright_line"`, `"text:url_line"`). The lines read this
   way are removed as `Title`, `Byline`, `Dateline`, `SourceLine` or `Url`; so is a dateline
   opening the first paragraph ("BELGRADE, 9 April 2019 – "), the only cut inside a line.

Cleaning is conservative: a paragraph that reads as article text is removed only when a
rule names it plainly, and trailing sections are found by walking back from the end.
Each pass is linear in the size of the text; the rules are compiled once per process.

# Example

```
use dossier_core::{RawArticle, RemovedReason};

let raw = RawArticle {
    body: "Harbour Reopens After Storm\n\nBy Ana Marić\n\n\
           Kotor, 8 June 2021 – The port reopened on Tuesday after a week of storms.\n\n\
           Share this post\n\nLeave a Reply"
        .to_string(),
    ..RawArticle::default()
};
let doc = dossier_clean::clean(raw).unwrap();
assert_eq!(doc.text, "The port reopened on Tuesday after a week of storms.");
assert_eq!(doc.meta.title.as_deref(), Some("Harbour Reopens After Storm"));
assert_eq!(doc.meta.authors, ["Ana Marić"]);
assert_eq!(doc.meta.published.map(|d| d.to_string()).as_deref(), Some("2021-06-08"));
let reasons: Vec<RemovedReason> = doc.removed.iter().map(|r| r.reason).collect();
assert_eq!(
    reasons,
    [
        RemovedReason::Title,
        RemovedReason::Byline,
        RemovedReason::Dateline,
        RemovedReason::Share,
        RemovedReason::Comments
    ]
);
```
*/
#![deny(missing_docs)]

mod clean;
mod meta;
mod normalize;
mod rules;

use dossier_core::{Doc, RawArticle};

pub use normalize::normalize;
pub use rules::RuleError;

/// Why an article could not be cleaned into a doc.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CleanError {
    /// Nothing of the article is left once boilerplate and metadata lines are removed
    /// (or the body was empty to begin with).
    #[error("no article text left after cleaning")]
    NoText,
    /// The embedded boilerplate rule file is broken (a build defect, not bad input).
    #[error(transparent)]
    Rules(#[from] RuleError),
}

/// Cleans one raw article into a doc: normalised text, boilerplate removed and recorded,
/// metadata read from the text where the container lacked it.
///
/// The reader's own removed blocks (`raw.removed`, with `at` counted in code points of
/// `raw.body`) are carried over, their offsets moved into the cleaned text.
/// Returns [`CleanError::NoText`] when nothing of the article is left.
pub fn clean(raw: RawArticle) -> Result<Doc, CleanError> {
    let rules = rules::RULES.as_ref().map_err(|err| err.clone())?;
    clean::clean_article(raw, rules)
}
