//! The editor: moderators' changes applied to the knowledge on disk and
//! swapped into the engine, one at a time across every process on the same
//! files, each against the knowledge the previous one left; one whose preview
//! is stale is refused. Every change goes through one locked path
//! (`transaction`), which also records edits made on disk (`reconcile`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::ModerationError;
use super::audit::{AuditLog, Entry};
use super::diff;
use super::transaction::{Change, Disk, PAUSE_VAR};
use super::watch::{self, WatchError, Watching};
use crate::config::Config;
use crate::dir_lock::LockError;
use crate::engine::Engine;
use crate::knowledge::PassageId;
use crate::knowledge::edit::{self, Diff, Edit};

/// Where an engine's knowledge lives on disk, and its audit log.
#[derive(Debug, Clone)]
pub struct Store {
    pub knowledge_dir: PathBuf,
    pub audit: AuditLog,
}

impl Store {
    pub fn new(knowledge_dir: PathBuf, audit_log: PathBuf) -> Self {
        Self {
            knowledge_dir,
            audit: AuditLog::new(audit_log),
        }
    }
}

/// What a change will do, shown to the moderator before they confirm.
#[derive(Debug, Clone)]
pub struct Preview {
    pub edit: Edit,
    /// The knowledge files the change is based on (a digest of their bytes);
    /// applying is refused if they changed since.
    pub based_on: String,
    pub diff: Diff,
}

/// The text this process last saw of each knowledge file the audit log has
/// not recorded yet: the baseline an edit on disk is measured against.
pub type Seen = HashMap<String, String>;

/// Moderators' changes to the knowledge of one engine, stored on disk.
///
/// Transports that allow changes hold an `Editor` beside the [`Engine`] it
/// changes; those that only answer hold the engine alone.
pub struct Editor {
    engine: Arc<Engine>,
    pub(super) store: Store,
    /// Serializes this process's changes (the lock file serializes
    /// processes), and holds what it saw of each file.
    pub(super) seen: Mutex<Seen>,
    /// See [`PAUSE_VAR`].
    pub(super) pause_after_audit: bool,
}

impl Editor {
    /// An editor for `engine`, whose knowledge lives in `store`. It first
    /// reconciles the disk with the audit log (an edit made while nothing
    /// ran, a change a crash interrupted); a problem there is logged, and
    /// the next change reports it.
    pub fn new(engine: Arc<Engine>, store: Store) -> Self {
        let editor = Self {
            engine,
            store,
            seen: Mutex::new(Seen::new()),
            pause_after_audit: std::env::var(PAUSE_VAR).is_ok_and(|v| v == "after-audit"),
        };
        if let Err(error) = editor.sync() {
            tracing::warn!(%error, "cannot reconcile the knowledge on disk with the audit log");
        }
        editor
    }

    /// An editor for `engine` over the knowledge directory and audit log the
    /// configuration names.
    pub fn from_config(engine: Arc<Engine>, config: &Config) -> Self {
        Self::new(
            engine,
            Store::new(config.knowledge_dir.clone(), config.audit_log.clone()),
        )
    }

    /// The engine whose knowledge this editor changes.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    pub fn knowledge_dir(&self) -> &Path {
        &self.store.knowledge_dir
    }

    /// Starts watching the knowledge directory: an edit made on disk is
    /// recorded and answered from within a moment, until the result drops.
    pub fn watch(self: &Arc<Self>) -> Result<Watching, WatchError> {
        watch::watch(self.clone())
    }

    /// Brings the audit log and the engine up to the knowledge on disk (see
    /// `reconcile`). Where the directory cannot be locked because it cannot
    /// be written, nobody changes it through an editor: the engine still
    /// takes the knowledge on disk, and nothing is recorded.
    pub fn sync(&self) -> Result<(), ModerationError> {
        match self.transact(|_| Ok(())) {
            Err(ModerationError::Write(error)) if is_read_only(&error) => {
                let on_disk = Disk::new(&self.store.knowledge_dir).knowledge()?;
                if *self.engine.knowledge() != on_disk {
                    self.engine.replace_knowledge(on_disk)?;
                    tracing::info!("knowledge reloaded from disk (read-only, not recorded)");
                }
                Ok(())
            }
            other => other,
        }
    }

    /// What `edit` would change, without changing anything.
    pub fn preview(&self, edit: &Edit) -> Result<Preview, ModerationError> {
        let disk = Disk::new(&self.store.knowledge_dir);
        let current = disk.knowledge()?;
        let before_text = disk.text(edit.file())?;
        let after_text = edit::apply(edit, &before_text)?;
        let next = disk.with(edit.file(), &after_text)?;
        Ok(Preview {
            edit: edit.clone(),
            based_on: disk.fingerprint()?,
            diff: diff::between(&current, &next),
        })
    }

    /// Applies a previewed change for `who`; refused if the knowledge on disk
    /// changed since the preview. Returns the audit entry once the change is
    /// durable and live.
    pub fn apply(&self, preview: &Preview, who: &str) -> Result<Entry, ModerationError> {
        self.transact(|locked| {
            if locked.disk.fingerprint()? != preview.based_on {
                return Err(ModerationError::Stale);
            }
            let file = preview.edit.file();
            let after = edit::apply(&preview.edit, &locked.disk.text(file)?)?;
            locked.commit(Change {
                who: who.to_string(),
                what: preview.edit.describe(),
                file: file.to_string(),
                file_after: after,
                reverts: None,
            })
        })
    }

    /// Recent changes, newest first, optionally only those touching one passage.
    pub fn history(
        &self,
        passage: Option<PassageId>,
        limit: usize,
    ) -> Result<Vec<Entry>, ModerationError> {
        let mut entries = self.store.audit.entries()?;
        if let Some(id) = passage {
            let id = id.to_string();
            entries.retain(|e| e.passages.contains(&id));
        }
        entries.reverse();
        entries.truncate(limit);
        Ok(entries)
    }

    /// Restores the knowledge as it was before change `id`, as a new change.
    pub fn revert(&self, id: u64, who: &str) -> Result<Entry, ModerationError> {
        self.transact(|locked| {
            let entries = locked.editor.store.audit.entries()?;
            let target = entries
                .iter()
                .find(|e| e.id == id)
                .ok_or(ModerationError::UnknownChange(id))?;
            if locked.disk.text(&target.file)? != target.file_after {
                let later = entries
                    .iter()
                    .filter(|e| e.id > id && e.file == target.file)
                    .map(|e| e.id)
                    .collect();
                return Err(ModerationError::Conflict { id, later });
            }
            locked.commit(Change {
                who: who.to_string(),
                what: format!("revert {id}"),
                file: target.file.clone(),
                file_after: target.file_before.clone(),
                reverts: Some(id),
            })
        })
    }
}

/// Whether a failure to open the lock file means the directory is not
/// writable (so nobody changes it through an editor).
fn is_read_only(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

impl From<LockError> for ModerationError {
    fn from(error: LockError) -> Self {
        match error {
            LockError::Busy { .. } => ModerationError::Busy,
            LockError::Io { source, .. } => ModerationError::Write(source),
        }
    }
}
