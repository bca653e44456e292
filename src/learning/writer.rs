//! Recording off the answer path: questions and votes go into a bounded
//! queue, and one thread per process writes them to the store in batches,
//! each batch one transaction. An answer never waits for the disk or for
//! another process's write; a store that cannot be opened or written is
//! logged, and what could not be written is dropped, never the answer.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior, params};

use super::{LearningError, store};
use crate::search::question::normalize;

/// Jobs waiting at most; past that a record is dropped (and logged) rather
/// than an answer delayed.
const QUEUE: usize = 8192;
/// Jobs written in one transaction at most.
const BATCH: usize = 512;
/// How often a long-running process purges rows past `keep_days`.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// One question as recorded.
#[derive(Debug, Clone)]
pub struct Asked {
    pub key: i64,
    pub at: i64,
    pub source: &'static str,
    pub text: String,
    pub outcome: &'static str,
    /// Passage ids by rank, and whether the answer showed them (else the
    /// question only came close to them).
    pub passages: Vec<(String, bool)>,
}

pub enum Job {
    Ask(Asked),
    Vote {
        key: i64,
        up: i64,
        down: i64,
    },
    /// Answered once everything queued before it is written (or dropped).
    Flush(mpsc::Sender<()>),
}

/// The queue and the thread that empties it.
pub struct Writer {
    queue: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the thread; the store is opened there, so a slow disk does not
    /// slow the process's start either.
    pub fn start(db: PathBuf, keep_days: u32) -> Self {
        let (queue, jobs) = mpsc::sync_channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("learning".to_string())
            .spawn(move || run(&db, keep_days, &jobs));
        match thread {
            Ok(thread) => Self {
                queue: Some(queue),
                thread: Some(thread),
            },
            Err(error) => {
                tracing::warn!(%error, "cannot start recording questions; the bot answers anyway");
                Self {
                    queue: None,
                    thread: None,
                }
            }
        }
    }

    /// Queues a job without waiting; `false` if it was dropped.
    pub fn send(&self, job: Job) -> bool {
        let Some(queue) = &self.queue else {
            return false;
        };
        match queue.try_send(job) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                tracing::warn!("the learning queue is full; a record was dropped");
                false
            }
            Err(TrySendError::Disconnected(_)) => false,
        }
    }

    /// Waits until everything queued so far is written (or dropped).
    pub fn flush(&self) {
        let Some(queue) = &self.queue else {
            return;
        };
        let (done, written) = mpsc::channel();
        // Blocking here is fine: flushing is for readers, never for answers.
        if queue.send(Job::Flush(done)).is_ok() {
            let _ = written.recv();
        }
    }
}

impl Drop for Writer {
    /// Writes what is queued before the process goes on to end.
    fn drop(&mut self) {
        self.queue = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::warn!("the learning thread panicked");
        }
    }
}

/// The thread: opens the store, purges old rows, then writes batches until
/// every sender is gone.
fn run(db: &std::path::Path, keep_days: u32, jobs: &Receiver<Job>) {
    let conn = match store::open(db) {
        Ok(conn) => Some(conn),
        Err(error) => {
            tracing::warn!(%error, "questions are not recorded: the learning store cannot be opened");
            None
        }
    };
    let mut purged: Option<Instant> = None;
    loop {
        if let Some(conn) = &conn
            && purged.is_none_or(|at| at.elapsed() >= PURGE_EVERY)
        {
            purge(conn, keep_days);
            purged = Some(Instant::now());
        }
        let first = match jobs.recv_timeout(PURGE_EVERY) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut acks = Vec::new();
        let mut work = Vec::with_capacity(batch.len());
        for job in batch {
            match job {
                Job::Flush(done) => acks.push(done),
                other => work.push(other),
            }
        }
        if let (Some(conn), false) = (&conn, work.is_empty())
            && let Err(error) = write(conn, &work)
        {
            tracing::warn!(%error, records = work.len(), "could not record questions; dropped");
        }
        for done in acks {
            let _ = done.send(());
        }
    }
}

fn purge(conn: &Connection, keep_days: u32) {
    match store::purge_before(conn, store::since_ms(keep_days)) {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(deleted, keep_days, "purged old question records"),
        Err(error) => tracing::warn!(%error, "could not purge old question records"),
    }
}

/// Writes one batch in one transaction.
fn write(conn: &Connection, jobs: &[Job]) -> Result<(), LearningError> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    {
        let mut question = tx.prepare_cached(
            "INSERT INTO questions (key, at, source, text, normalized, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut passage = tx.prepare_cached(
            "INSERT INTO passages (question, rank, passage, shown) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut vote = tx
            .prepare_cached("UPDATE questions SET up = up + ?2, down = down + ?3 WHERE key = ?1")?;
        for job in jobs {
            match job {
                Job::Ask(asked) => {
                    question.execute(params![
                        asked.key,
                        asked.at,
                        asked.source,
                        asked.text,
                        normalize(&asked.text),
                        asked.outcome,
                    ])?;
                    let id = tx.last_insert_rowid();
                    for (rank, (id_of, shown)) in asked.passages.iter().enumerate() {
                        passage.execute(params![id, rank as i64, id_of, shown])?;
                    }
                }
                Job::Vote { key, up, down } => {
                    vote.execute(params![key, up, down])?;
                }
                Job::Flush(_) => {}
            }
        }
    }
    tx.commit()?;
    Ok(())
}
