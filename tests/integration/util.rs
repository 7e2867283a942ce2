//! Test harness: a fresh temporary database per test, the real `duban`
//! binary, and the bundled gazettes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary directory holding one test's database.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Panics with both streams unless the command succeeded.
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "duban failed:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("测试 数据库.db");
        Env { dir, db }
    }

    /// Runs `duban` against this test's database, with the clock and user
    /// pinned.
    pub fn duban<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_duban"))
            .args(args)
            .env("DUBAN_DB", &self.db)
            .env("DUBAN_USER", "测试员")
            .env("DUBAN_TODAY", "2023-08-01")
            .env("COLUMNS", "200")
            .output()
            .expect("run duban");
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A bundled gazette under `data/gazettes`.
pub fn gazette(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazettes").join(name)
}

/// A database's bytes and its log's; `None` when there is no database.
pub type Snapshot = Option<(Vec<u8>, Option<Vec<u8>>)>;

/// The bytes of a database and of its write-ahead log, or `None` when the
/// database does not exist: equal snapshots mean nothing was written.
pub fn snapshot(path: &Path) -> Snapshot {
    let wal = path.with_file_name(format!("{}-wal", path.file_name()?.to_string_lossy()));
    Some((std::fs::read(path).ok()?, std::fs::read(wal).ok()))
}

/// Reads a seed through the library, without the binary.
pub fn read_seed(name: &str) -> duban::read::Gazette {
    let bytes = std::fs::read(gazette(name)).expect("seed");
    duban::read::read_gazette(&bytes).expect("readable seed")
}
