//! The slash commands, in one table ([`COMMANDS`]): each command's name,
//! who it is for, its registration (Slovak descriptions localized for every
//! Discord locale whose language has a locale file, option limits), how an
//! invocation's options become what it asks ([`Asked`]: a core
//! [`Command`], a moderator's [`moderation::Request`] or a look at the
//! learning store), and what its autocomplete suggests.

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandOptionType, CreateCommand,
    CreateCommandOption, InteractionContext, Permissions,
};

use crate::command::{Command, MAX_QUESTION_CHARS, Part, PointNumber};
use crate::config::MAX_KEEP_DAYS;
use crate::engine::Engine;
use crate::knowledge::edit::Edit;
use crate::knowledge::naming::resolve;
use crate::knowledge::{Knowledge, MAX_PASSAGE_QUESTION_CHARS, PassageId, SectionId};
use crate::moderation::request::passage_id;
use crate::moderation::{self, Draft, Request};
use crate::reply::Lang;
use crate::reply::answer::short_label;
use crate::reply::citation::citation;
use crate::reply::render;

/// Discord's most autocomplete choices per answer.
pub const MAX_CHOICES: usize = 25;
/// Discord's longest autocomplete choice name.
const CHOICE_NAME_CHARS: usize = 100;

/// The option every command has: post the reply in the channel.
pub const PUBLIC: &str = "public";
const NUMBER: &str = "number";
/// A part of the document: a section's id, or an item's (`principles-3`).
pub const PART: &str = "part";
const QUESTION: &str = "question";
const FROM: &str = "from";
const TO: &str = "to";
const CHANGE: &str = "change";
const PASSAGE: &str = "passage";
const WORDS: &str = "words";
const MEANS: &str = "means";
pub const DAYS: &str = "days";

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

/// Who a command is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Members,
    /// Shown by Discord only to members with Manage Server (a server can
    /// grant them to a role under Integrations), only in servers; the bot
    /// checks the rights again on every use.
    Moderators,
}

/// What an invocation of a slash command asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// A member's command the core answers; `public` posts it in the channel.
    Member { command: Command, public: bool },
    /// A moderator's change, history or revert.
    Moderator(moderation::Request),
    /// A moderator's look at what members ask.
    Insight(Insight),
    /// An option the command needs was not sent (Discord checks required
    /// options; a client that does not is told which one is missing).
    Missing {
        command: &'static str,
        option: &'static str,
    },
}

/// `/gaps` and `/stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insight {
    Gaps,
    Stats { days: Option<u32> },
}

/// What a command's autocomplete suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    None,
    /// Item numbers (`/strategy number`, the moderators' item commands):
    /// of the section the `part` option names, else of the main list; the
    /// `part` option itself offers the document's sections.
    Points,
    /// Passages by id (`/teach passage`).
    Passages,
    /// The document's sections and items by their labels (`/show part`).
    Parts,
}

/// What of the knowledge a registration depends on: which parts the
/// document has (a command for a part it lacks is not offered) and how
/// many strategy points `/strategy number` allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub points: usize,
    pub strategy: bool,
    /// A statement of purpose, or aims to show under its heading.
    pub mission: bool,
    pub aims: bool,
}

impl Shape {
    pub fn of(knowledge: &Knowledge) -> Self {
        Self {
            points: knowledge.points().len(),
            strategy: knowledge.section(SectionId::STRATEGY).is_some(),
            mission: knowledge.mission().is_some() || !knowledge.aims().is_empty(),
            aims: !knowledge.aims().is_empty(),
        }
    }
}

/// One slash command.
pub struct SlashCommand {
    pub name: &'static str,
    pub audience: Audience,
    pub completion: Completion,
    /// Whether the document has what the command shows.
    offered: fn(Shape) -> bool,
    define: fn(Shape) -> CreateCommand,
    parse: fn(&Options) -> Asked,
}

/// Every document has what the command is about.
fn always(_: Shape) -> bool {
    true
}

