//! The one way the Discord tests start the real bot (`missionbot::discord::start_with`) in
//! their own process: against a fake Discord, with the knowledge, learning store, settings,
//! time limits and token a test chooses ([`Setup`]); then talking to it and hearing from its
//! observer what became of each event ([`Bench`]).

use std::sync::Arc;
use std::time::Duration;

use fake_discord::{ComponentKind, FakeDiscord, FakeDiscordBuilder, InteractionOpts};
use missionbot::config::{Config, LearningConfig, Shards};
use missionbot::desk::Desk;
use missionbot::discord::{
    self, DiscordError, Event, Handled, Observer, Outcome, RunningBot, Settings, Timing, Token,
};
use missionbot::{Engine, Learning};
use serde_json::{Value, json};
use tokio::sync::watch;

use super::budget::STEP;
use super::exchange::{self, wait_started};
use super::shipped;
use super::workspace::Workspace;

/// Turns the bench's default settings into a test's.
type Adjust = Box<dyn FnOnce(&FakeDiscord, Settings) -> Settings>;

/// What the bot starts with. [`Setup::new`]: a fake with default options; the shipped knowledge
/// in memory, no editor, no learning store; commands in the fake's guild, one shard, no
/// cooldown, no watched channel, no moderator role; the default time limits, but never a long
/// wait for a startup request; the token the fake accepts.
pub struct Setup {
    fake: FakeDiscordBuilder,
    knowledge: Knowledge,
    settings: Adjust,
    timing: Timing,
    token: Option<Token>,
    step: Duration,
}

/// Where the bot's knowledge comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Knowledge {
    /// The crate's knowledge, in memory: nothing can change it.
    Shipped,
    /// A scratch copy of every knowledge file, opened with an editor, so changes hit its disk.
    Editable,
    /// [`Knowledge::Editable`], and a learning store in the same workspace.
    EditableLearning,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            fake: FakeDiscord::builder(),
            knowledge: Knowledge::Shipped,
            settings: Box::new(|_, settings| settings),
            timing: timing(),
            token: None,
            step: STEP,
        }
    }
}

impl Setup {
    pub fn new() -> Self {
        Self::default()
    }

    /// A fake with other options (a late READY, fast heartbeats, refused intents...).
    pub fn fake(mut self, fake: FakeDiscordBuilder) -> Self {
        self.fake = fake;
        self
    }

    /// A scratch copy of every knowledge file, with an editor: moderators' changes hit its disk.
    pub fn editable(mut self) -> Self {
        self.knowledge = Knowledge::Editable;
        self
    }

    /// [`Setup::editable`], and a learning store in the same workspace, as its config says.
    pub fn learning(mut self) -> Self {
        self.knowledge = Knowledge::EditableLearning;
        self
    }

    /// Settings other than the defaults: `adjust` gets the fake and the defaults (the bench's
    /// observer among them: keep it with `..settings`).
    pub fn settings(
        mut self,
        adjust: impl FnOnce(&FakeDiscord, Settings) -> Settings + 'static,
    ) -> Self {
        self.settings = Box::new(adjust);
        self
    }

    pub fn timing(mut self, timing: Timing) -> Self {
        self.timing = timing;
        self
    }

