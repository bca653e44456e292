//! What the bot learns from its community, on Discord: the real bot against the fake Discord
//! (`support::bench`), on a scratch copy of the knowledge and its own learning store. 👍/👎 under
//! answers, thanked privately and counted in the store; suggestions when nothing answers; the
//! moderators' /gaps (with a select menu per gap), /teach, /stats and /synonym, refused to
//! everyone else. Every test is bounded in time.

use std::time::Duration;

use fake_discord::{FakeUser, InteractionOpts};
use missionbot::{Lang, tr};
use serde_json::{Value, json};

use crate::support::bench::{Bench, Setup};
use crate::support::budget::within;
use crate::support::exchange::{self, embed, ephemeral, member, moderator, text, title};

/// Upper bound for one awaited event (an apply commits the index; the machine may be busy).
const STEP: Duration = Duration::from_secs(15);
/// Upper bound for a whole test.
const BUDGET: Duration = Duration::from_secs(90);

/// A question the shipped knowledge has no answer for.
const UNANSWERED: &str = "Ako si obnovím cestovný pas na ambasáde?";

/// The bot with an editor and a learning store on a scratch workspace.
async fn start() -> Bench {
    Setup::new().learning().step(STEP).start().await
}

/// Every component of a callback or message body, rows flattened.
fn components(body: &Value) -> Vec<Value> {
    let rows = if body["data"].is_object() {
        &body["data"]["components"]
    } else {
        &body["components"]
    };
    rows.as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// The custom_id of the button with this label.
fn button(body: &Value, label: &str) -> Option<String> {
    components(body)
        .into_iter()
        .find(|c| c["type"] == json!(2) && c["label"] == json!(label))
        .and_then(|c| c["custom_id"].as_str().map(str::to_string))
}

#[tokio::test]
async fn answers_carry_votes_one_per_member_thanked_privately_and_counted() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let asker = member();
        let (answer, message) = bench
            .slash_message("/ask question:nelegalna migracia", &asker)
            .await;
        assert_eq!(title(&answer), "Stratégia IOM, bod 5");
        let up = button(&answer, "👍").expect("a 👍 button");
        let down = button(&answer, "👎").expect("a 👎 button");
        assert!(up.len() <= 100 && down.len() <= 100);

        let thanks = bench.press(&down, &message, &asker).await;
        assert_eq!(thanks["type"], json!(4), "{thanks}");
        assert!(ephemeral(&thanks), "only the voter sees the thanks");
        assert_eq!(title(&thanks), tr!(Lang::SK, "vote-thanks-down"));
        assert!(components(&thanks).is_empty(), "a thanks has no buttons");
        // The same vote again counts nothing more; a changed one moves.
        let again = bench.press(&down, &message, &asker).await;
        assert_eq!(title(&again), tr!(Lang::SK, "vote-thanks-down"));
        let other = InteractionOpts::default()
            .locale("de")
            .user(FakeUser::new(555_000_222, "other"));
        assert_eq!(
            title(&bench.press(&down, &message, &other).await),
            tr!(Lang::SK, "vote-thanks-down")
        );
        bench.learning().flush();
        let gaps = bench.learning().gaps(None, None).expect("the store reads");
        let gap = gaps
            .iter()
            .find(|g| g.question == "nelegalna migracia")
            .unwrap_or_else(|| panic!("the 👎 answer is a gap: {gaps:?}"));
        assert_eq!((gap.count, gap.down_votes), (1, 2), "{gap:?}");
        assert_eq!(gap.closest, ["strategy-5"]);

        assert_eq!(
            title(&bench.press(&up, &message, &asker).await),
            tr!(Lang::SK, "vote-changed")
        );
        bench.learning().flush();
        let stats = bench.learning().stats(None, None).expect("the store reads");
        let five = stats
            .passages
            .iter()
            .find(|p| p.id == "strategy-5")
            .expect("point 5 was shown");
        assert_eq!((five.shown, five.up, five.down), (1, 1, 1), "{stats:?}");

        // A vote under an answer the bot no longer remembers has ended.
        let stale = bench.fake.bot_message("old", json!([]));
        let ended = bench.press("vote:ffff:up", &stale, &asker).await;
        assert_eq!(title(&ended), tr!(Lang::SK, "vote-expired-title"));
        assert!(ephemeral(&ended));

        // Every answer carries them: a mention's too.
        let reply = exchange::ask_by_mention(&bench.fake, "nelegálna migrácia").await;
        assert!(
            button(&reply.body, "👍").is_some() && button(&reply.body, "👎").is_some(),
            "{}",
            reply.body
        );
        bench.learning().flush();
        let stats = bench.learning().stats(None, None).expect("the store reads");
        assert_eq!(stats.questions, 2, "the /ask and the mention: {stats:?}");
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_abstained_question_offers_suggestions_that_show_their_point() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = member();
        let (reply, message) = bench
            .slash_message("/ask question:spoľahlivé auto na predaj", &opts)
            .await;
        assert_eq!(title(&reply), tr!(Lang::SK, "nothing-relevant-title"));
        assert!(
            text(&reply).contains(&tr!(Lang::SK, "suggestions-title")),
            "marked uncertain: {}",
            text(&reply)
        );
        let offered: Vec<Value> = components(&reply);
        let suggestion = offered
            .iter()
            .find(|c| c["custom_id"] == json!("show:strategy-1"))
            .unwrap_or_else(|| panic!("point 1 is offered: {offered:?}"));
        let label = suggestion["label"].as_str().unwrap_or_default();
        assert!(label.starts_with("bod 1 — Poskytovať"), "{label}");
        assert!(
            button(&reply, "👍").is_none(),
            "nothing to vote on: {reply}"
        );

        let shown = bench.press("show:strategy-1", &message, &opts).await;
        assert_eq!(title(&shown), "Stratégia IOM, bod 1");
        assert!(ephemeral(&shown));
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_learning_commands_are_for_moderators_only() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let commands = bench.fake.registered_commands(Some(bench.fake.guild_id()));
        for (name, sk, en, cs) in [
            (
                "gaps",
                tr!(Lang::SK, "command-gaps"),
                tr!(Lang::EN, "command-gaps"),
                tr!(Lang::CS, "command-gaps"),
            ),
            (
                "teach",
                tr!(Lang::SK, "command-teach"),
                tr!(Lang::EN, "command-teach"),
                tr!(Lang::CS, "command-teach"),
            ),
            (
                "stats",
                tr!(Lang::SK, "command-stats"),
                tr!(Lang::EN, "command-stats"),
                tr!(Lang::CS, "command-stats"),
            ),
            (
                "synonym",
                tr!(Lang::SK, "command-synonym"),
                tr!(Lang::EN, "command-synonym"),
                tr!(Lang::CS, "command-synonym"),
            ),
        ] {
            let cmd = commands
                .iter()
                .find(|c| c["name"] == json!(name))
                .unwrap_or_else(|| panic!("/{name} registered"));
            assert_eq!(cmd["default_member_permissions"], json!("32"), "/{name}");
            assert_eq!(cmd["dm_permission"], json!(false), "/{name}");
            assert_eq!(cmd["contexts"], json!([0]), "/{name}");
            assert_eq!(cmd["description"], json!(&sk), "/{name}");
            let localized = &cmd["description_localizations"];
            assert_eq!(localized["en-US"], json!(&en), "/{name}");
            assert_eq!(localized["en-GB"], json!(&en), "/{name}");
            assert_eq!(localized["cs"], json!(&cs), "/{name}");
        }

        // A moderator's /gaps with a gap in it, whose select menu a member then tries.
        bench
            .slash_message(&format!("/ask question:{UNANSWERED}"), &member())
            .await;
        let (list, list_message) = bench.slash_message("/gaps", &moderator()).await;
        let select = components(&list)
            .into_iter()
            .find(|c| c["type"] == json!(3))
            .and_then(|c| c["custom_id"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("a select menu: {list}"));

        let before = bench.ws().snapshot();
        let nobody = member();
        let attempts = [
            bench.slash_message("/gaps", &nobody).await.0,
            bench.slash_message("/stats", &nobody).await.0,
            bench.slash_message("/stats days:7", &nobody).await.0,
            bench
                .slash_message("/teach question:Kde je víza? passage:strategy-1", &nobody)
                .await
                .0,
            bench
                .slash_message("/synonym words:pašovanie means:prevádzačstvo", &nobody)
                .await
                .0,
            bench
                .choose(&select, "strategy-1", &list_message, &nobody)
                .await
                .0,
            bench
                .choose(&select, "dismiss", &list_message, &nobody)
                .await
                .0,
            bench.press("gaps:1", &list_message, &nobody).await,
        ];
        for (i, body) in attempts.iter().enumerate() {
            assert_eq!(body["type"], json!(4), "attempt {i}: {body}");
            assert!(ephemeral(body), "attempt {i}: only they see the refusal");
            assert!(
                text(body).contains(&tr!(Lang::SK, "mod-not-moderator")),
                "attempt {i}: {body}"
            );
        }
        assert_eq!(
            bench.ws().snapshot(),
            before,
            "knowledge/ is byte-identical"
        );
        assert_eq!(bench.ws().audit_lines(), 0);
        let gaps = bench.learning().gaps(None, None).expect("the store reads");
        assert_eq!(gaps.len(), 1, "nothing dismissed: {gaps:?}");
        bench.stop().await;
    })
    .await;
}

