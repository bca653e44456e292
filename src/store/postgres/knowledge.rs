//! The knowledge in PostgreSQL: its texts (`knowledge_files`), its version
//! (`knowledge_head`) and its audit log (`knowledge_audit`), one more
//! implementation of the store seam ([`KnowledgeStore`], [`Transaction`]).
//!
//! A change is one database transaction: the version bumped only if it is
//! still the one the change was computed on (else it is refused as stale,
//! never merged; the row lock serializes editors as the directory lock
//! does), the new texts, the audit entry (its id the next in commit order)
//! and `NOTIFY`, acknowledged only after `COMMIT`. Nothing drifts: texts and
//! entry commit together, and nobody edits the rows by hand.
//!
//! Watching is a follower of its own: it LISTENs (a connection of its own),
//! then reads the version (NOTIFY is a hint, the version row the truth), and
//! again on every notification and every `poll_secs`; whenever the version
//! is past the one this process took, the callback (the editor's sync) runs.
//! Any failure starts it over, so a lost connection or notification is made
//! good by the next read.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::{PgPool, Row};

use super::cache::Cache;
use super::{CHANNEL, PgError, Postgres, now_rfc3339};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::store::knowledge::{
    Change, Drift, Entry, FileChange, KnowledgeStore, NewEntry, StoreError, Texts, Transaction,
    Watching,
};

/// The knowledge in one database.
pub struct PgKnowledge {
    pg: Arc<Postgres>,
    /// How problems and messages name it (`postgres://host/db`).
    location: PathBuf,
    cache: Cache,
    /// Serializes this process's transactions, so the engine takes versions
    /// in order.
    held: Mutex<()>,
    /// The version this process's engine took last (through a transaction).
    taken: Arc<AtomicI64>,
    /// The version last kept in the local copy.
    cached: AtomicI64,
}

impl PgKnowledge {
    pub fn new(pg: Arc<Postgres>) -> Self {
        let location = PathBuf::from(pg.url().to_string());
        let cache = Cache::new(&pg.config().cache_dir);
        Self {
            pg,
            location,
            cache,
            held: Mutex::new(()),
            taken: Arc::new(AtomicI64::new(-1)),
            cached: AtomicI64::new(-1),
        }
    }

    /// The version and the texts, read in one statement (one snapshot).
    fn fetch(&self) -> Result<(i64, Texts), PgError> {
        let (version, texts) = self.pg.run(|pool| read(pool, self.pg.sql()))?;
        self.keep(version, &texts);
        Ok((version, texts))
    }

    /// Keeps `texts` as the local copy, unless that version is kept already.
    fn keep(&self, version: i64, texts: &Texts) {
        if self.cached.swap(version, Ordering::AcqRel) != version {
            self.cache.keep(version, texts);
        }
    }

    /// The version recorded now.
    pub fn version(&self) -> Result<i64, PgError> {
        self.pg.run(|pool| head(pool, self.pg.sql()))
    }

    fn unavailable(error: PgError) -> StoreError {
        StoreError::Unavailable(Box::new(error))
    }

    fn problem(&self, message: String) -> Diagnostics {
        Diagnostics(vec![Diagnostic::file(&self.location, message)])
    }
}

/// The version row.
async fn head(pool: PgPool, sql: impl Fn(sqlx::Error) -> PgError) -> Result<i64, PgError> {
    sqlx::query_scalar("SELECT version FROM knowledge_head")
        .fetch_one(&pool)
        .await
        .map_err(sql)
}

/// The version and every text, in one snapshot.
async fn read(pool: PgPool, sql: impl Fn(sqlx::Error) -> PgError) -> Result<(i64, Texts), PgError> {
    let rows = sqlx::query(
        "SELECT h.version, f.name, f.body
         FROM knowledge_head h LEFT JOIN knowledge_files f ON true",
    )
    .fetch_all(&pool)
    .await
    .map_err(&sql)?;
    let mut version = 0;
    let mut texts = Texts::new();
    for row in rows {
        version = row.try_get(0).map_err(&sql)?;
        let name: Option<String> = row.try_get(1).map_err(&sql)?;
        let body: Option<String> = row.try_get(2).map_err(&sql)?;
        if let (Some(name), Some(body)) = (name, body) {
            texts.insert(&name, body);
        }
    }
    Ok((version, texts))
}

