//! Publishing the site into a directory: the page of the knowledge as the
//! engine has it now (after every change, hooked into the editor by
//! `app.rs`, and when a process starts), and the statistics page (on a
//! thread of its own, then once a day while a process runs, [`Publishing`]).
//! Pages are written one at a time and each from the knowledge as it is
//! when written, so the last page written is always of the latest
//! knowledge, whichever thread wrote last.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use super::page::{self, Facts};
use super::{INDEX, Options, STATS, SiteError, day, stats, write_page};
use crate::desk::Desk;
use crate::engine::Engine;
use crate::store::knowledge::KnowledgeStore;

/// How often a running process writes the statistics page.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Writes the site of one engine's knowledge into a directory.
pub struct Publisher {
    out: PathBuf,
    options: Options,
    engine: Arc<Engine>,
    /// Where the date of the last change is read (the audit log).
    store: Arc<dyn KnowledgeStore>,
    /// One page written at a time.
    writing: Mutex<()>,
}

impl Publisher {
    pub fn new(
        out: PathBuf,
        options: Options,
        engine: Arc<Engine>,
        store: Arc<dyn KnowledgeStore>,
    ) -> Self {
        Self {
            out,
            options,
            engine,
            store,
            writing: Mutex::new(()),
        }
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    pub fn options(&self) -> Options {
        self.options
    }

    /// The day of the last recorded change; none where nothing is recorded
    /// (or the record cannot be read, which is logged: the page is still
    /// written).
    fn last_change(&self) -> Option<String> {
        match self.store.history(None, 1) {
            Ok(entries) => entries.first().map(|e| e.at.chars().take(10).collect()),
            Err(error) => {
                tracing::warn!(%error, "the date of the last change cannot be read for the site");
                None
            }
        }
    }

    /// Writes `index.html` from the knowledge as it is now.
    pub fn knowledge(&self) -> Result<PathBuf, SiteError> {
        let _one = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let knowledge = self.engine.knowledge();
        let facts = Facts {
            last_change: self.last_change(),
            generated: day(SystemTime::now()),
            stats: self.options.stats,
        };
        write_page(&self.out, INDEX, &page::index(&knowledge, &facts))
    }

    /// Writes `stats.html` from what `desk` reads of the learning store.
    pub fn stats(&self, desk: &Desk) -> Result<PathBuf, SiteError> {
        let read = desk
            .stats(Some(self.options.days))
            .map_err(SiteError::Stats)?;
        let _one = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let html = stats::page(
            &self.engine.knowledge(),
            &read,
            SystemTime::now(),
            self.options.include_questions,
        );
        write_page(&self.out, STATS, &html)
    }

    /// After a change: the page of the knowledge again. A failure is
    /// logged; the change stands.
    pub fn after_change(&self) {
        match self.knowledge() {
            Ok(path) => tracing::debug!(page = %path.display(), "site written"),
            Err(error) => tracing::warn!(
                error = %crate::diagnostic::chain(&error),
                "the site could not be written"
            ),
        }
    }

    /// The statistics page, where it is on; a failure is logged.
    pub fn statistics(&self, desk: &Desk) {
        if !self.options.stats {
            return;
        }
        match self.stats(desk) {
            Ok(path) => tracing::debug!(page = %path.display(), "site statistics written"),
            Err(error) => tracing::warn!(
                error = %crate::diagnostic::chain(&error),
                "the site's statistics could not be written"
            ),
        }
    }
}

/// The site written now and the statistics once a day, on a thread of its
/// own, until this is dropped.
pub struct Publishing {
    /// Dropped, it wakes the thread, which ends.
    _stop: mpsc::Sender<()>,
    _thread: Option<JoinHandle<()>>,
}

impl Publishing {
    /// Writes `publisher`'s page of the knowledge now (it is there when
    /// this returns), then the statistics, read through `desk`, on a thread
    /// of its own, and both again once a day.
    pub fn start(publisher: Arc<Publisher>, desk: Arc<Desk>) -> Self {
        publisher.after_change();
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("site".into())
            .spawn(move || {
                loop {
                    publisher.statistics(&desk);
                    match stopped.recv_timeout(EVERY) {
                        Err(RecvTimeoutError::Timeout) => publisher.after_change(),
                        Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            })
            .inspect_err(|error| {
                tracing::warn!(%error, "the site is written only after changes");
            })
            .ok();
        Self {
            _stop: stop,
            _thread: thread,
        }
    }
}
