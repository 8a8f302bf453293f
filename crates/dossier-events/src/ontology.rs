//! The event ontology: CAMEO codes (names, QuadClass, Goldstein), the CAMEO→PLOVER mapping
//! and the verb-pattern dictionary, loaded from the shipped files of `data/events/` and from
//! user files in the same formats.

use std::collections::HashMap;

use serde::Serialize;

use crate::lemma;
use crate::EventsError;

static CAMEO_TSV: &str = include_str!("../../../data/events/cameo.tsv");
static PLOVER_TSV: &str = include_str!("../../../data/events/plover.tsv");
static VERBS_TXT: &str = include_str!("../../../data/events/verbs.txt");

/// One CAMEO event code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CameoCode {
    /// The code ("057").
    pub code: String,
    /// Its name ("Sign formal agreement").
    pub name: String,
    /// The two-digit root code ("05").
    pub root: String,
    /// GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// Goldstein conflict-cooperation scale, -10 to +10.
    pub goldstein: f32,
}

/// The PLOVER category, mode and context of a CAMEO code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plover {
    /// Event category ("CONSULT"); empty for CAMEO 01 and 02, which PLOVER drops.
    pub category: String,
    /// Mode ("visit"), possibly empty.
    pub mode: String,
    /// Context ("diplomatic"; several joined with `;`), possibly empty.
    pub context: String,
}

/// Whether a pattern matches a clause's verb or a noun naming an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TriggerKind {
    /// A verb heading a clause.
    Verb,
    /// A noun naming an action ("meeting", "arrest").
    Noun,
}

/// One verb pattern of the dictionary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pattern {
    /// The event code it assigns (usually CAMEO; imported dictionaries may use others).
    pub code: String,
    /// Verb or noun, encoded as `true` for nouns.
    pub noun: bool,
    /// The lemma.
    pub lemma: String,
    /// Required particle ("out" in "carry out").
    pub particle: Option<String>,
    /// Required object head lemmas (any of).
    pub objects: Vec<String>,
    /// Words that must modify the object head (each group: any of its words), from
    /// multi-word objects of imported dictionaries ("diplomatic ties").
    pub object_modifiers: Vec<Vec<String>>,
    /// Required preposition.
    pub prep: Option<String>,
    /// Required head lemmas of the prepositional dependent (any of).
    pub prep_objects: Vec<String>,
    /// Required infinitive-complement verb lemmas (any of).
    pub xcomp: Vec<String>,
    /// Where the recipient is: `obj`, a preposition, or `none`.
    pub recipient: Option<String>,
    /// For nouns: a preposition naming the actor.
    pub actor: Option<String>,
    /// Where it was defined ("verbs.txt:42").
    pub origin: String,
}

impl Pattern {
    /// How many constraints it has: more specific patterns win.
    pub fn specificity(&self) -> usize {
        usize::from(self.particle.is_some())
            + usize::from(!self.objects.is_empty())
            + self.object_modifiers.len()
            + usize::from(self.prep.is_some())
            + usize::from(!self.prep_objects.is_empty())
            + usize::from(!self.xcomp.is_empty())
    }

    /// The kind of trigger it matches.
    pub fn kind(&self) -> TriggerKind {
        if self.noun {
            TriggerKind::Noun
        } else {
            TriggerKind::Verb
        }
    }
}

/// CAMEO codes, PLOVER mapping and verb patterns, with a word-form index over the patterns.
#[derive(Clone, Debug, Default)]
pub struct Ontology {
    codes: HashMap<String, CameoCode>,
    plover: HashMap<String, Plover>,
    patterns: Vec<Pattern>,
    /// Lowercase word form → (verb lemma, noun lemma).
    forms: HashMap<String, (Option<String>, Option<String>)>,
    /// (kind, lemma) → pattern indices, in definition order.
    by_lemma: HashMap<(TriggerKind, String), Vec<usize>>,
}

impl Ontology {
    /// The shipped ontology: `cameo.tsv`, `plover.tsv` and `verbs.txt`, embedded.
    pub fn shipped() -> Result<Ontology, EventsError> {
        let mut ontology = Ontology::default();
        ontology.load_cameo("cameo.tsv", CAMEO_TSV)?;
        ontology.load_plover("plover.tsv", PLOVER_TSV)?;
        ontology.add_patterns_text("verbs.txt", VERBS_TXT)?;
        Ok(ontology)
    }