/// Every slash command the bot registers and answers.
pub static COMMANDS: &[SlashCommand] = &[
    SlashCommand {
        name: "strategy",
        audience: Audience::Members,
        completion: Completion::Points,
        offered: |shape| shape.strategy,
        define: |shape| {
            command("strategy", "command-strategy")
                .add_option(
                    option(
                        CommandOptionType::Integer,
                        NUMBER,
                        "command-strategy.number",
                    )
                    .required(false)
                    .min_int_value(1)
                    .max_int_value(shape.points.max(1) as u64)
                    .set_autocomplete(true),
                )
                .add_option(public())
        },
        parse: |options| {
            let command = match options.value(NUMBER) {
                Some(CommandDataOptionValue::Integer(n)) => {
                    Command::Strategy(PointNumber::Number(i128::from(*n)))
                }
                // Discord checks the type; anything else is passed on as
                // typed, so the core can explain it.
                Some(CommandDataOptionValue::String(text)) => {
                    Command::Strategy(PointNumber::parse(text))
                }
                _ => Command::StrategyList,
            };
            options.member(command)
        },
    },
    SlashCommand {
        name: "mission",
        audience: Audience::Members,
        completion: Completion::None,
        offered: |shape| shape.mission,
        define: |_| command("mission", "command-mission").add_option(public()),
        parse: |options| options.member(Command::Mission),
    },
    SlashCommand {
        name: "aims",
        audience: Audience::Members,
        completion: Completion::None,
        offered: |shape| shape.aims,
        define: |_| command("aims", "command-aims").add_option(public()),
        parse: |options| options.member(Command::Aims),
    },
    SlashCommand {
        name: "show",
        audience: Audience::Members,
        completion: Completion::Parts,
        offered: always,
        define: |_| {
            command("show", "command-show")
                .add_option(
                    option(CommandOptionType::String, PART, "command-show.part")
                        .required(false)
                        .max_length(u16::try_from(CHOICE_NAME_CHARS).unwrap_or(u16::MAX))
                        .set_autocomplete(true),
                )
                .add_option(
                    option(CommandOptionType::Integer, NUMBER, "command-show.number")
                        .required(false)
                        .min_int_value(1),
                )
                .add_option(public())
        },
        parse: |options| {
            let mut part = Part::parse(options.text(PART).unwrap_or_default());
            if let Some(n) = options.integer(NUMBER) {
                part.number = Some(PointNumber::Number(i128::from(n)));
            }
            options.member(Command::Show(part))
        },
    },
    SlashCommand {
        name: "ask",
        audience: Audience::Members,
        completion: Completion::None,
        offered: always,
        define: |_| {
            command("ask", "command-ask")
                .add_option(
                    option(CommandOptionType::String, QUESTION, "command-ask.question")
                        .required(true)
                        .min_length(1)
                        .max_length(u16::try_from(MAX_QUESTION_CHARS).unwrap_or(u16::MAX)),
                )
                .add_option(public())
        },
        // An empty question is the core's to explain.
        parse: |options| {
            let question = options.text(QUESTION).unwrap_or_default();
            options.member(Command::Ask(question.to_string()))
        },
    },
    SlashCommand {
        name: "point-add",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: always,
        define: |_| {
            command("point-add", "command-point-add")
                .add_option(number(NUMBER, "command-point-add.number", false))
                .add_option(part("command-point-add.part"))
        },
        parse: |options| match options.section() {
            Ok(section) => Asked::Moderator(Request::Compose(Draft::AddPoint {
                section,
                at: options.count(NUMBER),
            })),
            Err(unknown) => unknown,
        },
    },
    SlashCommand {
        name: "point-edit",
        audience: Audience::Moderators,
        completion: Completion::Points,
        offered: always,
        define: |_| {
            command("point-edit", "command-point-edit")
                .add_option(
                    number(NUMBER, "command-point-edit.number", true).set_autocomplete(true),
                )
                .add_option(part("command-point-edit.part"))
        },
        parse: |options| match (options.section(), options.count(NUMBER)) {
            (Err(unknown), _) => unknown,
            (Ok(section), Some(number)) => {
                Asked::Moderator(Request::Compose(Draft::EditPoint { section, number }))
            }
            (Ok(_), None) => options.missing("point-edit", NUMBER),
        },
    },
    SlashCommand {
        name: "point-remove",
        audience: Audience::Moderators,
        completion: Completion::Points,
        offered: always,
        define: |_| {
            command("point-remove", "command-point-remove")
                .add_option(
                    number(NUMBER, "command-point-remove.number", true).set_autocomplete(true),
                )
                .add_option(part("command-point-remove.part"))
        },
        parse: |options| match (options.section(), options.count(NUMBER)) {
            (Err(unknown), _) => unknown,
            (Ok(section), Some(number)) => {
                Asked::Moderator(Request::Change(Edit::RemovePoint { section, number }))
            }
            (Ok(_), None) => options.missing("point-remove", NUMBER),
        },
    },
    SlashCommand {
        name: "point-move",
        audience: Audience::Moderators,
        completion: Completion::Points,
        offered: always,
        define: |_| {
            command("point-move", "command-point-move")
                .add_option(number(FROM, "command-point-move.from", true).set_autocomplete(true))
                .add_option(number(TO, "command-point-move.to", true))
                .add_option(part("command-point-move.part"))
        },
        parse: |options| match (options.section(), options.count(FROM), options.count(TO)) {
            (Err(unknown), _, _) => unknown,
            (Ok(section), Some(from), Some(to)) => {
                Asked::Moderator(Request::Change(Edit::MovePoint { section, from, to }))
            }
            (Ok(_), None, _) => options.missing("point-move", FROM),
            (Ok(_), _, None) => options.missing("point-move", TO),
        },
    },
    SlashCommand {
        name: "mission-edit",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: always,
        define: |_| command("mission-edit", "command-mission-edit"),
        parse: |_| Asked::Moderator(Request::Compose(Draft::EditMission)),
    },
    SlashCommand {
        name: "aim-edit",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: |shape| shape.aims,
        define: |_| {
            command("aim-edit", "command-aim-edit").add_option(number(
                NUMBER,
                "command-aim-edit.number",
                true,
            ))
        },
        parse: |options| match options.count(NUMBER) {
            Some(number) => Asked::Moderator(Request::Compose(Draft::EditAim { number })),
            None => options.missing("aim-edit", NUMBER),
        },
    },
    SlashCommand {
        name: "history",
        audience: Audience::Moderators,
        completion: Completion::Points,
        offered: always,
        define: |_| {
            command("history", "command-history")
                .add_option(number(NUMBER, "command-history.number", false).set_autocomplete(true))
                .add_option(part("command-history.part"))
        },
        parse: |options| match options.section() {
            Ok(section) => Asked::Moderator(Request::History(
                options
                    .count(NUMBER)
                    .map(|number| PassageId::item(section, number)),
            )),
            Err(unknown) => unknown,
        },
    },
    SlashCommand {
        name: "revert",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: always,
        define: |_| {
            command("revert", "command-revert").add_option(number(
                CHANGE,
                "command-revert.change",
                true,
            ))
        },
        parse: |options| match options.integer(CHANGE) {
            // A change that cannot exist (0, negative) is refused by the
            // core as unknown.
            Some(id) => Asked::Moderator(Request::Revert(u64::try_from(id).unwrap_or(0))),
            None => options.missing("revert", CHANGE),
        },
    },
    SlashCommand {
        name: "teach",
        audience: Audience::Moderators,
        completion: Completion::Passages,
        offered: always,
        define: |_| {
            command("teach", "command-teach")
                .add_option(text(
                    QUESTION,
                    "command-teach.question",
                    MAX_PASSAGE_QUESTION_CHARS,
                ))
                .add_option(
                    text(PASSAGE, "command-teach.passage", CHOICE_NAME_CHARS)
                        .set_autocomplete(true),
                )
        },
        parse: |options| match (options.text(QUESTION), options.text(PASSAGE)) {
            (Some(question), Some(passage)) => {
                Asked::Moderator(Request::Change(Edit::AddQuestion {
                    // A passage that is none becomes point 0, which the core
                    // refuses with the range.
                    passage: passage_id(passage, options.main())
                        .unwrap_or(PassageId::item(options.main(), 0)),
                    question: question.to_string(),
                }))
            }
            (None, _) => options.missing("teach", QUESTION),
            (_, None) => options.missing("teach", PASSAGE),
        },
    },
    SlashCommand {
        name: "synonym",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: always,
        define: |_| {
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
                ))
        },
        parse: |options| match (options.text(WORDS), options.text(MEANS)) {
            (Some(words), Some(means)) => Asked::Moderator(Request::Change(Edit::AddSynonym {
                words: words.split(',').map(|w| w.trim().to_string()).collect(),
                means: means.to_string(),
            })),
            (None, _) => options.missing("synonym", WORDS),
            (_, None) => options.missing("synonym", MEANS),
        },
    },
    SlashCommand {
        name: "gaps",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: always,
        define: |_| command("gaps", "command-gaps"),
        parse: |_| Asked::Insight(Insight::Gaps),
    },
    SlashCommand {
        name: "stats",
        audience: Audience::Moderators,
        completion: Completion::None,
        offered: always,
        define: |_| {
            command("stats", "command-stats").add_option(
                number(DAYS, "command-stats.days", false).max_int_value(u64::from(MAX_KEEP_DAYS)),
            )
        },
        parse: |options| {
            Asked::Insight(Insight::Stats {
                days: options.count(DAYS),
            })
        },
    },
];

