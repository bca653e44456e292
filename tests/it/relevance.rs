//! Relevance regression: the public sets (copies in `tests/data/eval/`: keyword-like
//! questions and questions as people type them in chat) and the project's own cases
//! (`tests/relevance/`) must keep their figures.

use std::path::Path;

use crate::support::shipped::{engine, root};
use crate::support::workspace::Workspace;
use missionbot::Engine;
use missionbot::eval::{self, Outcome, Scores};

fn outcomes(file: &Path) -> Vec<Outcome> {
    outcomes_on(&engine(), file)
}

fn outcomes_on(engine: &Engine, file: &Path) -> Vec<Outcome> {
    let cases = eval::load_cases(file).expect("relevance cases parse");
    assert!(!cases.is_empty(), "{} has no cases", file.display());
    eval::run(engine, &cases).expect("search works")
}

fn misses(outcomes: &[&Outcome]) -> String {
    outcomes
        .iter()
        .filter(|o| !o.hit_at(1))
        .map(|o| {
            let top: Vec<String> = o.top.iter().map(|h| h.id.to_string()).collect();
            format!(
                "  [{}] {:?} expected {:?}, got {:?}",
                o.case.kind, o.case.query, o.case.expect, top
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks hit@1 and MRR over all cases (English included) and that every
/// off-topic case abstains.
fn check(outcomes: &[Outcome], min_hit1: f64, min_mrr: f64) {
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let scores = Scores::of(all.iter().copied());
    println!("{}", eval::report(outcomes, false));
    assert!(
        scores.hit1 >= min_hit1 && scores.mrr >= min_mrr,
        "hit@1 {:.3} (want {min_hit1}), MRR {:.3} (want {min_mrr}) over {} cases; misses:\n{}",
        scores.hit1,
        scores.mrr,
        scores.cases,
        misses(&all)
    );
    let off_topic: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind == "off-topic")
        .collect();
    assert!(!off_topic.is_empty(), "the set has off-topic cases");
    let answered: Vec<&Outcome> = off_topic.iter().copied().filter(|o| !o.hit_at(1)).collect();
    assert!(
        answered.is_empty(),
        "off-topic questions answered:\n{}",
        misses(&answered)
    );
    let english: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind == "english")
        .collect();
    assert!(!english.is_empty(), "the set has English cases");
}

#[test]
fn public_relevance_set_holds_its_figures() {
    let file = root().join("tests/data/eval/queries.toml");
    check(&outcomes(&file), 0.95, 0.97);
}

#[test]
fn own_relevance_cases_hold_their_figures() {
    let file = root().join("tests/relevance/extra.toml");
    check(&outcomes(&file), 0.93, 0.95);
}

/// Checks hit@1 over all cases of a chat set and that every case that should
/// get "nothing relevant" (kinds `abstain-chat` and `abstain-near`) does.
fn check_chat(outcomes: &[Outcome], min_hit1: f64) {
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let scores = Scores::of(all.iter().copied());
    println!("{}", eval::report(outcomes, false));
    assert!(
        scores.hit1 >= min_hit1,
        "hit@1 {:.3} (want {min_hit1}) over {} cases; misses:\n{}",
        scores.hit1,
        scores.cases,
        misses(&all)
    );
    let abstain: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind.starts_with("abstain"))
        .collect();
    assert!(
        abstain.iter().any(|o| o.case.kind == "abstain-chat")
            && abstain.iter().any(|o| o.case.kind == "abstain-near"),
        "the set has both kinds of questions to abstain on"
    );
    assert!(abstain.iter().all(|o| o.case.expect.is_empty()));
    let answered: Vec<&Outcome> = abstain.iter().copied().filter(|o| !o.hit_at(1)).collect();
    assert!(
        answered.is_empty(),
        "questions that should get nothing relevant were answered:\n{}",
        misses(&answered)
    );
    assert_eq!(scores.abstained, Some(1.0), "eval reports abstention apart");
}

#[test]
fn public_chat_set_holds_its_figures() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/eval/chat.toml");
    check_chat(&outcomes(&file), 0.95);
}

