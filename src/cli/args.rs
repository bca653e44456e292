//! The command line's grammar: every subcommand, its arguments and their
//! help, which clap turns into `missionbot --help`. Kept apart from
//! `main.rs` so the binary holds only what it does with them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::Lang;
use crate::knowledge;
use crate::moderation::request;

/// A bot that knows an organization's mission, aims and strategy by heart.
#[derive(Parser)]
#[command(name = "missionbot", version, about)]
pub struct Cli {
    /// Configuration file; paths in it are relative to it.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Chat with the bot locally: a question, `/show` (the document's parts),
    /// `/strategy 7`, `/mission`, `/aims`.
    Console {
        /// Language of the bot's own words: sk, cs, en or any other with a
        /// file in `locales/` (default: `[answers] language` in the config,
        /// else the knowledge's).
        #[arg(long)]
        lang: Option<Lang>,
        /// Also accept the moderator commands that change the knowledge
        /// (`/add`, `/edit`, `/remove`, `/move`, `/history`, `/revert`, …).
        #[arg(long)]
        moderator: bool,
    },
    /// Print the bot's reply to one question or command.
    Ask {
        /// Language of the bot's own words: sk, cs, en or any other with a
        /// file in `locales/`.
        #[arg(long)]
        lang: Option<Lang>,
        /// The question (or a command such as "/strategy 7").
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Ranked passages for a question, for scripts.
    Search {
        /// One JSON line per question: {"query", "hits": [{"id", "score", "snippet"}]}.
        #[arg(long)]
        json: bool,
        /// Read one question per line from stdin.
        #[arg(long)]
        stdin: bool,
        /// With --stdin: consecutive lines are one member's conversation
        /// (a follow-up such as "a ten ďalší?" is read against the line
        /// before); an empty line starts the next one.
        #[arg(long, requires = "stdin")]
        conversation: bool,
        /// Most hits per question.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
        limit: u16,
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Score the search against a relevance set (queries.toml format).
    Eval {
        file: PathBuf,
        /// Show each case's top three passages and the words they matched.
        #[arg(long)]
        explain: bool,
        /// Only the conversations about this document (the `document` of
        /// a set over several documents).
        #[arg(long)]
        document: Option<String>,
    },
    /// Every passage in document order with its id, section and label.
    Passages {
        /// {"passages": [{"id", "section", "label", "text"}]}.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the knowledge.
    Index,
    /// Validate the configuration and the knowledge base.
    Check,
    /// Connect to Discord (the token comes from DISCORD_TOKEN); with
    /// `[interactions]`, also serve Discord's HTTP interactions endpoint.
    Run,
    /// Register the slash commands over HTTP, for a bot whose interactions
    /// arrive at its endpoint (token from DISCORD_TOKEN).
    Register,
    /// The knowledge and learning in PostgreSQL (`[store]`).
    Store {
        #[command(subcommand)]
        action: StoreCmd,
    },
    /// Questions that got no answer or whose answer got a 👎, most asked first.
    Gaps {
        /// {"gaps": [{"question", "count", "last", "down_votes", "closest"}]}.
        #[arg(long, conflicts_with = "purge")]
        json: bool,
        /// Only the last N days (default: all that is kept).
        #[arg(long, value_name = "N", conflicts_with = "purge",
              value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::config::MAX_KEEP_DAYS)))]
        days: Option<u32>,
        /// Delete everything recorded: questions, votes, what was taught or dismissed
        /// (a copy is kept in a file beside the store). Asks first on a terminal.
        #[arg(long)]
        purge: bool,
        /// Purge without asking.
        #[arg(long, requires = "purge")]
        yes: bool,
    },
    /// Teach the bot that PASSAGE answers QUESTION (an audited, revertable
    /// change), as the console's `/teach PASSAGE QUESTION`.
    Teach {
        /// PASSAGE (mission, aim-N, strategy-N, a section's item such as
        /// principles-3, or a number of the main list), then the question as
        /// people ask it.
        #[arg(required = true, num_args = 2.., value_name = "PASSAGE QUESTION",
              allow_hyphen_values = true)]
        words: Vec<String>,
        /// Make the change without asking (asked on a terminal otherwise).
        #[arg(long)]
        yes: bool,
    },
    /// The last changes to the knowledge, or those of one passage.
    History {
        /// mission, aim-N, strategy-N, a section's item (principles-3), or a
        /// number of the main list.
        #[arg(value_parser = parse_passage)]
        passage: Option<String>,
    },
    /// Undo change ID (a number from `history`): previewed, then made as a
    /// change of its own.
    Revert {
        #[arg(value_parser = clap::value_parser!(u64).range(1..))]
        id: u64,
        /// Make the change without asking (asked on a terminal otherwise).
        #[arg(long)]
        yes: bool,
    },
    /// Make a data directory (configuration, knowledge, later the audit log,
    /// index and learning store) apart from the code.
    Init {
        dir: PathBuf,
        /// Make the knowledge from this document instead of the shipped one.
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
        /// The document's language (sk, cs or en), with --import.
        #[arg(long, requires = "import")]
        language: Option<knowledge::Language>,
        /// The organization's short name, with --import.
        #[arg(long, requires = "import")]
        organization: Option<String>,
        /// Replace a configuration and knowledge already there.
        #[arg(long)]
        force: bool,
    },
    /// Copy the knowledge, its audit log and the learning store into one
    /// archive, consistently, while the bot runs.
    Backup {
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Verify a backup and put it back (stop the bot first).
    Restore {
        file: PathBuf,
        /// Restore into a new data directory (its own config.toml) instead
        /// of where the configuration names.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Replace the data that is there.
        #[arg(long)]
        force: bool,
    },
    /// Whether `missionbot run` is up (its heartbeat file is fresh), for a
    /// container's HEALTHCHECK; no call to Discord.
    Health {
        /// Oldest heartbeat still counted as up, in seconds.
        #[arg(long, value_name = "SECS", default_value_t = crate::health::MAX_AGE.as_secs())]
        max_age: u64,
    },
    /// Print the link that invites the bot to a server, with every
    /// permission its features need, explained.
    Invite {
        /// The application id (developer portal → General Information).
        #[arg(long, value_name = "ID")]
        application_id: u64,
    },
    /// Questions per day, the share answered, passages shown with their votes, top gaps.
    Stats {
        #[arg(long)]
        json: bool,
        /// Only the last N days (default: all that is kept).
        #[arg(long, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::config::MAX_KEEP_DAYS)))]
        days: Option<u32>,
    },
    /// Write the knowledge as a static site (index.html) answers can link
    /// to, and optionally the statistics as charts (stats.html).
    Site {
        /// The directory to write into (default: `[site] out` in the config).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also write stats.html: questions per day, the share answered,
        /// 👍/👎 per passage, the top gaps (question texts left out).
        #[arg(long)]
        stats: bool,
        /// The days the statistics look back over (default: `[site] days`, 30).
        #[arg(long, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::config::MAX_SITE_DAYS)))]
        days: Option<u32>,
        /// Show the texts of the questions without an answer: members' words,
        /// published only when asked for.
        #[arg(long, requires = "stats")]
        include_questions: bool,
    },
    /// Make the knowledge base from a document: plain text, Markdown or HTML.
    Import {
        file: PathBuf,
        /// The organization's short name, if it cannot be guessed from the text.
        #[arg(long)]
        organization: Option<String>,
        /// Write here instead of the configured knowledge directory.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace existing knowledge files (the audit log keeps the old ones).
        #[arg(long)]
        force: bool,
        /// The document's language (sk, cs or en) when detecting it from the
        /// text would get it wrong.
        #[arg(long)]
        language: Option<knowledge::Language>,
        /// Show the files it would write and the report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Keep these input lines although the rules leave them out (`12,40-44`).
        #[arg(long, value_name = "LINES")]
        keep: Option<knowledge::import::Keep>,
    },
}

#[derive(Subcommand)]
pub enum StoreCmd {
    /// Bring the schema up to date (safe to run again, and from several
    /// processes at once).
    Migrate,
    /// Take a knowledge directory's files in, as one audited change.
    Import { dir: PathBuf },
    /// Write the stored knowledge's files into a directory.
    Export { dir: PathBuf },
}

/// A passage as the command line names it, checked for its form (which
/// section a bare number is of, the knowledge says).
fn parse_passage(text: &str) -> Result<String, String> {
    request::passage_id(text, crate::knowledge::SectionId::STRATEGY)
        .map(|_| text.to_string())
        .ok_or_else(|| {
            format!("{text:?} is not a passage: use mission, aim-N, strategy-N, principles-N or N")
        })
}
