//! Moderators' live changes to the knowledge, a layer above the engine:
//! preview, apply, history, revert, their replies and their console syntax,
//! and edits made on disk taken in while the bot runs.
//!
//! A change is computed on the texts as stored (the source of truth),
//! validated as the whole knowledge it would make, recorded in the audit log
//! and stored (the store's transaction, [`crate::store`]), and only then
//! acknowledged; the new knowledge is swapped into the engine
//! ([`crate::Engine::replace_knowledge`]), so the next question sees it and
//! questions asked meanwhile get the old answer or the new one, never an
//! error. Changes are serialized across processes by the store, and one
//! based on knowledge that has changed since its preview is refused. An edit
//! made on disk is recorded in the audit log as one (who: `disk`) and
//! swapped in by every running process that watches the store.
//!
//! Owns: the [`Editor`] (preview, apply, import, history, revert, sync,
//! watch), the one path every change takes (`change`: validated, diffed,
//! recorded), reconciling the store with its audit log (`reconcile`),
//! moderator requests (`request`) and replies (`reply`), and what a change
//! did in moderators' words (`what`).
//!
//! Must not know: transports (Discord and the console translate their input to
//! a [`Request`] and show the [`crate::Reply`]), how the store keeps the
//! texts, tantivy.

mod change;
mod editor;
mod reconcile;
pub mod reply;
pub mod request;
pub mod what;

use std::io;

pub use crate::store::knowledge::Entry;
pub use editor::{AfterChange, Editor, Preview};
pub use reconcile::{DISK, MISSIONBOT};
pub use request::{Draft, Request};

use crate::diagnostic::Diagnostics;
use crate::knowledge::edit::EditError;
use crate::search::SearchError;
use crate::store::knowledge::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("the knowledge changed since this change was previewed")]
    Stale,
    /// Another process held the knowledge for the whole wait.
    #[error("another process is changing the knowledge; nothing was changed")]
    Busy,
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
    Store(StoreError),
    /// The store cannot be reached: changes wait for it, answers do not.
    #[error("changes are unavailable ({0}); answers are not affected, and nothing was changed")]
    Unavailable(StoreError),
    #[error("there is no change {0}")]
    UnknownChange(u64),
    #[error(
        "change {id} cannot be reverted alone: later changes {later:?} touched the same text; revert those first"
    )]
    Conflict { id: u64, later: Vec<u64> },
    #[error(transparent)]
    Search(#[from] SearchError),
}

impl From<StoreError> for ModerationError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Busy => ModerationError::Busy,
            StoreError::Stale => ModerationError::Stale,
            StoreError::Write(source) => ModerationError::Write(source),
            unavailable @ StoreError::Unavailable(_) => ModerationError::Unavailable(unavailable),
            other => ModerationError::Store(other),
        }
    }
}
