//! Tests of the fake Discord (the `fake-discord` package) with a plain serenity client: connect
//! and READY, message round trip, interaction callback, reconnect by RESUME, command
//! registration with locale validation, an injected 429, intents, and payloads serenity parses.
//! They live here, in missionbot's test binary, so that `cargo test` at the root runs them.

use std::sync::Arc;
use std::time::Duration;

use fake_discord::{
    ComponentKind, FakeDiscord, FakeFault, FakeUser, InteractionOpts, MessageOpts, fake,
    focused_option, id_of, intents,
};
use serde_json::{Value, json};
use serenity::all::{
    ApplicationId, ClientBuilder, Command, CommandType, Context, CreateAutocompleteResponse,
    CreateCommand, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, EditInteractionResponse, EventHandler, GatewayIntents, Guild,
    Interaction, Message, Ready, ShardManager,
};
use serenity::async_trait;
use serenity::http::HttpError;
use serenity::model::event::{Event, GatewayEvent};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::support::budget::{STEP, within};

/// Upper bound for a whole test.
const BUDGET: Duration = Duration::from_secs(10);

const INTENTS: GatewayIntents = GatewayIntents::GUILDS
    .union(GatewayIntents::GUILD_MESSAGES)
    .union(GatewayIntents::DIRECT_MESSAGES);

/// A serenity `Http` pointed at the fake, as the bot builds it:
/// `HttpBuilder::new(token).proxy(api_base).ratelimiter_disabled(true)`. Its application id
/// is unset until READY (or `set_application_id`).
fn serenity_http(fake: &FakeDiscord) -> serenity::http::Http {
    serenity::http::HttpBuilder::new(fake.token())
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build()
}

/// What the test client's handler saw or did.
#[derive(Debug)]
enum Seen {
    Ready {
        name: String,
    },
    Guild {
        id: u64,
        channels: usize,
        members: usize,
    },
    Message {
        content: String,
    },
    Answered {
        interaction_id: u64,
        status: Option<u16>,
    },
    /// Deferred, autocomplete or component handling finished (all its calls succeeded or not).
    Other {
        ok: bool,
    },
}

/// A tiny bot: reports events; replies "pong: CONTENT" to non-empty messages from humans;
/// answers slash commands with an ephemeral message.
struct Recorder {
    tx: mpsc::UnboundedSender<Seen>,
}

#[async_trait]
impl EventHandler for Recorder {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        let _ = self.tx.send(Seen::Ready {
            name: ready.user.name.clone(),
        });
    }

    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        let _ = self.tx.send(Seen::Guild {
            id: guild.id.get(),
            channels: guild.channels.len(),
            members: guild.members.len(),
        });
    }

    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot {
            return;
        }
        let _ = self.tx.send(Seen::Message {
            content: msg.content.clone(),
        });
        if msg.content.is_empty() {
            return;
        }
        if let Err(e) = msg
            .channel_id
            .say(&ctx.http, format!("pong: {}", msg.content))
            .await
        {
            eprintln!("test bot: say failed: {e}");
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let cmd = match interaction {
            Interaction::Command(cmd) => cmd,
            Interaction::Autocomplete(ac) => {
                let typed = ac
                    .data
                    .autocomplete()
                    .map(|o| o.value.to_string())
                    .unwrap_or_default();
                let choices = CreateAutocompleteResponse::new()
                    .add_int_choice(format!("{typed}: point 7"), 7);
                let result = ac
                    .create_response(&ctx.http, CreateInteractionResponse::Autocomplete(choices))
                    .await;
                let _ = self.tx.send(Seen::Other { ok: result.is_ok() });
                return;
            }
            Interaction::Component(comp) => {
                let page = CreateInteractionResponseMessage::new().content("page 2");
                let result = comp
                    .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(page))
                    .await;
                let _ = self.tx.send(Seen::Other { ok: result.is_ok() });
                return;
            }
            _ => return,
        };
        if cmd.data.name == "slow" {
            // Defer, then edit the original response, then add a follow-up.
            let mut ok = cmd.defer_ephemeral(&ctx.http).await.is_ok();
            ok &= cmd
                .edit_response(&ctx.http, EditInteractionResponse::new().content("done"))
                .await
                .is_ok();
            let more = CreateInteractionResponseFollowup::new()
                .content("more")
                .ephemeral(true);
            ok &= cmd.create_followup(&ctx.http, more).await.is_ok();
            let _ = self.tx.send(Seen::Other { ok });
            return;
        }
        let reply = CreateInteractionResponseMessage::new()
            .content(format!("{} in {}", cmd.data.name, cmd.locale))
            .ephemeral(true);
        let result = cmd
            .create_response(&ctx.http, CreateInteractionResponse::Message(reply))
            .await;
        let status = match &result {
            Ok(()) => None,
            Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(resp))) => {
                Some(resp.status_code.as_u16())
            }
            Err(other) => panic!("unexpected error kind from create_response: {other:?}"),
        };
        let _ = self.tx.send(Seen::Answered {
            interaction_id: cmd.id.get(),
            status,
        });
    }
}

