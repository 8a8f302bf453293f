//! Prints the tagger's errors on a TimeML folder, then the scores (development aid).
//!
//! `cargo run --release -p dossier-time --example eval_errors -- DIR [missed|spurious|value|all]`

use dossier_time::eval::{read_gold_dir, score_doc, TimeReport, Timex};

fn snippet(text: &str, t: &Timex) -> String {
    text.chars()
        .skip(t.span.start as usize)
        .take((t.span.end - t.span.start) as usize)
        .collect()
}

/// The expression with some words of context around it.
fn context(text: &str, t: &Timex) -> String {
    let start = t.span.start.saturating_sub(40) as usize;
    text.chars()
        .skip(start)
        .take((t.span.end - t.span.start) as usize + 80)
        .collect::<String>()
        .replace('\n', " ")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let what = args.next().unwrap_or_else(|| "all".into());
    let docs = match read_gold_dir(std::path::Path::new(&dir)) {
        Ok(docs) => docs,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    if what == "published" {
        let today = chrono::Utc::now().date_naive();
        for doc in &docs {
            let inferred = dossier_time::infer_published(&dossier_core::Doc::new(
                dossier_core::Meta::default(),
                doc.text.clone(),
            ));
            if let Some(i) = inferred {
                println!("{:?}\t{}\t{}\t{}", doc.dct, i.date, i.kind, i.evidence);
            }
        }
        let _ = today;
        return;
    }
    let mut report = TimeReport::default();
    for doc in &docs {
        let dct = doc.dct.map(|d| d.to_string()).unwrap_or_default();
        score_doc(doc, &mut report, &mut |g, p, text| match (g, p) {
            (Some(g), None) if what == "missed" || what == "all" => {
                println!(
                    "MISSED\t{:?}\t{:?}\t{}\t{}",
                    snippet(text, g),
                    g.timex_type,
                    g.value,
                    context(text, g)
                )
            }
            (None, Some(p)) if what == "spurious" || what == "all" => {
                println!(
                    "SPURIOUS\t{:?}\t{:?}\t{}\t{}",
                    snippet(text, p),
                    p.timex_type,
                    p.value,
                    context(text, p)
                )
            }
            (Some(g), Some(p)) if what == "span" && g.span != p.span => {
                println!("SPAN\t{:?}\t{:?}", snippet(text, g), snippet(text, p))
            }
            (Some(g), Some(p))
                if (what == "value" || what == "all")
                    && dossier_time::eval::normalise_value(&g.value)
                        != dossier_time::eval::normalise_value(&p.value) =>
            {
                println!(
                    "VALUE\t{:?}/{:?}\tgold {} {:?}\tpred {} {:?}\tdct {dct}\t{}",
                    snippet(text, g),
                    snippet(text, p),
                    g.value,
                    g.timex_type,
                    p.value,
                    p.timex_type,
                    context(text, g)
                )
            }
            _ => {}
        });
    }
    let json = serde_json::to_string(&report).unwrap_or_default();
    let mut report: TimeReport = report;
    // Recompute the derived figures through the public entry point's logic.
    report = dossier_time::eval::finish(report);
    println!("{report}");
    if let Ok(published) = dossier_time::eval::eval_published(std::path::Path::new(&dir)) {
        println!("{published}");
    }
    let _ = json;
}
