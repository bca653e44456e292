//! The bot token: read from `DISCORD_TOKEN`, checked for shape before any
//! network call, and never printed (its `Debug` is redacted).

use std::fmt;

use super::DiscordError;

/// Where the token comes from: the environment, never the config file.
pub const TOKEN_VAR: &str = "DISCORD_TOKEN";

/// A token that looks like a Discord bot token: three non-empty parts of
/// base64url characters, separated by dots. Whether Discord accepts it is only
/// known when the gateway answers.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Reads and checks `DISCORD_TOKEN`.
    pub fn from_env() -> Result<Self, DiscordError> {
        match std::env::var(TOKEN_VAR) {
            Ok(value) => Self::parse(&value),
            Err(std::env::VarError::NotPresent) => Err(DiscordError::MissingToken),
            Err(std::env::VarError::NotUnicode(_)) => Err(DiscordError::MalformedToken),
        }
    }

    /// Checks a token's shape. A leading `Bot ` (as in an Authorization
    /// header) is tolerated, because people paste it that way.
    pub fn parse(value: &str) -> Result<Self, DiscordError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(DiscordError::MissingToken);
        }
        let value = value.strip_prefix("Bot ").unwrap_or(value).trim();
        let parts: Vec<&str> = value.split('.').collect();
        let base64url = |part: &&str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if parts.len() == 3 && parts.iter().all(base64url) {
            Ok(Self(value.to_string()))
        } else {
            Err(DiscordError::MalformedToken)
        }
    }

    /// The secret itself, for serenity's HTTP client only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str, ok: bool) {
        assert_eq!(Token::parse(value).is_ok(), ok, "{value:?}");
    }

    #[test]
    fn token_shapes() {
        check("MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.abcdEFGH_ijkl-MNOP", true);
        check("Bot MTA5.GhIjKl.abcd", true);
        check("fake-bot-token.missionbot.test", true);
        check("", false);
        check("   ", false);
        check("only-one-part", false);
        check("two.parts", false);
        check("a..c", false);
        check("a.b.c.d", false);
        check("a.b.c d", false);
        check("a.b.c=", false);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let token = Token::parse("secret.secret.secret").expect("token-shaped");
        assert!(!format!("{token:?}").contains("secret"));
    }
}
