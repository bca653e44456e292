//! Moderators' live knowledge edits from Discord, the flow: a request from a
//! slash command opens a modal, previews a change, lists the history or
//! reverts; a submitted modal is previewed; a preview's Confirm applies it.
//! The changes themselves are the core's ([`Editor::preview`],
//! [`Editor::apply`], [`Editor::revert`]); this only translates Discord's
//! interactions to them and their replies back.
//!
//! A modal's `custom_id` carries the draft and a prefix of the knowledge's
//! hash when it opened; the submit is refused as stale if the knowledge
//! changed meanwhile, else it is previewed. A preview waits in [`Pending`]
//! for its moderator's Confirm.

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateInteractionResponse, CreateModal, Http,
    ModalInteraction,
};

use super::blocking::{blocking, change};
use super::buttons;
use super::custom_id::CustomId;
use super::modals;
use super::pending::{Pending, Unavailable};
use super::permission::{is_moderator, who};
use super::respond;
use super::shared::{KeptEdit, KeptPreview, Shared};
use crate::engine::Engine;
use crate::knowledge::edit::Edit;
use crate::moderation::Entry;
use crate::moderation::{Draft, Editor, ModerationError, Preview, Request, reply};
use crate::reply::render;
use crate::reply::{Field, Lang, Reply, ReplyKind, RichText};
use crate::tr;

/// What the database keeps previews as.
const PREVIEW: &str = "preview";

/// Changes `/history` lists.
const HISTORY_LIMIT: usize = 10;
/// Discord's longest embed field value, less room for the cut's ellipsis.
const FIELD_CHARS: usize = 1000;

/// What a moderator's command or modal leads to.
enum Outcome {
    /// An ephemeral message.
    Reply(Reply),
    /// A preview with its buttons (none when it changes nothing).
    Preview(Reply, Option<u64>),
    /// A modal to type the text in.
    Modal(CreateModal),
}

impl Outcome {
    fn response(self, lang: Lang) -> CreateInteractionResponse {
        match self {
            Outcome::Reply(reply) => respond::new_message(&reply),
            Outcome::Preview(reply, key) => {
                let mut message = respond::message(&reply);
                if let Some(key) = key {
                    message = message.components(vec![buttons::preview(key, lang)]);
                }
                CreateInteractionResponse::Message(message)
            }
            Outcome::Modal(modal) => CreateInteractionResponse::Modal(modal),
        }
    }
}

/// The reply to a change that was made or refused; `refused` logs a refusal.
fn settled(
    result: &Result<Entry, ModerationError>,
    lang: Lang,
    refused: impl FnOnce(&ModerationError),
) -> Reply {
    match result {
        Ok(entry) => reply::saved(entry, lang),
        Err(error) => {
            refused(error);
            reply::refused(error, lang)
        }
    }
}

/// A preview or form too old to act on (or from before a restart).
fn expired(lang: Lang) -> Reply {
    Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "mod-expired-title"),
        tr!(lang, "mod-expired"),
    )
}

/// The moderators' side of the bot.
pub struct Moderation {
    engine: Arc<Engine>,
    /// `None` when the knowledge is not on disk: changes are refused.
    editor: Option<Arc<Editor>>,
    roles: Vec<u64>,
    pending: Pending,
    /// Previews shared with other replicas, where it is on.
    shared: Shared,
}

impl Moderation {
    pub fn new(
        engine: Arc<Engine>,
        editor: Option<Arc<Editor>>,
        roles: Vec<u64>,
        shared: Shared,
    ) -> Self {
        Self {
            engine,
            editor,
            roles,
            pending: Pending::default(),
            shared,
        }
    }

    /// The preview under `key` for `clicker`: this process's, or where
    /// previews are shared, another replica's.
    async fn take_preview(
        &self,
        key: u64,
        clicker: u64,
        now: Instant,
    ) -> Result<Preview, Unavailable> {
        let mine = self.pending.take(key, clicker, now);
        if !self.shared.is_on() {
            return mine;
        }
        match mine {
            Ok(preview) => {
                // Used once, everywhere.
                let _ = self.shared.take_if(PREVIEW, key, |_| true).await;
                Ok(preview)
            }
            Err(Unavailable::NotYours) => Err(Unavailable::NotYours),
            Err(Unavailable::Expired) => {
                let owned = move |kept: &str| {
                    serde_json::from_str::<KeptPreview>(kept).is_ok_and(|p| p.owner == clicker)
                };
                match self.shared.take_if(PREVIEW, key, owned).await {
                    Ok(kept) => serde_json::from_str::<KeptPreview>(&kept)
                        .ok()
                        .and_then(|kept| {
                            let edit = kept.edit.edit()?;
                            Some(Preview {
                                edit,
                                based_on: kept.based_on,
                                diff: crate::knowledge::edit::diff(&[], &[]),
                            })
                        })
                        .ok_or(Unavailable::Expired),
                    Err(true) => Err(Unavailable::NotYours),
                    Err(false) => Err(Unavailable::Expired),
                }
            }
        }
    }

