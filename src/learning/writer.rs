//! Recording off the answer path: questions and votes go into a bounded
//! queue, and one thread per process writes them to the store in batches,
//! each batch one transaction. An answer never waits for the disk or for
//! another process's write.
//!
//! A store that cannot be opened or written is retried with backoff, the
//! batch kept, and opened again after a failure or when its file was
//! deleted or replaced; meanwhile records wait in the queue, and past its
//! bound they are dropped and counted (logged once a minute with the
//! count). Exit waits a bounded time for what is queued; what is left is
//! counted and logged, never waited for.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};

use super::since_ms;
use crate::store::learning::{LOCK_WAIT, LearningStore, LearningStoreError, Record};

/// Jobs written in one transaction at most.
const BATCH: usize = 512;
/// How often a long-running process purges rows past `keep_days`.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);
/// How often dropped records and a store that keeps failing are logged at
/// most.
const REPORT_EVERY: Duration = Duration::from_secs(60);

/// The writer's bounds and waits; [`Tuning::default`] in the bot, shorter
/// in tests.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// Records waiting at most; past that a record is dropped (and
    /// counted) rather than an answer delayed.
    pub queue: usize,
    /// How long one write waits for another process's before it fails and
    /// is retried.
    pub lock_wait: Duration,
    /// The first pause after a failure; each next one doubles…
    pub first_retry: Duration,
    /// …up to this.
    pub last_retry: Duration,
    /// How long exit, or a reader's flush, waits for the writer at most.
    pub exit_wait: Duration,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            queue: 8192,
            lock_wait: LOCK_WAIT,
            first_retry: Duration::from_millis(100),
            last_retry: Duration::from_secs(30),
            exit_wait: Duration::from_secs(2),
        }
    }
}

pub enum Job {
    Record(Record),
    /// Answered once everything queued before it is written.
    Flush(mpsc::Sender<()>),
}

/// Whether records reach the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Not tried yet.
    Opening,
    Open,
    /// The last attempt to open it failed; it is tried again.
    Unavailable,
}

#[derive(Debug, Clone, Copy)]
pub struct State {
    pub health: Health,
    /// Attempts (to open or to write) that failed, in all.
    pub failures: u64,
    /// Batches written, in all.
    pub written: u64,
    closing: bool,
    /// The thread has ended (or panicked).
    ended: bool,
}

/// Dropped records: counted, and reported at most once per
/// [`REPORT_EVERY`].
#[derive(Debug, Default)]
pub struct Drops {
    count: AtomicU64,
    /// The count when last reported, and when.
    reported: Mutex<(u64, Option<Instant>)>,
}

