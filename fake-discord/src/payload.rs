//! Event payloads shaped as Discord sends them, with every field serenity needs: users,
//! interactions (slash commands, typed as the client shows them or given as options;
//! autocomplete; components; modal submits) and messages; and Discord's timestamps.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::guild::{
    APPLICATION_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, MODERATOR_ROLE_ID, TESTER_ID,
    partial_member_json, perms,
};
use crate::server::FakeDiscord;

/// A user the fake knows (the bot, or a member who talks to it).
#[derive(Clone, Debug, PartialEq)]
pub struct FakeUser {
    pub id: u64,
    pub username: String,
    pub global_name: Option<String>,
    pub bot: bool,
}

impl FakeUser {
    /// A human user.
    pub fn new(id: u64, username: &str) -> Self {
        Self {
            id,
            username: username.to_string(),
            global_name: Some(username.to_string()),
            bot: false,
        }
    }

    /// The default human member of the fake guild.
    pub fn tester() -> Self {
        Self::new(TESTER_ID, "tester")
    }

    /// Another bot (messages from bots are usually to be ignored).
    pub fn other_bot(id: u64, username: &str) -> Self {
        Self {
            id,
            username: username.to_string(),
            global_name: None,
            bot: true,
        }
    }

    /// `<@id>`: how a mention of this user reads in message content.
    pub fn mention(&self) -> String {
        format!("<@{}>", self.id)
    }

    /// The user object as Discord sends it.
    pub fn to_json(&self) -> Value {
        let mut user = json!({
            "id": self.id.to_string(),
            "username": self.username,
            "discriminator": if self.bot { "1234" } else { "0" },
            "global_name": self.global_name,
            "avatar": null,
            "public_flags": 0,
            "flags": 0,
            "banner": null,
            "accent_color": null,
            "avatar_decoration_data": null,
            "collectibles": null,
            "primary_guild": null,
        });
        if self.bot {
            user["bot"] = json!(true);
        }
        user
    }
}

/// Who invokes an interaction, and where. `Default`: [`FakeUser::tester`] in the fake guild's
/// text channel, locale `en-US`, no extra roles, `@everyone` permissions.
#[derive(Clone, Debug)]
pub struct InteractionOpts {
    pub user: FakeUser,
    pub locale: String,
    /// `false`: a DM with the bot (`user` instead of `member`, no guild).
    pub in_guild: bool,
    /// The channel; `None` = the fake's text channel (or DM channel).
    pub channel_id: Option<u64>,
    /// Role ids in addition to `@everyone`.
    pub roles: Vec<u64>,
    /// Give the member the fake guild's Moderator role (and its permissions).
    pub moderator: bool,
    /// Override the member's computed permissions.
    pub permissions: Option<u64>,
}

impl Default for InteractionOpts {
    fn default() -> Self {
        Self {
            user: FakeUser::tester(),
            locale: "en-US".to_string(),
            in_guild: true,
            channel_id: None,
            roles: Vec::new(),
            moderator: false,
            permissions: None,
        }
    }
}

impl InteractionOpts {
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.to_string();
        self
    }
    pub fn dm(mut self) -> Self {
        self.in_guild = false;
        self
    }
    pub fn user(mut self, user: FakeUser) -> Self {
        self.user = user;
        self
    }
    pub fn channel(mut self, channel_id: u64) -> Self {
        self.channel_id = Some(channel_id);
        self
    }
    pub fn roles(mut self, roles: Vec<u64>) -> Self {
        self.roles = roles;
        self
    }
    pub fn moderator(mut self) -> Self {
        self.moderator = true;
        self
    }
    pub fn permissions(mut self, permissions: u64) -> Self {
        self.permissions = Some(permissions);
        self
    }
}

/// Author and place of a MESSAGE_CREATE. `Default`: [`FakeUser::tester`] in the fake guild's
/// text channel, no mentions.
#[derive(Clone, Debug)]
pub struct MessageOpts {
    pub author: FakeUser,
    /// `false`: a DM to the bot.
    pub in_guild: bool,
    pub channel_id: Option<u64>,
    /// Users mentioned (their `<@id>` is not added to the content: write it there yourself).
    pub mentions: Vec<FakeUser>,
    /// The author's roles in addition to `@everyone`.
    pub roles: Vec<u64>,
    /// `message_reference` to this message id (a reply).
    pub reply_to: Option<u64>,
}

