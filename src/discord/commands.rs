//! The slash commands as Discord sees them: their registration (names,
//! Slovak descriptions localized for every Discord locale whose language has
//! a locale file, option limits),
//! how an interaction's options become a core [`Command`] or a moderator's
//! [`moderation::Request`], and `/strategy`'s autocomplete suggestions.

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandOptionType, CreateCommand,
    CreateCommandOption, InteractionContext, Permissions,
};

use crate::command::{Command, MAX_QUESTION_CHARS, PointNumber};
use crate::config::MAX_KEEP_DAYS;
use crate::engine::Engine;
use crate::knowledge::edit::Edit;
use crate::knowledge::{MAX_PASSAGE_QUESTION_CHARS, PassageId};
use crate::moderation::request::passage_id;
use crate::moderation::{self, Draft};
use crate::reply::Lang;
use crate::reply::answer::short_name;
use crate::reply::render;

/// Discord's most autocomplete choices per answer.
pub const MAX_CHOICES: usize = 25;
/// Discord's longest autocomplete choice name.
const CHOICE_NAME_CHARS: usize = 100;

/// The option every command has: post the reply in the channel.
pub const PUBLIC: &str = "public";
const NUMBER: &str = "number";
const QUESTION: &str = "question";
const FROM: &str = "from";
const TO: &str = "to";
const CHANGE: &str = "change";
const PASSAGE: &str = "passage";
const WORDS: &str = "words";
const MEANS: &str = "means";
pub const DAYS: &str = "days";

/// The moderators' commands that change the knowledge, hidden from everyone
/// without Manage Server.
pub const MODERATOR_COMMANDS: [&str; 10] = [
    "point-add",
    "point-edit",
    "point-remove",
    "point-move",
    "mission-edit",
    "aim-edit",
    "history",
    "revert",
    "teach",
    "synonym",
];

/// The moderators' commands that read what members ask, hidden the same way.
pub const LEARNING_COMMANDS: [&str; 2] = ["gaps", "stats"];

/// Discord's longest glossary `means` typed in an option: one term.
const MEANS_CHARS: u16 = 100;
/// Longest list of the community's words.
const WORDS_CHARS: u16 = 300;