/// A serenity client running against the fake, and what its handler reports.
struct TestClient {
    seen: mpsc::UnboundedReceiver<Seen>,
    shard_manager: Arc<ShardManager>,
    task: JoinHandle<Result<(), serenity::Error>>,
}

impl TestClient {
    async fn start(fake: &FakeDiscord, intents: GatewayIntents) -> Self {
        let (tx, seen) = mpsc::unbounded_channel();
        let mut client = ClientBuilder::new_with_http(serenity_http(fake), intents)
            .event_handler(Recorder { tx })
            .await
            .expect("serenity client builds");
        let shard_manager = client.shard_manager.clone();
        let task = tokio::spawn(async move { client.start().await });
        Self {
            seen,
            shard_manager,
            task,
        }
    }

    async fn next(&mut self) -> Seen {
        within(STEP, "the handler's next report", self.seen.recv())
            .await
            .expect("handler channel open")
    }

    async fn stop(self) {
        self.shard_manager.shutdown_all().await;
        let _ = tokio::time::timeout(STEP, self.task).await;
    }
}

#[tokio::test]
async fn client_connects_identifies_and_gets_ready() {
    within(BUDGET, "the whole test", async {
        let fake = FakeDiscord::builder()
            .heartbeat_interval(Duration::from_millis(200))
            .start()
            .await
            .expect("fake discord starts");
        let mut client = TestClient::start(&fake, INTENTS).await;

        assert!(fake.wait_ready(STEP).await, "session is live");
        match client.next().await {
            Seen::Ready { name } => assert_eq!(name, "missionbot"),
            other => panic!("expected ready, got {other:?}"),
        }
        // GUILD_CREATE parsed into the cache: the guild with its channel and two members.
        match client.next().await {
            Seen::Guild {
                id,
                channels,
                members,
            } => {
                assert_eq!((id, channels, members), (fake.guild_id(), 1, 2));
            }
            other => panic!("expected the guild, got {other:?}"),
        }
        let identify = &fake.identifies()[0];
        // serenity sends the HTTP form of the token, "Bot " included.
        assert_eq!(identify["token"], json!(format!("Bot {}", fake.token())));
        assert_eq!(identify["intents"], json!(INTENTS.bits()));
        assert!(
            fake.calls().iter().any(|c| c.matches("GET /gateway")),
            "gateway URL asked over HTTP"
        );
        assert_eq!(fake.gateway_queries(), vec!["v=10".to_string()]);

        // Heartbeats are acknowledged, so the client keeps its one session.
        assert!(
            fake.wait_gateway(|g| g.heartbeats >= 2, STEP).await,
            "client heartbeats"
        );
        assert_eq!(fake.identify_count(), 1);
        assert_eq!(fake.gateway_stats().connections, 1);

        client.stop().await;
        assert!(
            fake.wait_gateway(|g| g.client_close_codes == [1000], STEP)
                .await
        );
    })
    .await;
}

