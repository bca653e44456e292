//! The `missionbot` command line: parses flags and calls into the library
//! (`missionbot::cli` for the one-shot commands, the console and Discord).

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use missionbot::Lang;
use missionbot::app::{self, App};
use missionbot::cli::{self, Import, Input};
use missionbot::config::{self, Config};
use missionbot::console::{self, Moderator};
use missionbot::knowledge;
use missionbot::logging::{self, Shown};
use missionbot::moderation::request;

/// A bot that knows an organization's mission, aims and strategy by heart.
#[derive(Parser)]
#[command(name = "missionbot", version, about)]
struct Cli {
    /// Configuration file; paths in it are relative to it.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
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
              value_parser = clap::value_parser!(u32).range(1..=i64::from(missionbot::config::MAX_KEEP_DAYS)))]
        days: Option<u32>,
        /// Delete everything recorded: questions, votes, what was taught or dismissed
        /// (a copy is kept in a file beside the store). Asks first on a terminal.
        #[arg(long)]
        purge: bool,
        /// Purge without asking.
        #[arg(long, requires = "purge")]
        yes: bool,
    },
    /// Teach the bot that PASSAGE answers QUESTION (an audited, revertable change).
    Teach {
        /// The question, as people ask it.
        question: String,
        /// The passage that answers it: mission, aim-N, strategy-N, a
        /// section's item (principles-3), or a number of the main list.
        #[arg(value_parser = parse_passage)]
        passage: String,
        /// Make the change without asking (asked on a terminal otherwise).
        #[arg(long)]
        yes: bool,
    },
    /// Questions per day, the share answered, passages shown with their votes, top gaps.
    Stats {
        #[arg(long)]
        json: bool,
        /// Only the last N days (default: all that is kept).
        #[arg(long, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..=i64::from(missionbot::config::MAX_KEEP_DAYS)))]
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
              value_parser = clap::value_parser!(u32).range(1..=i64::from(missionbot::config::MAX_SITE_DAYS)))]
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
enum StoreCmd {
    /// Bring the schema up to date (safe to run again, and from several
    /// processes at once).
    Migrate,
    /// Take a knowledge directory's files in, as one audited change.
    Import { dir: PathBuf },
    /// Write the stored knowledge's files into a directory.
    Export { dir: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // Each cause said once; paths and values in it are the
            // operator's, shown, never obeyed.
            let shown = missionbot::diagnostic::chain(error.as_ref());
            eprintln!("error: {}", missionbot::terminal::safe(&shown));
            ExitCode::FAILURE
        }
    }
}

fn load_config(path: Option<&Path>) -> Result<Config> {
    let (path, explicit) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from(config::DEFAULT_PATH), false),
    };
    Ok(Config::load(&path, explicit)?)
}

/// Refuses to go on without a configuration or knowledge to work on, with
/// a message that says which (the built-in defaults look for ./knowledge).
fn needs_knowledge(config: &Config) -> Result<()> {
    if config.path.is_none() && !config.knowledge_dir.is_dir() {
        anyhow::bail!(
            "there is no {} in this directory and no ./knowledge beside it: run missionbot \
             where its configuration is, or pass --config PATH",
            config::DEFAULT_PATH
        );
    }
    Ok(())
}