impl Drops {
    fn add(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    pub fn total(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// The records dropped since the last report, when there are any and
    /// the last report is a minute old (or there was none).
    pub fn due(&self, now: Instant) -> Option<u64> {
        let mut reported = lock(&self.reported);
        let total = self.total();
        let (before, at) = *reported;
        if total == before || at.is_some_and(|at| now.duration_since(at) < REPORT_EVERY) {
            return None;
        }
        *reported = (total, Some(now));
        Some(total - before)
    }

    fn report(&self, now: Instant) {
        if let Some(dropped) = self.due(now) {
            tracing::warn!(
                dropped,
                "the learning queue was full: {dropped} records dropped since the last report"
            );
        }
    }
}

/// What the thread and the handles share.
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Records queued and not yet written.
    waiting: AtomicU64,
    drops: Drops,
}

impl Shared {
    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut lock(&self.state));
        self.changed.notify_all();
    }

    fn state(&self) -> State {
        *lock(&self.state)
    }

    /// Sleeps `pause`, or less when exit begins.
    fn pause(&self, pause: Duration) {
        let state = lock(&self.state);
        drop(
            self.changed
                .wait_timeout_while(state, pause, |s| !s.closing)
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The queue and the thread that empties it.
pub struct Writer {
    queue: Option<SyncSender<Job>>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    exit_wait: Duration,
}

impl Writer {
    /// Starts the thread; the store is opened there (by `open`, again after
    /// a failure), so a slow or locked store does not slow the process's
    /// start either.
    pub fn start<S, O>(open: O, keep_days: u32, tuning: Tuning) -> Self
    where
        S: LearningStore,
        O: FnMut() -> Result<S, LearningStoreError> + Send + 'static,
    {
        let (queue, jobs) = mpsc::sync_channel(tuning.queue);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                health: Health::Opening,
                failures: 0,
                written: 0,
                closing: false,
                ended: false,
            }),
            changed: Condvar::new(),
            waiting: AtomicU64::new(0),
            drops: Drops::default(),
        });
        let thread = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("learning".to_string())
                .spawn(move || {
                    let _ended = Ended(shared.clone());
                    Thread {
                        open,
                        store: None,
                        keep_days,
                        tuning,
                        shared,
                    }
                    .run(&jobs);
                })
        };
        match thread {
            Ok(thread) => Self {
                queue: Some(queue),
                shared,
                thread: Some(thread),
                exit_wait: tuning.exit_wait,
            },
            Err(error) => {
                tracing::warn!(%error, "cannot start recording questions; the bot answers anyway");
                shared.update(|s| s.health = Health::Unavailable);
                Self {
                    queue: None,
                    shared,
                    thread: None,
                    exit_wait: tuning.exit_wait,
                }
            }
        }
    }

    pub fn health(&self) -> Health {
        self.shared.state().health
    }

    /// Records dropped so far because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.shared.drops.total()
    }

    /// Records queued and not yet written.
    #[cfg(test)]
    pub fn waiting(&self) -> u64 {
        self.shared.waiting.load(Ordering::Relaxed)
    }

    /// Queues a record without waiting; `false` if it was dropped.
    pub fn send(&self, record: Record) -> bool {
        let Some(queue) = &self.queue else {
            return false;
        };
        // Counted first: the thread may write it before `try_send` returns.
        self.shared.waiting.fetch_add(1, Ordering::Relaxed);
        let sent = match queue.try_send(Job::Record(record)) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                self.shared.drops.add();
                false
            }
            Err(TrySendError::Disconnected(_)) => false,
        };
        if !sent {
            self.shared.waiting.fetch_sub(1, Ordering::Relaxed);
        }
        sent
    }

    /// Waits until everything queued so far is written, for a bounded time:
    /// not at all while the store cannot be opened, nor with the queue full.
    pub fn flush(&self) {
        let Some(queue) = &self.queue else {
            return;
        };
        if self.health() == Health::Unavailable {
            return;
        }
        let (done, written) = mpsc::channel();
        if queue.try_send(Job::Flush(done)).is_ok() && written.recv_timeout(self.exit_wait).is_err()
        {
            tracing::debug!("the learning store is slow: read without the latest records");
        }
    }

    /// Stops taking records, and waits a bounded time for the thread to
    /// write what is queued. Returns the records left unwritten (logged).
    pub fn close(&mut self) -> u64 {
        self.queue = None;
        self.shared.update(|s| s.closing = true);
        let Some(thread) = self.thread.take() else {
            return 0;
        };
        let ended = {
            let state = lock(&self.shared.state);
            let (state, _) = self
                .shared
                .changed
                .wait_timeout_while(state, self.exit_wait, |s| !s.ended)
                .unwrap_or_else(PoisonError::into_inner);
            state.ended
        };
        let left = self.shared.waiting.load(Ordering::Relaxed);
        if !ended {
            tracing::warn!(
                left,
                "the learning store did not take the last records in time: \
                 {left} records not written"
            );
            // Not joined: the thread ends on its own, or with the process.
            return left;
        }
        if thread.join().is_err() {
            tracing::warn!("the learning thread panicked");
        }
        // The thread logged what it could not write.
        left
    }

    /// The state once `until` holds of it (tests wait on the writer's
    /// events, never on the clock; a minute is a hang, not a wait).
    #[cfg(test)]
    pub fn wait_for(&self, until: impl Fn(&State) -> bool) -> State {
        let state = lock(&self.shared.state);
        let (state, timeout) = self
            .shared
            .changed
            .wait_timeout_while(state, Duration::from_secs(60), |s| !until(s))
            .unwrap_or_else(PoisonError::into_inner);
        assert!(
            !timeout.timed_out(),
            "the writer never got there: {state:?}"
        );
        *state
    }
}

