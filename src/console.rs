//! The local console: the same commands and answers as on Discord, on a
//! terminal or a pipe, with no token and no network.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::command::Command;
use crate::engine::Engine;
use crate::lang::Lang;
use crate::moderation::reply as moderation_reply;
use crate::moderation::request::{self, Request};
use crate::render::{self, Emphasis};
use crate::reply::{Reply, ReplyKind};

/// Who is at the console, for the audit log; `None` when moderator commands
/// are off.
pub type Moderator<'a> = Option<&'a str>;

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
    moderator: Moderator,
) -> io::Result<()> {
    let emphasis = if interactive {
        Emphasis::Ansi
    } else {
        Emphasis::Stars
    };
    if interactive {
        let knowledge = engine.knowledge();
        let greeting = match lang {
            Lang::Sk => format!(
                "missionbot · {}: napíšte otázku, alebo /help. Koniec: Ctrl-D.",
                knowledge.organization
            ),
            Lang::En => format!(
                "missionbot · {}: ask a question, or /help. Quit: Ctrl-D.",
                knowledge.organization
            ),
        };
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
        if matches!(text, "/quit" | "/exit" | "/koniec") {
            break;
        }
        let reply = match request::parse(text) {
            None => engine.handle(&Command::parse(text), lang),
            Some(_) if moderator.is_none() => {
                let m = lang.messages();
                Reply::notice(ReplyKind::Problem, m.mod_refused_title, m.mod_console_only)
            }
            Some(Err(())) => {
                let m = lang.messages();
                Reply::notice(ReplyKind::Problem, m.unknown_command_title, m.mod_usage)
            }
            Some(Ok(request)) => {
                let who = moderator.unwrap_or("console");
                moderate(
                    engine,
                    lang,
                    request,
                    who,
                    input,
                    output,
                    interactive,
                    emphasis,
                )?
            }
        };
        writeln!(output, "{}", render::plain(&reply, emphasis))?;
        output.flush()?;
    }
    Ok(())
}

/// Runs one moderator request; a change is previewed and applied only when the
/// next line confirms it.
#[allow(clippy::too_many_arguments)]
fn moderate(
    engine: &Engine,
    lang: Lang,
    request: Request,
    who: &str,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    interactive: bool,
    emphasis: Emphasis,
) -> io::Result<Reply> {
    let outcome = match request {
        Request::History(passage) => engine
            .history(passage, 20)
            .map(|h| moderation_reply::history(&h, lang)),
        Request::Revert(id) => engine
            .revert(id, who)
            .map(|e| moderation_reply::saved(&e, lang)),
        Request::Change(edit) => match engine.preview(&edit) {
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
                    engine
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
pub fn run_stdio(engine: &Engine, lang: Lang, moderator: Moderator) -> io::Result<()> {
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
