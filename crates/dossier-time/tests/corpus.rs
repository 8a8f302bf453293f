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
    assert!(r.relaxed.f1 >= 0.94, "relaxed F1 {}", r.relaxed.f1);
    assert!(r.strict.f1 >= 0.87, "strict F1 {}", r.strict.f1);
    assert!(r.value_f1 >= 0.82, "value F1 {}", r.value_f1);
}

#[test]
fn aquaint_floor() {
    let Some(r) = report("tempeval3/aquaint") else {
        return;
    };
    assert!(r.documents >= 70);
    assert!(r.relaxed.f1 >= 0.94, "relaxed F1 {}", r.relaxed.f1);
    assert!(r.strict.f1 >= 0.84, "strict F1 {}", r.strict.f1);
    assert!(r.value_f1 >= 0.78, "value F1 {}", r.value_f1);
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
