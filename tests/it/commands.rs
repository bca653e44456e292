//! Every command through the engine on the shipped knowledge, and the replies'
//! fit within Discord's limits.

use crate::support::shipped::engine;
use missionbot::command::PointNumber;
use missionbot::reply::ReplyKind;
use missionbot::reply::render::{self, limits, units};
use missionbot::{Command, Lang};

const POINT_7: &str = "Podporovať regionálny a globálny dialóg o migrácii, napríklad v rámci Medzinárodného dialógu o migrácii (International Dialogue on Migration) s cieľom posilniť pochopenie príležitostí a výziev, ktoré migrácia prináša, a prispieť k tvorbe efektívnych politík s cieľom reagovať na tieto príležitosti a výzvy, ako aj identifikovať komplexné prístupy a opatrenia na podporu medzinárodnej spolupráce.";

#[test]
fn strategy_point_in_full_with_its_citation() {
    let reply = engine().handle(&Command::Strategy(PointNumber::Number(7)), Lang::SK);
    assert_eq!(reply.kind, ReplyKind::Passage);
    assert_eq!(reply.title, "Stratégia IOM, bod 7");
    assert_eq!(reply.body.to_plain(), POINT_7);
    assert_eq!(reply.citations[0].label, "Stratégia IOM, bod 7");
}

#[test]
fn unknown_points_name_the_valid_range() {
    let engine = engine();
    for line in [
        "/strategy 13",
        "/strategy 0",
        "/strategy -1",
        "/strategy 9223372036854775808",
        "/strategy 7.5",
        "/strategy sedem",
    ] {
        let reply = engine.handle(&Command::parse(line), Lang::SK);
        assert_eq!(reply.kind, ReplyKind::Problem, "{line}");
        let body = reply.body.to_plain();
        assert!(
            body.contains("1 až 12") || body.contains("od 1 do 12"),
            "{line}: {body}"
        );
    }
    let reply = engine.handle(&Command::parse("/strategy 13"), Lang::EN);
    assert!(
        reply.body.to_plain().contains("points 1 to 12"),
        "{}",
        reply.body.to_plain()
    );
}

#[test]
fn strategy_list_mission_and_aims() {
    let engine = engine();
    let list = engine.handle(&Command::StrategyList, Lang::SK);
    assert_eq!(list.body.to_plain().lines().count(), 12);
    assert!(list.body.to_plain().starts_with("1. Poskytovať bezpečné"));

    let mission = engine.handle(&Command::Mission, Lang::SK);
    assert_eq!(mission.title, "Poslanie IOM");
    let text = mission.body.to_plain();
    assert!(text.starts_with("Poslanie a činnosť IOM vychádzajú z princípu"));
    assert_eq!(text.matches("• ").count(), 4);
    assert_eq!(mission.citations.len(), 5);

    let aims = engine.handle(&Command::Aims, Lang::SK);
    assert_eq!(aims.body.to_plain().matches("• ").count(), 4);
    assert!(
        aims.body
            .to_plain()
            .contains("rešpektovanie ich ľudskej dôstojnosti")
    );
    assert_eq!(aims.citations[3].label, "Poslanie IOM, cieľ 4");
}

#[test]
fn questions_are_answered_with_bold_matches_and_citations() {
    let reply = engine().handle(&Command::Ask("nelegalna migracia".into()), Lang::SK);
    assert_eq!(reply.kind, ReplyKind::Answer);
    assert_eq!(reply.citations[0].label, "Stratégia IOM, bod 5");
    let embed = render::markdown(&reply);
    assert!(
        embed.description.contains("**nelegálnej migrácie**"),
        "{}",
        embed.description
    );
}

#[test]
fn off_topic_and_empty_questions_say_so() {
    let engine = engine();
    let reply = engine.handle(
        &Command::Ask("recept na bryndzové halušky".into()),
        Lang::SK,
    );
    assert_eq!(reply.kind, ReplyKind::NothingRelevant);
    assert!(reply.body.to_plain().contains("/show"));
    for empty in ["", "   ", "?!", "\u{200b}"] {
        let reply = engine.handle(&Command::Ask(empty.into()), Lang::SK);
        assert!(
            matches!(reply.kind, ReplyKind::Problem | ReplyKind::NothingRelevant),
            "{empty:?}: {reply:?}"
        );
    }
    let long = "migrácia ".repeat(700);
    let reply = engine.handle(&Command::Ask(long), Lang::SK);
    assert_eq!(reply.kind, ReplyKind::Problem);
}

#[test]
fn query_syntax_is_just_text() {
    let engine = engine();
    for q in [
        "migrácia AND (\"*",
        "\"",
        ":",
        "(",
        "*",
        "AND",
        "-",
        "ľudské: práva~2^3",
        "title:migrácia OR NOT x",
    ] {
        engine
            .search(q, 5)
            .unwrap_or_else(|e| panic!("{q:?} failed: {e}"));
    }
    let hits = engine.search("ľudské: práva~2^3", 3).expect("searches");
    assert_eq!(
        hits.first().map(|h| h.id.to_string()).as_deref(),
        Some("strategy-2")
    );
}

#[test]
fn every_reply_fits_discord_limits() {
    let engine = engine();
    let mut commands = vec![
        Command::StrategyList,
        Command::Mission,
        Command::Aims,
        Command::Help,
    ];
    commands.extend((1..=12).map(|n| Command::Strategy(PointNumber::Number(n))));
    commands.push(Command::Ask("migrácia ".repeat(100)));
    commands.push(Command::Ask("ľudské práva migrantov".into()));
    for command in commands {
        for lang in [Lang::SK, Lang::EN] {
            let embed = render::markdown(&engine.handle(&command, lang));
            assert!(units(&embed.title) <= limits::TITLE, "{command:?}");
            assert!(
                units(&embed.description) <= limits::DESCRIPTION,
                "{command:?}"
            );
            assert!(embed.fields.len() <= limits::FIELDS);
            assert!(embed.total_len() <= limits::EMBED_TOTAL);
        }
    }
}
