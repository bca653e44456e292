//! The learning store's seam: what `learning` writes (questions with their
//! passages, votes, settlements) and reads back (gap rows, the settled list,
//! the statistics' rows), as one trait, [`LearningStore`], with one
//! implementation per kind of store, and the one place that picks it from the
//! configuration ([`open`]). Today a SQLite file (`sqlite`); PostgreSQL is
//! one more implementation, not a fork of `learning`.
//!
//! Values cross the seam as plain rows: grouping, windows of days, replies
//! and normalizing text are the core's (`learning`), never a store's.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::LearningConfig;
use crate::store::sqlite::SqliteLearning;

/// How long a read or a write waits for another process's write before it
/// fails (each takes milliseconds).
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How a question's reply went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An answer (one that can be voted on).
    Answered,
    /// A part asked for by name, or an overview.
    Reference,
    /// "Nothing relevant".
    Nothing,
}

impl Outcome {
    /// How the store spells it.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Reference => "reference",
            Outcome::Nothing => "nothing",
        }
    }
}

/// One question as recorded. No user id: nothing here names who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// The process's handle on the question, for the votes on its answer.
    pub key: i64,
    /// When (milliseconds since the epoch, UTC).
    pub at: i64,
    /// Where it came from (`slash`, `mention`, `dm`, `channel`, `console`).
    pub source: &'static str,
    /// As asked.
    pub text: String,
    /// As grouped (the search's normalization, done by the core).
    pub normalized: String,
    pub outcome: Outcome,
    /// Passage ids by rank, and whether the answer showed them (else the
    /// question only came close to them).
    pub passages: Vec<(String, bool)>,
}

/// What one write holds: questions and votes, in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Asked(Asked),
    /// 👍 and 👎 to add to the counts of the answer under `key` (a changed
    /// vote moves one from one count to the other).
    Vote {
        key: i64,
        up: i64,
        down: i64,
    },
}

/// How a moderator took a question off the gap list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Taught to this passage: asked again later and still a gap, it comes back.
    Taught { passage: String },
    /// Not for the knowledge: off the list for good.
    Dismissed,
}

/// A recorded question that is a gap: unanswered or voted 👎, with words
/// left to group by, neither dismissed nor taught since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapRow {
    /// Its place in the order questions were recorded.
    pub id: i64,
    pub text: String,
    pub normalized: String,
    pub at: i64,
    pub down: u64,
    /// Its passages by rank.
    pub passages: Vec<String>,
}

/// A question a moderator taught or dismissed, by its normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledRow {
    pub normalized: String,
    /// The latest wording recorded with that text, if any is left.
    pub wording: Option<String>,
    pub dismissed: bool,
    /// The last question recorded when it was settled: those after it are
    /// asked again. An order of rows, not of clocks.
    pub upto: i64,
}

/// One day's questions (UTC).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Day {
    /// `2026-05-01`
    pub day: String,
    pub questions: u64,
    /// Those that got an answer (a part asked for by name included).
    pub answered: u64,
}

/// How often answers showed a passage, and the votes those answers got.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shown {
    pub id: String,
    pub shown: u64,
    pub up: u64,
    pub down: u64,
}

/// What the learning store could not do. Sources are kept; messages name
/// the file and what to do, never a statement's text.
#[derive(Debug, thiserror::Error)]
pub enum LearningStoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL (`[store]`) failed or cannot be reached.
    #[error("{0}")]
    Postgres(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} has schema version {found}, newer than this missionbot's {known}; \
         upgrade missionbot, or move the file away",
        path.display()
    )]
    Newer {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    /// A device, a directory, anything a store cannot be kept in.
    #[error(
        "{} is not a regular file: learning.db must name a file (created when missing), \
         or set learning.record = false",
        path.display()
    )]
    NotAFile { path: PathBuf },
    /// Tables that are not this missionbot's (another program's database).
    #[error(
        "{} is not a learning store of this missionbot (its table `{table}` {problem}); \
         move the file away, or set learning.db to another file",
        path.display()
    )]
    WrongSchema {
        path: PathBuf,
        table: String,
        problem: SchemaProblem,
    },
}

/// What is wrong with a table of a store that is not this missionbot's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaProblem {
    /// It exists in a file that has no schema version.
    Unversioned,
    /// It is not there.
    Missing,
    /// It lacks this column.
    Lacks(&'static str),
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaProblem::Unversioned => f.write_str("is there without a schema version"),
            SchemaProblem::Missing => f.write_str("is missing"),
            SchemaProblem::Lacks(column) => write!(f, "has no column `{column}`"),
        }
    }
}

