//! The `missionbot` command line: parses flags and calls into the library.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use missionbot::config::{self, Config};
use missionbot::console::Moderator;
use missionbot::knowledge::{PassageId, edit::Edit, import};
use missionbot::learning::{self, Learning, Source};
use missionbot::moderation::{reply as moderation_reply, request};
use missionbot::reply::render::{self, Emphasis};
use missionbot::reply::{answer, citation};
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
    /// Questions that got no answer or whose answer got a 👎, most asked first.
    Gaps {
        /// {"gaps": [{"question", "count", "last", "down_votes", "closest"}]}.
        #[arg(long, conflicts_with = "purge")]
        json: bool,
        /// Only the last N days (default: all that is kept).
        #[arg(long, value_name = "N", conflicts_with = "purge",
              value_parser = clap::value_parser!(u32).range(1..=i64::from(missionbot::config::MAX_KEEP_DAYS)))]
        days: Option<u32>,
        /// Delete everything recorded: questions, votes, what was taught or dismissed.
        #[arg(long)]
        purge: bool,
    },
    /// Teach the bot that PASSAGE answers QUESTION (an audited, revertable change).
    Teach {
        /// The question, as people ask it.
        question: String,
        /// The passage that answers it: mission, aim-N, strategy-N, or a point number.
        #[arg(value_parser = parse_passage)]
        passage: PassageId,
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
    /// Make the knowledge base from a document: plain text, Markdown or HTML.
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
        /// Show the files it would write and the report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Keep these input lines although the rules leave them out (`12,40-44`).
        #[arg(long, value_name = "LINES")]
        keep: Option<import::Keep>,
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

/// A passage as the command line names it.
fn parse_passage(text: &str) -> Result<PassageId, String> {
    request::passage_id(text)
        .ok_or_else(|| format!("{text:?} is not a passage: use mission, aim-N, strategy-N or N"))
}

/// Who the audit log names for a change made here.
fn local_user() -> String {
    std::env::var("USER").map_or_else(|_| "console".to_string(), |u| format!("console:{u}"))
}

fn open_engine(config: &Config) -> Result<Engine> {
    Engine::open(config).context("cannot start")
}

/// Starts taking in edits made on disk while the process runs; a process
/// that cannot watch still answers, from the knowledge it started with.
fn watch(editor: &std::sync::Arc<Editor>) -> Option<missionbot::store::knowledge::Watching> {
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
            let who = local_user();
            let moderator = moderator.then_some(Moderator {
                editor: &editor,
                who: &who,
            });
            let learning = Learning::open(&config.learning);
            missionbot::console::run_stdio(
                &engine,
                lang.unwrap_or(engine.language()),
                moderator,
                &learning,
            )?;
        }
        Cmd::Ask { lang, text } => {
            let engine = open_engine_ready(&config)?;
            let learning = Learning::open(&config.learning);
            let command = Command::parse(&text.join(" "));
            let reply = engine.handle(&command, lang.unwrap_or(engine.language()));
            print!("{}", render::plain(&reply, Emphasis::Stars));
            if let Command::Ask(question) = &command {
                learning.record(question, Source::Console, &reply);
            }
        }
        Cmd::Gaps { json, days, purge } => return gaps(&config, json, days, purge),
        Cmd::Teach { question, passage } => return teach(&config, question, passage),
        Cmd::Stats { json, days } => return stats(&config, json, days),
        Cmd::Search {
            json,
            stdin,
            limit,
            text,
        } => {
            let engine = open_engine_ready(&config)?;
            let lang = engine.language();
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
                    print_search(&engine, query, limit.into(), json, lang, &mut out)?;
                }
            } else {
                print_search(&engine, &text.join(" "), limit.into(), json, lang, &mut out)?;
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
            dry_run,
            keep,
        } => {
            let text =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = String::from_utf8(text)
                .with_context(|| format!("{} is not UTF-8 text", file.display()))?;
            let options = import::Options {
                organization,
                language,
                keep: keep.unwrap_or_default().0,
            };
            let format = import::Format::of(&file, &text);
            let imported = import::import(&text, format, &options)
                .with_context(|| format!("cannot import {}", file.display()))?;
            if dry_run {
                for (name, content) in imported.texts.iter() {
                    println!("── {name} ──\n{content}");
                }
                println!("── report: {} ──\n{}", file.display(), imported.report);
                println!("{} (dry run: nothing written)", imported.summary());
                return Ok(ExitCode::SUCCESS);
            }
            eprint!("{}", imported.report);
            let (dir, audit_log) = match out {
                Some(dir) => (dir.clone(), dir.join("audit.jsonl")),
                None => (config.knowledge_dir.clone(), config.audit_log.clone()),
            };
            let store = missionbot::store::FileStore::new(dir.clone(), audit_log);
            if !force
                && let Ok(existing) = missionbot::store::KnowledgeStore::read(&store)
                && let Some((file, _)) = existing.iter().next()
            {
                bail!(
                    "{} already exists; pass --force to replace the knowledge base \
                     (the audit log keeps the old files: `/history`, `/revert`)",
                    dir.join(file).display()
                );
            }
            let texts = &imported.texts;
            let what = format!("import {}", file.display());
            let entry = Editor::import(&store, texts, &local_user(), &what)
                .with_context(|| format!("cannot write the knowledge into {}", dir.display()))?;
            println!(
                "imported {} (language: {}; `language` in mission.toml)",
                imported.summary(),
                imported.document.language,
            );
            for (name, _) in texts.iter() {
                println!("wrote {}", dir.join(name).display());
            }
            println!("recorded as change #{} in the audit log", entry.id);
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
    let learning = std::sync::Arc::new(Learning::open(&config.learning));
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(discord::run(
        engine,
        Some(editor),
        learning.clone(),
        Settings::from_config(config),
        token,
    ))?;
    // What is still queued is written before the process ends.
    drop(runtime);
    learning.flush();
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
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let found = engine.find(query, limit)?;
    let knowledge = engine.knowledge();
    let hits: Vec<serde_json::Value> = found
        .hits
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
    // What it came closest to when nothing answers: a guess, never a hit.
    let suggestions: Vec<serde_json::Value> = found
        .closest
        .iter()
        .map(|hit| {
            serde_json::json!({
                "id": hit.id.to_string(),
                "label": citation::citation(&knowledge, hit.id, lang),
            })
        })
        .collect();
    if json {
        let line = serde_json::json!({ "query": query, "hits": hits, "suggestions": suggestions });
        writeln!(out, "{line}")?;
    } else if hits.is_empty() {
        writeln!(out, "(nothing relevant)")?;
        if !suggestions.is_empty() {
            let ids: Vec<&str> = suggestions
                .iter()
                .filter_map(|s| s["id"].as_str())
                .collect();
            writeln!(out, "(closest, not an answer: {})", ids.join(", "))?;
        }
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

/// One gap as `gaps --json` prints it, keys in this order.
#[derive(serde::Serialize)]
struct GapJson<'a> {
    question: &'a str,
    count: u64,
    last: String,
    down_votes: u64,
    closest: &'a [String],
}

impl<'a> From<&'a learning::Gap> for GapJson<'a> {
    fn from(gap: &'a learning::Gap) -> Self {
        Self {
            question: &gap.question,
            count: gap.count,
            last: learning::rfc3339(gap.last),
            down_votes: gap.down_votes,
            closest: &gap.closest,
        }
    }
}

