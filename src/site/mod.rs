//! The static site of the knowledge (`missionbot site`, `[site]`): one page
//! of the whole document, `index.html`, with an anchor per passage that
//! answers on Discord link to, and optionally `stats.html`, what members
//! asked as charts. Plain files that any web server (or a Pages site) can
//! serve: semantic HTML in the knowledge's language with the bot's words
//! from the locale files, a small inline style, no script and nothing
//! loaded from elsewhere.
//!
//! Members' words are not published: the statistics page shows gaps by
//! their count and closest passage unless questions are asked for
//! explicitly ([`Options::include_questions`]).
//!
//! Owns: the pages (`page.rs`, `stats.rs`), the frame they share
//! (`layout.rs`), the charts as inline SVG (`charts.rs`), writing a page
//! atomically (`write.rs`), and publishing them as the knowledge changes
//! and once a day (`publish.rs`).
//!
//! Must not know: transports, how the stores keep things.

mod charts;
mod layout;
mod page;
mod publish;
mod stats;
mod write;

use std::path::PathBuf;
use std::time::SystemTime;

pub use page::index;
pub use publish::{Publisher, Publishing};
pub use stats::page as stats_page;
pub use write::write_page;

use crate::config::SiteConfig;
use crate::learning::LearningError;

/// The page of the knowledge.
pub const INDEX: &str = "index.html";
/// The page of the statistics.
pub const STATS: &str = "stats.html";

/// What is published besides the page of the knowledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Whether `stats.html` is written (and linked from the page).
    pub stats: bool,
    /// The days the statistics look back over.
    pub days: u32,
    /// Whether the statistics show the texts of the questions without an
    /// answer (members' words: off unless asked for on the command line).
    pub include_questions: bool,
}

impl Options {
    /// As `[site]` says; questions are never published from the config.
    pub fn from_config(site: &SiteConfig) -> Self {
        Self {
            stats: site.stats,
            days: site.days,
            include_questions: false,
        }
    }
}

/// What could not be published.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the statistics")]
    Stats(#[source] LearningError),
}

/// A moment as a day, `2026-05-01` (UTC); the epoch's for any moment
/// before it.
pub fn day(at: SystemTime) -> String {
    let at = at.max(SystemTime::UNIX_EPOCH);
    let mut text = humantime::format_rfc3339_seconds(at).to_string();
    text.truncate(10);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn days_are_utc_dates() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 * 365 + 3600);
        assert_eq!(day(at), "1971-01-01");
    }
}
