//! The one guild the fake knows, and the application whose bot joins it: fixed ids, the
//! permission and intent bits the fake looks at, and the objects Discord sends for them (the
//! application, GUILD_CREATE with its roles, channel, thread and members).

use serde_json::{Value, json};

use crate::payload::{FakeUser, joined_at};
use crate::state::Inner;

/// Discord permission bits used by the fake's guild.
pub mod perms {
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_GUILD: u64 = 1 << 5;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const USE_EXTERNAL_EMOJIS: u64 = 1 << 18;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    /// What `@everyone` may do in the fake guild (and the bot, unless the builder says otherwise).
    pub const MEMBER_DEFAULT: u64 = ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_EXTERNAL_EMOJIS
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS;
    /// The fake guild's "Moderator" role adds these.
    pub const MODERATOR: u64 = MANAGE_GUILD | MANAGE_MESSAGES;
}

/// Gateway intent bits the fake looks at.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    pub const GUILD_PRESENCES: u64 = 1 << 8;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
    pub const PRIVILEGED: u64 = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;
}

/// The application id, which is also the bot user's id.
pub(crate) const APPLICATION_ID: u64 = 1_300_000_000_000_000_001;
pub(crate) const GUILD_ID: u64 = 1_300_000_000_000_000_100;
/// The guild's text channel.
pub(crate) const CHANNEL_ID: u64 = 1_300_000_000_000_000_200;
/// The DM channel between any user and the bot.
pub(crate) const DM_CHANNEL_ID: u64 = 1_300_000_000_000_000_300;
/// A public thread in the guild's text channel.
pub(crate) const THREAD_ID: u64 = 1_300_000_000_000_000_250;
const OWNER_ID: u64 = 1_300_000_000_000_000_400;
/// [`FakeUser::tester`]'s id.
pub(crate) const TESTER_ID: u64 = 1_300_000_000_000_000_500;
const BOT_ROLE_ID: u64 = 1_300_000_000_000_000_600;
pub(crate) const MODERATOR_ROLE_ID: u64 = 1_300_000_000_000_000_700;

/// The application as `GET /oauth2/applications/@me` answers it.
pub(crate) fn application_json(inner: &Inner) -> Value {
    json!({
        "id": APPLICATION_ID.to_string(),
        "name": inner.cfg.bot.username,
        "icon": null,
        "description": "A fake application for missionbot's tests",
        "summary": "",
        "type": null,
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "bot": inner.cfg.bot.to_json(),
        "owner": FakeUser::new(OWNER_ID, "owner").to_json(),
        "team": null,
        "verify_key": "0".repeat(64),
        "flags": 8_912_896,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "integration_types_config": {"0": {}},
    })
}

/// A member object without its user, as messages carry it (`member` of MESSAGE_CREATE).
pub(crate) fn partial_member_json(roles: &[u64]) -> Value {
    json!({
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "nick": null,
        "avatar": null,
        "banner": null,
        "joined_at": joined_at(),
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

fn role_json(id: u64, name: &str, permissions: u64, position: u64, managed: bool) -> Value {
    let mut role = json!({
        "id": id.to_string(),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions.to_string(),
        "managed": managed,
        "mentionable": false,
        "flags": 0,
    });
    if managed {
        role["tags"] = json!({"bot_id": APPLICATION_ID.to_string()});
    }
    role
}

/// GUILD_CREATE `d` for the fake guild: one text channel, roles @everyone / bot / Moderator,
/// the bot and the tester as members.
pub(crate) fn guild_json(inner: &Inner) -> Value {
    let joined = joined_at();
    let member = |user: &FakeUser, roles: &[u64]| {
        json!({
            "user": user.to_json(),
            "nick": null,
            "avatar": null,
            "banner": null,
            "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
            "joined_at": joined,
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
        })
    };
    let mut guild = json!({
        "id": GUILD_ID.to_string(),
        "name": "Fake Guild",
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": OWNER_ID.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": [
            role_json(GUILD_ID, "@everyone", perms::MEMBER_DEFAULT, 0, false),
            role_json(BOT_ROLE_ID, &inner.cfg.bot.username, inner.cfg.bot_permissions, 1, true),
            role_json(MODERATOR_ROLE_ID, "Moderator", perms::MEMBER_DEFAULT | perms::MODERATOR, 2, false),
        ],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": CHANNEL_ID.to_string(),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": inner.cfg.guild_locale,
    });
    // Two halves: one `json!` this large exceeds the macro recursion limit.
    let rest = json!({
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
        "joined_at": joined,
        "large": false,
        "unavailable": false,
        "member_count": 3,
        "voice_states": [],
        "members": [
            member(&inner.cfg.bot, &[BOT_ROLE_ID]),
            member(&FakeUser::tester(), &[]),
        ],
        "channels": [{
            "id": CHANNEL_ID.to_string(),
            "type": 0,
            "name": "general",
            "position": 0,
            "parent_id": null,
            "topic": null,
            "nsfw": false,
            "last_message_id": null,
            "rate_limit_per_user": 0,
            "permission_overwrites": [],
            "flags": 0,
        }],
        "threads": [{
            "id": THREAD_ID.to_string(),
            "type": 11,
            "guild_id": GUILD_ID.to_string(),
            "name": "otázky",
            "parent_id": CHANNEL_ID.to_string(),
            "owner_id": TESTER_ID.to_string(),
            "last_message_id": null,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": false,
                "auto_archive_duration": 1440,
                "archive_timestamp": joined,
                "locked": false,
            },
        }],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    });
    if let (Some(guild), Value::Object(rest)) = (guild.as_object_mut(), rest) {
        guild.extend(rest);
    }
    guild
}
