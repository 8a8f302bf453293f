//! Import of PETRARCH dictionaries: verb dictionaries become dossier verb patterns, actor and
//! agent dictionaries become an [`ActorResolver`].
//!
//! PETRARCH patterns are word sequences around the verb (`- * NEW_&TIETYPES_RELATIONS
//! [903]`); dossier patterns are dependency constraints. The translation keeps what maps:
//! the words after the verb become a particle, an object head, a preposition with its
//! object, or an infinitive complement; synsets are expanded. Patterns that need words
//! before the verb ("SAID *", "NOT *") cannot be expressed and are counted as skipped, since
//! dossier reads negation and reporting as modality instead.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::coder::ActorResolver;
use crate::ontology::Pattern;

/// What an imported PETRARCH verb dictionary gave.
#[derive(Clone, Debug, Default)]
pub struct PetrarchVerbs {
    /// The patterns, in dictionary order.
    pub patterns: Vec<Pattern>,
    /// Pattern lines that could not be translated (words before the verb, empty patterns).
    pub skipped: usize,
}

const PREPOSITIONS: &[&str] = &[
    "to", "with", "for", "of", "on", "against", "in", "at", "from", "by", "into", "over", "about",
    "upon", "toward", "towards", "between", "among", "under", "through", "after", "near", "within",
    "without", "across", "along", "behind", "beyond", "around", "amid", "despite", "via", "before",
    "during", "since", "until", "beside", "inside", "outside",
];
const PARTICLES: &[&str] = &[
    "out", "down", "up", "off", "back", "away", "aside", "in", "on", "over",
];

/// Lines without `#` comments, `<!-- -->` comment blocks removed.
fn clean_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (idx, raw) in text.lines().enumerate() {
        let mut line = raw.trim_end_matches('\r').to_string();
        if in_comment {
            match line.find("-->") {
                Some(end) => {
                    line = line.get(end + 3..).unwrap_or("").to_string();
                    in_comment = false;
                }
                None => continue,
            }
        }
        while let Some(start) = line.find("<!--") {
            match line.get(start..).and_then(|rest| rest.find("-->")) {
                Some(end) => {
                    let tail = line.get(start + end + 3..).unwrap_or("").to_string();
                    line = format!("{}{}", line.get(..start).unwrap_or(""), tail);
                }
                None => {
                    line = line.get(..start).unwrap_or("").to_string();
                    in_comment = true;
                    break;
                }
            }
        }
        let line = line.split('#').next().unwrap_or("").trim_end().to_string();
        out.push((idx + 1, line));
    }
    out
}

/// The code in brackets (`[057]`, `[013:012]` → `013`), `None` without brackets.
fn bracket_code(line: &str) -> Option<String> {
    let start = line.find('[')?;
    let end = line.get(start..)?.find(']')? + start;
    let inner = line.get(start + 1..end)?.trim();
    let code = inner.split([':', ' ']).next().unwrap_or("").trim();
    Some(code.to_string())
}

fn before_bracket(line: &str) -> &str {
    line.split('[').next().unwrap_or(line)
}