const ENTRY_COLUMNS: &str = "id, at, who, what, passages, diff, files, reverts";

fn entry(row: &sqlx::postgres::PgRow, url: &str) -> Result<Entry, PgError> {
    let sql = |source| PgError::Sql {
        url: url.to_string(),
        source,
    };
    let files: String = row.try_get("files").map_err(sql)?;
    let files: Vec<FileChange> = serde_json::from_str(&files).map_err(|error| PgError::Data {
        url: url.to_string(),
        what: format!("an audit entry's files do not read: {error}"),
    })?;
    let id: i64 = row.try_get("id").map_err(sql)?;
    let reverts: Option<i64> = row.try_get("reverts").map_err(sql)?;
    Ok(Entry {
        id: u64::try_from(id).unwrap_or(0),
        at: row.try_get("at").map_err(sql)?,
        who: row.try_get("who").map_err(sql)?,
        what: row.try_get("what").map_err(sql)?,
        passages: row.try_get("passages").map_err(sql)?,
        diff: row.try_get("diff").map_err(sql)?,
        files,
        reverts: reverts.and_then(|r| u64::try_from(r).ok()),
    })
}

impl KnowledgeStore for PgKnowledge {
    fn location(&self) -> &Path {
        &self.location
    }

    fn read(&self) -> Result<Texts, Diagnostics> {
        self.fetch()
            .map(|(_, texts)| texts)
            .map_err(|error| self.problem(crate::diagnostic::chain(&error)))
    }

    fn read_at_start(&self) -> Result<Texts, Diagnostics> {
        match self.fetch() {
            Ok((_, texts)) => Ok(texts),
            Err(error) => match self.cache.load() {
                Some((version, texts)) => {
                    tracing::warn!(
                        error = %crate::diagnostic::chain(&error),
                        version,
                        cache = %self.cache.path().display(),
                        "PostgreSQL cannot be reached: answering from this machine's copy of \
                         the knowledge, read-only until it answers"
                    );
                    Ok(texts)
                }
                None => Err(self.problem(format!(
                    "{}; and there is no copy of the knowledge on this machine ({}) to start \
                     from: start missionbot once PostgreSQL answers",
                    crate::diagnostic::chain(&error),
                    self.cache.path().display()
                ))),
            },
        }
    }

    fn reachable(&self) -> Result<(), StoreError> {
        self.version().map(drop).map_err(Self::unavailable)
    }

    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StoreError> {
        let held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let (version, texts) = self.fetch().map_err(Self::unavailable)?;
        self.taken.fetch_max(version, Ordering::AcqRel);
        Ok(Box::new(PgTransaction {
            store: self,
            _held: held,
            texts,
            version,
        }))
    }

    fn history(&self, passage: Option<&str>, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let passage = passage.map(str::to_string);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let url = self.pg.url().to_string();
        let sql = self.pg.sql();
        self.pg
            .run(move |pool| async move {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {ENTRY_COLUMNS} FROM knowledge_audit
                     WHERE $1::text IS NULL OR $1 = ANY (passages)
                     ORDER BY id DESC LIMIT $2"
                )))
                .bind(passage)
                .bind(limit)
                .fetch_all(&pool)
                .await
                .map_err(sql)?;
                rows.iter().map(|row| entry(row, &url)).collect()
            })
            .map_err(Self::unavailable)
    }

    fn watch(&self, changed: Box<dyn Fn() + Send + Sync>) -> Result<Watching, StoreError> {
        let follower = Follower {
            pg: self.pg.clone(),
            taken: self.taken.clone(),
            changed: Arc::from(changed),
        };
        let task = self.pg.runtime.spawn(follower.run());
        tracing::info!(
            "following the knowledge in PostgreSQL (LISTEN, and a read every poll_secs)"
        );
        Ok(Watching::new(Abort(task.abort_handle())))
    }
}

