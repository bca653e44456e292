//! The moderators' reads and `teach` from the command line, through the
//! [`Desk`] like the console and Discord: `gaps` and `stats` for people or
//! as JSON, `gaps --purge`, and `teach` (previewed, then made).

use std::io::{self, BufRead, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use super::{CliError, print, refuse};
use crate::app::{self, App};
use crate::config::Config;
use crate::desk::Desk;
use crate::knowledge::{self, SectionId};
use crate::learning::{self, GapView, Learning, LearningError};
use crate::moderation::reply as moderation_reply;
use crate::moderation::request;
use crate::reply::Lang;
use crate::tr;

/// Gaps listed by `missionbot gaps` without `--json`.
const GAPS_SHOWN: usize = 20;

/// The desk for a read: grouping by meaning needs the engine, opened (its
/// vectors waited for like any one-shot command's) only where semantic
/// search is configured.
fn reading(config: &Config) -> Result<Desk, CliError> {
    let learning = Arc::new(Learning::open(&config.learning));
    Ok(match &config.semantic {
        Some(_) => {
            let engine = crate::engine::Engine::open(config)?;
            engine.wait_for_semantic(app::semantic_wait(config));
            Desk::new(Arc::new(engine), None, learning)
        }
        None => Desk::reading(learning),
    })
}

/// The language the bot speaks where no engine is opened: the configured
/// one, else the knowledge's (Slovak when the knowledge cannot be read; the
/// command reports what it can without it).
fn speaking(config: &Config) -> Lang {
    config.answers.language.unwrap_or_else(|| {
        knowledge::load(&config.knowledge_dir).map_or(Lang::SK, |k| k.language.into())
    })
}

/// Nothing to read: recording is off (a success: nothing went wrong), or
/// the store failed.
pub(super) fn unavailable(error: &LearningError, lang: Lang) -> ExitCode {
    let code = refuse(&learning::reply::unavailable(error, lang));
    match error {
        LearningError::Off => ExitCode::SUCCESS,
        _ => code,
    }
}

/// What `gaps --json` prints.
#[derive(Serialize)]
struct GapsView<'a> {
    gaps: Vec<GapView<'a>>,
}

/// `missionbot gaps --purge`: everything recorded deleted, a copy kept
/// beside the store; asked first on a terminal unless `yes`.
pub fn purge(config: &Config, yes: bool) -> Result<ExitCode, CliError> {
    let db = config.learning.db.display();
    if !yes && io::stdin().is_terminal() {
        eprint!(
            "Delete every question, vote and settlement recorded in {db}? \
             A copy is kept beside it. [y/N] "
        );
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("nothing was deleted");
            return Ok(ExitCode::FAILURE);
        }
    }
    let purged = learning::purge(&config.learning).map_err(|source| CliError::Purge {
        db: config.learning.db.clone(),
        source,
    })?;
    print!(
        "purged {db}: {} recorded questions deleted",
        purged.questions
    );
    match purged.copy {
        Some(copy) => println!(
            "; a copy of them is in {} (delete it once it is not needed)",
            copy.display()
        ),
        None => println!(),
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot gaps`: the list, as JSON or text.
pub fn gaps(config: &Config, json: bool, days: Option<u32>) -> Result<ExitCode, CliError> {
    let lang = speaking(config);
    let gaps = match reading(config)?.gaps(days) {
        Ok(gaps) => gaps,
        Err(error) => return Ok(unavailable(&error, lang)),
    };
    if json {
        let view = GapsView {
            gaps: gaps.iter().map(learning::Gap::view).collect(),
        };
        println!("{}", serde_json::to_string(&view)?);
    } else {
        print(&learning::reply::gaps(
            &gaps[..gaps.len().min(GAPS_SHOWN)],
            1,
            None,
            lang,
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot stats`.
pub fn stats(config: &Config, json: bool, days: Option<u32>) -> Result<ExitCode, CliError> {
    let lang = speaking(config);
    let stats = match reading(config)?.stats(days) {
        Ok(stats) => stats,
        Err(error) => return Ok(unavailable(&error, lang)),
    };
    if json {
        println!("{}", serde_json::to_string(&stats.view())?);
    } else {
        print(&learning::reply::stats(&stats, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot teach`: the change previewed (printed), confirmed on a
/// terminal unless `yes` (a script's command line is its confirmation),
/// made, and the question taken off the gap list (the desk's editor does
/// that).
pub fn teach(
    config: &Config,
    question: &str,
    passage: &str,
    yes: bool,
) -> Result<ExitCode, CliError> {
    let app = App::open(config)?;
    let lang = app.engine.language();
    let knowledge = app.engine.knowledge();
    let main = knowledge.main_list().map_or(SectionId::STRATEGY, |s| s.id);
    let Some(passage) = request::passage_id(passage, main) else {
        return Err(CliError::Usage(
            "the passage is none: use mission, aim-N, a passage id (strategy-7, principles-3) or N",
        ));
    };
    // An item of a section the document lacks: said so, not "file missing".
    if passage
        .section()
        .is_some_and(|s| knowledge.section(s).is_none())
    {
        return Err(CliError::NoPassage(passage.to_string()));
    }
    let asking = !yes && io::stdin().is_terminal();
    let preview = match app.desk.teach(question, passage) {
        Ok(preview) => preview,
        Err(error) => return Ok(refuse(&moderation_reply::refused(&error, lang))),
    };
    let mut shown = moderation_reply::preview(&preview, lang);
    if !asking {
        shown.footer = None;
    }
    print(&shown);
    if asking {
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !crate::console::is_yes(&answer) {
            println!("{}", tr!(lang, "mod-cancelled"));
            return Ok(ExitCode::FAILURE);
        }
    }
    let made = app.desk.apply(&preview, &app::local_user());
    Ok(match made {
        Ok(entry) => {
            println!();
            print(&moderation_reply::saved(&entry, lang));
            ExitCode::SUCCESS
        }
        Err(error) => refuse(&moderation_reply::refused(&error, lang)),
    })
}
