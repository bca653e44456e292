//! Moderators' live knowledge edits from Discord: the real bot against the fake Discord
//! (`support::bench`), each test on its own copy of the crate's config and knowledge opened with
//! `Engine::open`, so changes hit the disk. Every test is bounded in time.

use std::collections::BTreeMap;
use std::time::Duration;

use fake_discord::{FakeUser, InteractionOpts};
use missionbot::config::Shards;
use missionbot::discord::Settings;
use missionbot::knowledge;
use missionbot::{Lang, tr};
use serde_json::{Value, json};

use crate::support::bench::{Bench, Setup};
use crate::support::budget::within;
use crate::support::exchange::{ephemeral, member, moderator, text, title};

/// Upper bound for one awaited event (milliseconds normally; an apply commits
/// the index, and the machine may be busy).
const STEP: Duration = Duration::from_secs(15);
/// Upper bound for a whole test.
const BUDGET: Duration = Duration::from_secs(90);

/// A role the config names as a moderator role (the member has no Manage Server).
const EDITOR_ROLE: u64 = 4_242_424_242;

const NEW_POINT: &str = "Chrániť migrantov pred pašerákmi na mori.";

/// The bot on a scratch copy of the knowledge, and the fake it talks to.
async fn start() -> Bench {
    Setup::new()
        .editable()
        .settings(|_, settings| Settings {
            shards: Shards::Auto,
            moderator_roles: vec![EDITOR_ROLE],
            ..settings
        })
        .step(STEP)
        .start()
        .await
}

/// The modal's custom_id and its text inputs (custom_id → prefilled value).
fn modal(body: &Value) -> (String, BTreeMap<String, Value>) {
    assert_eq!(body["type"], json!(9), "a modal: {body}");
    let data = &body["data"];
    let title = data["title"].as_str().unwrap_or_default();
    assert!((1..=45).contains(&title.chars().count()), "{title}");
    let inputs = data["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|input| {
            assert_eq!(input["type"], json!(4), "text input: {input}");
            assert_eq!(input["style"], json!(2), "paragraph: {input}");
            assert_eq!(input["max_length"], json!(4000), "{input}");
            (
                input["custom_id"].as_str().unwrap_or_default().to_string(),
                input.clone(),
            )
        })
        .collect();
    let id = data["custom_id"].as_str().expect("custom_id").to_string();
    assert!(id.len() <= 100, "{id}");
    (id, inputs)
}

/// The preview's Confirm and Cancel buttons' custom_ids.
fn buttons(body: &Value) -> (String, String) {
    let row = &body["data"]["components"][0]["components"];
    let find = |label: &str| {
        row.as_array()
            .into_iter()
            .flatten()
            .find(|b| b["label"] == json!(label))
            .and_then(|b| b["custom_id"].as_str())
            .unwrap_or_else(|| panic!("a {label} button: {body}"))
            .to_string()
    };
    (
        find(&tr!(Lang::SK, "mod-confirm-button")),
        find(&tr!(Lang::SK, "mod-cancel-button")),
    )
}

fn saved(id: u64) -> String {
    tr!(Lang::SK, "mod-saved-title", id = id)
}

/// Confirms a preview as `opts`; asserts the message was updated in place.
async fn confirm(bench: &Bench, preview: &(Value, Value), opts: &InteractionOpts) -> Value {
    let (ok, _) = buttons(&preview.0);
    let body = bench.press(&ok, &preview.1, opts).await;
    assert_eq!(body["type"], json!(7), "the preview is updated: {body}");
    assert_eq!(body["data"]["components"], json!([]), "no buttons left");
    body
}