/// The command named `name`, if the bot has one.
pub fn find(name: &str) -> Option<&'static SlashCommand> {
    COMMANDS.iter().find(|command| command.name == name)
}

/// What an invocation of `name` with `options` asks of `knowledge` (whose
/// sections the `part` options name). A name the bot does not have (a stale
/// registration) is [`Command::Unknown`], which the core explains.
pub fn asked(name: &str, options: &[CommandDataOption], knowledge: &Knowledge) -> Asked {
    let options = Options { options, knowledge };
    match find(name) {
        Some(command) => (command.parse)(&options),
        None => options.member(Command::Unknown {
            name: format!("/{name}"),
            argument: String::new(),
        }),
    }
}

/// The commands to register for a document of this shape: those for the
/// parts it has.
pub fn definitions(shape: Shape) -> Vec<CreateCommand> {
    COMMANDS
        .iter()
        .filter(|command| (command.offered)(shape))
        .map(|command| {
            let defined = (command.define)(shape);
            match command.audience {
                Audience::Members => defined,
                // `dm_permission` for clients that predate `contexts`.
                Audience::Moderators => defined
                    .default_member_permissions(Permissions::MANAGE_GUILD)
                    .dm_permission(false)
                    .contexts(vec![InteractionContext::Guild]),
            }
        })
        .collect()
}

