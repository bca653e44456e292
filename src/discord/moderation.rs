//! Moderators' live knowledge edits from Discord: the moderator check, the
//! modals long text is typed in, previews with Confirm and Cancel buttons, and
//! `/history` and `/revert`. The changes themselves are the core's
//! ([`Editor::preview`], [`Editor::apply`], [`Editor::revert`]); this only
//! translates Discord's interactions to them and their replies back.
//!
//! Flow: a command that needs text opens a modal whose `custom_id` carries the
//! action, the number and a prefix of the knowledge's hash when it opened; the
//! submit is refused as stale if the knowledge changed meanwhile, else it is
//! previewed. A preview waits in memory (keyed by a short number in the
//! buttons' `custom_id`s) for its moderator's Confirm, for [`LIFETIME`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serenity::all::{
    ActionRowComponent, ButtonStyle, CommandInteraction, ComponentInteraction, Context,
    CreateActionRow, CreateButton, CreateInputText, CreateInteractionResponse,
    CreateInteractionResponseMessage, CreateModal, EditInteractionResponse, InputTextStyle, Member,
    ModalInteraction, Permissions, User,
};

use super::commands::ModRequest;
use super::deliver::{self, Target};
use crate::engine::Engine;
use crate::knowledge::edit::{Edit, EditError};
use crate::knowledge::{MAX_TEXT_CHARS, PassageId};
use crate::moderation::Editor;
use crate::moderation::{ModerationError, Preview, reply};
use crate::reply::Lang;
use crate::reply::messages::fill;
use crate::reply::render;
use crate::reply::{Field, Reply, ReplyKind, RichText};

/// How long a preview's buttons work.
pub const LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Prefix of every `custom_id` this module makes.
pub const PREFIX: &str = "mod:";
/// Changes `/history` lists.
const HISTORY_LIMIT: usize = 10;
/// Previews remembered at most; the oldest go first.
const CAPACITY: usize = 500;
/// Hex digits of the knowledge hash a modal's `custom_id` carries.
const HASH_PREFIX: usize = 16;
/// How long a change may take before its interaction is deferred.
const DEFER_AFTER: Duration = Duration::from_secs(2);
/// Discord's limits for modals.
const MODAL_TITLE_CHARS: usize = 45;
const INPUT_CHARS: u16 = 4000;
/// Discord's longest embed field value, less room for the cut's ellipsis.
const FIELD_CHARS: usize = 1000;
/// The modal's text inputs.
const TEXT: &str = "text";
const TEXT_EN: &str = "text_en";

/// Whether a member may change the knowledge: a configured moderator role, or
/// Manage Server (Administrator implies it). Outside a server, nobody may.
pub fn is_moderator(member: Option<&Member>, roles: &[u64]) -> bool {
    let Some(member) = member else {
        return false;
    };
    let by_permission = member.permissions.is_some_and(|p| {
        p.contains(Permissions::MANAGE_GUILD) || p.contains(Permissions::ADMINISTRATOR)
    });
    by_permission || member.roles.iter().any(|role| roles.contains(&role.get()))
}

/// How the audit log names a Discord moderator.
pub fn who(user: &User) -> String {
    format!("discord:{} ({})", user.id, user.name)
}

/// What a modal's text becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormAction {
    /// A new point at that number; 0 is the end.
    Add,
    EditPoint,
    Mission,
    Aim,
}

impl FormAction {
    fn code(self) -> &'static str {
        match self {
            FormAction::Add => "add",
            FormAction::EditPoint => "edit",
            FormAction::Mission => "mission",
            FormAction::Aim => "aim",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "add" => FormAction::Add,
            "edit" => FormAction::EditPoint,
            "mission" => FormAction::Mission,
            "aim" => FormAction::Aim,
            _ => return None,
        })
    }
}