#[tokio::test]
async fn message_create_is_answered_through_channel_messages() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let mut client = TestClient::start(&fake, INTENTS).await;
        assert!(fake.wait_ready(STEP).await);

        // Without MESSAGE_CONTENT a guild message that does not mention the bot is blank.
        fake.dispatch(
            "MESSAGE_CREATE",
            fake.message_create("secret", &MessageOpts::default()),
        )
        .expect("GUILD_MESSAGES delivers it");
        let content = loop {
            if let Seen::Message { content } = client.next().await {
                break content;
            }
        };
        assert_eq!(content, "");

        let text = format!("{} ping", fake.bot_user().mention());
        let msg = fake.message_create(&text, &MessageOpts::default().mention(fake.bot_user()));
        fake.dispatch("MESSAGE_CREATE", msg).expect("delivered");

        let route = format!("POST /channels/{}/messages", fake.channel_id());
        let want = json!(format!("pong: {text}"));
        let call = fake
            .wait_for_call(|c| c.matches(&route) && c.body["content"] == want, STEP)
            .await
            .expect("reply posted to the channel");
        assert_eq!(call.status, 200);
        assert_eq!(
            call.headers["authorization"],
            format!("Bot {}", fake.token())
        );

        // DMs carry their content without MESSAGE_CONTENT.
        fake.dispatch(
            "MESSAGE_CREATE",
            fake.message_create("hi", &MessageOpts::default().dm()),
        )
        .expect("DIRECT_MESSAGES delivers it");
        let route = format!("POST /channels/{}/messages", fake.dm_channel_id());
        let call = fake
            .wait_for_call(|c| c.matches(&route), STEP)
            .await
            .expect("DM answered");
        assert_eq!(call.body["content"], json!("pong: hi"));
        assert_eq!(fake.bot_messages().len(), 2);

        client.stop().await;
    })
    .await;
}

#[tokio::test]
async fn interaction_gets_an_ephemeral_message_callback() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let mut client = TestClient::start(&fake, INTENTS).await;
        assert!(fake.wait_ready(STEP).await);

        let payload = fake.interaction_command("mission", Value::Null, &InteractionOpts::default().locale("cs"));
        let (id, token) = (id_of(&payload), payload["token"].as_str().unwrap_or_default().to_string());
        fake.dispatch("INTERACTION_CREATE", payload);

        let route = format!("POST /interactions/{id}/{token}/callback");
        let call = fake.wait_for_call(|c| c.matches(&route), STEP).await.expect("callback arrives");
        assert_eq!(call.status, 204);
        assert_eq!(call.body["type"], json!(4));
        assert_eq!(call.body["data"]["flags"], json!(64));
        assert_eq!(call.body["data"]["content"], json!("mission in cs"));

        let original = fake.original_response(&token).expect("stored as the original response");
        assert_eq!(original["flags"], json!(64));
        loop {
            if let Seen::Answered { interaction_id, status } = client.next().await {
                assert_eq!((interaction_id, status), (id, None));
                break;
            }
        }

        // A second answer to the same interaction is refused, as Discord does.
        let mark = fake.call_count();
        let http = serenity_http(&fake);
        let again = http
            .create_interaction_response(id.into(), &token, &json!({"type": 4, "data": {"content": "again"}}), vec![])
            .await;
        assert!(matches!(again, Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(ref r))) if r.error.code == 40060));
        assert_eq!(fake.calls()[mark].status, 400);

        client.stop().await;
    })
    .await;
}

#[tokio::test]
async fn client_resumes_after_the_connection_drops() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let mut client = TestClient::start(&fake, INTENTS).await;
        assert!(fake.wait_ready(STEP).await);

        assert!(fake.close_connection(4000), "a connection was open");
        // Dispatched while the client is away: replayed on RESUME.
        let payload = fake.interaction_command("aims", Value::Null, &InteractionOpts::default());
        let id = id_of(&payload);
        fake.dispatch("INTERACTION_CREATE", payload);

        let route = format!("POST /interactions/{id}/*/callback");
        let call = fake
            .wait_for_call(|c| c.matches(&route), STEP)
            .await
            .expect("answered after reconnect");
        assert_eq!(call.status, 204);
        assert!(fake.wait_ready(STEP).await);
        let stats = fake.gateway_stats();
        assert_eq!(
            (
                stats.identifies,
                stats.resumes,
                stats.resumed,
                stats.connections
            ),
            (1, 1, 1, 2)
        );
        let resume = fake
            .gateway_frames()
            .into_iter()
            .find(|f| f["op"] == json!(6))
            .expect("RESUME frame");
        assert_eq!(resume["d"]["session_id"], json!(stats.session_id));
        assert_eq!(
            resume["d"]["seq"],
            json!(2),
            "READY and GUILD_CREATE seen before the drop"
        );

        // And the next interaction on the new connection too.
        let payload = fake.interaction_command("aims", Value::Null, &InteractionOpts::default());
        let route = format!("POST /interactions/{}/*/callback", id_of(&payload));
        fake.dispatch("INTERACTION_CREATE", payload);
        assert!(
            fake.wait_for_call(|c| c.matches(&route), STEP)
                .await
                .is_some()
        );
        let mut answered = 0;
        while answered < 2 {
            if let Seen::Answered { status: None, .. } = client.next().await {
                answered += 1;
            }
        }

        client.stop().await;
    })
    .await;
}

