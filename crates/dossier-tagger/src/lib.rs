/*!
Trained models: part-of-speech tagger, named-entity recognizer and dependency parser
(averaged perceptrons), their training and evaluation.

# Brief overview

- [`PosTagger`]: UPOS tags, greedy left to right (trained on UD English EWT).
- [`Ner`]: PER / ORG / LOC / MISC mentions, greedy BILOU with document-level memory
  (trained on CoNLL-2003).
- [`Parser`]: arc-eager dependency parser with predicted tags (trained on UD English EWT).

All three hash their features into `u64` keys (no strings are built while tagging) and look
them up in compact `i16` weight tables loaded from the model files in `models/`, which are
embedded in the binary so nothing is downloaded. Each model implements
[`dossier_core::Annotator`]; [`Models::load_default`] loads them all.
[`train`] and [`eval`] hold reproducible training and conlleval-style evaluation;
[`tag_stream`] tags tokenised CoNLL or IOB2 text.

# Example

```
use dossier_tagger::Models;

let models = Models::load_default().unwrap();
let tags = models.pos.tag_words(&["She", "sings", "."]);
assert_eq!(tags.len(), 3);
```
*/
#![deny(missing_docs)]

pub mod corpus;
pub mod eval;
mod feat;
mod model;
pub mod ner;
pub mod parser;
pub mod pos;
pub mod train;

use std::io::{BufRead, Write};

use dossier_core::Doc;

pub use corpus::NerFormat;
pub use ner::Ner;
pub use parser::Parser;
pub use pos::PosTagger;

/// What can go wrong loading, training or evaluating a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A file could not be read or written.
    #[error("cannot access {path}: {err}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        err: std::io::Error,
    },
    /// A model file is malformed or of the wrong kind.
    #[error("bad model file: {0}")]
    Format(String),
    /// Training data is missing or empty.
    #[error("bad training data: {0}")]
    Data(String),
}

/// The embedded part-of-speech model.
static POS_BYTES: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/pos.bin"));
/// The embedded entity model.
static NER_BYTES: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner.bin"));
/// The embedded parser model.
static PARSER_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/parser.bin"
));

/// All trained models.
#[derive(Debug, Clone)]
pub struct Models {
    /// Part-of-speech tagger.
    pub pos: PosTagger,
    /// Named-entity recognizer, when a model was shipped.
    pub ner: Option<Ner>,
    /// Dependency parser, when a model was shipped.
    pub parser: Option<Parser>,
}

impl Models {
    /// Loads the models embedded in the binary (an empty embedded file means "not shipped").
    pub fn load_default() -> Result<Models, ModelError> {
        let pos = PosTagger::from_bytes(POS_BYTES)?;
        let ner = if NER_BYTES.is_empty() {
            None
        } else {
            Some(Ner::from_bytes(NER_BYTES)?)
        };
        let parser = if PARSER_BYTES.is_empty() {
            None
        } else {
            Some(Parser::from_bytes(PARSER_BYTES)?)
        };
        Ok(Models { pos, ner, parser })
    }
}

/// Token index ranges of a doc's sentences; all tokens as one range when there are none.
pub(crate) fn sentence_ranges(doc: &Doc) -> Vec<std::ops::Range<usize>> {
    let n = doc.tokens.len();
    if doc.sentences.is_empty() {
        return if n == 0 { Vec::new() } else { vec![0..n] };
    }
    doc.sentences
        .iter()
        .map(|s| (s.token_start as usize).min(n)..(s.token_end as usize).min(n))
        .filter(|r| r.start < r.end)
        .collect()
}

/// Reads tokenised text (`format`: CoNLL, one token per line with the word first; or IOB2,
/// tab-separated with the word in the second column) and writes it back with a predicted
/// IOB2 entity tag appended to every token line. Blank lines end sentences; `-DOCSTART-` or
/// `# newdoc` lines start a new document (the recognizer's memory is reset). Comment lines
/// are copied. Without an entity model every tag is `O`.
pub fn tag_stream(
    models: &Models,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    format: NerFormat,
) -> Result<(), ModelError> {
    let out_err = |err| ModelError::Io {
        path: "-".into(),
        err,
    };
    let mut scratch = ner::Scratch::default();
    let mut lines: Vec<String> = Vec::new();
    let mut word_lines: Vec<usize> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        let n = input.read_line(&mut line).map_err(|err| ModelError::Io {
            path: "-".into(),
            err,
        })?;
        let text = line.trim_end_matches(['\r', '\n']);
        let blank = text.trim().is_empty();
        if n == 0 || blank {
            flush_sentence(models, &mut scratch, &lines, &word_lines, output, format)
                .map_err(out_err)?;
            lines.clear();
            word_lines.clear();
            if n == 0 {
                break;
            }
            writeln!(output).map_err(out_err)?;
            continue;
        }
        let is_docstart = match format {
            NerFormat::Conll => text.split_whitespace().next() == Some("-DOCSTART-"),
            NerFormat::Iob2 => text.starts_with("# newdoc"),
        };
        if is_docstart {
            scratch.history.clear();
        }
        let is_comment = is_docstart || (format == NerFormat::Iob2 && text.starts_with('#'));
        if !is_comment {
            word_lines.push(lines.len());
        }
        lines.push(text.to_string());
    }
    output.flush().map_err(out_err)
}

/// Tags one buffered sentence of [`tag_stream`] and writes its lines.
fn flush_sentence(
    models: &Models,
    scratch: &mut ner::Scratch,
    lines: &[String],
    word_lines: &[usize],
    output: &mut dyn Write,
    format: NerFormat,
) -> std::io::Result<()> {
    scratch.toks.clear();
    for &i in word_lines {
        let line = lines.get(i).map(String::as_str).unwrap_or("");
        let word = match format {
            NerFormat::Conll => line.split_whitespace().next().unwrap_or(""),
            NerFormat::Iob2 => {
                let mut cols = line.split('\t');
                let first = cols.next().unwrap_or("");
                cols.next().unwrap_or(first)
            }
        };
        scratch.toks.push(feat::TokFeat::new(word));
    }
    let tags = match &models.ner {
        Some(ner) if !scratch.toks.is_empty() => {
            ner.tag_scratch(scratch);
            ner::iob_tags(&scratch.labels)
        }
        _ => vec!["O".to_string(); word_lines.len()],
    };
    let sep = match format {
        NerFormat::Conll => " ",
        NerFormat::Iob2 => "\t",
    };
    let mut k = 0;
    for (i, line) in lines.iter().enumerate() {
        if word_lines.get(k) == Some(&i) {
            let tag = tags.get(k).map(String::as_str).unwrap_or("O");
            writeln!(output, "{}{sep}{tag}", line.trim_end())?;
            k += 1;
        } else {
            writeln!(output, "{line}")?;
        }
    }
    Ok(())
}
