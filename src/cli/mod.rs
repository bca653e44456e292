//! The command line's one-shot commands, a transport like the console and
//! Discord: each opens what it needs from the configuration (through
//! [`crate::app`]), works through the core, and prints a reply for people
//! or JSON for scripts. `main.rs` only parses flags and calls one of them.

pub mod args;
mod changes;
mod check;
mod import;
mod learning;
mod ops;
mod passages;
mod search;
mod site;
mod store;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

pub use changes::{history, revert, teach, teach_arguments};
pub use check::check;
pub use import::{Import, import};
pub use learning::{gaps, purge, stats};
#[cfg(feature = "discord")]
pub use ops::invite;
pub use ops::{Into, OpsError, backup, health, init, restore};
pub use passages::passages;
pub use search::{Input, ask, eval, index, search};
pub use site::{Site, site};
pub use store::{StoreAction, store};

use crate::engine::EngineError;
use crate::reply::Reply;
use crate::reply::render::{self, Emphasis};

/// Why a command could not do its work (a reply that explains a refusal is
/// not an error: it is printed, and the command exits with failure).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("cannot start")]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    #[error("cannot write the output")]
    Output(#[from] io::Error),
    #[error("cannot write the output")]
    Json(#[from] serde_json::Error),
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Diagnostic(#[from] crate::diagnostic::Diagnostic),
    #[error("{0} is not UTF-8 text")]
    NotUtf8(PathBuf),
    #[error("cannot import {path}")]
    Import {
        path: PathBuf,
        #[source]
        source: crate::knowledge::import::ImportError,
    },
    #[error(
        "{0} already exists; pass --force to replace the knowledge base \
         (the audit log keeps the old files: `/history`, `/revert`)"
    )]
    Exists(PathBuf),
    #[error("cannot write the knowledge into {dir}")]
    Write {
        dir: PathBuf,
        #[source]
        source: crate::moderation::ModerationError,
    },
    #[error("cannot purge {db}")]
    Purge {
        db: PathBuf,
        #[source]
        source: crate::learning::LearningError,
    },
    #[error("{0}")]
    Usage(&'static str),
    #[error("the knowledge has no passage {0} (`missionbot passages` lists them)")]
    NoPassage(String),
    #[error(transparent)]
    Unresolved(crate::eval::Unresolved),
    #[error("the knowledge store")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot write {path}")]
    Written {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot publish the site")]
    Site(#[from] crate::site::SiteError),
    #[error(
        "the passage vectors could not be built (see the warning above); \
         the bot answers by words until they are"
    )]
    Vectors,
}

/// A reply for people, on stdout.
fn print(reply: &Reply) {
    print!("{}", render::plain(reply, Emphasis::Stars));
}

/// A refusal or problem, on stderr; the command fails.
fn refuse(reply: &Reply) -> ExitCode {
    eprint!("{}", render::plain(reply, Emphasis::Stars));
    ExitCode::FAILURE
}
