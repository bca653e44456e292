//! The fake's REST API under `/api/v10`: each request recorded as a [`Call`], a fault applied
//! if one is due, then routed: gateway discovery, the current user and application, command
//! registration, interaction callbacks, webhooks (follow-ups, the original response) and
//! channel messages, answered with what Discord answers or its error JSON.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::fault::{self, FakeFault, Hold};
use crate::guild::{APPLICATION_ID, GUILD_ID, application_json};
use crate::record::Call;
use crate::state::{Inner, State, apply_message_body, value_id};
use crate::validate::{self, FieldError, field_error};

/// A reply before it becomes an HTTP response.
struct Reply {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }
    fn ok(body: Value) -> Self {
        Self::json(200, body)
    }
    fn no_content() -> Self {
        Self {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }
    fn error(status: u16, code: u64, message: &str) -> Self {
        Self::json(status, json!({"message": message, "code": code}))
    }
    fn not_found() -> Self {
        Self::error(404, 0, "404: Not Found")
    }
}

/// Discord's 400 "Invalid Form Body" with `errors` at their paths.
fn invalid_form_body(errors: Vec<FieldError>) -> Reply {
    Reply::json(400, validate::form_body(errors))
}

/// The router's one handler: records the call, applies a due fault, routes it.
pub(crate) async fn handler(
    AxumState(inner): AxumState<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let route = path.strip_prefix("/api/v10").unwrap_or(&path).to_string();
    let mut kept = BTreeMap::new();
    for name in [
        "authorization",
        "content-type",
        "user-agent",
        "x-audit-log-reason",
    ] {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            kept.insert(name.to_string(), v.to_string());
        }
    }
    let content_type = kept.get("content-type").cloned().unwrap_or_default();
    let json_body = parse_body(&body, &content_type);

    let mut call = Call {
        seq: 0,
        method: method.as_str().to_string(),
        path: path.clone(),
        route: route.clone(),
        query: uri.query().map(str::to_string),
        headers: kept,
        body: json_body,
        status: 0,
        at: Instant::now(),
    };

    let (reply, delay) = {
        let mut st = inner.lock();
        let (reply, delay) = match fault::take(&mut st, &call) {
            Some(FakeFault::RateLimited { retry_after_secs }) => {
                (rate_limited(retry_after_secs), None)
            }
            Some(FakeFault::ServerError(status)) => (
                Reply::error(
                    status,
                    0,
                    &format!("{status}: fake discord injected a server error"),
                ),
                None,
            ),
            Some(FakeFault::Delay(d)) => (
                route_call(&inner, &mut st, &method, &route, &headers, &call),
                Some(Hold::For(d)),
            ),
            Some(FakeFault::Hold) => (
                route_call(&inner, &mut st, &method, &route, &headers, &call),
                Some(Hold::UntilReleased),
            ),
            Some(FakeFault::ServerErrorAfterEffect(status)) => {
                let _ = route_call(&inner, &mut st, &method, &route, &headers, &call);
                (
                    Reply::error(
                        status,
                        0,
                        &format!("{status}: fake discord failed after acting on the request"),
                    ),
                    None,
                )
            }
            None => (
                route_call(&inner, &mut st, &method, &route, &headers, &call),
                None,
            ),
        };
        call.seq = st.calls.len();
        call.status = reply.status;
        st.calls.push(call);
        (reply, delay)
    };
    inner.changed();
    match delay {
        Some(Hold::For(d)) => tokio::time::sleep(d).await,
        Some(Hold::UntilReleased) => {
            let mut released = inner.released.subscribe();
            let _ = released.wait_for(|r| *r).await;
        }
        None => {}
    }
    into_response(reply)
}

fn into_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match reply.body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => status.into_response(),
    };
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn rate_limited(retry_after: f64) -> Reply {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    Reply {
        status: 429,
        body: Some(
            json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false}),
        ),
        headers: vec![
            ("retry-after".into(), format!("{retry_after}")),
            ("x-ratelimit-limit".into(), "5".into()),
            ("x-ratelimit-remaining".into(), "0".into()),
            (
                "x-ratelimit-reset".into(),
                format!("{:.3}", now + retry_after),
            ),
            (
                "x-ratelimit-reset-after".into(),
                format!("{retry_after:.3}"),
            ),
            (
                "x-ratelimit-bucket".into(),
                "fakebucket0123456789abcdef".into(),
            ),
            ("x-ratelimit-scope".into(), "user".into()),
        ],
    }
}