/// Discord's locales (discord.md); a localization keyed by anything else is
/// refused when commands are registered. There is no `sk`.
const DISCORD_LOCALES: [&str; 32] = [
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// The Discord locales the descriptions are localized for, with the
/// language of each: every one whose language has a locale file (`en-US` and
/// `en-GB` English, `cs` Czech, which reads naturally to the Slovak
/// community), Slovak aside: it is the default.
fn localizations() -> Vec<(&'static str, Lang)> {
    DISCORD_LOCALES
        .iter()
        .filter_map(|locale| Some((*locale, Lang::from_locale(locale)?)))
        .filter(|(_, lang)| *lang != Lang::SK)
        .collect()
}

/// A description: `id` is its message in the locale files (an attribute for
/// an option's: "command-strategy.number").
fn describe(lang: Lang, id: &str) -> String {
    crate::reply::tr(lang, id, &[])
}

fn command(name: &str, id: &str) -> CreateCommand {
    localizations().into_iter().fold(
        CreateCommand::new(name).description(describe(Lang::SK, id)),
        |cmd, (locale, lang)| cmd.description_localized(locale, describe(lang, id)),
    )
}

fn option(kind: CommandOptionType, name: &str, id: &str) -> CreateCommandOption {
    localizations().into_iter().fold(
        CreateCommandOption::new(kind, name, describe(Lang::SK, id)),
        |opt, (locale, lang)| opt.description_localized(locale, describe(lang, id)),
    )
}

fn public() -> CreateCommandOption {
    option(CommandOptionType::Boolean, PUBLIC, "command-public").required(false)
}

/// The commands to register, for a strategy of `points` points.
pub fn definitions(points: usize) -> Vec<CreateCommand> {
    let max_question = u16::try_from(MAX_QUESTION_CHARS).unwrap_or(u16::MAX);
    vec![
        command("strategy", "command-strategy")
            .add_option(
                option(
                    CommandOptionType::Integer,
                    NUMBER,
                    "command-strategy.number",
                )
                .required(false)
                .min_int_value(1)
                .max_int_value(points.max(1) as u64)
                .set_autocomplete(true),
            )
            .add_option(public()),
        command("mission", "command-mission").add_option(public()),
        command("aims", "command-aims").add_option(public()),
        command("ask", "command-ask")
            .add_option(
                option(CommandOptionType::String, QUESTION, "command-ask.question")
                    .required(true)
                    .min_length(1)
                    .max_length(max_question),
            )
            .add_option(public()),
    ]
    .into_iter()
    .chain(moderator_definitions())
    .collect()
}

/// A whole-number option of at least 1.
fn number(name: &str, id: &str, required: bool) -> CreateCommandOption {
    option(CommandOptionType::Integer, name, id)
        .required(required)
        .min_int_value(1)
}

/// The moderators' commands. Discord shows them only to members with Manage
/// Server (a server can grant them to a role under Integrations), only in
/// servers; the bot checks the rights again on every use.
fn moderator_definitions() -> Vec<CreateCommand> {
    // `dm_permission` for clients that predate `contexts`.
    let guarded = |cmd: CreateCommand| {
        cmd.default_member_permissions(Permissions::MANAGE_GUILD)
            .dm_permission(false)
            .contexts(vec![InteractionContext::Guild])
    };
    [
        command("point-add", "command-point-add").add_option(number(
            NUMBER,
            "command-point-add.number",
            false,
        )),
        command("point-edit", "command-point-edit")
            .add_option(number(NUMBER, "command-point-edit.number", true).set_autocomplete(true)),
        command("point-remove", "command-point-remove")
            .add_option(number(NUMBER, "command-point-remove.number", true).set_autocomplete(true)),
        command("point-move", "command-point-move")
            .add_option(number(FROM, "command-point-move.from", true).set_autocomplete(true))
            .add_option(number(TO, "command-point-move.to", true)),
        command("mission-edit", "command-mission-edit"),
        command("aim-edit", "command-aim-edit").add_option(number(
            NUMBER,
            "command-aim-edit.number",
            true,
        )),
        command("history", "command-history")
            .add_option(number(NUMBER, "command-history.number", false).set_autocomplete(true)),
        command("revert", "command-revert").add_option(number(
            CHANGE,
            "command-revert.change",
            true,
        )),
        command("teach", "command-teach")
            .add_option(text(
                QUESTION,
                "command-teach.question",
                MAX_PASSAGE_QUESTION_CHARS,
            ))
            .add_option(
                text(PASSAGE, "command-teach.passage", CHOICE_NAME_CHARS).set_autocomplete(true),
            ),
        command("synonym", "command-synonym")
            .add_option(text(
                WORDS,
                "command-synonym.words",
                usize::from(WORDS_CHARS),
            ))
            .add_option(text(
                MEANS,
                "command-synonym.means",
                usize::from(MEANS_CHARS),
            )),
        command("gaps", "command-gaps"),
        command("stats", "command-stats").add_option(
            number(DAYS, "command-stats.days", false).max_int_value(u64::from(MAX_KEEP_DAYS)),
        ),
    ]
    .into_iter()
    .map(guarded)
    .collect()
}

/// A required text option of at most `max` characters.
fn text(name: &str, id: &str, max: usize) -> CreateCommandOption {
    option(CommandOptionType::String, name, id)
        .required(true)
        .min_length(1)
        .max_length(u16::try_from(max).unwrap_or(u16::MAX))
}

/// A moderator command's request; `None` for every other command. Numbers
/// Discord would not send (missing, negative, huge) become 0, which the core
/// refuses with the range.
pub fn moderator_request(name: &str, options: &[CommandDataOption]) -> Option<moderation::Request> {
    let integer = |wanted: &str| {
        options
            .iter()
            .find(|o| o.name == wanted)
            .and_then(|o| match &o.value {
                CommandDataOptionValue::Integer(n) => Some(*n),
                CommandDataOptionValue::String(text) => text.trim().parse().ok(),
                _ => None,
            })
    };
    let small = |wanted: &str| integer(wanted).map(|n| u32::try_from(n).unwrap_or(0));
    let required = |wanted: &str| small(wanted).unwrap_or(0);
    let string = |wanted: &str| {
        options
            .iter()
            .find(|o| o.name == wanted)
            .and_then(|o| o.value.as_str())
            .unwrap_or_default()
            .to_string()
    };
    use moderation::Request::{Change, Compose, History, Revert};
    Some(match name {
        "point-add" => Compose(Draft::AddPoint { at: small(NUMBER) }),
        "point-edit" => Compose(Draft::EditPoint {
            number: required(NUMBER),
        }),
        "point-remove" => Change(Edit::RemovePoint {
            number: required(NUMBER),
        }),
        "point-move" => Change(Edit::MovePoint {
            from: required(FROM),
            to: required(TO),
        }),
        "mission-edit" => Compose(Draft::EditMission),
        "aim-edit" => Compose(Draft::EditAim {
            number: required(NUMBER),
        }),
        "history" => History(small(NUMBER).map(PassageId::Strategy)),
        "revert" => Revert(
            integer(CHANGE)
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or(0),
        ),
        // A passage that is none becomes point 0, which the core refuses
        // with the range.
        "teach" => Change(Edit::AddQuestion {
            passage: passage_id(&string(PASSAGE)).unwrap_or(PassageId::Strategy(0)),
            question: string(QUESTION),
        }),
        "synonym" => Change(Edit::AddSynonym {
            words: string(WORDS)
                .split(',')
                .map(|w| w.trim().to_string())
                .collect(),
            means: string(MEANS),
        }),
        _ => return None,
    })
}

/// An autocomplete suggestion: a number (`/strategy number`) or a text
/// (`/teach passage`, a passage id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Number(String, i64),
    Text(String, String),
}