#[tokio::test]
async fn registration_rejects_unknown_locales_and_echoes_commands() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let http = serenity_http(&fake);
        http.set_application_id(ApplicationId::new(fake.application_id()));

        let slovak_key = CreateCommand::new("mission")
            .description("Poslanie organizácie")
            .description_localized("sk", "Poslanie organizácie");
        let err = Command::set_global_commands(&http, vec![slovak_key])
            .await
            .expect_err("Discord has no `sk` locale");
        let serenity::Error::Http(HttpError::UnsuccessfulRequest(resp)) = err else {
            panic!("expected an HTTP error, got {err:?}");
        };
        assert_eq!(resp.status_code.as_u16(), 400);
        assert_eq!(resp.error.code, 50035);
        assert!(
            resp.error
                .errors
                .iter()
                .any(|e| e.path == "0.description_localizations.sk"),
            "error names the key: {:?}",
            resp.error.errors
        );
        assert!(fake.registered_commands(None).is_empty());

        let good = CreateCommand::new("mission")
            .description("Poslanie organizácie")
            .description_localized("en-US", "The organization's mission")
            .description_localized("cs", "Poslání organizace");
        let commands = Command::set_global_commands(&http, vec![good])
            .await
            .expect("accepted and parsed");
        assert_eq!(commands.len(), 1);
        let cmd = &commands[0];
        assert_eq!(cmd.kind, CommandType::ChatInput);
        assert_eq!(cmd.application_id.get(), fake.application_id());
        let localized = cmd
            .description_localizations
            .as_ref()
            .expect("localizations echoed");
        assert_eq!(localized["en-US"], "The organization's mission");

        // Interactions for a registered command carry its id.
        let payload = fake.interaction_command("mission", Value::Null, &InteractionOpts::default());
        assert_eq!(payload["data"]["id"], json!(cmd.id.get().to_string()));

        let put = fake
            .calls()
            .into_iter()
            .filter(|c| c.matches("PUT /applications/*/commands"))
            .count();
        assert_eq!(put, 2);
    })
    .await;
}

#[tokio::test]
async fn deferred_edit_followup_autocomplete_and_component_update() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let mut client = TestClient::start(&fake, INTENTS).await;
        assert!(fake.wait_ready(STEP).await);
        let opts = InteractionOpts::default();

        let payload = fake.interaction_command("slow", Value::Null, &opts);
        let token = payload["token"].as_str().unwrap_or_default().to_string();
        fake.dispatch("INTERACTION_CREATE", payload);
        loop {
            if let Seen::Other { ok } = client.next().await {
                assert!(ok, "defer, edit and follow-up all succeeded");
                break;
            }
        }
        let mine: Vec<_> = fake.calls().into_iter().filter(|c| c.route.contains(&token)).collect();
        let shape: Vec<_> = mine.iter().map(|c| (c.method.as_str(), c.status)).collect();
        assert_eq!(shape, [("POST", 204), ("PATCH", 200), ("POST", 200)]);
        assert_eq!(mine[0].body["type"], json!(5));
        assert!(mine[1].matches("PATCH /webhooks/*/*/messages/@original"));
        let original = fake.original_response(&token).expect("original response");
        assert_eq!((original["content"].clone(), original["flags"].clone()), (json!("done"), json!(64)));

        let typed = fake.interaction_autocomplete("strategy", json!([focused_option("number", 4, "dial")]), &opts);
        let route = format!("POST /interactions/{}/*/callback", id_of(&typed));
        fake.dispatch("INTERACTION_CREATE", typed);
        let call = fake.wait_for_call(|c| c.matches(&route), STEP).await.expect("autocomplete answered");
        assert_eq!((call.status, call.body["type"].clone()), (204, json!(8)));
        assert_eq!(call.body["data"]["choices"][0], json!({"name": "dial: point 7", "value": 7}));

        let message = fake.bot_message("page 1", json!([{"type": 1, "components": [{"type": 2, "style": 1, "label": "Next", "custom_id": "next"}]}]));
        let message_id = id_of(&message);
        let click = fake.interaction_component("next", ComponentKind::Button, message, &opts);
        let route = format!("POST /interactions/{}/*/callback", id_of(&click));
        fake.dispatch("INTERACTION_CREATE", click);
        let call = fake.wait_for_call(|c| c.matches(&route), STEP).await.expect("component answered");
        assert_eq!((call.status, call.body["type"].clone()), (204, json!(7)));
        assert_eq!(fake.message(message_id).expect("message kept")["content"], json!("page 2"));

        let mut others = 1;
        while others < 3 {
            if let Seen::Other { ok } = client.next().await {
                assert!(ok);
                others += 1;
            }
        }
        client.stop().await;
    })
    .await;
}

