//! `missionbot site`: the static site of the knowledge written into a
//! directory once: `index.html`, and with `--stats` the statistics page
//! (question texts only with `--include-questions`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::CliError;
use super::learning::unavailable;
use crate::app::App;
use crate::config::Config;
use crate::site::{Options, Publisher, SiteError};

/// What `missionbot site` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Where to write (else `[site] out`).
    pub out: Option<PathBuf>,
    /// The statistics page too (also when `[site] stats` is on).
    pub stats: bool,
    /// The days the statistics look back over (else `[site] days`).
    pub days: Option<u32>,
    /// The texts of the questions without an answer on the statistics page.
    pub include_questions: bool,
}

/// `missionbot site`: the pages written, each named on stdout.
pub fn site(config: &Config, asked: Site) -> Result<ExitCode, CliError> {
    let out = asked
        .out
        .or_else(|| config.site.out.clone())
        .ok_or(CliError::Usage(
            "where to write the site: give --out DIR, or set `out` in [site] of the configuration",
        ))?;
    let options = Options {
        stats: asked.stats || config.site.stats,
        days: asked.days.unwrap_or(config.site.days),
        include_questions: asked.include_questions,
    };
    let app = App::open(config)?;
    let publisher = Publisher::new(out, options, app.engine.clone(), app.editor.store().clone());
    let index = publisher.knowledge()?;
    println!(
        "wrote {} ({} passages)",
        index.display(),
        app.engine.knowledge().passages().len()
    );
    if options.stats {
        match publisher.stats(&app.desk) {
            Ok(path) => println!("wrote {} (the last {} days)", path.display(), options.days),
            Err(SiteError::Stats(error)) => {
                return Ok(unavailable(&error, app.engine.language()));
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(ExitCode::SUCCESS)
}