    /// An ontology with the shipped codes and PLOVER mapping but no verb patterns (for
    /// running an imported dictionary on its own, as the PETRARCH conformance test does).
    pub fn codes_only() -> Result<Ontology, EventsError> {
        let mut ontology = Ontology::default();
        ontology.load_cameo("cameo.tsv", CAMEO_TSV)?;
        ontology.load_plover("plover.tsv", PLOVER_TSV)?;
        Ok(ontology)
    }

    /// Adds the patterns of a user dictionary in the `verbs.txt` format; `file` names it in
    /// error messages and pattern origins.
    pub fn add_patterns_text(&mut self, file: &str, text: &str) -> Result<(), EventsError> {
        let patterns = parse_patterns(file, text)?;
        self.add_patterns(patterns);
        Ok(())
    }

    /// Reads a user dictionary file in the `verbs.txt` format and adds its patterns; they
    /// win ties with the shipped ones.
    pub fn add_patterns_file(&mut self, path: &std::path::Path) -> Result<(), EventsError> {
        let text = std::fs::read_to_string(path).map_err(|err| EventsError::Io {
            path: path.display().to_string(),
            message: err.to_string(),
        })?;
        self.add_patterns_text(&path.display().to_string(), &text)
    }

    /// Adds patterns (from a user file or an imported dictionary).
    pub fn add_patterns(&mut self, patterns: Vec<Pattern>) {
        for pattern in patterns {
            let kind = pattern.kind();
            let forms = match kind {
                TriggerKind::Verb => lemma::verb_forms(&pattern.lemma),
                TriggerKind::Noun => lemma::noun_forms(&pattern.lemma),
            };
            for form in forms {
                let slot = self.forms.entry(form).or_default();
                let lemma_slot = match kind {
                    TriggerKind::Verb => &mut slot.0,
                    TriggerKind::Noun => &mut slot.1,
                };
                lemma_slot.get_or_insert_with(|| pattern.lemma.clone());
            }
            self.by_lemma
                .entry((kind, pattern.lemma.clone()))
                .or_default()
                .push(self.patterns.len());
            self.patterns.push(pattern);
        }
    }

    /// All patterns, in definition order.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The lemma of a lowercase word form that some pattern of `kind` triggers on.
    pub fn trigger_lemma(&self, kind: TriggerKind, form: &str) -> Option<&str> {
        let (verb, noun) = self.forms.get(form)?;
        match kind {
            TriggerKind::Verb => verb.as_deref(),
            TriggerKind::Noun => noun.as_deref(),
        }
    }

    /// The patterns of a lemma, in definition order.
    pub fn patterns_of(&self, kind: TriggerKind, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.by_lemma
            .get(&(kind, lemma.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|idx| self.patterns.get(*idx))
    }

    /// A CAMEO code's entry.
    pub fn cameo(&self, code: &str) -> Option<&CameoCode> {
        self.codes.get(code)
    }

    /// All CAMEO codes (unordered).
    pub fn cameo_codes(&self) -> impl Iterator<Item = &CameoCode> {
        self.codes.values()
    }

    /// The PLOVER category, mode and context of a CAMEO code, falling back to its parents.
    pub fn plover(&self, code: &str) -> Option<&Plover> {
        let mut prefix = code;
        while !prefix.is_empty() {
            if let Some(plover) = self.plover.get(prefix) {
                return Some(plover);
            }
            prefix = prefix.get(..prefix.len() - 1).unwrap_or("");
        }
        None
    }

    fn load_cameo(&mut self, file: &str, text: &str) -> Result<(), EventsError> {
        for (line_no, line) in data_lines(text) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.first() == Some(&"code") {
                continue;
            }
            let [code, name, root, quad, goldstein] = fields.as_slice() else {
                return Err(EventsError::parse(
                    file,
                    line_no,
                    "expected 5 tab-separated fields",
                ));
            };
            let quad_class = quad
                .parse::<u8>()
                .map_err(|_| EventsError::parse(file, line_no, "bad QuadClass"))?;
            let goldstein = goldstein
                .parse::<f32>()
                .map_err(|_| EventsError::parse(file, line_no, "bad Goldstein value"))?;
            self.codes.insert(
                code.to_string(),
                CameoCode {
                    code: code.to_string(),
                    name: name.to_string(),
                    root: root.to_string(),
                    quad_class,
                    goldstein,
                },
            );
        }
        Ok(())
    }