impl Drop for Writer {
    /// Writes what is queued before the process goes on to end, waiting a
    /// bounded time.
    fn drop(&mut self) {
        self.close();
    }
}

/// Tells the handles the thread has ended, however it ends.
struct Ended(Arc<Shared>);

impl Drop for Ended {
    fn drop(&mut self) {
        self.0.update(|s| s.ended = true);
    }
}

/// The writer thread's own: how to open the store, and the store it has open.
struct Thread<S, O> {
    open: O,
    store: Option<S>,
    keep_days: u32,
    tuning: Tuning,
    shared: Arc<Shared>,
}

impl<S, O> Thread<S, O>
where
    S: LearningStore,
    O: FnMut() -> Result<S, LearningStoreError>,
{
    /// Writes batches until every sender is gone and the queue is empty,
    /// or exit began and the store failed.
    fn run(mut self, jobs: &Receiver<Job>) {
        let mut retry = self.backoff();
        let mut failing = Failing::default();
        let mut purged: Option<Instant> = None;
        let mut batch: Vec<Record> = Vec::new();
        let mut acks: Vec<mpsc::Sender<()>> = Vec::new();
        loop {
            // Exit began before this attempt: a failure now ends the thread.
            let closing = self.shared.state().closing;
            self.shared.drops.report(Instant::now());
            let store = match self.store.take() {
                Some(store) => store,
                None => match (self.open)() {
                    Ok(store) => {
                        self.shared.update(|s| s.health = Health::Open);
                        store
                    }
                    Err(error) => {
                        failing.failed(&error, "cannot be opened");
                        self.shared.update(|s| {
                            s.health = Health::Unavailable;
                            s.failures += 1;
                        });
                        if closing {
                            break;
                        }
                        // Cut short when exit begins: one more attempt then.
                        self.shared.pause(next(&mut retry, &self.tuning));
                        continue;
                    }
                },
            };
            let store = self.store.insert(store);
            if purged.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
                purge(store, self.keep_days);
                purged = Some(Instant::now());
            }
            if batch.is_empty() && acks.is_empty() {
                let first = match jobs.recv_timeout(REPORT_EVERY) {
                    Ok(job) => job,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                let mut next = Some(first);
                while let Some(job) = next.take() {
                    match job {
                        Job::Record(record) => batch.push(record),
                        Job::Flush(done) => acks.push(done),
                    }
                    if batch.len() < BATCH {
                        next = jobs.try_recv().ok();
                    }
                }
            }
            if !batch.is_empty() {
                // Checked just before writing: a batch may wait long for its
                // first record, and the file may go meanwhile.
                if store.replaced() {
                    tracing::warn!(
                        "the learning store's file was deleted or replaced while in use; \
                         opening it again"
                    );
                    // Closed first: SQLite then takes its stale `-wal` and
                    // `-shm` away, which would otherwise be read into the new file.
                    self.store = None;
                    continue;
                }
                if let Err(error) = store.write(&batch) {
                    failing.failed(&error, "cannot be written");
                    // Opened again for the next attempt: a fresh connection
                    // gets past what a broken one cannot.
                    self.store = None;
                    self.shared.update(|s| s.failures += 1);
                    if closing {
                        break;
                    }
                    self.shared.pause(next(&mut retry, &self.tuning));
                    continue;
                }
                self.shared
                    .waiting
                    .fetch_sub(batch.len() as u64, Ordering::Relaxed);
                batch.clear();
                self.shared.update(|s| s.written += 1);
            }
            failing.recovered();
            retry = self.backoff();
            for done in acks.drain(..) {
                let _ = done.send(());
            }
        }
        let left = self.shared.waiting.load(Ordering::Relaxed);
        if left > 0 {
            tracing::warn!(
                left,
                "the learning store could not be written before exit: {left} records not written"
            );
        }
        self.shared.drops.report(Instant::now() + REPORT_EVERY);
    }

    fn backoff(&self) -> backon::ExponentialBackoff {
        ExponentialBuilder::new()
            .with_min_delay(self.tuning.first_retry)
            .with_max_delay(self.tuning.last_retry)
            .with_jitter()
            .without_max_times()
            .build()
    }
}

