//! The local console: the same commands and answers as on Discord, on a
//! terminal or a pipe, with no token and no network.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::command::Command;
use crate::engine::Engine;
use crate::moderation::reply as moderation_reply;
use crate::moderation::request::{self, Request};
use crate::moderation::{Editor, ModerationError};
use crate::reply::Lang;
use crate::reply::render::{self, Emphasis};
use crate::reply::{Reply, ReplyKind};

/// A moderator at the console (`--moderator`): the editor their changes go
/// through, and who they are for the audit log.
#[derive(Clone, Copy)]
pub struct Moderator<'a> {
    pub editor: &'a Editor,
    pub who: &'a str,
}

/// Reads commands from `input` until it ends, writing each reply to `output`.
///
/// Lines that are not valid UTF-8 are read with replacement characters rather
/// than ending the session.
pub fn run(
    engine: &Engine,
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
        let greeting = crate::reply::messages::fill(
            lang.messages().console_greeting,
            &[("org", &knowledge.organization)],
        );
        writeln!(output, "{greeting}")?;
    }
    let mut line = Vec::new();
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
        let reply = match (request::parse(text), moderator) {
            (None, _) => engine.handle(&Command::parse(text), lang),
            (Some(_), None) => {
                let m = lang.messages();
                Reply::notice(ReplyKind::Problem, m.mod_refused_title, m.mod_console_only)
            }
            (Some(Err(())), Some(_)) => {
                let m = lang.messages();
                Reply::notice(ReplyKind::Problem, m.unknown_command_title, m.mod_usage)
            }
            (Some(Ok(request)), Some(moderator)) => moderate(
                moderator,
                lang,
                request,
                input,
                output,
                interactive,
                emphasis,
            )?,
        };
        writeln!(output, "{}", render::plain(&reply, emphasis))?;
        output.flush()?;
    }
    Ok(())
}

/// Runs one moderator request; a change is previewed and applied only when the
/// next line confirms it.
fn moderate(
    Moderator { editor, who }: Moderator,
    lang: Lang,
    request: Request,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    interactive: bool,
    emphasis: Emphasis,
) -> io::Result<Reply> {
    let outcome = match request {
        Request::History(passage) => editor
            .history(passage, 20)
            .map(|h| moderation_reply::history(&h, lang)),
        Request::Revert(id) => editor
            .revert(id, who)
            .map(|e| moderation_reply::saved(&e, lang)),
        // The console's syntax carries the text inline, so it never leaves a
        // change to be composed.
        Request::Compose(_) => Err(ModerationError::Edit(
            crate::knowledge::edit::EditError::EmptyText,
        )),
        Request::Change(edit) => match editor.preview(&edit) {
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
                if matches!(answer.as_str(), "a" | "ano" | "áno" | "y" | "yes") {
                    editor
                        .apply(&preview, who)
                        .map(|e| moderation_reply::saved(&e, lang))
                } else {
                    let m = lang.messages();
                    return Ok(Reply::notice(ReplyKind::Overview, m.mod_cancelled, ""));
                }
            }
        },
    };
    Ok(outcome.unwrap_or_else(|error| moderation_reply::refused(&error, lang)))
}

/// Runs the console on this process's stdin and stdout.
pub fn run_stdio(engine: &Engine, lang: Lang, moderator: Option<Moderator>) -> io::Result<()> {
    let interactive = io::stdin().is_terminal() && io::stdout().is_terminal();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    run(
        engine,
        lang,
        &mut input,
        &mut output,
        interactive,
        moderator,
    )
}
