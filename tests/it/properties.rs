//! Properties that hold for any input: search never fails or panics, replies
//! always fit Discord, rendering never cuts inside a character, escape or bold
//! marker, and the analyzer is deterministic. The input is a question, or the
//! passages themselves: a knowledge base of generated points (every Unicode
//! whitespace between words, combining marks, emoji sequences, right-to-left
//! text, points of up to 4000 characters) is indexed and searched, answered,
//! listed and rendered.

use std::sync::OnceLock;

use missionbot::knowledge::{self, Knowledge, MAX_TEXT_CHARS, MISSION_FILE, STRATEGY_FILE};
use missionbot::reply::render::{self, Emphasis, limits, units};
use missionbot::reply::{RichText, answer};
use missionbot::search::analyzer::{Analyzers, query_words};
use missionbot::{Command, Engine, Lang};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// The cases proptest found failing, replayed before new ones: `properties.proptest-regressions`
/// beside this file. proptest's default looks beside the directory with the binary's
/// `main.rs` instead (`tests/proptest-regressions/properties.txt`), where it would find none.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(crate::support::shipped::engine)
}

/// Questions mixing the knowledge's words, query syntax, emoji, combining
/// marks, right-to-left text, invisible and control characters.
fn question() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("migrácia".to_string()),
        Just("nelegálnej".to_string()),
        Just("ľuďmi".to_string()),
        Just("AND".to_string()),
        Just("\"*:(~^-".to_string()),
        Just("🙂".to_string()),
        Just("a\u{301}".to_string()),
        Just("مرحبا".to_string()),
        Just("\u{200b}\u{feff}\u{202e}".to_string()),
        Just("\0\t\r\n".to_string()),
        "[a-zžščťďľňáéíóúýôä]{1,12}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.join(" "))
}

/// Every character Unicode calls whitespace, and the tab and line breaks.
const WHITESPACE: &[char] = &[
    ' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
];

/// A word of a passage: the knowledge's own words, words with combining marks, emoji
/// sequences (ZWJ families, flags, skin tones), right-to-left text and marks, markdown
/// characters, or anything.
fn passage_word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop_oneof![
            Just("migrácia"),
            Just("nelegálnej"),
            Just("ľuďmi"),
            Just("obchodovaniu"),
            Just("utečencov"),
            Just("migrants"),
        ]
        .prop_map(String::from),
        3 => "[a-zžščťďľňáéíóúýôä]{1,14}",
        1 => Just("mi\u{301}gra\u{301}cia".to_string()),
        1 => Just("a\u{301}\u{302}\u{303}\u{304}".to_string()),
        1 => Just("👩\u{200d}👩\u{200d}👧\u{200d}👦".to_string()),
        1 => Just("🇸🇰👍🏽".to_string()),
        1 => Just("مرحبا\u{200f}عالم".to_string()),
        1 => Just("\u{202e}migrácia\u{202c}".to_string()),
        1 => Just("\u{200b}\u{feff}\u{2060}\u{ad}".to_string()),
        1 => Just("**_~`|>@everyone\\".to_string()),
        1 => Just("x".repeat(60)),
        1 => any::<String>().prop_filter("something", |w| !w.is_empty()),
    ]
}

/// A passage: words joined by any whitespace, sometimes repeated to 300 characters or
/// more, up to the longest text the knowledge accepts.
fn passage_text() -> impl Strategy<Value = String> {
    let joined = prop::collection::vec((passage_word(), prop::sample::select(WHITESPACE)), 1..40)
        .prop_map(|words| {
            let mut text = String::new();
            for (word, space) in words {
                text.push_str(&word);
                text.push(space);
            }
            text
        });
    (
        joined,
        prop_oneof![Just(1usize), 2..20usize, Just(400usize)],
    )
        .prop_map(|(text, times)| {
            let text: String = text.repeat(times).chars().take(MAX_TEXT_CHARS).collect();
            if text.trim().is_empty() {
                format!("migrácia{text}")
            } else {
                text
            }
        })
}

/// A TOML basic string holding `text` exactly.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// A knowledge base whose strategy points (and mission) are `points`, loaded the way
/// `knowledge/` is, so the loader's checks apply; `None` for a text it refuses (blank after
/// trimming, say).
fn knowledge_of(points: &[String], english: Option<&str>) -> Option<Knowledge> {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let en = |text: &str| format!("text_en = {}\n", toml_string(text));
    let mission = format!(
        "organization = \"ORG\"\ntitle = \"Poslanie ORG\"\ntext = {}\n{}\n[[aim]]\nnumber = 1\ntext = {}\n",
        toml_string(&points[0]),
        english.map(en).unwrap_or_default(),
        toml_string(points.last().map_or("ciel", String::as_str)),
    );
    let mut strategy = "title = \"Stratégia ORG\"\n".to_string();
    for (i, text) in points.iter().enumerate() {
        strategy.push_str(&format!(
            "\n[[point]]\nnumber = {}\ntext = {}\n{}",
            i + 1,
            toml_string(text),
            english.map(en).unwrap_or_default()
        ));
    }
    knowledge::load_with(
        dir.path(),
        &[(MISSION_FILE, &mission), (STRATEGY_FILE, &strategy)],
    )
    .ok()
}