/// Translates a PETRARCH verb dictionary into dossier patterns.
///
/// The block header's code (`--- SIGN [057] ---`) gives each listed verb a plain pattern;
/// each `- ... * ... [code]` line gives a constrained one. The code `---` is kept: a pattern
/// with it matches but codes nothing, which is how PETRARCH blocks a reading.
pub fn import_petrarch_verbs(text: &str) -> PetrarchVerbs {
    let lines = clean_lines(text);
    let mut synsets: HashMap<String, Vec<String>> = HashMap::new();
    // First pass: synsets, which may be defined after their use.
    let mut current_set: Option<String> = None;
    for (_, line) in &lines {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('&') {
            current_set = Some(name.trim().trim_end_matches('_').to_uppercase());
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("---") || trimmed.starts_with('-') {
            current_set = None;
            continue;
        }
        if let (Some(set), Some(word)) = (&current_set, trimmed.strip_prefix('+')) {
            synsets
                .entry(set.clone())
                .or_default()
                .push(word.trim().to_string());
        }
    }
    let mut out = PetrarchVerbs::default();
    let mut block_code: Option<String> = None;
    let mut verbs: Vec<String> = Vec::new();
    let mut in_block = false;
    for (line_no, line) in &lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("---") {
            let header = trimmed.trim_matches('-').trim();
            block_code = bracket_code(header).filter(|c| !c.is_empty());
            verbs.clear();
            in_block = true;
            continue;
        }
        if trimmed.starts_with('&') {
            in_block = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(body) = trimmed.strip_prefix('-') {
            let Some(code) = bracket_code(body) else {
                out.skipped += 1;
                continue;
            };
            match translate_pattern(before_bracket(body), &synsets) {
                Some(constraints) => {
                    for verb in &verbs {
                        for c in &constraints {
                            out.patterns.push(Pattern {
                                code: code.clone(),
                                lemma: verb.clone(),
                                origin: format!("petrarch:{line_no}"),
                                ..c.clone()
                            });
                        }
                    }
                }
                None => out.skipped += 1,
            }
            continue;
        }
        // A verb line: "SIGN", "BAN {BANS BANNED}", "+BREAK_DOWN {...}", "KLM_NOP_+RST [002]".
        let code = bracket_code(trimmed).or_else(|| block_code.clone());
        let phrase = before_bracket(trimmed)
            .split('{')
            .next()
            .unwrap_or("")
            .trim();
        let words: Vec<&str> = phrase.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
        let head_idx = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
        let Some(head) = words.get(head_idx) else {
            continue;
        };
        let lemma = head.trim_start_matches('+').to_lowercase();
        if lemma.is_empty() || !lemma.chars().all(|c| c.is_alphabetic() || c == '-') {
            continue;
        }
        let mut pattern = Pattern {
            code: code.clone().unwrap_or_default(),
            lemma: lemma.clone(),
            origin: format!("petrarch:{line_no}"),
            ..Pattern::default()
        };
        // Words after the head of a phrasal verb: a particle or an object.
        if let Some(next) = words.get(head_idx + 1) {
            let next = next.to_lowercase();
            if PARTICLES.contains(&next.as_str()) {
                pattern.particle = Some(next);
            } else {
                pattern.objects = vec![next];
            }
        }
        if head_idx > 0 {
            // Words before the verb ("KLM NOP +RST") cannot be constrained.
            out.skipped += 1;
        } else {
            verbs.push(lemma);
            if code.is_some() {
                out.patterns.push(pattern);
            }
        }
    }
    out
}

/// The constraints of one pattern body ("* NEW_&TIETYPES_RELATIONS"); `None` when it needs
/// words before the verb. Several constraint sets when "TO X" may be a preposition or an
/// infinitive.
fn translate_pattern(body: &str, synsets: &HashMap<String, Vec<String>>) -> Option<Vec<Pattern>> {
    let tokens: Vec<String> = body
        .split(['_', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let star = tokens.iter().position(|t| t == "*")?;
    let is_marker = |t: &str| matches!(t, "$" | "+" | "%" | "^") || t.starts_with('{');
    if tokens.get(..star)?.iter().any(|t| !is_marker(t.as_str())) {
        return None;
    }
    let after: Vec<&String> = tokens
        .get(star + 1..)?
        .iter()
        .filter(|t| !is_marker(t.as_str()))
        .collect();
    let expand = |word: &str| -> Vec<String> {
        if let Some(name) = word.strip_prefix('&') {
            synsets
                .get(&name.trim_end_matches('_').to_uppercase())
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| {
                            item.split(['_', ' '])
                                .rfind(|w| !w.is_empty() && !w.starts_with('&'))
                                .map(str::to_lowercase)
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            vec![word.to_lowercase()]
        }
    };
    let mut base = Pattern::default();
    let Some(first) = after.first() else {
        return Some(vec![base]);
    };
    let first_lower = first.to_lowercase();
    // A synset of prepositions ("&PREPOSIT1 RESOLUTION"): one pattern per preposition.
    if first.starts_with('&') {
        let options = expand(first);
        if !options.is_empty() && options.iter().all(|o| PREPOSITIONS.contains(&o.as_str())) {
            let object = after.iter().skip(1).last().map(|w| expand(w));
            return Some(
                options
                    .into_iter()
                    .map(|prep| Pattern {
                        prep: Some(prep),
                        prep_objects: object.clone().unwrap_or_default(),
                        ..Pattern::default()
                    })
                    .collect(),
            );
        }
    }
    if PREPOSITIONS.contains(&first_lower.as_str()) {
        let object = after.iter().skip(1).last().map(|w| expand(w));
        base.prep = Some(first_lower.clone());
        if let Some(object) = &object {
            base.prep_objects = object.clone();
        }
        let mut out = vec![base.clone()];
        if first_lower == "to" {
            if let Some(object) = object {
                out.push(Pattern {
                    xcomp: object,
                    ..Pattern::default()
                });
            }
        }
        return Some(out);
    }
    if PARTICLES.contains(&first_lower.as_str()) && after.len() == 1 {
        base.particle = Some(first_lower);
        return Some(vec![base]);
    }
    // An object phrase, possibly followed by a preposition: its head is its last word
    // before the preposition.
    let prep_at = after
        .iter()
        .position(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()));
    let object_words = after.get(..prep_at.unwrap_or(after.len())).unwrap_or(&[]);
    if let Some((head, modifiers)) = object_words.split_last() {
        base.objects = expand(head);
        // "DIPLOMATIC TIES", "&TIETYPES TIES": the words before the head must modify it.
        base.object_modifiers = modifiers.iter().map(|m| expand(m)).collect();
    }
    if let Some(p) = prep_at {
        base.prep = after.get(p).map(|w| w.to_lowercase());
        if let Some(obj) = after.get(p + 1..).and_then(|rest| rest.last()) {
            base.prep_objects = expand(obj);
        }
    }
    Some(vec![base])
}

/// The words of a dictionary phrase, each with whether it must match exactly.
type Phrase = Vec<(String, bool)>;

/// One actor code with its validity.
#[derive(Clone, Debug)]
struct DatedCode {
    code: String,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// An [`ActorResolver`] over PETRARCH actor and agent dictionaries: the longest actor phrase
/// in a name gives the country or group code (dated codes honoured), an agent phrase adds
/// its sector ("Arnorian foreign minister" → `ARN` + `GOVFRM`). Phrases without a final `_`
/// match word prefixes, as in PETRARCH.
#[derive(Clone, Debug, Default)]
pub struct PetrarchActors {
    actors: Vec<(Phrase, Vec<DatedCode>)>,
    agents: Vec<(Phrase, String)>,
}

/// The lowercase words of a dictionary phrase; the last is exact when the phrase ends in `_`.
fn phrase_words(phrase: &str) -> Vec<(String, bool)> {
    let mut words: Vec<(String, bool)> = phrase
        .split([' ', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_lowercase(), false))
        .collect();
    if phrase.trim_end().ends_with('_') {
        if let Some(last) = words.last_mut() {
            last.1 = true;
        }
    }
    words
}

fn parse_yymmdd(text: &str) -> Option<NaiveDate> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        8 => NaiveDate::parse_from_str(&digits, "%Y%m%d").ok(),
        6 => {
            let yy: i32 = digits.get(..2)?.parse().ok()?;
            let year = if yy < 30 { 2000 + yy } else { 1900 + yy };
            NaiveDate::parse_from_str(&format!("{year}{}", digits.get(2..)?), "%Y%m%d").ok()
        }
        _ => None,
    }
}

fn dated_code(inner: &str) -> Option<DatedCode> {
    let inner = inner.trim();
    let (code, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let rest = rest.trim();
    let (mut from, mut until) = (None, None);
    if let Some(date) = rest.strip_prefix('<') {
        until = parse_yymmdd(date);
    } else if let Some(date) = rest.strip_prefix('>') {
        from = parse_yymmdd(date);
    } else if let Some((a, b)) = rest.split_once('-') {
        from = parse_yymmdd(a);
        until = parse_yymmdd(b);
    }
    Some(DatedCode {
        code: code.to_string(),
        from,
        until,
    })
}

impl PetrarchActors {
    /// Reads an actor dictionary and an agent dictionary (either may be empty).
    pub fn new(actors_text: &str, agents_text: &str) -> PetrarchActors {
        let mut out = PetrarchActors::default();
        let mut last_codes: Option<usize> = None;
        let mut pending_synonyms: Vec<Vec<(String, bool)>> = Vec::new();
        for (_, line) in clean_lines(actors_text) {
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            let trimmed = line.trim();
            if indented && trimmed.starts_with('[') {
                // Another dated code of the last actor.
                if let (Some(idx), Some(code)) = (last_codes, inner(trimmed).and_then(dated_code)) {
                    if let Some(entry) = out.actors.get_mut(idx) {
                        entry.1.push(code);
                    }
                }
                continue;
            }
            if let Some(synonym) = trimmed.strip_prefix('+') {
                let words = phrase_words(before_bracket(synonym).trim());
                if let Some(idx) = last_codes {
                    if let Some(codes) = out.actors.get(idx).map(|e| e.1.clone()) {
                        out.actors.push((words, codes));
                    }
                } else {
                    pending_synonyms.push(words);
                }
                continue;
            }
            let name = before_bracket(trimmed)
                .split('{')
                .next()
                .unwrap_or("")
                .trim();
            if name.is_empty() || name.contains('!') {
                continue;
            }
            let codes: Vec<DatedCode> = inner(trimmed).and_then(dated_code).into_iter().collect();
            out.actors.push((phrase_words(name), codes));
            last_codes = Some(out.actors.len() - 1);
            for words in pending_synonyms.drain(..) {
                let codes = out.actors.last().map(|e| e.1.clone()).unwrap_or_default();
                out.actors.push((words, codes));
            }
        }
        for (_, line) in clean_lines(agents_text) {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.contains('!') || trimmed.starts_with('+') {
                continue;
            }
            let Some(code) = inner(trimmed) else {
                continue;
            };
            let code = code.trim().trim_start_matches('~').to_string();
            let name = before_bracket(trimmed)
                .split('{')
                .next()
                .unwrap_or("")
                .trim();
            if !name.is_empty() {
                out.agents.push((phrase_words(name), code));
            }
        }
        out
    }

    /// Number of actor phrases.
    pub fn n_actors(&self) -> usize {
        self.actors.len()
    }
}

fn inner(line: &str) -> Option<&str> {
    let start = line.find('[')?;
    let end = line.get(start..)?.find(']')? + start;
    line.get(start + 1..end)
}

/// Where `phrase` occurs in `words` (word-prefix matching unless exact), as (start, len).
fn find_phrase(words: &[String], phrase: &[(String, bool)]) -> Option<(usize, usize)> {
    find_phrase_with(words, phrase, true)
}

/// Like [`find_phrase`]; with `prefixes` false the last word matches exactly or as a plural
/// (agents are nouns: "minister", "ministers", never "ministerial").
fn find_phrase_with(
    words: &[String],
    phrase: &[(String, bool)],
    prefixes: bool,
) -> Option<(usize, usize)> {
    if phrase.is_empty() || phrase.len() > words.len() {
        return None;
    }
    (0..=words.len() - phrase.len()).find_map(|start| {
        let ok = phrase.iter().enumerate().all(|(k, (p, exact))| {
            words.get(start + k).is_some_and(|w| {
                if *exact || k + 1 < phrase.len() {
                    w == p
                } else if prefixes {
                    w.starts_with(p.as_str())
                } else {
                    w == p
                        || w.strip_prefix(p.as_str())
                            .is_some_and(|rest| rest == "s" || rest == "es")
                }
            })
        });
        ok.then_some((start, phrase.len()))
    })
}

impl ActorResolver for PetrarchActors {
    fn code(&self, name: &str, date: Option<NaiveDate>) -> Option<String> {
        let words: Vec<String> = name
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .map(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
                let w = w
                    .strip_suffix("'s")
                    .or_else(|| w.strip_suffix("’s"))
                    .unwrap_or(w);
                w.to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let mut best: Option<(usize, &Vec<DatedCode>)> = None;
        for (phrase, codes) in &self.actors {
            if let Some((_, len)) = find_phrase(&words, phrase) {
                if best.is_none_or(|(best_len, _)| len > best_len) {
                    best = Some((len, codes));
                }
            }
        }
        let actor_code = best.and_then(|(_, codes)| {
            codes
                .iter()
                .find(|c| {
                    date.is_none_or(|d| {
                        c.from.is_none_or(|from| d >= from) && c.until.is_none_or(|u| d <= u)
                    }) && (c.from.is_some() || c.until.is_some())
                })
                .or_else(|| codes.iter().find(|c| c.from.is_none() && c.until.is_none()))
                .or_else(|| codes.first())
                .map(|c| c.code.to_uppercase())
        });
        let mut agent: Option<(usize, &str)> = None;
        for (phrase, code) in &self.agents {
            if let Some((_, len)) = find_phrase_with(&words, phrase, false) {
                if agent.is_none_or(|(best_len, _)| len > best_len) {
                    agent = Some((len, code));
                }
            }
        }
        match (actor_code, agent) {
            (Some(actor), Some((_, agent))) if !actor.ends_with(agent) => {
                Some(format!("{actor}{agent}"))
            }
            (Some(actor), _) => Some(actor),
            // An agent without a country, as PETRARCH writes it.
            (None, Some((_, agent))) => Some(format!("---{agent}")),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERBS: &str = "<!-- a comment -->
&TIES
+DIPLOMATIC RELATIONS
+TIES

--- SIGN  [057]  ---
SIGN
- * ACCORD [0571]  # a comment
- * WITH + [046]
- SAID * [010]
- * TO &TIES [054]

--- MEET [040] ---
MEET
- * OUT [041]
- * &PREPS TALKS [046]

&PREPS
+ON
+FOR
";

    #[test]
    fn verbs_translate_to_patterns() {
        let imported = import_petrarch_verbs(VERBS);
        assert_eq!(imported.skipped, 1);
        let find = |code: &str| imported.patterns.iter().find(|p| p.code == code).unwrap();
        assert_eq!(find("057").lemma, "sign");
        assert_eq!(find("0571").objects, ["accord"]);
        assert_eq!(find("046").prep.as_deref(), Some("with"));
        assert_eq!(find("054").prep_objects, ["relations", "ties"]);
        assert_eq!(find("041").particle.as_deref(), Some("out"));
        assert!(imported
            .patterns
            .iter()
            .any(|p| p.xcomp == ["relations", "ties"]));
    }

    #[test]
    fn actors_and_agents_compose_codes() {
        let actors = PetrarchActors::new(
            "ARNOR_ [ARN]\nARGENTIN [ARG]\n+GAUCHOLAND\nHOBBITON [HOB]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBCIV <19900101]\n",
            "FOREIGN_MINISTER [~GOVFRM]\nPOLICE [~COP]\n",
        );
        assert_eq!(actors.code("Arnor", None).as_deref(), Some("ARN"));
        assert_eq!(actors.code("Arnorian", None), None);
        assert_eq!(actors.code("Argentina", None).as_deref(), Some("ARG"));
        assert_eq!(actors.code("Gaucholand", None).as_deref(), Some("ARG"));
        assert_eq!(
            actors.code("the Arnor foreign minister", None).as_deref(),
            Some("ARNGOVFRM")
        );
        assert_eq!(actors.code("the police", None).as_deref(), Some("---COP"));
        let date = NaiveDate::from_ymd_opt(1996, 1, 1);
        assert_eq!(actors.code("Hobbiton", date).as_deref(), Some("HOBGOV"));
        let date = NaiveDate::from_ymd_opt(2001, 1, 1);
        assert_eq!(actors.code("Hobbiton", date).as_deref(), Some("HOB"));
        let date = NaiveDate::from_ymd_opt(1980, 1, 1);
        assert_eq!(actors.code("Hobbiton", date).as_deref(), Some("HOBCIV"));
    }
}
