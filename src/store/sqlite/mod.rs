//! The learning store in one SQLite file in WAL mode, so the bot and a
//! console (or two consoles) write at once and readers never wait for them:
//! every statement learning runs, the schema (`schema`), and the file's
//! identity, so a store deleted or replaced under a running process is
//! noticed; and a consistent copy of it for a backup, and back.

mod schema;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, MAIN_DB, TransactionBehavior, params};
use same_file::Handle;

pub use schema::VERSION;

use crate::store::learning::{
    Day, GapRow, LearningStore, LearningStoreError, Purged, Record, SettledRow, Settlement, Shown,
};

/// A learning store in the SQLite file at its path.
pub struct SqliteLearning {
    conn: Connection,
    path: PathBuf,
    wait: Duration,
    /// The file opened (kept open), to tell whether the path still names it.
    file: Option<Handle>,
}

impl SqliteLearning {
    /// Opens (creating it when missing) the store at `path`, migrated to
    /// [`VERSION`]; a write waits up to `wait` for another process's. A
    /// path that names anything but a regular file is refused before SQLite
    /// sees it (no `-journal` or `-wal` beside a device).
    pub fn open(path: &Path, wait: Duration) -> Result<Self, LearningStoreError> {
        regular_or_missing(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| LearningStoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        // First, so that switching to WAL also waits for another process.
        conn.busy_timeout(wait)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(%mode, "the learning store is not in WAL mode; writers may wait longer");
        }
        // In WAL mode NORMAL never corrupts the file; a power cut may lose the
        // last moments of records, which are statistics, not the knowledge.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn, path)?;
        schema::check(&conn, path)?;
        Ok(Self {
            file: Handle::from_path(path).ok(),
            conn,
            path: path.to_path_buf(),
            wait,
        })
    }
}