/// One raw HTTP/1.1 exchange, to see the fake's answer as bytes on the wire.
async fn raw_post(api_base: &str, path: &str, body: &str) -> (u16, String, Value) {
    let addr = api_base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connect to the fake");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read response");
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .expect("HTTP response has a head");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    (
        status,
        head.to_ascii_lowercase(),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn injected_429_reaches_the_client_and_has_discords_shape() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let mut client = TestClient::start(&fake, INTENTS).await;
        assert!(fake.wait_ready(STEP).await);

        let callback = "POST /interactions/*/*/callback";
        fake.fail_next(
            callback,
            1,
            FakeFault::RateLimited {
                retry_after_secs: 0.2,
            },
        );
        let payload = fake.interaction_command(
            "strategy",
            json!([{"name": "number", "type": 4, "value": 7}]),
            &InteractionOpts::default(),
        );
        let (id, token) = (
            id_of(&payload),
            payload["token"].as_str().unwrap_or_default().to_string(),
        );
        fake.dispatch("INTERACTION_CREATE", payload);

        // serenity in proxy mode does not retry: the handler sees the 429.
        loop {
            if let Seen::Answered {
                interaction_id,
                status,
            } = client.next().await
            {
                assert_eq!((interaction_id, status), (id, Some(429)));
                break;
            }
        }
        let calls: Vec<_> = fake
            .calls()
            .into_iter()
            .filter(|c| c.matches(callback))
            .collect();
        assert_eq!(calls.iter().map(|c| c.status).collect::<Vec<_>>(), [429]);

        // The wire format: Discord's headers and body.
        fake.fail_next(
            callback,
            1,
            FakeFault::RateLimited {
                retry_after_secs: 0.2,
            },
        );
        let path = format!("/api/v10/interactions/{id}/{token}/callback");
        let answer = r#"{"type":4,"data":{"content":"retry"}}"#;
        let (status, head, body) = raw_post(&fake.api_base(), &path, answer).await;
        assert_eq!(status, 429);
        assert!(head.contains("\r\nretry-after: 0.2"), "{head}");
        assert!(head.contains("\r\nx-ratelimit-remaining: 0"), "{head}");
        assert!(
            head.contains("\r\nx-ratelimit-reset-after: 0.200"),
            "{head}"
        );
        assert_eq!(
            body,
            json!({"message": "You are being rate limited.", "retry_after": 0.2, "global": false})
        );

        // A 429 has no side effect: retrying the same answer later succeeds.
        let (status, _, _) = raw_post(&fake.api_base(), &path, answer).await;
        assert_eq!(status, 204);

        client.stop().await;
    })
    .await;
}

#[tokio::test]
async fn privileged_intent_not_allowed_closes_with_4014() {
    within(BUDGET, "the whole test", async {
        let fake = FakeDiscord::builder()
            .allow_privileged_intents(false)
            .start()
            .await
            .expect("fake discord starts");
        let client = TestClient::start(&fake, INTENTS | GatewayIntents::MESSAGE_CONTENT).await;
        let result = within(STEP, "the client giving up", client.task)
            .await
            .expect("task joins");
        assert!(
            matches!(
                result,
                Err(serenity::Error::Gateway(
                    serenity::gateway::GatewayError::DisallowedGatewayIntents
                ))
            ),
            "{result:?}"
        );
        assert_eq!(
            fake.identifies()[0]["intents"]
                .as_u64()
                .map(|i| i & intents::MESSAGE_CONTENT),
            Some(intents::MESSAGE_CONTENT)
        );
        assert!(!fake.gateway_stats().live);
    })
    .await;
}