/// A modal: what its text is for, and the knowledge it was opened on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    action: FormAction,
    number: u32,
    /// A prefix of [`crate::knowledge::Knowledge::content_hash`] when it opened.
    based_on: String,
}

impl Form {
    fn custom_id(&self) -> String {
        format!(
            "{PREFIX}form:{}:{}:{}",
            self.action.code(),
            self.number,
            self.based_on
        )
    }

    fn parse(custom_id: &str) -> Option<Self> {
        let rest = custom_id.strip_prefix(PREFIX)?.strip_prefix("form:")?;
        let mut parts = rest.split(':');
        let form = Form {
            action: FormAction::from_code(parts.next()?)?,
            number: parts.next()?.parse().ok()?,
            based_on: parts.next()?.to_string(),
        };
        parts.next().is_none().then_some(form)
    }

    /// The edit this form's texts make.
    fn edit(&self, text: String, text_en: Option<String>) -> Edit {
        let number = self.number;
        match self.action {
            FormAction::Add => Edit::AddPoint {
                at: (number > 0).then_some(number),
                text,
                text_en,
            },
            FormAction::EditPoint => Edit::EditPoint {
                number,
                text,
                text_en,
            },
            FormAction::Mission => Edit::EditMission { text, text_en },
            FormAction::Aim => Edit::EditAim {
                number,
                text,
                text_en,
            },
        }
    }
}

fn hash_prefix(engine: &Engine) -> String {
    engine
        .knowledge()
        .content_hash()
        .chars()
        .take(HASH_PREFIX)
        .collect()
}

/// A press of a preview's button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    pub confirm: bool,
    pub key: u64,
}

impl Press {
    pub fn custom_id(self) -> String {
        let what = if self.confirm { "ok" } else { "no" };
        format!("{PREFIX}{what}:{:x}", self.key)
    }

    pub fn parse(custom_id: &str) -> Option<Self> {
        let (what, key) = custom_id.strip_prefix(PREFIX)?.split_once(':')?;
        let confirm = match what {
            "ok" => true,
            "no" => false,
            _ => return None,
        };
        Some(Self {
            confirm,
            key: u64::from_str_radix(key, 16).ok()?,
        })
    }
}

/// A preview waiting for its moderator's button.
#[derive(Debug)]
struct Waiting {
    preview: Preview,
    owner: u64,
    at: Instant,
}

/// Why a press finds no preview to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unavailable {
    /// Too old, already used, or from before a restart.
    Expired,
    /// Another moderator's preview.
    NotYours,
}

/// Previews waiting for a button, by key.
#[derive(Debug)]
struct Pending {
    next_key: AtomicU64,
    waiting: Mutex<HashMap<u64, Waiting>>,
}

impl Default for Pending {
    fn default() -> Self {
        // Keys start somewhere new in every process, so a button from before a
        // restart does not name a preview made after it.
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Self {
            next_key: AtomicU64::new(seed & 0xffff_ffff_ffff),
            waiting: Mutex::new(HashMap::new()),
        }
    }
}

impl Pending {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Waiting>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn remember(&self, preview: Preview, owner: u64, now: Instant) -> u64 {
        let key = self.next_key.fetch_add(1, Ordering::Relaxed);
        let mut waiting = self.lock();
        waiting.retain(|_, w| now.saturating_duration_since(w.at) < LIFETIME);
        if waiting.len() >= CAPACITY
            && let Some(oldest) = waiting.iter().min_by_key(|(_, w)| w.at).map(|(k, _)| *k)
        {
            waiting.remove(&oldest);
        }
        waiting.insert(
            key,
            Waiting {
                preview,
                owner,
                at: now,
            },
        );
        key
    }

