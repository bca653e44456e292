//! The learning store on disk: one SQLite file in WAL mode, so the bot and a
//! console (or two consoles) write at once and readers never wait for them;
//! its schema, versioned in `PRAGMA user_version` and migrated on open; and
//! purging what is older than the configured days.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, TransactionBehavior};

use super::LearningError;

/// How long a write waits for another process's (each takes milliseconds).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

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
const MIGRATIONS: &[&str] = &[
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

/// Milliseconds since the epoch, UTC.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The first millisecond of the last `days` days.
pub fn since_ms(days: u32) -> i64 {
    now_ms().saturating_sub(i64::from(days) * 86_400_000)
}

/// Opens (creating it when missing) the store at `path`, migrated to
/// [`VERSION`]. A store written by a newer build is refused, not changed.
pub fn open(path: &Path) -> Result<Connection, LearningError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(LearningError::Io)?;
    }
    let mut conn = Connection::open(path)?;
    // First, so that switching to WAL also waits for another process.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "the learning store is not in WAL mode; writers may wait longer");
    }
    // In WAL mode NORMAL never corrupts the file; a power cut may lose the
    // last moments of records, which are statistics, not the knowledge.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Brings the schema to [`VERSION`], one step at a time, each in a
/// transaction that holds the write lock: of two processes starting at once,
/// the second sees the first's work and does nothing.
fn migrate(conn: &mut Connection) -> Result<(), LearningError> {
    let version = |conn: &Connection| -> rusqlite::Result<u32> {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
    };
    if version(conn)? == VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = version(&tx)?;
    if found > VERSION {
        return Err(LearningError::Newer {
            found,
            known: VERSION,
        });
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

/// Deletes what was recorded before `before` (milliseconds): questions with
/// their passages, and settlements. Returns the questions deleted.
pub fn purge_before(conn: &Connection, before: i64) -> Result<usize, LearningError> {
    let deleted = conn.execute("DELETE FROM questions WHERE at < ?1", [before])?;
    conn.execute("DELETE FROM settled WHERE at < ?1", [before])?;
    // SQLite numbers a new row after the highest left: with the newest
    // questions deleted, numbers come again, and must not count as settled.
    conn.execute(
        "UPDATE settled SET upto = min(upto, (SELECT coalesce(max(id), 0) FROM questions))",
        [],
    )?;
    Ok(deleted)
}

/// Deletes everything recorded. Returns the questions deleted.
pub fn purge_all(conn: &Connection) -> Result<usize, LearningError> {
    purge_before(conn, i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_is_at_the_current_version_in_wal_mode() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("learning.sqlite");
        let conn = open(&path).expect("opens");
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        drop(conn);
        // Opening again changes nothing.
        open(&path).expect("opens again");
    }

    #[test]
    fn a_version_1_store_settles_by_the_questions_recorded_before() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("learning.sqlite");
        let conn = Connection::open(&path).expect("plain open");
        conn.execute_batch(MIGRATIONS[0]).expect("version 1");
        conn.pragma_update(None, "user_version", 1)
            .expect("set version");
        for at in [10, 20] {
            conn.execute(
                "INSERT INTO questions (key, at, source, text, normalized, outcome)
                 VALUES (0, ?1, 'console', 'q', 'q', 'nothing')",
                [at],
            )
            .expect("a question");
        }
        conn.execute(
            "INSERT INTO settled (normalized, how, at) VALUES ('q', 'taught', 15)",
            [],
        )
        .expect("settled");
        drop(conn);
        let conn = open(&path).expect("migrates");
        let upto: i64 = conn
            .query_row("SELECT upto FROM settled", [], |r| r.get(0))
            .expect("upto");
        let first: i64 = conn
            .query_row("SELECT id FROM questions WHERE at = 10", [], |r| r.get(0))
            .expect("first");
        assert_eq!(upto, first, "settled after the first question only");
        // Taught again later; then every question purged, their numbers come
        // again, and must not count as settled.
        conn.execute("UPDATE settled SET at = 40", [])
            .expect("taught again");
        purge_before(&conn, 30).expect("purges");
        let upto: i64 = conn
            .query_row("SELECT upto FROM settled", [], |r| r.get(0))
            .expect("upto");
        assert_eq!(upto, 0);
    }

    #[test]
    fn a_store_from_a_newer_build_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("learning.sqlite");
        let conn = Connection::open(&path).expect("plain open");
        conn.pragma_update(None, "user_version", VERSION + 1)
            .expect("set version");
        drop(conn);
        let error = open(&path).expect_err("newer");
        assert!(
            matches!(error, LearningError::Newer { found, .. } if found == VERSION + 1),
            "{error}"
        );
    }

    #[test]
    fn purging_deletes_the_old_rows_and_their_passages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = open(&dir.path().join("l.sqlite")).expect("opens");
        for at in [10, 20, 30] {
            conn.execute(
                "INSERT INTO questions (key, at, source, text, normalized, outcome)
                 VALUES (?1, ?1, 'console', 'q', 'q', 'nothing')",
                [at],
            )
            .expect("insert");
            conn.execute(
                "INSERT INTO passages (question, rank, passage, shown)
                 VALUES (last_insert_rowid(), 0, 'strategy-1', 0)",
                [],
            )
            .expect("insert passage");
        }
        assert_eq!(purge_before(&conn, 25).expect("purges"), 2);
        let left: i64 = conn
            .query_row("SELECT count(*) FROM passages", [], |r| r.get(0))
            .expect("count");
        assert_eq!(left, 1, "their passages went with them");
        assert_eq!(purge_all(&conn).expect("purges"), 1);
    }
}
