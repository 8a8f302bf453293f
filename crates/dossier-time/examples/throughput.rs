//! Measures tagging throughput on a folder of TimeML files (development aid).
//!
//! `cargo run --release -p dossier-time --example throughput -- DIR`

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let docs = match dossier_time::eval::read_gold_dir(std::path::Path::new(&dir)) {
        Ok(docs) => docs,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let t = dossier_time::measure_throughput(&texts);
    println!(
        "{} documents: {:.0} docs/s, {:.1} MB/s, {} expressions",
        texts.len(),
        t.docs_per_sec,
        t.mb_per_sec,
        t.expressions
    );
}
