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

mod clusters;
pub mod corpus;
pub mod eval;
mod feat;
mod gaz;
mod model;
pub mod ner;
pub mod parser;
pub mod pos;
mod reattach;
mod shortcut;
pub mod train;

use std::io::{BufRead, Write};

use dossier_core::{Annotator, Doc, Layer};

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

/// The tagger stage: the part-of-speech tagger, then the parser, then the entity recognizer,
/// with each token's features ([`feat::TokFeat`]: hashes of its form, shape, affixes) computed
/// once for the three. Over a batch ([`Annotator::annotate_batch`]) each model tags the whole
/// batch before the next starts, so its often-used weight rows stay in the CPU cache. Each doc
/// gets exactly what the three models' own stages give it one after another.
impl Annotator for Models {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }

    fn assigns(&self) -> &'static [Layer] {
        match (self.parser.is_some(), self.ner.is_some()) {
            (true, true) => &[Layer::Pos, Layer::Syntax, Layer::Mentions],
            (true, false) => &[Layer::Pos, Layer::Syntax],
            (false, true) => &[Layer::Pos, Layer::Mentions],
            (false, false) => &[Layer::Pos],
        }
    }

    fn annotate(&self, doc: &mut Doc) {
        self.annotate_batch(&mut [doc]);
    }

    fn annotate_batch(&self, docs: &mut [&mut Doc]) {
        self.annotate_batch_timed(docs);
    }
}

impl Models {
    /// As [`Annotator::annotate_batch`], returning the seconds spent computing token features,
    /// then in the tagger, the parser and the recognizer (for benchmarks).
    pub fn annotate_batch_timed(&self, docs: &mut [&mut Doc]) -> [f64; 4] {
        let started = std::time::Instant::now();
        let mut toks: Vec<DocToks> = docs.iter().map(|doc| DocToks::of(doc)).collect();
        // The models ship the same word clusters (each skips tokens filled by equal clusters).
        for doc_toks in &mut toks {
            self.pos.clusters().fill(&mut doc_toks.toks);
        }
        let featured = std::time::Instant::now();
        let mut pos_scratch = pos::Scratch::default();
        for (doc, toks) in docs.iter_mut().zip(&toks) {
            self.pos.annotate_toks(doc, toks, &mut pos_scratch);
        }
        let tagged = std::time::Instant::now();
        if let Some(parser) = &self.parser {
            let mut scratch = parser::Scratch::default();
            for (doc, toks) in docs.iter_mut().zip(&toks) {
                parser.annotate_toks(doc, toks, &mut scratch);
            }
        }
        let parsed = std::time::Instant::now();
        if let Some(ner) = &self.ner {
            for (doc, toks) in docs.iter_mut().zip(&toks) {
                ner.annotate_toks(doc, toks);
            }
        }
        let done = std::time::Instant::now();
        [
            featured - started,
            tagged - featured,
            parsed - tagged,
            done - parsed,
        ]
        .map(|d| d.as_secs_f64())
    }
}

/// A doc's sentences as token ranges, with every token's features, computed once from the
/// doc's text and shared by the models that annotate it.
pub(crate) struct DocToks {
    /// Token index ranges of the sentences (see [`sentence_ranges`]).
    pub ranges: Vec<std::ops::Range<usize>>,
    /// Features of every token of the doc, by token index.
    toks: Vec<feat::TokFeat>,
}

impl DocToks {
    /// The features of `doc`'s tokens.
    pub(crate) fn of(doc: &Doc) -> DocToks {
        let index = dossier_core::CharIndex::new(&doc.text);
        let toks = doc
            .tokens
            .iter()
            .map(|token| feat::TokFeat::new(doc.text.get(index.bytes(token.span)).unwrap_or("")))
            .collect();
        DocToks {
            ranges: sentence_ranges(doc),
            toks,
        }
    }

    /// The features of the tokens in `range` (empty when out of bounds).
    pub(crate) fn sentence(&self, range: &std::ops::Range<usize>) -> &[feat::TokFeat] {
        self.toks.get(range.clone()).unwrap_or(&[])
    }
}

