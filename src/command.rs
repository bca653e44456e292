//! What a user can ask the bot, whatever the transport: the console parses a
//! line into a [`Command`], the Discord adapter builds one from an interaction.

/// Longest question answered, in characters; longer ones get a clear message
/// rather than an expensive search.
pub const MAX_QUESTION_CHARS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A strategy point by number; the number is checked by the handler, so the
    /// reply can name the valid range.
    Strategy(PointNumber),
    /// All strategy points, one line each.
    StrategyList,
    /// The mission statement and its aims.
    Mission,
    /// The aims.
    Aims,
    /// A part of the document by name: `/show` (what the document holds),
    /// `/show principles` (a section's list), `/show principles 3` or
    /// `/show principles-3` (one item). Names are resolved against the
    /// document by the reply, which knows it.
    Show(Part),
    /// A free-text question.
    Ask(String),
    Help,
    /// A slash command the bot does not know by that name (`/principles 3`,
    /// `/zasady`): a section of the document it names is shown, else the
    /// reply says the command is unknown.
    Unknown {
        name: String,
        argument: String,
    },
}

/// A part of the document as a user named it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Part {
    /// A section's id, heading or noun, or a passage id (`principles-3`);
    /// `None`: the document's contents, or with a number its main list.
    pub name: Option<String>,
    pub number: Option<PointNumber>,
}

impl Part {
    /// Reads `/show`'s argument: `principles 3`, `principles`, `3`, ``.
    pub fn parse(argument: &str) -> Self {
        let argument = argument.trim();
        if argument.is_empty() {
            return Self::default();
        }
        // The last word is the number when it is one: "naše hodnoty 2".
        if let Some((name, last)) = argument.rsplit_once(char::is_whitespace)
            && let PointNumber::Number(n) = PointNumber::parse(last)
        {
            return Self {
                name: Some(name.trim().to_string()),
                number: Some(PointNumber::Number(n)),
            };
        }
        match PointNumber::parse(argument) {
            PointNumber::Number(n) => Self {
                name: None,
                number: Some(PointNumber::Number(n)),
            },
            PointNumber::Invalid(_) => Self {
                name: Some(argument.to_string()),
                number: None,
            },
        }
    }
}

/// A point number as the user gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointNumber {
    /// A whole number, possibly out of range (0, -1, 13, 2^63).
    Number(i128),
    /// Something that is not a whole number ("abc", "7.5", "sedem").
    Invalid(String),
}

impl PointNumber {
    /// Reads a number the way a user writes it: surrounding space, a `#` or a
    /// trailing dot (`7.`) are fine; a fraction is not.
    pub fn parse(text: &str) -> Self {
        let trimmed = text.trim().trim_start_matches('#');
        let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
        let digits = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Too many digits for i128 is still "a number, out of range".
            return PointNumber::Number(trimmed.parse().unwrap_or(i128::MAX));
        }
        PointNumber::Invalid(text.trim().to_string())
    }
}

impl Command {
    /// Parses a console line: `/strategy 7`, `/mission`, `/ask …`, or free text
    /// (a question). Never fails: unknown input becomes a command whose reply
    /// explains.
    pub fn parse(line: &str) -> Command {
        let line = line.trim();
        let Some(rest) = line.strip_prefix('/').or_else(|| line.strip_prefix('!')) else {
            return Command::Ask(line.to_string());
        };
        let (name, argument) = match rest.split_once(char::is_whitespace) {
            Some((name, argument)) => (name, argument.trim()),
            None => (rest, ""),
        };
        match name.to_lowercase().as_str() {
            "strategy" | "strategia" | "stratégia" | "strategie" | "bod" | "point" => {
                if argument.is_empty() {
                    Command::StrategyList
                } else {
                    Command::Strategy(PointNumber::parse(argument))
                }
            }
            "mission" | "poslanie" | "poslání" | "poslani" => Command::Mission,
            "aims" | "ciele" | "cíle" | "cile" => Command::Aims,
            "show" | "ukaz" | "ukáž" | "ukaž" | "obsah" | "contents" => {
                Command::Show(Part::parse(argument))
            }
            "ask" | "search" | "otazka" | "otázka" | "hladaj" | "hľadaj" | "hledej" => {
                Command::Ask(argument.to_string())
            }
            "help" | "pomoc" | "?" => Command::Help,
            _ => Command::Unknown {
                name: format!("/{name}"),
                argument: argument.to_string(),
            },
        }
    }

    /// The command's name for logs (never its text: questions stay private).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Strategy(_) => "strategy",
            Command::StrategyList => "strategy-list",
            Command::Mission => "mission",
            Command::Aims => "aims",
            Command::Show(_) => "show",
            Command::Ask(_) => "ask",
            Command::Help => "help",
            Command::Unknown { .. } => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Command) {
        assert_eq!(Command::parse(line), expected, "{line:?}");
    }

    #[test]
    fn console_lines() {
        use PointNumber::*;
        check("/strategy 7", Command::Strategy(Number(7)));
        check("  /STRATEGY   7  ", Command::Strategy(Number(7)));
        check("/strategy #7", Command::Strategy(Number(7)));
        check("/strategy 7.", Command::Strategy(Number(7)));
        check("/strategy -1", Command::Strategy(Number(-1)));
        check("/strategy 0", Command::Strategy(Number(0)));
        check(
            "/strategy 9223372036854775808",
            Command::Strategy(Number(9223372036854775808)),
        );
        check(
            "/strategy 99999999999999999999999999999999999999999",
            Command::Strategy(Number(i128::MAX)),
        );
        check("/strategy 7.5", Command::Strategy(Invalid("7.5".into())));
        check("/strategy abc", Command::Strategy(Invalid("abc".into())));
        check("/strategy -", Command::Strategy(Invalid("-".into())));
        check("/strategy", Command::StrategyList);
        check("/mission", Command::Mission);
        check("/aims", Command::Aims);
        check(
            "/ask nelegálna migrácia",
            Command::Ask("nelegálna migrácia".into()),
        );
        check("/search x", Command::Ask("x".into()));
        check("/ask", Command::Ask(String::new()));
        check(
            "nelegálna migrácia",
            Command::Ask("nelegálna migrácia".into()),
        );
        check("", Command::Ask(String::new()));
        check("/help", Command::Help);
        let unknown = |name: &str, argument: &str| Command::Unknown {
            name: name.into(),
            argument: argument.into(),
        };
        check("/nope", unknown("/nope", ""));
        check("/", unknown("/", ""));
        check("/zasady 3", unknown("/zasady", "3"));
        let show = |name: Option<&str>, number: Option<PointNumber>| {
            Command::Show(Part {
                name: name.map(str::to_string),
                number,
            })
        };
        check("/show", show(None, None));
        check("/show principles", show(Some("principles"), None));
        check(
            "/show principles 3",
            show(Some("principles"), Some(Number(3))),
        );
        check("/show principles-3", show(Some("principles-3"), None));
        check(
            "/show naše hodnoty 2.",
            show(Some("naše hodnoty"), Some(Number(2))),
        );
        check("/show 4", show(None, Some(Number(4))));
        check("/show bod x", show(Some("bod x"), None));
    }
}
