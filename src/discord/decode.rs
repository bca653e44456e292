//! Routing an interaction to what answers it: serenity's model decoded,
//! then what it asks ([`Route`]: a slash command read through the one
//! command table, an autocomplete, a button or a modal). The handler routes
//! every interaction through [`route`], so fuzzing [`decode`] (the same
//! steps from raw bytes) exercises the real path.

use serenity::all::Interaction;

use super::commands::{self, Asked};
use super::custom_id::CustomId;
use crate::knowledge::Knowledge;

/// What an interaction asks of the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A slash command, read from its options.
    Command(Asked),
    /// Suggestions while `command`'s focused `option` is typed, with the
    /// `part` already chosen, if any (whose items a number is of).
    Autocomplete {
        command: String,
        option: String,
        typed: String,
        part: Option<String>,
    },
    /// A button press or a select menu, by its `custom_id` (`None`: not one
    /// the bot made).
    Component(Option<CustomId>),
    /// A modal's submission, by its `custom_id`.
    Modal(String),
    /// Anything else Discord may send (pings, kinds the bot does not use).
    Other,
}

/// Where `interaction` goes; `knowledge` is the document whose parts
/// options name.
pub fn route(interaction: &Interaction, knowledge: &Knowledge) -> Route {
    match interaction {
        Interaction::Command(command) => Route::Command(commands::asked(
            &command.data.name,
            &command.data.options,
            knowledge,
        )),
        Interaction::Autocomplete(typing) => {
            let focused = typing.data.autocomplete();
            Route::Autocomplete {
                command: typing.data.name.clone(),
                option: focused
                    .as_ref()
                    .map(|f| f.name.to_string())
                    .unwrap_or_default(),
                typed: focused
                    .as_ref()
                    .map(|f| f.value.to_string())
                    .unwrap_or_default(),
                part: typing
                    .data
                    .options
                    .iter()
                    .find(|o| o.name == commands::PART)
                    .and_then(|o| o.value.as_str())
                    .map(str::to_string),
            }
        }
        Interaction::Component(pressed) => {
            Route::Component(CustomId::parse(&pressed.data.custom_id))
        }
        Interaction::Modal(submitted) => Route::Modal(submitted.data.custom_id.clone()),
        _ => Route::Other,
    }
}

/// Decodes an INTERACTION_CREATE payload (its `d` object) and routes it;
/// invalid JSON or a payload serenity's model rejects is an error, never a
/// panic.
pub fn decode(payload: &[u8], knowledge: &Knowledge) -> Result<Route, serde_json::Error> {
    Ok(route(
        &serde_json::from_slice::<Interaction>(payload)?,
        knowledge,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{Command, PointNumber};

    fn decode_sample(payload: &[u8]) -> Result<Route, serde_json::Error> {
        decode(payload, &crate::knowledge::tests::sample())
    }

    fn command(name: &str, options: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
            "locale": "cs", "entitlements": [], "attachment_size_limit": 8388608,
            "channel_id": "3", "authorizing_integration_owners": {},
            "user": {"id": "4", "username": "u", "discriminator": "0", "global_name": null, "avatar": null},
            "data": {"id": "5", "name": name, "type": 1, "options": options},
        }))
        .expect("serializes")
    }

    #[test]
    fn slash_commands_decode_to_core_commands() {
        let decoded = decode_sample(&command(
            "strategy",
            serde_json::json!([{"name": "number", "type": 4, "value": 7}]),
        ));
        assert_eq!(
            decoded.expect("decodes"),
            Route::Command(Asked::Member {
                command: Command::Strategy(PointNumber::Number(7)),
                public: false
            })
        );
        let decoded = decode_sample(&command(
            "ask",
            serde_json::json!([{"name": "question", "type": 3, "value": "migrácia"}, {"name": "public", "type": 5, "value": true}]),
        ));
        assert_eq!(
            decoded.expect("decodes"),
            Route::Command(Asked::Member {
                command: Command::Ask("migrácia".into()),
                public: true
            })
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in [
            &b""[..],
            b"{",
            b"null",
            b"{\"type\": 2}",
            b"[1,2,3]",
            b"\xff\xfe",
        ] {
            assert!(
                decode_sample(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
