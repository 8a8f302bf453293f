//! Readers for the training and evaluation formats: CoNLL-U, CoNLL-2003 and UNER IOB2.
//!
//! All three become [`Sentence`]s: words plus one tag column (UPOS or an IOB2 entity tag),
//! heads and relations for CoNLL-U, and a flag marking the first sentence of each document
//! (`# newdoc` in CoNLL-U and IOB2, `-DOCSTART-` in CoNLL-2003) so document-level features work.

use std::io::BufRead;
use std::path::Path;

use crate::ModelError;

/// One sentence of a corpus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// The words (CoNLL-U syntactic words; multiword-token ranges are skipped).
    pub words: Vec<String>,
    /// One tag per word: UPOS for CoNLL-U, an IOB2 entity tag for CoNLL-2003 and IOB2.
    pub tags: Vec<String>,
    /// Heads (1-based; 0 = root) for CoNLL-U, else empty.
    pub heads: Vec<u32>,
    /// Dependency relations for CoNLL-U, else empty.
    pub deps: Vec<String>,
    /// True when this sentence opens a new document.
    pub doc_start: bool,
}

#[cfg(test)]
impl Sentence {
    /// A sentence of the space-separated words of `text` with nothing else (as unlabelled
    /// text reads), opening a document when `doc_start`.
    pub(crate) fn of_words(text: &str, doc_start: bool) -> Sentence {
        Sentence {
            words: text.split(' ').map(String::from).collect(),
            tags: Vec::new(),
            heads: Vec::new(),
            deps: Vec::new(),
            doc_start,
        }
    }
}

/// Which entity-tag corpus format a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NerFormat {
    /// CoNLL-2003: `word ... TAG` separated by spaces, `-DOCSTART-` lines between documents.
    Conll,
    /// UNER IOB2: `index<TAB>word<TAB>TAG<TAB>...`, `#` comment lines, `# newdoc` between documents.
    Iob2,
}

fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>, ModelError> {
    let file = std::fs::File::open(path).map_err(|err| ModelError::Io {
        path: path.display().to_string(),
        err,
    })?;
    Ok(std::io::BufReader::new(file))
}

fn io_err(path: &Path, err: std::io::Error) -> ModelError {
    ModelError::Io {
        path: path.display().to_string(),
        err,
    }
}

/// Reads a CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<Sentence>, ModelError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut pending_doc = false;
    for line in open(path)?.lines() {
        let line = line.map_err(|err| io_err(path, err))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if comment.trim_start().starts_with("newdoc") {
                pending_doc = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            continue;
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        if current.words.is_empty() {
            current.doc_start = pending_doc;
            pending_doc = false;
        }
        current.words.push(cols[1].to_string());
        current.tags.push(cols[3].to_string());
        current.heads.push(cols[6].parse().unwrap_or(0));
        current.deps.push(cols[7].to_string());
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Reads an entity-tagged file in `format`.
pub fn read_ner(path: &Path, format: NerFormat) -> Result<Vec<Sentence>, ModelError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut pending_doc = false;
    for line in open(path)?.lines() {
        let line = line.map_err(|err| io_err(path, err))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (word, tag) = match format {
            NerFormat::Conll => {
                let mut cols = line.split_whitespace();
                let word = cols.next().unwrap_or("");
                let tag = cols.last().unwrap_or("O");
                if word == "-DOCSTART-" {
                    pending_doc = true;
                    continue;
                }
                (word, tag)
            }
            NerFormat::Iob2 => {
                if let Some(comment) = line.strip_prefix('#') {
                    if comment.trim_start().starts_with("newdoc") {
                        pending_doc = true;
                    }
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                match cols.as_slice() {
                    [_, word, tag, ..] => (*word, *tag),
                    _ => continue,
                }
            }
        };
        if current.words.is_empty() {
            current.doc_start = pending_doc;
            pending_doc = false;
        }
        current.words.push(word.to_string());
        current.tags.push(tag.to_string());
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Groups sentences into documents (by their `doc_start` flags), as index ranges.
pub fn documents(sentences: &[Sentence]) -> Vec<std::ops::Range<usize>> {
    let mut docs = Vec::new();
    let mut start = 0;
    for (i, sentence) in sentences.iter().enumerate() {
        if sentence.doc_start && i > start {
            docs.push(start..i);
            start = i;
        }
    }
    if start < sentences.len() {
        docs.push(start..sentences.len());
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("dossier-tagger-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn reads_conllu_skipping_ranges() {
        let path = temp(
            "a.conllu",
            "# newdoc id = d1\n# text = We can't.\n1-2\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tWe\twe\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tca\tcan\tAUX\t_\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\t_\t_\t2\tadvmod\t_\t_\n\n1\tOk\tok\tINTJ\t_\t_\t0\troot\t_\t_\n",
        );
        let sentences = read_conllu(&path).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].words, ["We", "ca", "n't"]);
        assert_eq!(sentences[0].heads, [2, 0, 2]);
        assert!(sentences[0].doc_start);
        assert!(!sentences[1].doc_start);
        assert_eq!(documents(&sentences), vec![0..2]);
    }

    #[test]
    fn reads_conll_and_iob2() {
        let conll = temp(
            "a.txt",
            "-DOCSTART- O\n\nAnna B-PER\nsmiled O\n\n-DOCSTART- O\n\nOslo B-LOC\n",
        );
        let sentences = read_ner(&conll, NerFormat::Conll).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[1].tags, ["B-LOC"]);
        assert_eq!(documents(&sentences).len(), 2);
        let iob2 = temp(
            "a.iob2",
            "# newdoc id = x\n# text = Anna smiled\n1\tAnna\tB-PER\t-\tann\n2\tsmiled\tO\t-\t-\n",
        );
        let sentences = read_ner(&iob2, NerFormat::Iob2).unwrap();
        assert_eq!(sentences[0].words, ["Anna", "smiled"]);
        assert!(sentences[0].doc_start);
    }
}
