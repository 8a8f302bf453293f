//! Linking speed on a generated corpus: `cargo run --release -p dossier-link --example
//! bench_link -- 100000` builds that many short documents naming people (full names,
//! surnames alone, transliteration and diacritic variants), organisations and places drawn
//! from pools, links them, and prints the time and the entity count.
//!
//! The pool of people grows with the corpus (one person per twenty documents), so blocks
//! grow too, as they would in a real archive.

use std::time::Instant;

use dossier_core::{CharSpan, Doc, EntityKind, Mention, Meta};
use dossier_kb::KnowledgeBase;
use dossier_link::Linker;

const GIVEN: &[&str] = &[
    "Ana", "Marko", "Nikolai", "Jovana", "Ivan", "Milica", "Dragan", "Olga", "Petar", "Sergei",
    "Elena", "Stefan", "Milan", "Irina", "Bojan", "Tatiana", "Vuk", "Maria", "Luka", "Nina",
];
const SYLLABLES: &[&str] = &[
    "ko", "va", "ro", "mi", "la", "do", "sa", "ne", "pe", "tri", "ja", "zo", "li", "gu", "bra",
    "sto", "vel", "dra", "ni", "ka",
];
const SUFFIXES: &[&str] = &["vić", "nko", "ov", "ev", "ski", "ić", "enko", "in"];
const ORGS: &[&str] = &[
    "Balkan Energy Alliance",
    "Danube Shipping Company",
    "Northern Rail Group",
    "Adriatic Media House",
    "Green Valley Foundation",
];
const PLACES: &[&str] = &[
    "Belgrade",
    "Moscow",
    "Novi Sad",
    "Podgorica",
    "Kiev",
    "Paris",
];

/// A small linear congruential generator: reproducible and dependency-free.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn surname(rng: &mut Lcg) -> String {
    let mut name = String::new();
    for _ in 0..2 + rng.next(2) {
        name.push_str(SYLLABLES[rng.next(SYLLABLES.len())]);
    }
    name.push_str(SUFFIXES[rng.next(SUFFIXES.len())]);
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A spelling variant: diacritics dropped, or `i` written `y` in the given name.
fn variant(name: &str, rng: &mut Lcg) -> String {
    match rng.next(4) {
        0 => name.replace(['ć', 'č'], "c"),
        1 => name.replacen("ai", "ay", 1),
        _ => name.to_string(),
    }
}

fn main() {
    let n_docs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut rng = Lcg(42);
    let n_people = (n_docs / 20).max(50);
    let people: Vec<(String, String)> = (0..n_people)
        .map(|_| (GIVEN[rng.next(GIVEN.len())].to_string(), surname(&mut rng)))
        .collect();
    let mut docs = Vec::with_capacity(n_docs);
    let mut n_mentions = 0usize;
    for _ in 0..n_docs {
        let mut text = String::new();
        let mut mentions = Vec::new();
        let mut push = |text: &mut String, name: &str, kind: EntityKind, after: &str| {
            let start = text.chars().count() as u32;
            text.push_str(name);
            let end = text.chars().count() as u32;
            text.push_str(after);
            mentions.push(Mention {
                span: CharSpan::new(start, end),
                token_start: 0,
                token_end: 0,
                kind,
                entity: None,
            });
        };
        for _ in 0..3 {
            let (given, last) = &people[rng.next(people.len())];
            let full = variant(&format!("{given} {last}"), &mut rng);
            push(&mut text, &full, EntityKind::Person, " met officials in ");
            push(
                &mut text,
                PLACES[rng.next(PLACES.len())],
                EntityKind::Location,
                ". ",
            );
            push(
                &mut text,
                &variant(last, &mut rng),
                EntityKind::Person,
                " spoke for the ",
            );
            push(
                &mut text,
                ORGS[rng.next(ORGS.len())],
                EntityKind::Organization,
                ".\n\n",
            );
        }
        let mut doc = Doc::new(Meta::default(), text);
        n_mentions += mentions.len();
        doc.mentions = mentions;
        docs.push(doc);
    }
    let kb = KnowledgeBase::shipped().expect("the shipped knowledge base parses");
    let linker = Linker::new(kb);
    let started = Instant::now();
    let linked = linker.link(&docs);
    let elapsed = started.elapsed();
    println!(
        "{n_docs} docs, {n_mentions} mentions, {n_people} generated people: {} entities, {} decisions in {:.2} s ({:.1} µs per mention)",
        linked.entities.len(),
        linked.decisions.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / n_mentions.max(1) as f64
    );
}