/// The public set of chat messages by another author: the figures reached
/// (words only), as a floor. Its paraphrases are what words alone answer
/// worst; `BENCHMARKS.md` and the issue notes give the figures per kind.
#[test]
fn public_chat_2_set_holds_its_figures() {
    let file = root().join("tests/data/eval/chat-2.toml");
    let outcomes = outcomes(&file);
    let scores = Scores::of(&outcomes);
    println!("{}", eval::report(&outcomes, false));
    let all: Vec<&Outcome> = outcomes.iter().collect();
    assert!(
        scores.hit1 >= 0.82,
        "hit@1 {:.3}; misses:\n{}",
        scores.hit1,
        misses(&all)
    );
    let kinds = eval::by_kind(&outcomes);
    for kind in ["point-ref", "chat", "multi", "czech", "mission-aims"] {
        assert_eq!(kinds[kind].hit1, 1.0, "{kind}: misses:\n{}", misses(&all));
    }
    assert!(scores.abstained.is_some_and(|a| a >= 0.95));
}

/// The public conversations: each turn read against the answers before it.
#[test]
fn public_conversations_hold_their_figures() {
    let engine = engine();
    let mut set =
        eval::load_set(&root().join("tests/data/eval/conversations.toml")).expect("the set parses");
    for conversation in &mut set.conversations {
        eval::resolve(&engine.knowledge(), &mut conversation.turns).expect("ids resolve");
    }
    let outcomes = eval::run_conversations(&engine, &set.conversations).expect("search works");
    println!("{}", eval::report(&outcomes, false));
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let scores = Scores::of(&outcomes);
    assert!(
        scores.hit1 >= 0.95,
        "hit@1 {:.3}; misses:\n{}",
        scores.hit1,
        misses(&all)
    );
    assert_eq!(
        scores.abstained,
        Some(1.0),
        "thanks and small talk get no answer"
    );
}

#[test]
fn own_chat_cases_hold_their_figures() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance/chat.toml");
    check_chat(&outcomes(&file), 0.93);
}

/// Checks a set of questions to another organization's knowledge: hit@1 over all cases
/// (questions to abstain on included), every kind the set must have, and that small talk
/// always gets "nothing relevant".
fn check_org(outcomes: &[Outcome], kinds: &[&str], min_hit1: f64) {
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let scores = Scores::of(all.iter().copied());
    println!("{}", eval::report(outcomes, false));
    for kind in kinds {
        assert!(
            outcomes.iter().any(|o| o.case.kind == *kind),
            "the set has {kind} cases"
        );
    }
    assert!(
        scores.hit1 >= min_hit1,
        "hit@1 {:.3} (want {min_hit1}) over {} cases; misses:\n{}",
        scores.hit1,
        scores.cases,
        misses(&all)
    );
    let small_talk: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind == "abstain-chat")
        .collect();
    let answered: Vec<&Outcome> = small_talk
        .iter()
        .copied()
        .filter(|o| !o.hit_at(1))
        .collect();
    assert!(
        answered.is_empty(),
        "small talk answered:\n{}",
        misses(&answered)
    );
}

const ORG_KINDS: &[&str] = &[
    "keyword",
    "inflected",
    "question",
    "chat",
    "point-ref",
    "mission-aims",
    "abstain-chat",
    "abstain-near",
];

#[test]
fn an_english_organizations_knowledge_holds_its_figures() {
    let ws = Workspace::importing("en-open-shelf.txt", "Open Shelf");
    let outcomes = outcomes_on(&ws.engine(), &root().join("tests/relevance/org-en.toml"));
    check_org(&outcomes, &[ORG_KINDS, &["typo"]].concat(), 0.90);
}

#[test]
fn a_czech_organizations_knowledge_holds_its_figures() {
    let ws = Workspace::importing("cs-dobry-soused.txt", "Dobrý soused");
    let outcomes = outcomes_on(&ws.engine(), &root().join("tests/relevance/org-cs.toml"));
    check_org(&outcomes, &[ORG_KINDS, &["no-diacritics"]].concat(), 0.90);
}

