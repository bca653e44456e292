//! The real bot (`missionbot::discord::start_with`, through `support::bench`) against the
//! fake Discord: what it registers, what it answers to slash commands, autocomplete, buttons
//! and messages, and how it survives a dropped connection and a 429. Every test is bounded in
//! time, and waits on what the fake recorded or on what the bot told its observer.

use std::time::Duration;

use fake_discord::{
    CALLBACK, ComponentKind, FakeDiscord, FakeFault, FakeUser, InteractionOpts, MessageOpts, fake,
    focused_option, id_of, intents::MESSAGE_CONTENT,
};
use missionbot::config::Shards;
use missionbot::discord::{self, Event, Outcome, Settings, Token, Unanswered};
use missionbot::reply::ReplyKind;
use missionbot::{Lang, tr};
use serde_json::{Value, json};

use crate::support::bench::{Bench, Setup};
use crate::support::bot_process::BotProcess;
use crate::support::budget::{STEP, within};
use crate::support::exchange::{
    ask_by_mention, callback, callbacks_for, embed, slash, statuses, unmarked,
};
use crate::support::shipped::{self, MISSIONBOT};

/// Upper bound for a whole test.
const BUDGET: Duration = Duration::from_secs(15);

/// The bench's settings with as many shards as Discord recommends, as a config without
/// `shards` runs the bot.
fn autosharded(settings: Settings) -> Settings {
    Settings {
        shards: Shards::Auto,
        ..settings
    }
}

/// The fake, and the bot connected to it with its commands registered.
async fn start() -> Bench {
    Setup::new().settings(|_, s| autosharded(s)).start().await
}

fn point_text(n: u64) -> String {
    shipped::engine()
        .knowledge()
        .point(n)
        .expect("the point exists")
        .text
        .clone()
}

