//! The `missionbot` command line: parses flags and calls into the library.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use missionbot::config::{self, Config};
use missionbot::console::Moderator;
use missionbot::knowledge::import;
use missionbot::reply::answer;
use missionbot::reply::render::{self, Emphasis};
use missionbot::{Command, Editor, Engine, Lang, eval, knowledge};

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
    /// Chat with the bot locally: `/strategy 7`, `/mission`, `/aims` or a question.
    Console {
        /// Language of the bot's own words: sk, cs or en (default: `[answers]
        /// language` in the config, else the knowledge's).
        #[arg(long)]
        lang: Option<Lang>,
        /// Also accept the moderator commands that change the knowledge
        /// (`/add`, `/edit`, `/remove`, `/move`, `/history`, `/revert`, …).
        #[arg(long)]
        moderator: bool,
    },
    /// Print the bot's reply to one question or command.
    Ask {
        /// Language of the bot's own words: sk, cs or en.
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
    },
    /// Rebuild the search index from the knowledge.
    Index,
    /// Validate the configuration and the knowledge base.
    Check,
    /// Connect to Discord (the token comes from DISCORD_TOKEN).
    Run,
    /// Make the knowledge base from a plain-text mission document.
    Import {
        file: PathBuf,
        /// The organization's short name, if it cannot be guessed from the text.
        #[arg(long)]
        organization: Option<String>,
        /// Write here instead of the configured knowledge directory.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace existing knowledge files (the old ones are kept as .bak).
        #[arg(long)]
        force: bool,
        /// The document's language (sk, cs or en) when detecting it from the
        /// text would get it wrong.
        #[arg(long)]
        language: Option<knowledge::Language>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr, so stdout stays the bot's answers; `RUST_LOG` overrides.
///
/// serenity's own spans are at info level and record whole gateway events,
/// message text included; questions stay private, so serenity logs only
/// warnings by default (the Discord adapter logs connects and commands itself).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,serenity=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        // Colours only on a terminal: not in files, journald or a pipe.
        .with_ansi(io::stderr().is_terminal())
        .with_target(false)
        .init();
}

fn load_config(path: Option<&Path>) -> Result<Config> {
    let (path, explicit) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from(config::DEFAULT_PATH), false),
    };
    Ok(Config::load(&path, explicit)?)
}

fn open_engine(config: &Config) -> Result<Engine> {
    Engine::open(config).context("cannot start")
}

/// Starts taking in edits made on disk while the process runs; a process
/// that cannot watch still answers, from the knowledge it started with.
fn watch(editor: &std::sync::Arc<Editor>) -> Option<missionbot::moderation::Watching> {
    editor
        .watch()
        .inspect_err(|error| {
            tracing::warn!(%error, "edits made on disk are seen only after a restart");
        })
        .ok()
}

/// Longest a one-shot command waits for the passage vectors (a first build
/// embeds every passage); past it, or when the service fails, it answers by
/// words, as the bot does meanwhile.
const VECTORS_WAIT: Duration = Duration::from_secs(300);

