//! The editor: moderators' changes applied to the stored knowledge and
//! swapped into the engine, one at a time across every process on the same
//! store, each against the knowledge the previous one left; one whose
//! preview is stale is refused. Every change takes one path: a store
//! transaction, reconciled first (`reconcile`), then validated and recorded
//! (`change`).

use std::sync::{Arc, Mutex, RwLock};

use super::ModerationError;
use super::change::{self, Proposed};
use super::reconcile::{self, Stored};
use crate::diagnostic::Diagnostics;
use crate::engine::Engine;
use crate::knowledge::edit::{self, Diff, Edit};
use crate::knowledge::{Knowledge, PassageId, Texts, diff};
use crate::store::knowledge::{Entry, KnowledgeStore, StoreError, Transaction, Watching};

/// What a change will do, shown to the moderator before they confirm.
#[derive(Debug, Clone)]
pub struct Preview {
    pub edit: Edit,
    /// The stored texts the change is based on (a digest of their bytes);
    /// applying is refused if they changed since.
    pub based_on: String,
    pub diff: Diff,
}

/// Called after every change an editor made, with the edit (none for a
/// revert): what depends on the knowledge's changes (settling a taught
/// question) happens there, whichever transport made the change.
pub type AfterChange = Box<dyn Fn(Option<&Edit>) + Send + Sync>;

/// Makes `proposed` in `tx`; returns its last entry and the new knowledge.
fn commit(
    tx: &mut dyn Transaction,
    location: &std::path::Path,
    proposed: Proposed,
) -> Result<(Entry, Knowledge), ModerationError> {
    let (entry, after) = change::commit(tx, location, proposed)?;
    tracing::info!(change = entry.id, what = %entry.what, who = %entry.who, "knowledge changed");
    Ok((entry, after))
}

/// Moderators' changes to the knowledge of one engine, kept in a store.
///
/// Transports that allow changes hold an `Editor` beside the [`Engine`] it
/// changes; those that only answer hold the engine alone.
pub struct Editor {
    engine: Arc<Engine>,
    store: Arc<dyn KnowledgeStore>,
    after_change: RwLock<Vec<AfterChange>>,
    /// Called whenever the engine takes other knowledge, made here or elsewhere.
    after_swap: RwLock<Vec<Box<dyn Fn() + Send + Sync>>>,
    /// The stored texts (their fingerprint) last reported invalid.
    reported: Mutex<Option<String>>,
}

impl Editor {
    /// An editor for `engine`, whose knowledge lives in `store`. It first
    /// reconciles the store with its audit log (an edit made while nothing
    /// ran, a change a crash interrupted); a problem there is logged, and
    /// the next change reports it.
    pub fn new(engine: Arc<Engine>, store: Arc<dyn KnowledgeStore>) -> Self {
        let editor = Self {
            engine,
            store,
            after_change: RwLock::new(Vec::new()),
            after_swap: RwLock::new(Vec::new()),
            reported: Mutex::new(None),
        };
        if let Err(error) = editor.sync() {
            tracing::warn!(%error, "cannot reconcile the knowledge on disk with the audit log");
        }
        editor
    }

    /// An editor for `engine` over the store the configuration names.
    pub fn from_config(
        engine: Arc<Engine>,
        config: &crate::config::Config,
    ) -> Result<Self, StoreError> {
        Ok(Self::new(engine, crate::store::knowledge(config)?))
    }

    /// The engine whose knowledge this editor changes.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// The store the knowledge is kept in.
    pub fn store(&self) -> &Arc<dyn KnowledgeStore> {
        &self.store
    }

    /// Runs `after` after every change this editor makes from now on.
    pub fn after_change(&self, after: AfterChange) {
        match self.after_change.write() {
            Ok(mut hooks) => hooks.push(after),
            Err(poisoned) => poisoned.into_inner().push(after),
        }
    }

