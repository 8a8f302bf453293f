//! The coder: finds actions and their participants in a parsed [`Doc`] and codes them.
//!
//! An *event* is one action found in one sentence: a trigger (a verb heading a clause, or a
//! noun naming an action), matched by a pattern of the [`Ontology`], with the participants
//! read from the dependency parse: actors (the subject, the by-phrase of a passive, a
//! possessor or a "between" phrase) and recipients (the object or a prepositional phrase).
//! Coordinated names stay together as one list. The modality comes from auxiliaries,
//! negation and the verbs that govern the trigger; the date from the sentence's time
//! expressions, else the paragraph's, else the publication date.

use std::collections::HashSet;

use chrono::NaiveDate;
use dossier_core::{CharIndex, CharSpan, Doc, EntityKind, QuoteKind, TimexType, Token, Upos};
use serde::Serialize;

use crate::lemma;
use crate::ontology::{Ontology, Pattern, Plover, TriggerKind};

/// Gives the CAMEO actor code of a name valid at a date; the knowledge base implements it.
pub trait ActorResolver {
    /// The actor code of `name` ("Nikolai Patrushev", "the Serbian president") at `date`.
    fn code(&self, name: &str, date: Option<NaiveDate>) -> Option<String>;

    /// The ISO alpha-3 country of a place name, when known.
    fn country_of_place(&self, _place: &str) -> Option<String> {
        None
    }

    /// The entity id of a name, for participants whose mention carries none yet.
    fn entity(&self, _name: &str, _date: Option<NaiveDate>) -> Option<String> {
        None
    }

    /// The usual name of the country a demonym or adjective names ("Serbian" → "Serbia"),
    /// so a participant reads as the country that acts; `None` for anything else.
    fn country_name(&self, _word: &str) -> Option<String> {
        None
    }
}

/// A simple resolver from a list of names and codes: a name is coded by the longest listed
/// name it contains as whole words (case-insensitive). For tests and imported dictionaries.
#[derive(Clone, Debug, Default)]
pub struct NameResolver {
    names: Vec<(String, String)>,
}

impl NameResolver {
    /// An empty resolver.
    pub fn new() -> NameResolver {
        NameResolver::default()
    }

