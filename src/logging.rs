//! The process's log: to stderr (stdout stays the bot's answers), as text
//! or JSON lines for log collectors (`[logging] format`), at the levels
//! `RUST_LOG` asks for, within limits no setting lifts: the crates that
//! carry the Discord token on the wire (the WebSocket and HTTP stacks) never
//! log below INFO, so their frame traces (the IDENTIFY payload, headers)
//! never reach the log; and serenity, whose spans record whole gateway
//! events (what members write), logs only warnings unless the operator opts
//! in to questions in the log (`[logging] questions = true`).

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::{EnvFilter, FilterExt, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, fmt};

use crate::config::{LogFormat, LoggingConfig};

/// The crates that see the token or whole requests, capped at INFO.
const WIRE: [&str; 9] = [
    "tungstenite",
    "tokio_tungstenite",
    "hyper",
    "hyper_util",
    "reqwest",
    "h2",
    "rustls",
    "ureq",
    "ureq_proto",
];

static QUESTIONS: AtomicBool = AtomicBool::new(false);

/// Whether the operator asked for questions in the log (at trace level).
pub fn questions() -> bool {
    QUESTIONS.load(Ordering::Relaxed)
}

/// Where the log is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// A service or a one-shot command: INFO by default.
    Service,
    /// An interactive console: WARN by default, so log lines do not land in
    /// the prompt.
    Console,
}

/// The limits every filter is combined with, whatever `RUST_LOG` says.
pub fn caps(questions: bool) -> Targets {
    let serenity = if questions {
        LevelFilter::DEBUG
    } else {
        LevelFilter::WARN
    };
    WIRE.iter()
        .fold(
            Targets::new().with_default(LevelFilter::TRACE),
            |caps, krate| caps.with_target(*krate, LevelFilter::INFO),
        )
        .with_target("serenity", serenity)
}

/// The filter `RUST_LOG` names, else the default for where the log is shown.
fn wanted(shown: Shown) -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| match shown {
        Shown::Service => EnvFilter::new("info"),
        Shown::Console => EnvFilter::new("warn"),
    })
}

/// Installs the process's logger. Called once, at the binary's start.
pub fn init(config: &LoggingConfig, shown: Shown) {
    QUESTIONS.store(config.questions, Ordering::Relaxed);
    let filter = wanted(shown).and(caps(config.questions));
    let layer = match config.format {
        LogFormat::Text => fmt::layer()
            .with_writer(io::stderr)
            // Colours only on a terminal: not in files, journald or a pipe.
            .with_ansi(io::stderr().is_terminal())
            .with_target(false)
            .with_filter(filter)
            .boxed(),
        LogFormat::Json => fmt::layer()
            .json()
            .with_writer(io::stderr)
            .with_current_span(true)
            .with_filter(filter)
            .boxed(),
    };
    // A logger set already (a test harness) stays.
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;
    use tracing_subscriber::layer::Filter;

    #[test]
    fn the_wire_and_serenity_stay_capped_whatever_is_asked() {
        let caps = caps(false);
        let enabled = |target: &str, level: Level| caps.would_enable(target, &level);
        assert!(!enabled("tungstenite::protocol", Level::TRACE));
        assert!(!enabled("hyper_util::client", Level::DEBUG));
        assert!(enabled("reqwest::connect", Level::INFO));
        assert!(!enabled("serenity::gateway::shard", Level::INFO));
        assert!(enabled("serenity::gateway::shard", Level::WARN));
        assert!(enabled("missionbot::search", Level::TRACE));
        let opted_in = super::caps(true);
        assert!(opted_in.would_enable("serenity::gateway::shard", &Level::DEBUG));
        assert!(!opted_in.would_enable("tungstenite::protocol", &Level::TRACE));
        // `Filter` is what combines them with RUST_LOG's.
        fn is_filter<F: Filter<tracing_subscriber::Registry>>(_: &F) {}
        is_filter(&caps);
    }
}
