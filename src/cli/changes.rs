//! Changes to the knowledge from the command line, as the console makes
//! them: `teach`, `history` and `revert`, through the [`Desk`](crate::desk::Desk);
//! a change is previewed, confirmed on a terminal (a script's command line,
//! or `--yes`, is its confirmation), made and audited.

use std::io::{self, BufRead, IsTerminal};
use std::process::ExitCode;

use super::{CliError, print, refuse};
use crate::app::{self, App};
use crate::config::Config;
use crate::knowledge::{PassageId, SectionId};
use crate::moderation::reply as moderation_reply;
use crate::moderation::request::passage_id;
use crate::reply::{Lang, Reply};
use crate::tr;

/// Whether `text` has the form of a passage (which section a bare number
/// is of, the knowledge says: [`passage`]).
fn names_a_passage(text: &str) -> bool {
    passage_id(text, SectionId::STRATEGY).is_some()
}

/// How `teach` was called: `teach PASSAGE QUESTION…`, as the console's
/// `/teach`; the earlier `teach "QUESTION" PASSAGE` is still read. The
/// passage as typed, then the question.
pub fn teach_arguments(words: &[String]) -> Option<(String, String)> {
    let (first, rest) = words.split_first()?;
    if names_a_passage(first) && !rest.is_empty() {
        return Some((first.clone(), rest.join(" ")));
    }
    match rest {
        [last] => {
            let passage = names_a_passage(last).then(|| last.clone())?;
            eprintln!(
                "note: the order is `missionbot teach PASSAGE QUESTION` now, as the console's \
                 `/teach`; `teach QUESTION PASSAGE` is still read"
            );
            Some((passage, first.clone()))
        }
        _ => None,
    }
}

/// The passage `text` names in the knowledge `app` serves: a bare number
/// is an item of its main list; an item of a section the document lacks is
/// said so (not "file missing").
fn passage(app: &App, text: &str) -> Result<PassageId, CliError> {
    let knowledge = app.engine.knowledge();
    let main = knowledge.main_list().map_or(SectionId::STRATEGY, |s| s.id);
    let passage = passage_id(text, main).ok_or(CliError::Usage(
        "the passage is none: use mission, aim-N, a passage id (strategy-7, principles-3) or N",
    ))?;
    if passage
        .section()
        .is_some_and(|s| knowledge.section(s).is_none())
    {
        return Err(CliError::NoPassage(passage.to_string()));
    }
    Ok(passage)
}

/// Prints `preview` and, on a terminal unless `yes`, asks; whether to go on.
fn confirmed(mut preview: Reply, yes: bool, lang: Lang) -> Result<bool, CliError> {
    let asking = !yes && io::stdin().is_terminal();
    if !asking {
        preview.footer = None;
    }
    print(&preview);
    if asking {
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !crate::console::is_yes(&answer) {
            println!("{}", tr!(lang, "mod-cancelled"));
            return Ok(false);
        }
    }
    Ok(true)
}

/// `missionbot teach PASSAGE QUESTION`: the change previewed, confirmed,
/// made, and the question taken off the gap list (the desk's editor does
/// that).
pub fn teach(
    config: &Config,
    passage: &str,
    question: &str,
    yes: bool,
) -> Result<ExitCode, CliError> {
    let app = App::open(config)?;
    let lang = app.engine.language();
    let passage = self::passage(&app, passage)?;
    let preview = match app.desk.teach(question, passage) {
        Ok(preview) => preview,
        Err(error) => return Ok(refuse(&moderation_reply::refused(&error, lang))),
    };
    if !confirmed(moderation_reply::preview(&preview, lang), yes, lang)? {
        return Ok(ExitCode::FAILURE);
    }
    Ok(match app.desk.apply(&preview, &app::local_user()) {
        Ok(entry) => {
            println!();
            print(&moderation_reply::saved(&entry, lang));
            ExitCode::SUCCESS
        }
        Err(error) => refuse(&moderation_reply::refused(&error, lang)),
    })
}

/// `missionbot history [PASSAGE]`: the last changes, as `/history` lists them.
pub fn history(config: &Config, passage: Option<&str>) -> Result<ExitCode, CliError> {
    let app = App::open(config)?;
    let lang = app.engine.language();
    let passage = passage.map(|text| self::passage(&app, text)).transpose()?;
    print(&app.desk.history(passage, lang));
    Ok(ExitCode::SUCCESS)
}

/// `missionbot revert ID`: what undoing the change would change, confirmed,
/// then made as a change of its own.
pub fn revert(config: &Config, id: u64, yes: bool) -> Result<ExitCode, CliError> {
    let app = App::open(config)?;
    let lang = app.engine.language();
    let preview = match app.desk.preview_revert(id) {
        Ok(preview) => preview,
        Err(error) => return Ok(refuse(&moderation_reply::refused(&error, lang))),
    };
    if !confirmed(moderation_reply::revert_preview(&preview, lang), yes, lang)? {
        return Ok(ExitCode::FAILURE);
    }
    Ok(match app.desk.apply_revert(&preview, &app::local_user()) {
        Ok(entry) => {
            println!();
            print(&moderation_reply::saved(&entry, lang));
            ExitCode::SUCCESS
        }
        Err(error) => refuse(&moderation_reply::refused(&error, lang)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    fn taught(passage: &str, question: &str) -> Option<(String, String)> {
        Some((passage.to_string(), question.to_string()))
    }

    #[test]
    fn teach_reads_the_consoles_order_and_the_earlier_one() {
        assert_eq!(
            teach_arguments(&words(&["5", "Ako", "si vyberáte partnerov?"])),
            taught("5", "Ako si vyberáte partnerov?")
        );
        assert_eq!(
            teach_arguments(&words(&["strategy-5", "Ako?"])),
            taught("strategy-5", "Ako?")
        );
        assert_eq!(
            teach_arguments(&words(&["Ako?", "principles-3"])),
            taught("principles-3", "Ako?")
        );
        // Any section's item id has the form ("bod-5" too: the knowledge says
        // whether it has one); a phrase or item 0 has not.
        assert_eq!(teach_arguments(&words(&["Ako?", "bod 5"])), None);
        assert_eq!(teach_arguments(&words(&["Ako?", "strategy-0"])), None);
        assert_eq!(teach_arguments(&words(&["5"])), None);
    }
}
