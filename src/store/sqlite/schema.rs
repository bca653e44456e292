//! The learning store's schema in SQLite: one step per version, versioned in
//! `PRAGMA user_version` and migrated on open; a store written by a newer
//! build is refused, not changed.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::store::learning::{LearningStoreError, SchemaProblem};

/// Each table and the columns this build reads and writes.
const TABLES: &[(&str, &[&str])] = &[
    (
        "questions",
        &[
            "id",
            "key",
            "at",
            "source",
            "text",
            "normalized",
            "outcome",
            "up",
            "down",
        ],
    ),
    ("passages", &["question", "rank", "passage", "shown"]),
    ("settled", &["normalized", "how", "passage", "at", "upto"]),
];

/// The schema, one step per version: `MIGRATIONS[i]` takes a store from
/// version `i` to `i + 1`. Steps are only ever appended, never edited.
///
/// - `questions`: one row per question asked: when (milliseconds since the
///   epoch, UTC), where (`slash`, `mention`, `dm`, `channel`, `console`), its
///   text as asked and normalized, the outcome (`answered`, `reference`,
///   `nothing`), the 👍 and 👎 its answer got, and `key`, the process's
///   handle on the row for those votes. No user id.
/// - `passages`: the passages an answer showed (`shown = 1`), or for
///   `nothing` those it came closest to (`shown = 0`), by rank.
/// - `settled`: questions taken off the gap list, by normalized text:
///   `taught` (to `passage`, at `at`) or `dismissed`; `upto` (version 2) is
///   the last question recorded when it was settled: those after it are
///   asked again. An order of rows, not of clocks: a question asked in the
///   same millisecond as it was taught is still after it.
pub(super) const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        key INTEGER NOT NULL,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        normalized TEXT NOT NULL,
        outcome TEXT NOT NULL,
        up INTEGER NOT NULL DEFAULT 0,
        down INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX questions_at ON questions (at);
    CREATE INDEX questions_key ON questions (key);
    CREATE INDEX questions_normalized ON questions (normalized);
    CREATE TABLE passages (
        question INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        passage TEXT NOT NULL,
        shown INTEGER NOT NULL,
        PRIMARY KEY (question, rank)
    );
    CREATE INDEX passages_passage ON passages (passage);
    CREATE TABLE settled (
        normalized TEXT PRIMARY KEY,
        how TEXT NOT NULL,
        passage TEXT,
        at INTEGER NOT NULL
    );
",
    "
    ALTER TABLE settled ADD COLUMN upto INTEGER NOT NULL DEFAULT 0;
    UPDATE settled SET upto =
        (SELECT coalesce(max(id), 0) FROM questions q WHERE q.at <= settled.at);
",
];

/// The schema version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the schema of the store at `path` to [`VERSION`], one step at a
/// time, each in a transaction that holds the write lock: of two processes
/// starting at once, the second sees the first's work and does nothing.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), LearningStoreError> {
    let version = |conn: &Connection| -> rusqlite::Result<u32> {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
    };
    if version(conn)? == VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = version(&tx)?;
    if found > VERSION {
        return Err(LearningStoreError::Newer {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    if found == 0 {
        // A file with tables but no version is another program's database.
        let other: Option<String> = tx
            .query_row(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(table) = other {
            return Err(LearningStoreError::WrongSchema {
                path: path.to_path_buf(),
                table,
                problem: SchemaProblem::Unversioned,
            });
        }
    }
    for step in &MIGRATIONS[found as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    if found > 0 {
        tracing::info!(from = found, to = VERSION, "migrated the learning store");
    }
    Ok(())
}

/// Refuses a store whose tables lack what this build reads and writes (one
/// at its version, but another program's), naming the table and column,
/// never a statement.
pub(super) fn check(conn: &Connection, path: &Path) -> Result<(), LearningStoreError> {
    for &(table, columns) in TABLES {
        let mut info = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
        let found: Vec<String> = info
            .query_map([table], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let problem = match found.is_empty() {
            true => Some(SchemaProblem::Missing),
            false => columns
                .iter()
                .find(|c| !found.iter().any(|f| f == *c))
                .map(|c| SchemaProblem::Lacks(c)),
        };
        if let Some(problem) = problem {
            return Err(LearningStoreError::WrongSchema {
                path: path.to_path_buf(),
                table: table.to_string(),
                problem,
            });
        }
    }
    Ok(())
}
