//! A whole command as Discord carries it, without a Discord library: the
//! gateway's INTERACTION_CREATE dispatch (JSON) → [`Command`] and [`Lang`] →
//! the core → the interaction callback (JSON) the bot posts back.

use missionbot::command::PointNumber;
use missionbot::reply::render::{self, Embed};
use missionbot::{Command, Engine, Lang};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
struct Dispatch {
    d: Interaction,
}

#[derive(Deserialize)]
struct Interaction {
    #[serde(default)]
    locale: Option<String>,
    data: CommandData,
}

#[derive(Deserialize)]
struct CommandData {
    name: String,
    #[serde(default)]
    options: Vec<CommandOption>,
}

#[derive(Deserialize)]
struct CommandOption {
    name: String,
    value: Value,
}

/// Interaction callback type 4: a message; flags 64: only the asker sees it.
#[derive(Serialize)]
struct Callback {
    #[serde(rename = "type")]
    kind: u8,
    data: CallbackData,
}

#[derive(Serialize)]
struct CallbackData {
    embeds: [EmbedJson; 1],
    flags: u64,
    allowed_mentions: AllowedMentions,
}

#[derive(Serialize)]
struct AllowedMentions {
    parse: [&'static str; 0],
}

#[derive(Serialize)]
struct EmbedJson {
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    footer: Option<FooterJson>,
}

#[derive(Serialize)]
struct FieldJson {
    name: String,
    value: String,
    inline: bool,
}

#[derive(Serialize)]
struct FooterJson {
    text: String,
}

/// The command and the asker's language of an INTERACTION_CREATE dispatch.
pub fn parse(payload: &[u8]) -> serde_json::Result<(Command, Lang)> {
    let dispatch: Dispatch = serde_json::from_slice(payload)?;
    let interaction = dispatch.d;
    let option = |name: &str| {
        interaction
            .data
            .options
            .iter()
            .find(|o| o.name == name)
            .map(|o| &o.value)
    };
    let command = match interaction.data.name.as_str() {
        "ask" => Command::Ask(
            option("question")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
        "strategy" => match option("number") {
            Some(Value::Number(n)) => Command::Strategy(PointNumber::Number(
                n.as_i64().map_or(i128::MAX, i128::from),
            )),
            Some(other) => Command::Strategy(PointNumber::parse(other.as_str().unwrap_or(""))),
            None => Command::StrategyList,
        },
        "mission" => Command::Mission,
        "aims" => Command::Aims,
        "help" => Command::Help,
        other => Command::Unknown {
            name: format!("/{other}"),
            argument: String::new(),
        },
    };
    let lang = Lang::from_locale(interaction.locale.as_deref().unwrap_or("")).unwrap_or_default();
    Ok((command, lang))
}

/// The interaction callback's JSON body for an embed.
pub fn callback(embed: Embed) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&Callback {
        kind: 4,
        data: CallbackData {
            embeds: [EmbedJson {
                title: embed.title,
                description: embed.description,
                fields: embed
                    .fields
                    .into_iter()
                    .map(|(name, value)| FieldJson {
                        name,
                        value,
                        inline: false,
                    })
                    .collect(),
                footer: embed.footer.map(|text| FooterJson { text }),
            }],
            flags: 64,
            allowed_mentions: AllowedMentions { parse: [] },
        },
    })
}

/// Dispatch JSON in, callback JSON out: parse, handle, render, serialize.
pub fn respond(engine: &Engine, payload: &[u8]) -> serde_json::Result<Vec<u8>> {
    let (command, lang) = parse(payload)?;
    let reply = engine.handle(&command, lang);
    callback(render::markdown(&reply))
}

/// An INTERACTION_CREATE dispatch as the gateway sends it for a slash command
/// run in a guild (fields as Discord's API reference lists them).
pub fn payload(sequence: u64, name: &str, options: Value, locale: &str) -> Vec<u8> {
    let id = 1_312_000_000_000_000_000u64 + sequence;
    serde_json::to_vec(&serde_json::json!({
        "op": 0,
        "s": sequence,
        "t": "INTERACTION_CREATE",
        "d": {
            "id": id.to_string(),
            "application_id": "1311999999999999999",
            "type": 2,
            "token": format!("aW50ZXJhY3Rpb246{id}:c2VjcmV0LXRva2VuLWZvci1iZW5jaGVz"),
            "version": 1,
            "locale": locale,
            "guild_locale": "cs",
            "guild_id": "1200000000000000001",
            "channel_id": "1200000000000000002",
            "channel": {"id": "1200000000000000002", "type": 0, "guild_id": "1200000000000000001", "name": "otazky"},
            "app_permissions": "2248473465835073",
            "entitlements": [],
            "authorizing_integration_owners": {"0": "1200000000000000001"},
            "context": 0,
            "attachment_size_limit": 10_485_760,
            "member": {
                "user": {
                    "id": "1200000000000000003",
                    "username": "jana.novakova",
                    "global_name": "Jana Nováková",
                    "discriminator": "0",
                    "avatar": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
                    "public_flags": 0
                },
                "roles": ["1200000000000000004"],
                "nick": null,
                "avatar": null,
                "joined_at": "2025-09-01T08:30:00.000000+00:00",
                "premium_since": null,
                "deaf": false,
                "mute": false,
                "flags": 0,
                "pending": false,
                "permissions": "2248473465835073",
                "communication_disabled_until": null
            },
            "data": {
                "id": "1311999999999999001",
                "name": name,
                "type": 1,
                "options": options
            }
        }
    }))
    .expect("a JSON value serializes")
}