/// The questions over each real document of another organization
/// (`tests/data/documents/questions/`, quotes of the passages that answer),
/// asked of its import with nothing written for it: no glossary, no
/// `questions`. Prints hit@1 per document, then overall and for English
/// questions over the Slovak and Czech documents.
#[test]
fn real_documents_of_other_organizations_hold_their_figures() {
    let dir = root().join("tests/data/documents/questions");
    let conversations = eval::load_set(&dir.join("conversations.toml"))
        .expect("the conversations parse")
        .conversations;
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the questions")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml") && n != "conversations.toml")
        .collect();
    names.sort();
    let documents = root().join("tests/data/documents");
    let mut all = Vec::new();
    let mut english_over_other = Vec::new();
    let mut turns = Vec::new();
    println!("document                          cases  hit@1  turns  hit@1");
    for name in &names {
        let stem = name.trim_end_matches(".toml");
        let file = std::fs::read_dir(&documents)
            .expect("the documents")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|f| {
                f.rsplit_once('.')
                    .is_some_and(|(s, ext)| s == stem && ext != "toml")
            })
            .unwrap_or_else(|| panic!("no document for {name}"));
        let engine = crate::import_documents::engine_of(&file);
        let knowledge = engine.knowledge();
        let mut set = eval::load_set(&dir.join(name)).expect("the questions parse");
        eval::resolve(&knowledge, &mut set.cases).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut talks: Vec<eval::Conversation> = conversations
            .iter()
            .filter(|c| c.document.as_deref() == Some(file.as_str()))
            .cloned()
            .collect();
        for talk in &mut talks {
            eval::resolve(&knowledge, &mut talk.turns).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
        let outcomes = eval::run(&engine, &set.cases).expect("search works");
        let talked = eval::run_conversations(&engine, &talks).expect("search works");
        let here = Scores::of(outcomes.iter());
        let said = Scores::of(talked.iter());
        println!(
            "{stem:<33} {:>5}  {:.3}  {:>5}  {:.3}",
            here.cases, here.hit1, said.cases, said.hit1
        );
        if !stem.starts_with("en-") {
            english_over_other.extend(
                outcomes
                    .iter()
                    .filter(|o| o.case.kind == "english")
                    .cloned(),
            );
        }
        all.extend(outcomes);
        turns.extend(talked);
    }
    let overall = Scores::of(all.iter());
    let english = Scores::of(english_over_other.iter());
    let talked = Scores::of(turns.iter());
    println!(
        "overall {:.3} over {} cases; English over sk/cs {:.3} over {}; conversation turns {:.3} over {}",
        overall.hit1, overall.cases, english.hit1, english.cases, talked.hit1, talked.cases
    );
    println!("{}", eval::report(&all, false));
    // Floors at the figures reached, so they only rise (the goal is 0.85
    // overall and 0.7 for English over sk/cs).
    assert!(overall.cases >= 500, "{} cases", overall.cases);
    // With the language resources (`lang/`): 0.463, English 0.446, turns 0.573.
    assert!(overall.hit1 >= 0.47, "overall hit@1 {:.3}", overall.hit1);
    assert!(
        english.hit1 >= 0.45,
        "English over sk/cs {:.3}",
        english.hit1
    );
    assert!(talked.hit1 >= 0.56, "conversation turns {:.3}", talked.hit1);
}

/// A question whose best passage leads clearly, though with little
/// evidence, is answered with a hedge and marked tentative; one the words
/// decide is answered plainly; thanks still get nothing.
#[test]
fn a_clear_lead_below_the_evidence_rule_is_answered_with_a_hedge() {
    use missionbot::command::Command;
    use missionbot::reply::Lang;
    let engine = crate::import_documents::engine_of("sk-spy-o-nas.txt");
    let question = "sú meetupy len pre pokročilých borcov?";
    let found = engine.find(question, 3).expect("search works");
    let lead = found.hits.first().expect("an answer");
    assert!(lead.tentative, "{lead:?}");
    assert_eq!(found.hits.len(), 1, "only the leading passage");
    let reply = engine.handle(&Command::parse(question), Lang::SK);
    let said = reply.body.to_plain();
    assert!(said.starts_with("Presnú odpoveď som nenašiel"), "{said}");
    assert!(said.contains("meetup"), "{said}");

    let plain = engine.find("čo je EduSummit?", 3).expect("search works");
    assert!(
        plain.hits.first().is_some_and(|h| !h.tentative),
        "{plain:?}"
    );
    let thanks = engine.find("ďakujem, pekný deň", 3).expect("search works");
    assert!(thanks.hits.is_empty(), "{thanks:?}");
}
