//! The invite link: the scopes and the permissions the bot's features
//! need, each with the feature it is for, so an operator grants no more
//! and no less (`missionbot invite`).

use serenity::all::Permissions;

/// Each permission the bot asks for, and why.
pub const NEEDED: [(Permissions, &str); 5] = [
    (
        Permissions::VIEW_CHANNEL,
        "see the channels (private ones too) it is asked in, and their messages",
    ),
    (
        Permissions::SEND_MESSAGES,
        "answer mentions and questions in the `channels` list",
    ),
    (
        Permissions::SEND_MESSAGES_IN_THREADS,
        "answer in threads (of the `channels` list, or where it is mentioned)",
    ),
    (
        Permissions::EMBED_LINKS,
        "send answers as embeds (without it Discord strips them)",
    ),
    (
        Permissions::READ_MESSAGE_HISTORY,
        "reply to the message that asked (a reply references it)",
    ),
];

/// The scopes: the bot user, and its slash commands.
pub const SCOPES: &str = "bot+applications.commands";

/// Every permission in [`NEEDED`].
pub fn permissions() -> Permissions {
    NEEDED
        .iter()
        .fold(Permissions::empty(), |all, (one, _)| all | *one)
}

/// The invite URL for the application `application_id`.
pub fn url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&scope={SCOPES}&permissions={}",
        permissions().bits()
    )
}

/// The permissions explained, one line each: bit, name, why.
pub fn explained() -> Vec<String> {
    NEEDED
        .iter()
        .map(|(permission, why)| {
            let name = permission.get_permission_names().join(", ");
            format!("{:>13}  {name}: {why}", permission.bits())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_grants_what_the_features_need() {
        let url = url(123);
        assert!(url.starts_with("https://discord.com/oauth2/authorize?client_id=123&"));
        let bits: u64 = url
            .rsplit("permissions=")
            .next()
            .and_then(|b| b.parse().ok())
            .expect("a number");
        for needed in [1024, 2048, 16384, 65536, 274_877_906_944] {
            assert_eq!(bits & needed, needed, "{needed} in {bits}");
        }
        assert_eq!(bits, 1024 + 2048 + 16384 + 65536 + 274_877_906_944);
        assert_eq!(explained().len(), NEEDED.len());
    }
}
