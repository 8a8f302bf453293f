//! The README's main job: `dossier build examples/corpus`, then documents, search and export.

use crate::util::{read_jsonl, workspace_root, TestDir};

fn corpus() -> String {
    workspace_root()
        .join("examples/corpus")
        .to_string_lossy()
        .into_owned()
}

/// Number of articles in examples/corpus: one per file, two in the JSON Lines file.
fn expected_articles() -> usize {
    let mut n = 0;
    for entry in
        std::fs::read_dir(workspace_root().join("examples/corpus")).expect("examples/corpus")
    {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_string();
        if name.starts_with("manifest") {
            continue;
        }
        n += if name.ends_with(".jsonl") {
            std::fs::read_to_string(&path)
                .expect("jsonl")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
        } else {
            1
        };
    }
    n
}

#[test]
fn build_stores_every_sample_article_and_a_second_build_adds_nothing() {
    let dir = TestDir::new();
    let first = dir.run(&["build", &corpus()]);
    first.expect_code(0);
    assert!(
        !first.stderr().contains("skipped:"),
        "sample articles were skipped:\n{}",
        first.stderr()
    );
    let n = expected_articles();
    assert!(
        n >= 12,
        "the sample corpus should hold at least 12 articles, found {n}"
    );
    assert!(
        first.stdout().contains(&format!("{n} documents added")),
        "{}",
        first.stdout()
    );

    let second = dir.run(&["build", &corpus()]);
    second.expect_code(0);
    assert!(
        second.stdout().contains("0 documents added"),
        "{}",
        second.stdout()
    );
    assert!(
        second.stdout().contains(&format!("{n} duplicates")),
        "{}",
        second.stdout()
    );

    let docs = dir
        .run(&["documents", "--json"])
        .expect_code(0)
        .json_lines();
    assert_eq!(docs.len(), n);
    for doc in &docs {
        assert!(
            doc["title"].as_str().is_some_and(|t| !t.is_empty()),
            "a document has no title: {doc}"
        );
        assert!(
            doc["outlet"].as_str().is_some_and(|t| !t.is_empty()),
            "a document has no outlet: {doc}"
        );
    }
}

#[test]
fn search_ranks_and_highlights() {
    let dir = TestDir::new();
    dir.run(&["build", &corpus()]).expect_code(0);
    let hits = dir
        .run(&["search", "memorandum", "--json"])
        .expect_code(0)
        .json_lines();
    assert!(!hits.is_empty());
    for hit in &hits {
        let snippet = hit["snippet"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            snippet.contains("[memorandum"),
            "not highlighted: {snippet}"
        );
        assert!(hit["title"].is_string());
    }
    let none = dir.run(&["search", "zzzyzzyx"]);
    none.expect_code(1);
    // Hostile FTS syntax is an error message or a result, never a crash.
    for query in ["\"", "AND OR", ")(", "NEAR(", "*"] {
        let run = dir.run(&["search", query]);
        assert!(
            [0, 1].contains(&run.code()),
            "search {query:?}: {}",
            run.stderr()
        );
        assert!(!run.stderr().contains("panicked"));
    }
}

#[test]
fn export_writes_the_contract_files() {
    let dir = TestDir::new();
    dir.run(&["build", &corpus()]).expect_code(0);
    let out = dir.path().join("export");
    dir.run(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    for name in [
        "documents",
        "entities",
        "mentions",
        "times",
        "quotes",
        "events",
    ] {
        assert!(
            out.join(format!("{name}.jsonl")).is_file(),
            "{name}.jsonl missing"
        );
    }
    let docs = read_jsonl(&out.join("documents.jsonl"));
    assert_eq!(docs.len(), expected_articles());
    for doc in &docs {
        for field in [
            "id",
            "source_path",
            "title",
            "outlet",
            "authors",
            "url",
            "published",
            "published_from",
            "language",
            "text",
            "removed",
        ] {
            assert!(
                doc.get(field).is_some(),
                "documents.jsonl lacks {field}: {doc}"
            );
        }
        assert!(doc["authors"].is_array() && doc["removed"].is_array());
        if !doc["published"].is_null() {
            let from = doc["published_from"].as_str().unwrap_or_default();
            assert!(
                ["metadata", "text", "inferred"].contains(&from),
                "bad published_from {from}"
            );
        }
    }
    // Boilerplate of the sample corpus is removed and recorded.
    let removed: Vec<&str> = docs
        .iter()
        .flat_map(|doc| doc["removed"].as_array().into_iter().flatten())
        .filter_map(|b| b["reason"].as_str())
        .collect();
    for reason in ["donation", "related"] {
        assert!(
            removed.contains(&reason),
            "no {reason} block removed; removed: {removed:?}"
        );
    }
    for doc in &docs {
        let text = doc["text"].as_str().unwrap_or_default();
        assert!(
            !text.contains("Read also"),
            "boilerplate left in {}",
            doc["source_path"]
        );
    }

    dir.run(&[
        "export",
        "--format",
        "csv",
        "--out",
        dir.path().join("csv").to_str().unwrap(),
    ])
    .expect_code(0);
    let csv = std::fs::read_to_string(dir.path().join("csv/documents.csv")).expect("documents.csv");
    assert!(
        csv.starts_with("authors,") || csv.contains("id"),
        "{}",
        &csv[..csv.len().min(200)]
    );
}
