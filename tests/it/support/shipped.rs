//! The files the crate ships (`config.toml`, `knowledge/`) and an engine over the knowledge, as
//! the tests that only read them use them.

use std::path::{Path, PathBuf};

use missionbot::Engine;

/// The `missionbot` binary Cargo built for these tests.
pub const MISSIONBOT: &str = env!("CARGO_BIN_EXE_missionbot");

/// The crate's root, where `config.toml` and `knowledge/` are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn knowledge_dir() -> PathBuf {
    root().join("knowledge")
}

/// The shipped knowledge with an in-memory index and three passages an answer, as a fresh
/// config gives.
pub fn engine() -> Engine {
    Engine::in_memory_from(&knowledge_dir(), 3).expect("the shipped knowledge loads")
}
