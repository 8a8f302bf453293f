//! Test helpers: a temporary folder with its own database, and the binary run inside it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary folder holding a database; files in it are removed when it drops.
pub struct TestDir {
    dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::tempdir().expect("cannot create a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    /// Writes `bytes` to `name` (creating folders) and returns the full path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("cannot create folder");
        }
        std::fs::write(&path, bytes).expect("cannot write file");
        path
    }

    /// Runs `dossier --db <test.db> ARGS...` and returns its output.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    /// As [`TestDir::run`], with `stdin` piped in.
    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
        command
            .arg("--db")
            .arg(self.db())
            .args(args)
            .current_dir(workspace_root());
        command.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("cannot start dossier");
        if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
            use std::io::Write;
            pipe.write_all(bytes).expect("cannot write stdin");
        }
        Run {
            output: child.wait_with_output().expect("dossier did not finish"),
            args: args.join(" "),
        }
    }
}

/// The output of one run of the binary.
pub struct Run {
    pub output: Output,
    pub args: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    /// Asserts the exit code, printing both streams when it differs.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "`dossier {}` exited {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.code(),
            self.stdout(),
            self.stderr()
        );
        assert!(
            !self.stderr().contains("panicked"),
            "`dossier {}` panicked:\n{}",
            self.args,
            self.stderr()
        );
        self
    }

    /// Parses stdout as JSON Lines.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout()
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|err| panic!("not JSON ({err}): {line}"))
            })
            .collect()
    }
}

/// The repository root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared folder beside the repository (`DOSSIER_SHARED` overrides), if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    dir.is_dir().then_some(dir)
}

/// Reads a JSON Lines file.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|err| panic!("not JSON ({err}): {line}"))
        })
        .collect()
}

/// The exported document whose source file name starts with `prefix`.
pub fn doc_from_file<'a>(docs: &'a [serde_json::Value], prefix: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|doc| {
            doc["source_path"]
                .as_str()
                .and_then(|p| p.rsplit('/').next())
                .is_some_and(|name| name.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no document from {prefix}"))
}