/// JSON bodies as they are; multipart bodies by their `payload_json` part.
fn parse_body(body: &[u8], content_type: &str) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        let boundary = format!("--{}", boundary.trim_matches('"'));
        let text = String::from_utf8_lossy(body);
        for part in text.split(boundary.as_str()) {
            if let Some((head, content)) = part.split_once("\r\n\r\n")
                && head.contains("name=\"payload_json\"")
            {
                return serde_json::from_str(content.trim_end_matches("\r\n"))
                    .unwrap_or(Value::Null);
            }
        }
        return Value::Null;
    }
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

fn route_call(
    inner: &Inner,
    st: &mut State,
    method: &Method,
    route: &str,
    headers: &HeaderMap,
    call: &Call,
) -> Reply {
    if !call.path.starts_with("/api/v10/") {
        return Reply::not_found();
    }
    let segs: Vec<&str> = route.trim_matches('/').split('/').collect();
    let body = &call.body;
    let m = method.as_str();

    // Interaction callbacks and webhooks are authorized by the token in the path.
    let token_routes = matches!(segs.first(), Some(&"interactions") | Some(&"webhooks"));
    let open_routes = matches!(segs.as_slice(), ["gateway"]);
    if !token_routes && !open_routes && !inner.authorized(headers) {
        return Reply::error(401, 0, "401: Unauthorized");
    }

    match (m, segs.as_slice()) {
        ("GET", ["gateway"]) => Reply::ok(json!({"url": inner.cfg.gateway_url})),
        ("GET", ["gateway", "bot"]) => {
            Reply::ok(crate::shards::gateway_bot(st, &inner.cfg.gateway_url))
        }
        ("GET", ["users", "@me"]) => {
            let mut user = inner.cfg.bot.to_json();
            user["verified"] = json!(true);
            user["mfa_enabled"] = json!(false);
            user["email"] = Value::Null;
            user["locale"] = json!("en-US");
            Reply::ok(user)
        }
        ("GET", ["oauth2", "applications", "@me"]) => Reply::ok(application_json(inner)),
        (_, ["applications", app, rest @ ..]) => {
            if value_id(&json!(app)) != Some(APPLICATION_ID) {
                return Reply::error(404, 10002, "Unknown Application");
            }
            match rest {
                ["commands"] => commands_route(inner, st, m, None, body),
                ["commands", id] => command_route(st, m, None, id),
                ["guilds", guild, "commands"] => match value_id(&json!(guild)) {
                    Some(g) if g == GUILD_ID => commands_route(inner, st, m, Some(g), body),
                    _ => Reply::error(403, 50001, "Missing Access"),
                },
                ["guilds", guild, "commands", id] => match value_id(&json!(guild)) {
                    Some(g) if g == GUILD_ID => command_route(st, m, Some(g), id),
                    _ => Reply::error(403, 50001, "Missing Access"),
                },
                _ => Reply::not_found(),
            }
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            interaction_callback(inner, st, id, token, body)
        }
        (_, ["webhooks", app, token, rest @ ..]) => {
            if value_id(&json!(app)) != Some(APPLICATION_ID) {
                return Reply::error(404, 10015, "Unknown Webhook");
            }
            webhook_route(inner, st, m, token, rest, body)
        }
        (_, ["channels", channel, rest @ ..]) => {
            let Some(channel_id) = value_id(&json!(channel)) else {
                return Reply::not_found();
            };
            channel_route(inner, st, m, channel_id, rest, body)
        }
        _ => Reply::not_found(),
    }
}

