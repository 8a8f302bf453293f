//! Prints the time expressions of a text given on the command line (development aid).
//!
//! `cargo run -p dossier-time --example tag -- 2016-10-26 "He spoke on Tuesday."`

fn main() {
    let mut args = std::env::args().skip(1);
    let dct = args
        .next()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let text: String = args.collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = text.chars().collect();
    for m in dossier_time::tag_text(&text, dct) {
        let s: String = chars
            .get(m.span.start as usize..m.span.end as usize)
            .unwrap_or(&[])
            .iter()
            .collect();
        println!("{s:?}\t{:?}\t{:?}\t{:?}", m.timex_type, m.value, m.anchor);
    }
}