/// Suggestions for `/teach passage`: the passages the typed words find,
/// then those whose id or text contains them; nothing typed, the first ones.
/// Each is "strategy-7 — bod 7: Podporovať regionálny…", its value the id.
pub fn passage_choices(engine: &Engine, typed: &str) -> Vec<Choice> {
    let knowledge = engine.knowledge();
    let typed = typed.trim();
    let mut ids: Vec<PassageId> = Vec::new();
    if let Some(id) = passage_id(typed).filter(|id| knowledge.get(*id).is_some()) {
        ids.push(id);
    }
    if !typed.is_empty() && typed.parse::<u32>().is_err() {
        match engine.search(typed, MAX_CHOICES) {
            Ok(hits) => ids.extend(hits.iter().map(|hit| hit.id)),
            Err(error) => tracing::warn!(%error, "autocomplete search failed"),
        }
    }
    let lower = typed.to_lowercase();
    for passage in knowledge.passages() {
        let matches = lower.is_empty()
            || passage.id.to_string().contains(&lower)
            || passage.text.to_lowercase().contains(&lower);
        if matches && !ids.contains(&passage.id) {
            ids.push(passage.id);
        }
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids.into_iter()
        .take(MAX_CHOICES)
        .filter_map(|id| {
            let passage = knowledge.get(id)?;
            let name = format!("{id} — {}: {}", short_name(id, Lang::SK), passage.text);
            Some(Choice::Text(
                render::cut(&name, CHOICE_NAME_CHARS),
                id.to_string(),
            ))
        })
        .collect()
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
        match engine.search_lexical(typed, MAX_CHOICES) {
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
    fn moderator_options_become_requests() {
        use CommandDataOptionValue::{Integer, String as Text};
        use moderation::Request::{Change, Compose, History, Revert};
        assert_eq!(
            moderator_request("point-add", &[]),
            Some(Compose(Draft::AddPoint { at: None }))
        );
        assert_eq!(
            moderator_request("point-add", &[option("number", Integer(3))]),
            Some(Compose(Draft::AddPoint { at: Some(3) }))
        );
        assert_eq!(
            moderator_request(
                "point-move",
                &[option("from", Integer(3)), option("to", Integer(1))]
            ),
            Some(Change(Edit::MovePoint { from: 3, to: 1 }))
        );
        assert_eq!(
            moderator_request("point-edit", &[option("number", Integer(-4))]),
            Some(Compose(Draft::EditPoint { number: 0 }))
        );
        assert_eq!(
            moderator_request("point-remove", &[option("number", Integer(5))]),
            Some(Change(Edit::RemovePoint { number: 5 }))
        );
        assert_eq!(
            moderator_request("mission-edit", &[]),
            Some(Compose(Draft::EditMission))
        );
        assert_eq!(
            moderator_request("aim-edit", &[option("number", Integer(2))]),
            Some(Compose(Draft::EditAim { number: 2 }))
        );
        assert_eq!(
            moderator_request("revert", &[option("change", Integer(7))]),
            Some(Revert(7))
        );
        assert_eq!(moderator_request("revert", &[]), Some(Revert(0)));
        assert_eq!(moderator_request("history", &[]), Some(History(None)));
        assert_eq!(
            moderator_request("history", &[option("number", Integer(7))]),
            Some(History(Some(PassageId::Strategy(7))))
        );
        assert_eq!(
            moderator_request(
                "teach",
                &[
                    option("question", Text("Kde je víza?".into())),
                    option("passage", Text("strategy-5".into()))
                ]
            ),
            Some(Change(Edit::AddQuestion {
                passage: PassageId::Strategy(5),
                question: "Kde je víza?".into()
            }))
        );
        assert_eq!(
            moderator_request("teach", &[option("passage", Text("nie".into()))]),
            Some(Change(Edit::AddQuestion {
                passage: PassageId::Strategy(0),
                question: String::new()
            }))
        );
        assert_eq!(
            moderator_request(
                "synonym",
                &[
                    option("words", Text("pašovanie, pašerák".into())),
                    option("means", Text("prevádzačstvo".into()))
                ]
            ),
            Some(Change(Edit::AddSynonym {
                words: vec!["pašovanie".into(), "pašerák".into()],
                means: "prevádzačstvo".into()
            }))
        );
        for name in LEARNING_COMMANDS {
            assert_eq!(moderator_request(name, &[]), None, "{name}");
        }
        assert_eq!(moderator_request("strategy", &[]), None);
        for name in MODERATOR_COMMANDS {
            assert!(moderator_request(name, &[]).is_some(), "{name}");
        }
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
    fn passages_are_suggested_by_id_number_and_words() {
        let engine = engine();
        let values = |typed: &str| -> Vec<String> {
            passage_choices(&engine, typed)
                .into_iter()
                .map(|choice| match choice {
                    Choice::Text(name, value) => {
                        assert!(name.chars().count() <= CHOICE_NAME_CHARS, "{name}");
                        assert!(name.starts_with(&value), "{name}");
                        value
                    }
                    Choice::Number(..) => panic!("a text choice"),
                })
                .collect()
        };
        assert_eq!(values("").len(), engine.knowledge().passages().len());
        assert_eq!(values("")[0], "mission");
        assert_eq!(values("7")[0], "strategy-7");
        assert_eq!(values("aim-2")[0], "aim-2");
        assert_eq!(values("pašovanie obchodovanie s ľuďmi")[0], "strategy-11");
    }

    #[test]
    fn descriptions_are_localized_for_every_discord_locale_with_a_file() {
        let json = serde_json::to_value(definitions(12)).expect("serializes");
        for cmd in json.as_array().expect("a list") {
            let name = cmd["name"].as_str().expect("a name");
            let localized = cmd["description_localizations"]
                .as_object()
                .unwrap_or_else(|| panic!("/{name} is localized"));
            for locale in ["en-US", "en-GB", "cs"] {
                assert!(localized.contains_key(locale), "/{name}: {locale}");
            }
            for (locale, text) in localized {
                assert!(DISCORD_LOCALES.contains(&locale.as_str()), "{locale}");
                let lang = Lang::from_locale(locale).expect("a file for it");
                assert_ne!(lang, Lang::SK);
                assert_ne!(text, &cmd["description"], "/{name} in {locale}");
            }
        }
        assert_eq!(
            json[0]["description_localizations"]["en-GB"],
            "A strategy point in full, or the list of all points"
        );
        assert_eq!(
            json[0]["options"][0]["description_localizations"]["cs"],
            "Číslo bodu (začněte psát číslo nebo slovo)"
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
        let described = |v: &serde_json::Value| {
            for text in [
                &v["description"],
                &v["description_localizations"]["en-US"],
                &v["description_localizations"]["cs"],
            ] {
                let len = text.as_str().map_or(0, |s| s.chars().count());
                assert!((1..=100).contains(&len), "{text}");
            }
        };
        let mut moderators = Vec::new();
        for cmd in json.as_array().expect("a list") {
            described(cmd);
            for option in cmd["options"].as_array().into_iter().flatten() {
                described(option);
            }
            let name = cmd["name"].as_str().expect("a name");
            assert!(
                name.len() <= 32 && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
            if MODERATOR_COMMANDS.contains(&name) || LEARNING_COMMANDS.contains(&name) {
                moderators.push(name);
                assert_eq!(cmd["default_member_permissions"], "32", "/{name}");
                assert_eq!(cmd["dm_permission"], false, "/{name}");
                assert_eq!(cmd["contexts"], serde_json::json!([0]), "/{name}");
            } else {
                assert!(cmd.get("default_member_permissions").is_none(), "/{name}");
            }
        }
        assert_eq!(
            moderators,
            [&MODERATOR_COMMANDS[..], &LEARNING_COMMANDS].concat()
        );
    }
}
