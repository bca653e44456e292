//! Answering an interaction: its one response sent with the usual retry, and
//! the shapes a moderator's answer takes (an ephemeral message, the preview
//! updated in place, a deferred response edited).

use std::future::Future;

use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateInteractionResponse,
    CreateInteractionResponseMessage, EditInteractionResponse, Http, ModalInteraction,
};

use super::deliver::{self, Target};
use crate::reply::Reply;

/// The interactions the bot answers (serenity gives each kind the same
/// methods, but no common trait).
pub trait Answerable: Sync {
    /// The interaction's id (a snowflake).
    fn id(&self) -> u64;

    fn create(
        &self,
        http: &Http,
        response: CreateInteractionResponse,
    ) -> impl Future<Output = Result<(), serenity::Error>> + Send;

    fn edit(
        &self,
        http: &Http,
        edit: EditInteractionResponse,
    ) -> impl Future<Output = Result<(), serenity::Error>> + Send;
}

macro_rules! answerable {
    ($($kind:ty),*) => {$(
        impl Answerable for $kind {
            fn id(&self) -> u64 {
                self.id.get()
            }

            fn create(
                &self,
                http: &Http,
                response: CreateInteractionResponse,
            ) -> impl Future<Output = Result<(), serenity::Error>> + Send {
                self.create_response(http, response)
            }

            fn edit(
                &self,
                http: &Http,
                edit: EditInteractionResponse,
            ) -> impl Future<Output = Result<(), serenity::Error>> + Send {
                async move { self.edit_response(http, edit).await.map(drop) }
            }
        }
    )*};
}

answerable!(CommandInteraction, ComponentInteraction, ModalInteraction);

/// Sends `response` to `interaction`, retried as [`Target::Interaction`].
pub async fn send(
    interaction: &impl Answerable,
    http: &Http,
    response: CreateInteractionResponse,
) -> Result<(), serenity::Error> {
    deliver::with_retry(Target::Interaction, || {
        interaction.create(http, response.clone())
    })
    .await
}

/// Logs a moderator's reply that could not be delivered, as `what`.
pub fn log_failure(what: &'static str, result: Result<(), serenity::Error>) {
    if let Err(error) = result {
        tracing::warn!(
            what,
            error = deliver::describe(&error),
            "the moderator's reply could not be delivered"
        );
    }
}

/// [`send`] for a moderator; a failure is logged as `what`.
pub async fn to_moderator(
    what: &'static str,
    interaction: &impl Answerable,
    http: &Http,
    response: CreateInteractionResponse,
) {
    log_failure(what, send(interaction, http, response).await);
}

/// Answers a moderator once their change is done: a deferred interaction's
/// response is edited to `reply`; otherwise `now(reply)` is sent.
pub async fn after_change(
    what: &'static str,
    interaction: &impl Answerable,
    http: &Http,
    deferred: bool,
    reply: &Reply,
    now: fn(&Reply) -> CreateInteractionResponse,
) {
    if deferred {
        let edit = edited(reply);
        let result =
            deliver::with_retry(Target::Interaction, || interaction.edit(http, edit.clone())).await;
        log_failure(what, result);
    } else {
        to_moderator(what, interaction, http, now(reply)).await;
    }
}

/// An ephemeral message: only the moderator sees it.
pub fn message(reply: &Reply) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .embed(deliver::embed(reply))
        .allowed_mentions(deliver::no_mentions())
        .ephemeral(true)
}

/// [`message`] as a response of its own.
pub fn new_message(reply: &Reply) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(message(reply))
}

/// Replaces the preview (type 7) with the outcome, without its buttons.
pub fn update(reply: &Reply) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(
        CreateInteractionResponseMessage::new()
            .embed(deliver::embed(reply))
            .components(Vec::new())
            .allowed_mentions(deliver::no_mentions()),
    )
}

/// Replaces the message (type 7) with `reply` and these components.
pub fn update_with(
    reply: &Reply,
    components: Vec<serenity::all::CreateActionRow>,
) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(
        CreateInteractionResponseMessage::new()
            .embed(deliver::embed(reply))
            .components(components)
            .allowed_mentions(deliver::no_mentions()),
    )
}

/// The answer to a deferred interaction: its response edited to `reply`.
fn edited(reply: &Reply) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embed(deliver::embed(reply))
        .components(Vec::new())
        .allowed_mentions(deliver::no_mentions())
}
