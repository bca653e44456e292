//! Fuzzes indexing and searching any passage text: the input's first line is a question and
//! each further line a strategy point (the mission is the first of them); they are loaded the
//! way `knowledge/` is, indexed in memory, searched with the question and with the points'
//! own words, and answered. Nothing may panic, every highlight is a slice of its passage, and
//! every reply fits Discord.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use missionbot::knowledge::{self, MISSION_FILE, STRATEGY_FILE};
use missionbot::reply::answer;
use missionbot::reply::render::{self, limits};
use missionbot::{Command, Engine, Lang};

/// An empty directory: the knowledge files are given as texts, never written.
fn directory() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
}

/// `text` as a TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut lines = input.split('\n');
    let question = lines.next().unwrap_or_default();
    let points: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).take(16).collect();
    let Some(first) = points.first() else {
        return;
    };
    let mission = format!(
        "organization = \"ORG\"\ntitle = \"Poslanie\"\ntext = {}\n\n[[aim]]\nnumber = 1\ntext = {}\n",
        quoted(first),
        quoted(points[points.len() - 1]),
    );
    let mut strategy = String::from("title = \"Stratégia\"\n");
    for (i, point) in points.iter().enumerate() {
        strategy.push_str(&format!(
            "\n[[point]]\nnumber = {}\ntext = {}\ntext_en = {}\n",
            i + 1,
            quoted(point),
            quoted(question)
        ));
    }
    let overrides = [(MISSION_FILE, mission.as_str()), (STRATEGY_FILE, strategy.as_str())];
    // Refused texts (blank, too long) are the loader's to report, not this target's.
    let Ok(knowledge) = knowledge::load_with(directory().path(), &overrides) else {
        return;
    };
    let engine = Engine::in_memory(knowledge, 3).expect("valid knowledge is indexed");
    let knowledge = engine.knowledge();
    let own_words = points.iter().flat_map(|p| p.split_whitespace()).take(8);
    for asked in std::iter::once(question).chain(own_words) {
        let hits = engine.search(asked, 5).expect("search never fails on input");
        for hit in &hits {
            let passage = knowledge.get(hit.id).expect("hits are passages");
            for range in &hit.highlights {
                assert!(passage.text.get(range.clone()).is_some(), "{range:?}");
            }
            let _ = answer::excerpt(&passage.text, &hit.highlights);
        }
        for lang in [Lang::SK, Lang::EN] {
            let embed = render::markdown(&engine.handle(&Command::Ask(asked.to_string()), lang));
            assert!(embed.total_len() <= limits::EMBED_TOTAL);
        }
    }
    let list = render::markdown(&engine.handle(&Command::parse("/strategy"), Lang::SK));
    assert!(list.total_len() <= limits::EMBED_TOTAL);
});
