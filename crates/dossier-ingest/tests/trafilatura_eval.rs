//! Main-text extraction scored on trafilatura's benchmark pages (third-party data, read at
//! run time from the shared folder, never copied into the repository).

use dossier_ingest::eval::score_extraction;

use crate::util::shared_dir;

/// The F1 our reader reaches on the 106 cached pages (0.857), minus a small margin; a drop
/// below it means extraction got worse.
const F1_FLOOR: f64 = 0.84;

/// Correct metadata values reached (title 18/22, date 16/22, author 16/20, sitename 13/16),
/// minus one each.
const META_FLOORS: [(&str, usize); 4] = [
    ("title", 17),
    ("date", 15),
    ("author", 15),
    ("sitename", 12),
];

#[test]
fn extraction_f1_stays_above_floor() {
    let gold_dir = shared_dir().join("data/trafilatura-eval");
    if !gold_dir.join("evaldata.json").is_file() {
        println!("skipped: {} is absent", gold_dir.display());
        return;
    }
    let report = match score_extraction(&gold_dir, &|raw| raw.body) {
        Ok(report) => report,
        Err(err) => panic!("cannot score: {err}"),
    };
    println!("{report}");
    assert!(report.pages_scored >= 100, "{report}");
    assert!(
        report.f1 >= F1_FLOOR,
        "f1 {:.3} fell below {F1_FLOOR}\n{report}",
        report.f1
    );
    for (field, floor) in META_FLOORS {
        let score = report.metadata.iter().find(|s| s.field == field);
        let correct = score.map_or(0, |s| s.correct);
        assert!(
            correct >= floor,
            "{field}: {correct} correct, floor {floor}\n{report}"
        );
    }
}