/// Token index ranges of a doc's sentences; all tokens as one range when there are none.
pub(crate) fn sentence_ranges(doc: &Doc) -> Vec<std::ops::Range<usize>> {
    let n = doc.tokens.len();
    if doc.sentences.is_empty() {
        return if n == 0 {
            Vec::new()
        } else {
            std::iter::once(0..n).collect()
        };
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
/// `# newdoc` lines start a new document, and each document is tagged whole (so its names are
/// tagged consistently) before it is written. Other lines are copied. Without an entity model
/// every tag is `O`.
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
    // Lines of the current document, and for each sentence the indices of its word lines.
    let mut lines: Vec<String> = Vec::new();
    let mut sentences: Vec<Vec<usize>> = vec![Vec::new()];
    let mut line = String::new();
    loop {
        line.clear();
        let n = input.read_line(&mut line).map_err(|err| ModelError::Io {
            path: "-".into(),
            err,
        })?;
        if n == 0 {
            flush_document(models, &lines, &sentences, output, format).map_err(out_err)?;
            break;
        }
        let text = line.trim_end_matches(['\r', '\n']);
        let is_docstart = match format {
            NerFormat::Conll => text.split_whitespace().next() == Some("-DOCSTART-"),
            NerFormat::Iob2 => text.starts_with("# newdoc"),
        };
        if is_docstart {
            flush_document(models, &lines, &sentences, output, format).map_err(out_err)?;
            lines.clear();
            sentences.clear();
            sentences.push(Vec::new());
        }
        if text.trim().is_empty() {
            if sentences.last().is_some_and(|s| !s.is_empty()) {
                sentences.push(Vec::new());
            }
        } else if !(is_docstart || format == NerFormat::Iob2 && text.starts_with('#')) {
            if let Some(sentence) = sentences.last_mut() {
                sentence.push(lines.len());
            }
        }
        lines.push(text.to_string());
    }
    output.flush().map_err(out_err)
}

/// Tags one buffered document of [`tag_stream`] and writes its lines.
fn flush_document(
    models: &Models,
    lines: &[String],
    sentences: &[Vec<usize>],
    output: &mut dyn Write,
    format: NerFormat,
) -> std::io::Result<()> {
    let word = |i: usize| {
        let line = lines.get(i).map(String::as_str).unwrap_or("");
        match format {
            NerFormat::Conll => line.split_whitespace().next().unwrap_or(""),
            NerFormat::Iob2 => {
                let mut cols = line.split('\t');
                let first = cols.next().unwrap_or("");
                cols.next().unwrap_or(first)
            }
        }
    };
    let mut sents: Vec<Vec<feat::TokFeat>> = sentences
        .iter()
        .map(|s| s.iter().map(|&i| feat::TokFeat::new(word(i))).collect())
        .collect();
    let labels = match &models.ner {
        Some(ner) => ner.tag_doc(&mut sents),
        None => sents.iter().map(|s| vec![0; s.len()]).collect(),
    };
    let mut tag_of: Vec<Option<String>> = vec![None; lines.len()];
    for (sentence, labels) in sentences.iter().zip(&labels) {
        for (&i, tag) in sentence.iter().zip(ner::iob_tags(labels)) {
            if let Some(slot) = tag_of.get_mut(i) {
                *slot = Some(tag);
            }
        }
    }
    let sep = match format {
        NerFormat::Conll => " ",
        NerFormat::Iob2 => "\t",
    };
    for (line, tag) in lines.iter().zip(&tag_of) {
        match tag {
            Some(tag) => writeln!(output, "{}{sep}{tag}", line.trim_end())?,
            None => writeln!(output, "{line}")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::LazyLock;

    use dossier_core::{Annotator, CharSpan, EntityKind, Meta, Sentence, Token, Upos};

    use super::*;

    static MODELS: LazyLock<Models> = LazyLock::new(|| match Models::load_default() {
        Ok(models) => models,
        Err(err) => panic!("embedded models do not load: {err}"),
    });

    /// A doc whose sentences are `lines`, tokenised at spaces.
    fn doc_of(lines: &[&str]) -> Doc {
        let text = lines.join(" ");
        let mut doc = Doc::new(Meta::default(), text);
        let mut at = 0u32;
        for line in lines {
            let token_start = doc.tokens.len() as u32;
            let sentence_start = at;
            for (i, word) in line.split(' ').enumerate() {
                if i > 0 {
                    at += 1;
                }
                let n = word.chars().count() as u32;
                doc.tokens.push(Token {
                    span: CharSpan::new(at, at + n),
                    ..Token::default()
                });
                at += n;
            }
            doc.sentences.push(Sentence {
                span: CharSpan::new(sentence_start, at),
                token_start,
                token_end: doc.tokens.len() as u32,
                ..Sentence::default()
            });
            at += 1;
        }
        doc
    }

    /// Runs the whole chain and returns the mentions as (text, kind).
    fn mentions(lines: &[&str]) -> Vec<(String, EntityKind)> {
        let mut doc = doc_of(lines);
        MODELS.pos.annotate(&mut doc);
        let Some(ner) = &MODELS.ner else {
            return Vec::new();
        };
        ner.annotate(&mut doc);
        doc.mentions
            .iter()
            .map(|m| (doc.slice(m.span).to_string(), m.kind))
            .collect()
    }

    fn has(found: &[(String, EntityKind)], text: &str, kind: EntityKind) -> bool {
        found.iter().any(|(t, k)| t == text && *k == kind)
    }

    #[test]
    fn embedded_models_load_and_tag() {
        let tags = MODELS.pos.tag_words(&["She", "sings", "well", "."]);
        assert_eq!(tags, [Upos::PRON, Upos::VERB, Upos::ADV, Upos::PUNCT]);
        assert!(
            MODELS.pos.has_reviser(),
            "the shipped tagger has its second pass"
        );
        assert!(MODELS.ner.is_some());
        assert!(MODELS.parser.is_some());
    }

    #[test]
    fn tagger_stage_annotates_a_batch_as_its_models_do_one_by_one() {
        let lines: [&[&str]; 3] = [
            &[
                "Minister Ana Petrova met envoys of the Northern League in Velgrad .",
                "She said talks would resume on Monday .",
            ],
            &["THE PORT AUTHORITY CLOSED TWO TERMINALS"],
            &["no capitals here at all , just words ."],
        ];
        let Some(parser) = &MODELS.parser else {
            panic!("no parser model")
        };
        let Some(ner) = &MODELS.ner else {
            panic!("no entity model")
        };
        let mut alone: Vec<Doc> = lines.iter().map(|l| doc_of(l)).collect();
        for doc in &mut alone {
            MODELS.pos.annotate(doc);
            parser.annotate(doc);
            ner.annotate(doc);
        }
        let mut batch: Vec<Doc> = lines.iter().map(|l| doc_of(l)).collect();
        let mut refs: Vec<&mut Doc> = batch.iter_mut().collect();
        MODELS.annotate_batch(&mut refs);
        assert_eq!(
            MODELS.assigns(),
            &[Layer::Pos, Layer::Syntax, Layer::Mentions]
        );
        for (a, b) in alone.iter().zip(&batch) {
            assert!(a.tokens.iter().all(|t| t.pos.is_some() && t.dep.is_some()));
            assert_eq!(a.tokens, b.tokens);
            assert_eq!(a.mentions, b.mentions);
        }
        assert!(!batch[0].mentions.is_empty());
    }

    #[test]
    fn annotators_fill_their_layers() {
        let mut doc = doc_of(&[
            "The minister said the new budget would be published on Friday .",
            "Critics disagreed .",
        ]);
        MODELS.pos.annotate(&mut doc);
        assert!(doc.tokens.iter().all(|t| t.pos.is_some()));
        let Some(parser) = &MODELS.parser else {
            panic!("no parser model")
        };
        parser.annotate(&mut doc);
        for sentence in &doc.sentences {
            let range = sentence.token_range();
            let roots = doc.tokens[range.clone()]
                .iter()
                .filter(|t| t.head.is_none())
                .count();
            assert_eq!(roots, 1);
            for token in &doc.tokens[range.clone()] {
                if let Some(head) = token.head {
                    assert!(range.contains(&(head as usize)));
                }
                assert!(token.dep.is_some());
            }
        }
        // "said" heads the first sentence.
        assert_eq!(doc.tokens[2].head, None);
        assert_eq!(doc.tokens[2].dep.map(|d| d.as_str()), Some("root"));
    }

    #[test]
    fn names_with_diacritics() {
        let found = mentions(&["Aleksandar Vučić met Milo Đukanović in Belgrade on Monday ."]);
        assert!(
            has(&found, "Aleksandar Vučić", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            has(&found, "Milo Đukanović", EntityKind::Person),
            "{found:?}"
        );
        assert!(has(&found, "Belgrade", EntityKind::Location), "{found:?}");
    }

    #[test]
    fn cyrillic_names() {
        let found = mentions(&["The statement was signed by Сергей Лавров in Moscow ."]);
        assert!(
            has(&found, "Сергей Лавров", EntityKind::Person),
            "{found:?}"
        );
        assert!(has(&found, "Moscow", EntityKind::Location), "{found:?}");
    }

    #[test]
    fn hyphenated_and_multi_part_names() {
        let found = mentions(&[
            "Jean-Claude Juncker spoke with Mohammed bin Salman and Ursula von der Leyen in Brussels .",
        ]);
        assert!(
            has(&found, "Jean-Claude Juncker", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            has(&found, "Mohammed bin Salman", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            has(&found, "Ursula von der Leyen", EntityKind::Person),
            "{found:?}"
        );
    }

    #[test]
    fn possessives_stay_outside_the_name() {
        let found = mentions(&["Merkel 's government rejected the plan ."]);
        assert!(has(&found, "Merkel", EntityKind::Person), "{found:?}");
        assert!(found.iter().all(|(t, _)| !t.contains("'s")), "{found:?}");
    }

    #[test]
    fn initials_inside_names() {
        let found = mentions(&["George W. Bush and J. K. Rowling visited Texas ."]);
        assert!(
            has(&found, "George W. Bush", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            has(&found, "J. K. Rowling", EntityKind::Person),
            "{found:?}"
        );
    }

    #[test]
    fn titles_before_names_are_not_part_of_them() {
        let found =
            mentions(&["President Emmanuel Macron and Chancellor Olaf Scholz met in Paris ."]);
        assert!(
            has(&found, "Emmanuel Macron", EntityKind::Person),
            "{found:?}"
        );
        assert!(has(&found, "Olaf Scholz", EntityKind::Person), "{found:?}");
        assert!(has(&found, "Paris", EntityKind::Location), "{found:?}");
    }

    #[test]
    fn all_caps_headline() {
        let found = mentions(&["MACRON MEETS MERKEL IN BERLIN AS EU LEADERS ARGUE OVER BUDGET"]);
        assert!(has(&found, "MERKEL", EntityKind::Person), "{found:?}");
        assert!(has(&found, "MACRON", EntityKind::Person), "{found:?}");
        assert!(has(&found, "BERLIN", EntityKind::Location), "{found:?}");
        assert!(
            found.iter().all(|(t, _)| t != "MEETS" && t != "BUDGET"),
            "{found:?}"
        );
    }

    #[test]
    fn lowercase_text() {
        let found = mentions(&["angela merkel visited paris on tuesday to meet emmanuel macron ."]);
        assert!(
            has(&found, "angela merkel", EntityKind::Person),
            "{found:?}"
        );
        assert!(has(&found, "paris", EntityKind::Location), "{found:?}");
        assert!(
            has(&found, "emmanuel macron", EntityKind::Person),
            "{found:?}"
        );
    }

    #[test]
    fn a_name_keeps_its_type_across_the_document() {
        let found = mentions(&[
            "Police in Oslo said Jarle Brzęczyszczykiewicz was released on Monday .",
            "BRZĘCZYSZCZYKIEWICZ DENIES CHARGES",
            "Brzęczyszczykiewicz told reporters he would appeal .",
        ]);
        assert!(
            has(&found, "Jarle Brzęczyszczykiewicz", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            has(&found, "Brzęczyszczykiewicz", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            has(&found, "BRZĘCZYSZCZYKIEWICZ", EntityKind::Person),
            "{found:?}"
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let mut empty = Doc::new(Meta::default(), String::new());
        MODELS.pos.annotate(&mut empty);
        let mut doc = doc_of(&["🙂 ¿ « » 12,5 % https://x.y", ""]);
        // A sentence pointing past the tokens and one with no sentences at all.
        doc.sentences.push(Sentence {
            token_start: 5,
            token_end: 500,
            ..Sentence::default()
        });
        MODELS.pos.annotate(&mut doc);
        if let Some(parser) = &MODELS.parser {
            parser.annotate(&mut doc);
        }
        if let Some(ner) = &MODELS.ner {
            ner.annotate(&mut doc);
        }
        doc.sentences.clear();
        MODELS.pos.annotate(&mut doc);
        assert!(doc.tokens.iter().all(|t| t.pos.is_some()));
        assert!(PosTagger::from_bytes(b"DSTG").is_err());
        assert!(Ner::from_bytes(&[]).is_err());
        assert!(Parser::from_bytes(b"garbage!").is_err());
    }

    #[test]
    fn tag_stream_appends_a_column() {
        let input = "-DOCSTART- O\n\nAnna NNP\nLindqvist NNP\nvisited VBD\nOslo NNP\n. .\n";
        let mut out = Vec::new();
        tag_stream(&MODELS, &mut input.as_bytes(), &mut out, NerFormat::Conll).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "-DOCSTART- O");
        assert_eq!(lines[2], "Anna NNP B-PER");
        assert_eq!(lines[3], "Lindqvist NNP I-PER");
        assert_eq!(lines[5], "Oslo NNP B-LOC");
        let iob2 = "# newdoc id = a\n# text = x\n1\tAnna\tO\n2\tLindqvist\tO\n3\tsmiled\tO\n\n";
        let mut out = Vec::new();
        tag_stream(&MODELS, &mut iob2.as_bytes(), &mut out, NerFormat::Iob2).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(
                "# newdoc id = a\n# text = x\n1\tAnna\tO\tB-PER\n2\tLindqvist\tO\tI-PER\n3\tsmiled\tO\tO\n"
            ),
            "{text}"
        );
    }

    /// The shared data folder, when present.
    fn shared_data() -> Option<PathBuf> {
        let base = std::env::var_os("DOSSIER_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let data = base.join("data");
        if data.is_dir() {
            Some(data)
        } else {
            eprintln!("skipped: shared data not found at {}", data.display());
            None
        }
    }

    #[test]
    fn floor_pos_on_ewt_dev() {
        let Some(data) = shared_data() else { return };
        let report = eval::eval_pos(
            &MODELS.pos,
            &data.join("ud-english-ewt/en_ewt-ud-dev.conllu"),
        )
        .unwrap();
        assert!(report.accuracy >= POS_FLOOR, "{report:?}");
    }

    #[test]
    fn floor_ner_on_conll_valid_and_uner_dev() {
        let Some(data) = shared_data() else { return };
        let Some(ner) = &MODELS.ner else {
            panic!("no ner model")
        };
        let report =
            eval::eval_ner(ner, &data.join("conll2003/valid.txt"), NerFormat::Conll).unwrap();
        assert!(report.f1 >= NER_CONLL_FLOOR, "{report:?}");
        assert_eq!(report.per_type.len(), 4);
        let uner = eval::eval_ner(
            ner,
            &data.join("uner-english-ewt/en_ewt-ud-dev.iob2"),
            NerFormat::Iob2,
        )
        .unwrap();
        assert!(uner.f1 >= NER_UNER_FLOOR, "{uner:?}");
        assert!(!uner.per_type.contains_key("MISC"));
        let json = serde_json::to_value(&report).unwrap();
        assert!(json["per_type"]["PER"]["f1"].is_number());
    }

    #[test]
    fn floor_parser_on_ewt_dev() {
        let Some(data) = shared_data() else { return };
        let Some(parser) = &MODELS.parser else {
            panic!("no parser model")
        };
        let report = eval::eval_parser(
            parser,
            &MODELS.pos,
            &data.join("ud-english-ewt/en_ewt-ud-dev.conllu"),
        )
        .unwrap();
        assert!(report.las >= LAS_FLOOR, "{report:?}");
        assert!(report.uas >= report.las);
    }

    /// Floors at the figures the committed models reach (models/README.md), minus a hair.
    const POS_FLOOR: f64 = 95.25;
    const NER_CONLL_FLOOR: f64 = 92.0;
    const NER_UNER_FLOOR: f64 = 54.5;
    const LAS_FLOOR: f64 = 81.95;
}