#[tokio::test]
async fn http_routes_answer_what_serenity_parses() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let http = serenity_http(&fake);

        assert_eq!(http.get_gateway().await.expect("gateway").url, fake.gateway_url());
        assert_eq!(http.get_bot_gateway().await.expect("bot gateway").shards, 1);
        assert_eq!(http.get_current_user().await.expect("current user").id.get(), fake.application_id());
        let app = http.get_current_application_info().await.expect("application info (poise asks it)");
        assert_eq!(app.id.get(), fake.application_id());
        assert!(app.owner.is_some());

        // Server errors and delays.
        fake.fail_next("GET /users/@me", 1, FakeFault::ServerError(503));
        let err = http.get_current_user().await.expect_err("injected 503");
        assert!(matches!(err, serenity::Error::Http(HttpError::UnsuccessfulRequest(ref r)) if r.status_code.as_u16() == 503));
        fake.fail_next("GET /users/@me", 1, FakeFault::Delay(Duration::from_millis(300)));
        let started = std::time::Instant::now();
        http.get_current_user().await.expect("delayed but answered");
        assert!(started.elapsed() >= Duration::from_millis(300));
        http.get_current_user().await.expect("faults are used up");

        // Anything else: 404 JSON, recorded.
        let missing = http.get_guild(fake.guild_id().into()).await;
        assert!(matches!(missing, Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(ref r))) if r.status_code.as_u16() == 404));
        assert!(fake.calls().iter().any(|c| c.matches("GET /guilds/*") && c.status == 404));

        // A wrong token is refused.
        let stranger = serenity::http::HttpBuilder::new("not-the-token").proxy(fake.api_base()).ratelimiter_disabled(true).build();
        assert!(stranger.get_current_user().await.is_err());
        assert_eq!(fake.calls().last().map(|c| c.status), Some(401));

        // Over-long content is refused as Discord does (raw body: serenity's builder checks too).
        let channel = serenity::all::ChannelId::new(fake.channel_id());
        let long = json!({"content": "x".repeat(2001)});
        let err = http.send_message(channel, vec![], &long).await.expect_err("2001 characters");
        let serenity::Error::Http(HttpError::UnsuccessfulRequest(resp)) = err else {
            panic!("expected an HTTP error, got {err:?}");
        };
        assert_eq!((resp.status_code.as_u16(), resp.error.code), (400, 50035));
        assert_eq!(resp.error.errors[0].path, "content");

        fake.assert_no_call(|c| c.matches("POST /interactions/**"), Duration::from_millis(50)).await;
    })
    .await;
}

