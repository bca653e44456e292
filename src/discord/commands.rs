//! The slash commands as Discord sees them: their registration (names,
//! Slovak descriptions with English and Czech localizations, option limits),
//! how an interaction's options become a core [`Command`], and `/strategy`'s
//! autocomplete suggestions.

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandOptionType, CreateCommand,
    CreateCommandOption,
};

use crate::command::{Command, MAX_QUESTION_CHARS, PointNumber};
use crate::engine::Engine;
use crate::knowledge::PassageId;
use crate::messages::{COMMANDS_CS, COMMANDS_EN, COMMANDS_SK, CommandTexts};
use crate::render;

/// Discord's most autocomplete choices per answer.
pub const MAX_CHOICES: usize = 25;
/// Discord's longest autocomplete choice name.
const CHOICE_NAME_CHARS: usize = 100;

/// The option every command has: post the reply in the channel.
pub const PUBLIC: &str = "public";
const NUMBER: &str = "number";
const QUESTION: &str = "question";

/// English is keyed by both of Discord's English locales; `cs` reads
/// naturally to the Slovak community. There is no `sk` locale (discord.md).
const LOCALIZATIONS: [(&str, &CommandTexts); 3] = [
    ("en-US", &COMMANDS_EN),
    ("en-GB", &COMMANDS_EN),
    ("cs", &COMMANDS_CS),
];

type Pick = fn(&CommandTexts) -> &'static str;

fn command(name: &str, pick: Pick) -> CreateCommand {
    LOCALIZATIONS.iter().fold(
        CreateCommand::new(name).description(pick(&COMMANDS_SK)),
        |cmd, (locale, texts)| cmd.description_localized(*locale, pick(texts)),
    )
}

fn option(kind: CommandOptionType, name: &str, pick: Pick) -> CreateCommandOption {
    LOCALIZATIONS.iter().fold(
        CreateCommandOption::new(kind, name, pick(&COMMANDS_SK)),
        |opt, (locale, texts)| opt.description_localized(*locale, pick(texts)),
    )
}

fn public() -> CreateCommandOption {
    option(CommandOptionType::Boolean, PUBLIC, |t| t.public).required(false)
}

/// The commands to register, for a strategy of `points` points.
pub fn definitions(points: usize) -> Vec<CreateCommand> {
    let max_question = u16::try_from(MAX_QUESTION_CHARS).unwrap_or(u16::MAX);
    vec![
        command("strategy", |t| t.strategy)
            .add_option(
                option(CommandOptionType::Integer, NUMBER, |t| t.strategy_number)
                    .required(false)
                    .min_int_value(1)
                    .max_int_value(points.max(1) as u64)
                    .set_autocomplete(true),
            )
            .add_option(public()),
        command("mission", |t| t.mission).add_option(public()),
        command("aims", |t| t.aims).add_option(public()),
        command("ask", |t| t.ask)
            .add_option(
                option(CommandOptionType::String, QUESTION, |t| t.ask_question)
                    .required(true)
                    .min_length(1)
                    .max_length(max_question),
            )
            .add_option(public()),
    ]
}

/// A slash command as the core understands it, and whether to post publicly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub command: Command,
    pub public: bool,
}

/// Maps a slash command's name and options to a core command. Unknown names
/// (a stale registration) become [`Command::Unknown`], which the core explains.
pub fn request(name: &str, options: &[CommandDataOption]) -> Request {
    let find = |wanted: &str| options.iter().find(|o| o.name == wanted).map(|o| &o.value);
    let public = matches!(find(PUBLIC), Some(CommandDataOptionValue::Boolean(true)));
    let command = match name {
        "strategy" => match find(NUMBER) {
            Some(CommandDataOptionValue::Integer(n)) => {
                Command::Strategy(PointNumber::Number(i128::from(*n)))
            }
            // Discord checks the type; anything else is passed on as typed, so
            // the core can explain it.
            Some(CommandDataOptionValue::String(text)) => {
                Command::Strategy(PointNumber::parse(text))
            }
            _ => Command::StrategyList,
        },
        "mission" => Command::Mission,
        "aims" => Command::Aims,
        "ask" => match find(QUESTION) {
            Some(CommandDataOptionValue::String(text)) => Command::Ask(text.clone()),
            _ => Command::Ask(String::new()),
        },
        other => Command::Unknown(format!("/{other}")),
    };
    Request { command, public }
}

