//! Recording off the answer path: questions and votes go into a bounded
//! queue, and one thread per process writes them to the store in batches,
//! each batch one transaction. An answer never waits for the disk or for
//! another process's write; a store that cannot be opened or written is
//! logged, and what could not be written is dropped, never the answer.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::since_ms;
use crate::store::learning::{LearningStore, LearningStoreError, Record};

/// Jobs waiting at most; past that a record is dropped (and logged) rather
/// than an answer delayed.
const QUEUE: usize = 8192;
/// Jobs written in one transaction at most.
const BATCH: usize = 512;
/// How often a long-running process purges rows past `keep_days`.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

pub enum Job {
    Record(Record),
    /// Answered once everything queued before it is written (or dropped).
    Flush(mpsc::Sender<()>),
}

/// The queue and the thread that empties it.
pub struct Writer {
    queue: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the thread; the store is opened there (by `open`), so a slow
    /// disk does not slow the process's start either.
    pub fn start<S, O>(open: O, keep_days: u32) -> Self
    where
        S: LearningStore,
        O: FnOnce() -> Result<S, LearningStoreError> + Send + 'static,
    {
        let (queue, jobs) = mpsc::sync_channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("learning".to_string())
            .spawn(move || run(open, keep_days, &jobs));
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
fn run<S, O>(open: O, keep_days: u32, jobs: &Receiver<Job>)
where
    S: LearningStore,
    O: FnOnce() -> Result<S, LearningStoreError>,
{
    let mut store = match open() {
        Ok(store) => Some(store),
        Err(error) => {
            tracing::warn!(%error, "questions are not recorded: the learning store cannot be opened");
            None
        }
    };
    let mut purged: Option<Instant> = None;
    loop {
        if let Some(store) = &mut store
            && purged.is_none_or(|at| at.elapsed() >= PURGE_EVERY)
        {
            purge(store, keep_days);
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
                Job::Record(record) => work.push(record),
            }
        }
        if let (Some(store), false) = (&mut store, work.is_empty())
            && let Err(error) = store.write(&work)
        {
            tracing::warn!(%error, records = work.len(), "could not record questions; dropped");
        }
        for done in acks {
            let _ = done.send(());
        }
    }
}

fn purge(store: &mut impl LearningStore, keep_days: u32) {
    match store.purge_before(since_ms(keep_days)) {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(deleted, keep_days, "purged old question records"),
        Err(error) => tracing::warn!(%error, "could not purge old question records"),
    }
}
