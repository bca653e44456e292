//! A knowledge base whose long points separate their words with no-break, thin, narrow
//! no-break and ideographic spaces and line separators (text pasted from the web, typed into
//! Discord's modal): `search --json`, `ask` and the console answer questions whose words stand
//! far into those points, and nothing panics.

use crate::support::workspace::{Workspace, stderr, stdout};

/// The whitespace characters each run of the test puts between every two words.
const SPACES: [(char, &str); 5] = [
    ('\u{a0}', "no-break space"),
    ('\u{2009}', "thin space"),
    ('\u{202f}', "narrow no-break space"),
    ('\u{3000}', "ideographic space"),
    ('\u{2028}', "line separator"),
];

/// Words of point 7, more than 75 characters into its 400.
const QUESTION: &str = "pochopenie príležitostí a výziev";

#[test]
fn long_points_with_unusual_spaces_are_searched_asked_and_answered() {
    for (space, name) in SPACES {
        let ws = Workspace::new();
        let strategy = ws.knowledge_text("strategy.toml");
        // Every space inside the texts (not the TOML around them) becomes `space`.
        let spaced: String = strategy
            .lines()
            .map(|line| match line.split_once("= \"") {
                Some((key, text)) if key.starts_with("text") => {
                    format!("{key}= \"{}", text.replace(' ', &space.to_string()))
                }
                _ => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        ws.edit_knowledge("strategy.toml", &spaced);
        let point_7 = missionbot::knowledge::load(&ws.path("knowledge"))
            .expect("valid")
            .point(7)
            .map(|p| p.text.clone())
            .expect("point 7");
        assert!(
            point_7.chars().count() > 300 && point_7.contains(space),
            "{name}"
        );
        let at = point_7.find("pochopenie").expect("the question's word");
        assert!(
            point_7[..at].chars().count() > 75,
            "{name}: deep into the point"
        );

        let search = ws.run(&["search", "--json", QUESTION], b"");
        assert!(search.status.success(), "{name}: {}", stderr(&search));
        let json: serde_json::Value =
            serde_json::from_str(stdout(&search).trim()).expect("one JSON line");
        let best = &json["hits"][0];
        assert_eq!(best["id"], "strategy-7", "{name}: {json}");
        let snippet = best["snippet"].as_str().expect("a snippet");
        assert!(
            snippet.contains("**pochopenie**") && snippet.starts_with('…'),
            "{name}: a window around the match: {snippet:?}"
        );

        let ask = ws.run(&["ask", QUESTION], b"");
        assert!(ask.status.success(), "{name}: {}", stderr(&ask));
        assert!(
            stdout(&ask).starts_with("Stratégia IOM, bod 7\n"),
            "{name}: {}",
            stdout(&ask)
        );

        let console = ws.run(
            &["console"],
            format!("{QUESTION}\n/strategy 7\n/strategy\n").as_bytes(),
        );
        assert!(console.status.success(), "{name}: {}", stderr(&console));
        let out = stdout(&console);
        assert_eq!(
            out.matches("Stratégia IOM, bod 7\n").count(),
            2,
            "{name}: {out}"
        );
        for output in [&search, &ask, &console] {
            assert!(
                !stderr(output).contains("panicked"),
                "{name}: {}",
                stderr(output)
            );
        }
    }
}
