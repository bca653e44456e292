//! The map in ARCHITECTURE.md, checked against the code: layers reach only down, the import
//! graph of `src/` has no circle (between top-level modules, nor between the files of one
//! directory), and the crates that belong to one module are used only there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::shipped::root;

/// A source file's code as the build sees it outside tests: comments and `#[cfg(test)]`
/// modules dropped, so a doc link or a test helper is not a dependency.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file");
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Every `src/` file, by its path below `src/`, with its code.
fn files() -> BTreeMap<String, String> {
    let src = root().join("src");
    let mut found = Vec::new();
    sources(&src, &mut found);
    found
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&src)
                .expect("below src/")
                .to_string_lossy()
                .replace('\\', "/");
            (name, code(&path))
        })
        .collect()
}

/// The names that follow `prefix` in `code` (`crate::` → `reply`, `search`, …).
fn after(code: &str, prefix: &str) -> BTreeSet<String> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            // Not the tail of a longer path (`missionbot::crate::` does not occur, but
            // `super::super::` would match `super::` twice; both mean the same here).
            *at == 0
                || !code[..*at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The top-level module a file belongs to (`search/index.rs` → `search`).
fn module(file: &str) -> String {
    file.split('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".rs")
        .to_string()
}

/// A circle in `graph`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn lower_layers_never_reach_up() {
    for (file, code) in files() {
        let uses = after(&code, "crate::");
        let forbidden: &[&str] = match module(&file).as_str() {
            "knowledge" => &[
                "search",
                "semantic",
                "reply",
                "engine",
                "moderation",
                "store",
                "learning",
                "site",
            ],
            "lang" => &["reply", "search", "engine", "moderation", "site"],
            "config" => &[
                "reply",
                "search",
                "engine",
                "moderation",
                "learning",
                "site",
            ],
            "store" => &[
                "search",
                "reply",
                "engine",
                "moderation",
                "learning",
                "desk",
                "site",
            ],
            "search" | "semantic" => &["reply", "engine", "moderation", "learning", "desk", "site"],
            "reply" => &[
                "engine",
                "moderation",
                "learning",
                "desk",
                "site",
                "console",
                "cli",
            ],
            "conversation" => &[
                "engine",
                "moderation",
                "learning",
                "desk",
                "site",
                "console",
                "cli",
                "discord",
            ],
            "engine" => &[
                "moderation",
                "learning",
                "desk",
                "site",
                "console",
                "cli",
                "discord",
            ],
            "moderation" | "learning" => &["desk", "site", "app", "console", "cli", "discord"],
            "desk" => &["site", "app", "console", "cli", "discord"],
            "site" => &["app", "console", "cli", "discord"],
            "app" => &["console", "cli", "discord"],
            _ => &[],
        };
        for up in forbidden {
            assert!(
                !uses.contains(*up),
                "src/{file} uses crate::{up}, a layer above it (ARCHITECTURE.md)"
            );
        }
    }
}

#[test]
fn the_import_graph_has_no_circle() {
    let files = files();
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, code) in &files {
        let me = module(file);
        if me == "lib" || me == "main" {
            continue;
        }
        let uses: Vec<String> = after(code, "crate::")
            .into_iter()
            .filter(|m| *m != me)
            .collect();
        modules.entry(me).or_default().extend(uses);
    }
    assert_eq!(circle(&modules), None, "between top-level modules");
    // Within each directory: `super::x` and `crate::dir::x` name a sibling.
    let mut dirs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (file, code) in &files {
        let Some((dir, name)) = file.rsplit_once('/') else {
            continue;
        };
        let me = name.trim_end_matches(".rs").to_string();
        let me = if me == "mod" { String::new() } else { me };
        let prefix = format!("crate::{}::", dir.replace('/', "::"));
        let siblings: Vec<String> = after(code, "super::")
            .into_iter()
            .chain(after(code, &prefix))
            .filter(|s| *s != me)
            .collect();
        dirs.entry(dir.to_string())
            .or_default()
            .entry(me)
            .or_default()
            .extend(siblings);
    }
    for (dir, graph) in dirs {
        assert_eq!(circle(&graph), None, "between the files of src/{dir}");
    }
}

#[test]
fn crates_stay_in_their_modules() {
    for (file, code) in files() {
        let top = module(&file);
        for (krate, home) in [
            ("serenity::", "discord"),
            ("tantivy::", "search"),
            ("rusqlite::", "store"),
            ("sqlx::", "store"),
            ("axum::", "discord"),
            ("notify_debouncer_full::", "store"),
        ] {
            if after(&code, krate).is_empty() && !code.contains(&format!("use {krate}")) {
                continue;
            }
            assert_eq!(
                top, home,
                "src/{file} uses {krate}, which belongs to src/{home}/"
            );
        }
    }
}

#[test]
fn the_checks_can_fail() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    assert_eq!(circle(&graph), None);
    graph.entry("b".into()).or_default().insert("a".into());
    assert!(circle(&graph).is_some());
    assert_eq!(
        after("use crate::reply::Lang; mycrate::y", "crate::"),
        BTreeSet::from(["reply".to_string()])
    );
}
