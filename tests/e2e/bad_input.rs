//! Bad input: each file gets a one-line reason naming it, the build goes on, nothing panics.

use std::io::Write;

use crate::util::TestDir;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

#[test]
fn every_bad_file_is_skipped_with_a_reason_and_the_build_goes_on() {
    let dir = TestDir::new();
    let good = "A river report\n\nThe river authority published its yearly report on Monday. Officials said the water was cleaner than a year before.\n";
    dir.write("in/good.txt", good);
    dir.write(
        "in/binary.bin",
        [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 255, 254],
    );
    dir.write("in/empty.txt", "");
    dir.write("in/blank.txt", "  \n\n \t \n");
    // Windows-1252 text: invalid UTF-8, decoded with a warning rather than dropped.
    dir.write("in/latin.txt", b"Caf\xe9 owners protest\n\nThe owners of the caf\xe9 said the new rules were unfair to small businesses in the old town.\n");
    let mut truncated = gzip(b"{\"title\":\"One\",\"text\":\"The first line of the feed is a complete article about the harbour.\"}\n{\"title\":\"Two\",\"text\":\"The second article is about the bridge that opened in spring.\"}\n");
    truncated.truncate(truncated.len() - 12);
    dir.write("in/truncated.jsonl.gz", truncated);
    dir.write("in/mixed.jsonl", "{\"title\":\"Fine\",\"text\":\"This line is a fine article about a new school in the valley.\"}\n{not json at all\n");
    dir.write("in/broken.html", "<html><head><title>Broken page</title><body><p>The council met on Friday and voted to close the old mine after years of protests by residents.<p>Residents welcomed the decision, said the mayor.<div><span>");
    dir.write(
        "in/report.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("in"), dir.path().join("in/loop")).expect("symlink");
    let missing = dir.path().join("does-not-exist.txt");

    let run = dir.run(&[
        "build",
        dir.path().join("in").to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    run.expect_code(0);
    let stderr = run.stderr();
    for (file, reason) in [
        ("binary.bin", "binary"),
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("truncated.jsonl.gz", "gzip"),
        ("mixed.jsonl#2", "json"),
        ("report.pdf", ""),
        ("does-not-exist.txt", ""),
    ] {
        let line = stderr
            .lines()
            .find(|line| line.starts_with("skipped:") && line.contains(file))
            .unwrap_or_else(|| panic!("no skipped line for {file} in:\n{stderr}"));
        assert!(
            line.to_lowercase().contains(reason),
            "the reason for {file} does not mention {reason:?}: {line}"
        );
    }
    assert!(
        stderr.contains("loop"),
        "the symlink loop is not reported:\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("warning:") && line.contains("latin.txt")),
        "the Windows-1252 file has no warning:\n{stderr}"
    );
    let stdout = run.stdout();
    let summary = stdout
        .lines()
        .find(|line| line.contains("documents added"))
        .unwrap_or_default();
    assert!(
        summary.contains("8 skipped (") && summary.contains("binary: 1"),
        "no summary line with the skips counted by reason:\n{stdout}"
    );

    let docs = dir
        .run(&["documents", "--json"])
        .expect_code(0)
        .json_lines();
    let titles: Vec<&str> = docs
        .iter()
        .filter_map(|doc| doc["title"].as_str())
        .collect();
    for title in [
        "A river report",
        "Café owners protest",
        "One",
        "Fine",
        "Broken page",
    ] {
        assert!(
            titles.contains(&title),
            "{title:?} was not stored; stored: {titles:?}"
        );
    }
}

#[test]
fn nothing_readable_exits_1() {
    let dir = TestDir::new();
    dir.write("only/empty.txt", "");
    dir.run(&["build", dir.path().join("only").to_str().unwrap()])
        .expect_code(1);
}

#[test]
fn a_very_large_file_is_skipped_without_reading_it() {
    let dir = TestDir::new();
    let path = dir.path().join("huge.txt");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(100 * 1024 * 1024).expect("sparse 100 MB file");
    dir.write(
        "small.txt",
        "Small story\n\nA small story about a ferry that runs again after the storm.\n",
    );
    let run = dir.run(&[
        "build",
        path.to_str().unwrap(),
        dir.path().join("small.txt").to_str().unwrap(),
    ]);
    run.expect_code(0);
    assert!(
        run.stderr()
            .lines()
            .any(|line| line.contains("huge.txt") && line.starts_with("skipped:")),
        "{}",
        run.stderr()
    );
}

#[test]
fn standard_input_is_read() {
    let dir = TestDir::new();
    let text = b"Ferry strike ends\n\nBy Ana Horvat\n\nThe ferry workers ended their strike on Sunday after the company agreed to raise wages.\n";
    dir.run_with_stdin(&["build", "-"], Some(text))
        .expect_code(0);
    let docs = dir
        .run(&["documents", "--json"])
        .expect_code(0)
        .json_lines();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["title"], "Ferry strike ends");
    assert_eq!(docs[0]["source_path"], "-");
}

#[test]
fn commands_on_a_missing_database_fail_with_a_message() {
    let dir = TestDir::new();
    let run = dir.run(&["documents"]);
    run.expect_code(1);
    assert!(run.stderr().contains("no database"), "{}", run.stderr());
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let dir = TestDir::new();
    dir.write(
        "a.txt",
        "Title here\n\nA sentence about the harbour and its new cranes.\n",
    );
    dir.run(&["build", dir.path().join("a.txt").to_str().unwrap()])
        .expect_code(0);
    let run = dir.run(&["documents", "--from", "last tuesday"]);
    run.expect_code(1);
    assert!(run.stderr().contains("YYYY-MM-DD"), "{}", run.stderr());
    dir.run(&["no-such-command"]).expect_code(2);
}

#[test]
fn a_text_longer_than_an_article_is_stored_with_sentences_only() {
    let dir = TestDir::new();
    let mut text = String::from("A very long report\n\n");
    while text.len() < 300 * 1024 {
        text.push_str("On Tuesday the committee said that the river was cleaner than in 2019, according to Ana Kovač.\n\n");
    }
    dir.write("long.txt", &text);
    let run = dir.run(&["build", dir.path().join("long.txt").to_str().unwrap()]);
    run.expect_code(0);
    assert!(
        run.stderr().lines().any(|line| line.starts_with("warning:")
            && line.contains("long.txt")
            && line.contains("sentences only")),
        "{}",
        run.stderr()
    );
    let hits = dir
        .run(&["search", "committee", "--json"])
        .expect_code(0)
        .json_lines();
    assert!(!hits.is_empty());
}
