//! Moderators' live changes to the knowledge, a layer above the engine:
//! preview, apply, history, revert, their replies and their console syntax.
//!
//! A change is computed on the files as they are on disk (the source of truth),
//! validated as the whole knowledge it would make, written atomically, recorded
//! in the audit log, and only then acknowledged; the new knowledge is swapped
//! into the engine ([`crate::Engine::replace_knowledge`]), so the next question
//! sees it and questions asked meanwhile get the old answer or the new one,
//! never an error. Changes are serialized, and one based on knowledge that has
//! changed since its preview is refused.
//!
//! Owns: the [`Editor`], the audit log (`audit`), crash-safe file replacement
//! (`atomic_write`), moderator requests (`request`) and replies (`reply`).
//!
//! Must not know: transports (Discord and the console translate their input to
//! a [`Request`] and show the [`crate::Reply`]), tantivy.

pub mod atomic_write;
pub mod audit;
mod editor;
pub mod reply;
pub mod request;

use std::io;

pub use editor::{Editor, Preview, Store};
pub use request::{Draft, Request};

use crate::diagnostic::Diagnostics;
use crate::knowledge::edit::EditError;
use crate::search::SearchError;
use audit::AuditError;

#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("the knowledge changed since this change was previewed")]
    Stale,
    #[error("the change would leave the knowledge invalid:\n{0}")]
    Invalid(Diagnostics),
    /// The transport runs without an editor (knowledge not stored on disk).
    #[error("this bot's knowledge is not stored on disk and cannot be edited")]
    ReadOnly,
    #[error("cannot write the knowledge ({0}); nothing was changed")]
    Write(io::Error),
    #[error("the knowledge cannot be read:\n{0}")]
    Unreadable(Diagnostics),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error("there is no change {0}")]
    UnknownChange(u64),
    #[error(
        "change {id} cannot be reverted alone: later changes {later:?} touched the same text; revert those first"
    )]
    Conflict { id: u64, later: Vec<u64> },
    #[error(transparent)]
    Search(#[from] SearchError),
}
