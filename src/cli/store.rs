//! `missionbot store …`: PostgreSQL (`[store]`) made ready and filled:
//! `migrate` brings the schema up to date (safe to run from several
//! processes at once, and again), `import DIR` takes a knowledge directory
//! in as one audited change, `export DIR` writes the stored texts out as
//! files.

use std::path::Path;
use std::process::ExitCode;

use super::CliError;
use crate::config::Config;

/// What `missionbot store` does.
#[derive(Debug, Clone)]
pub enum StoreAction<'a> {
    Migrate,
    Import(&'a Path),
    Export(&'a Path),
}

/// Runs `action` on the store `config` names.
pub fn store(config: &Config, action: StoreAction) -> Result<ExitCode, CliError> {
    if config.store.is_none() {
        return Err(CliError::Usage(
            "missionbot store works on PostgreSQL: add a [store] section (url = \"postgres://…\") \
             to the configuration",
        ));
    }
    run(config, action)
}

#[cfg(feature = "postgres")]
fn run(config: &Config, action: StoreAction) -> Result<ExitCode, CliError> {
    use crate::app;
    use crate::knowledge::Texts;
    use crate::moderation::Editor;
    use crate::store::KnowledgeStore;
    use crate::store::postgres::{PgKnowledge, Postgres};
    let Some(settings) = &config.store else {
        return Ok(ExitCode::FAILURE);
    };
    let pg = Postgres::shared(settings).map_err(|e| CliError::Store(Box::new(e)))?;
    match action {
        StoreAction::Migrate => {
            let applied = pg.migrate().map_err(|e| CliError::Store(Box::new(e)))?;
            match applied.as_slice() {
                [] => println!("ok: the schema at {} is up to date", pg.url()),
                versions => println!(
                    "ok: migrated the schema at {} (applied {versions:?})",
                    pg.url()
                ),
            }
        }
        StoreAction::Import(dir) => {
            let texts =
                Texts::read(dir).map_err(|problems| {
                    CliError::Diagnostic(problems.0.into_iter().next().unwrap_or_else(|| {
                        crate::diagnostic::Diagnostic::file(dir, "cannot be read")
                    }))
                })?;
            if texts.iter().next().is_none() {
                return Err(CliError::Usage(
                    "the directory holds no knowledge files (mission.toml, strategy.toml, …)",
                ));
            }
            let store = PgKnowledge::new(pg.clone());
            let what = format!("store import {}", dir.display());
            let entry =
                Editor::import(&store, &texts, &app::local_user(), &what).map_err(|source| {
                    CliError::Write {
                        dir: dir.to_path_buf(),
                        source,
                    }
                })?;
            println!(
                "imported {} files from {} into {}: change #{} in the audit log",
                texts.iter().count(),
                dir.display(),
                pg.url(),
                entry.id
            );
        }
        StoreAction::Export(dir) => {
            let store = PgKnowledge::new(pg.clone());
            let texts =
                store.read().map_err(|problems| {
                    CliError::Diagnostic(problems.0.into_iter().next().unwrap_or_else(|| {
                        crate::diagnostic::Diagnostic::file(dir, "cannot be read")
                    }))
                })?;
            std::fs::create_dir_all(dir).map_err(|source| CliError::Written {
                path: dir.to_path_buf(),
                source,
            })?;
            for (name, text) in texts.iter() {
                let path = dir.join(name);
                crate::store::files::atomic_write::write_atomic(&path, text.as_bytes()).map_err(
                    |source| CliError::Written {
                        path: path.clone(),
                        source,
                    },
                )?;
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "postgres"))]
fn run(_config: &Config, _action: StoreAction) -> Result<ExitCode, CliError> {
    Err(CliError::Usage(
        "this missionbot was built without the `postgres` feature: build it with \
         `cargo build --features postgres`",
    ))
}