impl Default for MessageOpts {
    fn default() -> Self {
        Self {
            author: FakeUser::tester(),
            in_guild: true,
            channel_id: None,
            mentions: Vec::new(),
            roles: Vec::new(),
            reply_to: None,
        }
    }
}

impl MessageOpts {
    pub fn dm(mut self) -> Self {
        self.in_guild = false;
        self
    }
    pub fn author(mut self, author: FakeUser) -> Self {
        self.author = author;
        self
    }
    pub fn channel(mut self, channel_id: u64) -> Self {
        self.channel_id = Some(channel_id);
        self
    }
    pub fn mention(mut self, user: FakeUser) -> Self {
        self.mentions.push(user);
        self
    }
    pub fn roles(mut self, roles: Vec<u64>) -> Self {
        self.roles = roles;
        self
    }
    pub fn reply_to(mut self, message_id: u64) -> Self {
        self.reply_to = Some(message_id);
        self
    }
}

/// Which component a [`FakeDiscord::interaction_component`] comes from.
#[derive(Clone, Debug)]
pub enum ComponentKind {
    Button,
    /// A string select with the chosen values.
    StringSelect(Vec<String>),
}

impl FakeDiscord {
    /// INTERACTION_CREATE `d` for a slash command (type 2). `options`: a JSON array such as
    /// `json!([{"name": "number", "type": 4, "value": 7}])` (or `Null` for none). The command id
    /// is the registered command's, when one with that name was registered.
    pub fn interaction_command(&self, name: &str, options: Value, opts: &InteractionOpts) -> Value {
        let data = self.command_data(name, options);
        self.interaction(2, data, None, opts)
    }

    /// INTERACTION_CREATE `d` for a slash command typed as Discord's client shows it:
    /// `/strategy number:7 public:true`, `/ask question:how does IOM help?`. Each `name:` must
    /// name an option of the registered command, whose type says how its value is sent; a value
    /// runs to the next `name:` of the command's options (its words joined by one space).
    #[track_caller]
    pub fn interaction_typed(&self, line: &str, opts: &InteractionOpts) -> Value {
        let typed = line
            .strip_prefix('/')
            .unwrap_or_else(|| panic!("a slash command starts with '/': {line:?}"));
        let (name, rest) = typed.split_once(' ').unwrap_or((typed, ""));
        let command = self
            .registered_commands(Some(GUILD_ID))
            .into_iter()
            .chain(self.registered_commands(None))
            .find(|c| c["name"] == json!(name))
            .unwrap_or_else(|| panic!("{line:?}: /{name} is not registered"));
        let declared = command["options"].as_array().cloned().unwrap_or_default();
        let option_start = |word: &str| {
            let (option, value) = word.split_once(':')?;
            let kind = declared.iter().find(|o| o["name"] == json!(option))?["type"].as_u64()?;
            Some((option.to_string(), kind, value.to_string()))
        };
        let mut options: Vec<(String, u64, String)> = Vec::new();
        for word in rest.split_whitespace() {
            match (option_start(word), options.last_mut()) {
                (Some(option), _) => options.push(option),
                (None, Some((_, _, value))) => {
                    value.push(' ');
                    value.push_str(word);
                }
                (None, None) => panic!("{line:?}: {word:?} is not an option of /{name}"),
            }
        }
        let options: Vec<Value> =
            options
                .into_iter()
                .map(|(option, kind, value)| {
                    let value =
                        match kind {
                            3 => json!(value),
                            4 => json!(value.parse::<i64>().unwrap_or_else(|_| {
                                panic!("{line:?}: {option} takes an integer")
                            })),
                            5 => json!(value.parse::<bool>().unwrap_or_else(|_| {
                                panic!("{line:?}: {option} takes true or false")
                            })),
                            other => panic!("{line:?}: option type {other} is not typed here"),
                        };
                    json!({"name": option, "type": kind, "value": value})
                })
                .collect();
        self.interaction_command(name, Value::Array(options), opts)
    }

