//! The sample story end to end: timeline, modality, quotes, inferred dates, exports, the KB.
//! What is asserted is what examples/README.md says a correct run finds.

use serde_json::Value;

use crate::util::{doc_from_file, read_jsonl, shared_dir, workspace_root, TestDir};

fn built() -> TestDir {
    let dir = TestDir::new();
    let corpus = workspace_root().join("examples/corpus");
    dir.run(&["build", "-q", corpus.to_str().unwrap()])
        .expect_code(0);
    dir
}

#[test]
fn the_memorandum_signing_is_one_event_told_by_three_outlets() {
    let dir = built();
    let events = dir
        .run(&[
            "timeline",
            "--from",
            "2020-02-26",
            "--to",
            "2020-02-26",
            "--json",
        ])
        .expect_code(0)
        .json_lines();
    let signing = events
        .iter()
        .filter(|event| {
            event["cameo"]
                .as_str()
                .is_some_and(|code| code.starts_with("057"))
        })
        .filter(|event| event["modality"] == "asserted")
        .max_by_key(|event| event["outlets"].as_u64())
        .unwrap_or_else(|| panic!("no signing on 2020-02-26 in {events:#?}"));
    assert!(signing["outlets"].as_u64() >= Some(3), "{signing:#}");
    let names: Vec<&str> = signing["outlet_names"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for outlet in ["Balkan Ledger", "Danube Wire", "Sarajevo Courier"] {
        assert!(names.contains(&outlet), "{outlet} is not among {names:?}");
    }
    // Veltra Energy did not sign: a negated event, never an asserted one.
    assert!(
        events.iter().any(|event| event["modality"] == "negated"
            && event["actors"].to_string().contains("Veltra")),
        "no negated signing by Veltra Energy in {events:#?}"
    );
}

#[test]
fn the_planned_vienna_meeting_is_future_and_dated_by_the_text() {
    let dir = built();
    let events = dir
        .run(&["timeline", "--modality", "future", "--json"])
        .expect_code(0)
        .json_lines();
    let vienna = events.iter().find(|event| event["date"] == "2024-12-04");
    let vienna = vienna.unwrap_or_else(|| panic!("no future event on 2024-12-04 in {events:#?}"));
    assert_eq!(vienna["location"]["name"], "Vienna", "{vienna:#}");
}

#[test]
fn quotes_have_speakers_and_scare_quotes_have_none() {
    let dir = built();
    let quotes = dir
        .run(&["quotes", "--speaker", "Šehović", "--json"])
        .expect_code(0)
        .json_lines();
    assert!(
        quotes.iter().any(|q| q["kind"] == "direct"
            && q["text"]
                .as_str()
                .is_some_and(|t| t.contains("Fish do not carry passports"))),
        "{quotes:#?}"
    );
    let terms = dir
        .run(&["quotes", "--kind", "term", "--json"])
        .expect_code(0)
        .json_lines();
    let dirty_deal = terms
        .iter()
        .find(|q| q["text"] == "dirty deal")
        .unwrap_or_else(|| panic!("{terms:#?}"));
    assert!(dirty_deal["speaker"].is_null());
    dir.run(&["quotes", "--kind", "nonsense"]).expect_code(1);
}

#[test]
fn publication_dates_are_stated_or_inferred_never_silently_guessed() {
    let dir = built();
    let out = dir.path().join("export");
    dir.run(&["export", "--out", out.to_str().unwrap()])
        .expect_code(0);
    let docs = read_jsonl(&out.join("documents.jsonl"));
    let d03 = doc_from_file(&docs, "03-");
    assert_eq!(d03["published"], "2020-02-26");
    assert_eq!(d03["published_from"], "inferred");
    assert!(d03["published_confidence"]
        .as_f64()
        .is_some_and(|c| c > 0.0 && c <= 1.0));
    let d12 = doc_from_file(&docs, "12-");
    let published = d12["published"].as_str().unwrap_or_default();
    assert!(
        ("2024-11-18"..="2024-11-20").contains(&published),
        "12 was dated {published}"
    );
    assert_eq!(doc_from_file(&docs, "01-")["published_from"], "metadata");
    assert_eq!(doc_from_file(&docs, "02-")["published_from"], "text");

    // "on Wednesday" in the Danube Wire feed item resolves against its published date.
    let times = read_jsonl(&out.join("times.jsonl"));
    let feed = doc_from_file(&docs, "04-");
    assert!(times.iter().any(|t| t["doc"] == feed["id"]
        && t["value"] == "2020-02-26"
        && t["anchor"] == "published"));
}

#[test]
fn different_counts_of_the_detained_are_kept_with_their_outlets() {
    let dir = built();
    let timeline = dir
        .run(&[
            "timeline",
            "--json",
            "--from",
            "2021-03-13",
            "--to",
            "2021-03-16",
        ])
        .expect_code(0)
        .json_lines();
    let detention = timeline
        .iter()
        .find(|event| {
            event["quantity_conflicts"]
                .as_array()
                .is_some_and(|claims| !claims.is_empty())
        })
        .unwrap_or_else(|| panic!("{timeline:#?}"));
    assert!(
        detention["cameo"]
            .as_str()
            .is_some_and(|c| c.starts_with("17")),
        "{detention:#}"
    );
    let claims: Vec<(u64, &str)> = detention["quantity_conflicts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|claim| {
            (
                claim["value"].as_u64().unwrap_or_default(),
                claim["outlet"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(claims.contains(&(7, "Danube Wire")), "{claims:?}");
    assert!(claims.contains(&(8, "Balkan Ledger")), "{claims:?}");
    // The text timeline says so too.
    let text = dir
        .run(&["timeline", "--from", "2021-03-13", "--to", "2021-03-16"])
        .expect_code(0)
        .stdout();
    assert!(text.contains("sources disagree on the numbers"), "{text}");
}

#[test]
fn gdelt_export_explodes_dyads_into_61_columns() {
    let dir = built();
    let out = dir.path().join("gdelt");
    dir.run(&[
        "export",
        "--format",
        "gdelt",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let table = std::fs::read_to_string(out.join("events.gdelt.tsv")).expect("events.gdelt.tsv");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|line| line.split('\t').collect())
        .collect();
    assert!(rows.len() > 10);
    assert!(
        rows.iter().all(|row| row.len() == 61),
        "a row is not 61 columns wide"
    );
    // SQLDATE is the event date, not the publication date.
    assert!(rows
        .iter()
        .any(|row| row[1] == "20200226" && row[26].starts_with("057")));
}

#[test]
fn the_knowledge_base_resolves_variants_and_dated_codes() {
    let dir = TestDir::new();
    let run = dir.run(&[
        "kb",
        "lookup",
        "Vucic",
        "FSB",
        "Serbia’s",
        "--date",
        "2016-10-26",
    ]);
    run.expect_code(0);
    let out = run.stdout();
    assert!(out.contains("Aleksandar Vučić\tSRB\tSRBGOV"), "{out}");
    assert!(out.contains("RUSSPY"), "{out}");
    assert!(out.contains("country:SRB"), "{out}");
    dir.run(&["kb", "lookup", "Zzyzx Qwerty"]).expect_code(1);
}

#[test]
fn evaluation_commands_print_their_figures() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let data = shared.join("data");
    let dir = TestDir::new();
    let run = |args: &[&str]| -> Value {
        let lines = dir.run(args).expect_code(0).json_lines();
        lines.into_iter().next().unwrap_or(Value::Null)
    };
    let ewt_dev = data.join("ud-english-ewt/en_ewt-ud-dev.conllu");
    let pos = run(&["eval", "pos", "--gold", ewt_dev.to_str().unwrap(), "--json"]);
    assert!(pos["accuracy"].as_f64() >= Some(95.0), "{pos}");
    let segment = run(&[
        "eval",
        "segment",
        "--gold",
        ewt_dev.to_str().unwrap(),
        "--json",
    ]);
    assert!(segment.is_object(), "{segment}");
    let ner = run(&[
        "eval",
        "ner",
        "--gold",
        data.join("conll2003/valid.txt").to_str().unwrap(),
        "--json",
    ]);
    assert!(ner["f1"].as_f64() >= Some(89.0), "{ner}");
    assert!(ner["per_type"]["PER"].is_object());
    let timebank = data.join("tempeval3/timebank");
    if timebank.is_dir() {
        let time = run(&[
            "eval",
            "time",
            "--gold",
            timebank.to_str().unwrap(),
            "--json",
        ]);
        assert!(time.is_object(), "{time}");
    }
}

#[test]
fn a_speaker_named_by_role_is_the_holder_on_the_document_date() {
    let dir = TestDir::new();
    for (name, year) in [("a.txt", 2016), ("b.txt", 2019)] {
        let text = format!(
            "Talks in Belgrade {year}\n\nBELGRADE, 26 October {year} – The talks lasted all day. “We will keep our policy,” the Serbian president said after the meeting in {year}.\n"
        );
        dir.write(name, text);
    }
    dir.run(&["build", "-q", dir.path().to_str().unwrap()])
        .expect_code(0);
    let quotes = dir.run(&["quotes", "--json"]).expect_code(0).json_lines();
    let speaker_in = |year: &str| {
        quotes
            .iter()
            .find(|q| q["published"].as_str().is_some_and(|p| p.starts_with(year)))
            .and_then(|q| q["speaker"]["name"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(speaker_in("2016"), "Tomislav Nikolić", "{quotes:#?}");
    assert_eq!(speaker_in("2019"), "Aleksandar Vučić", "{quotes:#?}");
}
