//! Shared by the integration tests that run the `missionbot` binary: a scratch
//! workspace (config + knowledge copied from the crate) and output helpers.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch copy of config.toml and knowledge/, with its own index.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(root().join("config.toml"), dir.path().join("config.toml"))
            .expect("copy config");
        let knowledge = dir.path().join("knowledge");
        std::fs::create_dir(&knowledge).expect("knowledge dir");
        for name in ["mission.toml", "strategy.toml"] {
            std::fs::copy(root().join("knowledge").join(name), knowledge.join(name))
                .expect("copy knowledge");
        }
        Self { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// A `missionbot --config <ws>/config.toml ARGS` command, not started.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_missionbot"));
        command
            .arg("--config")
            .arg(self.path("config.toml"))
            .args(args)
            .current_dir(std::env::temp_dir())
            .env("RUST_LOG", "warn");
        command
    }

    /// Runs `missionbot --config <ws>/config.toml ARGS` from another directory
    /// (paths must resolve against the config file), feeding `stdin`.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_missionbot"))
            .arg("--config")
            .arg(self.path("config.toml"))
            .args(args)
            .current_dir(std::env::temp_dir())
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

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