/// The next pause, never longer than the last one configured.
fn next(retry: &mut backon::ExponentialBackoff, tuning: &Tuning) -> Duration {
    retry
        .next()
        .unwrap_or(tuning.last_retry)
        .min(tuning.last_retry)
}

/// A run of failed attempts: the first is logged, then at most one a
/// minute, and the recovery.
#[derive(Default)]
struct Failing {
    attempts: u64,
    logged: Option<Instant>,
}

impl Failing {
    fn failed(&mut self, error: &LearningStoreError, what: &str) {
        self.attempts += 1;
        let attempts = self.attempts;
        if self.logged.is_none_or(|at| at.elapsed() >= REPORT_EVERY) {
            self.logged = Some(Instant::now());
            tracing::warn!(
                %error,
                attempts,
                "the learning store {what}; questions wait in the queue and are retried"
            );
        } else {
            tracing::debug!(%error, attempts, "the learning store {what}");
        }
    }

    fn recovered(&mut self) {
        if self.attempts > 0 {
            tracing::info!(
                attempts = self.attempts,
                "the learning store is written again"
            );
        }
        *self = Self::default();
    }
}

fn purge(store: &mut impl LearningStore, keep_days: u32) {
    match store.purge_before(since_ms(keep_days)) {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(deleted, keep_days, "purged old question records"),
        Err(error) => tracing::warn!(%error, "could not purge old question records"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::learning::{Day, GapRow, SettledRow, Settlement, Shown};

    /// A store that is never there.
    struct Absent;

    impl LearningStore for Absent {
        fn write(&mut self, _: &[Record]) -> Result<(), LearningStoreError> {
            Ok(())
        }
        fn settle(&mut self, _: &str, _: &Settlement, _: i64) -> Result<(), LearningStoreError> {
            Ok(())
        }
        fn purge_before(&mut self, _: i64) -> Result<usize, LearningStoreError> {
            Ok(0)
        }
        fn purge_all(&mut self) -> Result<crate::store::learning::Purged, LearningStoreError> {
            Ok(crate::store::learning::Purged {
                questions: 0,
                copy: None,
            })
        }
        fn gap_rows(&self, _: i64, _: &mut dyn FnMut(GapRow)) -> Result<(), LearningStoreError> {
            Ok(())
        }
        fn settled(&self) -> Result<Vec<SettledRow>, LearningStoreError> {
            Ok(Vec::new())
        }
        fn per_day(&self, _: i64) -> Result<Vec<Day>, LearningStoreError> {
            Ok(Vec::new())
        }
        fn shown(&self, _: i64, _: usize) -> Result<Vec<Shown>, LearningStoreError> {
            Ok(Vec::new())
        }
    }

    fn cannot_open() -> Result<Absent, LearningStoreError> {
        Err(LearningStoreError::Io {
            path: "learning.sqlite".into(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        })
    }

    fn vote() -> Record {
        Record::Vote {
            key: 1,
            up: 1,
            down: 0,
        }
    }

    #[test]
    fn past_its_bound_the_queue_drops_and_counts_and_exit_counts_what_is_left() {
        let tuning = Tuning {
            queue: 4,
            first_retry: Duration::from_secs(3600),
            last_retry: Duration::from_secs(3600),
            ..Tuning::default()
        };
        let mut writer = Writer::start(cannot_open, 90, tuning);
        writer.wait_for(|s| s.health == Health::Unavailable);
        // Nothing is taken from the queue while the store cannot be opened.
        let sent: Vec<bool> = (0..10).map(|_| writer.send(vote())).collect();
        assert_eq!(
            sent,
            [
                true, true, true, true, false, false, false, false, false, false
            ]
        );
        assert_eq!(writer.dropped(), 6);
        assert_eq!(writer.waiting(), 4);
        // A reader does not wait for a store that is not there.
        writer.flush();
        // Exit cuts the hour's pause short, tries once more, and gives up.
        assert_eq!(writer.close(), 4);
        assert!(writer.shared.state().ended);
    }

    #[test]
    fn drops_are_reported_with_their_count_at_most_once_a_minute() {
        let drops = Drops::default();
        let start = Instant::now();
        assert_eq!(drops.due(start), None, "nothing dropped");
        (0..6).for_each(|_| drops.add());
        assert_eq!(drops.due(start), Some(6), "the first at once");
        drops.add();
        drops.add();
        assert_eq!(drops.due(start + Duration::from_secs(10)), None);
        assert_eq!(drops.due(start + Duration::from_secs(61)), Some(2));
        assert_eq!(drops.due(start + Duration::from_secs(200)), None);
        assert_eq!(drops.total(), 8);
    }

    /// A store whose writes wait until the test lets them through.
    struct Stuck(Arc<(Mutex<bool>, Condvar)>);

    impl LearningStore for Stuck {
        fn write(&mut self, _: &[Record]) -> Result<(), LearningStoreError> {
            let (open, opened) = &*self.0;
            let guard = lock(open);
            drop(
                opened
                    .wait_while(guard, |open| !*open)
                    .unwrap_or_else(PoisonError::into_inner),
            );
            Ok(())
        }
        fn settle(&mut self, _: &str, _: &Settlement, _: i64) -> Result<(), LearningStoreError> {
            Ok(())
        }
        fn purge_before(&mut self, _: i64) -> Result<usize, LearningStoreError> {
            Ok(0)
        }
        fn purge_all(&mut self) -> Result<crate::store::learning::Purged, LearningStoreError> {
            Absent.purge_all()
        }
        fn gap_rows(&self, _: i64, _: &mut dyn FnMut(GapRow)) -> Result<(), LearningStoreError> {
            Ok(())
        }
        fn settled(&self) -> Result<Vec<SettledRow>, LearningStoreError> {
            Ok(Vec::new())
        }
        fn per_day(&self, _: i64) -> Result<Vec<Day>, LearningStoreError> {
            Ok(Vec::new())
        }
        fn shown(&self, _: i64, _: usize) -> Result<Vec<Shown>, LearningStoreError> {
            Ok(Vec::new())
        }
    }

    #[test]
    fn a_write_that_never_returns_neither_holds_up_exit_nor_a_reader() {
        let gate = Arc::new((Mutex::new(false), Condvar::new()));
        let opened = gate.clone();
        let tuning = Tuning {
            exit_wait: Duration::from_millis(50),
            ..Tuning::default()
        };
        let mut writer = Writer::start(move || Ok(Stuck(opened.clone())), 90, tuning);
        (0..3).for_each(|_| assert!(writer.send(vote())));
        writer.flush();
        assert_eq!(writer.close(), 3, "left unwritten, counted");
        assert!(
            !writer.shared.state().ended,
            "the thread is left to end alone"
        );
        // Let the write through: the thread writes and ends.
        *lock(&gate.0) = true;
        gate.1.notify_all();
        let state = writer.wait_for(|s| s.ended);
        assert!(state.written >= 1, "{state:?}");
        assert_eq!(writer.waiting(), 0);
    }
}