/// A whole-number option of at least 1.
fn number(name: &str, id: &str, required: bool) -> CreateCommandOption {
    option(CommandOptionType::Integer, name, id)
        .required(required)
        .min_int_value(1)
}

/// The optional `part` option of the moderators' item commands: which
/// section; left out, the document's main list.
fn part(id: &str) -> CreateCommandOption {
    option(CommandOptionType::String, PART, id)
        .required(false)
        .max_length(u16::try_from(CHOICE_NAME_CHARS).unwrap_or(u16::MAX))
        .set_autocomplete(true)
}

/// An invocation's options, by name, and the knowledge they name parts of.
pub struct Options<'a> {
    options: &'a [CommandDataOption],
    knowledge: &'a Knowledge,
}

impl Options<'_> {
    fn value(&self, name: &str) -> Option<&CommandDataOptionValue> {
        self.options
            .iter()
            .find(|o| o.name == name)
            .map(|o| &o.value)
    }

    /// The document's main list, what a number alone names.
    fn main(&self) -> SectionId {
        main_section(self.knowledge)
    }

    /// The section the `part` option names (its id, as autocomplete gives
    /// it, or a heading or noun typed by hand), else the main list; one
    /// the document does not have is shown to the moderator as such.
    fn section(&self) -> Result<SectionId, Asked> {
        let Some(typed) = self.text(PART).filter(|t| !t.trim().is_empty()) else {
            return Ok(self.main());
        };
        resolve(self.knowledge, typed).ok_or_else(|| {
            self.member(Command::Show(Part {
                name: Some(typed.to_string()),
                number: None,
            }))
        })
    }

    /// A member's command, posted publicly when `public` is true.
    fn member(&self, command: Command) -> Asked {
        let public = matches!(
            self.value(PUBLIC),
            Some(CommandDataOptionValue::Boolean(true))
        );
        Asked::Member { command, public }
    }

    fn missing(&self, command: &'static str, option: &'static str) -> Asked {
        Asked::Missing { command, option }
    }

    /// A whole number, as Discord sends it (or typed as text).
    fn integer(&self, name: &str) -> Option<i64> {
        match self.value(name)? {
            CommandDataOptionValue::Integer(n) => Some(*n),
            CommandDataOptionValue::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// A number of something (a point, a position, days): `None` when not
    /// sent; one Discord would not send (0, negative) is 0 and one too
    /// large is the largest, which the core refuses with the range.
    fn count(&self, name: &str) -> Option<u32> {
        self.integer(name)
            .map(|n| u32::try_from(n.max(0)).unwrap_or(u32::MAX))
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.value(name).and_then(|value| value.as_str())
    }
}

/// A required text option of at most `max` characters.
fn text(name: &str, id: &str, max: usize) -> CreateCommandOption {
    option(CommandOptionType::String, name, id)
        .required(true)
        .min_length(1)
        .max_length(u16::try_from(max).unwrap_or(u16::MAX))
}

/// An autocomplete suggestion: a number (`/strategy number`) or a text
/// (`/teach passage`, a passage id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Number(String, i64),
    Text(String, String),
}

