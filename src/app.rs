//! The bot assembled from its configuration, in one place: the knowledge
//! store, the engine over it, the editor, the learning store and the
//! moderators' desk, watching the store for edits made elsewhere, and the
//! site of the knowledge (`[site] out`) written after every change and once
//! a day. The console, the command line and Discord start from here, so
//! they are all wired alike.

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::desk::Desk;
use crate::engine::{Engine, EngineError};
use crate::learning::Learning;
use crate::moderation::Editor;
use crate::site::{self, Publisher, Publishing};
use crate::store::knowledge::Watching;

/// Longest a one-shot command waits for the passage vectors (a first build
/// embeds every passage); past it, or when the service fails, it answers by
/// words, as the bot does meanwhile.
pub const VECTORS_WAIT: Duration = Duration::from_secs(300);

/// A running process's parts.
pub struct App {
    pub engine: Arc<Engine>,
    pub editor: Arc<Editor>,
    pub learning: Arc<Learning>,
    pub desk: Arc<Desk>,
    /// The site of the knowledge, where `[site] out` is set: written after
    /// every change to the knowledge, made here or taken in.
    pub site: Option<Arc<Publisher>>,
    /// Edits made on disk are taken in while this is held (`None`: the
    /// process could not watch, and answers from what it loaded).
    watching: Option<Watching>,
    /// The site written now and its statistics daily, while this is held.
    publishing: Option<Publishing>,
}

impl App {
    /// The engine, editor, learning store and desk as configured; the editor
    /// reconciles the store with its audit log first.
    pub fn open(config: &Config) -> Result<Self, EngineError> {
        let store = crate::store::knowledge(config).map_err(EngineError::Store)?;
        let engine = Arc::new(match config.store {
            Some(_) => Engine::open_from(config, &*store)?,
            None => Engine::open(config)?,
        });
        let editor = Arc::new(Editor::new(engine.clone(), store.clone()));
        let learning = Arc::new(Learning::open(&config.learning));
        let desk = Arc::new(Desk::new(
            engine.clone(),
            Some(editor.clone()),
            learning.clone(),
        ));
        let site = config.site.out.as_ref().map(|out| {
            let publisher = Arc::new(Publisher::new(
                out.clone(),
                site::Options::from_config(&config.site),
                engine.clone(),
                store,
            ));
            let after = publisher.clone();
            editor.after_swap(Box::new(move || after.after_change()));
            publisher
        });
        Ok(Self {
            engine,
            editor,
            learning,
            desk,
            site,
            watching: None,
            publishing: None,
        })
    }

    /// Starts writing the site (where `[site] out` is set): every page
    /// now, the statistics again once a day, on a thread of its own while
    /// the process runs. Changes rewrite the page of the knowledge from
    /// [`App::open`] on, started or not.
    pub fn publish(mut self) -> Self {
        self.publishing = self
            .site
            .clone()
            .map(|site| Publishing::start(site, self.desk.clone()));
        self
    }

    /// Starts taking in edits made on disk while the process runs; a
    /// process that cannot watch still answers, from the knowledge it
    /// started with (and says so).
    pub fn watch(mut self) -> Self {
        self.watching = self
            .editor
            .watch()
            .inspect_err(|error| {
                tracing::warn!(%error, "edits made on disk are seen only after a restart");
            })
            .ok();
        self
    }

    /// Whether edits made on disk are being taken in.
    pub fn is_watching(&self) -> bool {
        self.watching.is_some()
    }
}

/// An engine for one-shot commands that measure semantic search (`eval`):
/// its passage vectors ready (or known to be unavailable), at most
/// [`VECTORS_WAIT`].
pub fn engine_ready(config: &Config) -> Result<Engine, EngineError> {
    let engine = Engine::open(config)?;
    engine.wait_for_semantic(VECTORS_WAIT);
    Ok(engine)
}

/// The longest a one-shot command that answers (`ask`, `search`, `gaps`,
/// `stats`) waits for semantic search: the configured `timeout_ms`, so a
/// service that hangs costs at most that (and the question's own request).
pub fn semantic_wait(config: &Config) -> Duration {
    config
        .semantic
        .as_ref()
        .map_or(Duration::ZERO, |s| Duration::from_millis(s.timeout_ms))
}

/// Who the audit log names for a change made from this machine's console
/// or command line.
pub fn local_user() -> String {
    std::env::var("USER").map_or_else(|_| "console".to_string(), |u| format!("console:{u}"))
}
