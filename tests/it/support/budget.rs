//! How long the async tests (the Discord ones) wait: the bound on one awaited event, and
//! [`within`], the one way they bound what they await (a whole test, a bot stopping), failing
//! with what they were waiting for.

use std::future::Future;
use std::time::Duration;

/// Upper bound for one awaited event (they take milliseconds; a loaded machine, seconds).
pub const STEP: Duration = Duration::from_secs(5);

/// `work`'s output, if it comes within `budget`; otherwise the test fails, naming `what` was
/// awaited.
pub async fn within<T>(budget: Duration, what: &str, work: impl Future<Output = T>) -> T {
    match tokio::time::timeout(budget, work).await {
        Ok(done) => done,
        Err(_) => panic!("{what}: not done within {budget:?}"),
    }
}