/// The document's main list: what a number alone names.
pub fn main_section(knowledge: &Knowledge) -> SectionId {
    knowledge.main_list().map_or(SectionId::STRATEGY, |s| s.id)
}

/// Suggestions for `/teach passage`: the passages the typed words find,
/// then those whose id or text contains them; nothing typed, the first ones.
/// Each is "strategy-7 — Stratégia IOM, bod 7: Podporovať regionálny…", its
/// value the id.
pub fn passage_choices(engine: &Engine, typed: &str) -> Vec<Choice> {
    let knowledge = engine.knowledge();
    let typed = typed.trim();
    let mut ids: Vec<PassageId> = Vec::new();
    if let Some(id) =
        passage_id(typed, main_section(&knowledge)).filter(|id| knowledge.get(*id).is_some())
    {
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
    let lang: Lang = knowledge.language.into();
    ids.into_iter()
        .take(MAX_CHOICES)
        .filter_map(|id| {
            let passage = knowledge.get(id)?;
            let name = format!(
                "{id} — {}: {}",
                short_label(&knowledge, id, lang),
                passage.text
            );
            Some(Choice::Text(
                render::cut(&name, CHOICE_NAME_CHARS),
                id.to_string(),
            ))
        })
        .collect()
}

/// Suggestions for a `part` option: the document's sections by their
/// headings ("Naše princípy (5)", value `principles`) and, with `items`
/// (`/show`), its items by their labels ("Princíp 3: Férovosť — Ku
/// všetkým…", value `principles-3`); those whose label, id or text holds
/// the typed words first, in document order.
pub fn part_choices(engine: &Engine, typed: &str, items: bool) -> Vec<Choice> {
    let knowledge = engine.knowledge();
    let lang: Lang = knowledge.language.into();
    let wanted = crate::knowledge::naming::fold(typed.trim());
    let holds =
        |text: &str| wanted.is_empty() || crate::knowledge::naming::fold(text).contains(&wanted);
    let mut choices = Vec::new();
    for section in knowledge.sections() {
        let title = crate::knowledge::labels::section_title(&knowledge, section, false);
        if holds(&title) || holds(section.id.as_str()) {
            choices.push(Choice::Text(
                render::cut(&format!("{title} ({})", section.len()), CHOICE_NAME_CHARS),
                section.id.to_string(),
            ));
        }
    }
    if items {
        for passage in knowledge.passages() {
            let label = citation(&knowledge, passage.id, lang);
            if holds(&label) || holds(&passage.id.to_string()) || holds(&passage.text) {
                choices.push(Choice::Text(
                    render::cut(&format!("{label} — {}", passage.text), CHOICE_NAME_CHARS),
                    passage.id.to_string(),
                ));
            }
        }
    }
    choices.truncate(MAX_CHOICES);
    choices
}

/// Suggestions for an item's number in `section` from what the user typed
/// so far: digits → the items whose number starts with them; words → the
/// items the search finds, then those whose text contains the words;
/// nothing → the first items. Each is "7 — Podporovať regionálny a
/// globálny dialóg…".
pub fn item_choices(engine: &Engine, typed: &str, section: SectionId) -> Vec<(String, i64)> {
    let knowledge = engine.knowledge();
    let typed = typed.trim().trim_start_matches('#');
    let items = knowledge.items(section);
    let count = items.len();
    let mut numbers: Vec<usize> = Vec::new();
    if typed.is_empty() {
        numbers.extend(1..=count);
    } else if typed.bytes().all(|b| b.is_ascii_digit()) {
        numbers.extend((1..=count).filter(|n| n.to_string().starts_with(typed)));
    } else {
        match engine.search_lexical(typed, MAX_CHOICES) {
            Ok(hits) => numbers.extend(hits.iter().filter_map(|hit| {
                (hit.id.section() == Some(section))
                    .then(|| hit.id.position().and_then(|n| usize::try_from(n).ok()))
                    .flatten()
            })),
            Err(error) => tracing::warn!(%error, "autocomplete search failed"),
        }
        let lower = typed.to_lowercase();
        for (index, item) in items.iter().enumerate() {
            let n = index + 1;
            if !numbers.contains(&n) && item.text.to_lowercase().contains(&lower) {
                numbers.push(n);
            }
        }
    }
    numbers
        .into_iter()
        .take(MAX_CHOICES)
        .filter_map(|n| {
            let item = items.get(n.checked_sub(1)?)?;
            let shown = match &item.name {
                Some(name) => format!("{n} — {name}: {}", item.text),
                None => format!("{n} — {}", item.text),
            };
            Some((
                render::cut(&shown, CHOICE_NAME_CHARS),
                i64::try_from(n).ok()?,
            ))
        })
        .collect()
}

/// The section an autocomplete's `part` option names, else the main list.
pub fn section_of(engine: &Engine, part: Option<&str>) -> SectionId {
    let knowledge = engine.knowledge();
    part.filter(|p| !p.trim().is_empty())
        .and_then(|p| resolve(&knowledge, p))
        .unwrap_or_else(|| main_section(&knowledge))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        Engine::in_memory_from(&dir, 3).expect("shipped knowledge loads")
    }

    /// The shipped document's shape: a mission, aims, twelve points.
    fn iom() -> Shape {
        Shape {
            points: 12,
            strategy: true,
            mission: true,
            aims: true,
        }
    }

    fn asked(name: &str, options: &[CommandDataOption]) -> Asked {
        super::asked(name, options, &crate::knowledge::tests::sample())
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
        let check = |name: &str, options: Vec<CommandDataOption>, command: Command| {
            let expected = Asked::Member {
                command,
                public: false,
            };
            assert_eq!(asked(name, &options), expected, "/{name}");
        };
        check(
            "strategy",
            vec![option("number", Integer(7))],
            Command::Strategy(PointNumber::Number(7)),
        );
        check("strategy", vec![], Command::StrategyList);
        assert_eq!(
            asked("mission", &[option("public", Boolean(true))]),
            Asked::Member {
                command: Command::Mission,
                public: true,
            }
        );
        check("aims", vec![], Command::Aims);
        check(
            "ask",
            vec![option("question", Text("migrácia".into()))],
            Command::Ask("migrácia".into()),
        );
        check("ask", vec![], Command::Ask(String::new()));
        check(
            "nope",
            vec![],
            Command::Unknown {
                name: "/nope".into(),
                argument: String::new(),
            },
        );
    }

    #[test]
    fn moderator_options_become_requests() {
        use CommandDataOptionValue::{Integer, String as Text};
        use moderation::Request::{Change, Compose, History, Revert};
        let moderator = |request| Asked::Moderator(request);
        let check = |name: &str, options: &[CommandDataOption], expected: Asked| {
            assert_eq!(asked(name, options), expected, "/{name}");
        };
        check(
            "point-add",
            &[],
            moderator(Compose(Draft::AddPoint {
                section: SectionId::STRATEGY,
                at: None,
            })),
        );
        check(
            "point-add",
            &[option("number", Integer(3))],
            moderator(Compose(Draft::AddPoint {
                section: SectionId::STRATEGY,
                at: Some(3),
            })),
        );
        check(
            "point-move",
            &[option("from", Integer(3)), option("to", Integer(1))],
            moderator(Change(Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 3,
                to: 1,
            })),
        );
        // A number Discord would not send reaches the core, which refuses
        // it with the range.
        check(
            "point-edit",
            &[option("number", Integer(-4))],
            moderator(Compose(Draft::EditPoint {
                section: SectionId::STRATEGY,
                number: 0,
            })),
        );
        check(
            "point-remove",
            &[option("number", Integer(5))],
            moderator(Change(Edit::RemovePoint {
                section: SectionId::STRATEGY,
                number: 5,
            })),
        );
        check("mission-edit", &[], moderator(Compose(Draft::EditMission)));
        check(
            "aim-edit",
            &[option("number", Integer(2))],
            moderator(Compose(Draft::EditAim { number: 2 })),
        );
        check(
            "revert",
            &[option("change", Integer(7))],
            moderator(Revert(7)),
        );
        check("history", &[], moderator(History(None)));
        check(
            "history",
            &[option("number", Integer(7))],
            moderator(History(Some(PassageId::Strategy(7)))),
        );
        check(
            "teach",
            &[
                option("question", Text("Kde je víza?".into())),
                option("passage", Text("strategy-5".into())),
            ],
            moderator(Change(Edit::AddQuestion {
                passage: PassageId::Strategy(5),
                question: "Kde je víza?".into(),
            })),
        );
        check(
            "teach",
            &[
                option("question", Text("Kde?".into())),
                option("passage", Text("nie".into())),
            ],
            moderator(Change(Edit::AddQuestion {
                passage: PassageId::Strategy(0),
                question: "Kde?".into(),
            })),
        );
        check(
            "synonym",
            &[
                option("words", Text("schôdza, stretko".into())),
                option("means", Text("stretnutie".into())),
            ],
            moderator(Change(Edit::AddSynonym {
                words: vec!["schôdza".into(), "stretko".into()],
                means: "stretnutie".into(),
            })),
        );
        check("gaps", &[], Asked::Insight(Insight::Gaps));
        check(
            "stats",
            &[option("days", Integer(7))],
            Asked::Insight(Insight::Stats { days: Some(7) }),
        );
        // Another document's sections, by the id autocomplete gives or a
        // heading typed by hand; a part it lacks is shown as such.
        let principles = crate::knowledge::tests::principles();
        let id = SectionId::new("principles").expect("an id");
        for part in ["principles", "Naše princípy", "princíp"] {
            assert_eq!(
                super::asked(
                    "point-edit",
                    &[
                        option("number", Integer(2)),
                        option("part", Text(part.into()))
                    ],
                    &principles
                ),
                moderator(Compose(Draft::EditPoint {
                    section: id,
                    number: 2
                })),
                "{part}"
            );
        }
        // No part: the document's main list, its only numbered section.
        assert_eq!(
            super::asked("point-remove", &[option("number", Integer(3))], &principles),
            moderator(Change(Edit::RemovePoint {
                section: id,
                number: 3
            }))
        );
        assert!(matches!(
            super::asked(
                "point-remove",
                &[
                    option("number", Integer(3)),
                    option("part", Text("stanovy".into()))
                ],
                &principles
            ),
            Asked::Member {
                command: Command::Show(_),
                ..
            }
        ));
        assert_eq!(
            super::asked(
                "show",
                &[option("part", Text("principles-2".into()))],
                &principles
            ),
            Asked::Member {
                command: Command::Show(Part {
                    name: Some("principles-2".into()),
                    number: None
                }),
                public: false
            }
        );
    }

    #[test]
    fn only_commands_for_parts_the_document_has_are_registered() {
        let names = |shape: Shape| -> Vec<String> {
            let json = serde_json::to_value(definitions(shape)).expect("serializes");
            json.as_array()
                .expect("a list")
                .iter()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect()
        };
        let principles = Shape::of(&crate::knowledge::tests::principles());
        let offered = names(principles);
        for absent in ["strategy", "mission", "aims", "aim-edit"] {
            assert!(
                !offered.iter().any(|n| n == absent),
                "{absent}: {offered:?}"
            );
        }
        for present in ["show", "ask", "point-edit", "mission-edit"] {
            assert!(offered.iter().any(|n| n == present), "{present}");
        }
        assert_eq!(names(iom()).len(), COMMANDS.len());
    }

    #[test]
    fn a_missing_required_option_is_named_never_taken_as_0() {
        for (name, option) in [
            ("point-edit", "number"),
            ("point-remove", "number"),
            ("point-move", "from"),
            ("aim-edit", "number"),
            ("revert", "change"),
            ("teach", "question"),
            ("synonym", "words"),
        ] {
            let command = find(name).expect("a command").name;
            assert_eq!(
                asked(name, &[]),
                Asked::Missing { command, option },
                "/{name}"
            );
        }
    }

    #[test]
    fn every_command_is_registered_once_and_moderators_are_guarded() {
        let json = serde_json::to_value(definitions(iom())).expect("serializes");
        let names: Vec<&str> = json
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        let table: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(names, table);
        let mut unique = table.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), table.len(), "a name registered twice");
        for (definition, command) in json.as_array().expect("a list").iter().zip(COMMANDS) {
            let guarded = definition["default_member_permissions"].as_str() == Some("32");
            assert_eq!(
                guarded,
                command.audience == Audience::Moderators,
                "/{}",
                command.name
            );
        }
    }

    #[test]
    fn choices_by_digits_words_and_nothing() {
        let engine = engine();
        let numbers = |typed: &str| -> Vec<i64> {
            item_choices(&engine, typed, SectionId::STRATEGY)
                .into_iter()
                .map(|(_, n)| n)
                .collect()
        };
        assert_eq!(numbers("1"), [1, 10, 11, 12]);
        assert_eq!(numbers("7"), [7]);
        assert_eq!(numbers("99"), Vec::<i64>::new());
        assert_eq!(numbers("").len(), engine.knowledge().points().len());
        assert!(numbers("dial").contains(&7), "{:?}", numbers("dial"));
        for (name, _) in item_choices(&engine, "", SectionId::STRATEGY) {
            assert!(name.chars().count() <= CHOICE_NAME_CHARS, "{name}");
        }
        let seven = item_choices(&engine, "7", SectionId::STRATEGY);
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
        let json = serde_json::to_value(definitions(iom())).expect("serializes");
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
        let json = serde_json::to_value(definitions(iom())).expect("serializes");
        let text = json.to_string();
        assert!(!text.contains("\"sk\""), "{text}");
        let strategy = &json[0];
        assert_eq!(strategy["name"], "strategy");
        assert_eq!(strategy["options"][0]["max_value"], 12);
        assert_eq!(strategy["options"][0]["autocomplete"], true);
        assert_eq!(json[4]["name"], "ask");
        assert_eq!(json[4]["options"][0]["max_length"], 1000);
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
            let audience = find(name).map(|command| command.audience);
            if audience == Some(Audience::Moderators) {
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
            [
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
                "gaps",
                "stats"
            ]
        );
    }
}
