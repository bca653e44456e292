//! The `missionbot` command line: parses flags and calls into the library
//! (`missionbot::cli` for the one-shot commands, the console and Discord).

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;
use missionbot::app::{self, App};
use missionbot::cli::args::{Cli, Cmd, StoreCmd};
use missionbot::cli::{self, Import, Input};
use missionbot::config::{self, Config};
use missionbot::console::{self, Moderator};
use missionbot::logging::{self, Shown};

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

fn run(cli: Cli) -> Result<ExitCode> {
    // Commands that need no configuration of their own.
    match &cli.command {
        Cmd::Init {
            dir,
            import,
            language,
            organization,
            force,
        } => {
            logging::init(&Default::default(), Shown::Service);
            let document = import.as_deref().map(|file| Import {
                file,
                organization: organization.clone(),
                out: None,
                force: true,
                language: *language,
                dry_run: false,
                keep: Default::default(),
            });
            return Ok(cli::init(dir, document, *force)?);
        }
        Cmd::Invite { application_id } => return invite(*application_id),
        Cmd::Restore {
            file,
            into: Some(dir),
            force,
        } => {
            logging::init(&Default::default(), Shown::Service);
            return Ok(cli::restore(file, cli::Into::Dir(dir), *force)?);
        }
        _ => {}
    }
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
        Cmd::Teach { words, yes } => match cli::teach_arguments(&words) {
            Some((passage, question)) => cli::teach(&config, &passage, &question, yes)?,
            None => {
                eprintln!(
                    "error: teach takes PASSAGE QUESTION: the passage (mission, aim-N, \
                     strategy-N, a section's item such as principles-3, or a number of the \
                     main list), then the question"
                );
                ExitCode::from(2)
            }
        },
        Cmd::History { passage } => cli::history(&config, passage.as_deref())?,
        Cmd::Revert { id, yes } => cli::revert(&config, id, yes)?,
        Cmd::Backup { file, force } => cli::backup(&config, &file, force)?,
        Cmd::Restore { file, force, .. } => {
            cli::restore(&file, cli::Into::Configured(&config), force)?
        }
        Cmd::Health { max_age } => cli::health(&config, Duration::from_secs(max_age)),
        Cmd::Init { .. } | Cmd::Invite { .. } => unreachable!("handled before the configuration"),
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

#[cfg(feature = "discord")]
fn invite(application_id: u64) -> Result<ExitCode> {
    Ok(cli::invite(application_id))
}

#[cfg(not(feature = "discord"))]
fn invite(_application_id: u64) -> Result<ExitCode> {
    anyhow::bail!("this missionbot was built without the `discord` feature")
}

/// `missionbot run`: the token is checked before anything touches the network.
#[cfg(feature = "discord")]
fn run_discord(config: &Config) -> Result<ExitCode> {
    use missionbot::discord::{self, Settings, Token};
    use missionbot::health;
    config
        .check_for_discord()
        .map_err(|problem| anyhow::anyhow!(problem))?;
    let token = Token::from_env()?;
    let app = App::open(config).context("cannot start")?.watch().publish();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    // The heartbeat `missionbot health` reads, beaten by the runtime the
    // bot runs on: a runtime that stops scheduling stops beating.
    let heartbeat = config.heartbeat.clone();
    runtime.spawn(async move {
        let mut every = tokio::time::interval(health::EVERY);
        loop {
            every.tick().await;
            if let Err(error) = health::beat(&heartbeat) {
                tracing::warn!(%error, path = %heartbeat.display(), "cannot write the heartbeat");
            }
        }
    });
    let ran = runtime.block_on(discord::run(
        app.engine.clone(),
        app.desk.clone(),
        Settings::from_config(config),
        token,
    ));
    drop(runtime);
    health::stopped(&config.heartbeat);
    ran?;
    // What is still queued is written before the process ends.
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
