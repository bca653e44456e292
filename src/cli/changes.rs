//! Changes to the knowledge from the command line, as the console makes
//! them: `teach`, `history` and `revert`, through the [`Desk`](crate::desk::Desk);
//! a change is previewed, confirmed on a terminal (a script's command line,
//! or `--yes`, is its confirmation), made and audited.

use std::io::{self, BufRead, IsTerminal};
use std::process::ExitCode;

use super::{CliError, print, refuse};
use crate::app::{self, App};
use crate::config::Config;
use crate::knowledge::PassageId;
use crate::moderation::reply as moderation_reply;
use crate::moderation::request::passage_id;
use crate::reply::{Lang, Reply};
use crate::tr;

/// How `teach` was called: `teach PASSAGE QUESTION…`, as the console's
/// `/teach`; the earlier `teach "QUESTION" PASSAGE` is still read.
pub fn teach_arguments(words: &[String]) -> Option<(PassageId, String)> {
    let (first, rest) = words.split_first()?;
    if let Some(passage) = passage_id(first).filter(|_| !rest.is_empty()) {
        return Some((passage, rest.join(" ")));
    }
    match rest {
        [last] => {
            let passage = passage_id(last)?;
            eprintln!(
                "note: the order is `missionbot teach PASSAGE QUESTION` now, as the console's \
                 `/teach`; `teach QUESTION PASSAGE` is still read"
            );
            Some((passage, first.clone()))
        }
        _ => None,
    }
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
    passage: PassageId,
    question: &str,
    yes: bool,
) -> Result<ExitCode, CliError> {
    let app = App::open(config)?;
    let lang = app.engine.language();
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
pub fn history(config: &Config, passage: Option<PassageId>) -> Result<ExitCode, CliError> {
    let app = App::open(config)?;
    let lang = app.engine.language();
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

    #[test]
    fn teach_reads_the_consoles_order_and_the_earlier_one() {
        let five = PassageId::Strategy(5);
        assert_eq!(
            teach_arguments(&words(&["5", "Ako", "si vyberáte partnerov?"])),
            Some((five, "Ako si vyberáte partnerov?".to_string()))
        );
        assert_eq!(
            teach_arguments(&words(&["strategy-5", "Ako?"])),
            Some((five, "Ako?".to_string()))
        );
        assert_eq!(
            teach_arguments(&words(&["Ako?", "strategy-5"])),
            Some((five, "Ako?".to_string()))
        );
        assert_eq!(teach_arguments(&words(&["Ako?", "bod-5"])), None);
        assert_eq!(teach_arguments(&words(&["5"])), None);
    }
}