    /// The preview behind `key` for `clicker`, taken so it is used once.
    fn take(&self, key: u64, clicker: u64, now: Instant) -> Result<Preview, Unavailable> {
        let mut waiting = self.lock();
        let entry = waiting.get(&key).ok_or(Unavailable::Expired)?;
        if now.saturating_duration_since(entry.at) >= LIFETIME {
            waiting.remove(&key);
            return Err(Unavailable::Expired);
        }
        if entry.owner != clicker {
            return Err(Unavailable::NotYours);
        }
        waiting
            .remove(&key)
            .map(|w| w.preview)
            .ok_or(Unavailable::Expired)
    }
}

type Joined<T> = Result<Result<T, ModerationError>, tokio::task::JoinError>;

fn flatten<T>(joined: Joined<T>) -> Result<T, ModerationError> {
    joined.unwrap_or_else(|error| {
        Err(ModerationError::Write(std::io::Error::other(format!(
            "the change was interrupted: {error}"
        ))))
    })
}

/// Runs a blocking core call (it reads and writes files, commits the index)
/// off the async threads.
async fn blocking<T: Send + 'static>(
    editor: Option<&Arc<Editor>>,
    call: impl FnOnce(&Editor) -> Result<T, ModerationError> + Send + 'static,
) -> Result<T, ModerationError> {
    let editor = editor.ok_or(ModerationError::ReadOnly)?.clone();
    flatten(tokio::task::spawn_blocking(move || call(&editor)).await)
}

/// Runs a change (a blocking core call); if it takes longer than
/// [`DEFER_AFTER`], acknowledges the interaction with `defer` meanwhile, as
/// Discord wants an answer within 3 s. Returns its result and whether the
/// interaction was deferred (then the answer is an edit of the response).
async fn change<T, D, DF>(
    editor: Option<&Arc<Editor>>,
    call: impl FnOnce(&Editor) -> Result<T, ModerationError> + Send + 'static,
    defer: D,
) -> (Result<T, ModerationError>, bool)
where
    T: Send + 'static,
    D: FnMut() -> DF,
    DF: Future<Output = Result<(), serenity::Error>>,
{
    let Some(editor) = editor.cloned() else {
        return (Err(ModerationError::ReadOnly), false);
    };
    let mut task = tokio::task::spawn_blocking(move || call(&editor));
    match tokio::time::timeout(DEFER_AFTER, &mut task).await {
        Ok(joined) => (flatten(joined), false),
        Err(_) => {
            tracing::info!("the change takes a while; the reply is deferred");
            respond("deferral", defer).await;
            (flatten(task.await), true)
        }
    }
}

/// The answer to a deferred interaction: its response edited to `reply`.
fn edited(reply: &Reply) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embed(deliver::embed(reply))
        .components(Vec::new())
        .allowed_mentions(deliver::no_mentions())
}

/// Sends one interaction response with the usual retry; logs a failure.
async fn respond<F, Fut>(what: &'static str, send: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), serenity::Error>>,
{
    if let Err(error) = deliver::with_retry(Target::Interaction, send).await {
        tracing::warn!(
            what,
            error = deliver::describe(&error),
            "the moderator's reply could not be delivered"
        );
    }
}

fn message(reply: &Reply) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .embed(deliver::embed(reply))
        .allowed_mentions(deliver::no_mentions())
        .ephemeral(true)
}

/// What a moderator's command or button leads to.
enum Outcome {
    /// An ephemeral message.
    Reply(Reply),
    /// A preview with its buttons (none when it changes nothing).
    Preview(Reply, Option<u64>),
    /// A modal to type the text in.
    Modal(CreateModal),
}

/// The moderators' side of the bot.
pub struct Moderation {
    engine: Arc<Engine>,
    /// `None` when the knowledge is not on disk: changes are refused.
    editor: Option<Arc<Editor>>,
    roles: Vec<u64>,
    pending: Pending,
}

impl Moderation {
    pub fn new(engine: Arc<Engine>, editor: Option<Arc<Editor>>, roles: Vec<u64>) -> Self {
        Self {
            engine,
            editor,
            roles,
            pending: Pending::default(),
        }
    }