    /// Runs `after` whenever the engine takes other knowledge from now on:
    /// a change made here, or one taken in from the store (made by another
    /// process). What depends on the knowledge's shape (the slash commands'
    /// ranges) follows it there.
    pub fn after_swap(&self, after: Box<dyn Fn() + Send + Sync>) {
        match self.after_swap.write() {
            Ok(mut hooks) => hooks.push(after),
            Err(poisoned) => poisoned.into_inner().push(after),
        }
    }

    fn changed(&self, edit: Option<&Edit>) {
        let hooks = self.after_change.read().unwrap_or_else(|p| p.into_inner());
        for hook in hooks.iter() {
            hook(edit);
        }
    }

    /// Starts watching the store: an edit made outside this process is
    /// recorded and answered from within a moment, until the result drops.
    pub fn watch(self: &Arc<Self>) -> Result<Watching, StoreError> {
        let editor = Arc::downgrade(self);
        self.store.watch(Box::new(move || {
            let Some(editor) = editor.upgrade() else {
                return;
            };
            if let Err(error) = editor.sync() {
                tracing::warn!(%error, "cannot take in the knowledge edited on disk");
            }
        }))
    }

    /// Runs `work` with the store held (serialized in this process and
    /// across processes), after reconciling it with the audit log. A store
    /// another process holds for longer than a short wait refuses the change
    /// ([`ModerationError::Busy`]).
    fn transact<T>(
        &self,
        work: impl FnOnce(&mut dyn Transaction) -> Result<T, ModerationError>,
    ) -> Result<T, ModerationError> {
        let mut tx = self.store.begin()?;
        let stored = reconcile::reconcile(
            tx.as_mut(),
            self.store.location(),
            Some(&self.engine.knowledge()),
        )?;
        match stored {
            Stored::Same => {}
            Stored::Other(stored) => {
                self.swap(*stored, None);
                tracing::info!("knowledge reloaded from disk");
            }
            Stored::Invalid(problems) => self.report(&tx.texts().fingerprint(), &problems),
        }
        work(tx.as_mut())
    }

    /// Logs why the stored knowledge is invalid, once per distinct content of
    /// the files: every later change and every watch event finds the same
    /// problem until someone fixes it.
    fn report(&self, fingerprint: &str, problems: &Diagnostics) {
        let mut reported = self.reported.lock().unwrap_or_else(|p| p.into_inner());
        if reported.as_deref() == Some(fingerprint) {
            return;
        }
        *reported = Some(fingerprint.to_string());
        for problem in &problems.0 {
            tracing::warn!(%problem, "the knowledge on disk is invalid; answering from the knowledge loaded before");
        }
    }

    /// Makes `knowledge` the engine's. The change is stored and recorded
    /// whatever happens here; a failed index update only delays it to the
    /// next change or start.
    fn swap(&self, knowledge: Knowledge, change: Option<u64>) {
        if let Err(error) = self.engine.replace_knowledge(knowledge) {
            tracing::error!(%error, change, "the index could not take the change yet");
            return;
        }
        let hooks = self.after_swap.read().unwrap_or_else(|p| p.into_inner());
        for hook in hooks.iter() {
            hook();
        }
    }

    /// Brings the audit log and the engine up to the stored knowledge.
    /// Where the store cannot be held because it cannot be written, nobody
    /// changes it through an editor: the engine still takes the stored
    /// knowledge, and nothing is recorded.
    pub fn sync(&self) -> Result<(), ModerationError> {
        match self.transact(|_| Ok(())) {
            Err(ModerationError::Store(StoreError::ReadOnly(_))) => {
                let texts = self.store.read().map_err(ModerationError::Unreadable)?;
                let stored = change::current(self.store.location(), &texts)?;
                if *self.engine.knowledge() != stored {
                    self.swap(stored, None);
                    tracing::info!("knowledge reloaded from disk (read-only, not recorded)");
                }
                Ok(())
            }
            other => other,
        }
    }