    /// Adds a name (words separated by spaces or underscores) and its code.
    pub fn insert(&mut self, name: &str, code: &str) {
        let folded = fold_words(name);
        if !folded.is_empty() {
            self.names.push((folded, code.to_string()));
        }
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name was added.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Lowercase words joined by single spaces, padded with spaces for whole-word search.
fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for word in text
        .split(|c: char| c.is_whitespace() || c == '_' || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
    {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let word = word.strip_suffix("'s").unwrap_or(word);
        if word.is_empty() {
            continue;
        }
        out.push_str(&word.to_lowercase());
        out.push(' ');
    }
    if out.len() == 1 {
        String::new()
    } else {
        out
    }
}

impl ActorResolver for NameResolver {
    fn code(&self, name: &str, _date: Option<NaiveDate>) -> Option<String> {
        let folded = fold_words(name);
        self.names
            .iter()
            .filter(|(listed, _)| folded.contains(listed.as_str()))
            .max_by_key(|(listed, _)| listed.len())
            .map(|(_, code)| code.clone())
    }
}

/// Whether the text asserts an event, denies it, announces it or only supposes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// It happened ("signed").
    Asserted,
    /// It did not happen ("did not sign", "refused to join").
    Negated,
    /// It is planned or announced ("will meet", "is due to arrive", "a planned meeting").
    Future,
    /// It is supposed ("would be canceled if").
    Hypothetical,
}

impl Modality {
    /// The lowercase name used in exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// How precise an event date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-Www`.
    Week,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-SU` and the like.
    Season,
    /// `YYYY`.
    Year,
    /// `YYY` (a decade).
    Decade,
}

/// Where an event date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A time expression of the event's sentence.
    Sentence,
    /// The paragraph's latest earlier time expression.
    Paragraph,
    /// The publication date (the text gives no date).
    Published,
    /// Nothing usable: the text dates it vaguely ("recently") or there is no date at all.
    Unknown,
}

/// An actor or recipient of an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participant {
    /// The resolved entity id of the mention, when entities are resolved.
    pub entity: Option<String>,
    /// The name as written.
    pub name: String,
    /// The CAMEO actor code valid at the event date, when the resolver knows one.
    pub code: Option<String>,
    /// Where the name is in the text (`start`, `end`: code points), so a later stage can
    /// link the participant to the entity resolved for that mention.
    #[serde(flatten)]
    pub span: CharSpan,
}

/// Where an event took place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Location {
    /// The place name as written.
    pub name: String,
    /// Its country (ISO alpha-3), when known.
    pub country: Option<String>,
}

/// A passage that reports an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The document id.
    pub doc: String,
    /// The sentence index.
    pub sentence: u32,
    /// Start of the sentence (code points).
    pub start: u32,
    /// End of the sentence (code points).
    pub end: u32,
}

/// One coded event, with the fields of the `events.jsonl` export contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Stable id: document id, sentence and trigger token.
    pub id: String,
    /// The date, as precise as known (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, ...).
    pub date: Option<String>,
    /// Its precision.
    pub date_precision: Option<DatePrecision>,
    /// Where the date came from.
    pub date_source: DateSource,
    /// The words that give the date; `None` for the publication date.
    pub date_text: Option<String>,
    /// The event code (CAMEO).
    pub cameo: String,
    /// PLOVER category, mode and context.
    pub plover: Plover,
    /// Asserted, negated, future or hypothetical.
    pub modality: Modality,
    /// True when the text only reports or alleges it ("said", "reportedly", "allegedly").
    pub reported: bool,
    /// A short human sentence.
    pub label: String,
    /// Who acts.
    pub actors: Vec<Participant>,
    /// Who is acted upon.
    pub recipients: Vec<Participant>,
    /// Where, when the sentence or the dateline says.
    pub location: Option<Location>,
    /// The sentences that report it.
    pub evidence: Vec<Evidence>,
    /// Number of distinct outlets reporting it (1 for a single document).
    pub outlets: u32,
    /// Index of the sentence.
    pub sentence: u32,
    /// The evidence span (the sentence).
    pub span: CharSpan,
    /// The trigger word.
    pub trigger: CharSpan,
    /// The pattern that matched ("verbs.txt:123").
    pub pattern: String,
    /// Numbers the sentence gives about the event ("twenty people were arrested"), so
    /// outlets giving different counts can be shown side by side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
}

/// A count the sentence gives about an event's participants or objects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// The number.
    pub value: u64,
    /// What is counted, lowercase, as written ("people", "diplomats").
    pub noun: String,
    /// The words as written ("Twenty people").
    pub text: String,
}

/// The counts attached to a hit: numbers modifying the trigger noun, its subject, object
/// or oblique nouns ("expelled three diplomats", "twenty people were arrested"); dates and
/// times are not counts.
fn quantities(sent: &Sent, hit: &Hit) -> Vec<Quantity> {
    let mut nouns: Vec<usize> = Vec::new();
    if hit.kind == TriggerKind::Noun {
        nouns.push(hit.t);
    }
    nouns.extend(sent.kids_with(hit.t, &["nsubj", "nsubj:pass", "obj", "obl"]));
    let mut out = Vec::new();
    for n in nouns {
        if sent.pos(n) != Some(Upos::NOUN) || in_time(sent, n) {
            continue;
        }
        for k in sent.kids_with(n, &["nummod"]) {
            if in_time(sent, k) {
                continue;
            }
            let Some(value) = parse_count(sent.text(k)) else {
                continue;
            };
            let span = CharSpan::new(sent.span(k.min(n)).start, sent.span(k.max(n)).end);
            let Some(text) = sent.doc.text.get(sent.index.bytes(span)) else {
                continue;
            };
            out.push(Quantity {
                value,
                noun: sent.text(n).to_lowercase(),
                text: text.to_string(),
            });
        }
    }
    out
}

/// A whole number written in digits ("1,200", "14") or as one word ("twenty", "Three").
fn parse_count(word: &str) -> Option<u64> {
    const WORDS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let digits: String = word.chars().filter(|c| *c != ',').collect();
        return digits.parse().ok();
    }
    let lower = word.to_lowercase();
    if let Some(value) = WORDS.iter().position(|w| *w == lower) {
        return u64::try_from(value).ok();
    }
    let (tens, unit) = lower.split_once('-').unwrap_or((lower.as_str(), ""));
    let tens = TENS.iter().position(|w| *w == tens)?;
    let unit = if unit.is_empty() {
        0
    } else {
        WORDS
            .iter()
            .position(|w| *w == unit)
            .filter(|u| (1..10).contains(u))?
    };
    u64::try_from((tens + 2) * 10 + unit).ok()
}

/// Words that make the complement of a governing verb negated, future or hypothetical.
const NEGATING_GOVERNORS: &[&str] = &["refuse", "decline", "fail", "reject", "deny"];
const FUTURE_GOVERNORS: &[&str] = &[
    "plan", "intend", "expect", "schedule", "set", "due", "prepare", "aim", "going", "agree",
    "promise", "pledge", "vow", "hope", "want", "seek", "offer", "decide", "propose", "threaten",
    "likely", "ready", "poised",
];
const REPORTING_VERBS: &[&str] = &[
    "say", "tell", "claim", "allege", "report", "state", "add", "note", "announce", "write",
];
const FUTURE_ADJECTIVES: &[&str] = &[
    "planned",
    "upcoming",
    "scheduled",
    "forthcoming",
    "future",
    "next",
    "proposed",
    "expected",
    "possible",
    "potential",
    "anticipated",
];

/// One sentence's tokens with their children, in sentence-local indices.
struct Sent<'a> {
    doc: &'a Doc,
    index: &'a CharIndex,
    start: usize,
    tokens: &'a [Token],
    /// Where each token's children start in `children` (one more entry than tokens).
    child_start: Vec<u32>,
    /// Children of every token, grouped by head, in sentence order.
    children: Vec<usize>,
}

impl<'a> Sent<'a> {
    fn new(doc: &'a Doc, index: &'a CharIndex, range: std::ops::Range<usize>) -> Option<Sent<'a>> {
        let tokens = doc.tokens.get(range.clone())?;
        // Children in one flat list sorted by head (compressed rows), so building a
        // sentence allocates two vectors, not one per token.
        let head_of = |i: usize| -> Option<usize> {
            let head = tokens.get(i)?.head? as usize;
            (head >= range.start && head < range.end && head - range.start != i)
                .then(|| head - range.start)
        };
        let mut child_start = vec![0u32; tokens.len() + 1];
        for i in 0..tokens.len() {
            if let Some(h) = head_of(i) {
                if let Some(slot) = child_start.get_mut(h + 1) {
                    *slot += 1;
                }
            }
        }
        for i in 1..child_start.len() {
            let previous = child_start.get(i - 1).copied().unwrap_or(0);
            if let Some(slot) = child_start.get_mut(i) {
                *slot += previous;
            }
        }
        let mut fill = child_start.clone();
        let mut children = vec![0usize; child_start.last().copied().unwrap_or(0) as usize];
        for i in 0..tokens.len() {
            if let Some(h) = head_of(i) {
                if let Some(at) = fill.get_mut(h) {
                    if let Some(slot) = children.get_mut(*at as usize) {
                        *slot = i;
                    }
                    *at += 1;
                }
            }
        }
        Some(Sent {
            doc,
            index,
            start: range.start,
            tokens,
            child_start,
            children,
        })
    }

    fn text(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .and_then(|t| self.doc.text.get(self.index.bytes(t.span)))
            .unwrap_or("")
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.text(i).eq_ignore_ascii_case(word)
    }

    fn dep(&self, i: usize) -> &'static str {
        self.tokens
            .get(i)
            .and_then(|t| t.dep)
            .map_or("", |d| d.as_str())
    }

    fn pos(&self, i: usize) -> Option<Upos> {
        self.tokens.get(i).and_then(|t| t.pos)
    }

    fn head(&self, i: usize) -> Option<usize> {
        let head = self.tokens.get(i)?.head? as usize;
        (head >= self.start && head < self.start + self.tokens.len()).then(|| head - self.start)
    }

    fn kids(&self, i: usize) -> &[usize] {
        let start = self.child_start.get(i).copied().unwrap_or(0) as usize;
        let end = self.child_start.get(i + 1).copied().unwrap_or(0) as usize;
        self.children.get(start..end).unwrap_or(&[])
    }

    fn kids_with(
        &self,
        i: usize,
        deps: &'static [&'static str],
    ) -> impl Iterator<Item = usize> + '_ {
        self.kids(i)
            .iter()
            .copied()
            .filter(move |k| deps.contains(&self.dep(*k)))
    }

    fn span(&self, i: usize) -> CharSpan {
        self.tokens.get(i).map_or(CharSpan::default(), |t| t.span)
    }

    /// The preposition of a nominal dependent: its `case` child, lowercased.
    fn case_of(&self, i: usize) -> Option<String> {
        let case = self.kids_with(i, &["case"]).next()?;
        Some(self.text(case).to_lowercase())
    }

    /// The token and its conjuncts.
    /// The passive subject of verb `v`, if any.
    fn passive_subject(&self, v: usize) -> Option<usize> {
        self.kids_with(v, &["nsubj:pass"]).next()
    }

    /// True when `v` is a passive participle ("was arrested", "were held"): it has a passive
    /// subject or auxiliary; "is supporting" is progressive whatever the parse says.
    fn is_passive(&self, v: usize) -> bool {
        !self.text(v).ends_with("ing")
            && self
                .kids_with(v, &["nsubj:pass", "aux:pass"])
                .next()
                .is_some()
    }

    /// True when `ancestor` is `i` or one of its first `depth` heads.
    fn is_under(&self, i: usize, ancestor: usize, depth: usize) -> bool {
        let mut cur = i;
        for _ in 0..=depth {
            if cur == ancestor {
                return true;
            }
            match self.head(cur) {
                Some(head) => cur = head,
                None => return false,
            }
        }
        false
    }

    /// The dictionary form of word `i` as the governor lists know it ("said" → "say",
    /// "refused" → "refuse").
    fn governor_lemma(&self, i: usize, buf: &mut String) -> String {
        lower_into(self.text(i), buf);
        lemma::irregular_lemma(buf)
            .map(str::to_string)
            .unwrap_or_else(|| stem_guess(buf))
    }

    fn with_conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut idx = 0;
        while let Some(&cur) = out.get(idx) {
            for conj in self.kids_with(cur, &["conj"]) {
                if !out.contains(&conj) && out.len() < 12 {
                    out.push(conj);
                }
            }
            idx += 1;
        }
        out
    }

    /// The verb lemma of a token, if any pattern or the irregular table knows it.
    fn verb_lemma(&self, ontology: &'a Ontology, i: usize, buf: &mut String) -> String {
        lower_into(self.text(i), buf);
        if let Some(lemma) = ontology.trigger_lemma(TriggerKind::Verb, buf) {
            return lemma.to_string();
        }
        if let Some(lemma) = lemma::irregular_lemma(buf) {
            return lemma.to_string();
        }
        buf.clone()
    }
}

fn lower_into(text: &str, buf: &mut String) {
    buf.clear();
    for c in text.chars() {
        if c == '’' {
            buf.push('\'');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// True when `word` (lowercase) is `lemma` or one of its regular noun or verb forms.
fn word_matches(word: &str, lemma: &str) -> bool {
    if word == lemma {
        return true;
    }
    let Some(rest) = word.strip_prefix(lemma) else {
        return lemma.strip_suffix('y').is_some_and(|stem| {
            word.strip_prefix(stem)
                .is_some_and(|r| r == "ies" || r == "ied")
        });
    };
    matches!(rest, "s" | "es" | "ed" | "d" | "ing")
        || lemma
            .strip_suffix('e')
            .is_some_and(|stem| word.strip_prefix(stem) == Some("ing"))
}

/// What the parse says around one trigger.
#[derive(Default)]
struct Frame {
    particle: Option<String>,
    objects: Vec<usize>,
    preps: Vec<(String, usize)>,
    xcomps: Vec<(String, usize)>,
    passive: bool,
}

fn frame(sent: &Sent, ontology: &Ontology, t: usize, kind: TriggerKind, buf: &mut String) -> Frame {
    let mut frame = Frame::default();
    for &k in sent.kids(t) {
        match sent.dep(k) {
            "compound:prt" => frame.particle = Some(sent.text(k).to_lowercase()),
            "obj" => frame.objects.extend(sent.with_conjuncts(k)),
            "nsubj:pass" | "aux:pass" if kind == TriggerKind::Verb => frame.passive = true,
            "xcomp" | "ccomp" | "advcl" => {
                let lemma = sent.verb_lemma(ontology, k, buf);
                frame.xcomps.push((lemma, k));
            }
            dep if dep.starts_with("obl") || dep.starts_with("nmod") || dep == "advmod" => {
                if let Some(case) = sent.case_of(k) {
                    for conj in sent.with_conjuncts(k) {
                        frame.preps.push((case.clone(), conj));
                    }
                } else if dep == "advmod" && sent.is(k, "absentia") {
                    frame.preps.push(("in".to_string(), k));
                }
            }
            _ => {}
        }
    }
    if frame.passive {
        // The passive subject is what the action is done to: "an agreement was signed".
        for k in sent.kids_with(t, &["nsubj:pass"]).collect::<Vec<_>>() {
            frame.objects.extend(sent.with_conjuncts(k));
        }
    }
    // "signed an agreement with Serbia": the with-phrase often hangs on the object.
    for &obj in frame.objects.clone().iter() {
        for k in sent.kids_with(obj, &["nmod", "nmod:poss"]) {
            if let Some(case) = sent.case_of(k) {
                frame.preps.push((case, k));
            }
        }
    }
    frame
}

fn pattern_matches(sent: &Sent, pattern: &Pattern, frame: &Frame, buf: &mut String) -> bool {
    if let Some(particle) = &pattern.particle {
        if frame.particle.as_deref() != Some(particle.as_str()) {
            return false;
        }
    }
    if !pattern.objects.is_empty() {
        let found = frame.objects.iter().any(|&o| {
            // The object's head or a noun modifying it ("two artillery shells").
            let head_or_modifier = std::iter::once(o)
                .chain(sent.kids_with(o, &["compound"]))
                .any(|w| {
                    lower_into(sent.text(w), buf);
                    pattern.objects.iter().any(|p| word_matches(buf, p))
                });
            if !head_or_modifier {
                return false;
            }
            pattern.object_modifiers.iter().all(|group| {
                sent.kids_with(o, &["compound", "amod", "nmod", "nummod"])
                    .any(|m| {
                        lower_into(sent.text(m), buf);
                        group.iter().any(|w| word_matches(buf, w))
                    })
            })
        });
        if !found {
            return false;
        }
    }
    if let Some(prep) = &pattern.prep {
        let found = frame.preps.iter().any(|(case, k)| {
            if case != prep {
                return false;
            }
            if pattern.prep_objects.is_empty() {
                return true;
            }
            // The head or a modifier of it ("war crimes", "hunger strike").
            let mut words = vec![*k];
            words.extend(sent.kids_with(*k, &["compound", "amod"]));
            words.iter().any(|&w| {
                lower_into(sent.text(w), buf);
                pattern.prep_objects.iter().any(|p| word_matches(buf, p))
            })
        });
        if !found {
            return false;
        }
    }
    if !pattern.xcomp.is_empty()
        && !frame
            .xcomps
            .iter()
            .any(|(lemma, _)| pattern.xcomp.iter().any(|w| w == lemma))
    {
        return false;
    }
    true
}

/// The best pattern of a trigger: most constraints, then the latest defined.
fn best_pattern<'o>(
    sent: &Sent,
    ontology: &'o Ontology,
    kind: TriggerKind,
    lemma: &str,
    frame: &Frame,
    buf: &mut String,
) -> Option<&'o Pattern> {
    let mut best: Option<&Pattern> = None;
    for pattern in ontology.patterns_of(kind, lemma) {
        if pattern_matches(sent, pattern, frame, buf)
            && best.is_none_or(|b| pattern.specificity() >= b.specificity())
        {
            best = Some(pattern);
        }
    }
    best
}

/// One matched trigger before participants are read.
struct Hit<'o> {
    t: usize,
    kind: TriggerKind,
    pattern: &'o Pattern,
    frame: Frame,
}

/// Codes every sentence of a parsed doc.
///
/// Needs sentences and tokens; uses the part of speech, the dependency parse, entity
/// mentions and time expressions when present (without a parse, nothing is coded).
pub fn code_doc(doc: &Doc, ontology: &Ontology, actors: &dyn ActorResolver) -> Vec<Event> {
    let index = CharIndex::new(&doc.text);
    let mut events = Vec::new();
    // Per event: whether it is dropped when no actor is found (see `needs_actor`).
    let mut actor_required: Vec<bool> = Vec::new();
    let mut buf = String::new();
    let dateline = dateline_location(doc, &index);
    for (si, sentence) in doc.sentences.iter().enumerate() {
        // Most sentences hold no trigger word: skip them before building anything.
        let has_trigger = doc
            .tokens
            .get(sentence.token_range())
            .is_some_and(|tokens| {
                tokens.iter().any(|token| {
                    let word = doc.text.get(index.bytes(token.span)).unwrap_or("");
                    lower_into(word, &mut buf);
                    ontology.trigger_lemma(TriggerKind::Verb, &buf).is_some()
                        || ontology.trigger_lemma(TriggerKind::Noun, &buf).is_some()
                })
            });
        if !has_trigger {
            continue;
        }
        let Some(sent) = Sent::new(doc, &index, sentence.token_range()) else {
            continue;
        };
        if !sent.tokens.iter().any(|t| t.head.is_some()) {
            continue;
        }
        // 1. Triggers and their best patterns.
        let mut hits: Vec<Hit> = Vec::new();
        for t in 0..sent.tokens.len() {
            let kind = match sent.pos(t) {
                Some(Upos::VERB) => TriggerKind::Verb,
                // A noun modifying another ("sanctions regime") names no action itself.
                Some(Upos::NOUN) if sent.dep(t) == "compound" => continue,
                Some(Upos::NOUN) => TriggerKind::Noun,
                // Untagged text: try the verb reading.
                None => TriggerKind::Verb,
                _ => continue,
            };
            lower_into(sent.text(t), &mut buf);
            let Some(lemma) = ontology.trigger_lemma(kind, &buf) else {
                continue;
            };
            let lemma = lemma.to_string();
            let frame = frame(&sent, ontology, t, kind, &mut buf);
            if let Some(pattern) = best_pattern(&sent, ontology, kind, &lemma, &frame, &mut buf) {
                // A pattern coded `---` matches and blocks: nothing is coded for it.
                hits.push(Hit {
                    t,
                    kind,
                    pattern,
                    frame,
                });
            }
        }
        // 2. Consumption: complements named by a governing pattern, objects named by a
        // verb pattern, and governing modal verbs whose complement is itself an event.
        let mut consumed: HashSet<usize> = HashSet::new();
        for hit in &hits {
            if !hit.pattern.xcomp.is_empty() {
                for (lemma, k) in &hit.frame.xcomps {
                    if hit.pattern.xcomp.contains(lemma) {
                        consumed.insert(*k);
                    }
                }
            }
            if hit.kind == TriggerKind::Verb {
                for &o in &hit.frame.objects {
                    // "signed an agreement on energy cooperation": the object's modifiers
                    // describe the content, they are not events of their own.
                    for k in sent.kids_with(o, &["nmod", "compound"]) {
                        consumed.insert(k);
                    }
                    if !hit.pattern.objects.is_empty() {
                        consumed.insert(o);
                    }
                }
            }
        }
        for hit in &hits {
            if hit.pattern.xcomp.is_empty() && hit.kind == TriggerKind::Verb {
                let governed_event = hit
                    .frame
                    .xcomps
                    .iter()
                    .any(|(_, k)| sent.dep(*k) == "xcomp" && hits.iter().any(|h| h.t == *k));
                let lemma = hit.pattern.lemma.as_str();
                if governed_event
                    && (NEGATING_GOVERNORS.contains(&lemma) || FUTURE_GOVERNORS.contains(&lemma))
                {
                    consumed.insert(hit.t);
                }
            }
        }
        // 3. Events.
        let mut seen: HashSet<(String, Vec<String>, Vec<String>)> = HashSet::new();
        for hit in &hits {
            if consumed.contains(&hit.t) || hit.pattern.code == "---" || hit.pattern.code.is_empty()
            {
                continue;
            }
            let date = event_date(doc, &sent, si, hit.t);
            let parsed_date = date
                .0
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .or(doc.meta.published);
            // Inside a quotation the participants are the quotation's own words: the
            // outlet or speaker introducing it ("Agency reports: “X urged …”") did not act.
            let quoted = quote_around(doc, sent.span(hit.t));
            let in_scope = |h: &usize| quoted.is_none_or(|q| q.contains(sent.span(*h)));
            let (actor_heads, recipient_heads) = participants(&sent, hit);
            let actor_heads: Vec<usize> = actor_heads.into_iter().filter(in_scope).collect();
            let recipient_heads: Vec<usize> =
                recipient_heads.into_iter().filter(in_scope).collect();
            let mut actor_list = resolve(&sent, &actor_heads, actors, parsed_date, hit.t);
            let passive_subject = sent.passive_subject(hit.t);
            if actor_list.is_empty() && hit.kind == TriggerKind::Verb && passive_subject.is_none() {
                // The parse gave no usable subject: the names opening the trigger's clause
                // (not in the passive, where they are the ones acted upon).
                let clause_start = (0..hit.t)
                    .rev()
                    .find(|&i| clause_boundary(&sent, i))
                    .map_or(0, |i| i + 1);
                let heads: Vec<usize> = names_right(&sent, clause_start)
                    .into_iter()
                    .filter(|&h| h < hit.t)
                    .filter(in_scope)
                    .collect();
                actor_list = resolve(&sent, &heads, actors, parsed_date, hit.t);
            }
            let mut recipient_list = resolve(&sent, &recipient_heads, actors, parsed_date, hit.t);
            if recipient_list.is_empty()
                && hit.kind == TriggerKind::Verb
                && hit.pattern.recipient.as_deref() != Some("none")
            {
                let heads: Vec<usize> = names_after(&sent, hit.t)
                    .into_iter()
                    .filter(in_scope)
                    .collect();
                recipient_list = resolve(&sent, &heads, actors, parsed_date, hit.t);
            }
            if let Some(subject) = passive_subject.filter(|_| recipient_list.is_empty()) {
                // "Twenty people, including X, were arrested": the names inside the
                // passive subject are the ones acted upon.
                let heads: Vec<usize> = (0..hit.t)
                    .filter(|&i| {
                        mention_at(&sent, i).is_some_and(|m| {
                            m.kind != EntityKind::Other
                                && m.token_end as usize == sent.start + i + 1
                        }) && sent.is_under(i, subject, 6)
                    })
                    .filter(in_scope)
                    .collect();
                recipient_list = resolve(&sent, &heads, actors, parsed_date, hit.t);
            }
            // Nobody acts on themselves: "Patrushev met Stefanović and Patrushev's aides"
            // keeps Patrushev as the actor only.
            recipient_list.retain(|r| !actor_list.iter().any(|a| same_participant(a, r)));
            // Without a named actor an event is kept when the sentence leaves the agent out
            // itself ("was arrested", "talks with Kosovo were held") or when it is a
            // conflict (codes 11–20: "a court sentenced X", "the arrest of X"), where what
            // was done to whom is the news. "Cooperation with NATO" alone says nothing of
            // who cooperates and is left out rather than shown as done by someone.
            let passive = sent.is_passive(hit.t)
                || (hit.kind == TriggerKind::Noun
                    && matches!(sent.dep(hit.t), "nsubj" | "nsubj:pass")
                    && sent.head(hit.t).is_some_and(|v| sent.is_passive(v)));
            let conflict = hit
                .pattern
                .code
                .get(..2)
                .and_then(|root| root.parse::<u8>().ok())
                .is_some_and(|root| (11..=20).contains(&root));
            let needs_actor = !passive && !conflict;
            if hit.kind == TriggerKind::Noun && actor_list.is_empty() && recipient_list.is_empty() {
                continue;
            }
            let key = (
                hit.pattern.code.clone(),
                actor_list.iter().map(|a| a.name.clone()).collect(),
                recipient_list.iter().map(|a| a.name.clone()).collect(),
            );
            if !seen.insert(key) {
                continue;
            }
            let (modality, reported) = modality(&sent, hit);
            // A visit happens where the visitor went ("visited Belgrade amid talk of
            // Montenegro"), not at the first place the sentence names.
            let visited = matches!(hit.pattern.code.as_str(), "042" | "043" | "044")
                .then(|| {
                    recipient_list
                        .iter()
                        .find(|r| actors.country_of_place(&r.name).is_some())
                        .map(|r| r.name.clone())
                })
                .flatten();
            let location = visited
                .or_else(|| sentence_location(&sent, actors))
                .or_else(|| dateline.clone());
            let location = location.map(|name| Location {
                country: actors.country_of_place(&name),
                name,
            });
            let code = hit.pattern.code.clone();
            let mut plover = ontology.plover(&code).cloned().unwrap_or_default();
            if modality == Modality::Future {
                // PLOVER codes announced cooperation as AGREE and announced retreats as
                // CONCEDE (manual, "Potential ambiguities"); the CAMEO code stays.
                let promised = match plover.category.as_str() {
                    "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" => Some("AGREE"),
                    "RETREAT" => Some("CONCEDE"),
                    _ => None,
                };
                if let Some(category) = promised {
                    plover.category = category.to_string();
                    plover.mode.clear();
                }
            }
            let label = label(ontology, &code, &actor_list, &recipient_list, modality);
            actor_required.push(needs_actor);
            events.push(Event {
                id: format!("{}-{}-{}", doc.id, si, hit.t),
                date: date.0,
                date_precision: date.1,
                date_source: date.2,
                date_text: date.3,
                cameo: code,
                plover,
                modality,
                reported,
                label,
                actors: actor_list,
                recipients: recipient_list,
                location,
                evidence: vec![Evidence {
                    doc: doc.id.to_string(),
                    sentence: si as u32,
                    start: sentence.span.start,
                    end: sentence.span.end,
                }],
                outlets: 1,
                sentence: si as u32,
                span: sentence.span,
                trigger: sent.span(hit.t),
                pattern: hit.pattern.origin.clone(),
                quantities: quantities(&sent, hit),
            });
        }
    }
    inherit_participants(&mut events);
    // An action nobody named does or undergoes tells a reader nothing ("it was said"), and
    // an active verb whose actor the parse could not find is better left out than shown
    // as done by someone.
    events
        .into_iter()
        .zip(actor_required)
        .filter(|(e, required)| !e.actors.is_empty() || (!e.recipients.is_empty() && !required))
        .map(|(e, _)| e)
        .collect()
}

/// The direct quotation holding `span`, if any (terms and scare quotes do not count).
fn quote_around(doc: &Doc, span: CharSpan) -> Option<CharSpan> {
    doc.quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Direct && q.span.contains(span))
        .map(|q| q.span)
}

/// True when two participants are the same: one entity, one span, or one person's name
/// and surname ("Nikolai Patrushev", "Patrushev").
fn same_participant(a: &Participant, b: &Participant) -> bool {
    if a.span == b.span || (a.entity.is_some() && a.entity == b.entity) {
        return true;
    }
    let (fa, fb) = (fold_words(&a.name), fold_words(&b.name));
    let last = |folded: &str| folded.split_whitespace().last().map(str::to_string);
    fa == fb || (a.code.is_some() && a.code == b.code && last(&fa) == last(&fb))
}

/// Gives an event without participants ("it was signed on May 23") those of the latest
/// earlier event with the same code in the three sentences before: the pronoun or the
/// missing agent usually refers back to it.
fn inherit_participants(events: &mut [Event]) {
    for idx in 0..events.len() {
        let Some(event) = events.get(idx) else {
            continue;
        };
        if !event.actors.is_empty() || !event.recipients.is_empty() {
            continue;
        }
        let (code, sentence) = (event.cameo.clone(), event.sentence);
        let source = events.get(..idx).and_then(|earlier| {
            earlier.iter().rev().find(|e| {
                e.cameo == code
                    && e.sentence < sentence
                    && sentence - e.sentence <= 3
                    && !e.actors.is_empty()
            })
        });
        let Some((actors, recipients)) = source.map(|e| (e.actors.clone(), e.recipients.clone()))
        else {
            continue;
        };
        if let Some(event) = events.get_mut(idx) {
            event.actors = actors;
            event.recipients = recipients;
            event.label = event.label.replacen("Someone", &names(&event.actors), 1);
        }
    }
}

/// Subject heads of a verb, inherited from the governing verb when the verb has none
/// ("agreed to sign", "met and signed", "..., signing"; "X, which is building the plant, did
/// not sign" when the parse hangs "sign" on the relative clause as parataxis).
fn subjects(sent: &Sent, v: usize) -> (Vec<usize>, bool) {
    let mut cur = v;
    for _ in 0..6 {
        if let Some(s) = one_subject(sent, sent.kids_with(cur, &["nsubj", "csubj"])) {
            return (sent.with_conjuncts(s), false);
        }
        if let Some(s) = one_subject(sent, sent.kids_with(cur, &["nsubj:pass"])) {
            return (sent.with_conjuncts(s), true);
        }
        let verb = sent.pos(cur) == Some(Upos::VERB);
        match (sent.dep(cur), sent.head(cur)) {
            ("xcomp" | "conj" | "advcl" | "acl" | "ccomp" | "parataxis", Some(head)) => cur = head,
            // "a statement issued after ...": climb from a reduced clause's noun to the
            // clause it belongs to.
            ("obl" | "obj" | "dep" | "nmod", Some(head)) if !verb => cur = head,
            _ => break,
        }
    }
    (Vec::new(), false)
}

/// The subject among a predicate's `subjects`: the first, or when a parse gives the predicate
/// more than one (a predicate has one subject: these are pieces of one phrase split apart, a
/// title and the name after it, or a group and the named member set beside it), the person
/// named in any.
fn one_subject(sent: &Sent, mut subjects: impl Iterator<Item = usize>) -> Option<usize> {
    let first = subjects.next()?;
    let Some(second) = subjects.next() else {
        return Some(first);
    };
    Some(
        [first, second]
            .into_iter()
            .chain(subjects)
            .find_map(|k| person_within(sent, k))
            .unwrap_or(first),
    )
}

/// The word `h` or, nearest first, a word of the phrase under it (up to three links down)
/// that a person's name covers.
fn person_within(sent: &Sent, h: usize) -> Option<usize> {
    let is_person = |k: usize| mention_at(sent, k).is_some_and(|m| m.kind == EntityKind::Person);
    let mut level = vec![h];
    for _ in 0..4 {
        if let Some(k) = level.iter().copied().find(|k| is_person(*k)) {
            return Some(k);
        }
        level = level
            .iter()
            .flat_map(|k| sent.kids(*k).iter().copied())
            .collect();
    }
    None
}

/// Actor and recipient heads of a hit.
fn participants(sent: &Sent, hit: &Hit) -> (Vec<usize>, Vec<usize>) {
    let pattern = hit.pattern;
    let mut actors = Vec::new();
    let mut recipients = Vec::new();
    let constrained_obj = |o: &usize, buf: &mut String| {
        lower_into(sent.text(*o), buf);
        pattern.objects.iter().any(|w| word_matches(buf, w))
    };
    let mut buf = String::new();
    let prep_heads = |prep: &str| -> Vec<usize> {
        hit.frame
            .preps
            .iter()
            .filter(|(case, _)| case == prep)
            .map(|(_, k)| *k)
            .collect()
    };
    match hit.kind {
        TriggerKind::Verb => {
            let (mut subject, passive_subject) = subjects(sent, hit.t);
            // "Ethiopia indicated it would act", "Putin said he would visit": a pronoun
            // subject of a reported clause is the reporting clause's subject. Not a passive
            // one: in "…, saying it would be ratified" the pronoun is what is ratified.
            let pronoun_only =
                !subject.is_empty() && subject.iter().all(|&s| sent.pos(s) == Some(Upos::PRON));
            if pronoun_only
                && !passive_subject
                && matches!(sent.dep(hit.t), "ccomp" | "advcl" | "parataxis")
            {
                if let Some(head) = sent.head(hit.t) {
                    let (outer, _) = subjects(sent, head);
                    if !outer.is_empty() {
                        subject = outer;
                    }
                }
            }
            let direct_passive = sent.passive_subject(hit.t).is_some();
            if passive_subject && direct_passive {
                actors.extend(prep_heads("by"));
                recipients.extend(subject);
            } else if passive_subject {
                // An inherited passive subject ("was invited and met") still acts here.
                actors.extend(subject);
            } else {
                actors.extend(subject);
            }
            match pattern.recipient.as_deref() {
                Some("none") => {}
                Some("obj") => recipients.extend(hit.frame.objects.iter().copied()),
                Some(prep) => recipients.extend(prep_heads(prep)),
                None => {
                    let free_objects: Vec<usize> = hit
                        .frame
                        .objects
                        .iter()
                        .copied()
                        .filter(|o| !constrained_obj(o, &mut buf) && sent.dep(*o) == "obj")
                        .collect();
                    if !free_objects.is_empty() {
                        recipients.extend(free_objects);
                    } else if let Some(prep) = pattern
                        .prep
                        .as_deref()
                        .filter(|_| pattern.prep_objects.is_empty())
                    {
                        recipients.extend(prep_heads(prep));
                    } else {
                        for prep in ["with", "to", "against", "on", "for"] {
                            let heads = prep_heads(prep);
                            if !heads.is_empty() {
                                recipients.extend(heads);
                                break;
                            }
                        }
                    }
                    if recipients.is_empty() {
                        recipients.extend(sent.kids_with(hit.t, &["iobj"]));
                    }
                }
            }
        }
        TriggerKind::Noun => {
            let t = hit.t;
            // "his meeting with Patrushev": a pronoun possessor is whoever the governing
            // clause is about, found below like a missing actor.
            for k in sent.kids_with(t, &["nmod:poss", "compound", "amod"]) {
                if sent.pos(k) != Some(Upos::PRON) {
                    actors.extend(sent.with_conjuncts(k));
                }
            }
            actors.extend(prep_heads("by"));
            actors.extend(prep_heads("between"));
            actors.extend(prep_heads("among"));
            if let Some(prep) = pattern.actor.as_deref() {
                actors.extend(prep_heads(prep));
            }
            match pattern.recipient.as_deref() {
                Some("none") => {}
                Some(prep) => recipients.extend(prep_heads(prep)),
                None => {
                    for prep in ["with", "to", "against", "on", "of"] {
                        let heads = prep_heads(prep);
                        if !heads.is_empty() {
                            recipients.extend(heads);
                            break;
                        }
                    }
                }
            }
            // "X held a meeting with Y", "X said after talks with Y": the subject of the
            // nearest governing verb is the actor.
            if actors.is_empty() && !matches!(sent.dep(t), "nsubj" | "nsubj:pass") {
                let mut cur = t;
                for _ in 0..4 {
                    if !matches!(sent.dep(cur), "obj" | "obl" | "nmod" | "conj") {
                        break;
                    }
                    let Some(head) = sent.head(cur) else {
                        break;
                    };
                    if sent.pos(head) == Some(Upos::VERB) {
                        actors.extend(subjects(sent, head).0);
                        break;
                    }
                    cur = head;
                }
            }
        }
    }
    let named = |heads: &Vec<usize>| heads.iter().any(|&h| is_nameish(sent, h));
    if !named(&actors) {
        actors.retain(|&h| is_nameish(sent, h));
    }
    if !named(&recipients) {
        recipients.retain(|&h| is_nameish(sent, h));
    }
    surface_participants(sent, hit, &mut actors, &mut recipients);
    (actors, recipients)
}

/// True when token `i` is part of a time expression ("May" in "May 23, 2017").
fn in_time(sent: &Sent, i: usize) -> bool {
    let span = sent.span(i);
    sent.doc.times.iter().any(|t| t.span.contains(span))
}

/// The mention covering sentence token `i`, if any.
fn mention_at<'d>(sent: &Sent<'d>, i: usize) -> Option<&'d dossier_core::Mention> {
    let global = (sent.start + i) as u32;
    sent.doc
        .mentions
        .iter()
        .find(|m| m.token_start <= global && global < m.token_end)
}

/// True when a head could name a participant (a mention, a proper noun or a noun).
fn is_nameish(sent: &Sent, h: usize) -> bool {
    mention_at(sent, h).is_some() || matches!(sent.pos(h), Some(Upos::PROPN | Upos::NOUN))
}

/// Turns participant heads into named participants: entity mentions, proper nouns and
/// noun phrases the resolver codes. Pronouns and uncoded common nouns are left out.
fn resolve(
    sent: &Sent,
    heads: &[usize],
    actors: &dyn ActorResolver,
    date: Option<NaiveDate>,
    trigger: usize,
) -> Vec<Participant> {
    let mut out: Vec<(Participant, bool)> = Vec::new();
    // "Patrushev, the secretary of the Kremlin’s Security Council, ...": a name inside an
    // apposition describes another participant; it does not take part itself.
    // A person's name as the apposition ("Vučić and Russia’s Vladimir Putin" parsed as
    // "Vučić, Vladimir Putin") is a coordination the parser missed, not a description.
    let described = |h: usize| {
        let mut cur = h;
        for _ in 0..4 {
            if sent.dep(cur) == "appos" {
                let named_person =
                    mention_at(sent, cur).is_some_and(|m| m.kind == EntityKind::Person);
                return !named_person && sent.head(cur).is_some_and(|head| heads.contains(&head));
            }
            match sent.head(cur) {
                Some(head) if head != trigger => cur = head,
                _ => return false,
            }
        }
        false
    };
    let heads: Vec<usize> = if heads.iter().all(|&h| described(h)) {
        heads.to_vec()
    } else {
        heads.iter().copied().filter(|&h| !described(h)).collect()
    };
    for &h in &heads {
        if let Some(participant) = participant_at(sent, h, actors, date, trigger) {
            if !out.iter().any(|(p, _)| p.span == participant.span) {
                // "Serbia’s President Aleksandar Vučić": the possessive place qualifies the
                // person named next; it is not a participant of its own.
                let possessive = mention_at(sent, h).is_some_and(|m| {
                    let next = (m.token_end as usize).saturating_sub(sent.start);
                    matches!(sent.text(next), "’s" | "'s" | "’" | "'")
                        && m.kind == EntityKind::Location
                });
                out.push((participant, possessive));
            }
        }
    }
    if out.iter().any(|(_, possessive)| !possessive) {
        out.retain(|(_, possessive)| !possessive);
    }
    let mut out: Vec<Participant> = out.into_iter().map(|(p, _)| p).collect();
    // "Interior Minister" + "Nebojsa Stefanovic": a title read as its own participant right
    // before the person's name is that person.
    let titles: Vec<CharSpan> = out
        .iter()
        .filter(|p| {
            p.entity.is_none()
                && out.iter().any(|q| {
                    q.span.start >= p.span.end
                        && q.span.start - p.span.end <= 1
                        && person_at(sent, q.span)
                })
        })
        .map(|p| p.span)
        .collect();
    out.retain(|p| !titles.contains(&p.span));
    out
}

/// True when a person mention starts at `span`.
fn person_at(sent: &Sent, span: CharSpan) -> bool {
    sent.doc
        .mentions
        .iter()
        .any(|m| m.span.start == span.start && m.kind == EntityKind::Person)
}

fn participant_at(
    sent: &Sent,
    h: usize,
    actors: &dyn ActorResolver,
    date: Option<NaiveDate>,
    trigger: usize,
) -> Option<Participant> {
    if matches!(
        sent.pos(h),
        Some(Upos::PRON | Upos::DET | Upos::NUM | Upos::VERB)
    ) || in_time(sent, h)
    {
        return None;
    }
    // "Minister of Foreign Trade and Economic Relations Emir Hadžić" parsed with the title
    // as the head and the person's name hung inside its phrase (the last link without a
    // preposition, unlike "the lawyer of X"): the person is the participant.
    if mention_at(sent, h).is_none() {
        if let Some(k) = person_in_title(sent, h) {
            return participant_at(sent, k, actors, date, trigger);
        }
    }
    let mut phrase = noun_phrase(sent, h);
    // "the Calenardhon government", "Serbian police": the name modifies the noun that
    // carries the sector, so the resolver gets the whole phrase.
    if matches!(sent.dep(h), "compound" | "amod" | "nmod:poss") {
        // Not the event noun itself: "the Prime Minister’s statement" names the minister.
        if let Some(parent) = sent
            .head(h)
            .filter(|&p| sent.pos(p) == Some(Upos::NOUN) && p != trigger)
        {
            phrase = noun_phrase(sent, parent).or(phrase);
        }
    }
    if let Some(mention) = mention_at(sent, h) {
        let name = sent
            .doc
            .text
            .get(sent.index.bytes(mention.span))?
            .to_string();
        // The longer phrase ("the Serbian Interior Minister Nebojsa Stefanovic") tells the
        // resolver more than the bare name; the name is what is shown.
        let code = phrase
            .as_ref()
            .and_then(|(p, _)| actors.code(p, date))
            .or_else(|| actors.code(&name, date));
        // "Slavic", "Orthodox Christian", "Western": an adjective or group that codes to no
        // actor is a description, not a participant; "Serbian" is Serbia acting.
        let mut name = name;
        if mention.kind == EntityKind::Other {
            if code.is_none() {
                // "Western officials": the group the adjective qualifies, uncoded.
                let qualifies = matches!(sent.dep(h), "amod" | "compound");
                let (group, span) =
                    phrase.filter(|(p, _)| qualifies && *p != name && p.split(' ').count() <= 4)?;
                return Some(Participant {
                    entity: None,
                    name: group,
                    code: None,
                    span,
                });
            }
            if let Some(country) = actors.country_name(&name) {
                name = country;
            }
        }
        let entity = mention
            .entity
            .clone()
            .or_else(|| actors.entity(&name, date));
        return Some(Participant {
            entity,
            name,
            code,
            span: mention.span,
        });
    }
    let (name, span) = phrase?;
    // A clause the parse hung on a noun ("Meeting X, Y, in Belgrade") is not a name.
    if name.contains(',') || name.split_whitespace().count() > 6 {
        return None;
    }
    let code = actors.code(&name, date);
    let is_name = matches!(sent.pos(h), Some(Upos::PROPN));
    if code.is_none() && !is_name {
        return None;
    }
    Some(Participant {
        entity: actors.entity(&name, date),
        name,
        code,
        span,
    })
}

/// The first token right of `h`, within its nominal phrase (through `nmod`, `appos`, `flat`
/// and `compound` links, and `conj` below the head, at most four deep), that belongs to a
/// person mention and hangs on its own head without a preposition.
fn person_in_title(sent: &Sent, h: usize) -> Option<usize> {
    let mut stack = vec![(h, 0)];
    let mut found: Option<usize> = None;
    while let Some((cur, depth)) = stack.pop() {
        for &k in sent.kids(cur) {
            let dep = sent.dep(k);
            // The head's own conjuncts are other participants ("the minister and X").
            if k < h
                || !matches!(dep, "nmod" | "conj" | "appos" | "flat" | "compound")
                || (depth == 0 && dep == "conj")
            {
                continue;
            }
            // Right on the title any link without a preposition; deeper inside the title's
            // phrase only a name set beside a word ("… Relations, Emir Hadžić").
            let bare = if depth == 0 {
                dep != "nmod" || sent.case_of(k).is_none()
            } else {
                matches!(dep, "appos" | "flat")
            };
            if bare && mention_at(sent, k).is_some_and(|m| m.kind == EntityKind::Person) {
                found = Some(found.map_or(k, |f| f.min(k)));
            } else if depth < 4 {
                stack.push((k, depth + 1));
            }
        }
    }
    found
}

/// The words naming a participant: the head with its compounds, adjectives, flat names,
/// possessor and a direct of-phrase ("the Serbian president", "President of Serbia").
fn noun_phrase(sent: &Sent, h: usize) -> Option<(String, CharSpan)> {
    let mut lo = h;
    let mut hi = h;
    let mut stack = vec![(h, 0)];
    while let Some((cur, depth)) = stack.pop() {
        if depth > 3 {
            continue;
        }
        for &k in sent.kids(cur) {
            if in_time(sent, k) {
                continue;
            }
            let keep = match sent.dep(k) {
                "compound" | "amod" | "flat" | "nmod:poss" | "nmod:desc" | "flat:foreign" => true,
                "case" => cur != h,
                // "President of Serbia", "soldiers from Gondor", "activists in Arnor".
                "nmod" => {
                    depth == 0 && matches!(sent.case_of(k).as_deref(), Some("of" | "from" | "in"))
                }
                _ => false,
            };
            if keep {
                lo = lo.min(k);
                hi = hi.max(k);
                stack.push((k, depth + 1));
            }
        }
    }
    let span = CharSpan::new(sent.span(lo).start, sent.span(hi).end);
    let text = sent.doc.text.get(sent.index.bytes(span))?.trim();
    (!text.is_empty() && text.chars().count() <= 80).then(|| (text.to_string(), span))
}

/// True for tokens that end a run of names when scanning the surface.
fn ends_names(sent: &Sent, i: usize) -> bool {
    let text = sent.text(i);
    match sent.pos(i) {
        Some(Upos::VERB | Upos::AUX | Upos::SCONJ | Upos::PRON) => true,
        Some(Upos::PUNCT) => !matches!(text, "’" | "'" | "-" | "–"),
        Some(Upos::ADP) => !text.eq_ignore_ascii_case("of"),
        _ => false,
    }
}

/// Names in the surface window starting at `from` (going right) up to a clause word, split
/// at "and" and commas: in each group the last person, else organisation, else any mention,
/// else a proper-noun head ("Serbia’s President Aleksandar Vučić and Russia’s Vladimir Putin"
/// gives Vučić and Putin).
fn names_right(sent: &Sent, from: usize) -> Vec<usize> {
    let mut heads = Vec::new();
    let mut group: Vec<usize> = Vec::new();
    let flush = |group: &mut Vec<usize>, heads: &mut Vec<usize>| {
        let pick =
            |kind: Option<EntityKind>| {
                group.iter().rev().copied().find(|&i| {
                    mention_at(sent, i).is_some_and(|m| kind.is_none_or(|k| m.kind == k))
                })
            };
        let chosen = pick(Some(EntityKind::Person))
            .or_else(|| pick(Some(EntityKind::Organization)))
            .or_else(|| pick(None))
            .or_else(|| {
                group
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| sent.pos(i) == Some(Upos::PROPN))
            });
        if let Some(c) = chosen {
            heads.push(c);
        }
        group.clear();
    };
    let mut i = from;
    while i < sent.tokens.len() && i < from + 24 {
        let text = sent.text(i);
        if text.eq_ignore_ascii_case("and") || text == "," {
            flush(&mut group, &mut heads);
            if text == "," && sent.text(i + 1).eq_ignore_ascii_case("and") {
                i += 1;
            }
        } else if ends_names(sent, i) {
            break;
        } else if !in_time(sent, i) {
            group.push(i);
        }
        i += 1;
    }
    flush(&mut group, &mut heads);
    heads
}

/// The first names after a verb in its clause ("signed a trade protocol with Dagolath",
/// "supply Gondor with wheat"), as PETRARCH reads targets.
fn names_after(sent: &Sent, t: usize) -> Vec<usize> {
    let mut i = t + 1;
    while i < sent.tokens.len() && i < t + 20 {
        if clause_boundary(sent, i) || sent.text(i) == "," {
            break;
        }
        let name = (mention_at(sent, i).is_some() || sent.pos(i) == Some(Upos::PROPN))
            && !in_time(sent, i);
        if name {
            let start = (t + 1..=i)
                .rev()
                .take_while(|&k| !ends_names(sent, k) && sent.text(k) != ",")
                .last()
                .unwrap_or(i);
            // "in Moscow", "at the border": a place where, not a recipient.
            let place = start > t + 1
                && matches!(
                    sent.text(start - 1).to_ascii_lowercase().as_str(),
                    "in" | "near" | "from" | "during" | "since"
                );
            let group = names_right(sent, start);
            if !place {
                return group;
            }
            i = group.last().map_or(i, |&g| g.max(i)) + 1;
            continue;
        }
        i += 1;
    }
    Vec::new()
}

/// The name just left of a verb ("Patrushev offered"), skipping auxiliaries and adverbs.
fn name_left(sent: &Sent, verb: usize) -> Option<usize> {
    let mut i = verb;
    while i > 0 {
        i -= 1;
        // "Vucic on Monday (21.02) called ...": dates and asides between the name and
        // the verb are skipped.
        if sent.text(i) == ")" {
            match (0..i).rev().find(|&k| sent.text(k) == "(") {
                Some(open) => {
                    i = open;
                    continue;
                }
                None => return None,
            }
        }
        if in_time(sent, i) || (sent.pos(i) == Some(Upos::ADP) && in_time(sent, i + 1)) {
            continue;
        }
        match sent.pos(i) {
            Some(Upos::AUX | Upos::ADV | Upos::PART) => continue,
            Some(Upos::PROPN | Upos::NOUN) => {
                return (mention_at(sent, i).is_some() || sent.pos(i) == Some(Upos::PROPN))
                    .then_some(i)
            }
            _ => return None,
        }
    }
    None
}

/// Surface fallbacks for a bad parse: a preposition right after a noun trigger ("meeting
/// between A and B", "arrest of X", "talks with Y"), and the name left of a verb.
fn surface_participants(
    sent: &Sent,
    hit: &Hit,
    actors: &mut Vec<usize>,
    recipients: &mut Vec<usize>,
) {
    let t = hit.t;
    match hit.kind {
        TriggerKind::Noun => {
            let next = sent.text(t + 1).to_lowercase();
            let heads = || names_right(sent, t + 2);
            match next.as_str() {
                // "a meeting between A’s President X and B’s Y": the surface reading of a
                // list of names beats parses that hang half of it elsewhere.
                "between" | "among" => {
                    let surface = heads();
                    if !surface.is_empty() {
                        *actors = surface;
                    }
                }
                "by" if actors.is_empty() => actors.extend(heads()),
                "with" | "to" | "against" | "on" | "of"
                    if recipients.is_empty()
                        && hit.pattern.recipient.as_deref().is_none_or(|r| r == next) =>
                {
                    recipients.extend(heads())
                }
                _ => {}
            }
        }
        TriggerKind::Verb => {
            if actors.is_empty()
                && sent.dep(t) != "xcomp"
                && sent.kids_with(t, &["nsubj", "nsubj:pass"]).next().is_none()
            {
                actors.extend(name_left(sent, t));
            }
            // "Meeting X in Belgrade, Patrushev offered ...": an opening participle's subject
            // is the main clause's, the first name after the comma.
            let opening =
                (0..t).all(|i| matches!(sent.pos(i), Some(Upos::ADV | Upos::SCONJ | Upos::ADP)));
            if actors.is_empty() && opening && sent.text(t).ends_with("ing") {
                if let Some(comma) = (t + 1..sent.tokens.len()).find(|&i| sent.text(i) == ",") {
                    let names = names_right(sent, comma + 1);
                    actors.extend(names.first().copied());
                }
            }
        }
    }
}

/// Modality of a hit and whether it is only reported.
fn modality(sent: &Sent, hit: &Hit) -> (Modality, bool) {
    let t = hit.t;
    let mut negated = false;
    let mut future = false;
    let mut hypothetical = false;
    let mut modal_would = false;
    let mut reported = false;
    let mut buf = String::new();
    // The trigger, then up the chain of verbs that govern it.
    let mut cur = t;
    for depth in 0..4 {
        for &k in sent.kids(cur) {
            let dep = sent.dep(k);
            lower_into(sent.text(k), &mut buf);
            let word = buf.as_str();
            match dep {
                "advmod" | "aux" | "det" | "neg" | "cc:preconj" => {
                    if matches!(word, "not" | "n't" | "never" | "no") {
                        negated = true;
                    }
                    if dep == "aux" && matches!(word, "will" | "'ll" | "shall" | "wo") {
                        future = true;
                    }
                    if dep == "aux"
                        && matches!(word, "would" | "could" | "might" | "may" | "should" | "'d")
                    {
                        modal_would = true;
                    }
                    if dep == "advmod" && matches!(word, "allegedly" | "reportedly" | "purportedly")
                    {
                        reported = true;
                    }
                }
                "mark" if matches!(word, "if" | "unless") => hypothetical = true,
                "advcl"
                    if sent
                        .kids_with(k, &["mark"])
                        .any(|m| sent.is(m, "if") || sent.is(m, "unless")) =>
                {
                    hypothetical = true;
                }
                "amod"
                    if depth == 0
                        && hit.kind == TriggerKind::Noun
                        && FUTURE_ADJECTIVES.contains(&word) =>
                {
                    future = true;
                }
                "obl" | "obl:npmod" | "obl:tmod" | "nmod" if depth == 0 && word == "tomorrow" => {
                    future = true;
                }
                _ => {}
            }
        }
        let dep = sent.dep(cur);
        let Some(head) = sent.head(cur) else {
            break;
        };
        let head_lemma = sent.governor_lemma(head, &mut buf);
        match dep {
            "xcomp" => {
                if NEGATING_GOVERNORS.contains(&head_lemma.as_str()) {
                    // "refused to sign": the refusal, not the complement, carries the tense.
                    return (Modality::Negated, reported);
                }
                if FUTURE_GOVERNORS.contains(&head_lemma.as_str()) {
                    future = true;
                }
                cur = head;
            }
            "ccomp" | "parataxis" => {
                if REPORTING_VERBS.contains(&head_lemma.as_str()) {
                    reported = true;
                }
                break;
            }
            "conj" => cur = head,
            _ => {
                // Nouns: the verb whose object or subject they are ("will hold a meeting").
                if hit.kind == TriggerKind::Noun
                    && depth == 0
                    && matches!(dep, "obj" | "nsubj" | "nsubj:pass" | "obl")
                {
                    cur = head;
                } else {
                    break;
                }
            }
        }
    }
    // "... according to X" anywhere in the sentence.
    for i in 0..sent.tokens.len() {
        if sent.is(i, "according") && sent.is(i + 1, "to") {
            reported = true;
        }
    }
    // The words just before the clause's verb, for parses that miss the governing verb
    // ("is due to arrive" parsed as an adverbial clause).
    let verb = if hit.kind == TriggerKind::Noun {
        cur
    } else {
        t
    };
    match surface_modality(sent, verb) {
        Some(Modality::Negated) => negated = true,
        Some(Modality::Future) => future = true,
        _ => {}
    }
    let modality = if negated {
        Modality::Negated
    } else if hypothetical
        && (modal_would || sent.kids_with(t, &["mark"]).any(|m| sent.is(m, "if")))
    {
        Modality::Hypothetical
    } else if future {
        Modality::Future
    } else if modal_would {
        if reported {
            Modality::Future
        } else {
            Modality::Hypothetical
        }
    } else if hypothetical {
        Modality::Hypothetical
    } else {
        Modality::Asserted
    };
    (modality, reported)
}

/// Negation or futurity in the few words before a verb: "not", "never", "refused to",
/// "will", "is due to", "is set to", "plans to", "is expected to", "is going to".
fn surface_modality(sent: &Sent, verb: usize) -> Option<Modality> {
    let mut i = verb;
    let mut steps = 0;
    let mut saw_to = false;
    while i > 0 && steps < 5 {
        i -= 1;
        steps += 1;
        let word = sent.text(i).to_ascii_lowercase();
        match word.as_str() {
            "not" | "n't" | "never" => return Some(Modality::Negated),
            "will" | "'ll" | "shall" => return Some(Modality::Future),
            "to" => saw_to = true,
            "due" | "set" | "scheduled" | "expected" | "plans" | "planned" | "plan" | "going"
            | "intends" | "intend" | "poised" | "likely" | "ready" | "agreed" | "promised"
            | "pledged" | "vowed"
                if saw_to =>
            {
                return Some(Modality::Future)
            }
            "refused" | "refuses" | "refuse" | "declined" | "declines" | "failed" | "fails"
                if saw_to =>
            {
                return Some(Modality::Negated)
            }
            _ => {
                if matches!(
                    sent.pos(i),
                    Some(Upos::PUNCT | Upos::NOUN | Upos::PROPN | Upos::PRON)
                ) || (sent.pos(i) == Some(Upos::VERB) && !saw_to)
                {
                    return None;
                }
            }
        }
    }
    None
}

/// A rough lemma of a governing word: enough for the short lists above.
fn stem_guess(word: &str) -> String {
    for (suffix, replacement) in [
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() < 2 {
                continue;
            }
            let candidate = format!("{stem}{replacement}");
            let known = |w: &str| {
                NEGATING_GOVERNORS.contains(&w)
                    || FUTURE_GOVERNORS.contains(&w)
                    || REPORTING_VERBS.contains(&w)
            };
            if known(&candidate) {
                return candidate;
            }
            let with_e = format!("{candidate}e");
            if known(&with_e) {
                return with_e;
            }
        }
    }
    word.to_string()
}

/// A date as (value, precision, source, words).
type EventDate = (
    Option<String>,
    Option<DatePrecision>,
    DateSource,
    Option<String>,
);

/// True when a token separates clauses for dating: a verb other than the trigger, a
/// subordinating word or a relative pronoun, a semicolon.
fn clause_boundary(sent: &Sent, i: usize) -> bool {
    match sent.pos(i) {
        Some(Upos::VERB) => !matches!(sent.dep(i), "amod" | "compound"),
        Some(Upos::SCONJ) => true,
        Some(Upos::PRON) => ["which", "who", "whom", "that", "whose"]
            .iter()
            .any(|w| sent.is(i, w)),
        Some(Upos::PUNCT) => matches!(sent.text(i), ";" | ":" | "(" | ")"),
        _ => false,
    }
}

/// The date of the event triggered by token `t` of sentence `si`: the nearest calendar time
/// expression of its own clause, else the paragraph's latest earlier one, else the
/// publication date. A clause dated only vaguely ("recently") gets no date rather than the
/// publication date.
fn event_date(doc: &Doc, sent: &Sent, si: usize, t: usize) -> EventDate {
    let text_of = |span: CharSpan| doc.text.get(sent.index.bytes(span)).map(str::to_string);
    let token_of = |at: u32| -> Option<usize> {
        sent.tokens
            .iter()
            .position(|tok| tok.span.start <= at && at < tok.span.end.max(tok.span.start + 1))
    };
    // "detained … on Sunday, prosecutors said on Monday": a date governed by a reporting
    // verb other than the trigger dates the report, not the event.
    let mut buf = String::new();
    let mut reporting = |p: usize| {
        let mut cur = p;
        for _ in 0..4 {
            match sent.head(cur) {
                Some(head) if head == t => return false,
                Some(head) if sent.pos(head) == Some(Upos::VERB) => {
                    let lemma = sent.governor_lemma(head, &mut buf);
                    return REPORTING_VERBS.contains(&lemma.as_str());
                }
                Some(head) => cur = head,
                None => return false,
            }
        }
        false
    };
    let mut best: Option<(usize, &dossier_core::TimeExpr)> = None;
    let mut vague_in_clause: Option<&dossier_core::TimeExpr> = None;
    // The one calendar date of the sentence not governed by a reporting verb, when the
    // clause test finds none (the event's date sits in a relative clause: "who blocked the
    // road on Sunday").
    let mut unreported: Vec<&dossier_core::TimeExpr> = Vec::new();
    let mut reported_dates = 0;
    for time in doc.times.iter().filter(|tm| tm.sentence as usize == si) {
        if time.timex_type != TimexType::Date && time.timex_type != TimexType::Time {
            continue;
        }
        let Some(p) = token_of(time.span.start) else {
            continue;
        };
        let calendar = time.value.as_deref().and_then(precision_of).is_some();
        if reporting(p) {
            reported_dates += usize::from(calendar);
            continue;
        }
        if calendar {
            unreported.push(time);
        }
        let p_end = token_of(time.span.end.saturating_sub(1)).unwrap_or(p);
        let (lo, hi) = if p_end < t {
            (p_end + 1, t)
        } else {
            (t + 1, p)
        };
        if (lo..hi).any(|i| clause_boundary(sent, i)) {
            continue;
        }
        let distance = hi.saturating_sub(lo);
        if calendar {
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, time));
            }
        } else {
            vague_in_clause.get_or_insert(time);
        }
    }
    if let Some((_, time)) = best {
        let value = time.value.clone().unwrap_or_default();
        return (
            Some(value.clone()),
            precision_of(&value),
            DateSource::Sentence,
            text_of(time.span),
        );
    }
    if let [time] = unreported.as_slice() {
        if reported_dates > 0 {
            let value = time.value.clone().unwrap_or_default();
            return (
                Some(value.clone()),
                precision_of(&value),
                DateSource::Sentence,
                text_of(time.span),
            );
        }
    }
    if let Some(time) = vague_in_clause {
        return (None, None, DateSource::Unknown, text_of(time.span));
    }
    // The paragraph's latest calendar expression before this sentence.
    if let Some(sentence) = doc.sentences.get(si) {
        let paragraph_start = doc
            .paragraphs
            .get(sentence.paragraph as usize)
            .map_or(0, |p| p.start);
        let earlier = doc.times.iter().rev().find(|tm| {
            (tm.sentence as usize) < si
                && tm.span.start >= paragraph_start
                && tm.timex_type == TimexType::Date
                && tm.value.as_deref().and_then(precision_of).is_some()
        });
        if let Some(time) = earlier {
            let value = time.value.clone().unwrap_or_default();
            return (
                Some(value.clone()),
                precision_of(&value),
                DateSource::Paragraph,
                text_of(time.span),
            );
        }
    }
    match doc.meta.published {
        Some(published) => (
            Some(published.format("%Y-%m-%d").to_string()),
            Some(DatePrecision::Day),
            DateSource::Published,
            None,
        ),
        None => (None, None, DateSource::Unknown, None),
    }
}

/// The precision of a TIMEX3 calendar value, `None` for anything else.
fn precision_of(value: &str) -> Option<DatePrecision> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    match bytes.len() {
        3 if digits(0..3) => Some(DatePrecision::Decade),
        4 if digits(0..4) => Some(DatePrecision::Year),
        7 if digits(0..4) && digits(5..7) => Some(DatePrecision::Month),
        7 if digits(0..4) && value.get(4..5) == Some("-") => Some(DatePrecision::Season),
        8 if digits(0..4) && value.get(5..6) == Some("W") => Some(DatePrecision::Week),
        10 if digits(0..4) && digits(5..7) && digits(8..10) => Some(DatePrecision::Day),
        _ if bytes.len() > 10 && digits(0..4) && digits(5..7) && digits(8..10) => {
            Some(DatePrecision::Day)
        }
        _ => None,
    }
}

/// A place named in the sentence by "in" or "at".
fn sentence_location(sent: &Sent, _actors: &dyn ActorResolver) -> Option<String> {
    for i in 0..sent.tokens.len() {
        if !sent.dep(i).starts_with("obl") && !sent.dep(i).starts_with("nmod") {
            continue;
        }
        let Some(case) = sent.kids_with(i, &["case"]).next() else {
            continue;
        };
        if !(sent.is(case, "in") || sent.is(case, "at")) {
            continue;
        }
        let global = (sent.start + i) as u32;
        if in_time(sent, i) {
            continue;
        }
        if let Some(m) = sent.doc.mentions.iter().find(|m| {
            m.kind == EntityKind::Location && m.token_start <= global && global < m.token_end
        }) {
            return sent
                .doc
                .text
                .get(sent.index.bytes(m.span))
                .map(str::to_string);
        }
    }
    None
}

/// A dateline place: a location mention opening the first sentence ("BELGRADE, ...").
fn dateline_location(doc: &Doc, index: &CharIndex) -> Option<String> {
    let first = doc.sentences.first()?;
    let m = doc.mentions.iter().find(|m| {
        m.kind == EntityKind::Location
            && m.token_start >= first.token_start
            && m.token_start <= first.token_start + 1
    })?;
    let after = doc.tokens.get(m.token_end as usize)?;
    let after_text = doc.text.get(index.bytes(after.span))?;
    matches!(after_text, "," | "-" | "—" | "–" | ":" | "(")
        .then(|| doc.text.get(index.bytes(m.span)).map(str::to_string))
        .flatten()
}

fn names(list: &[Participant]) -> String {
    let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// A short human sentence: "Patrushev and Stefanović: consult (future)".
fn label(
    ontology: &Ontology,
    code: &str,
    actors: &[Participant],
    recipients: &[Participant],
    modality: Modality,
) -> String {
    let action = ontology
        .cameo(code)
        .map(|c| {
            c.name
                .split(", not specified")
                .next()
                .unwrap_or(&c.name)
                .to_lowercase()
        })
        .unwrap_or_else(|| format!("event {code}"));
    let mut label = if actors.is_empty() {
        format!("Someone: {action}")
    } else {
        format!("{}: {action}", names(actors))
    };
    if !recipients.is_empty() {
        label.push_str(" — ");
        label.push_str(&names(recipients));
    }
    if modality != Modality::Asserted {
        label.push_str(&format!(" ({})", modality.as_str()));
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{add_date, parsed, parsed_many};

    fn ontology() -> Ontology {
        Ontology::shipped().unwrap()
    }

    fn resolver() -> NameResolver {
        let mut r = NameResolver::new();
        for (name, code) in [
            ("Serbia", "SRB"),
            ("Russia", "RUS"),
            ("Moscow", "RUS"),
            ("Belgrade", "SRB"),
            ("Serbian police", "SRBCOP"),
            ("European Union", "EUR"),
            ("Ukraine", "UKR"),
            ("Kosovo", "KOS"),
            ("Montenegro", "MNE"),
            ("China", "CHN"),
            ("Patrushev", "RUSGOV"),
            ("Stefanovic", "SRBGOV"),
            ("Vucic", "SRBGOV"),
            ("Putin", "RUSGOV"),
        ] {
            r.insert(name, code);
        }
        r
    }

    fn code(doc: &Doc) -> Vec<Event> {
        code_doc(doc, &ontology(), &resolver())
    }

    fn names(list: &[Participant]) -> Vec<&str> {
        list.iter().map(|p| p.name.as_str()).collect()
    }

    const SIGNED: &str = "
Serbia PROPN 4 nsubj LOC
and CCONJ 3 cc
Russia PROPN 1 conj LOC
signed VERB 0 root
an DET 6 det
agreement NOUN 4 obj
on ADP 9 case
energy NOUN 9 compound
cooperation NOUN 6 nmod
in ADP 11 case
Moscow PROPN 4 obl LOC
on ADP 13 case
Tuesday PROPN 4 obl
. PUNCT 4 punct";

    #[test]
    fn sign_agreement_keeps_compound_actor_and_location() {
        let mut doc = parsed(SIGNED);
        add_date(&mut doc, 0, "Tuesday", "2017-05-23");
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        assert_eq!(event.cameo, "057");
        assert_eq!(event.plover.category, "SUPPORT");
        assert_eq!(names(&event.actors), ["Serbia", "Russia"]);
        assert_eq!(event.actors[1].code.as_deref(), Some("RUS"));
        assert!(event.recipients.is_empty());
        assert_eq!(event.modality, Modality::Asserted);
        assert_eq!(event.location.as_ref().unwrap().name, "Moscow");
        assert_eq!(event.date.as_deref(), Some("2017-05-23"));
        assert_eq!(event.date_precision, Some(DatePrecision::Day));
        assert_eq!(event.date_source, DateSource::Sentence);
        assert_eq!(event.label, "Serbia and Russia: sign formal agreement");
        let json = serde_json::to_value(event).unwrap();
        assert_eq!(json["modality"], "asserted");
        assert_eq!(json["actors"][0]["code"], "SRB");
        assert_eq!(json["plover"]["category"], "SUPPORT");
    }

    #[test]
    fn meet_with_and_future_meet() {
        let doc = parsed(
            "
Patrushev PROPN 2 nsubj PER
met VERB 0 root
with ADP 4 case
Stefanovic PROPN 2 obl PER
in ADP 6 case
Belgrade PROPN 2 obl LOC
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "040");
        assert_eq!(names(&events[0].actors), ["Patrushev"]);
        assert_eq!(names(&events[0].recipients), ["Stefanovic"]);
        assert_eq!(events[0].recipients[0].code.as_deref(), Some("SRBGOV"));

        let doc = parsed(
            "
Vucic PROPN 3 nsubj PER
will AUX 3 aux
meet VERB 0 root
Putin PROPN 3 obj PER
. PUNCT 3 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].modality, Modality::Future);
        assert_eq!(names(&events[0].recipients), ["Putin"]);
        // PLOVER codes an announced meeting as AGREE.
        assert_eq!(events[0].plover.category, "AGREE");
    }

    #[test]
    fn due_to_arrive_is_future_visit() {
        let doc = parsed(
            "
Vucic PROPN 3 nsubj PER
is AUX 3 cop
due ADJ 0 root
to PART 5 mark
arrive VERB 3 xcomp
in ADP 7 case
Moscow PROPN 5 obl LOC
. PUNCT 3 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "042");
        assert_eq!(events[0].modality, Modality::Future);
        assert_eq!(names(&events[0].actors), ["Vucic"]);
        assert_eq!(names(&events[0].recipients), ["Moscow"]);

        // A parse that hangs the verb as an adverbial clause: the words still say "due to".
        let doc = parsed(
            "
Vucic PROPN 3 nsubj PER
is AUX 3 cop
due ADJ 0 root
to PART 5 mark
arrive VERB 3 advcl
in ADP 7 case
Moscow PROPN 5 obl LOC
. PUNCT 3 punct",
        );
        let events = code(&doc);
        assert_eq!(events[0].modality, Modality::Future);
    }

    #[test]
    fn negation_and_refusal() {
        let doc = parsed(
            "
Montenegro PROPN 4 nsubj LOC
did AUX 4 aux
not PART 4 advmod
sign VERB 0 root
the DET 6 det
memorandum NOUN 4 obj
. PUNCT 4 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].cameo, "057");
        assert_eq!(events[0].modality, Modality::Negated);

        let doc = parsed(
            "
Serbia PROPN 2 nsubj LOC
refused VERB 0 root
to PART 4 mark
join VERB 2 xcomp
the DET 7 det
sanctions NOUN 7 compound
regime NOUN 4 obj
against ADP 9 case
Russia PROPN 7 nmod LOC
. PUNCT 2 punct",
        );
        let events = code(&doc);
        // "the sanctions regime": a noun modifying the object satisfies `obj=sanctions`.
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "163");
        assert_eq!(events[0].modality, Modality::Negated);

        let doc = parsed(
            "
Serbia PROPN 2 nsubj LOC
refused VERB 0 root
to PART 4 mark
join VERB 2 xcomp
the DET 6 det
mission NOUN 4 obj
. PUNCT 2 punct",
        );
        let events = code(&doc);
        // "join the mission" has no pattern, so the refusal itself is coded as a rejection.
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "120");

        let doc = parsed(
            "
Serbia PROPN 2 nsubj LOC
refused VERB 0 root
to PART 4 mark
join VERB 2 xcomp
the DET 6 det
sanctions NOUN 4 obj
against ADP 8 case
Russia PROPN 6 nmod LOC
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "163");
        assert_eq!(events[0].modality, Modality::Negated);
        assert_eq!(names(&events[0].actors), ["Serbia"]);
        assert_eq!(names(&events[0].recipients), ["Russia"]);
    }

    #[test]
    fn hypothetical_if_clause() {
        let doc = parsed(
            "
Serbia PROPN 3 nsubj LOC
would AUX 3 aux
impose VERB 0 root
sanctions NOUN 3 obj
if SCONJ 7 mark
Kosovo PROPN 7 nsubj LOC
declared VERB 3 advcl
independence NOUN 7 obj
. PUNCT 3 punct",
        );
        let events = code(&doc);
        let sanction = events.iter().find(|e| e.cameo == "163").unwrap();
        assert_eq!(sanction.modality, Modality::Hypothetical);
        assert_eq!(names(&sanction.actors), ["Serbia"]);
    }

    #[test]
    fn nominal_meeting_between_and_planned() {
        let doc = parsed(
            "
A DET 3 det
planned VERB 3 amod
meeting NOUN 9 nsubj
between ADP 5 case
Patrushev PROPN 3 nmod PER
and CCONJ 7 cc
Stefanovic PROPN 5 conj PER
was AUX 9 aux:pass
postponed VERB 0 root
. PUNCT 9 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "040");
        assert_eq!(names(&events[0].actors), ["Patrushev", "Stefanovic"]);
        assert_eq!(events[0].modality, Modality::Future);
    }

    #[test]
    fn arrest_of_and_passive_by() {
        let doc = parsed(
            "
The DET 2 det
arrest NOUN 7 nsubj
of ADP 5 case
Ivan PROPN 5 compound PER
Petrov PROPN 2 nmod PER
was AUX 7 cop
condemned VERB 0 root
. PUNCT 7 punct",
        );
        let events = code(&doc);
        let arrest = events.iter().find(|e| e.cameo == "173").unwrap();
        assert_eq!(names(&arrest.recipients), ["Ivan Petrov"]);

        let doc = parsed(
            "
An DET 2 det
agreement NOUN 4 nsubj:pass
was AUX 4 aux:pass
signed VERB 0 root
by ADP 6 case
Serbia PROPN 4 obl:agent LOC
and CCONJ 8 cc
China PROPN 6 conj LOC
. PUNCT 4 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "057");
        assert_eq!(names(&events[0].actors), ["Serbia", "China"]);
    }

    #[test]
    fn accuse_of_sentence_in_absentia_exercises_and_sanctions() {
        let doc = parsed(
            "
Russia PROPN 2 nsubj LOC
accused VERB 0 root
Ukraine PROPN 2 obj LOC
of ADP 5 case
aggression NOUN 2 obl
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert_eq!(events[0].cameo, "1123");
        assert_eq!(names(&events[0].recipients), ["Ukraine"]);

        let doc = parsed(
            "
A DET 2 det
court NOUN 3 nsubj
sentenced VERB 0 root
Petrov PROPN 3 obj PER
in ADP 6 case
absentia NOUN 3 obl
. PUNCT 3 punct",
        );
        let events = code(&doc);
        assert_eq!(events[0].cameo, "116");
        assert_eq!(names(&events[0].recipients), ["Petrov"]);

        let doc = parsed(
            "
Serbia PROPN 4 nsubj LOC
and CCONJ 3 cc
Russia PROPN 1 conj LOC
held VERB 0 root
joint ADJ 7 amod
military ADJ 7 amod
exercises NOUN 4 obj
. PUNCT 4 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "062");
        assert_eq!(names(&events[0].actors), ["Serbia", "Russia"]);

        let doc = parsed(
            "
The DET 3 det
European PROPN 3 compound ORG
Union PROPN 4 nsubj ORG
imposed VERB 0 root
sanctions NOUN 4 obj
on ADP 7 case
Russia PROPN 4 obl LOC
. PUNCT 4 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "163");
        assert_eq!(names(&events[0].actors), ["European Union"]);
        assert_eq!(events[0].actors[0].code.as_deref(), Some("EUR"));
        assert_eq!(names(&events[0].recipients), ["Russia"]);
        assert_eq!(events[0].plover.category, "COERCE");
    }

    #[test]
    fn reported_deployment_and_denial() {
        let doc = parsed(
            "
Belgrade PROPN 2 nsubj LOC
said VERB 0 root
Moscow PROPN 5 nsubj LOC
had AUX 5 aux
deployed VERB 2 ccomp
troops NOUN 5 obj
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "154");
        assert!(events[0].reported);
        assert_eq!(events[0].modality, Modality::Asserted);

        let doc = parsed(
            "
Moscow PROPN 2 nsubj LOC
denied VERB 0 root
the DET 4 det
accusations NOUN 2 obj
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert_eq!(events[0].cameo, "016");
    }

    #[test]
    fn date_falls_back_to_paragraph_then_publication() {
        let mut doc = parsed_many(&[SIGNED, SIGNED]);
        add_date(&mut doc, 0, "Tuesday", "2017-05");
        doc.sentences[1].time_context = Some(0);
        doc.meta.published = NaiveDate::from_ymd_opt(2017, 6, 1);
        let events = code(&doc);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].date_precision, Some(DatePrecision::Month));
        assert_eq!(events[1].date_source, DateSource::Paragraph);
        assert_eq!(events[1].date_text.as_deref(), Some("Tuesday"));
        let mut doc = parsed(SIGNED);
        doc.meta.published = NaiveDate::from_ymd_opt(2017, 6, 1);
        let events = code(&doc);
        assert_eq!(events[0].date.as_deref(), Some("2017-06-01"));
        assert_eq!(events[0].date_source, DateSource::Published);
        assert_eq!(events[0].date_text, None);
    }

    #[test]
    fn propose_memorandum_talks_with_and_alleged() {
        let doc = parsed(
            "
Russia PROPN 2 nsubj LOC
proposed VERB 0 root
a DET 4 det
memorandum NOUN 2 obj
to ADP 6 case
Serbia PROPN 2 obl LOC
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].cameo, "030");
        assert_eq!(names(&events[0].recipients), ["Serbia"]);
        assert_eq!(events[0].plover.category, "AGREE");

        let doc = parsed(
            "
Talks NOUN 5 nsubj
with ADP 3 case
Kosovo PROPN 1 nmod LOC
were AUX 5 aux:pass
held VERB 0 root
in ADP 7 case
Belgrade PROPN 5 obl LOC
. PUNCT 5 punct",
        );
        let events = code(&doc);
        let talks = events.iter().find(|e| e.cameo == "040").unwrap();
        assert_eq!(names(&talks.recipients), ["Kosovo"]);

        let doc = parsed(
            "
Serbia PROPN 3 nsubj LOC
allegedly ADV 3 advmod
detained VERB 0 root
two NUM 4 nummod
Ukraine PROPN 3 obj LOC
. PUNCT 3 punct",
        );
        let events = code(&doc);
        assert_eq!(events[0].cameo, "173");
        assert!(events[0].reported);
        assert_eq!(events[0].modality, Modality::Asserted);
    }

    #[test]
    fn events_without_participants_are_dropped() {
        let doc = parsed(
            "
It PRON 3 nsubj:pass
was AUX 3 aux:pass
signed VERB 0 root
. PUNCT 3 punct",
        );
        assert!(code(&doc).is_empty());
    }

    #[test]
    fn user_patterns_override_and_block() {
        let mut ontology = ontology();
        // A user file that codes signing memoranda as cooperation and blocks "sign a deal".
        ontology
            .add_patterns_text(
                "user.txt",
                "061 v sign obj=memorandum  # ours\n--- v sign obj=deal\n",
            )
            .unwrap();
        let memorandum = parsed(
            "
Serbia PROPN 2 nsubj LOC
signed VERB 0 root
a DET 4 det
memorandum NOUN 2 obj",
        );
        let events = code_doc(&memorandum, &ontology, &resolver());
        assert_eq!(events[0].cameo, "061");
        assert_eq!(events[0].pattern, "user.txt:1");
        let deal = parsed(
            "
Serbia PROPN 2 nsubj LOC
signed VERB 0 root
a DET 4 det
deal NOUN 2 obj",
        );
        assert!(code_doc(&deal, &ontology, &resolver()).is_empty());
    }

    #[test]
    fn broken_parses_never_panic() {
        // Heads in a cycle, out of the sentence, on themselves; spans past the text end.
        let mut doc = parsed(
            "
Serbia PROPN 2 nsubj LOC
signed VERB 3 root
agreement NOUN 2 obj
with ADP 2 case
Russia PROPN 4 conj LOC",
        );
        doc.tokens[0].head = Some(0);
        doc.tokens[4].head = Some(99);
        doc.tokens[3].span = CharSpan::new(500, 600);
        doc.mentions[0].token_end = 99;
        let _ = code(&doc);
        // Tokens without any annotation, and a sentence range past the tokens.
        let mut doc = parsed("Serbia PROPN 0 root\nsigned VERB 1 dep");
        for token in &mut doc.tokens {
            token.pos = None;
            token.dep = None;
        }
        doc.sentences[0].token_end = 50;
        assert!(code(&doc).is_empty());
    }

    #[test]
    fn name_resolver_matches_whole_words() {
        let r = resolver();
        assert_eq!(
            r.code("the Serbian police", None).as_deref(),
            Some("SRBCOP")
        );
        assert_eq!(r.code("Serbia's", None).as_deref(), Some("SRB"));
        assert_eq!(r.code("Serbian", None), None);
        assert!(!r.is_empty());
    }

    #[test]
    fn a_pronoun_possessor_is_the_clause_subject() {
        let doc = parsed(
            "
Stefanovic PROPN 2 nsubj PER
said VERB 0 root
during ADP 5 case
his PRON 5 nmod:poss
meeting NOUN 2 obl
with ADP 7 case
Patrushev PROPN 5 nmod PER
. PUNCT 2 punct",
        );
        let events = code(&doc);
        let meeting = events.iter().find(|e| e.cameo == "040");
        let meeting = meeting.unwrap_or_else(|| panic!("{events:#?}"));
        assert_eq!(names(&meeting.actors), ["Stefanovic"]);
        assert_eq!(names(&meeting.recipients), ["Patrushev"]);
    }

    #[test]
    fn the_actor_left_of_a_date_aside_and_no_unnamed_cooperation() {
        let mut doc = parsed(
            "
Vucic PROPN 0 root PER
on ADP 3 case
Monday PROPN 1 nmod
( PUNCT 5 punct
21.02 NUM 3 nmod:unmarked
) PUNCT 5 punct
called VERB 1 dep
a DET 9 det
meeting NOUN 7 obj
. PUNCT 7 punct",
        );
        add_date(&mut doc, 0, "Monday", "2022-02-21");
        let events = code(&doc);
        let called = events.iter().find(|e| e.cameo == "040");
        let called = called.unwrap_or_else(|| panic!("{events:#?}"));
        assert_eq!(names(&called.actors), ["Vucic"]);

        // An active verb whose actor is only a pronoun nobody resolves is left out; a
        // passive or a conflict without an actor is kept.
        let doc = parsed(
            "
It PRON 2 nsubj
cooperated VERB 0 root
with ADP 4 case
Serbia PROPN 2 obl LOC
. PUNCT 2 punct",
        );
        assert!(code(&doc).is_empty(), "{:#?}", code(&doc));
        let doc = parsed(
            "
Petrov PROPN 3 nsubj:pass PER
was AUX 3 aux:pass
arrested VERB 0 root
. PUNCT 3 punct",
        );
        let events = code(&doc);
        assert_eq!(events.len(), 1, "{events:#?}");
        assert_eq!(names(&events[0].recipients), ["Petrov"], "{events:#?}");
        assert!(events[0].actors.is_empty());
    }

    /// The signing (CAMEO 057) coded in `doc`; fails the test when there is none.
    fn signing(doc: &Doc) -> Event {
        let events = code(doc);
        let signed = events.iter().find(|e| e.cameo.starts_with("057")).cloned();
        signed.unwrap_or_else(|| panic!("no signing in {events:#?}"))
    }

    #[test]
    fn a_title_head_with_a_name_hung_on_it_is_the_person() {
        // "Minister of Trade Ana Kovač signed the deal", parsed with the title as the head.
        let doc = parsed(
            "
Minister PROPN 6 nsubj
of ADP 3 case
Trade PROPN 1 nmod ORG
Ana PROPN 5 compound PER
Kovač PROPN 1 nmod PER
signed VERB 0 root
the DET 8 det
deal NOUN 6 obj
. PUNCT 6 punct",
        );
        let signed = signing(&doc);
        assert_eq!(names(&signed.actors), ["Ana Kovač"], "{signed:#?}");

        // The name hung deeper: on the second ministry of "Minister of Trade and Industry".
        let doc = parsed(
            "
Minister PROPN 8 nsubj
of ADP 3 case
Trade PROPN 1 nmod ORG
and CCONJ 5 cc
Industry PROPN 3 conj ORG
Ana PROPN 5 appos PER
Kovač PROPN 6 flat PER
signed VERB 0 root
the DET 10 det
deal NOUN 8 obj
. PUNCT 8 punct",
        );
        let signed = signing(&doc);
        assert_eq!(names(&signed.actors), ["Ana Kovač"], "{signed:#?}");
    }

    #[test]
    fn a_predicate_given_two_subjects_takes_the_person_named_in_them() {
        // "Minister of Trade Ana Kovač signed the deal", the title and the name parsed as two
        // subjects of the verb.
        let doc = parsed(
            "
Minister PROPN 6 nsubj
of ADP 3 case
Trade PROPN 1 nmod ORG
Ana PROPN 6 nsubj PER
Kovač PROPN 4 flat PER
signed VERB 0 root
the DET 8 det
deal NOUN 6 obj
. PUNCT 6 punct",
        );
        let signed = signing(&doc);
        assert_eq!(names(&signed.actors), ["Ana Kovač"], "{signed:#?}");

        // "Nine activists, among them the mayor Ivo Horvat, were arrested": the mayor parsed
        // as a second passive subject, the name under him.
        let doc = parsed(
            "
Nine NUM 2 nummod
activists NOUN 12 nsubj:pass
, PUNCT 7 punct
among ADP 5 case
them PRON 7 nmod
the DET 7 det
mayor NOUN 12 nsubj:pass
Ivo PROPN 9 compound PER
Horvat PROPN 7 appos PER
, PUNCT 7 punct
were AUX 12 aux:pass
arrested VERB 0 root
. PUNCT 12 punct",
        );
        let events = code(&doc);
        let arrest = events.iter().find(|e| e.cameo == "173");
        let arrest = arrest.unwrap_or_else(|| panic!("no arrest in {events:#?}"));
        assert_eq!(names(&arrest.recipients), ["Ivo Horvat"], "{arrest:#?}");
    }

    #[test]
    fn a_passive_pronoun_is_what_is_done_not_the_reporter() {
        // "Petrov proposed a treaty, announcing it would be signed soon": "it" is the treaty,
        // not Petrov; with nobody named, the signing is left out.
        let doc = parsed(
            "
Petrov PROPN 2 nsubj PER
proposed VERB 0 root
a DET 4 det
treaty NOUN 2 obj
, PUNCT 6 punct
announcing VERB 2 advcl
it PRON 10 nsubj:pass
would AUX 10 aux
be AUX 10 aux:pass
signed VERB 6 ccomp
soon ADV 10 advmod
. PUNCT 2 punct",
        );
        let events = code(&doc);
        assert!(
            !events.iter().any(|e| e.cameo.starts_with("057")),
            "{events:#?}"
        );
    }

    #[test]
    fn a_subjectless_clause_hung_as_parataxis_takes_the_governing_subject() {
        // "Dravo Steel, which runs the mill, did not sign the deal", parsed with "sign"
        // under the relative clause.
        let doc = parsed(
            "
Dravo PROPN 2 compound ORG
Steel PROPN 5 nsubj ORG
, PUNCT 5 punct
which PRON 5 nsubj
runs VERB 0 root
the DET 7 det
mill NOUN 5 obj
, PUNCT 5 punct
did AUX 11 aux
not PART 11 advmod
sign VERB 5 parataxis
the DET 13 det
deal NOUN 11 obj
. PUNCT 5 punct",
        );
        let signed = signing(&doc);
        assert_eq!(names(&signed.actors), ["Dravo Steel"], "{signed:#?}");
        assert_eq!(signed.modality, Modality::Negated);
    }

    #[test]
    fn an_actor_is_never_its_own_recipient() {
        let a = Participant {
            entity: None,
            name: "Nikolai Patrushev".into(),
            code: Some("RUSGOV".into()),
            span: CharSpan::new(0, 17),
        };
        let b = Participant {
            span: CharSpan::new(40, 49),
            name: "Patrushev".into(),
            ..a.clone()
        };
        assert!(same_participant(&a, &b));
        let c = Participant {
            name: "Nebojsa Stefanovic".into(),
            code: Some("SRBGOV".into()),
            ..b.clone()
        };
        assert!(!same_participant(&a, &c));
    }

    #[test]
    fn counts_are_read_and_dates_are_not() {
        assert_eq!(parse_count("Twenty"), Some(20));
        assert_eq!(parse_count("twenty-five"), Some(25));
        assert_eq!(parse_count("1,200"), Some(1200));
        assert_eq!(parse_count("14"), Some(14));
        assert_eq!(parse_count("dozens"), None);
        assert_eq!(parse_count("twenty-ten"), None);
        let doc = parsed(
            "
Serbia PROPN 2 nsubj LOC
arrested VERB 0 root
twenty NUM 4 nummod
activists NOUN 2 obj
in ADP 6 case
Loznica PROPN 2 obl LOC
on ADP 8 case
Monday PROPN 2 obl
. PUNCT 2 punct",
        );
        let events = code(&doc);
        let arrest = events.iter().find(|e| e.cameo == "173");
        let arrest = arrest.unwrap_or_else(|| panic!("{events:#?}"));
        assert_eq!(
            arrest.quantities,
            [Quantity {
                value: 20,
                noun: "activists".into(),
                text: "twenty activists".into()
            }]
        );
    }

    #[test]
    fn a_date_of_the_report_is_not_the_date_of_the_event() {
        let mut doc = parsed(
            "
Serbia PROPN 2 nsubj LOC
detained VERB 0 root
activists NOUN 2 obj
who PRON 5 nsubj
blocked VERB 3 acl:relcl
the DET 7 det
road NOUN 5 obj
on ADP 9 case
Sunday PROPN 5 obl
, PUNCT 12 punct
prosecutors NOUN 12 nsubj
said VERB 2 parataxis
on ADP 14 case
Monday PROPN 12 obl
. PUNCT 2 punct",
        );
        add_date(&mut doc, 0, "Sunday", "2021-03-14");
        add_date(&mut doc, 0, "Monday", "2021-03-15");
        let events = code(&doc);
        let detention = events.iter().find(|e| e.cameo == "173");
        let detention = detention.unwrap_or_else(|| panic!("{events:#?}"));
        assert_eq!(detention.date.as_deref(), Some("2021-03-14"));
        assert_eq!(detention.date_text.as_deref(), Some("Sunday"));
    }
}
