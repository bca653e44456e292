//! The local console: the same commands and answers as on Discord, on a
//! terminal or a pipe, with no token and no network.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::command::Command;
use crate::engine::Engine;
use crate::lang::Lang;
use crate::render::{self, Emphasis};

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
        let reply = engine.handle(&Command::parse(text), lang);
        writeln!(output, "{}", render::plain(&reply, emphasis))?;
    }
    Ok(())
}

/// Runs the console on this process's stdin and stdout.
pub fn run_stdio(engine: &Engine, lang: Lang) -> io::Result<()> {
    let interactive = io::stdin().is_terminal() && io::stdout().is_terminal();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    run(engine, lang, &mut input, &mut output, interactive)
}
