//! Discord's checks on what a bot sends, as the fake applies them: command registrations
//! (names, descriptions, locale keys, options, choices), message bodies (content, embeds,
//! components and their limits), and interaction responses (which type answers which
//! interaction, autocomplete choices, modals). Each failed check is a field error at Discord's
//! path, answered as Discord's "Invalid Form Body".

use serde_json::{Map, Value, json};

/// Discord's locales (discord.md). A localization keyed by anything else is rejected.
pub const DISCORD_LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// A field error in Discord's "Invalid Form Body" answer.
pub(crate) struct FieldError {
    pub(crate) path: Vec<String>,
    code: &'static str,
    message: String,
}

pub(crate) fn field_error(
    path: &[&str],
    code: &'static str,
    message: impl Into<String>,
) -> FieldError {
    FieldError {
        path: path.iter().map(|s| s.to_string()).collect(),
        code,
        message: message.into(),
    }
}

/// `{"code": 50035, "message": "Invalid Form Body", "errors": {path: {"_errors": [...]}}}`.
pub(crate) fn form_body(errors: Vec<FieldError>) -> Value {
    let mut tree = Map::new();
    for e in errors {
        let mut node = &mut tree;
        for segment in &e.path {
            node = node
                .entry(segment.clone())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("error tree nodes are objects");
        }
        let list = node.entry("_errors").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({"code": e.code, "message": e.message}));
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": tree})
}

fn is_valid_command_name(name: &str, chat_input: bool) -> bool {
    let len = name.chars().count();
    if !(1..=32).contains(&len) {
        return false;
    }
    !chat_input
        || name.chars().all(|c| {
            (c.is_alphanumeric() || c == '-' || c == '_' || c == '\'')
                && c.to_lowercase().eq(std::iter::once(c))
        })
}

/// Discord's checks on a bulk command registration, as field errors with Discord's paths.
pub(crate) fn commands(commands: &[Value]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for (i, cmd) in commands.iter().enumerate() {
        let idx = i.to_string();
        let kind = cmd["type"].as_u64().unwrap_or(1);
        let chat_input = kind == 1;
        let name = cmd["name"].as_str().unwrap_or_default();
        if seen.contains(&(name, kind)) {
            errors.push(field_error(
                &[&idx, "name"],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                format!("Application command names must be unique: {name}"),
            ));
        }
        seen.push((name, kind));
        validate_named(&mut errors, &[idx.as_str()], cmd, chat_input, chat_input);
        let options = cmd["options"].as_array().cloned().unwrap_or_default();
        validate_options(&mut errors, &[idx.as_str(), "options"], &options);
    }
    errors
}