    /// INTERACTION_CREATE `d` for autocomplete (type 4). Exactly one option must carry
    /// `"focused": true`; its `value` is the raw typed text as a string, even for integer options
    /// (use [`focused_option`]).
    #[track_caller]
    pub fn interaction_autocomplete(
        &self,
        name: &str,
        options: Value,
        opts: &InteractionOpts,
    ) -> Value {
        fn count_focused(options: &Value) -> usize {
            options.as_array().map_or(0, |opts| {
                opts.iter()
                    .map(|o| {
                        usize::from(o["focused"] == json!(true)) + count_focused(&o["options"])
                    })
                    .sum()
            })
        }
        assert_eq!(
            count_focused(&options),
            1,
            "autocomplete needs exactly one focused option: {options}"
        );
        let data = self.command_data(name, options);
        self.interaction(4, data, None, opts)
    }

    /// INTERACTION_CREATE `d` for a message component (type 3) on `message` (a message object,
    /// e.g. [`Self::original_response`] or [`Self::bot_message`]).
    pub fn interaction_component(
        &self,
        custom_id: &str,
        kind: ComponentKind,
        message: Value,
        opts: &InteractionOpts,
    ) -> Value {
        let data = match kind {
            ComponentKind::Button => json!({"custom_id": custom_id, "component_type": 2}),
            ComponentKind::StringSelect(values) => {
                json!({"custom_id": custom_id, "component_type": 3, "values": values})
            }
        };
        self.interaction(3, data, Some(message), opts)
    }