/// What `gaps --json` prints.
#[derive(serde::Serialize)]
struct GapsJson<'a> {
    gaps: Vec<GapJson<'a>>,
}

/// Gaps listed by `missionbot gaps` without `--json`.
const GAPS_SHOWN: usize = 20;

/// `missionbot gaps`: the list, as JSON or text; or `--purge`.
fn gaps(config: &Config, json: bool, days: Option<u32>, purge: bool) -> Result<ExitCode> {
    if purge {
        let deleted = learning::purge(&config.learning.db)
            .with_context(|| format!("cannot purge {}", config.learning.db.display()))?;
        println!(
            "purged {}: {deleted} recorded questions deleted",
            config.learning.db.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let lang = speaking(config);
    let gaps = match read_learning(config, |l, meaning| l.gaps(days, meaning))? {
        Ok(gaps) => gaps,
        Err(error) => return unavailable(&error, lang),
    };
    if json {
        let gaps = GapsJson {
            gaps: gaps.iter().map(GapJson::from).collect(),
        };
        println!("{}", serde_json::to_string(&gaps)?);
    } else {
        let shown = &gaps[..gaps.len().min(GAPS_SHOWN)];
        let reply = learning::reply::gaps(shown, 1, None, lang);
        print!("{}", render::plain(&reply, Emphasis::Stars));
    }
    Ok(ExitCode::SUCCESS)
}

/// A read of the learning store, questions grouped by meaning when semantic
/// search is configured (the engine opened for it, its vectors waited for
/// like any one-shot command's).
fn read_learning<T>(
    config: &Config,
    read: impl FnOnce(
        &Learning,
        Option<&dyn learning::Similarity>,
    ) -> Result<T, learning::LearningError>,
) -> Result<Result<T, learning::LearningError>> {
    let engine = match &config.semantic {
        Some(_) => Some(open_engine_ready(config)?),
        None => None,
    };
    let meaning = engine.as_ref().and_then(learning::ByMeaning::of);
    let meaning = meaning.as_ref().map(|m| m as &dyn learning::Similarity);
    Ok(read(&Learning::open(&config.learning), meaning))
}

/// The language the bot speaks where no engine is opened: the configured
/// one, else the knowledge's (Slovak when the knowledge cannot be read; the
/// command reports what it can without it).
fn speaking(config: &Config) -> Lang {
    config.answers.language.unwrap_or_else(|| {
        knowledge::load(&config.knowledge_dir).map_or_else(|_| Lang::default(), |k| k.language)
    })
}

/// Nothing to read: recording is off (a success: nothing went wrong), or
/// the store failed.
fn unavailable(error: &learning::LearningError, lang: Lang) -> Result<ExitCode> {
    eprint!(
        "{}",
        render::plain(&learning::reply::unavailable(error, lang), Emphasis::Stars)
    );
    Ok(match error {
        learning::LearningError::Off => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// `missionbot stats`.
fn stats(config: &Config, json: bool, days: Option<u32>) -> Result<ExitCode> {
    let lang = speaking(config);
    let stats = match read_learning(config, |l, meaning| l.stats(days, meaning))? {
        Ok(stats) => stats,
        Err(error) => return unavailable(&error, lang),
    };
    if json {
        let per_day: Vec<serde_json::Value> = stats
            .per_day
            .iter()
            .map(|d| serde_json::json!({"day": d.day, "questions": d.questions, "answered": d.answered}))
            .collect();
        let passages: Vec<serde_json::Value> = stats
            .passages
            .iter()
            .map(|p| serde_json::json!({"id": p.id, "shown": p.shown, "up": p.up, "down": p.down}))
            .collect();
        let gaps: Vec<serde_json::Value> = stats
            .gaps
            .iter()
            .map(|gap| serde_json::to_value(GapJson::from(gap)))
            .collect::<Result<_, _>>()?;
        let share = (stats.answered_share() * 1000.0).round() / 1000.0;
        println!(
            "{}",
            serde_json::json!({
                "days": stats.days,
                "questions": stats.questions,
                "answered": stats.answered,
                "answered_share": share,
                "per_day": per_day,
                "passages": passages,
                "gaps": gaps,
            })
        );
    } else {
        print!(
            "{}",
            render::plain(&learning::reply::stats(&stats, lang), Emphasis::Stars)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot teach`: the change previewed (printed), made, and the
/// question taken off the gap list.
fn teach(config: &Config, question: String, passage: PassageId) -> Result<ExitCode> {
    let engine = std::sync::Arc::new(open_engine(config)?);
    let lang = engine.language();
    let editor = Editor::from_config(engine, config);
    let edit = Edit::AddQuestion { passage, question };
    let made = editor.preview(&edit).and_then(|preview| {
        // The command is the confirmation: no question to answer.
        let mut shown = moderation_reply::preview(&preview, lang);
        shown.footer = None;
        print!("{}", render::plain(&shown, Emphasis::Stars));
        editor.apply(&preview, &local_user())
    });
    match made {
        Ok(entry) => {
            Learning::open(&config.learning).after_change(&edit);
            println!();
            print!(
                "{}",
                render::plain(&moderation_reply::saved(&entry, lang), Emphasis::Stars)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprint!(
                "{}",
                render::plain(&moderation_reply::refused(&error, lang), Emphasis::Stars)
            );
            Ok(ExitCode::FAILURE)
        }
    }
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