    /// The language a moderator's locale asks for, else the bot's.
    fn lang(&self, locale: &str) -> Lang {
        Lang::from_locale(locale).unwrap_or_else(|| self.engine.language())
    }

    /// Whether this member may change the knowledge (checked on every use).
    pub fn allows(&self, member: Option<&serenity::all::Member>) -> bool {
        is_moderator(member, &self.roles)
    }

    /// A change proposed from a component (a gap's select menu): previewed
    /// for the moderator who chose it to confirm, as a command's would be.
    pub async fn propose(&self, http: &Http, interaction: &ComponentInteraction, edit: Edit) {
        let lang = self.lang(&interaction.locale);
        let outcome = if self.allows(interaction.member.as_ref()) {
            self.preview(edit, interaction.user.id.get(), lang).await
        } else {
            tracing::info!(user = %interaction.user.id, "a non-moderator was refused");
            Outcome::Reply(reply::not_moderator(lang))
        };
        let response = outcome.response(lang);
        respond::to_moderator("moderator select", interaction, http, response).await;
    }

    /// A moderator's slash command. Returns whether the knowledge changed.
    pub async fn on_command(
        &self,
        http: &Http,
        interaction: &CommandInteraction,
        request: Request,
    ) -> bool {
        let lang = self.lang(&interaction.locale);
        let moderator = is_moderator(interaction.member.as_deref(), &self.roles);
        if let (true, Request::Revert(change)) = (moderator, &request) {
            return self.revert(http, interaction, *change, lang).await;
        }
        let outcome = if moderator {
            self.command_outcome(interaction, request, lang).await
        } else {
            tracing::info!(user = %interaction.user.id, "a non-moderator was refused");
            Outcome::Reply(reply::not_moderator(lang))
        };
        let response = outcome.response(lang);
        respond::to_moderator("moderator command", interaction, http, response).await;
        false
    }

    /// `/revert change`: applied at once (it is itself audited and revertable).
    async fn revert(
        &self,
        http: &Http,
        interaction: &CommandInteraction,
        id: u64,
        lang: Lang,
    ) -> bool {
        let who = who(&interaction.user);
        let (result, deferred) = change(
            self.editor.as_ref(),
            move |e| e.revert(id, &who),
            || interaction.defer_ephemeral(http),
        )
        .await;
        let reply = settled(&result, lang, |error| {
            tracing::info!(%error, change = id, "a revert was refused");
        });
        let now = respond::new_message;
        respond::after_change("revert", interaction, http, deferred, &reply, now).await;
        result.is_ok()
    }

    async fn command_outcome(
        &self,
        interaction: &CommandInteraction,
        request: Request,
        lang: Lang,
    ) -> Outcome {
        let owner = interaction.user.id.get();
        match request {
            Request::Compose(draft) => match modals::open(&self.engine.knowledge(), draft, lang) {
                Ok(modal) => Outcome::Modal(modal),
                Err(error) => Outcome::Reply(reply::refused(&error.into(), lang)),
            },
            Request::Change(edit) => self.preview(edit, owner, lang).await,
            Request::History(passage) => {
                let result = blocking(self.editor.as_ref(), move |e| {
                    e.history(passage, HISTORY_LIMIT)
                })
                .await;
                Outcome::Reply(match result {
                    Ok(entries) => reply::history(&entries, lang),
                    Err(error) => reply::refused(&error, lang),
                })
            }
            // `on_command` hands reverts to `revert`, which may have to defer;
            // none reaches here.
            Request::Revert(change) => Outcome::Reply(reply::refused(
                &ModerationError::UnknownChange(change),
                lang,
            )),
        }
    }

    /// Previews `edit`; a preview that changes something waits for Confirm.
    async fn preview(&self, edit: Edit, owner: u64, lang: Lang) -> Outcome {
        match blocking(self.editor.as_ref(), move |e| e.preview(&edit)).await {
            Ok(preview) => {
                let mut shown = reply::preview(&preview, lang);
                if preview.diff.lines.is_empty() {
                    shown.footer = None;
                    return Outcome::Preview(shown, None);
                }
                shown.footer = Some(tr!(lang, "mod-confirm-discord"));
                let kept = KeptPreview {
                    owner,
                    based_on: preview.based_on.clone(),
                    edit: KeptEdit::from(&preview.edit),
                };
                let key = self.pending.remember(preview, owner, Instant::now());
                if self.shared.is_on()
                    && let Ok(kept) = serde_json::to_string(&kept)
                {
                    self.shared
                        .keep(PREVIEW, key, kept, super::pending::LIFETIME)
                        .await;
                }
                Outcome::Preview(shown, Some(key))
            }
            Err(error) => Outcome::Reply(reply::refused(&error, lang)),
        }
    }