    /// What `edit` would change, without changing anything.
    pub fn preview(&self, edit: &Edit) -> Result<Preview, ModerationError> {
        self.store.reachable()?;
        let texts = self.store.read().map_err(ModerationError::Unreadable)?;
        let location = self.store.location();
        let current = change::current(location, &texts)?;
        let after_text = edit::apply(edit, change::file_text(location, &texts, &edit.file())?)?;
        let (_, next) = change::next(location, &texts, &[(edit.file().to_string(), after_text)])?;
        Ok(Preview {
            edit: edit.clone(),
            based_on: texts.fingerprint(),
            diff: diff::between(&current, &next),
        })
    }

    /// Applies a previewed change for `who`; refused if the stored knowledge
    /// changed since the preview. Returns the audit entry once the change is
    /// durable and live.
    pub fn apply(&self, preview: &Preview, who: &str) -> Result<Entry, ModerationError> {
        let entry = self.transact(|tx| {
            if tx.texts().fingerprint() != preview.based_on {
                return Err(ModerationError::Stale);
            }
            let file = preview.edit.file();
            let before = change::file_text(self.store.location(), tx.texts(), &file)?;
            let after = edit::apply(&preview.edit, before)?;
            self.make(
                tx,
                Proposed {
                    who: who.to_string(),
                    what: preview.edit.describe(),
                    files: vec![(file.to_string(), after)],
                    reverts: None,
                },
            )
        })?;
        self.changed(Some(&preview.edit));
        Ok(entry)
    }

    /// Makes a change in `tx` and swaps it into the engine.
    fn make(&self, tx: &mut dyn Transaction, proposed: Proposed) -> Result<Entry, ModerationError> {
        let (entry, after) = commit(tx, self.store.location(), proposed)?;
        self.swap(after, Some(entry.id));
        Ok(entry)
    }

    /// Replaces whole files of `store` (an import, into a store that may
    /// hold no knowledge yet, so without an engine): one change, reconciled,
    /// validated and recorded like any other.
    pub fn import(
        store: &dyn KnowledgeStore,
        files: &Texts,
        who: &str,
        what: &str,
    ) -> Result<Entry, ModerationError> {
        let mut tx = store.begin()?;
        // Nothing answers from this store's knowledge here: whatever it is,
        // the import replaces it.
        reconcile::reconcile(tx.as_mut(), store.location(), None)?;
        let proposed = Proposed {
            who: who.to_string(),
            what: what.to_string(),
            files: files
                .iter()
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .collect(),
            reverts: None,
        };
        Ok(commit(tx.as_mut(), store.location(), proposed)?.0)
    }

    /// Recent changes, newest first, optionally only those touching one passage.
    pub fn history(
        &self,
        passage: Option<PassageId>,
        limit: usize,
    ) -> Result<Vec<Entry>, ModerationError> {
        let passage = passage.map(|id| id.to_string());
        Ok(self.store.history(passage.as_deref(), limit)?)
    }

    /// Restores the knowledge as it was before change `id`, as a new change.
    pub fn revert(&self, id: u64, who: &str) -> Result<Entry, ModerationError> {
        let entry = self.transact(|tx| {
            let entries = tx.since(id)?;
            let target = entries
                .first()
                .filter(|e| e.id == id)
                .ok_or(ModerationError::UnknownChange(id))?;
            // Each file back to what it held before, from what it holds now:
            // only when it still holds what the change left.
            let mut files = Vec::with_capacity(target.files.len());
            for change in &target.files {
                let before = tx
                    .texts()
                    .get(&change.file)
                    .and_then(|now| change.undo(now));
                let Some(before) = before else {
                    let later = entries[1..]
                        .iter()
                        .filter(|e| e.file(&change.file).is_some())
                        .map(|e| e.id)
                        .collect();
                    return Err(ModerationError::Conflict { id, later });
                };
                files.push((change.file.clone(), before));
            }
            self.make(
                tx,
                Proposed {
                    who: who.to_string(),
                    what: format!("revert {id}"),
                    files,
                    reverts: Some(id),
                },
            )
        })?;
        self.changed(None);
        Ok(entry)
    }
}