/// Stops the follower when the watch drops.
struct Abort(tokio::task::AbortHandle);

impl Drop for Abort {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The knowledge held by this process for one change: the version and the
/// texts it read; the commit refuses a version that moved on.
struct PgTransaction<'a> {
    store: &'a PgKnowledge,
    _held: MutexGuard<'a, ()>,
    texts: Texts,
    version: i64,
}

impl PgTransaction<'_> {
    /// Records `entry` with the texts of `files`, as one transaction on
    /// version `self.version`; returns the entry and the new version.
    fn write(
        &self,
        entry: NewEntry,
        files: Vec<(String, String)>,
    ) -> Result<(Entry, i64), StoreError> {
        let seen = self.version;
        let url = self.store.pg.url().to_string();
        let sql = self.store.pg.sql();
        let encoded = serde_json::to_string(&entry.files).map_err(|error| {
            StoreError::Unavailable(Box::new(PgError::Data {
                url: url.clone(),
                what: format!("an audit entry's files do not encode: {error}"),
            }))
        })?;
        let at = now_rfc3339();
        let outcome = self.store.pg.run(move |pool| async move {
            let mut tx = pool.begin().await.map_err(&sql)?;
            let bumped: Option<i64> = sqlx::query_scalar(
                "UPDATE knowledge_head SET version = version + 1 WHERE version = $1
                 RETURNING version",
            )
            .bind(seen)
            .fetch_optional(&mut *tx)
            .await
            .map_err(&sql)?;
            let Some(version) = bumped else {
                return Ok(None);
            };
            let id: i64 =
                sqlx::query_scalar("SELECT coalesce(max(id), 0) + 1 FROM knowledge_audit")
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(&sql)?;
            for (name, body) in &files {
                sqlx::query(
                    "INSERT INTO knowledge_files (name, body) VALUES ($1, $2)
                     ON CONFLICT (name) DO UPDATE SET body = excluded.body",
                )
                .bind(name)
                .bind(body)
                .execute(&mut *tx)
                .await
                .map_err(&sql)?;
            }
            let reverts = entry.reverts.and_then(|r| i64::try_from(r).ok());
            sqlx::query(
                "INSERT INTO knowledge_audit
                    (id, at, who, what, passages, diff, files, reverts, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(&at)
            .bind(&entry.who)
            .bind(&entry.what)
            .bind(&entry.passages)
            .bind(&entry.diff)
            .bind(&encoded)
            .bind(reverts)
            .bind(version)
            .execute(&mut *tx)
            .await
            .map_err(&sql)?;
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(version.to_string())
                .execute(&mut *tx)
                .await
                .map_err(&sql)?;
            tx.commit().await.map_err(&sql)?;
            Ok(Some((
                Entry {
                    id: u64::try_from(id).unwrap_or(0),
                    at,
                    who: entry.who,
                    what: entry.what,
                    passages: entry.passages,
                    diff: entry.diff,
                    files: entry.files,
                    reverts: entry.reverts,
                },
                version,
            )))
        });
        match outcome {
            Ok(Some(done)) => Ok(done),
            Ok(None) => Err(StoreError::Stale),
            Err(error) => Err(PgKnowledge::unavailable(error)),
        }
    }

    fn took(&mut self, version: i64) {
        self.version = version;
        self.store.taken.fetch_max(version, Ordering::AcqRel);
        self.store.keep(version, &self.texts);
    }
}

impl Transaction for PgTransaction<'_> {
    fn texts(&self) -> &Texts {
        &self.texts
    }

    fn since(&self, id: u64) -> Result<Vec<Entry>, StoreError> {
        let id = i64::try_from(id).unwrap_or(i64::MAX);
        let url = self.store.pg.url().to_string();
        let sql = self.store.pg.sql();
        self.store
            .pg
            .run(move |pool| async move {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {ENTRY_COLUMNS} FROM knowledge_audit WHERE id >= $1 ORDER BY id"
                )))
                .bind(id)
                .fetch_all(&pool)
                .await
                .map_err(sql)?;
                rows.iter().map(|row| entry(row, &url)).collect()
            })
            .map_err(PgKnowledge::unavailable)
    }

    fn drift(&mut self) -> Result<Vec<Drift>, StoreError> {
        // Texts and their entry commit together; nothing edits the rows
        // behind the store's back.
        Ok(Vec::new())
    }

    fn record(&mut self, entry: NewEntry) -> Result<Entry, StoreError> {
        let (recorded, version) = self.write(entry, Vec::new())?;
        self.took(version);
        Ok(recorded)
    }

    fn commit(&mut self, change: Change) -> Result<Entry, StoreError> {
        let entry = change.entry(&self.texts);
        let (recorded, version) = self.write(entry, change.files.clone())?;
        for (file, after) in change.files {
            self.texts.insert(&file, after);
        }
        self.took(version);
        Ok(recorded)
    }
}

