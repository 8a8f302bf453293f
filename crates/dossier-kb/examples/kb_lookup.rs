//! Prints the shipped knowledge base's sizes and parse time, then resolves each argument
//! (or a few built-in examples) as a country, place, organisation, person and actor code.
//!
//! `cargo run --release -p dossier-kb --example kb_lookup -- [--date YYYY-MM-DD] [--kb FILE] NAME...`

use chrono::NaiveDate;
use dossier_kb::KnowledgeBase;

fn main() {
    let mut date = NaiveDate::from_ymd_opt(2019, 6, 1).unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    let mut user_files: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--date" => {
                if let Some(d) = args
                    .next()
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                {
                    date = d;
                }
            }
            "--kb" => user_files.extend(args.next()),
            _ => names.push(arg),
        }
    }
    let started = std::time::Instant::now();
    let mut kb = match KnowledgeBase::shipped() {
        Ok(kb) => kb,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    };
    let elapsed = started.elapsed();
    for file in &user_files {
        if let Err(err) = kb.extend_from_file(std::path::Path::new(file)) {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
    println!(
        "{} countries, {} places, {} organisations, {} persons, {} roles; parsed in {:.1} ms",
        kb.countries().len(),
        kb.places().len(),
        kb.organizations().len(),
        kb.persons().len(),
        kb.roles().len(),
        elapsed.as_secs_f64() * 1000.0
    );
    let probes = [
        "Serbia’s",
        "Kiev",
        "FSB",
        "Nikolay Patrushev",
        "the Serbian president",
        "Vucic",
        "Ruritania",
    ];
    let started = std::time::Instant::now();
    let mut n_found = 0usize;
    for _ in 0..1000 {
        for probe in probes {
            n_found += usize::from(kb.actor_code(probe, date).is_some());
        }
    }
    let per_lookup = started.elapsed().as_secs_f64() * 1e6 / (1000.0 * probes.len() as f64);
    println!("actor_code: {per_lookup:.1} µs per lookup ({n_found} found)");
    if names.is_empty() {
        names = [
            "Serbia’s",
            "Kiev",
            "FSB",
            "Nikolay Patrushev",
            "the Serbian president",
            "Vucic",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
    }
    for name in &names {
        println!("{name}:");
        if let Some(c) = kb.country(name) {
            println!("  country {} ({}, CAMEO {})", c.name, c.alpha3, c.cameo);
        }
        if let Some(p) = kb.place(name, None) {
            println!(
                "  place {} ({}) {:.2},{:.2} {}",
                p.name,
                p.country,
                p.lat,
                p.lon,
                p.kind.as_str()
            );
        }
        if let Some(o) = kb.organization(name) {
            println!("  organisation {} ({}, {})", o.name, o.country, o.cameo);
        }
        for role in kb.officeholders(name) {
            let holder = kb.holder(role).map(|p| p.name.as_str()).unwrap_or("?");
            let start = role.start.map(|d| d.to_string()).unwrap_or_default();
            let end = role.end.map(|d| d.to_string()).unwrap_or_default();
            println!(
                "  {holder}: {} ({}) {start}..{end} {}",
                role.title, role.country, role.code
            );
        }
        if let Some(p) = kb.holder_of_phrase(name, date) {
            println!("  on {date}: {}", p.name);
        }
        println!(
            "  actor code on {date}: {}",
            kb.actor_code(name, date).unwrap_or_else(|| "-".into())
        );
    }
}