/// Suggestions for `/strategy number` from what the user typed so far:
/// digits → the points whose number starts with them; words → the points the
/// search finds, then those whose text contains the words; nothing → the first
/// points. Each is "7 — Podporovať regionálny a globálny dialóg…".
pub fn strategy_choices(engine: &Engine, typed: &str) -> Vec<(String, i64)> {
    let knowledge = engine.knowledge();
    let typed = typed.trim().trim_start_matches('#');
    let count = knowledge.points().len();
    let mut numbers: Vec<usize> = Vec::new();
    if typed.is_empty() {
        numbers.extend(1..=count);
    } else if typed.bytes().all(|b| b.is_ascii_digit()) {
        numbers.extend((1..=count).filter(|n| n.to_string().starts_with(typed)));
    } else {
        match engine.search(typed, MAX_CHOICES) {
            Ok(hits) => numbers.extend(hits.iter().filter_map(|hit| match hit.id {
                PassageId::Strategy(n) => usize::try_from(n).ok(),
                _ => None,
            })),
            Err(error) => tracing::warn!(%error, "autocomplete search failed"),
        }
        let lower = typed.to_lowercase();
        for (index, point) in knowledge.points().iter().enumerate() {
            let n = index + 1;
            if !numbers.contains(&n) && point.text.to_lowercase().contains(&lower) {
                numbers.push(n);
            }
        }
    }
    numbers
        .into_iter()
        .take(MAX_CHOICES)
        .filter_map(|n| {
            let point = knowledge.point(n as u64)?;
            let name = render::cut(&format!("{n} — {}", point.text), CHOICE_NAME_CHARS);
            Some((name, i64::try_from(n).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        Engine::in_memory_from(&dir, 3).expect("shipped knowledge loads")
    }

    fn option(name: &str, value: CommandDataOptionValue) -> CommandDataOption {
        // CommandDataOption is non-exhaustive; build it the way Discord sends it.
        let kind = match &value {
            CommandDataOptionValue::Integer(_) => 4,
            CommandDataOptionValue::Boolean(_) => 5,
            _ => 3,
        };
        let raw = match value {
            CommandDataOptionValue::Integer(n) => serde_json::json!(n),
            CommandDataOptionValue::Boolean(b) => serde_json::json!(b),
            CommandDataOptionValue::String(s) => serde_json::json!(s),
            _ => serde_json::Value::Null,
        };
        serde_json::from_value(serde_json::json!({"name": name, "type": kind, "value": raw}))
            .expect("option parses")
    }

    #[test]
    fn options_become_core_commands() {
        use CommandDataOptionValue::{Boolean, Integer, String as Text};
        let check = |name: &str, options: Vec<CommandDataOption>, expected: Request| {
            assert_eq!(request(name, &options), expected, "/{name}");
        };
        let private = |command| Request {
            command,
            public: false,
        };
        check(
            "strategy",
            vec![option("number", Integer(7))],
            private(Command::Strategy(PointNumber::Number(7))),
        );
        check("strategy", vec![], private(Command::StrategyList));
        check(
            "mission",
            vec![option("public", Boolean(true))],
            Request {
                command: Command::Mission,
                public: true,
            },
        );
        check("aims", vec![], private(Command::Aims));
        check(
            "ask",
            vec![option("question", Text("migrácia".into()))],
            private(Command::Ask("migrácia".into())),
        );
        check("nope", vec![], private(Command::Unknown("/nope".into())));
    }

    #[test]
    fn choices_by_digits_words_and_nothing() {
        let engine = engine();
        let numbers = |typed: &str| -> Vec<i64> {
            strategy_choices(&engine, typed)
                .into_iter()
                .map(|(_, n)| n)
                .collect()
        };
        assert_eq!(numbers("1"), [1, 10, 11, 12]);
        assert_eq!(numbers("7"), [7]);
        assert_eq!(numbers("99"), Vec::<i64>::new());
        assert_eq!(numbers("").len(), engine.knowledge().points().len());
        assert!(numbers("dial").contains(&7), "{:?}", numbers("dial"));
        for (name, _) in strategy_choices(&engine, "") {
            assert!(name.chars().count() <= CHOICE_NAME_CHARS, "{name}");
        }
        let seven = strategy_choices(&engine, "7");
        assert!(
            seven[0]
                .0
                .starts_with("7 — Podporovať regionálny a globálny dialóg"),
            "{seven:?}"
        );
    }

    #[test]
    fn registration_has_no_slovak_key_and_sets_limits() {
        let json = serde_json::to_value(definitions(12)).expect("serializes");
        let text = json.to_string();
        assert!(!text.contains("\"sk\""), "{text}");
        let strategy = &json[0];
        assert_eq!(strategy["name"], "strategy");
        assert_eq!(strategy["options"][0]["max_value"], 12);
        assert_eq!(strategy["options"][0]["autocomplete"], true);
        assert_eq!(json[3]["options"][0]["max_length"], 1000);
        for cmd in json.as_array().expect("a list") {
            for text in [
                &cmd["description"],
                &cmd["description_localizations"]["en-US"],
            ] {
                let len = text.as_str().map_or(0, |s| s.chars().count());
                assert!((1..=100).contains(&len), "{text}");
            }
        }
    }
}