#[tokio::test]
async fn payloads_parse_as_serenity_models() {
    let fake = fake().await;
    let frame = |t: &str, d: Value| -> Event {
        match serde_json::from_value::<GatewayEvent>(json!({"op": 0, "s": 1, "t": t, "d": d})) {
            Ok(GatewayEvent::Dispatch(_, event)) => event,
            Ok(other) => panic!("{t}: not a dispatch: {other:?}"),
            Err(e) => panic!("{t} does not parse: {e}"),
        }
    };
    let interaction = |d: Value| match frame("INTERACTION_CREATE", d) {
        Event::InteractionCreate(e) => e.interaction,
        other => panic!("not an interaction: {other:?}"),
    };

    let opts = InteractionOpts::default().locale("de").moderator();
    match interaction(fake.interaction_command(
        "strategy",
        json!([{"name": "number", "type": 4, "value": 7}]),
        &opts,
    )) {
        Interaction::Command(c) => {
            assert_eq!(c.locale, "de");
            assert_eq!(c.guild_id.map(|g| g.get()), Some(fake.guild_id()));
            let member = c.member.expect("member in a guild");
            assert!(
                member
                    .roles
                    .iter()
                    .any(|r| r.get() == fake.moderator_role_id())
            );
            assert!(member.permissions.expect("permissions").manage_guild());
            assert_eq!(c.user.id.get(), FakeUser::tester().id);
            assert_eq!(c.data.options[0].value.as_i64(), Some(7));
        }
        other => panic!("expected a command: {other:?}"),
    }
    match interaction(fake.interaction_command(
        "ask",
        json!([{"name": "question", "type": 3, "value": "čo?"}]),
        &InteractionOpts::default().dm(),
    )) {
        Interaction::Command(c) => {
            assert!(c.guild_id.is_none() && c.member.is_none());
            assert_eq!(c.user.id.get(), FakeUser::tester().id);
        }
        other => panic!("expected a command: {other:?}"),
    }
    match interaction(fake.interaction_autocomplete(
        "strategy",
        json!([focused_option("number", 4, "dial")]),
        &InteractionOpts::default(),
    )) {
        Interaction::Autocomplete(c) => {
            let focused = c.data.autocomplete().expect("focused option");
            assert_eq!((focused.name, focused.value), ("number", "dial"));
        }
        other => panic!("expected autocomplete: {other:?}"),
    }
    let message = fake.bot_message("page 1", json!([{"type": 1, "components": [{"type": 2, "style": 1, "label": "Next", "custom_id": "next"}]}]));
    match interaction(fake.interaction_component(
        "next",
        ComponentKind::Button,
        message.clone(),
        &InteractionOpts::default(),
    )) {
        Interaction::Component(c) => {
            assert_eq!(c.data.custom_id, "next");
            assert_eq!(c.message.content, "page 1");
        }
        other => panic!("expected a component: {other:?}"),
    }
    match interaction(fake.interaction_component(
        "pick",
        ComponentKind::StringSelect(vec!["3".into()]),
        message,
        &InteractionOpts::default(),
    )) {
        Interaction::Component(c) => assert_eq!(c.data.custom_id, "pick"),
        other => panic!("expected a component: {other:?}"),
    }
    match interaction(fake.interaction_modal_submit(
        "edit-point",
        &[("text", "Nový text")],
        &InteractionOpts::default(),
    )) {
        Interaction::Modal(m) => assert_eq!(m.data.components.len(), 1),
        other => panic!("expected a modal submit: {other:?}"),
    }

    for opts in [
        MessageOpts::default().mention(fake.bot_user()),
        MessageOpts::default().dm(),
        MessageOpts::default()
            .reply_to(fake.next_id())
            .author(FakeUser::other_bot(42, "otherbot")),
    ] {
        match frame("MESSAGE_CREATE", fake.message_create("hello", &opts)) {
            Event::MessageCreate(e) => {
                assert_eq!(e.message.content, "hello");
                assert_eq!(e.message.guild_id.is_some(), opts.in_guild);
                assert_eq!(e.message.author.bot, opts.author.bot);
            }
            other => panic!("expected a message: {other:?}"),
        }
    }
}

#[tokio::test]
async fn timestamps_are_written_as_discord_writes_them() {
    let fake = fake().await;
    let message = fake.message_create("hello", &MessageOpts::default());
    for (what, written) in [
        ("timestamp", &message["timestamp"]),
        ("joined_at", &message["member"]["joined_at"]),
    ] {
        let written = written.as_str().unwrap_or_default();
        // `2026-05-01T12:00:00.000000+00:00`: microseconds, the offset spelled out.
        let digits = |range: std::ops::Range<usize>| {
            written
                .get(range)
                .is_some_and(|part| part.bytes().all(|b| b.is_ascii_digit()))
        };
        assert!(
            written.len() == 32
                && digits(0..4)
                && digits(5..7)
                && digits(8..10)
                && &written[10..11] == "T"
                && digits(11..13)
                && digits(14..16)
                && digits(17..19)
                && &written[19..20] == "."
                && digits(20..26)
                && written.ends_with("+00:00"),
            "{what}: {written}"
        );
        assert!(
            humantime::parse_rfc3339(&written.replace("+00:00", "Z")).is_ok(),
            "{what}: {written}"
        );
    }
    assert!(
        message["member"]["joined_at"].as_str() < message["timestamp"].as_str(),
        "members joined before they wrote: {message}"
    );
}
