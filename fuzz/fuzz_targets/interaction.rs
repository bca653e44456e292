//! Fuzzes the interaction decoder: any bytes as an INTERACTION_CREATE payload
//! decode or are refused, and a decoded command gets a reply that fits Discord.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use missionbot::discord::{Asked, Route, decode};
use missionbot::reply::render::{self, limits};
use missionbot::{Engine, Lang};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge");
        Engine::in_memory_from(&dir, 3).expect("the shipped knowledge loads")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(Route::Command(Asked::Member { command, .. })) =
        decode(data, &engine().knowledge())
    {
        let embed = render::markdown(&engine().handle(&command, Lang::SK));
        assert!(embed.total_len() <= limits::EMBED_TOTAL);
    }
});