    /// A token other than the one the fake accepts.
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(token);
        self
    }

    /// Upper bound for one awaited answer (longer where a change commits an index).
    pub fn step(mut self, step: Duration) -> Self {
        self.step = step;
        self
    }

    /// The fake, the knowledge and the rest ready; no bot yet ([`Bench::launch`] and
    /// [`Bench::start`] start it).
    pub async fn prepare(self) -> Bench {
        let fake = self.fake.start().await.expect("fake discord starts");
        let (ws, engine, editor, learning) = match self.knowledge {
            Knowledge::Shipped => (
                None,
                Arc::new(shipped::engine()),
                None,
                Arc::new(Learning::off()),
            ),
            Knowledge::Editable | Knowledge::EditableLearning => {
                let ws = Workspace::with_all_knowledge();
                let editor = Arc::new(ws.editor());
                let learning = if self.knowledge == Knowledge::EditableLearning {
                    let config = Config::load(&ws.path("config.toml"), true).expect("config loads");
                    Learning::open(&LearningConfig {
                        db: ws.path("learning.sqlite"),
                        ..config.learning
                    })
                } else {
                    Learning::off()
                };
                (
                    Some(ws),
                    editor.engine().clone(),
                    Some(editor),
                    Arc::new(learning),
                )
            }
        };
        let handled = Arc::new(watch::Sender::new(Vec::new()));
        let heard = handled.clone();
        let defaults = Settings {
            guilds: vec![fake.guild_id()],
            channels: Vec::new(),
            cooldown: Duration::ZERO,
            api_base: Some(fake.api_base()),
            shards: Shards::Fixed(1),
            shard_total: None,
            gateway: true,
            interactions: None,
            store: None,
            moderator_roles: Vec::new(),
            site: None,
            observer: Observer::new(move |report| heard.send_modify(|all| all.push(report))),
        };
        let settings = (self.settings)(&fake, defaults);
        let token = self.token.unwrap_or_else(|| {
            Token::parse(&fake.token()).expect("the fake's token is token-shaped")
        });
        Bench {
            fake,
            bot: None,
            handled,
            desk: Arc::new(Desk::new(engine.clone(), editor, learning)),
            engine,
            ws,
            settings,
            timing: self.timing,
            token,
            step: self.step,
        }
    }

    /// The bot started, its session live and its commands registered.
    pub async fn start(self) -> Bench {
        let mut bench = self.prepare().await;
        bench.start().await;
        bench
    }

    /// The bot started, nothing awaited.
    pub async fn launch(self) -> Bench {
        let mut bench = self.prepare().await;
        bench.launch().await;
        bench
    }
}

/// The default time limits, but a test never waits long for a startup request.
pub fn timing() -> Timing {
    Timing {
        connect_timeout: STEP,
        ..Timing::default()
    }
}

/// The fake, the bot against it (once launched), and what the bot told its observer.
pub struct Bench {
    pub fake: FakeDiscord,
    bot: Option<RunningBot>,
    handled: Arc<watch::Sender<Vec<Handled>>>,
    engine: Arc<Engine>,
    /// The editor (editable knowledge only) and the learning store, as the
    /// bot's moderators' desk holds them.
    desk: Arc<Desk>,
    ws: Option<Workspace>,
    settings: Settings,
    timing: Timing,
    token: Token,
    step: Duration,
}

impl Bench {
    /// Starts the bot; `start_with`'s error if it cannot.
    pub async fn try_launch(&mut self) -> Result<(), DiscordError> {
        let bot = discord::start_with(
            self.engine.clone(),
            self.desk.clone(),
            self.settings.clone(),
            &self.token,
            self.timing,
        )
        .await?;
        self.bot = Some(bot);
        Ok(())
    }

    /// Starts the bot without waiting for anything.
    pub async fn launch(&mut self) {
        self.try_launch().await.expect("the bot starts");
    }

    /// Starts the bot and waits until its session is live and its commands registered.
    pub async fn start(&mut self) {
        let identified = self.fake.gateway_stats().identifies;
        let calls = self.fake.call_count();
        self.launch().await;
        wait_started(&self.fake, identified, calls).await;
    }

    /// Stops the bot cleanly and starts another on the same knowledge, store and settings: a
    /// restart, which forgets all the first one kept in memory.
    pub async fn restart(&mut self) {
        self.shutdown().await;
        self.start().await;
    }

    /// The running bot.
    pub fn bot(&mut self) -> &mut RunningBot {
        self.bot.as_mut().expect("the bot was launched")
    }

    /// Stops the bot; its shutdown must be clean.
    pub async fn shutdown(&mut self) {
        let bot = self.bot.take().expect("the bot was launched");
        bot.shutdown().await.expect("clean shutdown");
    }

    /// The scratch workspace of [`Setup::editable`] and [`Setup::learning`].
    pub fn ws(&self) -> &Workspace {
        self.ws.as_ref().expect("an editable workspace")
    }

    pub fn learning(&self) -> &Learning {
        self.desk.learning()
    }