/// What the answer to a slash command must show.
enum Expect {
    /// The embed's title.
    Title(&'static str),
    /// The description is strategy point N's Slovak text in full.
    Point(u64),
    /// The description (markdown removed) contains this.
    Says(&'static str),
    /// The description (markdown removed) starts with this.
    Starts(&'static str),
    /// The description as sent, markdown included, contains this.
    Marked(&'static str),
    /// The description has this many lines.
    Lines(usize),
    /// Only the asker sees it.
    Ephemeral,
    /// Everyone in the channel sees it.
    Public,
    /// No button under it.
    NoButtons,
    /// The first field holds point N's Slovak original under this name.
    Original(&'static str, u64),
    /// The footer contains this.
    Footer(&'static str),
}
use Expect::*;

/// A slash command as Discord's client shows it, the client's locale, and what the answer shows.
type Case = (&'static str, &'static str, &'static [Expect]);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // A point in full, ephemeral unless asked public.
    ("/strategy number:7", "cs", &[Ephemeral, Title("Stratégia IOM, bod 7"), Point(7)]),
    ("/strategy number:7 public:true", "cs", &[Public, Point(7)]),
    // Out of range: the valid range, in the client's language.
    ("/strategy number:13", "cs", &[Says("1 až 12")]),
    ("/strategy number:13", "en-US", &[Says("1 to 12")]),
    // No number: the list of all points.
    ("/strategy", "cs", &[Title("Stratégia IOM"), Lines(12)]),
    // Without diacritics; one relevant passage, so no more button.
    ("/ask question:nelegalna migracia", "cs", &[Title("Stratégia IOM, bod 5"), Ephemeral, NoButtons]),
    // English clients get English with the Slovak original beside.
    ("/strategy number:11", "en-US", &[Title("IOM Strategy, point 11"), Starts("Assist states in designing")]),
    ("/strategy number:11", "en-US", &[Original("Slovak original: Stratégia IOM, bod 11", 11)]),
    ("/strategy number:11", "en-US", &[Footer("unofficial translation")]),
    ("/ask question:voluntary return and reintegration", "en-US", &[Title("IOM Strategy, point 10"), Marked("**voluntary return**")]),
    // Czech clients get the bot's words in Czech, the passages as written.
    ("/strategy number:11", "cs", &[Title("Stratégia IOM, bod 11"), Point(11)]),
    ("/strategy number:13", "cs", &[Says("Bod 13 neexistuje: strategie má body 1 až 12")]),
    ("/aims", "cs", &[Title("Cíle IOM")]),
    ("/ask question:recept na bryndzové halušky", "cs", &[Title("Nenašel jsem nic relevantního")]),
    // Any other client reads the bot's default language: the knowledge's.
    ("/strategy number:13", "de", &[Says("Bod 13 neexistuje: stratégia má body 1 až 12")]),
    ("/aims", "pl", &[Title("Ciele IOM")]),
];

/// Sends one case's command and checks the callback: a message that mentions nobody, showing
/// what the case expects.
async fn check(fake: &FakeDiscord, (line, locale, expected): &Case) {
    let call = slash(fake, line, &InteractionOpts::default().locale(locale)).await;
    let case = format!("{line} ({locale})");
    let data = &call.body["data"];
    assert_eq!(call.body["type"], json!(4), "{case}: a message");
    assert_eq!(data["allowed_mentions"]["parse"], json!([]), "{case}");
    let embed = embed(&call.body);
    let description = unmarked(&embed["description"]);
    let marked = embed["description"].as_str().unwrap_or_default();
    let footer = embed["footer"]["text"].as_str().unwrap_or_default();
    for expect in *expected {
        match expect {
            Title(title) => assert_eq!(embed["title"], json!(title), "{case}"),
            Point(n) => assert_eq!(description, point_text(*n), "{case}"),
            Says(text) => assert!(description.contains(text), "{case}: {description}"),
            Starts(text) => assert!(description.starts_with(text), "{case}: {embed}"),
            Marked(text) => assert!(marked.contains(text), "{case}: {marked}"),
            Lines(n) => assert_eq!(description.lines().count(), *n, "{case}: {description}"),
            Ephemeral => assert_eq!(data["flags"], json!(64), "{case}: ephemeral"),
            Public => {
                let flags = data["flags"].as_u64().unwrap_or(0);
                assert_eq!(flags & 64, 0, "{case}: public, not ephemeral");
            }
            NoButtons => assert!(
                data["components"].as_array().is_none_or(Vec::is_empty),
                "{case}: no button"
            ),
            Original(name, n) => {
                let field = &embed["fields"][0];
                assert_eq!(field["name"], json!(name), "{case}");
                assert_eq!(unmarked(&field["value"]), point_text(*n), "{case}");
            }
            Footer(text) => assert!(footer.contains(text), "{case}: {footer}"),
        }
    }
}

#[tokio::test]
async fn slash_commands_answer_as_each_case_expects() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        for case in CASES {
            check(fake, case).await;
        }
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn answers_link_their_citations_to_the_site_only_when_it_is_set() {
    within(BUDGET, "the whole test", async {
        let site = "https://example.org/iom/";
        let bench = Setup::new()
            .settings(move |_, s| Settings {
                site: Some(site.into()),
                ..s
            })
            .start()
            .await;
        let fake = &bench.fake;
        let opts = InteractionOpts::default().locale("cs");
        let call = slash(fake, "/strategy number:7", &opts).await;
        let point = embed(&call.body);
        assert_eq!(point["title"], json!("Stratégia IOM, bod 7"));
        assert_eq!(point["url"], json!("https://example.org/iom/#strategy-7"));
        // An answer: the title links to its first passage, each further one from its field.
        let call = slash(fake, "/ask question:ľudské práva migrantov", &opts).await;
        let answer = embed(&call.body);
        let url = answer["url"].as_str().unwrap_or_default();
        assert!(url.starts_with(site) && url.contains('#'), "{answer}");
        let fields = answer["fields"].as_array().cloned().unwrap_or_default();
        assert!(!fields.is_empty(), "{answer}");
        for field in &fields {
            let value = field["value"].as_str().unwrap_or_default();
            assert!(value.contains(&format!("]({site}#")), "{field}");
        }
        bench.stop().await;

        let bench = start().await;
        let call = slash(&bench.fake, "/strategy number:7", &opts).await;
        let point = embed(&call.body);
        assert!(point["url"].is_null(), "no site, no link: {point}");
        assert!(!point.to_string().contains("https://"), "{point}");
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn registers_localized_commands_with_limits() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        let commands = fake.registered_commands(Some(fake.guild_id()));
        let find = |name: &str| {
            commands
                .iter()
                .find(|c| c["name"] == json!(name))
                .unwrap_or_else(|| panic!("/{name} registered: {commands:#?}"))
                .clone()
        };
        // The moderators' commands are tested in tests/it/discord_moderation.rs.
        let mut names: Vec<&str> = commands
            .iter()
            .filter(|c| c["default_member_permissions"].is_null())
            .filter_map(|c| c["name"].as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(names, ["aims", "ask", "mission", "show", "strategy"]);
        assert!(fake.registered_commands(None).is_empty(), "not global");
        let intents = fake.identifies()[0]["intents"].as_u64().unwrap_or(0);
        assert_eq!(
            intents & MESSAGE_CONTENT,
            0,
            "no privileged intent without channels"
        );

        for (name, sk, en) in [
            (
                "strategy",
                tr!(Lang::SK, "command-strategy"),
                tr!(Lang::EN, "command-strategy"),
            ),
            (
                "mission",
                tr!(Lang::SK, "command-mission"),
                tr!(Lang::EN, "command-mission"),
            ),
            (
                "aims",
                tr!(Lang::SK, "command-aims"),
                tr!(Lang::EN, "command-aims"),
            ),
            (
                "ask",
                tr!(Lang::SK, "command-ask"),
                tr!(Lang::EN, "command-ask"),
            ),
        ] {
            let cmd = find(name);
            assert_eq!(cmd["description"], json!(&sk), "/{name}");
            let localized = &cmd["description_localizations"];
            assert_eq!(localized["en-US"], json!(&en), "/{name}");
            assert_eq!(localized["en-GB"], json!(&en), "/{name}");
            assert!(localized.get("sk").is_none(), "/{name}: no sk locale");
            let public = cmd["options"]
                .as_array()
                .and_then(|o| o.iter().find(|o| o["name"] == json!("public")))
                .unwrap_or_else(|| panic!("/{name} has a public option"));
            assert_eq!(public["type"], json!(5), "/{name} public is boolean");
        }

        let strategy = find("strategy");
        let number = &strategy["options"][0];
        assert_eq!(number["name"], json!("number"));
        assert_eq!(number["type"], json!(4));
        assert_eq!(number["min_value"], json!(1));
        assert_eq!(number["max_value"], json!(12));
        assert_eq!(number["autocomplete"], json!(true));

        let question = &find("ask")["options"][0];
        assert_eq!(question["name"], json!("question"));
        assert_eq!(question["type"], json!(3));
        assert_eq!(question["max_length"], json!(1000));
        assert_eq!(question["required"], json!(true));

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn more_shows_the_next_passages_and_an_old_button_says_so() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        let cs = InteractionOpts::default().locale("de");

        // A broader question has more passages than one answer shows.
        let payload = fake.interaction_typed("/ask question:migracia", &cs);
        let token = payload["token"].as_str().unwrap_or_default().to_string();
        let call = callback(fake, payload, STEP).await;
        let first_page: Vec<Value> = std::iter::once(embed(&call.body)["title"].clone())
            .chain(
                embed(&call.body)["fields"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| f["name"].clone()),
            )
            .collect();
        let button = &call.body["data"]["components"][0]["components"][0];
        let custom_id = button["custom_id"]
            .as_str()
            .expect("a more button")
            .to_string();
        assert!(custom_id.len() <= 100, "{custom_id}");

        let message = fake
            .original_response(&token)
            .expect("the answer is stored");
        let press = fake.interaction_component(&custom_id, ComponentKind::Button, message, &cs);
        let call = callback(fake, press, STEP).await;
        assert_eq!(call.body["type"], json!(4));
        let title = embed(&call.body)["title"].clone();
        assert!(
            !first_page.contains(&title),
            "next passages, not the same: {title} in {first_page:?}"
        );

        // A button whose question is no longer remembered says so.
        let stale = fake.bot_message("old", json!([]));
        let press = fake.interaction_component("more:ffff:3", ComponentKind::Button, stale, &cs);
        let call = callback(fake, press, STEP).await;
        assert_eq!(embed(&call.body)["title"], json!("Odpoveď je príliš stará"));

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_more_button_from_before_a_restart_says_it_expired() {
    within(BUDGET, "the whole test", async {
        let mut bench = start().await;
        // A locale with no words of its own reads the knowledge's language.
        let de = InteractionOpts::default().locale("de");
        let asker = FakeUser::new(bench.fake.next_id(), "asker");
        let payload = bench
            .fake
            .interaction_typed("/ask question:migracia", &de.clone().user(asker));
        let token = payload["token"].as_str().unwrap_or_default().to_string();
        let call = callback(&bench.fake, payload, STEP).await;
        let old_button = call.body["data"]["components"][0]["components"][0]["custom_id"]
            .as_str()
            .expect("a more button")
            .to_string();
        let old_message = bench.fake.original_response(&token).expect("stored");

        // The bot restarts (its session live again, its commands registered again), and
        // someone else asks something.
        bench.restart().await;
        let fake = &bench.fake;
        let other = FakeUser::new(fake.next_id(), "someone else");
        let call = slash(fake, "/ask question:statov", &de.clone().user(other)).await;
        assert!(
            call.body["data"]["components"][0]["components"][0]["custom_id"]
                .as_str()
                .is_some_and(|id| id != old_button),
            "a new key"
        );

        // The old button names nothing the new process remembers.
        let press =
            fake.interaction_component(&old_button, ComponentKind::Button, old_message, &de);
        let call = callback(fake, press, STEP).await;
        assert_eq!(embed(&call.body)["title"], json!("Odpoveď je príliš stará"));
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn autocomplete_suggests_points_by_words() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        let payload = fake.interaction_autocomplete(
            "strategy",
            json!([focused_option("number", 4, "dial")]),
            &InteractionOpts::default().locale("cs"),
        );
        let call = callback(fake, payload, STEP).await;
        assert_eq!(call.body["type"], json!(8));
        let choices = call.body["data"]["choices"]
            .as_array()
            .expect("choices")
            .clone();
        assert!((1..=25).contains(&choices.len()), "{choices:?}");
        let seven = choices
            .iter()
            .find(|c| c["value"] == json!(7))
            .unwrap_or_else(|| panic!("point 7 suggested: {choices:?}"));
        let name = seven["name"].as_str().unwrap_or_default();
        assert!(
            name.starts_with("7 — Podporovať regionálny a globálny dialóg"),
            "{name}"
        );
        assert!(name.chars().count() <= 100, "{name}");

        let payload = fake.interaction_autocomplete(
            "strategy",
            json!([focused_option("number", 4, "1")]),
            &InteractionOpts::default(),
        );
        let call = callback(fake, payload, STEP).await;
        let values: Vec<Value> = call.body["data"]["choices"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["value"].clone())
            .collect();
        assert_eq!(values, [json!(1), json!(10), json!(11), json!(12)]);

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn mentions_are_answered_as_replies_and_bots_are_ignored() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        let route = format!("POST /channels/{}/messages", fake.channel_id());

        // Another bot, even mentioning us: no answer (the bot says it decided so).
        let from_bot = fake.mention_create(
            "nelegalna migracia",
            MessageOpts::default().author(FakeUser::other_bot(fake.next_id(), "otherbot")),
        );
        let from_bot_id = id_of(&from_bot);
        fake.dispatch("MESSAGE_CREATE", from_bot)
            .expect("delivered");
        assert_eq!(
            bench.outcome(Event::Message(from_bot_id)).await,
            Outcome::NotAnswered(Unanswered::FromABot)
        );
        assert!(fake.calls().iter().all(|c| !c.matches(&route)), "no answer");

        // A person mentioning the bot, with @everyone in the question.
        let question = fake.mention_create("@everyone nelegalna migracia", MessageOpts::default());
        let question_id = id_of(&question);
        fake.dispatch("MESSAGE_CREATE", question)
            .expect("delivered");
        let call = fake
            .wait_for_call(|c| c.matches(&route), STEP)
            .await
            .expect("answered in the channel");
        assert_eq!(call.status, 200);
        assert_eq!(
            call.body["message_reference"]["message_id"],
            json!(question_id.to_string()),
            "a reply to the question"
        );
        assert_eq!(call.body["allowed_mentions"]["parse"], json!([]));
        assert_eq!(call.body["allowed_mentions"]["replied_user"], json!(false));
        assert_eq!(embed(&call.body)["title"], json!("Stratégia IOM, bod 5"));

        // A DM needs no mention.
        fake.dispatch(
            "MESSAGE_CREATE",
            fake.message_create("misia", &MessageOpts::default().dm()),
        )
        .expect("delivered");
        let dm = format!("POST /channels/{}/messages", fake.dm_channel_id());
        fake.wait_for_call(|c| c.matches(&dm), STEP)
            .await
            .expect("DM answered");

        // A guild message that does not mention the bot (and no channels configured): silence.
        let before = fake.call_count();
        let chat = fake.message_create("nelegalna migracia", &MessageOpts::default());
        let chat_id = id_of(&chat);
        fake.dispatch("MESSAGE_CREATE", chat);
        assert_eq!(
            bench.outcome(Event::Message(chat_id)).await,
            Outcome::NotAnswered(Unanswered::NotAddressed)
        );
        assert!(
            fake.calls_from(before)
                .iter()
                .all(|c| !c.matches("POST /channels/*/messages")),
            "silence"
        );

        bench.stop().await;
    })
    .await;
}

/// A follow-up is read against what the same member was last answered in
/// the same channel; another member's "a ten ďalší?" stands alone.
#[tokio::test]
async fn follow_ups_continue_each_members_conversation() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        let route = format!("POST /channels/{}/messages", fake.channel_id());
        let (_, shown) = bench
            .slash_message("/strategy number:7", &InteractionOpts::default())
            .await;
        assert_eq!(embed(&shown)["title"], json!("IOM Strategy, point 7"));

        let before = fake.call_count();
        fake.dispatch(
            "MESSAGE_CREATE",
            fake.mention_create("a ten ďalší?", MessageOpts::default()),
        )
        .expect("delivered");
        let call = fake
            .wait_for_call(|c| c.seq >= before && c.matches(&route), STEP)
            .await
            .expect("answered");
        assert_eq!(embed(&call.body)["title"], json!("Stratégia IOM, bod 8"));

        let other = FakeUser::new(fake.next_id(), "someone-else");
        let before = fake.call_count();
        fake.dispatch(
            "MESSAGE_CREATE",
            fake.mention_create("a ten ďalší?", MessageOpts::default().author(other)),
        )
        .expect("delivered");
        let call = fake
            .wait_for_call(|c| c.seq >= before && c.matches(&route), STEP)
            .await
            .expect("answered");
        assert_ne!(embed(&call.body)["title"], json!("Stratégia IOM, bod 8"));
        assert_ne!(embed(&call.body)["title"], json!("Stratégia IOM, bod 9"));

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn cooldown_gives_a_notice_not_silence() {
    within(BUDGET, "the whole test", async {
        let bench = Setup::new()
            .settings(|_, s| Settings {
                cooldown: Duration::from_secs(60),
                ..autosharded(s)
            })
            .start()
            .await;
        let fake = &bench.fake;
        let cs = InteractionOpts::default().locale("de");
        let call = slash(fake, "/ask question:migracia", &cs).await;
        assert_ne!(embed(&call.body)["title"].as_str().unwrap_or_default(), "");
        let call = slash(fake, "/ask question:migracia", &cs).await;
        let title = embed(&call.body)["title"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(title.starts_with("Počkajte 60 s"), "{title}");
        assert_eq!(call.body["data"]["flags"], json!(64));
        // Other commands are not limited.
        let call = slash(fake, "/mission", &cs).await;
        assert_eq!(embed(&call.body)["title"], json!("Poslanie IOM"));

        // Free text from someone else: answered, then one notice, then silence,
        // so a flood does not get a flood of notices back.
        let someone = FakeUser::new(fake.next_id(), "someone");
        let route = format!("POST /channels/{}/messages", fake.channel_id());
        let mut titles = Vec::new();
        let mut outcomes = Vec::new();
        for _ in 0..3 {
            let before = fake.call_count();
            let msg =
                fake.mention_create("migracia", MessageOpts::default().author(someone.clone()));
            let id = id_of(&msg);
            fake.dispatch("MESSAGE_CREATE", msg);
            // Either the reply went out, or the bot decided to stay silent.
            outcomes.push(bench.outcome(Event::Message(id)).await);
            let answer = fake
                .calls_from(before)
                .into_iter()
                .find(|c| c.matches(&route));
            titles.push(answer.map(|c| embed(&c.body)["title"].clone()));
        }
        assert_eq!(
            titles[0],
            Some(json!("Stratégia IOM, bod 12")),
            "{titles:?}"
        );
        let notice = titles[1].clone().unwrap_or_default();
        assert!(
            notice.as_str().unwrap_or_default().starts_with("Počkajte"),
            "{titles:?}"
        );
        assert_eq!(titles[2], None, "{titles:?}");
        assert!(
            matches!(
                outcomes[..],
                [
                    Outcome::Answered(ReplyKind::Answer),
                    Outcome::Answered(_),
                    Outcome::NotAnswered(Unanswered::CoolingDown),
                ]
            ),
            "{outcomes:?}"
        );

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn reconnects_after_the_connection_drops() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        assert!(fake.close_connection(4000), "a connection was open");
        assert!(
            fake.wait_gateway(|g| g.connections >= 2 && g.live, STEP)
                .await,
            "reconnected"
        );

        let call = slash(fake, "/aims", &InteractionOpts::default().locale("de")).await;
        assert_eq!(embed(&call.body)["title"], json!("Ciele IOM"));
        let stats = fake.gateway_stats();
        assert_eq!(stats.resumes + stats.identifies, 2, "{stats:?}");

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_rate_limited_callback_is_retried_once_answered() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let fake = &bench.fake;
        fake.fail_next(
            CALLBACK,
            1,
            FakeFault::RateLimited {
                retry_after_secs: 0.2,
            },
        );
        let payload = fake.interaction_typed(
            "/strategy number:7",
            &InteractionOpts::default().locale("cs"),
        );
        let id = id_of(&payload);
        let call = callback(fake, payload, STEP).await;
        assert_eq!(unmarked(&embed(&call.body)["description"]), point_text(7));
        assert_eq!(
            statuses(&callbacks_for(fake, id)),
            [429, 204],
            "one retry, one answer"
        );

        // A server error is retried too; still exactly one answer.
        fake.fail_next(CALLBACK, 2, FakeFault::ServerError(503));
        let payload = fake.interaction_typed("/mission", &InteractionOpts::default());
        let id = id_of(&payload);
        let route = format!("POST /interactions/{id}/*/callback");
        callback(fake, payload, STEP).await;
        // The bot tells its observer when it is done with the interaction: no attempt comes
        // after that.
        assert_eq!(
            bench.outcome(Event::Interaction(id)).await,
            Outcome::Answered(ReplyKind::Overview)
        );
        assert!(
            callbacks_for(fake, id).iter().all(|c| c.matches(&route)),
            "{route}"
        );
        assert_eq!(statuses(&callbacks_for(fake, id)), [503, 503, 204]);

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn watched_channels_need_message_content_and_answer_every_message() {
    within(BUDGET, "the whole test", async {
        let bench = Setup::new()
            .settings(|fake, s| Settings {
                guilds: Vec::new(),
                channels: vec![fake.channel_id()],
                shards: Shards::Fixed(1),
                ..autosharded(s)
            })
            .start()
            .await;
        let fake = &bench.fake;
        let intents = fake.identifies()[0]["intents"].as_u64().unwrap_or(0);
        assert_eq!(intents & MESSAGE_CONTENT, MESSAGE_CONTENT);
        assert_eq!(fake.identifies()[0]["shard"], json!([0, 1]));
        assert_eq!(
            fake.registered_commands(None).len(),
            5 + 12,
            "registered globally (five for everyone, twelve for moderators)"
        );

        let question = fake.message_create("nelegalna migracia", &MessageOpts::default());
        let question_id = id_of(&question);
        fake.dispatch("MESSAGE_CREATE", question)
            .expect("delivered");
        let route = format!("POST /channels/{}/messages", fake.channel_id());
        let call = fake
            .wait_for_call(|c| c.matches(&route), STEP)
            .await
            .expect("answered without a mention");
        assert_eq!(
            call.body["message_reference"]["message_id"],
            json!(question_id.to_string())
        );
        assert_eq!(embed(&call.body)["title"], json!("Stratégia IOM, bod 5"));

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn in_watched_channels_and_their_threads_the_bot_speaks_only_with_an_answer() {
    within(BUDGET, "the whole test", async {
        let bench = Setup::new()
            .settings(|fake, s| Settings {
                channels: vec![fake.channel_id()],
                ..autosharded(s)
            })
            .start()
            .await;
        let fake = &bench.fake;
        let posted = |channel: u64| format!("POST /channels/{channel}/messages");
        let silent = Outcome::NotAnswered(Unanswered::NothingToAnswer);

        // Chat with nothing relevant in it: no reply at all, and no cooldown spent on it.
        let mark = fake.call_count();
        let chat = fake.message_create("zajtra ideme na futbal", &MessageOpts::default());
        let chat_id = id_of(&chat);
        fake.dispatch("MESSAGE_CREATE", chat).expect("delivered");
        assert_eq!(bench.outcome(Event::Message(chat_id)).await, silent);
        assert!(
            fake.calls_from(mark)
                .iter()
                .all(|c| !c.matches("POST /channels/**")),
            "no reply"
        );

        // The same words said to the bot get the "nothing relevant" reply.
        let mention = fake.mention_create("zajtra ideme na futbal", MessageOpts::default());
        let mention_id = id_of(&mention);
        fake.dispatch("MESSAGE_CREATE", mention).expect("delivered");
        let call = fake
            .wait_for_call(
                |c| {
                    c.matches(&posted(fake.channel_id()))
                        && c.body["message_reference"]["message_id"]
                            == json!(mention_id.to_string())
                },
                STEP,
            )
            .await
            .expect("a mention is answered");
        assert_eq!(
            embed(&call.body)["title"],
            json!("Nenašiel som nič relevantné")
        );

        // A thread in the watched channel is watched too, both ways.
        let in_thread = MessageOpts::default().channel(fake.thread_id());
        let chat = fake.message_create("zajtra ideme na futbal", &in_thread);
        let chat_id = id_of(&chat);
        fake.dispatch("MESSAGE_CREATE", chat).expect("delivered");
        assert_eq!(bench.outcome(Event::Message(chat_id)).await, silent);
        let question = fake.message_create("nelegalna migracia", &in_thread);
        let question_id = id_of(&question);
        fake.dispatch("MESSAGE_CREATE", question)
            .expect("delivered");
        let call = fake
            .wait_for_call(|c| c.matches(&posted(fake.thread_id())), STEP)
            .await
            .expect("answered in the thread");
        assert_eq!(
            call.body["message_reference"]["message_id"],
            json!(question_id.to_string())
        );
        assert_eq!(embed(&call.body)["title"], json!("Stratégia IOM, bod 5"));
        assert_eq!(
            fake.calls()
                .iter()
                .filter(|c| c.matches(&posted(fake.thread_id())))
                .count(),
            1,
            "only the answer was posted in the thread"
        );

        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_refused_message_content_intent_stops_the_bot_with_a_hint() {
    within(BUDGET, "the whole test", async {
        let mut bench = Setup::new()
            .fake(FakeDiscord::builder().allow_privileged_intents(false))
            .settings(|fake, s| Settings {
                channels: vec![fake.channel_id()],
                ..autosharded(s)
            })
            .launch()
            .await;
        let stopped = within(STEP, "the bot giving up", bench.bot().stopped()).await;
        let error = stopped.expect_err("the intent was refused");
        assert!(
            matches!(error, discord::DiscordError::DisallowedIntents),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("README") && message.contains("discord.channels"),
            "{message}"
        );
        // Nothing left to stop.
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_token_discord_refuses_stops_the_bot_clearly() {
    within(BUDGET, "the whole test", async {
        for shards in [Shards::Auto, Shards::Fixed(1)] {
            let wrong = Token::parse("d3Jvbmc.dG9rZW4.Zm9yIHRoZSBmYWtl").expect("token-shaped");
            let mut bench = Setup::new()
                .token(wrong)
                .settings(move |_, s| Settings { shards, ..s })
                .launch()
                .await;
            let error = within(STEP, "the bot giving up", bench.bot().stopped())
                .await
                .expect_err("the token was refused");
            assert!(
                matches!(error, discord::DiscordError::InvalidToken),
                "{shards:?}: {error:?}"
            );
            assert!(!error.to_string().contains("d3Jvbmc"), "{error}");
            // Nothing left to stop.
            bench.stop().await;
        }
    })
    .await;
}

#[tokio::test]
async fn malformed_tokens_fail_before_any_network_call() {
    for bad in ["", "not-a-token", "a.b", "a.b.c d"] {
        assert!(Token::parse(bad).is_err(), "{bad:?}");
    }
}

/// `missionbot run` as an operator starts it: config from a file, token from
/// the environment. Its logs hold neither the token nor the question, and
/// SIGTERM closes the gateway cleanly.
#[cfg(unix)]
#[tokio::test]
async fn the_binary_answers_keeps_secrets_out_of_logs_and_stops_on_sigterm() {
    within(BUDGET, "the whole test", async {
        let fake = fake().await;
        let bot = BotProcess::start(&fake, None).await;

        ask_by_mention(&fake, "tajna otazka o nelegalnej migracii").await;

        let logs = bot.stop().await;
        assert!(
            !logs.contains(&fake.token()),
            "the token is logged:\n{logs}"
        );
        assert!(!logs.contains("tajna"), "the question is logged:\n{logs}");
        assert!(logs.contains("answered"), "a line per command:\n{logs}");
        assert!(
            fake.wait_gateway(|g| g.client_close_codes.contains(&1000), STEP)
                .await,
            "closed the gateway cleanly: {:?}",
            fake.gateway_stats()
        );
    })
    .await;
}

#[test]
fn run_without_a_token_says_what_to_do() {
    for (token, expected) in [
        (None, "DISCORD_TOKEN is not set"),
        (Some("nope"), "does not look like a bot token"),
    ] {
        let mut command = std::process::Command::new(MISSIONBOT);
        command.arg("run").env("RUST_LOG", "off");
        match token {
            Some(token) => command.env("DISCORD_TOKEN", token),
            None => command.env_remove("DISCORD_TOKEN"),
        };
        let output = command.output().expect("missionbot runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}