/// What purging everything did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    /// Questions deleted.
    pub questions: usize,
    /// Where a copy of what was deleted is kept, if anything was (a file
    /// beside the store): a purge by mistake can be undone.
    pub copy: Option<PathBuf>,
}

/// Where learning is kept: what the core writes and reads, one
/// implementation per kind of store. A handle is used by one thread at a
/// time (the writer's, or a reader's).
pub trait LearningStore: Send {
    /// Writes `records` in one transaction: all of them, or none.
    fn write(&mut self, records: &[Record]) -> Result<(), LearningStoreError>;

    /// Takes the question normalized as `normalized` off the gap list, as of
    /// now (`at`, milliseconds): the questions recorded so far are settled,
    /// those recorded later are asked again. A second settlement replaces
    /// the first.
    fn settle(
        &mut self,
        normalized: &str,
        how: &Settlement,
        at: i64,
    ) -> Result<(), LearningStoreError>;

    /// Deletes what was recorded before `before` (milliseconds): questions
    /// with their passages, and settlements. Returns the questions deleted.
    fn purge_before(&mut self, before: i64) -> Result<usize, LearningStoreError>;

    /// Deletes everything recorded, after a copy of it is kept, and gives
    /// the space back (no deleted text left in the store).
    fn purge_all(&mut self) -> Result<Purged, LearningStoreError>;

    /// Calls `each` with every gap row recorded since `since`
    /// (milliseconds), oldest first, one at a time.
    fn gap_rows(&self, since: i64, each: &mut dyn FnMut(GapRow)) -> Result<(), LearningStoreError>;

    /// Every question taught or dismissed.
    fn settled(&self) -> Result<Vec<SettledRow>, LearningStoreError>;

    /// Questions per day since `since` (milliseconds), oldest first.
    fn per_day(&self, since: i64) -> Result<Vec<Day>, LearningStoreError>;

    /// The `limit` passages answers showed most since `since`
    /// (milliseconds), with the votes those answers got; most shown first,
    /// then by id.
    fn shown(&self, since: i64, limit: usize) -> Result<Vec<Shown>, LearningStoreError>;

    /// Whether what this handle writes to is no longer the store configured
    /// (its file deleted or replaced while open): the writer opens it again
    /// rather than write where no one reads.
    fn replaced(&self) -> bool {
        false
    }
}

/// The learning store `config` names, created when missing; writes wait up
/// to `wait` for another process's. The one place a kind of store is
/// chosen.
pub fn open(
    config: &LearningConfig,
    wait: Duration,
) -> Result<Box<dyn LearningStore>, LearningStoreError> {
    #[cfg(feature = "postgres")]
    if let Some(store) = &config.postgres {
        let pg = crate::store::postgres::Postgres::shared(store)
            .map_err(|error| LearningStoreError::Postgres(Box::new(error)))?;
        return Ok(Box::new(crate::store::postgres::PgLearning::new(pg)));
    }
    Ok(Box::new(SqliteLearning::open(&config.db, wait)?))
}

/// The learning store `config` names if there is one (`None`: nothing was
/// ever recorded there), never creating it.
pub fn open_existing(
    config: &LearningConfig,
    wait: Duration,
) -> Result<Option<Box<dyn LearningStore>>, LearningStoreError> {
    if config.postgres.is_none() && !config.db.exists() {
        return Ok(None);
    }
    open(config, wait).map(Some)
}

/// A store chosen at run time ([`open`]) is a store.
impl<T: LearningStore + ?Sized> LearningStore for Box<T> {
    fn write(&mut self, records: &[Record]) -> Result<(), LearningStoreError> {
        (**self).write(records)
    }
    fn settle(
        &mut self,
        normalized: &str,
        how: &Settlement,
        at: i64,
    ) -> Result<(), LearningStoreError> {
        (**self).settle(normalized, how, at)
    }
    fn purge_before(&mut self, before: i64) -> Result<usize, LearningStoreError> {
        (**self).purge_before(before)
    }
    fn purge_all(&mut self) -> Result<Purged, LearningStoreError> {
        (**self).purge_all()
    }
    fn gap_rows(&self, since: i64, each: &mut dyn FnMut(GapRow)) -> Result<(), LearningStoreError> {
        (**self).gap_rows(since, each)
    }
    fn settled(&self) -> Result<Vec<SettledRow>, LearningStoreError> {
        (**self).settled()
    }
    fn per_day(&self, since: i64) -> Result<Vec<Day>, LearningStoreError> {
        (**self).per_day(since)
    }
    fn shown(&self, since: i64, limit: usize) -> Result<Vec<Shown>, LearningStoreError> {
        (**self).shown(since, limit)
    }
    fn replaced(&self) -> bool {
        (**self).replaced()
    }
}