/// The byte range is a slice of `text` that starts and ends between characters.
fn is_slice_of(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end && text.get(range.clone()).is_some()
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn any_passage_text_is_searched_answered_and_rendered(
        points in prop::collection::vec(passage_text(), 1..5),
        english in prop::option::of(passage_text()),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
    ) {
        let Some(knowledge) = knowledge_of(&points, english.as_deref()) else {
            return Ok(());
        };
        let engine = Engine::in_memory(knowledge, 3).expect("any valid knowledge is indexed");
        let knowledge = engine.knowledge();
        // Questions made of the passages' own words, so matches fall anywhere in them.
        let words: Vec<&str> = points
            .iter()
            .chain(&english)
            .flat_map(|p| p.split_whitespace())
            .collect();
        let mut questions: Vec<String> = picks.iter().map(|i| i.get(&words).to_string()).collect();
        questions.push(questions.join(" "));
        for question in &questions {
            let hits = engine.search(question, 5).expect("search never fails");
            for hit in &hits {
                let passage = knowledge.get(hit.id).expect("hits are passages");
                for range in &hit.highlights {
                    prop_assert!(is_slice_of(&passage.text, range), "{range:?}");
                }
                for range in &hit.highlights_en {
                    let text = passage.text_en.as_deref().unwrap_or_default();
                    prop_assert!(is_slice_of(text, range), "{range:?}");
                }
                // What `search --json` prints for the hit.
                let snippet = answer::excerpt(&passage.text, &hit.highlights);
                prop_assert!(snippet.to_plain().chars().count() <= 302);
            }
            for lang in [Lang::SK, Lang::EN] {
                let reply = engine.handle(&Command::Ask(question.clone()), lang);
                let embed = render::markdown(&reply);
                prop_assert!(units(&embed.title) <= limits::TITLE);
                prop_assert!(units(&embed.description) <= limits::DESCRIPTION);
                for (name, value) in &embed.fields {
                    prop_assert!(units(name) <= limits::FIELD_NAME);
                    prop_assert!(units(value) <= limits::FIELD_VALUE);
                }
                prop_assert!(embed.total_len() <= limits::EMBED_TOTAL);
                let _ = render::plain(&reply, Emphasis::Stars);
            }
        }
        for line in ["/strategy", "/strategy 1", "/mission", "/aims"] {
            for lang in [Lang::SK, Lang::EN] {
                let reply = engine.handle(&Command::parse(line), lang);
                prop_assert!(render::markdown(&reply).total_len() <= limits::EMBED_TOTAL);
                let _ = render::plain(&reply, Emphasis::Ansi);
            }
        }
        for text in &points {
            for max in [1, 40, 110, 299] {
                let short = answer::shorten(text, max);
                prop_assert!(short.chars().count() <= max + 1, "{short:?}");
            }
            let window = missionbot::search::snippet(text, &[], 300);
            prop_assert!(is_slice_of(text, &window));
        }
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn search_accepts_any_text(q in question()) {
        let hits = engine().search(&q, 5).expect("search never fails on input");
        prop_assert!(hits.len() <= 5);
        let knowledge = engine().knowledge();
        for hit in &hits {
            let passage = knowledge.get(hit.id).expect("hits are passages");
            for range in &hit.highlights {
                prop_assert!(passage.text.get(range.clone()).is_some());
            }
            prop_assert!(hit.score.is_finite() && hit.coverage > 0.0 && hit.coverage <= 1.0);
        }
    }

    #[test]
    fn every_answer_fits_discord(q in question(), english in any::<bool>()) {
        let lang = if english { Lang::EN } else { Lang::SK };
        let embed = render::markdown(&engine().handle(&Command::Ask(q), lang));
        prop_assert!(units(&embed.title) <= limits::TITLE);
        prop_assert!(units(&embed.description) <= limits::DESCRIPTION);
        prop_assert!(embed.fields.len() <= limits::FIELDS);
        for (name, value) in &embed.fields {
            prop_assert!(units(name) <= limits::FIELD_NAME);
            prop_assert!(units(value) <= limits::FIELD_VALUE);
        }
        prop_assert!(embed.total_len() <= limits::EMBED_TOTAL);
    }

    #[test]
    fn rendering_cuts_cleanly(text in any::<String>(), cut in 0usize..64, limit in 1usize..80) {
        let boundary = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
        let rich = RichText::highlighted(&text, &[0..boundary]);
        let out = render::markdown_text(&rich, limit);
        prop_assert!(units(&out) <= limit.max(1));
        prop_assert_eq!(out.matches("**").count() % 2, 0, "unbalanced bold in {:?}", out);
        let body = out.trim_end_matches('…');
        let trailing = body.chars().rev().take_while(|&c| c == '\\').count();
        prop_assert_eq!(trailing % 2, 0, "dangling escape in {:?}", out);
        prop_assert!(units(&render::cut(&text, limit)) <= limit);
    }

    #[test]
    fn the_analyzer_is_deterministic(q in question()) {
        for language in missionbot::knowledge::Language::ALL {
            let first = query_words(&mut Analyzers::new(language), &q);
            let mut reused = Analyzers::new(language);
            let _ = query_words(&mut reused, "warm up with something else");
            prop_assert_eq!(first, query_words(&mut reused, &q));
        }
    }
}