    /// What became of `event`, once the bot is done with it (its reply went out or was given
    /// up, or it decided not to answer); fails after the bench's step with all it reported.
    pub async fn outcome(&self, event: Event) -> Outcome {
        let mut handled = self.handled.subscribe();
        let reported = tokio::time::timeout(
            self.step,
            handled.wait_for(|all| all.iter().any(|h| h.event == event)),
        )
        .await;
        if let Ok(Ok(all)) = reported
            && let Some(handled) = all.iter().find(|h| h.event == event)
        {
            return handled.outcome;
        }
        panic!(
            "{event:?}: no outcome within {:?}; the bot reported {:?}",
            self.step,
            self.handled.borrow()
        )
    }

    /// Dispatches an interaction; returns the bot's accepted callback body. A response that
    /// took long is deferred (5, 6), then edited: then the message (4) or update (7) the edit
    /// stands for.
    pub async fn callback(&self, payload: Value) -> Value {
        let token = payload["token"].as_str().unwrap_or_default().to_string();
        let call = exchange::callback(&self.fake, payload, self.step).await;
        if !matches!(call.body["type"].as_u64(), Some(5 | 6)) {
            return call.body;
        }
        let edit = format!("PATCH /webhooks/*/{token}/messages/@original");
        let edited = self
            .fake
            .wait_for_call(|c| c.matches(&edit) && c.status == 200, self.step)
            .await
            .expect("the deferred response is edited");
        let mut data = edited.body;
        let kind = if call.body["type"] == json!(5) {
            data["flags"] = call.body["data"]["flags"].clone();
            4
        } else {
            7
        };
        json!({"type": kind, "data": data})
    }

    /// [`Bench::callback`], and the message the fake stored as the response.
    pub async fn send(&self, payload: Value) -> (Value, Value) {
        let token = payload["token"].as_str().unwrap_or_default().to_string();
        let body = self.callback(payload).await;
        let message = self.fake.original_response(&token).unwrap_or(Value::Null);
        (body, message)
    }

    /// A slash command typed as `/point-move from:12 to:1`; the bot's callback body.
    pub async fn slash(&self, line: &str, opts: &InteractionOpts) -> Value {
        self.callback(self.fake.interaction_typed(line, opts)).await
    }

    /// [`Bench::slash`], and the message it made.
    pub async fn slash_message(&self, line: &str, opts: &InteractionOpts) -> (Value, Value) {
        self.send(self.fake.interaction_typed(line, opts)).await
    }

    /// A button pressed on `message`; the bot's callback body.
    pub async fn press(&self, custom_id: &str, message: &Value, opts: &InteractionOpts) -> Value {
        let payload = self.fake.interaction_component(
            custom_id,
            ComponentKind::Button,
            message.clone(),
            opts,
        );
        self.callback(payload).await
    }

    /// `value` chosen in the select menu `custom_id` on `message`; the callback body and the
    /// message it made.
    pub async fn choose(
        &self,
        custom_id: &str,
        value: &str,
        message: &Value,
        opts: &InteractionOpts,
    ) -> (Value, Value) {
        let kind = ComponentKind::StringSelect(vec![value.to_string()]);
        let payload = self
            .fake
            .interaction_component(custom_id, kind, message.clone(), opts);
        self.send(payload).await
    }

    /// Submits a modal; returns the callback and the message it made.
    pub async fn submit(
        &self,
        custom_id: &str,
        fields: &[(&str, &str)],
        opts: &InteractionOpts,
    ) -> (Value, Value) {
        let payload = self.fake.interaction_modal_submit(custom_id, fields, opts);
        let (body, mut message) = self.send(payload).await;
        // Discord says which interaction opened the modal; serenity needs it to
        // parse a button press on this message, and the fake leaves it out.
        let metadata = &mut message["interaction_metadata"];
        if metadata["type"] == json!(5) && metadata["triggering_interaction_metadata"].is_null() {
            let mut opener = metadata.clone();
            opener["type"] = json!(2);
            metadata["triggering_interaction_metadata"] = opener;
        }
        (body, message)
    }

    /// Stops the bot cleanly.
    pub async fn stop(mut self) {
        self.shutdown().await;
    }
}