    /// INTERACTION_CREATE `d` for a modal submit (type 5): one text input per field, each in its
    /// own action row, as Discord sends them.
    pub fn interaction_modal_submit(
        &self,
        custom_id: &str,
        fields: &[(&str, &str)],
        opts: &InteractionOpts,
    ) -> Value {
        let rows: Vec<Value> = fields
            .iter()
            .map(|(id, value)| {
                json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]})
            })
            .collect();
        let data = json!({"custom_id": custom_id, "components": rows});
        self.interaction(5, data, None, opts)
    }

    /// MESSAGE_CREATE `d` for `@bot text` (where `opts` puts it), the bot among the mentions.
    pub fn mention_create(&self, text: &str, opts: MessageOpts) -> Value {
        let me = self.bot_user();
        self.message_create(&format!("{} {text}", me.mention()), &opts.mention(me))
    }

    /// MESSAGE_CREATE `d` with every field serenity's `Message` needs.
    pub fn message_create(&self, content: &str, opts: &MessageOpts) -> Value {
        let id = self.next_id();
        let channel_id = opts.channel_id.unwrap_or(if opts.in_guild {
            CHANNEL_ID
        } else {
            DM_CHANNEL_ID
        });
        let mentions: Vec<Value> = opts
            .mentions
            .iter()
            .map(|u| {
                let mut user = u.to_json();
                if opts.in_guild {
                    user["member"] = partial_member_json(&[]);
                }
                user
            })
            .collect();
        let mut msg = json!({
            "id": id.to_string(),
            "channel_id": channel_id.to_string(),
            "author": opts.author.to_json(),
            "content": content,
            "timestamp": timestamp(SystemTime::now()),
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": if opts.reply_to.is_some() { 19 } else { 0 },
            "flags": 0,
            "nonce": id.to_string(),
        });
        if opts.in_guild {
            msg["guild_id"] = json!(GUILD_ID.to_string());
            msg["member"] = partial_member_json(&opts.roles);
        }
        if let Some(reply_to) = opts.reply_to {
            msg["message_reference"] = json!({
                "type": 0,
                "message_id": reply_to.to_string(),
                "channel_id": channel_id.to_string(),
                "guild_id": if opts.in_guild { json!(GUILD_ID.to_string()) } else { Value::Null },
            });
        }
        msg
    }

    /// A message from the bot (as if sent earlier) carrying `components`, to attach a component
    /// interaction to. Stored, so the bot may edit it.
    pub fn bot_message(&self, content: &str, components: Value) -> Value {
        let body = json!({"content": content, "components": components});
        let mut st = self.inner.lock();
        let msg = st.new_bot_message(&self.inner, CHANNEL_ID, &body, 0, None);
        // A fixture, not something the bot sent during the test.
        st.bot_message_order.pop();
        msg
    }

    fn command_data(&self, name: &str, options: Value) -> Value {
        let st = self.inner.lock();
        let registered = st
            .commands
            .get(&Some(GUILD_ID))
            .into_iter()
            .chain(st.commands.get(&None))
            .flatten()
            .find(|c| c["name"] == json!(name))
            .cloned();
        drop(st);
        let options = if options.is_null() {
            json!([])
        } else {
            options
        };
        let mut data = json!({"name": name, "type": 1, "options": options});
        match registered {
            Some(cmd) => {
                data["id"] = cmd["id"].clone();
                if !cmd["guild_id"].is_null() {
                    data["guild_id"] = cmd["guild_id"].clone();
                }
            }
            None => data["id"] = json!(self.next_id().to_string()),
        }
        data
    }

    fn interaction(
        &self,
        kind: u8,
        data: Value,
        message: Option<Value>,
        opts: &InteractionOpts,
    ) -> Value {
        let id = self.next_id();
        let cfg = &self.inner.cfg;
        let channel_id = opts.channel_id.unwrap_or(if opts.in_guild {
            CHANNEL_ID
        } else {
            DM_CHANNEL_ID
        });
        let mut v = json!({
            "id": id.to_string(),
            "application_id": APPLICATION_ID.to_string(),
            "type": kind,
            "token": format!("fake-interaction-token-{id}"),
            "version": 1,
            "locale": opts.locale,
            "entitlements": [],
            "attachment_size_limit": 10_485_760,
            "channel_id": channel_id.to_string(),
            "data": data,
        });
        if opts.in_guild {
            let mut member_perms = perms::MEMBER_DEFAULT;
            let mut roles = opts.roles.clone();
            if opts.moderator {
                member_perms |= perms::MODERATOR;
                roles.push(MODERATOR_ROLE_ID);
            }
            let member_perms = opts.permissions.unwrap_or(member_perms);
            v["guild_id"] = json!(GUILD_ID.to_string());
            v["guild_locale"] = json!(cfg.guild_locale);
            v["app_permissions"] = json!(cfg.bot_permissions.to_string());
            v["authorizing_integration_owners"] = json!({"0": GUILD_ID.to_string()});
            v["context"] = json!(0);
            v["channel"] = json!({
                "id": channel_id.to_string(),
                "type": 0,
                "guild_id": GUILD_ID.to_string(),
                "name": "general",
                "position": 0,
                "parent_id": null,
                "topic": null,
                "nsfw": false,
                "last_message_id": null,
                "rate_limit_per_user": 0,
                "flags": 0,
                "permissions": member_perms.to_string(),
            });
            v["member"] = json!({
                "user": opts.user.to_json(),
                "nick": null,
                "avatar": null,
                "banner": null,
                "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                "joined_at": joined_at(),
                "premium_since": null,
                "deaf": false,
                "mute": false,
                "flags": 0,
                "pending": false,
                "permissions": member_perms.to_string(),
                "communication_disabled_until": null,
                "unusual_dm_activity_until": null,
            });
        } else {
            let dm_perms = perms::MEMBER_DEFAULT & !perms::USE_APPLICATION_COMMANDS;
            v["app_permissions"] = json!(dm_perms.to_string());
            v["authorizing_integration_owners"] = json!({"0": "0"});
            v["context"] = json!(1);
            v["channel"] = json!({
                "id": channel_id.to_string(),
                "type": 1,
                "last_message_id": null,
                "flags": 0,
                "recipients": [opts.user.to_json()],
            });
            v["user"] = opts.user.to_json();
        }
        if let Some(message) = message {
            v["message"] = message;
        }
        v
    }
}

/// The snowflake id of a payload the fake built (an interaction, a message).
#[track_caller]
pub fn id_of(payload: &Value) -> u64 {
    payload["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("payload has a snowflake id")
}

/// An autocomplete option being typed: `{"name", "type", "value": typed, "focused": true}`.
/// `kind`: 3 string, 4 integer, 10 number. The value stays the raw text whatever the type.
pub fn focused_option(name: &str, kind: u8, typed: &str) -> Value {
    json!({"name": name, "type": kind, "value": typed, "focused": true})
}

/// `2026-05-01T12:00:00.000000+00:00`: RFC 3339 with microseconds and the offset written
/// out, as Discord writes timestamps.
pub(crate) fn timestamp(t: SystemTime) -> String {
    let utc = humantime::format_rfc3339_micros(t).to_string();
    match utc.strip_suffix('Z') {
        Some(time) => format!("{time}+00:00"),
        None => utc,
    }
}

/// When the fake guild's members joined it: thirty days ago.
pub(crate) fn joined_at() -> String {
    timestamp(SystemTime::now() - Duration::from_secs(86_400 * 30))
}
