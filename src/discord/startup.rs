//! Watching the gateway until the bot's first READY. serenity restarts a
//! shard whose connection fails, but a gateway that accepts the connection,
//! acknowledges heartbeats and never sends READY leaves it waiting forever,
//! without a word. This restarts such shards every [`Timing::ready_timeout`]
//! and gives up after [`Timing::startup_timeout`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{Context, EventHandler, Ready, ShardManager};
use serenity::async_trait;
use serenity::gateway::ConnectionStage;
use tokio::sync::watch;

use super::DiscordError;

/// How long the bot waits for Discord before it acts.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Longest wait for an answer to the HTTP requests made while starting
    /// (serenity's own HTTP client waits forever).
    pub connect_timeout: Duration,
    /// How long a shard may go without READY before it is restarted.
    /// serenity's shard queuer waits 5 s between two connections, so this
    /// should be well above that.
    pub ready_timeout: Duration,
    /// How long the bot may go without its first READY, restarts included,
    /// before it stops with [`DiscordError::NoReady`].
    pub startup_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(30),
            ready_timeout: Duration::from_secs(30),
            startup_timeout: Duration::from_secs(150),
        }
    }
}

/// Tells [`watch`] that a READY arrived, and counts them (the identify
/// lease waits for every shard of the process).
pub struct ReadyWatch(watch::Sender<usize>);

impl ReadyWatch {
    pub fn new() -> (Self, watch::Receiver<usize>) {
        let (sender, receiver) = watch::channel(0);
        (Self(sender), receiver)
    }
}

#[async_trait]
impl EventHandler for ReadyWatch {
    async fn ready(&self, _: Context, _: Ready) {
        self.0.send_modify(|readies| *readies += 1);
    }
}

/// Returns only if the bot got no READY within `timing.startup_timeout`,
/// restarting the shards still waiting for one every `timing.ready_timeout`.
/// Once a READY arrives it never returns: later reconnects are serenity's.
pub async fn watch(
    mut ready: watch::Receiver<usize>,
    manager: &Arc<ShardManager>,
    timing: Timing,
) -> DiscordError {
    let started = Instant::now();
    let mut restarts = 0u32;
    loop {
        let left = timing.startup_timeout.saturating_sub(started.elapsed());
        let wait = timing.ready_timeout.min(left);
        if tokio::time::timeout(wait, ready.wait_for(|readies| *readies > 0))
            .await
            .is_ok()
        {
            // Ready, or the client is gone (then its task ends by itself).
            std::future::pending::<()>().await;
        }
        let waited = started.elapsed();
        if waited >= timing.startup_timeout {
            tracing::error!(
                waited_s = waited.as_secs(),
                restarts,
                "Discord sent no READY; giving up"
            );
            return DiscordError::NoReady {
                waited: timing.startup_timeout,
            };
        }
        let waiting: Vec<_> = manager
            .runners
            .lock()
            .await
            .iter()
            .filter(|(_, runner)| runner.stage != ConnectionStage::Connected)
            .map(|(id, _)| *id)
            .collect();
        restarts += 1;
        tracing::warn!(
            waited_s = waited.as_secs(),
            shards = waiting.len(),
            restart = restarts,
            "no READY from Discord yet; reconnecting"
        );
        for id in waiting {
            manager.restart(id).await;
        }
    }
}

/// serenity's shard queuer waits this long between two connections.
const QUEUER_PAUSE: Duration = Duration::from_secs(5);

/// Stops every shard, including one that a restart queued and serenity has
/// not started yet: `ShardManager::shutdown_all` does nothing while no shard
/// runs, and the queuer would start that one later. Bounded by the queuer's
/// pause.
pub async fn stop_all(manager: &ShardManager) {
    let until = Instant::now() + QUEUER_PAUSE + Duration::from_secs(1);
    while manager.runners.lock().await.is_empty() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    manager.shutdown_all().await;
}
