//! Probe: prints what rs-trafilatura makes of an HTML file.
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let html = String::from_utf8_lossy(&bytes);
    match rs_trafilatura::extract(&html) {
        Ok(r) => {
            println!(
                "TITLE {:?}\nDATE {:?}\nAUTHOR {:?}\nSITE {:?}",
                r.metadata.title, r.metadata.date, r.metadata.author, r.metadata.sitename
            );
            println!("---TEXT---\n{}", r.content_text);
            println!("---HTML---\n{}", r.content_html.unwrap_or_default());
        }
        Err(e) => println!("ERR {e}"),
    }
}
