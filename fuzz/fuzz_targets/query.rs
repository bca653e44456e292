//! Fuzzes the question path: any bytes as a console line → command → search →
//! reply → Discord markdown. Nothing may panic and every reply must fit Discord.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use missionbot::reply::render::{self, limits, units};
use missionbot::{Command, Engine, Lang};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge");
        Engine::in_memory_from(&dir, 3).expect("the shipped knowledge loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let english = data.first().is_some_and(|b| b % 2 == 1);
    let lang = if english { Lang::EN } else { Lang::SK };
    let reply = engine().handle(&Command::parse(&line), lang);
    let embed = render::markdown(&reply);
    assert!(units(&embed.description) <= limits::DESCRIPTION);
    assert!(embed.total_len() <= limits::EMBED_TOTAL);
    let _ = engine().search(&line, 10).expect("search never fails on input");
});
