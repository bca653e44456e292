//! Who may change the knowledge from Discord, and how the audit log names them.

use serenity::all::{Member, Permissions, User};

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

#[cfg(test)]
mod tests {
    use super::*;

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