/// Refuses a path that names a device, a directory or anything else but a
/// regular file; a missing one is created later.
fn regular_or_missing(path: &Path) -> Result<(), LearningStoreError> {
    match std::fs::metadata(path) {
        Ok(found) if found.is_file() => Ok(()),
        Ok(_) => Err(LearningStoreError::NotAFile {
            path: path.to_path_buf(),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(LearningStoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A copy of the store at `path` as it is committed, in a new file beside
/// it (`learning-purged-20260501T120000Z.sqlite`), through SQLite's online
/// backup; read by a connection of its own, so it sees what is committed
/// while the store's write lock is held.
fn copy_beside(path: &Path, wait: Duration) -> Result<PathBuf, LearningStoreError> {
    let copy = reserve_copy(path)?;
    let source = Connection::open(path)?;
    source.busy_timeout(wait)?;
    source.backup(MAIN_DB, &copy, None::<fn(rusqlite::backup::Progress)>)?;
    Ok(copy)
}

/// A consistent copy of the store at `path` in the new file `to`, taken
/// while other processes go on writing: SQLite's online backup reads what
/// is committed (the WAL included), which copying the file does not.
pub fn copy_to(path: &Path, to: &Path, wait: Duration) -> Result<(), LearningStoreError> {
    regular_or_missing(path)?;
    let source = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    source.busy_timeout(wait)?;
    source.backup(MAIN_DB, to, None::<fn(rusqlite::backup::Progress)>)?;
    Ok(())
}

/// Makes the store at `path` (created when missing) hold the copy at
/// `from`, through the backup API, so a WAL beside it is taken care of;
/// the copy is checked to be a learning store of this missionbot first.
/// Returns the questions it holds.
pub fn restore_from(path: &Path, from: &Path, wait: Duration) -> Result<u64, LearningStoreError> {
    let questions = {
        let copy = SqliteLearning::open(from, wait)?;
        questions(&copy.conn)?
    };
    regular_or_missing(path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| LearningStoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let mut target = Connection::open(path)?;
    target.busy_timeout(wait)?;
    target.restore(MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)?;
    Ok(questions)
}

/// The questions recorded in the store at `path` (which must exist).
pub fn count_questions(path: &Path, wait: Duration) -> Result<u64, LearningStoreError> {
    regular_or_missing(path)?;
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(wait)?;
    questions(&conn)
}

fn questions(conn: &Connection) -> Result<u64, LearningStoreError> {
    let n: i64 = conn.query_row("SELECT count(*) FROM questions", [], |r| r.get(0))?;
    Ok(count(n))
}

/// A new, empty file beside the store at `path` for a copy of it, named
/// for now (UTC): `learning-purged-20260501T120000Z.sqlite`, `-2` after the
/// time when that is taken.
fn reserve_copy(path: &Path) -> Result<PathBuf, LearningStoreError> {
    let stem = path
        .file_stem()
        .map_or_else(|| "learning".into(), |s| s.to_string_lossy());
    let now = humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .replace(['-', ':'], "");
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let copy = dir.join(format!("{stem}-purged-{now}{suffix}.sqlite"));
        match OpenOptions::new().write(true).create_new(true).open(&copy) {
            Ok(_) => return Ok(copy),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(source) => return Err(LearningStoreError::Io { path: copy, source }),
        }
    }
}

/// Deletes what was recorded before `before` (milliseconds).
fn delete_before(conn: &Connection, before: i64) -> Result<usize, LearningStoreError> {
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

impl LearningStore for SqliteLearning {
    fn write(&mut self, records: &[Record]) -> Result<(), LearningStoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut question = tx.prepare_cached(
                "INSERT INTO questions (key, at, source, text, normalized, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut passage = tx.prepare_cached(
                "INSERT INTO passages (question, rank, passage, shown) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut vote = tx.prepare_cached(
                "UPDATE questions SET up = up + ?2, down = down + ?3 WHERE key = ?1",
            )?;
            for record in records {
                match record {
                    Record::Asked(asked) => {
                        question.execute(params![
                            asked.key,
                            asked.at,
                            asked.source,
                            asked.text,
                            asked.normalized,
                            asked.outcome.code(),
                        ])?;
                        let id = tx.last_insert_rowid();
                        for (rank, (id_of, shown)) in asked.passages.iter().enumerate() {
                            passage.execute(params![id, rank as i64, id_of, shown])?;
                        }
                    }
                    Record::Vote { key, up, down } => {
                        vote.execute(params![key, up, down])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn settle(
        &mut self,
        normalized: &str,
        how: &Settlement,
        at: i64,
    ) -> Result<(), LearningStoreError> {
        let (how, passage) = match how {
            Settlement::Taught { passage } => ("taught", Some(passage.as_str())),
            Settlement::Dismissed => ("dismissed", None),
        };
        self.conn.execute(
            "INSERT INTO settled (normalized, how, passage, at, upto)
             VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(id), 0) FROM questions))
             ON CONFLICT (normalized) DO UPDATE
             SET how = excluded.how, passage = excluded.passage, at = excluded.at,
                 upto = excluded.upto",
            params![normalized, how, passage, at],
        )?;
        Ok(())
    }

    fn purge_before(&mut self, before: i64) -> Result<usize, LearningStoreError> {
        delete_before(&self.conn, before)
    }

    fn purge_all(&mut self) -> Result<Purged, LearningStoreError> {
        // The write lock is held from before the copy to the delete: nothing
        // is recorded in between, so the copy holds all that is deleted.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let any: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM questions) OR EXISTS (SELECT 1 FROM settled)",
            [],
            |row| row.get(0),
        )?;
        let copy = match any {
            true => Some(copy_beside(&self.path, self.wait)?),
            false => None,
        };
        let questions = delete_before(&tx, i64::MAX)?;
        tx.commit()?;
        // Give the space back, and leave no deleted text in free pages.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
        Ok(Purged { questions, copy })
    }

    fn gap_rows(&self, since: i64, each: &mut dyn FnMut(GapRow)) -> Result<(), LearningStoreError> {
        let mut query = self.conn.prepare_cached(
            "SELECT q.id, q.text, q.normalized, q.at, q.down,
                    (SELECT group_concat(passage, ' ') FROM
                        (SELECT passage FROM passages p WHERE p.question = q.id ORDER BY p.rank))
             FROM questions q
             WHERE q.at >= ?1
               AND (q.outcome = 'nothing' OR q.down > 0)
               AND q.normalized != ''
               AND NOT EXISTS (
                   SELECT 1 FROM settled s
                   WHERE s.normalized = q.normalized AND (s.how = 'dismissed' OR s.upto >= q.id))
             ORDER BY q.at",
        )?;
        let mut rows = query.query([since])?;
        while let Some(row) = rows.next()? {
            let passages: Option<String> = row.get(5)?;
            each(GapRow {
                id: row.get(0)?,
                text: row.get(1)?,
                normalized: row.get(2)?,
                at: row.get(3)?,
                down: count(row.get(4)?),
                passages: passages
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
            });
        }
        Ok(())
    }

    fn settled(&self) -> Result<Vec<SettledRow>, LearningStoreError> {
        let mut query = self.conn.prepare_cached(
            "SELECT s.normalized, s.how, s.upto,
                    (SELECT q.text FROM questions q WHERE q.normalized = s.normalized
                     ORDER BY q.at DESC LIMIT 1)
             FROM settled s",
        )?;
        let settled = query.query_map([], |row| {
            Ok(SettledRow {
                normalized: row.get(0)?,
                dismissed: row.get::<_, String>(1)? == "dismissed",
                upto: row.get(2)?,
                wording: row.get(3)?,
            })
        })?;
        Ok(settled.collect::<Result<_, _>>()?)
    }

    fn per_day(&self, since: i64) -> Result<Vec<Day>, LearningStoreError> {
        let mut query = self.conn.prepare_cached(
            "SELECT date(at / 1000, 'unixepoch') AS day, count(*), sum(outcome != 'nothing')
             FROM questions WHERE at >= ?1 GROUP BY day ORDER BY day",
        )?;
        let days = query.query_map([since], |row| {
            Ok(Day {
                day: row.get(0)?,
                questions: count(row.get(1)?),
                answered: count(row.get(2)?),
            })
        })?;
        Ok(days.collect::<Result<_, _>>()?)
    }

    fn shown(&self, since: i64, limit: usize) -> Result<Vec<Shown>, LearningStoreError> {
        let mut query = self.conn.prepare_cached(
            "SELECT p.passage, count(*), sum(q.up), sum(q.down)
             FROM passages p JOIN questions q ON q.id = p.question
             WHERE p.shown = 1 AND q.at >= ?1
             GROUP BY p.passage ORDER BY count(*) DESC, p.passage LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let shown = query.query_map(params![since, limit], |row| {
            Ok(Shown {
                id: row.get(0)?,
                shown: count(row.get(1)?),
                up: count(row.get(2)?),
                down: count(row.get(3)?),
            })
        })?;
        Ok(shown.collect::<Result<_, _>>()?)
    }

    fn replaced(&self) -> bool {
        self.file
            .as_ref()
            .is_some_and(|opened| moved(&self.path, opened))
    }
}

/// Whether `path` names another file than `opened`, or none.
fn moved(path: &Path, opened: &Handle) -> bool {
    match Handle::from_path(path) {
        Ok(now) => now != *opened,
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// For the core's tests: another process's hold on a store, and what is in
/// it, without the core naming SQLite.
#[cfg(test)]
pub mod testing {
    use std::path::Path;

    use rusqlite::{Connection, TransactionBehavior};

    /// Another connection's lock on the store at `path`, until dropped.
    pub struct Held(Connection);

    impl Drop for Held {
        fn drop(&mut self) {
            let _ = self.0.execute_batch("COMMIT");
        }
    }

    /// The whole file, as a backup or another tool holds it: with a
    /// rollback journal (a new file) no one reads or writes meanwhile.
    pub fn hold_all(path: &Path) -> Held {
        hold(path, TransactionBehavior::Exclusive)
    }

    /// The write lock, as a long write holds it: readers go on.
    pub fn hold_writes(path: &Path) -> Held {
        hold(path, TransactionBehavior::Immediate)
    }

    fn hold(path: &Path, how: TransactionBehavior) -> Held {
        let conn = Connection::open(path).expect("opens");
        let begin = match how {
            TransactionBehavior::Exclusive => "BEGIN EXCLUSIVE",
            _ => "BEGIN IMMEDIATE",
        };
        conn.execute_batch(begin).expect("locks");
        Held(conn)
    }

    /// Questions recorded in the store at `path`.
    pub fn questions_in(path: &Path) -> i64 {
        let conn = Connection::open(path).expect("opens");
        conn.query_row("SELECT count(*) FROM questions", [], |r| r.get(0))
            .expect("counts")
    }
}

/// A count from the store; never negative.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::learning::LOCK_WAIT;

    fn open(path: &Path) -> Result<SqliteLearning, LearningStoreError> {
        SqliteLearning::open(path, LOCK_WAIT)
    }

    #[test]
    fn a_new_store_is_at_the_current_version_in_wal_mode() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("learning.sqlite");
        let store = open(&path).expect("opens");
        let version: u32 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, VERSION);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        drop(store);
        // Opening again changes nothing.
        open(&path).expect("opens again");
    }

    #[test]
    fn a_version_1_store_settles_by_the_questions_recorded_before() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("learning.sqlite");
        let conn = Connection::open(&path).expect("plain open");
        conn.execute_batch(schema::MIGRATIONS[0])
            .expect("version 1");
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
        let mut store = open(&path).expect("migrates");
        let upto: i64 = store
            .conn
            .query_row("SELECT upto FROM settled", [], |r| r.get(0))
            .expect("upto");
        let first: i64 = store
            .conn
            .query_row("SELECT id FROM questions WHERE at = 10", [], |r| r.get(0))
            .expect("first");
        assert_eq!(upto, first, "settled after the first question only");
        // Taught again later; then every question purged, their numbers come
        // again, and must not count as settled.
        store
            .conn
            .execute("UPDATE settled SET at = 40", [])
            .expect("taught again");
        store.purge_before(30).expect("purges");
        let upto: i64 = store
            .conn
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
        let error = open(&path).err().expect("newer");
        assert!(
            matches!(error, LearningStoreError::Newer { found, .. } if found == VERSION + 1),
            "{error}"
        );
    }

    #[test]
    fn a_device_or_a_directory_is_refused_and_nothing_is_made_beside_it() {
        let null = Path::new("/dev/null");
        let error = open(null).err().expect("a device");
        assert!(
            matches!(error, LearningStoreError::NotAFile { .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("/dev/null is not a regular file"),
            "{error}"
        );
        for beside in ["/dev/null-journal", "/dev/null-wal", "/dev/null-shm"] {
            assert!(!Path::new(beside).exists(), "{beside}");
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let error = open(dir.path()).err().expect("a directory");
        assert!(
            matches!(error, LearningStoreError::NotAFile { .. }),
            "{error}"
        );
        let parent = dir.path().parent().expect("a parent");
        let name = dir.path().file_name().expect("a name").to_string_lossy();
        for suffix in ["-journal", "-wal", "-shm"] {
            assert!(!parent.join(format!("{name}{suffix}")).exists(), "{suffix}");
        }
    }

    #[test]
    fn another_programs_database_is_refused_by_name_without_its_sql() {
        let dir = tempfile::tempdir().expect("temp dir");
        // At this build's version, but not its tables.
        let path = dir.path().join("versioned.sqlite");
        let conn = Connection::open(&path).expect("plain open");
        conn.execute_batch(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, asked TEXT);
             CREATE TABLE passages (question, rank, passage, shown);
             CREATE TABLE settled (normalized, how, passage, at, upto);",
        )
        .expect("tables");
        conn.pragma_update(None, "user_version", VERSION)
            .expect("version");
        drop(conn);
        let error = open(&path).err().expect("wrong tables");
        let said = error.to_string();
        assert_eq!(
            said,
            format!(
                "{} is not a learning store of this missionbot (its table `questions` has no \
                 column `key`); move the file away, or set learning.db to another file",
                path.display()
            )
        );
        // Tables and no version: not migrated into.
        let path = dir.path().join("notes.sqlite");
        let conn = Connection::open(&path).expect("plain open");
        conn.execute_batch("CREATE TABLE notes (body TEXT);")
            .expect("a table");
        drop(conn);
        let said = open(&path).err().expect("unversioned").to_string();
        assert!(
            said.contains("its table `notes` is there without a schema version")
                && !said.contains("CREATE"),
            "{said}"
        );
        let conn = Connection::open(&path).expect("plain open");
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .expect("counts");
        assert_eq!(tables, 1, "left as it was");
    }

    #[test]
    fn purging_everything_keeps_a_copy_beside_the_store() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("learning.sqlite");
        let mut store = open(&path).expect("opens");
        assert_eq!(
            store.purge_all().expect("purges"),
            Purged {
                questions: 0,
                copy: None
            },
            "no copy of nothing"
        );
        let asked = |key: i64| {
            Record::Asked(crate::store::learning::Asked {
                key,
                at: 10,
                source: "console",
                text: "Halušky?".into(),
                normalized: "halusky".into(),
                outcome: crate::store::learning::Outcome::Nothing,
                passages: vec![("strategy-1".into(), false)],
            })
        };
        store.write(&[asked(1), asked(2)]).expect("written");
        store
            .settle("halusky", &Settlement::Dismissed, 20)
            .expect("settled");
        let purged = store.purge_all().expect("purges");
        assert_eq!(purged.questions, 2);
        let copy = purged.copy.expect("a copy");
        assert_eq!(copy.parent(), Some(dir.path()));
        let name = copy.file_name().expect("a name").to_string_lossy();
        assert!(
            name.starts_with("learning-purged-") && name.ends_with("Z.sqlite"),
            "{name}"
        );
        let kept = open(&copy).expect("the copy is a store");
        let mut rows = Vec::new();
        kept.gap_rows(0, &mut |row| rows.push(row.text))
            .expect("reads");
        assert!(rows.is_empty(), "dismissed, in the copy too");
        assert_eq!(kept.settled().expect("reads").len(), 1);
        assert_eq!(kept.per_day(0).expect("reads")[0].questions, 2);
        assert_eq!(store.per_day(0).expect("reads"), Vec::new());
        // A second purge at once: a second name.
        store.write(&[asked(3)]).expect("written");
        let again = store.purge_all().expect("purges").copy.expect("a copy");
        assert_ne!(again, copy);
    }

    #[test]
    fn purging_deletes_the_old_rows_and_their_passages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = open(&dir.path().join("l.sqlite")).expect("opens");
        for at in [10, 20, 30] {
            store
                .conn
                .execute(
                    "INSERT INTO questions (key, at, source, text, normalized, outcome)
                     VALUES (?1, ?1, 'console', 'q', 'q', 'nothing')",
                    [at],
                )
                .expect("insert");
            store
                .conn
                .execute(
                    "INSERT INTO passages (question, rank, passage, shown)
                     VALUES (last_insert_rowid(), 0, 'strategy-1', 0)",
                    [],
                )
                .expect("insert passage");
        }
        assert_eq!(store.purge_before(25).expect("purges"), 2);
        let left: i64 = store
            .conn
            .query_row("SELECT count(*) FROM passages", [], |r| r.get(0))
            .expect("count");
        assert_eq!(left, 1, "their passages went with them");
        assert_eq!(store.purge_all().expect("purges").questions, 1);
    }
}