    fn load_plover(&mut self, file: &str, text: &str) -> Result<(), EventsError> {
        for (line_no, line) in data_lines(text) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.first() == Some(&"cameo") {
                continue;
            }
            let [code, category, mode, context, ..] = fields.as_slice() else {
                return Err(EventsError::parse(
                    file,
                    line_no,
                    "expected at least 4 fields",
                ));
            };
            self.plover.insert(
                code.to_string(),
                Plover {
                    category: category.to_string(),
                    mode: mode.to_string(),
                    context: context.to_string(),
                },
            );
        }
        Ok(())
    }
}

/// Non-empty, non-comment lines with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(idx, line)| (idx + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
}

fn words(list: &str) -> Vec<String> {
    list.split('|')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Parses a dictionary in the `verbs.txt` format.
pub fn parse_patterns(file: &str, text: &str) -> Result<Vec<Pattern>, EventsError> {
    let mut patterns = Vec::new();
    for (line_no, line) in data_lines(text) {
        let line = line.split(" #").next().unwrap_or(line);
        let mut fields = line.split_whitespace();
        let (Some(code), Some(kind), Some(lemma)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(EventsError::parse(
                file,
                line_no,
                "expected CODE KIND LEMMA",
            ));
        };
        let noun = match kind {
            "v" => false,
            "n" => true,
            _ => return Err(EventsError::parse(file, line_no, "KIND must be v or n")),
        };
        let mut pattern = Pattern {
            code: code.to_string(),
            noun,
            lemma: lemma.to_lowercase(),
            origin: format!("{file}:{line_no}"),
            ..Pattern::default()
        };
        for constraint in fields {
            let Some((key, value)) = constraint.split_once('=') else {
                return Err(EventsError::parse(
                    file,
                    line_no,
                    &format!("constraint '{constraint}' is not KEY=VALUE"),
                ));
            };
            match key {
                "prt" => pattern.particle = Some(value.to_lowercase()),
                "obj" => pattern.objects = words(value),
                "prep" => {
                    let (prep, objects) = value.split_once(':').unwrap_or((value, ""));
                    pattern.prep = Some(prep.to_lowercase());
                    pattern.prep_objects = words(objects);
                }
                "xcomp" => pattern.xcomp = words(value),
                "recipient" => pattern.recipient = Some(value.to_lowercase()),
                "actor" => pattern.actor = Some(value.to_lowercase()),
                _ => {
                    return Err(EventsError::parse(
                        file,
                        line_no,
                        &format!("unknown constraint '{key}'"),
                    ))
                }
            }
        }
        patterns.push(pattern);
    }
    Ok(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_ontology_covers_all_roots() {
        let ontology = Ontology::shipped().unwrap();
        assert_eq!(ontology.cameo("057").unwrap().goldstein, 8.0);
        assert_eq!(ontology.cameo("190").unwrap().quad_class, 4);
        assert_eq!(ontology.plover("042").unwrap().mode, "visit");
        assert_eq!(ontology.plover("0841").unwrap().category, "RETREAT");
        assert_eq!(ontology.plover("010").unwrap().category, "");
        for root in 1..=20 {
            let root = format!("{root:02}");
            assert!(ontology.cameo(&root).is_some(), "{root}");
            assert!(
                ontology
                    .patterns()
                    .iter()
                    .any(|p| p.code.starts_with(&root)),
                "no pattern for root {root}"
            );
        }
        assert!(ontology.cameo_codes().count() > 300);
        for pattern in ontology.patterns() {
            assert!(
                ontology.cameo(&pattern.code).is_some(),
                "{}",
                pattern.origin
            );
        }
    }

    #[test]
    fn patterns_parse_constraints() {
        let patterns = parse_patterns(
            "t",
            "1121 v accuse prep=of:corruption|fraud\n057 v sign obj=deal\n",
        )
        .unwrap();
        assert_eq!(patterns[0].prep.as_deref(), Some("of"));
        assert_eq!(patterns[0].prep_objects, ["corruption", "fraud"]);
        assert_eq!(patterns[1].specificity(), 1);
        assert!(parse_patterns("t", "057 x sign").is_err());
        let mut ontology = Ontology::default();
        ontology.add_patterns(patterns);
        assert_eq!(
            ontology.trigger_lemma(TriggerKind::Verb, "signed"),
            Some("sign")
        );
    }
}