/// Name, description and their localizations of a command or option.
fn validate_named(
    errors: &mut Vec<FieldError>,
    path: &[&str],
    v: &Value,
    chat_input: bool,
    needs_description: bool,
) {
    let with = |extra: &[&str]| -> Vec<String> {
        path.iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let name = v["name"].as_str().unwrap_or_default();
    if !is_valid_command_name(name, chat_input) {
        errors.push(FieldError {
            path: with(&["name"]),
            code: "APPLICATION_COMMAND_INVALID_NAME",
            message: format!("Command name is invalid: {name:?}"),
        });
    }
    if needs_description {
        let len = v["description"].as_str().map_or(0, |d| d.chars().count());
        if !(1..=100).contains(&len) {
            errors.push(FieldError {
                path: with(&["description"]),
                code: "BASE_TYPE_BAD_LENGTH",
                message: "Must be between 1 and 100 in length.".into(),
            });
        }
    }
    for key in ["name_localizations", "description_localizations"] {
        let Some(map) = v[key].as_object() else {
            continue;
        };
        for (locale, text) in map {
            if !DISCORD_LOCALES.contains(&locale.as_str()) {
                errors.push(FieldError {
                    path: with(&[key, locale]),
                    code: "ENUM_TYPE_COERCE",
                    message: format!("Value \"{locale}\" is not a valid enum value."),
                });
                continue;
            }
            let text = text.as_str().unwrap_or_default();
            let ok = if key == "name_localizations" {
                is_valid_command_name(text, chat_input)
            } else {
                (1..=100).contains(&text.chars().count())
            };
            if !ok {
                errors.push(FieldError {
                    path: with(&[key, locale]),
                    code: if key == "name_localizations" {
                        "APPLICATION_COMMAND_INVALID_NAME"
                    } else {
                        "BASE_TYPE_BAD_LENGTH"
                    },
                    message: format!("Invalid localization {text:?}"),
                });
            }
        }
    }
}

fn validate_options(errors: &mut Vec<FieldError>, path: &[&str], options: &[Value]) {
    let owned = |extra: &[&str]| -> Vec<String> {
        path.iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    if options.len() > 25 {
        errors.push(FieldError {
            path: owned(&[]),
            code: "BASE_TYPE_MAX_LENGTH",
            message: "Must be 25 or fewer in length.".into(),
        });
    }
    let mut optional_seen = false;
    for (i, opt) in options.iter().enumerate() {
        let idx = i.to_string();
        let here: Vec<&str> = path
            .iter()
            .copied()
            .chain(std::iter::once(idx.as_str()))
            .collect();
        validate_named(errors, &here, opt, true, true);
        let kind = opt["type"].as_u64().unwrap_or(0);
        if kind == 1 || kind == 2 {
            let sub = opt["options"].as_array().cloned().unwrap_or_default();
            let sub_path: Vec<&str> = here
                .iter()
                .copied()
                .chain(std::iter::once("options"))
                .collect();
            validate_options(errors, &sub_path, &sub);
            continue;
        }
        let required = opt["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            errors.push(FieldError {
                path: owned(&[idx.as_str(), "required"]),
                code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                message: "Required options must be placed before non-required options".into(),
            });
        }
        optional_seen |= !required;
        if let Some(choices) = opt["choices"].as_array() {
            if choices.len() > 25 {
                errors.push(FieldError {
                    path: owned(&[idx.as_str(), "choices"]),
                    code: "BASE_TYPE_MAX_LENGTH",
                    message: "Must be 25 or fewer in length.".into(),
                });
            }
            for (c, choice) in choices.iter().enumerate() {
                let len = choice["name"].as_str().map_or(0, |n| n.chars().count());
                if !(1..=100).contains(&len) {
                    errors.push(FieldError {
                        path: owned(&[idx.as_str(), "choices", c.to_string().as_str(), "name"]),
                        code: "BASE_TYPE_BAD_LENGTH",
                        message: "Must be between 1 and 100 in length.".into(),
                    });
                }
                if let Some(map) = choice["name_localizations"].as_object() {
                    for locale in map
                        .keys()
                        .filter(|l| !DISCORD_LOCALES.contains(&l.as_str()))
                    {
                        errors.push(FieldError {
                            path: owned(&[
                                idx.as_str(),
                                "choices",
                                c.to_string().as_str(),
                                "name_localizations",
                                locale.as_str(),
                            ]),
                            code: "ENUM_TYPE_COERCE",
                            message: format!("Value \"{locale}\" is not a valid enum value."),
                        });
                    }
                }
            }
        }
    }
}

fn len_error(path: &[&str], max: usize) -> FieldError {
    field_error(
        path,
        "BASE_TYPE_MAX_LENGTH",
        format!("Must be {max} or fewer in length."),
    )
}

