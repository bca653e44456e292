//! Talking to a bot through the fake Discord, whichever bot it is (in this process or the
//! binary): dispatching an interaction or a mention and awaiting the reply the fake recorded,
//! and reading the reply (its embed, its text, who sees it, how often it was sent).

use std::collections::HashMap;
use std::time::Duration;

use fake_discord::{CALLBACK, Call, FakeDiscord, FakeUser, InteractionOpts, MessageOpts, id_of};
use serde_json::{Value, json};

use super::budget::STEP;

/// Waits until a bot has a live session identified after `identified` IDENTIFYs, and registered
/// its commands in a call after the first `calls`: the bot started (again, for marks taken
/// before a restart).
pub async fn wait_started(fake: &FakeDiscord, identified: usize, calls: usize) {
    assert!(
        fake.wait_gateway(|g| g.live && g.identifies > identified, STEP)
            .await,
        "the bot's session is live: {:?}",
        fake.gateway_stats()
    );
    fake.wait_for_call(
        |c| c.seq >= calls && c.matches("PUT /applications/**"),
        STEP,
    )
    .await
    .expect("commands registered");
}

/// Dispatches an interaction and returns the bot's accepted callback for it, waiting up to
/// `within`; otherwise fails with every attempt the bot made.
pub async fn callback(fake: &FakeDiscord, payload: Value, within: Duration) -> Call {
    let route = format!("POST /interactions/{}/*/callback", id_of(&payload));
    let what = format!("type {} {}", payload["type"], payload["data"]);
    fake.dispatch("INTERACTION_CREATE", payload);
    match fake
        .wait_for_call(|c| c.matches(&route) && c.status == 204, within)
        .await
    {
        Some(call) => call,
        None => {
            let tried: Vec<String> = fake
                .calls()
                .iter()
                .filter(|c| c.matches(&route))
                .map(|c| format!("{} {}", c.status, c.body))
                .collect();
            panic!("{what} is not answered; the bot tried: {tried:#?}")
        }
    }
}

/// A slash command typed as Discord's client shows it (`/strategy number:7`, see
/// `FakeDiscord::interaction_typed`); the bot's accepted callback.
pub async fn slash(fake: &FakeDiscord, line: &str, opts: &InteractionOpts) -> Call {
    callback(fake, fake.interaction_typed(line, opts), STEP).await
}

/// Mentions the bot with `text` in the guild's channel; returns its reply there.
pub async fn ask_by_mention(fake: &FakeDiscord, text: &str) -> Call {
    fake.dispatch(
        "MESSAGE_CREATE",
        fake.mention_create(text, MessageOpts::default()),
    )
    .expect("delivered");
    let route = format!("POST /channels/{}/messages", fake.channel_id());
    fake.wait_for_call(|c| c.matches(&route), STEP)
        .await
        .expect("the mention is answered")
}

/// An interaction from a member with no moderator rights, in a locale that
/// picks no language of the bot's (so it speaks the knowledge's).
pub fn member() -> InteractionOpts {
    InteractionOpts::default()
        .locale("de")
        .user(FakeUser::new(555_000_111, "member"))
}

/// An interaction from a moderator (Manage Server), locale as [`member`]'s.
pub fn moderator() -> InteractionOpts {
    InteractionOpts::default().locale("de").moderator()
}

/// The first embed of a callback's or a message's body.
pub fn embed(body: &Value) -> &Value {
    if body["data"].is_object() {
        &body["data"]["embeds"][0]
    } else {
        &body["embeds"][0]
    }
}

/// A string of an embed without Discord's markdown escapes and bold markers (empty for
/// anything else).
pub fn unmarked(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_default()
        .replace("**", "")
        .replace('\\', "")
}

/// The first embed's title.
pub fn title(body: &Value) -> String {
    embed(body)["title"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The embed's text (description, then each field's name and value) without Discord markdown
/// escapes and bold markers.
pub fn text(body: &Value) -> String {
    let embed = embed(body);
    let fields = embed["fields"].as_array().into_iter().flatten();
    std::iter::once(unmarked(&embed["description"]))
        .chain(fields.flat_map(|f| [unmarked(&f["name"]), unmarked(&f["value"])]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a callback's response is seen by the one who asked only.
pub fn ephemeral(body: &Value) -> bool {
    body["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0
}

/// The callback calls for one interaction, in order.
pub fn callbacks_for(fake: &FakeDiscord, id: u64) -> Vec<Call> {
    let route = format!("POST /interactions/{id}/*/callback");
    fake.calls()
        .into_iter()
        .filter(|c| c.matches(&route))
        .collect()
}

pub fn statuses(calls: &[Call]) -> Vec<u16> {
    calls.iter().map(|c| c.status).collect()
}

/// Waits for the fake to hold a response to interaction `id` (whatever status the bot saw).
pub async fn wait_answered(fake: &FakeDiscord, id: u64, timeout: Duration) -> bool {
    let id = json!(id.to_string());
    fake.wait_for_bot_message(|m| m["interaction_metadata"]["id"] == id, timeout)
        .await
        .is_some()
}

/// How many responses the fake stored per interaction id: what users would see.
pub fn responses_per_interaction(fake: &FakeDiscord) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for message in fake.bot_messages() {
        if let Some(id) = message["interaction_metadata"]["id"].as_str() {
            *counts.entry(id.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// Every interaction the fake saw a callback for got at most one successful callback, and
/// at most one response message.
pub fn assert_never_answered_twice(fake: &FakeDiscord) {
    let mut successes: HashMap<String, usize> = HashMap::new();
    for call in fake.calls().iter().filter(|c| c.matches(CALLBACK)) {
        let id = call.route.split('/').nth(2).unwrap_or_default().to_string();
        let entry = successes.entry(id).or_insert(0);
        if call.status == 204 {
            *entry += 1;
        }
    }
    for (id, n) in successes {
        assert!(n <= 1, "interaction {id} got {n} successful callbacks");
    }
    for (id, n) in responses_per_interaction(fake) {
        assert_eq!(n, 1, "interaction {id} has {n} responses");
    }
}
