//! The bot's log lines captured in memory, for tests that check what an in-process bot logs.

use std::io;
use std::sync::{Arc, Mutex, Once, PoisonError};

use tracing::subscriber::NoSubscriber;
use tracing_subscriber::fmt::MakeWriter;

/// The captured log text so far.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
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
/// A test binary where some tests capture and others run beside them without a subscriber can
/// lose lines: while one subscriber is alive, tracing asks only the current thread's (none, on
/// the others) whether a call site seen there first is wanted, and caches the answer for every
/// thread. A global subscriber that wants nothing, set once, keeps tracing asking all of them.
pub fn capture_logs(filter: &str) -> (Logs, tracing::subscriber::DefaultGuard) {
    static EVERY_SUBSCRIBER_ASKED: Once = Once::new();
    EVERY_SUBSCRIBER_ASKED.call_once(|| {
        // Fails only if one is set already, which serves as well.
        let _ = tracing::subscriber::set_global_default(NoSubscriber::default());
    });
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(logs.clone())
        .with_ansi(false)
        .with_target(false)
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