/// Discord's limits on a message body (content, embeds, components). `prefix` is the path of the
/// message object in the request (`["data"]` in a callback).
pub(crate) fn message(body: &Value, prefix: &[&str], creating: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let p = |extra: &[&str]| -> Vec<String> {
        prefix
            .iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let content_len = body["content"].as_str().map_or(0, |c| c.chars().count());
    if content_len > 2000 {
        errors.push(FieldError {
            path: p(&["content"]),
            code: "BASE_TYPE_MAX_LENGTH",
            message: "Must be 2000 or fewer in length.".into(),
        });
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    if embeds.len() > 10 {
        errors.push(FieldError {
            path: p(&["embeds"]),
            code: "BASE_TYPE_MAX_LENGTH",
            message: "Must be 10 or fewer in length.".into(),
        });
    }
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let i = i.to_string();
        for (key, pointer, max) in [
            ("title", "/title", 256),
            ("description", "/description", 4096),
            ("footer", "/footer/text", 2048),
            ("author", "/author/name", 256),
        ] {
            let n = e.pointer(pointer).map_or(0, chars);
            total += n;
            if n > max {
                let mut path: Vec<&str> = prefix.to_vec();
                path.extend(["embeds", i.as_str(), key]);
                errors.push(len_error(&path, max));
            }
        }
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            let mut path: Vec<&str> = prefix.to_vec();
            path.extend(["embeds", i.as_str(), "fields"]);
            errors.push(len_error(&path, 25));
        }
        for (f, field) in fields.iter().enumerate() {
            let f = f.to_string();
            for (key, max) in [("name", 256), ("value", 1024)] {
                let n = chars(&field[key]);
                total += n;
                if n > max || n == 0 {
                    let mut path: Vec<&str> = prefix.to_vec();
                    path.extend(["embeds", i.as_str(), "fields", f.as_str(), key]);
                    errors.push(field_error(
                        &path,
                        "BASE_TYPE_BAD_LENGTH",
                        format!("Must be between 1 and {max} in length."),
                    ));
                }
            }
        }
    }
    if total > 6000 {
        errors.push(FieldError {
            path: p(&["embeds"]),
            code: "MAX_EMBED_SIZE_EXCEEDED",
            message: "Embed size exceeds maximum size of 6000".into(),
        });
    }
    validate_components(&mut errors, prefix, &body["components"]);
    if creating && errors.is_empty() {
        let empty = content_len == 0
            && embeds.is_empty()
            && body["components"].as_array().is_none_or(Vec::is_empty)
            && body["attachments"].as_array().is_none_or(Vec::is_empty)
            && body["sticker_ids"].as_array().is_none_or(Vec::is_empty)
            && body["poll"].is_null();
        if empty {
            errors.push(FieldError {
                path: Vec::new(),
                code: "EMPTY",
                message: "Cannot send an empty message".into(),
            });
        }
    }
    errors
}

fn validate_components(errors: &mut Vec<FieldError>, prefix: &[&str], components: &Value) {
    let Some(rows) = components.as_array() else {
        return;
    };
    let mut path: Vec<&str> = prefix.to_vec();
    path.push("components");
    if rows.len() > 5 {
        errors.push(len_error(&path, 5));
    }
    // custom_ids are unique within a message.
    let mut ids = std::collections::HashSet::new();
    for id in rows
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|item| item["custom_id"].as_str().map(str::to_string))
    {
        if !ids.insert(id) {
            errors.push(field_error(
                &path,
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                "Component custom id cannot be duplicated",
            ));
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r.to_string();
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.len() > 5 {
            let mut p = path.clone();
            p.extend([r.as_str(), "components"]);
            errors.push(len_error(&p, 5));
        }
        // A select menu fills its row alone.
        let selects = items.iter().filter(|i| i["type"] == json!(3)).count();
        if selects > 0 && items.len() > 1 {
            let mut p = path.clone();
            p.extend([r.as_str(), "components"]);
            errors.push(field_error(
                &p,
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            ));
        }
        for (c, item) in items.iter().enumerate() {
            let c = c.to_string();
            let mut at = path.clone();
            at.extend([r.as_str(), "components", c.as_str()]);
            if item["type"] == json!(2) {
                let label = item["label"].as_str().map_or(0, |s| s.chars().count());
                if label > 80 {
                    let mut q = at.clone();
                    q.push("label");
                    errors.push(len_error(&q, 80));
                }
            }
            if item["type"] == json!(3) {
                let options = item["options"].as_array().cloned().unwrap_or_default();
                if !(1..=25).contains(&options.len()) {
                    let mut q = at.clone();
                    q.push("options");
                    errors.push(field_error(
                        &q,
                        "BASE_TYPE_BAD_LENGTH",
                        "Must be between 1 and 25 in length.",
                    ));
                }
                let placeholder = item["placeholder"]
                    .as_str()
                    .map_or(0, |s| s.chars().count());
                if placeholder > 150 {
                    let mut q = at.clone();
                    q.push("placeholder");
                    errors.push(len_error(&q, 150));
                }
                let mut values = std::collections::HashSet::new();
                for (o, option) in options.iter().enumerate() {
                    let o = o.to_string();
                    for key in ["label", "value", "description"] {
                        let n = option[key].as_str().map_or(0, |s| s.chars().count());
                        if n > 100 || (n == 0 && key != "description") {
                            let mut q = at.clone();
                            q.extend(["options", o.as_str(), key]);
                            errors.push(field_error(
                                &q,
                                "BASE_TYPE_BAD_LENGTH",
                                "Must be between 1 and 100 in length.",
                            ));
                        }
                    }
                    if !values.insert(option["value"].to_string()) {
                        let mut q = at.clone();
                        q.extend(["options", o.as_str(), "value"]);
                        errors.push(field_error(
                            &q,
                            "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                            "Select component option values must be unique",
                        ));
                    }
                }
            }
            let n = item["custom_id"].as_str().map_or(0, |s| s.chars().count());
            if n > 100 {
                let mut p = path.clone();
                p.extend([r.as_str(), "components", c.as_str(), "custom_id"]);
                errors.push(len_error(&p, 100));
            }
            if item["type"] == json!(4) {
                let value = item["value"].as_str().map_or(0, |s| s.chars().count());
                let label = item["label"].as_str().map_or(0, |s| s.chars().count());
                let mut p = path.clone();
                p.extend([r.as_str(), "components", c.as_str()]);
                if value > 4000 {
                    let mut q = p.clone();
                    q.push("value");
                    errors.push(len_error(&q, 4000));
                }
                if label > 45 {
                    p.push("label");
                    errors.push(len_error(&p, 45));
                }
            }
        }
    }
}