/// The preview's Confirm, pressed by `opts`; the updated message's body.
async fn confirm(bench: &Bench, preview: &(Value, Value), opts: &InteractionOpts) -> Value {
    let ok = button(&preview.0, &tr!(Lang::SK, "mod-confirm-button")).expect("a Confirm button");
    let done = bench.press(&ok, &preview.1, opts).await;
    assert_eq!(done["type"], json!(7), "the preview is updated: {done}");
    done
}

#[tokio::test]
async fn a_gap_is_taught_from_its_select_menu_and_leaves_the_list() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = moderator();
        for asked in [UNANSWERED, UNANSWERED, "recept na bryndzové halušky"] {
            let (reply, _) = bench
                .slash_message(&format!("/ask question:{asked}"), &member())
                .await;
            assert_eq!(
                title(&reply),
                tr!(Lang::SK, "nothing-relevant-title"),
                "{asked}"
            );
        }

        let (list, message) = bench.slash_message("/gaps", &opts).await;
        assert_eq!(title(&list), tr!(Lang::SK, "gaps-title"));
        assert!(ephemeral(&list));
        let listed = text(&list);
        assert!(
            listed.contains(&format!("1. „{UNANSWERED}“\n   2×")),
            "most asked first: {listed}"
        );
        let selects: Vec<Value> = components(&list)
            .into_iter()
            .filter(|c| c["type"] == json!(3))
            .collect();
        assert_eq!(selects.len(), 2, "one select menu per gap: {list}");
        let values: Vec<&str> = selects[0]["options"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["value"].as_str())
            .collect();
        assert!(
            values.contains(&"dismiss") && values.contains(&"strategy-1") && values.len() <= 25,
            "{values:?}"
        );
        let first = selects[0]["custom_id"].as_str().expect("custom_id");
        let second = selects[1]["custom_id"].as_str().expect("custom_id");

        // Attaching it to point 1 previews the teach; Confirm makes it.
        let preview = bench.choose(first, "strategy-1", &message, &opts).await;
        assert!(ephemeral(&preview.0));
        assert!(
            text(&preview.0).contains(&format!("+ Stratégia IOM, bod 1 (otázka): {UNANSWERED}")),
            "{}",
            text(&preview.0)
        );
        assert_eq!(bench.ws().audit_lines(), 0, "nothing before Confirm");
        let done = confirm(&bench, &preview, &opts).await;
        assert_eq!(title(&done), tr!(Lang::SK, "mod-saved-title", id = 1));
        bench.ws().assert_knowledge_loads("teaching from /gaps");
        let entry = &bench.ws().audit_entries()[0];
        assert_eq!(entry.what, "add-question strategy-1");
        assert_eq!(entry.passages, ["strategy-1"]);

        // Answered now, without diacritics too; off the list.
        let (answer, _) = bench
            .slash_message(
                "/ask question:ako si obnovim cestovny pas na ambasade",
                &member(),
            )
            .await;
        assert_eq!(title(&answer), "Stratégia IOM, bod 1");
        // Dismissing the other one takes it off as well.
        let (dismissed, _) = bench.choose(second, "dismiss", &message, &opts).await;
        assert_eq!(title(&dismissed), tr!(Lang::SK, "gaps-dismissed-title"));
        let (list, _) = bench.slash_message("/gaps", &opts).await;
        assert!(
            text(&list).contains(&tr!(Lang::SK, "gaps-empty")),
            "{}",
            text(&list)
        );

        // /teach and /synonym by command: the same preview, Confirm and audit.
        let teach = bench
            .slash_message(
                "/teach question:Pomáhate s hľadaním práce v cudzine? passage:strategy-9",
                &opts,
            )
            .await;
        assert!(
            text(&teach.0).contains("+ Stratégia IOM, bod 9 (otázka): Pomáhate s hľadaním práce"),
            "{}",
            text(&teach.0)
        );
        confirm(&bench, &teach, &opts).await;
        let synonym = bench
            .slash_message("/synonym words:pašeráctvo means:prevádzačstvo", &opts)
            .await;
        assert!(
            text(&synonym.0).contains("+ synonym: pašeráctvo → prevádzačstvo"),
            "{}",
            text(&synonym.0)
        );
        confirm(&bench, &synonym, &opts).await;
        assert_eq!(bench.ws().audit_lines(), 3);
        bench.ws().assert_disk_matches_audit();

        let (stats, _) = bench.slash_message("/stats", &opts).await;
        assert_eq!(title(&stats), tr!(Lang::SK, "stats-title"));
        let shown = text(&stats);
        assert!(
            shown.contains(&tr!(
                Lang::SK,
                "stats-summary",
                questions = 4,
                days = 90,
                share = "25"
            )),
            "{shown}"
        );
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn the_gaps_page_through_ten_with_previous_and_next() {
    within(BUDGET, "the whole test", async {
        let bench = start().await;
        let opts = moderator();
        let words = [
            "pizza", "futbal", "auto", "počasie", "recept", "hudba", "film", "kniha", "hra",
            "more", "hory",
        ];
        for word in words {
            bench
                .slash_message(
                    &format!("/ask question:{word} {word}ový {word}ári"),
                    &member(),
                )
                .await;
        }
        bench.learning().flush();
        assert_eq!(
            bench.learning().gaps(None, None).expect("reads").len(),
            words.len()
        );
        let (list, message) = bench.slash_message("/gaps", &opts).await;
        let footer = embed(&list)["footer"]["text"].as_str().unwrap_or_default();
        assert!(
            footer.starts_with("Strana 1 z 3"),
            "ten in pages of four: {footer}"
        );
        let next = button(&list, &tr!(Lang::SK, "gaps-next")).expect("Next");
        let page = bench.press(&next, &message, &opts).await;
        assert_eq!(page["type"], json!(7), "the page is replaced: {page}");
        assert!(text(&page).starts_with("5. "), "{}", text(&page));
        let last = bench
            .press(
                &button(&page, &tr!(Lang::SK, "gaps-next")).expect("Next"),
                &message,
                &opts,
            )
            .await;
        assert!(text(&last).starts_with("9. "), "{}", text(&last));
        assert!(
            !text(&last).contains("11. "),
            "the top ten: {}",
            text(&last)
        );
        bench.stop().await;
    })
    .await;
}