/// A passage as the command line names it, checked for its form (which
/// section a bare number is of, the knowledge says).
fn parse_passage(text: &str) -> Result<String, String> {
    request::passage_id(text, missionbot::knowledge::SectionId::STRATEGY)
        .map(|_| text.to_string())
        .ok_or_else(|| {
            format!("{text:?} is not a passage: use mission, aim-N, strategy-N, principles-N or N")
        })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config = load_config(cli.config.as_deref())?;
    let shown = match &cli.command {
        Cmd::Console { .. } if io::stdin().is_terminal() && io::stdout().is_terminal() => {
            Shown::Console
        }
        _ => Shown::Service,
    };
    logging::init(&config.logging, shown);
    if !matches!(cli.command, Cmd::Import { .. }) {
        needs_knowledge(&config)?;
    }
    Ok(match cli.command {
        Cmd::Console { lang, moderator } => {
            let app = App::open(&config)
                .context("cannot start")?
                .watch()
                .publish();
            let who = app::local_user();
            let moderator = moderator.then_some(Moderator { who: &who });
            let lang = lang.unwrap_or(app.engine.language());
            console::run_stdio((&app.engine, &app.desk), lang, moderator)?;
            ExitCode::SUCCESS
        }
        Cmd::Ask { lang, text } => cli::ask(&config, lang, &text)?,
        Cmd::Search {
            json,
            stdin,
            conversation,
            limit,
            text,
        } => {
            let input = match (stdin, text.is_empty()) {
                (true, false) => anyhow::bail!(
                    "give the question either as arguments or on stdin (--stdin), not both"
                ),
                (true, true) => Input::Stdin { conversation },
                (false, _) => Input::Words(text),
            };
            cli::search(&config, input, limit.into(), json)?
        }
        Cmd::Eval {
            file,
            explain,
            document,
        } => cli::eval(&config, &file, explain, document.as_deref())?,
        Cmd::Index => cli::index(&config)?,
        Cmd::Passages { json } => cli::passages(&config, json)?,
        Cmd::Check => cli::check(&config),
        Cmd::Run => run_discord(&config)?,
        Cmd::Register => register(&config)?,
        Cmd::Store { action } => {
            let action = match &action {
                StoreCmd::Migrate => cli::StoreAction::Migrate,
                StoreCmd::Import { dir } => cli::StoreAction::Import(dir),
                StoreCmd::Export { dir } => cli::StoreAction::Export(dir),
            };
            cli::store(&config, action)?
        }
        Cmd::Gaps {
            purge: true, yes, ..
        } => cli::purge(&config, yes)?,
        Cmd::Gaps { json, days, .. } => cli::gaps(&config, json, days)?,
        Cmd::Teach {
            question,
            passage,
            yes,
        } => cli::teach(&config, &question, &passage, yes)?,
        Cmd::Stats { json, days } => cli::stats(&config, json, days)?,
        Cmd::Site {
            out,
            stats,
            days,
            include_questions,
        } => cli::site(
            &config,
            cli::Site {
                out,
                stats,
                days,
                include_questions,
            },
        )?,
        Cmd::Import {
            file,
            organization,
            out,
            force,
            language,
            dry_run,
            keep,
        } => cli::import(
            &config,
            Import {
                file: &file,
                organization,
                out,
                force,
                language,
                dry_run,
                keep: keep.unwrap_or_default(),
            },
        )?,
    })
}

/// `missionbot run`: the token is checked before anything touches the network.
#[cfg(feature = "discord")]
fn run_discord(config: &Config) -> Result<ExitCode> {
    use missionbot::discord::{self, Settings, Token};
    config
        .check_for_discord()
        .map_err(|problem| anyhow::anyhow!(problem))?;
    let token = Token::from_env()?;
    let app = App::open(config).context("cannot start")?.watch().publish();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(discord::run(
        app.engine.clone(),
        app.desk.clone(),
        Settings::from_config(config),
        token,
    ))?;
    // What is still queued is written before the process ends.
    drop(runtime);
    app.learning.flush();
    Ok(ExitCode::SUCCESS)
}

/// `missionbot register`: the slash commands registered over HTTP.
#[cfg(feature = "discord")]
fn register(config: &Config) -> Result<ExitCode> {
    use missionbot::discord::{self, Settings, Token};
    let token = Token::from_env()?;
    let engine = missionbot::Engine::open(config).context("cannot start")?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let registered = runtime.block_on(discord::register(
        &engine,
        &Settings::from_config(config),
        &token,
    ))?;
    println!("registered {registered} slash commands");
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "discord"))]
fn register(_config: &Config) -> Result<ExitCode> {
    run_discord(_config)
}

#[cfg(not(feature = "discord"))]
fn run_discord(_config: &Config) -> Result<ExitCode> {
    anyhow::bail!(
        "this missionbot was built without the `discord` feature, so it cannot connect to \
         Discord; build it with `cargo build --features discord` (on by default)"
    )
}