/// Discord's checks on an interaction response (callback `body`) to an interaction of
/// `interaction_kind`: its type must fit the interaction, and its data the type's limits.
pub(crate) fn callback(interaction_kind: u64, body: &Value) -> Vec<FieldError> {
    let kind = body["type"].as_u64().unwrap_or(0);
    let data = &body["data"];
    let allowed = match interaction_kind {
        2 => matches!(kind, 4 | 5 | 9),
        3 => matches!(kind, 4 | 5 | 6 | 7 | 9),
        4 => kind == 8,
        5 => (4..=7).contains(&kind),
        _ => false,
    };
    if !allowed {
        return vec![field_error(
            &["type"],
            "INTERACTION_RESPONSE_TYPE_INVALID",
            format!("Response type {kind} is not valid for interaction type {interaction_kind}"),
        )];
    }
    match kind {
        4 => message(data, &["data"], true),
        7 => message(data, &["data"], false),
        8 => {
            let choices = data["choices"].as_array().cloned().unwrap_or_default();
            let mut errors = Vec::new();
            if choices.len() > 25 {
                errors.push(len_error(&["data", "choices"], 25));
            }
            for (i, c) in choices.iter().enumerate() {
                let n = c["name"].as_str().map_or(0, |s| s.chars().count());
                if !(1..=100).contains(&n) {
                    errors.push(field_error(
                        &["data", "choices", i.to_string().as_str(), "name"],
                        "BASE_TYPE_BAD_LENGTH",
                        "Must be between 1 and 100 in length.",
                    ));
                }
            }
            errors
        }
        9 => {
            let mut errors = Vec::new();
            let title = data["title"].as_str().map_or(0, |s| s.chars().count());
            if !(1..=45).contains(&title) {
                errors.push(field_error(
                    &["data", "title"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 45 in length.",
                ));
            }
            if data["custom_id"]
                .as_str()
                .is_none_or(|s| s.is_empty() || s.chars().count() > 100)
            {
                errors.push(field_error(
                    &["data", "custom_id"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.",
                ));
            }
            validate_components(&mut errors, &["data"], &data["components"]);
            errors
        }
        _ => Vec::new(),
    }
}