fn commands_route(
    inner: &Inner,
    st: &mut State,
    m: &str,
    guild: Option<u64>,
    body: &Value,
) -> Reply {
    match m {
        "GET" => Reply::ok(json!(st.commands.get(&guild).cloned().unwrap_or_default())),
        "PUT" => {
            let Some(list) = body.as_array() else {
                return invalid_form_body(vec![field_error(
                    &[],
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                )]);
            };
            let errors = validate::commands(list);
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            let old = st.commands.get(&guild).cloned().unwrap_or_default();
            let stored: Vec<Value> = list
                .iter()
                .map(|c| registered_command(inner, c, guild, &old))
                .collect();
            st.commands.insert(guild, stored.clone());
            Reply::ok(json!(stored))
        }
        "POST" => {
            let errors: Vec<FieldError> = validate::commands(std::slice::from_ref(body))
                .into_iter()
                .map(|mut e| {
                    e.path.remove(0);
                    e
                })
                .collect();
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            let list = st.commands.entry(guild).or_default();
            let cmd = registered_command(inner, body, guild, list);
            let existing = list
                .iter()
                .position(|c| c["name"] == cmd["name"] && c["type"] == cmd["type"]);
            let status = match existing {
                Some(i) => {
                    list[i] = cmd.clone();
                    200
                }
                None => {
                    list.push(cmd.clone());
                    201
                }
            };
            Reply::json(status, cmd)
        }
        _ => Reply::not_found(),
    }
}

