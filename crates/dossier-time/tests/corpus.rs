//! Floor tests on the shared TimeML corpora (TempEval-3 TimeBank and AQUAINT, MEANTIME):
//! the tagger must not fall below the figures it reached. Skipped (with a reason) when the
//! shared folder is absent.

use std::path::PathBuf;

use dossier_time::eval::{eval_timeml, TimeReport};

fn shared() -> PathBuf {
    match std::env::var_os("DOSSIER_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The report on `sub` under the shared data folder; `None` (skip) when it is absent.
fn report(sub: &str) -> Option<TimeReport> {
    let dir = shared().join("data").join(sub);
    if !dir.is_dir() {
        eprintln!("skipped: {} not found", dir.display());
        return None;
    }
    match eval_timeml(&dir) {
        Ok(report) => {
            eprintln!("{sub}:\n{report}");
            Some(report)
        }
        Err(e) => panic!("evaluation of {sub} failed: {e}"),
    }
}

#[test]
fn timebank_floor() {
    let Some(r) = report("tempeval3/timebank") else {
        return;
    };
    assert!(r.documents >= 180);
    assert!(r.relaxed.f1 >= 0.945, "relaxed F1 {}", r.relaxed.f1);
    assert!(r.strict.f1 >= 0.875, "strict F1 {}", r.strict.f1);
    assert!(r.value_f1 >= 0.835, "value F1 {}", r.value_f1);
}

#[test]
fn aquaint_floor() {
    let Some(r) = report("tempeval3/aquaint") else {
        return;
    };
    assert!(r.documents >= 70);
    assert!(r.relaxed.f1 >= 0.945, "relaxed F1 {}", r.relaxed.f1);
    assert!(r.strict.f1 >= 0.845, "strict F1 {}", r.strict.f1);
    assert!(r.value_f1 >= 0.784, "value F1 {}", r.value_f1);
}

/// TimeBank and AQUAINT scored as one set, as TempEval-3 reports them: counts summed, then
/// value F1 = value accuracy × relaxed F1.
#[test]
fn timebank_and_aquaint_together_floor() {
    let (Some(tb), Some(aq)) = (report("tempeval3/timebank"), report("tempeval3/aquaint")) else {
        return;
    };
    let matches = (tb.relaxed_matches + aq.relaxed_matches) as f64;
    let predicted = (tb.predicted + aq.predicted) as f64;
    let gold = (tb.gold + aq.gold) as f64;
    let relaxed_f1 = 2.0 * matches / (predicted + gold);
    let accuracy = (tb.value_correct + aq.value_correct) as f64 / matches;
    let value_f1 = accuracy * relaxed_f1;
    eprintln!("TimeBank+AQUAINT: relaxed F1 {relaxed_f1:.4}, value accuracy {accuracy:.4}, value F1 {value_f1:.4}");
    assert!(value_f1 >= 0.82, "value F1 {value_f1}");
}

#[test]
fn meantime_floor() {
    let Some(r) = report("meantime/intra_cross-doc_annotation") else {
        return;
    };
    assert!(r.documents >= 90);
    assert!(r.relaxed.f1 >= 0.88, "relaxed F1 {}", r.relaxed.f1);
    assert!(r.value_f1 >= 0.77, "value F1 {}", r.value_f1);
}

#[test]
fn meantime_publication_dates_are_inferred() {
    let dir = shared().join("data/meantime/intra_cross-doc_annotation");
    if !dir.is_dir() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let r = match dossier_time::eval::eval_published(&dir) {
        Ok(r) => r,
        Err(e) => panic!("evaluation failed: {e}"),
    };
    eprintln!("{r}");
    // The dateline is still in these texts, so inference finds the day.
    assert!(r.documents >= 85);
    assert!(r.exact as f64 >= 0.95 * r.documents as f64, "{r}");
    assert!(r.within_31_days as f64 >= 0.95 * r.documents as f64, "{r}");
}
