//! The expansion table kept beside the index (`index/expansions.json`), so
//! a start reads one small file instead of the language resources.
//!
//! Two lines: a header (what the table was built from, and the SHA-256 of
//! the second line) and the table. A table is used only when its stamp is
//! the one expected (the same knowledge, index schema, table format and
//! resource files) and its checksum holds; anything else is built again.
//! It is written to a temporary file and renamed into place, so another
//! process never reads half a table.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Resources, Table};
use crate::knowledge::Knowledge;

/// The file beside the index.
pub const FILE_NAME: &str = "expansions.json";
/// Bump when what a table holds for the same resources changes (weights,
/// how entries are chosen).
const FORMAT: u32 = 2;

/// What a table was built from; any difference means another table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    format: u32,
    /// The index's schema version: the analyzers make the terms.
    schema: u32,
    knowledge: String,
    resources: String,
}

impl Stamp {
    pub fn of(knowledge: &Knowledge, resources: &Resources) -> Self {
        Self {
            format: FORMAT,
            schema: super::super::index::SCHEMA_VERSION,
            knowledge: knowledge.content_hash(),
            resources: resources.digest(knowledge),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    stamp: Stamp,
    /// SHA-256 of the table's line.
    checksum: String,
}

fn checksum(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The table kept in `dir`, if it was built from what `stamp` says.
pub fn load(dir: &Path, stamp: &Stamp) -> Option<Table> {
    let bytes = std::fs::read(dir.join(FILE_NAME)).ok()?;
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
    if header.stamp != *stamp {
        return None;
    }
    let body = bytes[newline + 1..].strip_suffix(b"\n")?;
    if checksum(body) != header.checksum {
        return None;
    }
    serde_json::from_slice(body).ok()
}

/// Keeps `table` in `dir`, replacing what was there in one step.
pub fn save(dir: &Path, stamp: &Stamp, table: &Table) -> io::Result<()> {
    let body = serde_json::to_vec(table).map_err(io::Error::other)?;
    let header = Header {
        stamp: stamp.clone(),
        checksum: checksum(&body),
    };
    let mut bytes = serde_json::to_vec(&header).map_err(io::Error::other)?;
    bytes.push(b'\n');
    bytes.extend_from_slice(&body);
    bytes.push(b'\n');
    let temporary = dir.join(format!(".{FILE_NAME}.{}", std::process::id()));
    std::fs::write(&temporary, &bytes)?;
    std::fs::rename(&temporary, dir.join(FILE_NAME)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::resources::{Field, Kind, Target};

    fn stamp(knowledge: &str) -> Stamp {
        Stamp {
            format: FORMAT,
            schema: 1,
            knowledge: knowledge.into(),
            resources: "r".into(),
        }
    }

    fn table() -> Table {
        let mut table = Table::default();
        table.insert_own(
            "zadarm",
            vec![Target {
                field: Field::Text,
                term: "bezplatn".into(),
                kind: Kind::Synonym,
            }],
        );
        table
    }

    #[test]
    fn a_kept_table_is_used_only_with_its_stamp_and_checksum() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(load(dir.path(), &stamp("a")), None);
        save(dir.path(), &stamp("a"), &table()).expect("saves");
        assert_eq!(load(dir.path(), &stamp("a")), Some(table()));
        assert_eq!(load(dir.path(), &stamp("b")), None, "other knowledge");
        let path = dir.path().join(FILE_NAME);
        let text = std::fs::read_to_string(&path).expect("reads");
        std::fs::write(&path, text.replace("bezplatn", "bezplatm")).expect("damages");
        assert_eq!(load(dir.path(), &stamp("a")), None, "a damaged table");
        std::fs::write(&path, "garbage").expect("damages");
        assert_eq!(load(dir.path(), &stamp("a")), None);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("lists")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [FILE_NAME], "no temporary file left");
    }

    #[test]
    fn the_index_directory_may_hold_the_table() {
        assert!(crate::search::index::FOUND_EMPTY.contains(&FILE_NAME));
    }
}
