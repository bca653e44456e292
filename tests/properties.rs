//! Properties that hold for any input: search never fails or panics, replies
//! always fit Discord, rendering never cuts inside a character, escape or bold
//! marker, and the analyzer is deterministic.

mod support;

use std::sync::OnceLock;

use missionbot::reply::RichText;
use missionbot::reply::render::{self, limits, units};
use missionbot::search::analyzer::{Analyzers, query_words};
use missionbot::{Command, Engine, Lang};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(support::shipped::engine)
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

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
        let lang = if english { Lang::En } else { Lang::Sk };
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
        for language in missionbot::Lang::ALL {
            let first = query_words(&mut Analyzers::new(language), &q);
            let mut reused = Analyzers::new(language);
            let _ = query_words(&mut reused, "warm up with something else");
            prop_assert_eq!(first, query_words(&mut reused, &q));
        }
    }
}
