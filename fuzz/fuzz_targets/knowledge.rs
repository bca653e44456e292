//! Fuzzes the knowledge loader: any bytes as `strategy.toml` (beside the shipped
//! mission) load or are refused with located diagnostics; nothing panics.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use missionbot::knowledge::{self, MISSION_FILE, STRATEGY_FILE, SYNONYMS_FILE};

fn workspace() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge");
        std::fs::copy(shipped.join(MISSION_FILE), dir.path().join(MISSION_FILE)).expect("copy");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = workspace().path();
    // The first byte picks which file the input replaces.
    let (target, body) = match data.split_first() {
        Some((b, rest)) if b % 3 == 0 => (SYNONYMS_FILE, rest),
        Some((_, rest)) => (STRATEGY_FILE, rest),
        None => (STRATEGY_FILE, data),
    };
    std::fs::write(dir.join(target), body).expect("write input");
    if target == SYNONYMS_FILE {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge");
        std::fs::copy(shipped.join(STRATEGY_FILE), dir.join(STRATEGY_FILE)).expect("copy");
    } else {
        let _ = std::fs::remove_file(dir.join(SYNONYMS_FILE));
    }
    match knowledge::load(dir) {
        Ok(k) => assert!(!k.points().is_empty()),
        Err(problems) => {
            assert!(!problems.0.is_empty());
            for problem in &problems.0 {
                assert!(!problem.message.is_empty());
            }
        }
    }
});
