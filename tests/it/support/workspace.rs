//! A scratch workspace: copies of the shipped `config.toml` and knowledge in a temporary
//! directory (with their own index and audit log), what a test reads back from it, and the
//! `missionbot` binary run on it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use missionbot::config::Config;
use missionbot::moderation::Entry;
use missionbot::store::files::audit::AuditLog;
use missionbot::store::knowledge::digest;
use missionbot::{Editor, Engine};

use super::shipped::{self, MISSIONBOT};

/// A scratch copy of config.toml and knowledge/, with its own index.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// The mission and the strategy, without the shipped glossary, so a test can add its own.
    pub fn new() -> Self {
        Self::copying(|name| name == "mission.toml" || name == "strategy.toml")
    }

    /// Every knowledge file the crate ships, the glossary included.
    pub fn with_all_knowledge() -> Self {
        Self::copying(|name| name.ends_with(".toml"))
    }

    /// The shipped config.toml with knowledge imported from another organization's document
    /// (`tests/data/orgs/DOCUMENT`) by `missionbot import DOCUMENT --organization NAME`.
    pub fn importing(document: &str, organization: &str) -> Self {
        let ws = Self::copying(|_| false);
        let file = shipped::root().join("tests/data/orgs").join(document);
        let output = ws.run(
            &[
                "import",
                file.to_str().expect("a UTF-8 path"),
                "--organization",
                organization,
            ],
            b"",
        );
        assert!(
            output.status.success(),
            "import {document}: {}",
            stderr(&output)
        );
        ws
    }

    /// An engine over this workspace's knowledge, indexed in memory, three passages an answer.
    pub fn engine(&self) -> Engine {
        Engine::in_memory_from(&self.path("knowledge"), 3).expect("the knowledge loads")
    }

    fn copying(wanted: impl Fn(&str) -> bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(
            shipped::root().join("config.toml"),
            dir.path().join("config.toml"),
        )
        .expect("copy config");
        let knowledge = dir.path().join("knowledge");
        std::fs::create_dir(&knowledge).expect("knowledge dir");
        for entry in std::fs::read_dir(shipped::knowledge_dir()).expect("knowledge/") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name").to_string_lossy();
            if wanted(&name) {
                std::fs::copy(&path, knowledge.join(&*name)).expect("copy knowledge");
            }
        }
        Self { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// An engine and an editor on this workspace's files, as `missionbot console --moderator`
    /// opens them: changes are written here.
    pub fn editor(&self) -> Editor {
        let config = Config::load(&self.path("config.toml"), true).expect("config loads");
        let engine = Arc::new(Engine::open(&config).expect("engine opens"));
        Editor::from_config(engine, &config).expect("the store opens")
    }

    /// How many changes the audit log records.
    pub fn audit_lines(&self) -> usize {
        std::fs::read_to_string(self.path("knowledge/audit.jsonl"))
            .map(|t| t.lines().count())
            .unwrap_or(0)
    }

    /// The audit log's entries, oldest first.
    pub fn audit_entries(&self) -> Vec<Entry> {
        AuditLog::new(self.path("knowledge/audit.jsonl"))
            .since(1)
            .expect("the audit log reads")
            .into_iter()
            .map(|logged| logged.entry)
            .collect()
    }

    /// The text of a knowledge file.
    pub fn knowledge_text(&self, file: &str) -> String {
        std::fs::read_to_string(self.path("knowledge").join(file)).expect("read knowledge")
    }

    /// Overwrites a knowledge file in place, as an editor saving it does.
    pub fn edit_knowledge(&self, file: &str, text: &str) {
        std::fs::write(self.path("knowledge").join(file), text).expect("write knowledge");
    }

    /// Every file the audit log records is on disk as the log last recorded it: nothing
    /// changed without an entry, and no entry claims a change that is not there.
    pub fn assert_disk_matches_audit(&self) {
        let entries = self.audit_entries();
        let mut files: Vec<String> = entries
            .iter()
            .flat_map(|e| e.files.iter().map(|f| f.file.clone()))
            .collect();
        files.sort();
        files.dedup();
        for file in &files {
            let file = file.as_str();
            if let Some(last) = entries.iter().rev().find_map(|e| e.file(file)) {
                let on_disk =
                    std::fs::read_to_string(self.path("knowledge").join(file)).unwrap_or_default();
                assert_eq!(
                    digest(&on_disk),
                    last.after,
                    "{file} differs from what the last change of it recorded"
                );
            }
        }
        let ids: Vec<u64> = entries.iter().map(|e| e.id).collect();
        let expected: Vec<u64> = (1..=entries.len() as u64).collect();
        assert_eq!(ids, expected, "audit ids are unique and sequential");
    }

    /// Every entry under knowledge/: a file's bytes, a symlink's target, `<dir>` for a directory.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.path("knowledge"))
    }

    /// The knowledge on disk loads and validates, as `missionbot check` would find; `after`
    /// says what the test did last. (The Discord tests' check, made in their own process.)
    #[cfg(feature = "discord")]
    pub fn assert_knowledge_loads(&self, after: &str) {
        if let Err(problems) = missionbot::knowledge::load(&self.path("knowledge")) {
            panic!("after {after}, the knowledge is invalid:\n{problems}");
        }
    }

    /// `missionbot check` passes on this workspace.
    pub fn assert_check_passes(&self) {
        let output = self.run(&["check"], b"");
        assert!(
            output.status.success(),
            "check after an edit: {}",
            stderr(&output)
        );
    }

    /// A `missionbot --config <ws>/config.toml ARGS` command, not started. It runs from another
    /// directory, so paths must resolve against the config file.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(MISSIONBOT);
        command
            .arg("--config")
            .arg(self.path("config.toml"))
            .args(args)
            .current_dir(std::env::temp_dir())
            .env("RUST_LOG", "warn");
        command
    }

    /// Runs `missionbot --config <ws>/config.toml ARGS` to its end, logging at info, feeding
    /// `stdin`.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .command(args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("missionbot starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write stdin");
        child.wait_with_output().expect("missionbot ends")
    }
}

/// Every entry under `dir` (names and bytes; symlinks as their target, `<dir>` for directories).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("list the directory") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().expect("file type");
        let bytes = if kind.is_symlink() {
            std::fs::read_link(entry.path())
                .expect("link")
                .to_string_lossy()
                .into_owned()
                .into_bytes()
        } else if kind.is_dir() {
            b"<dir>".to_vec()
        } else {
            std::fs::read(entry.path()).expect("read")
        };
        files.insert(name, bytes);
    }
    files
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
