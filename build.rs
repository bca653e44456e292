//! Finds the locale files of the bot's words (`locales/<tag>.ftl`) and embeds
//! them: the languages the bot speaks are the files found here, so adding one
//! is adding a file. Writes `$OUT_DIR/locales.rs`, a list of (tag, text)
//! sorted by tag, which `src/reply/lang.rs` includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The languages the code names (`Lang::SK`, `CS`, `EN`): their files must exist.
const REQUIRED: [&str; 3] = ["sk", "cs", "en"];

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dir = manifest.join("locales");
    // A directory: cargo reruns this when a file in it is added, removed or changed.
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = locale_files(&dir);
    files.sort();
    for tag in REQUIRED {
        if !files.iter().any(|(t, _)| t == tag) {
            panic!(
                "{} has no {tag}.ftl: the code names this language",
                dir.display()
            );
        }
    }
    let mut out = String::from(
        "/// The locale files found at build time: their language tag (the file's\n\
         /// name) and their text, sorted by tag.\n\
         pub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for (tag, path) in &files {
        let path = path.to_str().expect("locale paths are UTF-8");
        writeln!(out, "    ({tag:?}, include_str!({path:?})),").expect("writes to a string");
    }
    out.push_str("];\n");
    let target = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets it")).join("locales.rs");
    fs::write(&target, out).expect("OUT_DIR is writable");
}

/// Every `<tag>.ftl` in `dir`, with its tag; a name that is no language tag
/// (letters, digits and hyphens, starting with a letter) fails the build.
fn locale_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.expect("a readable directory").path();
        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
            continue;
        }
        let tag = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let valid = tag.starts_with(|c: char| c.is_ascii_alphabetic())
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            panic!(
                "{}: a locale file is named by its language tag (de.ftl, pt-BR.ftl)",
                path.display()
            );
        }
        files.push((tag, path));
    }
    files
}