    fn outcome_response(outcome: Outcome, lang: Lang) -> CreateInteractionResponse {
        match outcome {
            Outcome::Reply(reply) => CreateInteractionResponse::Message(message(&reply)),
            Outcome::Preview(reply, key) => {
                let mut msg = message(&reply);
                if let Some(key) = key {
                    msg = msg.components(vec![buttons(key, lang)]);
                }
                CreateInteractionResponse::Message(msg)
            }
            Outcome::Modal(modal) => CreateInteractionResponse::Modal(modal),
        }
    }

    /// A moderator's slash command. Returns whether the knowledge changed.
    pub async fn on_command(
        &self,
        ctx: &Context,
        interaction: &CommandInteraction,
        request: ModRequest,
    ) -> bool {
        let lang = Lang::from_locale(&interaction.locale);
        let moderator = is_moderator(interaction.member.as_deref(), &self.roles);
        if let (true, ModRequest::Revert { change }) = (moderator, request) {
            return self.revert(ctx, interaction, change, lang).await;
        }
        let outcome = if moderator {
            self.command_outcome(interaction, request, lang).await
        } else {
            tracing::info!(user = %interaction.user.id, "a non-moderator was refused");
            Outcome::Reply(reply::not_moderator(lang))
        };
        let response = Self::outcome_response(outcome, lang);
        respond("moderator command", || {
            interaction.create_response(&ctx.http, response.clone())
        })
        .await;
        false
    }

    /// `/revert change`: applied at once (it is itself audited and revertable).
    async fn revert(
        &self,
        ctx: &Context,
        interaction: &CommandInteraction,
        id: u64,
        lang: Lang,
    ) -> bool {
        let who = who(&interaction.user);
        let (result, deferred) = change(
            self.editor.as_ref(),
            move |e| e.revert(id, &who),
            || interaction.defer_ephemeral(&ctx.http),
        )
        .await;
        let reply = match &result {
            Ok(entry) => reply::saved(entry, lang),
            Err(error) => {
                tracing::info!(%error, change = id, "a revert was refused");
                reply::refused(error, lang)
            }
        };
        if deferred {
            let edit = edited(&reply);
            respond("revert", || async {
                interaction
                    .edit_response(&ctx.http, edit.clone())
                    .await
                    .map(drop)
            })
            .await;
        } else {
            let response = CreateInteractionResponse::Message(message(&reply));
            respond("revert", || {
                interaction.create_response(&ctx.http, response.clone())
            })
            .await;
        }
        result.is_ok()
    }

