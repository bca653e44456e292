//! The editor: moderators' changes applied to the knowledge on disk and
//! swapped into the engine. One change at a time, each against the knowledge
//! the previous one left; one whose preview is stale is refused.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::ModerationError;
use super::atomic_write::write_atomic;
use super::audit::{AuditLog, Entry, NewEntry};
use crate::config::Config;
use crate::diagnostic::{Diagnostics, read_text};
use crate::engine::Engine;
use crate::knowledge::edit::{self, Diff, Edit};
use crate::knowledge::{self, Knowledge, PassageId};
use crate::reply::citation::citation;

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
    /// The knowledge the change is based on; applying is refused if it moved on.
    pub based_on: String,
    pub diff: Diff,
}

/// The passages of a knowledge base labelled as citations, and its glossary,
/// for diffs.
fn labelled(knowledge: &Knowledge) -> Vec<(String, String)> {
    let passages = knowledge.passages().iter().map(|p| {
        (
            format!("{}:", citation(knowledge, p.id, knowledge.language)),
            p.text.clone(),
        )
    });
    let glossary = knowledge.synonyms.iter().map(|s| {
        (
            "synonym:".to_string(),
            format!("{} → {}", s.words.join(", "), s.means),
        )
    });
    passages.chain(glossary).collect()
}

/// The ids of the passages a diff mentions, for `/history` of one passage.
fn passages_in(before: &Knowledge, after: &Knowledge, diff: &Diff) -> Vec<String> {
    let text = diff.to_string();
    let mut ids: Vec<String> = before
        .passages()
        .iter()
        .chain(after.passages())
        .filter(|p| {
            text.contains(&format!("{}:", citation(after, p.id, after.language)))
                || text.contains(&format!("{}:", citation(before, p.id, before.language)))
        })
        .map(|p| p.id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Moderators' changes to the knowledge of one engine, stored on disk.
///
/// Transports that allow changes hold an `Editor` beside the [`Engine`] it
/// changes; those that only answer hold the engine alone.
pub struct Editor {
    engine: Arc<Engine>,
    store: Store,
    /// Serializes changes: one at a time, each against the knowledge the
    /// previous one left.
    lock: Mutex<()>,
}

impl Editor {
    /// An editor for `engine`, whose knowledge lives in `store`.
    pub fn new(engine: Arc<Engine>, store: Store) -> Self {
        Self {
            engine,
            store,
            lock: Mutex::new(()),
        }
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

    /// The knowledge on disk, with one file's text replaced if given.
    fn load_disk(&self, replaced: Option<(&str, &str)>) -> Result<Knowledge, ModerationError> {
        let store = &self.store;
        let overrides: Vec<(&str, &str)> = replaced.into_iter().collect();
        knowledge::load_with(&store.knowledge_dir, &overrides).map_err(|d| {
            if replaced.is_some() {
                ModerationError::Invalid(d)
            } else {
                ModerationError::Unreadable(d)
            }
        })
    }

    fn file_text(&self, file: &str) -> Result<String, ModerationError> {
        let path = self.store.knowledge_dir.join(file);
        // The glossary is optional: a first synonym starts it.
        if file == knowledge::SYNONYMS_FILE && !path.exists() {
            return Ok(String::new());
        }
        read_text(&path).map_err(|d| ModerationError::Unreadable(Diagnostics(vec![d])))
    }

    /// What `edit` would change, without changing anything.
    pub fn preview(&self, edit: &Edit) -> Result<Preview, ModerationError> {
        let current = self.load_disk(None)?;
        let before_text = self.file_text(edit.file())?;
        let after_text = edit::apply(edit, &before_text)?;
        let next = self.load_disk(Some((edit.file(), &after_text)))?;
        Ok(Preview {
            edit: edit.clone(),
            based_on: current.content_hash(),
            diff: edit::diff(&labelled(&current), &labelled(&next)),
        })
    }

    /// Applies a previewed change for `who`; refused if the knowledge changed
    /// since the preview. Returns the audit entry once the change is durable.
    pub fn apply(&self, preview: &Preview, who: &str) -> Result<Entry, ModerationError> {
        let _serialized = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.load_disk(None)?;
        if current.content_hash() != preview.based_on {
            return Err(ModerationError::Stale);
        }
        let file = preview.edit.file();
        let before_text = self.file_text(file)?;
        let after_text = edit::apply(&preview.edit, &before_text)?;
        let next = self.load_disk(Some((file, &after_text)))?;
        let diff = edit::diff(&labelled(&current), &labelled(&next));
        self.commit(
            current,
            next,
            NewEntry {
                who: who.to_string(),
                what: preview.edit.describe(),
                passages: Vec::new(),
                diff: diff.to_string().lines().map(str::to_string).collect(),
                file: file.to_string(),
                file_before: before_text,
                file_after: after_text,
                reverts: None,
            },
            &diff,
        )
    }

    /// Writes the new file, records the change, and swaps the knowledge in.
    fn commit(
        &self,
        current: Knowledge,
        next: Knowledge,
        mut entry: NewEntry,
        diff: &Diff,
    ) -> Result<Entry, ModerationError> {
        let store = &self.store;
        entry.passages = passages_in(&current, &next, diff);
        let path = store.knowledge_dir.join(&entry.file);
        let file_before = entry.file_before.clone();
        write_atomic(&path, entry.file_after.as_bytes()).map_err(ModerationError::Write)?;
        let recorded = match store.audit.append(entry) {
            Ok(recorded) => recorded,
            Err(error) => {
                // A change that cannot be recorded is not made: put the file back.
                if let Err(restore) = write_atomic(&path, file_before.as_bytes()) {
                    tracing::error!(%restore, path = %path.display(), "cannot undo an unrecorded change");
                }
                return Err(error.into());
            }
        };
        if let Err(error) = self.engine.replace_knowledge(next) {
            // The change is on disk and recorded; the next start indexes it.
            tracing::error!(%error, change = recorded.id, "the index could not take the change yet");
        }
        tracing::info!(change = recorded.id, what = %recorded.what, "knowledge changed");
        Ok(recorded)
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
        let _serialized = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let entries = self.store.audit.entries()?;
        let target = entries
            .iter()
            .find(|e| e.id == id)
            .ok_or(ModerationError::UnknownChange(id))?;
        let current_text = self.file_text(&target.file)?;
        if current_text != target.file_after {
            let later = entries
                .iter()
                .filter(|e| e.id > id && e.file == target.file)
                .map(|e| e.id)
                .collect();
            return Err(ModerationError::Conflict { id, later });
        }
        let current = self.load_disk(None)?;
        let next = self.load_disk(Some((&target.file, &target.file_before)))?;
        let diff = edit::diff(&labelled(&current), &labelled(&next));
        self.commit(
            current,
            next,
            NewEntry {
                who: who.to_string(),
                what: format!("revert {id}"),
                passages: Vec::new(),
                diff: diff.to_string().lines().map(str::to_string).collect(),
                file: target.file.clone(),
                file_before: current_text,
                file_after: target.file_before.clone(),
                reverts: Some(id),
            },
            &diff,
        )
    }
}
