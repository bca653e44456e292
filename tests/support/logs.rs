//! The bot's log lines captured in memory, for tests that check what an in-process bot logs.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use tracing_subscriber::fmt::MakeWriter;

/// The captured log text so far.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }

    /// How many lines contain `needle`.
    pub fn count(&self, needle: &str) -> usize {
        self.text().lines().filter(|l| l.contains(needle)).count()
    }

    /// Waits (up to `timeout`) until `count` lines contain `needle`; panics with the log
    /// otherwise. What a test waits on when the event it expects is the bot deciding to do
    /// nothing.
    pub async fn wait_for(&self, needle: &str, count: usize, timeout: std::time::Duration) {
        self.wait_lines(|l| l.contains(needle), count, timeout)
            .await;
    }

    /// Waits (up to `timeout`) until `count` lines satisfy `wanted`; panics with the log
    /// otherwise.
    pub async fn wait_lines(
        &self,
        wanted: impl Fn(&str) -> bool,
        count: usize,
        timeout: std::time::Duration,
    ) {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let found = self.text().lines().filter(|l| wanted(l)).count();
            if found >= count {
                return;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!(
                    "{count} such log lines expected, {found} within {timeout:?}:\n{}",
                    self.text()
                );
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}

pub struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = LogWriter;
    fn make_writer(&'a self) -> Self::Writer {
        LogWriter(Arc::clone(&self.0))
    }
}

/// Captures this thread's logs (`filter` as in `RUST_LOG`) until the guard drops. The test must
/// run on a current-thread runtime (`#[tokio::test]`'s default), so the bot's tasks log here too.
///
/// In a test file where some tests wait on log lines, every test captures: a test running
/// beside them without a subscriber was seen to make them miss lines (tracing caches, across
/// threads, whether a call site is wanted at all).
pub fn capture_logs(filter: &str) -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(logs.clone())
        .with_ansi(false)
        .with_target(false)
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