#[tokio::test]
async fn moderator_commands_are_hidden_guild_only_and_localized_without_sk() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let commands = bench.fake.registered_commands(Some(bench.fake.guild_id()));
        for name in [
            "point-add",
            "point-edit",
            "point-remove",
            "point-move",
            "mission-edit",
            "aim-edit",
            "history",
            "revert",
        ] {
            let cmd = commands
                .iter()
                .find(|c| c["name"] == json!(name))
                .unwrap_or_else(|| panic!("/{name} registered"));
            assert_eq!(cmd["default_member_permissions"], json!("32"), "/{name}");
            assert_eq!(cmd["dm_permission"], json!(false), "/{name}");
            assert_eq!(cmd["contexts"], json!([0]), "/{name}");
            let localized = &cmd["description_localizations"];
            assert!(localized.get("sk").is_none(), "/{name}: no sk locale");
            assert!(localized["en-US"].is_string() && localized["cs"].is_string());
            assert!(!cmd.to_string().contains("\"sk\""), "/{name}: {cmd}");
        }
        for everyone in ["strategy", "mission", "aims", "ask"] {
            let cmd = commands
                .iter()
                .find(|c| c["name"] == json!(everyone))
                .expect("registered");
            assert!(cmd["default_member_permissions"].is_null(), "/{everyone}");
        }
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_moderator_adds_point_13_through_the_modal_and_everyone_sees_it() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = moderator();

        let (form, inputs) = modal(&bench.slash("/point-add", &opts).await);
        assert!(
            inputs["text"]["value"].is_null(),
            "a new point starts empty"
        );
        assert_eq!(inputs["text"]["required"], json!(true));
        assert_eq!(inputs["text_en"]["required"], json!(false));

        let english = "Protect migrants from smugglers at sea.";
        let preview = bench
            .submit(&form, &[("text", NEW_POINT), ("text_en", english)], &opts)
            .await;
        assert_eq!(preview.0["type"], json!(4));
        assert!(ephemeral(&preview.0), "only the moderator sees the preview");
        assert!(
            title(&preview.0).starts_with("Náhľad zmeny"),
            "{}",
            preview.0
        );
        assert!(
            text(&preview.0).contains(&format!("+ Stratégia IOM, bod 13: {NEW_POINT}")),
            "{}",
            text(&preview.0)
        );
        assert_eq!(
            bench.ws().audit_lines(),
            0,
            "nothing changes before Confirm"
        );

        let done = confirm(&bench, &preview, &opts).await;
        assert_eq!(title(&done), saved(1));
        assert_eq!(bench.ws().audit_lines(), 1);
        bench.ws().assert_knowledge_loads("adding point 13");

        // No restart: the next commands see it.
        let point = bench.slash("/strategy number:13", &opts).await;
        assert_eq!(title(&point), "Stratégia IOM, bod 13");
        assert!(text(&point).contains(NEW_POINT), "{}", text(&point));
        let answer = bench
            .slash("/ask question:ochrana pred pašerákmi na mori", &member())
            .await;
        let answered = answer.to_string();
        assert!(
            answered.contains("bod 13") && text(&answer).contains("pašerákmi na mori"),
            "/ask finds the new point: {answered}"
        );
        let english_answer = bench
            .slash(
                "/strategy number:13",
                &InteractionOpts::default().locale("en-US"),
            )
            .await;
        assert!(
            english_answer.to_string().contains(english),
            "{english_answer}"
        );

        // /strategy is registered again with the new range.
        let registered = bench
            .fake
            .wait_for_call(
                |c| {
                    c.matches("PUT /applications/**")
                        && c.body
                            .as_array()
                            .and_then(|cmds| cmds.iter().find(|c| c["name"] == json!("strategy")))
                            .is_some_and(|c| c["options"][0]["max_value"] == json!(13))
                },
                STEP,
            )
            .await;
        assert!(registered.is_some(), "/strategy now goes up to 13");
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_member_without_the_role_or_permission_is_refused_and_nothing_changes() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let before = bench.ws().snapshot();
        let refusal = tr!(Lang::SK, "mod-not-moderator");
        let nobody = member();

        // A moderator's open modal and preview, which the member then tries to use.
        let (form, _) = modal(&bench.slash("/point-add", &moderator()).await);
        let preview = bench
            .slash_message("/point-remove number:3", &moderator())
            .await;
        let (ok, _) = buttons(&preview.0);

        let attempts: Vec<Value> = vec![
            bench.slash("/point-add", &nobody).await,
            bench.slash("/point-edit number:7", &nobody).await,
            bench.slash("/point-remove number:1", &nobody).await,
            bench.slash("/point-move from:1 to:2", &nobody).await,
            bench.slash("/mission-edit", &nobody).await,
            bench.slash("/aim-edit number:1", &nobody).await,
            bench.slash("/history", &nobody).await,
            bench.slash("/revert change:1", &nobody).await,
            bench.submit(&form, &[("text", NEW_POINT)], &nobody).await.0,
            bench.press(&ok, &preview.1, &nobody).await,
            // A member with a role that is not a moderator role, in a DM too.
            bench
                .slash("/point-add", &nobody.clone().roles(vec![EDITOR_ROLE + 1]))
                .await,
            bench
                .slash("/point-remove number:1", &nobody.clone().dm())
                .await,
        ];
        for (i, body) in attempts.iter().enumerate() {
            assert_eq!(body["type"], json!(4), "attempt {i}: {body}");
            assert!(ephemeral(body), "attempt {i}: only they see the refusal");
            assert!(text(body).contains(&refusal), "attempt {i}: {body}");
        }
        assert_eq!(
            bench.ws().snapshot(),
            before,
            "knowledge/ is byte-identical"
        );
        assert_eq!(bench.ws().audit_lines(), 0, "no audit line");

        // The configured role is enough, without Manage Server.
        let editor = member().roles(vec![EDITOR_ROLE]);
        let (form, _) = modal(&bench.slash("/point-add", &editor).await);
        let preview = bench.submit(&form, &[("text", NEW_POINT)], &editor).await;
        assert_eq!(title(&confirm(&bench, &preview, &editor).await), saved(1));
        assert_eq!(bench.ws().audit_lines(), 1);
        let audit =
            std::fs::read_to_string(bench.ws().path("knowledge/audit.jsonl")).expect("audit log");
        assert!(audit.contains("discord:555000111 (member)"), "{audit}");
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn edit_move_remove_and_revert_keep_the_knowledge_valid_and_audited() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = moderator();
        let engine_view = knowledge::load(&bench.ws().path("knowledge")).expect("loads");
        let seven = engine_view.point(7).expect("point 7").clone();

        // Edit point 7: the modal is prefilled with its current texts.
        let (form, inputs) = modal(&bench.slash("/point-edit number:7", &opts).await);
        assert_eq!(inputs["text"]["value"], json!(seven.text));
        if let Some(en) = &seven.text_en {
            assert_eq!(inputs["text_en"]["value"], json!(en));
        }
        let edited = "Podporovať regionálny a globálny dialóg o migrácii.";
        let preview = bench
            .submit(&form, &[("text", edited), ("text_en", "")], &opts)
            .await;
        assert!(
            text(&preview.0).contains(&format!("+ Stratégia IOM, bod 7: {edited}")),
            "{}",
            text(&preview.0)
        );
        assert_eq!(title(&confirm(&bench, &preview, &opts).await), saved(1));
        bench.ws().assert_knowledge_loads("edit");
        assert_eq!(bench.ws().audit_lines(), 1);
        let now = knowledge::load(&bench.ws().path("knowledge")).expect("loads");
        assert_eq!(now.point(7).map(|p| p.text.as_str()), Some(edited));
        assert_eq!(
            now.point(7).and_then(|p| p.text_en.clone()),
            seven.text_en,
            "an empty English field keeps the translation"
        );

        // Edit an aim and the mission: prefilled, then saved.
        let aim = now.aims()[1].text.clone();
        let (form, inputs) = modal(&bench.slash("/aim-edit number:2", &opts).await);
        assert_eq!(inputs["text"]["value"], json!(aim));
        let preview = bench.submit(&form, &[("text", "Nový cieľ.")], &opts).await;
        assert_eq!(title(&confirm(&bench, &preview, &opts).await), saved(2));
        bench.ws().assert_knowledge_loads("aim edit");
        let (form, inputs) = modal(&bench.slash("/mission-edit", &opts).await);
        assert_eq!(
            inputs["text"]["value"],
            json!(now.mission().map(|m| m.text.clone()))
        );
        let preview = bench
            .submit(&form, &[("text", "Nové poslanie.")], &opts)
            .await;
        assert_eq!(title(&confirm(&bench, &preview, &opts).await), saved(3));
        bench.ws().assert_knowledge_loads("mission edit");
        assert_eq!(bench.ws().audit_lines(), 3);

        // Move 12 to 1: a preview straight away, no modal.
        let twelve = now.point(12).expect("point 12").text.clone();
        let preview = bench.slash_message("/point-move from:12 to:1", &opts).await;
        assert!(
            text(&preview.0).contains("~ Stratégia IOM, bod 12: → Stratégia IOM, bod 1:"),
            "{}",
            text(&preview.0)
        );
        assert_eq!(title(&confirm(&bench, &preview, &opts).await), saved(4));
        bench.ws().assert_knowledge_loads("move");
        assert_eq!(bench.ws().audit_lines(), 4);
        let now = knowledge::load(&bench.ws().path("knowledge")).expect("loads");
        assert_eq!(now.point(1).map(|p| &p.text), Some(&twelve));

        // Remove 2.
        let two = now.point(2).expect("point 2").text.clone();
        let preview = bench.slash_message("/point-remove number:2", &opts).await;
        assert!(
            text(&preview.0).contains(&format!("- Stratégia IOM, bod 2: {two}")),
            "{}",
            text(&preview.0)
        );
        assert_eq!(title(&confirm(&bench, &preview, &opts).await), saved(5));
        bench.ws().assert_knowledge_loads("remove");
        assert_eq!(bench.ws().audit_lines(), 5);
        let now = knowledge::load(&bench.ws().path("knowledge")).expect("loads");
        assert_eq!(now.points().len(), 11);

        // /history lists them, newest first; for one point, only its own.
        let history = bench.slash("/history", &opts).await;
        let listed = text(&history);
        let five = listed.find("#5").expect("#5 listed");
        let one = listed.find("#1").expect("#1 listed");
        assert!(five < one, "newest first: {listed}");
        assert!(listed.contains("odstránenie bodu 2"), "{listed}");

        // Revert the removal: applied at once, itself audited.
        let reverted = bench.slash("/revert change:5", &opts).await;
        assert_eq!(title(&reverted), saved(6));
        assert!(ephemeral(&reverted));
        bench.ws().assert_knowledge_loads("revert");
        assert_eq!(bench.ws().audit_lines(), 6);
        let now = knowledge::load(&bench.ws().path("knowledge")).expect("loads");
        assert_eq!(now.point(2).map(|p| &p.text), Some(&two));
        let point = bench.slash("/strategy number:2", &opts).await;
        assert!(text(&point).contains(&two), "the bot serves the revert");

        // A revert that cannot be made says why and changes nothing.
        let refused = bench.slash("/revert change:99", &opts).await;
        assert_eq!(title(&refused), tr!(Lang::SK, "mod-refused-title"));
        assert!(
            text(&refused).contains(&tr!(Lang::SK, "mod-unknown-change", id = 99)),
            "{refused}"
        );
        assert_eq!(bench.ws().audit_lines(), 6);
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_stale_preview_is_refused_and_changes_nothing() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = moderator();
        let other = InteractionOpts::default()
            .locale("de")
            .moderator()
            .user(FakeUser::new(777_000_222, "other-mod"));

        // Two previews of the same knowledge; a modal opened on it too.
        let first = bench.slash_message("/point-remove number:12", &opts).await;
        let second = bench.slash_message("/point-move from:1 to:2", &other).await;
        let (form, _) = modal(&bench.slash("/point-edit number:3", &opts).await);
        let (new_point, _) = modal(&bench.slash("/point-add", &opts).await);

        // Someone else's Confirm does nothing; then its moderator confirms.
        let (ok, _) = buttons(&first.0);
        let not_yours = bench.press(&ok, &first.1, &other).await;
        assert_eq!(not_yours["type"], json!(4));
        assert!(
            text(&not_yours).contains(&tr!(Lang::SK, "mod-not-yours")),
            "{not_yours}"
        );
        assert_eq!(bench.ws().audit_lines(), 0);
        assert_eq!(title(&confirm(&bench, &first, &opts).await), saved(1));
        let after_first = bench.ws().snapshot();

        // The second preview was based on the knowledge before the first.
        let stale = confirm(&bench, &second, &other).await;
        assert_eq!(title(&stale), tr!(Lang::SK, "mod-refused-title"));
        assert!(
            text(&stale).contains(&tr!(Lang::SK, "mod-stale")),
            "{stale}"
        );
        assert_eq!(
            bench.ws().snapshot(),
            after_first,
            "the stale confirm changed nothing"
        );
        assert_eq!(bench.ws().audit_lines(), 1);
        bench.ws().assert_knowledge_loads("a stale confirm");

        // So was the modal: its submit is refused before any preview.
        let (body, _) = bench.submit(&form, &[("text", "Iný text.")], &opts).await;
        assert!(text(&body).contains(&tr!(Lang::SK, "mod-stale")), "{body}");
        assert!(
            text(&body).contains(&tr!(Lang::SK, "mod-your-text"))
                && text(&body).contains("Iný text."),
            "the typed text is not lost: {body}"
        );
        assert!(
            body["data"]["components"]
                .as_array()
                .is_none_or(Vec::is_empty)
        );

        // A new point's modal starts empty: nothing in it went stale.
        let (body, _) = bench
            .submit(&new_point, &[("text", NEW_POINT)], &opts)
            .await;
        assert!(
            text(&body).contains(&format!("+ Stratégia IOM, bod 12: {NEW_POINT}")),
            "{body}"
        );

        // A used button has expired; Cancel changes nothing either.
        let again = bench.press(&ok, &first.1, &opts).await;
        assert_eq!(title(&again), tr!(Lang::SK, "mod-expired-title"));
        let preview = bench.slash_message("/point-remove number:1", &opts).await;
        let (_, cancel) = buttons(&preview.0);
        let cancelled = bench.press(&cancel, &preview.1, &opts).await;
        assert_eq!(cancelled["type"], json!(7));
        assert_eq!(title(&cancelled), tr!(Lang::SK, "mod-cancelled-title"));
        assert_eq!(bench.ws().snapshot(), after_first);
        assert_eq!(bench.ws().audit_lines(), 1);
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_point_of_4000_characters_fits_the_preview_and_the_reply() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = moderator();
        let sentence = "Podporovať dialóg o migrácii medzi štátmi a komunitami. ";
        let long: String = sentence.repeat(80).chars().take(4000).collect();
        let long = long.trim().to_string();
        assert!(long.chars().count() > 3900);

        let (form, _) = modal(&bench.slash("/point-add number:1", &opts).await);
        let preview = bench.submit(&form, &[("text", &long)], &opts).await;
        assert!(
            text(&preview.0).contains("+ Stratégia IOM, bod 1: Podporovať dialóg"),
            "{}",
            preview.0
        );
        assert_eq!(title(&confirm(&bench, &preview, &opts).await), saved(1));
        bench.ws().assert_knowledge_loads("a long point");
        let point = bench.slash("/strategy number:1", &opts).await;
        assert_eq!(title(&point), "Stratégia IOM, bod 1");
        let history = bench.slash("/history number:1", &opts).await;
        assert!(text(&history).contains("nový bod na miesto 1"), "{history}");
        bench.stop().await;
    })
    .await;
}
