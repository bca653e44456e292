//! `missionbot import FILE`: a document (plain text, Markdown or HTML) made
//! into knowledge, with a report of where every line went, written through
//! the editor's one change path (locked, validated, audited) into the
//! configured knowledge or another directory; `--dry-run` shows it all and
//! writes nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use crate::app;
use crate::config::Config;
use crate::knowledge::{Language, import};
use crate::moderation::Editor;
use crate::store::{FileStore, KnowledgeStore};

/// What to import and where.
pub struct Import<'a> {
    pub file: &'a Path,
    /// The organization's short name, when the document does not tell it.
    pub organization: Option<String>,
    /// Another directory than the configured knowledge (its audit log beside it).
    pub out: Option<PathBuf>,
    /// Replace knowledge that is already there.
    pub force: bool,
    pub language: Option<Language>,
    /// Show the files and the report; write nothing.
    pub dry_run: bool,
    /// Input lines to keep although the rules leave them out.
    pub keep: import::Keep,
}

pub fn import(config: &Config, import: Import) -> Result<ExitCode, CliError> {
    let file = import.file;
    let bytes = std::fs::read(file).map_err(|source| CliError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| CliError::NotUtf8(file.to_path_buf()))?;
    let options = import::Options {
        organization: import.organization,
        language: import.language,
        keep: import.keep.0,
    };
    let format = import::Format::of(file, &text);
    let imported = import::import(&text, format, &options).map_err(|source| CliError::Import {
        path: file.to_path_buf(),
        source,
    })?;
    if import.dry_run {
        for (name, content) in imported.texts.iter() {
            println!("── {name} ──\n{content}");
        }
        println!("── report: {} ──\n{}", file.display(), imported.report);
        println!("{} (dry run: nothing written)", imported.summary());
        return Ok(ExitCode::SUCCESS);
    }
    // Where every line went, for the operator to read over.
    eprint!("{}", imported.report);
    let (dir, audit_log) = match import.out {
        Some(dir) => (dir.clone(), dir.join("audit.jsonl")),
        None => (config.knowledge_dir.clone(), config.audit_log.clone()),
    };
    let store = FileStore::new(dir.clone(), audit_log);
    if !import.force
        && let Ok(existing) = store.read()
        && let Some((name, _)) = existing.iter().next()
    {
        return Err(CliError::Exists(dir.join(name)));
    }
    let texts = &imported.texts;
    let what = format!("import {}", file.display());
    let entry = Editor::import(&store, texts, &app::local_user(), &what).map_err(|source| {
        CliError::Write {
            dir: dir.clone(),
            source,
        }
    })?;
    println!(
        "imported {} (language: {}; `language` in mission.toml)",
        imported.summary(),
        imported.document.language,
    );
    for (name, _) in texts.iter() {
        println!("wrote {}", dir.join(name).display());
    }
    println!("recorded as change #{} in the audit log", entry.id);
    Ok(ExitCode::SUCCESS)
}