fn command_route(st: &mut State, m: &str, guild: Option<u64>, id: &str) -> Reply {
    let list = st.commands.entry(guild).or_default();
    let Some(pos) = list.iter().position(|c| c["id"] == json!(id)) else {
        return Reply::error(404, 10063, "Unknown application command");
    };
    match m {
        "GET" => Reply::ok(list[pos].clone()),
        "DELETE" => {
            list.remove(pos);
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}

/// A command as Discord stores and returns it: the request plus id, application_id, version,
/// type and defaults. Keeps the id of an existing command with the same name and type.
fn registered_command(
    inner: &Inner,
    input: &Value,
    guild: Option<u64>,
    existing: &[Value],
) -> Value {
    let mut cmd = input.as_object().cloned().unwrap_or_default();
    let kind = cmd.get("type").and_then(Value::as_u64).unwrap_or(1);
    let id = existing
        .iter()
        .find(|c| c["name"] == input["name"] && c["type"] == json!(kind))
        .map_or_else(|| json!(inner.snowflake().to_string()), |c| c["id"].clone());
    cmd.insert("id".into(), id);
    cmd.insert("application_id".into(), json!(APPLICATION_ID.to_string()));
    cmd.insert("version".into(), json!(inner.snowflake().to_string()));
    cmd.insert("type".into(), json!(kind));
    if let Some(g) = guild {
        cmd.insert("guild_id".into(), json!(g.to_string()));
    }
    for (key, default) in [
        ("description", json!("")),
        ("name_localizations", Value::Null),
        ("description_localizations", Value::Null),
        ("default_member_permissions", Value::Null),
        ("nsfw", json!(false)),
        ("integration_types", json!([0])),
        ("contexts", Value::Null),
    ] {
        let entry = cmd.entry(key).or_insert(Value::Null);
        if entry.is_null() {
            *entry = default;
        }
    }
    if guild.is_none() {
        cmd.entry("dm_permission").or_insert(json!(true));
    }
    Value::Object(cmd)
}

fn interaction_callback(
    inner: &Inner,
    st: &mut State,
    id: &str,
    token: &str,
    body: &Value,
) -> Reply {
    let Some(iid) = value_id(&json!(id)) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    let Some(info) = st.interactions.get(&iid) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    if st.tokens.get(token) != Some(&iid) {
        return Reply::error(401, 50027, "Invalid Webhook Token");
    }
    if info.acked.is_some() {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    let kind = body["type"].as_u64().unwrap_or(0);
    let data = &body["data"];
    let metadata = info.metadata.clone();
    let errors = validate::callback(info.kind, body);
    if !errors.is_empty() {
        return invalid_form_body(errors);
    }
    let channel_id = info.channel_id;
    let message_id = info.message_id;
    let original = match kind {
        4 => Some(st.new_bot_message(inner, channel_id, data, 20, Some(metadata))),
        5 => {
            let mut flags = 128; // LOADING
            flags |= data["flags"].as_u64().unwrap_or(0) & 64;
            let body = json!({"flags": flags});
            Some(st.new_bot_message(inner, channel_id, &body, 20, Some(metadata)))
        }
        7 => {
            if let Some(msg) = message_id.and_then(|m| st.messages.get_mut(&m)) {
                apply_message_body(msg, data);
            }
            None
        }
        _ => None,
    };
    if let Some(info) = st.interactions.get_mut(&iid) {
        info.acked = Some(kind);
        info.original = original
            .as_ref()
            .and_then(|m| value_id(&m["id"]))
            .or(match kind {
                6 | 7 => message_id,
                _ => None,
            });
    }
    Reply::no_content()
}

fn webhook_route(
    inner: &Inner,
    st: &mut State,
    m: &str,
    token: &str,
    rest: &[&str],
    body: &Value,
) -> Reply {
    let Some(&iid) = st.tokens.get(token) else {
        return Reply::error(404, 10015, "Unknown Webhook");
    };
    let Some(info) = st.interactions.get(&iid) else {
        return Reply::error(404, 10015, "Unknown Webhook");
    };
    if info.acked.is_none() {
        return Reply::error(404, 10015, "Unknown Webhook");
    }
    let channel_id = info.channel_id;
    let metadata = info.metadata.clone();
    let original = info.original;
    match (m, rest) {
        ("POST", []) => {
            let errors = validate::message(body, &[], true);
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            Reply::ok(st.new_bot_message(inner, channel_id, body, 20, Some(metadata)))
        }
        (_, ["messages", which]) => {
            let target = if *which == "@original" {
                original
            } else {
                value_id(&json!(which))
            };
            let Some(target) = target.filter(|t| st.messages.contains_key(t)) else {
                return Reply::error(404, 10008, "Unknown Message");
            };
            match m {
                "GET" => Reply::ok(st.messages[&target].clone()),
                "PATCH" => {
                    let errors = validate::message(body, &[], false);
                    if !errors.is_empty() {
                        return invalid_form_body(errors);
                    }
                    let Some(msg) = st.messages.get_mut(&target) else {
                        return Reply::not_found();
                    };
                    apply_message_body(msg, body);
                    // Editing a deferred response ends its loading state.
                    if let Some(flags) = msg["flags"].as_u64() {
                        msg["flags"] = json!(flags & !128);
                    }
                    Reply::ok(msg.clone())
                }
                "DELETE" => {
                    st.messages.remove(&target);
                    Reply::no_content()
                }
                _ => Reply::not_found(),
            }
        }
        _ => Reply::not_found(),
    }
}

fn channel_route(
    inner: &Inner,
    st: &mut State,
    m: &str,
    channel_id: u64,
    rest: &[&str],
    body: &Value,
) -> Reply {
    match (m, rest) {
        ("POST", ["messages"]) => {
            let errors = validate::message(body, &[], true);
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            // `enforce_nonce`: a message by the same author with the same nonce is returned
            // instead of posting another (Discord checks the last few minutes).
            if body["enforce_nonce"] == json!(true) && !body["nonce"].is_null() {
                let existing = st.bot_message_order.iter().rev().find_map(|id| {
                    st.messages.get(id).filter(|m| {
                        m["nonce"] == body["nonce"]
                            && m["channel_id"] == json!(channel_id.to_string())
                    })
                });
                if let Some(existing) = existing {
                    return Reply::ok(existing.clone());
                }
            }
            let kind = if body["message_reference"].is_object() {
                19
            } else {
                0
            };
            Reply::ok(st.new_bot_message(inner, channel_id, body, kind, None))
        }
        ("POST", ["typing"]) => Reply::no_content(),
        ("PUT" | "DELETE", ["messages", _, "reactions", _, "@me"]) => Reply::no_content(),
        (_, ["messages", id]) => {
            let Some(id) = value_id(&json!(id)).filter(|id| st.messages.contains_key(id)) else {
                return Reply::error(404, 10008, "Unknown Message");
            };
            match m {
                "GET" => Reply::ok(st.messages[&id].clone()),
                "PATCH" => {
                    let errors = validate::message(body, &[], false);
                    if !errors.is_empty() {
                        return invalid_form_body(errors);
                    }
                    let Some(msg) = st.messages.get_mut(&id) else {
                        return Reply::not_found();
                    };
                    apply_message_body(msg, body);
                    Reply::ok(msg.clone())
                }
                "DELETE" => {
                    st.messages.remove(&id);
                    Reply::no_content()
                }
                _ => Reply::not_found(),
            }
        }
        _ => Reply::not_found(),
    }
}