    async fn command_outcome(
        &self,
        interaction: &CommandInteraction,
        request: ModRequest,
        lang: Lang,
    ) -> Outcome {
        let owner = interaction.user.id.get();
        match request {
            ModRequest::AddPoint { at } => self.add_form(at, lang),
            ModRequest::EditPoint { number } => self.point_form(number, lang),
            ModRequest::EditMission => self.mission_form(lang),
            ModRequest::EditAim { number } => self.aim_form(number, lang),
            ModRequest::RemovePoint { number } => {
                self.preview(Edit::RemovePoint { number }, owner, lang)
                    .await
            }
            ModRequest::MovePoint { from, to } => {
                self.preview(Edit::MovePoint { from, to }, owner, lang)
                    .await
            }
            ModRequest::History { number } => {
                let passage = number.map(PassageId::Strategy);
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
            ModRequest::Revert { change } => Outcome::Reply(reply::refused(
                &ModerationError::UnknownChange(change),
                lang,
            )),
        }
    }

    fn modal(&self, form: &Form, title: String, text: &str, text_en: &str, lang: Lang) -> Outcome {
        let m = lang.messages();
        let fits = |t: &str| t.chars().count() <= usize::from(INPUT_CHARS);
        let mut main = CreateInputText::new(InputTextStyle::Paragraph, m.mod_text_label, TEXT)
            .required(true)
            .min_length(1)
            .max_length(INPUT_CHARS.min(MAX_TEXT_CHARS as u16));
        if !text.is_empty() && fits(text) {
            main = main.value(text);
        }
        let mut english =
            CreateInputText::new(InputTextStyle::Paragraph, m.mod_text_en_label, TEXT_EN)
                .required(false)
                .max_length(INPUT_CHARS.min(MAX_TEXT_CHARS as u16))
                .placeholder(m.mod_text_en_hint);
        if !text_en.is_empty() && fits(text_en) {
            english = english.value(text_en);
        }
        Outcome::Modal(
            CreateModal::new(form.custom_id(), render::cut(&title, MODAL_TITLE_CHARS)).components(
                vec![
                    CreateActionRow::InputText(main),
                    CreateActionRow::InputText(english),
                ],
            ),
        )
    }

    fn form(&self, action: FormAction, number: u32) -> Form {
        Form {
            action,
            number,
            based_on: hash_prefix(&self.engine),
        }
    }

    fn add_form(&self, at: Option<u32>, lang: Lang) -> Outcome {
        let m = lang.messages();
        let count = self.engine.knowledge().points().len();
        let title = match at {
            None => m.mod_modal_add.to_string(),
            Some(n) if (1..=count + 1).contains(&(n as usize)) => {
                fill(m.mod_modal_add_at, &[("n", &n.to_string())])
            }
            Some(_) => {
                let error = EditError::BadPosition { max: count + 1 };
                return Outcome::Reply(reply::refused(&error.into(), lang));
            }
        };
        let form = self.form(FormAction::Add, at.unwrap_or(0));
        self.modal(&form, title, "", "", lang)
    }

    fn point_form(&self, number: u32, lang: Lang) -> Outcome {
        let knowledge = self.engine.knowledge();
        let Some(point) = knowledge.point(u64::from(number)) else {
            let error = EditError::NoSuchPoint {
                number,
                count: knowledge.points().len(),
            };
            return Outcome::Reply(reply::refused(&error.into(), lang));
        };
        let title = fill(
            lang.messages().mod_modal_edit_point,
            &[("n", &number.to_string())],
        );
        let form = self.form(FormAction::EditPoint, number);
        let en = point.text_en.as_deref().unwrap_or_default();
        self.modal(&form, title, &point.text, en, lang)
    }

    fn mission_form(&self, lang: Lang) -> Outcome {
        let knowledge = self.engine.knowledge();
        let mission = knowledge.mission();
        let form = self.form(FormAction::Mission, 0);
        let en = mission.text_en.as_deref().unwrap_or_default();
        let title = lang.messages().mod_modal_mission.to_string();
        self.modal(&form, title, &mission.text, en, lang)
    }

    fn aim_form(&self, number: u32, lang: Lang) -> Outcome {
        let knowledge = self.engine.knowledge();
        let aim = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| knowledge.aims().get(i));
        let Some(aim) = aim else {
            let error = EditError::NoSuchAim {
                number,
                count: knowledge.aims().len(),
            };
            return Outcome::Reply(reply::refused(&error.into(), lang));
        };
        let title = fill(lang.messages().mod_modal_aim, &[("n", &number.to_string())]);
        let form = self.form(FormAction::Aim, number);
        let en = aim.text_en.as_deref().unwrap_or_default();
        self.modal(&form, title, &aim.text, en, lang)
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
                shown.footer = Some(lang.messages().mod_confirm_discord.to_string());
                let key = self.pending.remember(preview, owner, Instant::now());
                Outcome::Preview(shown, Some(key))
            }
            Err(error) => Outcome::Reply(reply::refused(&error, lang)),
        }
    }

    /// A submitted modal: previews the change typed in it.
    pub async fn on_modal(&self, ctx: &Context, interaction: &ModalInteraction) {
        let lang = Lang::from_locale(&interaction.locale);
        let outcome = self.modal_outcome(interaction, lang).await;
        let response = Self::outcome_response(outcome, lang);
        respond("moderator modal", || {
            interaction.create_response(&ctx.http, response.clone())
        })
        .await;
    }

    async fn modal_outcome(&self, interaction: &ModalInteraction, lang: Lang) -> Outcome {
        let (outcome, typed) = self.modal_change(interaction, lang).await;
        match outcome {
            // A refused change keeps what the moderator typed, to copy and retry.
            Outcome::Reply(mut refusal)
                if refusal.kind == ReplyKind::Problem && !typed.is_empty() =>
            {
                refusal.fields.push(Field {
                    name: lang.messages().mod_your_text.to_string(),
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
        let value = |wanted: &str| {
            interaction
                .data
                .components
                .iter()
                .flat_map(|row| &row.components)
                .find_map(|component| match component {
                    ActionRowComponent::InputText(input) if input.custom_id == wanted => {
                        input.value.clone()
                    }
                    _ => None,
                })
                .unwrap_or_default()
        };
        let text = value(TEXT);
        let Some(form) = Form::parse(&interaction.data.custom_id) else {
            let m = lang.messages();
            let expired = Reply::notice(ReplyKind::Problem, m.mod_expired_title, m.mod_expired);
            return (Outcome::Reply(expired), text);
        };
        // Changed since the modal opened: the text it was prefilled with is
        // outdated. (A new point's modal starts empty, and its preview shows
        // it against the knowledge as it is now.)
        if form.action != FormAction::Add && form.based_on != hash_prefix(&self.engine) {
            let stale = reply::refused(&ModerationError::Stale, lang);
            return (Outcome::Reply(stale), text);
        }
        let text_en = Some(value(TEXT_EN)).filter(|t| !t.trim().is_empty());
        let edit = form.edit(text.clone(), text_en);
        let outcome = self.preview(edit, interaction.user.id.get(), lang).await;
        (outcome, text)
    }

    /// A preview's Confirm or Cancel. Returns whether the knowledge changed.
    pub async fn on_button(
        &self,
        ctx: &Context,
        interaction: &ComponentInteraction,
        press: Press,
    ) -> bool {
        let lang = Lang::from_locale(&interaction.locale);
        let m = lang.messages();
        let clicker = interaction.user.id.get();
        let response = if !is_moderator(interaction.member.as_ref(), &self.roles) {
            CreateInteractionResponse::Message(message(&reply::not_moderator(lang)))
        } else {
            match self.pending.take(press.key, clicker, Instant::now()) {
                Err(Unavailable::NotYours) => {
                    let reply =
                        Reply::notice(ReplyKind::Problem, m.mod_refused_title, m.mod_not_yours);
                    CreateInteractionResponse::Message(message(&reply))
                }
                Err(Unavailable::Expired) => {
                    let reply =
                        Reply::notice(ReplyKind::Problem, m.mod_expired_title, m.mod_expired);
                    update(&reply)
                }
                Ok(_) if !press.confirm => {
                    let reply =
                        Reply::notice(ReplyKind::Overview, m.mod_cancelled_title, m.mod_cancelled);
                    update(&reply)
                }
                Ok(preview) => return self.confirm(ctx, interaction, preview, lang).await,
            }
        };
        respond("moderator button", || {
            interaction.create_response(&ctx.http, response.clone())
        })
        .await;
        false
    }

    /// Confirm: applies the preview and puts the outcome in its place.
    async fn confirm(
        &self,
        ctx: &Context,
        interaction: &ComponentInteraction,
        preview: Preview,
        lang: Lang,
    ) -> bool {
        let who = who(&interaction.user);
        let (result, deferred) = change(
            self.editor.as_ref(),
            move |e| e.apply(&preview, &who),
            || interaction.defer(&ctx.http),
        )
        .await;
        let reply = match &result {
            Ok(entry) => reply::saved(entry, lang),
            Err(error) => {
                tracing::info!(%error, "a confirmed change was refused");
                reply::refused(error, lang)
            }
        };
        if deferred {
            let edit = edited(&reply);
            respond("confirm", || async {
                interaction
                    .edit_response(&ctx.http, edit.clone())
                    .await
                    .map(drop)
            })
            .await;
        } else {
            let response = update(&reply);
            respond("confirm", || {
                interaction.create_response(&ctx.http, response.clone())
            })
            .await;
        }
        result.is_ok()
    }
}

/// Replaces the preview (type 7) with the outcome, without its buttons.
fn update(reply: &Reply) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(
        CreateInteractionResponseMessage::new()
            .embed(deliver::embed(reply))
            .components(Vec::new())
            .allowed_mentions(deliver::no_mentions()),
    )
}

fn buttons(key: u64, lang: Lang) -> CreateActionRow {
    let m = lang.messages();
    CreateActionRow::Buttons(vec![
        CreateButton::new(Press { confirm: true, key }.custom_id())
            .label(m.mod_confirm_button)
            .style(ButtonStyle::Success),
        CreateButton::new(
            Press {
                confirm: false,
                key,
            }
            .custom_id(),
        )
        .label(m.mod_cancel_button)
        .style(ButtonStyle::Secondary),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_stay_short() {
        let form = Form {
            action: FormAction::Add,
            number: u32::MAX,
            based_on: "0123456789abcdef".to_string(),
        };
        assert!(form.custom_id().len() <= 100, "{}", form.custom_id());
        assert_eq!(Form::parse(&form.custom_id()), Some(form));
        for confirm in [true, false] {
            let press = Press {
                confirm,
                key: u64::MAX,
            };
            assert!(press.custom_id().len() <= 100);
            assert_eq!(Press::parse(&press.custom_id()), Some(press));
        }
        assert_eq!(Press::parse("more:1:2"), None);
        assert_eq!(Press::parse("mod:form:add:0:ab"), None);
        assert_eq!(Form::parse("mod:ok:12"), None);
        assert_eq!(Form::parse("mod:form:nope:1:ab"), None);
    }

    fn preview() -> Preview {
        Preview {
            edit: Edit::RemovePoint { number: 1 },
            based_on: "h".to_string(),
            diff: crate::knowledge::edit::diff(&[], &[]),
        }
    }

    #[test]
    fn previews_are_for_their_owner_once_and_expire() {
        let pending = Pending::default();
        let t0 = Instant::now();
        let key = pending.remember(preview(), 1, t0);
        assert_eq!(pending.take(key, 2, t0).err(), Some(Unavailable::NotYours));
        assert!(pending.take(key, 1, t0).is_ok());
        assert_eq!(pending.take(key, 1, t0).err(), Some(Unavailable::Expired));
        let key = pending.remember(preview(), 1, t0);
        assert_eq!(
            pending.take(key, 1, t0 + LIFETIME).err(),
            Some(Unavailable::Expired)
        );
    }

    #[test]
    fn moderators_by_role_or_permission() {
        let member = |roles: &[u64], permissions: u64| -> Member {
            serde_json::from_value(serde_json::json!({
                "user": {"id": "5", "username": "m", "discriminator": "0", "global_name": null, "avatar": null},
                "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                "joined_at": "2024-01-01T00:00:00Z",
                "deaf": false, "mute": false, "flags": 0,
                "permissions": permissions.to_string(),
                "guild_id": "1",
            }))
            .expect("member parses")
        };
        assert!(is_moderator(Some(&member(&[], 0x20)), &[]));
        assert!(is_moderator(Some(&member(&[], 0x8)), &[]));
        assert!(is_moderator(Some(&member(&[77], 0)), &[77]));
        assert!(!is_moderator(Some(&member(&[78], 0x400)), &[77]));
        assert!(!is_moderator(None, &[77]));
    }
}