/// A run of failed attempts to follow: logged once, retried with a growing pause.
struct Failing {
    on: bool,
    pause: Duration,
}

impl Default for Failing {
    fn default() -> Self {
        Self {
            on: false,
            pause: Duration::from_millis(100),
        }
    }
}

/// Hears of versions other processes commit, and has this process take them.
struct Follower {
    pg: Arc<Postgres>,
    taken: Arc<AtomicI64>,
    changed: Arc<dyn Fn() + Send + Sync>,
}

impl Follower {
    async fn run(self) {
        let mut failing = Failing::default();
        loop {
            if let Err(error) = self.follow(&mut failing).await
                && !failing.on
            {
                tracing::warn!(
                    error = %crate::diagnostic::chain(&error),
                    version = self.taken.load(Ordering::Acquire),
                    "cannot follow the knowledge in PostgreSQL; answering from the version \
                     loaded until it answers"
                );
                failing.on = true;
            }
            tokio::time::sleep(failing.pause).await;
            failing.pause = (failing.pause * 2).min(Duration::from_secs(2));
        }
    }

    /// One LISTEN connection's life: catches up first, then on every
    /// notification and every `poll_secs`. Returns when the connection is
    /// lost (or never came).
    async fn follow(&self, failing: &mut Failing) -> Result<(), PgError> {
        let sql = self.pg.sql();
        let options = self.pg.options.clone().ok_or_else(|| PgError::Data {
            url: self.pg.url().to_string(),
            what: "store.url cannot be read".to_string(),
        })?;
        // A pool of one, the listener's own: not one of the pool's
        // connections held forever.
        let own = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_millis(self.pg.config().acquire_timeout_ms))
            .connect_lazy_with(options);
        let mut listener = PgListener::connect_with(&own).await.map_err(&sql)?;
        listener.listen(CHANNEL).await.map_err(&sql)?;
        let poll = Duration::from_secs(self.pg.config().poll_secs);
        self.catch_up().await?;
        if failing.on {
            tracing::info!("following the knowledge in PostgreSQL again");
        }
        *failing = Failing::default();
        loop {
            tokio::select! {
                heard = listener.try_recv() => match heard {
                    Ok(Some(_)) => {
                        // Several queued: one read takes the latest.
                        while listener.next_buffered().is_some() {}
                        self.catch_up().await?;
                    }
                    // The connection was lost (and notifications with it).
                    Ok(None) => return Ok(()),
                    Err(error) => return Err(sql(error)),
                },
                () = tokio::time::sleep(poll) => self.catch_up().await?,
            }
        }
    }

    /// Reads the version; past the one taken, the process takes it.
    async fn catch_up(&self) -> Result<(), PgError> {
        let pool = self.pg.pool()?;
        let version = head(pool, self.pg.sql()).await?;
        if version > self.taken.load(Ordering::Acquire) {
            tracing::debug!(version, "the knowledge changed elsewhere");
            let changed = self.changed.clone();
            if tokio::task::spawn_blocking(move || changed())
                .await
                .is_err()
            {
                tracing::error!("taking in a change made elsewhere panicked");
            }
        }
        Ok(())
    }
}