    /// A submitted modal: previews the change typed in it.
    pub async fn on_modal(&self, http: &Http, interaction: &ModalInteraction) {
        let lang = self.lang(&interaction.locale);
        let outcome = self.modal_outcome(interaction, lang).await;
        let response = outcome.response(lang);
        respond::to_moderator("moderator modal", interaction, http, response).await;
    }

    async fn modal_outcome(&self, interaction: &ModalInteraction, lang: Lang) -> Outcome {
        let (outcome, typed) = self.modal_change(interaction, lang).await;
        match outcome {
            // A refused change keeps what the moderator typed, to copy and retry.
            Outcome::Reply(mut refusal)
                if refusal.kind == ReplyKind::Problem && !typed.is_empty() =>
            {
                refusal.fields.push(Field {
                    name: tr!(lang, "mod-your-text"),
                    value: RichText::plain(render::cut(&typed, FIELD_CHARS)),
                });
                Outcome::Reply(refusal)
            }
            other => other,
        }
    }

    /// The modal's change previewed, and the text typed in it.
    async fn modal_change(&self, interaction: &ModalInteraction, lang: Lang) -> (Outcome, String) {
        if !is_moderator(interaction.member.as_ref(), &self.roles) {
            tracing::info!(user = %interaction.user.id, "a non-moderator's modal was refused");
            return (Outcome::Reply(reply::not_moderator(lang)), String::new());
        }
        let (text, text_en) = modals::typed(interaction);
        let Some(CustomId::Form(form)) = CustomId::parse(&interaction.data.custom_id) else {
            return (Outcome::Reply(expired(lang)), text);
        };
        // Changed since the modal opened: the text it was prefilled with is
        // outdated. (A new point's modal starts empty, and its preview shows
        // it against the knowledge as it is now.)
        let new_point = matches!(form.draft, Draft::AddPoint { .. });
        if !new_point && !form.opened_on(&self.engine.knowledge()) {
            let stale = reply::refused(&ModerationError::Stale, lang);
            return (Outcome::Reply(stale), text);
        }
        let edit = form.draft.edit(text.clone(), text_en);
        let outcome = self.preview(edit, interaction.user.id.get(), lang).await;
        (outcome, text)
    }

    /// A preview's Confirm (`confirm`) or Cancel, for the preview under
    /// `key`. Returns whether the knowledge changed.
    pub async fn on_button(
        &self,
        http: &Http,
        interaction: &ComponentInteraction,
        key: u64,
        confirm: bool,
    ) -> bool {
        let lang = self.lang(&interaction.locale);
        let clicker = interaction.user.id.get();
        let response = if !is_moderator(interaction.member.as_ref(), &self.roles) {
            respond::new_message(&reply::not_moderator(lang))
        } else {
            match self.take_preview(key, clicker, Instant::now()).await {
                Err(Unavailable::NotYours) => respond::new_message(&Reply::notice(
                    ReplyKind::Problem,
                    tr!(lang, "mod-refused-title"),
                    tr!(lang, "mod-not-yours"),
                )),
                Err(Unavailable::Expired) => respond::update(&expired(lang)),
                Ok(_) if !confirm => respond::update(&Reply::notice(
                    ReplyKind::Overview,
                    tr!(lang, "mod-cancelled-title"),
                    tr!(lang, "mod-cancelled"),
                )),
                Ok(preview) => return self.confirm(http, interaction, preview, lang).await,
            }
        };
        respond::to_moderator("moderator button", interaction, http, response).await;
        false
    }

    /// Confirm: applies the preview and puts the outcome in its place.
    async fn confirm(
        &self,
        http: &Http,
        interaction: &ComponentInteraction,
        preview: Preview,
        lang: Lang,
    ) -> bool {
        let who = who(&interaction.user);
        // A taught question leaves the gap list inside `apply` (the desk
        // hooks it into the editor).
        let (result, deferred) = change(
            self.editor.as_ref(),
            move |e| e.apply(&preview, &who),
            || interaction.defer(http),
        )
        .await;
        let reply = settled(&result, lang, |error| {
            tracing::info!(%error, "a confirmed change was refused");
        });
        let now = respond::update;
        respond::after_change("confirm", interaction, http, deferred, &reply, now).await;
        result.is_ok()
    }
}
