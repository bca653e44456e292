//! The local console: the same commands and answers as on Discord, on a
//! terminal or a pipe, with no token and no network.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::command::Command;
use crate::conversation::Conversation;
use crate::desk::Desk;
use crate::engine::Engine;
use crate::learning::Source;
use crate::moderation::ModerationError;
use crate::moderation::reply as moderation_reply;
use crate::moderation::request::{self, Request};
use crate::reply::Lang;
use crate::reply::render::{self, Emphasis};
use crate::reply::{Reply, ReplyKind};
use crate::tr;

/// A moderator at the console (`--moderator`): who they are for the audit
/// log. Their changes go through the desk's editor.
#[derive(Clone, Copy)]
pub struct Moderator<'a> {
    pub who: &'a str,
}

/// Gaps `/gaps` lists.
const GAPS_SHOWN: usize = 10;

/// What the console reads from the learning store: moderators only.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Insight {
    Gaps,
    Stats,
    /// Takes a question off the gap list for good.
    Dismiss(String),
}

fn insight(line: &str) -> Option<Insight> {
    let rest = line.strip_prefix('/')?;
    let (name, argument) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    match name {
        "gaps" => Some(Insight::Gaps),
        "stats" => Some(Insight::Stats),
        "dismiss" => Some(Insight::Dismiss(argument.trim().to_string())),
        _ => None,
    }
}

/// Reads commands from `input` until it ends, writing each reply to `output`.
/// Questions are recorded in the desk's learning store, from the console.
///
/// Lines that are not valid UTF-8 are read with replacement characters rather
/// than ending the session.
pub fn run(
    (engine, desk): (&Engine, &Desk),
    lang: Lang,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    interactive: bool,
    moderator: Option<Moderator>,
) -> io::Result<()> {
    let emphasis = if interactive {
        Emphasis::Ansi
    } else {
        Emphasis::Stars
    };
    if interactive {
        let knowledge = engine.knowledge();
        let greeting = tr!(lang, "console-greeting", org = &knowledge.organization);
        writeln!(output, "{greeting}")?;
    }
    let mut line = Vec::new();
    // One member at one console: follow-ups ("a ten ďalší?") read against it.
    let mut conversation = Conversation::new();
    loop {
        if interactive {
            write!(output, "\n› ")?;
            output.flush()?;
        }
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if interactive && text.is_empty() {
            continue;
        }
        if matches!(text, "/quit" | "/exit" | "/koniec" | "/konec") {
            break;
        }
        if let Some(asked) = insight(text) {
            let reply = match moderator {
                Some(_) => insight_reply(desk, asked, lang),
                None => console_only(lang),
            };
            writeln!(output, "{}", render::plain(&reply, emphasis))?;
            output.flush()?;
            continue;
        }
        let reply = match (request::parse(text, &engine.knowledge()), moderator) {
            (None, _) => {
                let command = Command::parse(text);
                let reply = engine.handle_in(&command, lang, Some(&mut conversation));
                if let Command::Ask(question) = &command {
                    desk.learning().record(question, Source::Console, &reply);
                }
                reply
            }
            (Some(_), None) => console_only(lang),
            (Some(Err(())), Some(_)) => Reply::notice(
                ReplyKind::Problem,
                tr!(lang, "unknown-command-title"),
                tr!(lang, "mod-usage"),
            ),
            (Some(Ok(request)), Some(moderator)) => moderate(
                desk,
                moderator,
                lang,
                request,
                (input, output),
                interactive,
                emphasis,
            )?,
        };
        writeln!(output, "{}", render::plain(&reply, emphasis))?;
        output.flush()?;
    }
    Ok(())
}

/// A moderator's command at a console started without `--moderator`.
fn console_only(lang: Lang) -> Reply {
    Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "mod-refused-title"),
        tr!(lang, "mod-console-only"),
    )
}

/// A moderator's look at the learning store.
fn insight_reply(desk: &Desk, asked: Insight, lang: Lang) -> Reply {
    match asked {
        Insight::Gaps => desk.gaps_reply(None, GAPS_SHOWN, lang),
        Insight::Stats => desk.stats_reply(None, lang),
        Insight::Dismiss(question) => desk.dismiss(&question, lang),
    }
}

/// Runs one moderator request; a change is previewed and applied only when the
/// next line confirms it.
fn moderate(
    desk: &Desk,
    Moderator { who }: Moderator,
    lang: Lang,
    request: Request,
    (input, output): (&mut dyn BufRead, &mut dyn Write),
    interactive: bool,
    emphasis: Emphasis,
) -> io::Result<Reply> {
    let outcome = match request {
        Request::History(passage) => return Ok(desk.history(passage, lang)),
        Request::Revert(id) => desk
            .revert(id, who)
            .map(|e| moderation_reply::saved(&e, lang)),
        // The console's syntax carries the text inline, so it never leaves a
        // change to be composed.
        Request::Compose(_) => Err(ModerationError::Edit(
            crate::knowledge::edit::EditError::EmptyText,
        )),
        Request::Change(edit) => match desk.preview(&edit) {
            Err(error) => Err(error),
            Ok(preview) => {
                writeln!(
                    output,
                    "{}",
                    render::plain(&moderation_reply::preview(&preview, lang), emphasis)
                )?;
                if interactive {
                    write!(output, "› ")?;
                }
                output.flush()?;
                let mut answer = Vec::new();
                input.read_until(b'\n', &mut answer)?;
                let answer = String::from_utf8_lossy(&answer).trim().to_lowercase();
                if is_yes(&answer) {
                    desk.apply(&preview, who)
                        .map(|e| moderation_reply::saved(&e, lang))
                } else {
                    let cancelled = tr!(lang, "mod-cancelled");
                    return Ok(Reply::notice(ReplyKind::Overview, cancelled, ""));
                }
            }
        },
    };
    Ok(outcome.unwrap_or_else(|error| moderation_reply::refused(&error, lang)))
}

/// Whether a moderator's answer to "apply this change?" is yes, in any of
/// the bot's languages (a, áno, ano, y, yes); anything else is no.
pub fn is_yes(answer: &str) -> bool {
    matches!(
        answer.trim().to_lowercase().as_str(),
        "a" | "ano" | "áno" | "y" | "yes"
    )
}

/// Runs the console on this process's stdin and stdout.
pub fn run_stdio(
    parts: (&Engine, &Desk),
    lang: Lang,
    moderator: Option<Moderator>,
) -> io::Result<()> {
    let interactive = io::stdin().is_terminal() && io::stdout().is_terminal();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    run(parts, lang, &mut input, &mut output, interactive, moderator)
}
