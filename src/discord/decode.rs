//! Decoding an interaction as Discord sends it into the core command it asks
//! for: serenity's model, then this adapter's mapping, the same two steps the
//! handler takes. Exposed whole so arbitrary payloads can be fuzzed and tested
//! without a gateway.

use serenity::all::Interaction;

use super::commands;
use crate::command::Command;

/// What an interaction payload asks of the core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A slash command the core answers; `public` posts it in the channel.
    Command { command: Command, public: bool },
    /// A moderator command (handled by the moderation flow, not answered here).
    Moderator,
    /// `/strategy` autocomplete with what the user has typed so far.
    Autocomplete(String),
    /// A button press or a modal submission, by its `custom_id`.
    Component(String),
    /// Anything else Discord may send (pings, unknown types).
    Other,
}

/// Decodes an INTERACTION_CREATE payload (its `d` object); invalid JSON or a
/// payload serenity's model rejects is an error, never a panic.
pub fn decode(payload: &[u8]) -> Result<Decoded, serde_json::Error> {
    Ok(match serde_json::from_slice::<Interaction>(payload)? {
        Interaction::Command(interaction) => {
            let (name, options) = (&interaction.data.name, &interaction.data.options);
            if commands::moderator_request(name, options).is_some()
                || commands::LEARNING_COMMANDS.contains(&name.as_str())
            {
                Decoded::Moderator
            } else {
                let request = commands::request(name, options);
                Decoded::Command {
                    command: request.command,
                    public: request.public,
                }
            }
        }
        Interaction::Autocomplete(interaction) => Decoded::Autocomplete(
            interaction
                .data
                .autocomplete()
                .map(|focused| focused.value.to_string())
                .unwrap_or_default(),
        ),
        Interaction::Component(interaction) => Decoded::Component(interaction.data.custom_id),
        Interaction::Modal(interaction) => Decoded::Component(interaction.data.custom_id),
        _ => Decoded::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::PointNumber;

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
        let decoded = decode(&command(
            "strategy",
            serde_json::json!([{"name": "number", "type": 4, "value": 7}]),
        ));
        assert_eq!(
            decoded.expect("decodes"),
            Decoded::Command {
                command: Command::Strategy(PointNumber::Number(7)),
                public: false
            }
        );
        let decoded = decode(&command(
            "ask",
            serde_json::json!([{"name": "question", "type": 3, "value": "migrácia"}, {"name": "public", "type": 5, "value": true}]),
        ));
        assert_eq!(
            decoded.expect("decodes"),
            Decoded::Command {
                command: Command::Ask("migrácia".into()),
                public: true
            }
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
            assert!(decode(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
