//! Members' interactions answered: `/strategy`, `/mission`, `/aims` and
//! `/ask` (behind the cooldown), the point numbers (and for `/teach` the
//! passages) suggested while typing, and the buttons under an answer:
//! "more", 👍/👎 (thanked privately) and a suggestion pressed.

use std::time::Instant;

use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateAutocompleteResponse,
    CreateInteractionResponse, CreateInteractionResponseMessage, Http,
};
use tracing::Instrument;

use super::asking::{Asker, Asking, Outgoing, Voted};
use super::commands::{self, Choice, Completion};
use super::cooldown::Verdict;
use super::custom_id::Page;
use super::deliver;
use super::observer::Event;
use super::respond::{self, Answerable};
use super::span::{finish, interaction_span};
use crate::command::Command;
use crate::engine::Engine;
use crate::knowledge::PassageId;
use crate::learning::{AnswerKey, Source, Vote};
use crate::reply::answer;
use crate::reply::{Lang, Reply, ReplyKind};
use crate::tr;

/// A member's slash command (not a moderator's), `public` to post it in
/// the channel.
pub async fn command(
    asking: &Asking,
    http: &Http,
    interaction: CommandInteraction,
    command: Command,
    public: bool,
) {
    let started = Instant::now();
    let lang = asking.lang(&interaction.locale);
    let span = interaction_span(command.name(), "slash", interaction.id.get());
    let asker = Asker {
        user: interaction.user.id.get(),
        channel: interaction.channel_id.get(),
    };
    async {
        let mut public = public;
        let outgoing = match &command {
            Command::Ask(_) => match asking.check(interaction.user.id.get(), started).await {
                Verdict::Allowed => asking.asked(&command, lang, Source::Slash, asker).await,
                Verdict::Wait { left, .. } => {
                    // Only the asker needs to see that they must wait.
                    public = false;
                    Asking::wait_notice(lang, left)
                }
            },
            other => asking.answer(other, lang, asker).await,
        };
        send(
            asking,
            http,
            &interaction,
            started,
            &outgoing,
            lang,
            !public,
        )
        .await;
    }
    .instrument(span)
    .await;
}

/// The "more" button: the next page of a remembered question, for the
/// presser only.
pub async fn more(asking: &Asking, http: &Http, interaction: ComponentInteraction, page: Page) {
    let started = Instant::now();
    let lang = asking.lang(&interaction.locale);
    let span = interaction_span("ask-more", "button", interaction.id.get());
    async {
        let outgoing = asking.next_page(page, lang, started).await;
        send(asking, http, &interaction, started, &outgoing, lang, true).await;
    }
    .instrument(span)
    .await;
}

/// 👍 or 👎 under an answer: counted once per member, thanked privately.
pub async fn vote(
    asking: &Asking,
    http: &Http,
    interaction: ComponentInteraction,
    key: u64,
    up: bool,
) {
    let started = Instant::now();
    let lang = asking.lang(&interaction.locale);
    let span = interaction_span("vote", "button", interaction.id.get());
    async {
        let voted = asking
            .vote(AnswerKey(key), interaction.user.id.get(), up, started)
            .await;
        let thanks = |text: String| Reply::notice(ReplyKind::Overview, text, "");
        let reply = match voted {
            Voted::Thanks(Vote::Up) => thanks(tr!(lang, "vote-thanks-up")),
            Voted::Thanks(Vote::Down) => thanks(tr!(lang, "vote-thanks-down")),
            Voted::Changed => thanks(tr!(lang, "vote-changed")),
            Voted::Expired => Reply::notice(
                ReplyKind::Problem,
                tr!(lang, "vote-expired-title"),
                tr!(lang, "vote-expired"),
            ),
        };
        tracing::debug!(outcome = ?voted, "vote");
        send(
            asking,
            http,
            &interaction,
            started,
            &Outgoing::notice(reply),
            lang,
            true,
        )
        .await;
    }
    .instrument(span)
    .await;
}

/// A suggestion pressed: that passage in full, for the presser only.
pub async fn suggestion(
    asking: &Asking,
    http: &Http,
    interaction: ComponentInteraction,
    id: PassageId,
) {
    let started = Instant::now();
    let lang = asking.lang(&interaction.locale);
    let span = interaction_span("suggestion", "button", interaction.id.get());
    async {
        let reply = answer::passage(&asking.engine().knowledge(), id, lang);
        send(
            asking,
            http,
            &interaction,
            started,
            &Outgoing::notice(reply),
            lang,
            true,
        )
        .await;
    }
    .instrument(span)
    .await;
}

/// Sends `outgoing` as the interaction's message; logs how it went and
/// tells the observer.
async fn send(
    asking: &Asking,
    http: &Http,
    interaction: &impl Answerable,
    started: Instant,
    outgoing: &Outgoing,
    lang: Lang,
    ephemeral: bool,
) {
    let mut message = CreateInteractionResponseMessage::new()
        .embed(asking.embed(&outgoing.reply))
        .allowed_mentions(deliver::no_mentions());
    if let Some(buttons) = outgoing.buttons(lang) {
        message = message.components(buttons);
    }
    let response = CreateInteractionResponse::Message(message.ephemeral(ephemeral));
    let result = respond::send(interaction, http, response).await;
    let outcome = finish(started, outgoing.reply.kind, result);
    asking
        .observer()
        .tell(Event::Interaction(interaction.id()), outcome);
}

/// A command sent without an option it needs: which one, privately.
pub async fn missing(
    asking: &Asking,
    http: &Http,
    interaction: &CommandInteraction,
    command: &str,
    option: &str,
) {
    let lang = asking.lang(&interaction.locale);
    let reply = Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "unknown-command-title"),
        tr!(
            lang,
            "command-missing-option",
            command = command,
            option = option
        ),
    );
    let response = respond::new_message(&reply);
    if let Err(error) = respond::send(interaction, http, response).await {
        tracing::warn!(
            error = deliver::describe(&error),
            "could not say which option is missing"
        );
    }
}

/// An option being typed: which command and option, what so far, and the
/// `part` chosen beside it.
pub struct Typing<'a> {
    pub command: &'a str,
    pub option: &'a str,
    pub typed: &'a str,
    pub part: Option<&'a str>,
}

/// Suggestions while an option is typed, as the command table says: the
/// document's parts for a `part` option, item numbers of the chosen part,
/// or passages.
pub async fn autocomplete(
    engine: &Engine,
    http: &Http,
    interaction: CommandInteraction,
    field: Typing<'_>,
) {
    let completion = commands::find(field.command).map_or(Completion::None, |c| c.completion);
    let choices: Vec<Choice> = match completion {
        _ if field.option == commands::PART => {
            commands::part_choices(engine, field.typed, completion == Completion::Parts)
        }
        Completion::Points => {
            let section = commands::section_of(engine, field.part);
            commands::item_choices(engine, field.typed, section)
                .into_iter()
                .map(|(name, n)| Choice::Number(name, n))
                .collect()
        }
        Completion::Passages => commands::passage_choices(engine, field.typed),
        Completion::Parts | Completion::None => Vec::new(),
    };
    let response = choices.into_iter().fold(
        CreateAutocompleteResponse::new(),
        |response, choice| match choice {
            Choice::Number(name, n) => response.add_int_choice(name, n),
            Choice::Text(name, value) => response.add_string_choice(name, value),
        },
    );
    let response = CreateInteractionResponse::Autocomplete(response);
    if let Err(error) = respond::send(&interaction, http, response).await {
        tracing::warn!(
            error = deliver::describe(&error),
            "could not send autocomplete choices"
        );
    }
}
