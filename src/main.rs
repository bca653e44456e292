//! The `missionbot` binary.
fn main() {}