/// An engine for one-shot commands: with semantic search configured, its
/// passage vectors ready (or known to be unavailable).
fn open_engine_ready(config: &Config) -> Result<Engine> {
    let engine = open_engine(config)?;
    engine.wait_for_semantic(VECTORS_WAIT);
    Ok(engine)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config = load_config(cli.config.as_deref())?;
    match cli.command {
        Cmd::Console { lang, moderator } => {
            let engine = std::sync::Arc::new(open_engine(&config)?);
            let editor = std::sync::Arc::new(Editor::from_config(engine.clone(), &config));
            let _watching = watch(&editor);
            let who = std::env::var("USER")
                .map_or_else(|_| "console".to_string(), |u| format!("console:{u}"));
            let moderator = moderator.then_some(Moderator {
                editor: &editor,
                who: &who,
            });
            missionbot::console::run_stdio(&engine, lang.unwrap_or(engine.language()), moderator)?;
        }
        Cmd::Ask { lang, text } => {
            let engine = open_engine_ready(&config)?;
            let reply = engine.handle(
                &Command::parse(&text.join(" ")),
                lang.unwrap_or(engine.language()),
            );
            print!("{}", render::plain(&reply, Emphasis::Stars));
        }
        Cmd::Search {
            json,
            stdin,
            limit,
            text,
        } => {
            let engine = open_engine_ready(&config)?;
            let mut out = io::stdout().lock();
            if stdin {
                if !text.is_empty() {
                    bail!("give the question either as arguments or on stdin (--stdin), not both");
                }
                let mut line = Vec::new();
                let mut input = io::stdin().lock();
                loop {
                    line.clear();
                    if input.read_until(b'\n', &mut line)? == 0 {
                        break;
                    }
                    let query = String::from_utf8_lossy(&line);
                    let query = query.trim_end_matches(['\n', '\r']);
                    print_search(&engine, query, limit.into(), json, &mut out)?;
                }
            } else {
                print_search(&engine, &text.join(" "), limit.into(), json, &mut out)?;
            }
        }
        Cmd::Eval { file, explain } => {
            let engine = open_engine_ready(&config)?;
            let cases = eval::load_cases(&file)?;
            let outcomes = eval::run(&engine, &cases)?;
            print!("{}", eval::report(&outcomes, explain));
        }
        Cmd::Index => {
            let knowledge = Engine::rebuild_index(&config)?;
            println!(
                "index rebuilt in {}: {} passages",
                config.index_dir.display(),
                knowledge.passages().len()
            );
            if config.semantic.is_some() {
                let engine = open_engine(&config)?;
                match engine.wait_for_semantic(VECTORS_WAIT) {
                    Some(true) => println!("passage vectors ready beside the index"),
                    _ => bail!(
                        "the passage vectors could not be built (see the warning above); \
                         the bot answers by words until they are"
                    ),
                }
            }
        }
        Cmd::Check => return check(&config),
        Cmd::Run => run_discord(&config)?,
        Cmd::Import {
            file,
            organization,
            out,
            force,
            language,
        } => {
            let text =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = String::from_utf8(text)
                .with_context(|| format!("{} is not UTF-8 text", file.display()))?;
            let document = import::parse(&text, organization.as_deref(), language)
                .with_context(|| format!("cannot import {}", file.display()))?;
            for (line, dropped) in &document.dropped {
                eprintln!(
                    "{}:{line}: dropped (not content): {dropped}",
                    file.display()
                );
            }
            let dir = out.unwrap_or_else(|| config.knowledge_dir.clone());
            let written = import::write(&dir, &document, force)?;
            println!(
                "imported {}: mission, {} aims, {} strategy points (language: {}; \
                 `language` in mission.toml)",
                document.organization,
                document.aims.len(),
                document.points.len(),
                document.language,
            );
            for path in written {
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot run`: the token is checked before anything touches the network.
#[cfg(feature = "discord")]
fn run_discord(config: &Config) -> Result<()> {
    use missionbot::discord::{self, Settings, Token};
    let token = Token::from_env()?;
    let engine = std::sync::Arc::new(open_engine(config)?);
    let editor = std::sync::Arc::new(Editor::from_config(engine.clone(), config));
    let _watching = watch(&editor);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(discord::run(
        engine,
        Some(editor),
        Settings::from_config(config),
        token,
    ))?;
    Ok(())
}

#[cfg(not(feature = "discord"))]
fn run_discord(_config: &Config) -> Result<()> {
    bail!(
        "this missionbot was built without the `discord` feature, so it cannot connect to \
         Discord; build it with `cargo build --features discord` (on by default)"
    )
}

fn print_search(
    engine: &Engine,
    query: &str,
    limit: usize,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    let hits = engine.search(query, limit)?;
    let knowledge = engine.knowledge();
    let hits: Vec<serde_json::Value> = hits
        .iter()
        .filter_map(|hit| {
            let passage = knowledge.get(hit.id)?;
            let snippet = answer::excerpt(&passage.text, &hit.highlights);
            Some(serde_json::json!({
                "id": hit.id.to_string(),
                "score": (f64::from(hit.score) * 1000.0).round() / 1000.0,
                "snippet": render::plain_text(&snippet, Emphasis::Stars),
                "source": hit.source.name(),
            }))
        })
        .collect();
    if json {
        let line = serde_json::json!({ "query": query, "hits": hits });
        writeln!(out, "{line}")?;
    } else if hits.is_empty() {
        writeln!(out, "(nothing relevant)")?;
    } else {
        for hit in hits {
            writeln!(
                out,
                "{:<12} {:>7}  {}",
                hit["id"].as_str().unwrap_or(""),
                hit["score"],
                hit["snippet"].as_str().unwrap_or("")
            )?;
        }
    }
    Ok(())
}

fn check(config: &Config) -> Result<ExitCode> {
    let knowledge_ok = match knowledge::load(&config.knowledge_dir) {
        Ok(k) => {
            let config_name = config
                .path
                .as_deref()
                .map_or("built-in defaults".to_string(), |p| p.display().to_string());
            println!(
                "ok: {config_name}; {}: mission, {} aims, {} strategy points",
                config.knowledge_dir.display(),
                k.aims().len(),
                k.points().len()
            );
            true
        }
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("{} problem(s) found", problems.0.len());
            false
        }
    };
    // The service is checked whatever the knowledge's state: both are reported.
    let semantic_ok = check_semantic(config);
    Ok(if knowledge_ok && semantic_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The embedding service asked for one vector: what it serves, or what is wrong.
fn check_semantic(config: &Config) -> bool {
    let Some(settings) = &config.semantic else {
        println!("semantic search is off (no [semantic] in the configuration): words only");
        return true;
    };
    match missionbot::semantic::Semantic::probe(settings) {
        Ok(probe) => {
            println!(
                "ok: semantic search: {} at {}, dimension {}, round trip {} ms",
                probe.model,
                settings.url,
                probe.dimension,
                probe.round_trip.as_millis()
            );
            true
        }
        Err(error) => {
            eprintln!(
                "semantic search: {} at {}: {error}",
                settings.model, settings.url
            );
            false
        }
    }
}
