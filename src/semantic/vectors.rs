//! The passages' vectors: every `text`, `text_en` and question of the
//! knowledge embedded, with each vector's calibration mean, built through the
//! service and kept beside the index (`index/vectors.bin`).
//!
//! The file is stamped with what the vectors depend on: the model, its
//! dimension, the prefixes, the knowledge's content hash and the calibration
//! bank. A file whose stamp differs, or whose checksum fails, is not used.
//! Each vector is keyed by the hash of the exact text embedded, so a
//! rebuild after a moderator's change embeds only the texts that are new.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::calibrate::{self, GENERIC_QUESTIONS};
use super::client::{Client, EmbedError, Side};
use crate::knowledge::Knowledge;

/// The file beside the index.
pub const FILE_NAME: &str = "vectors.bin";
/// Bump when the file's layout or what is embedded changes.
const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"MBVECS1\n";
/// Texts per request while building.
const BATCH: usize = 32;

/// What a set of vectors was made from; any difference means other vectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub format: u32,
    pub model: String,
    pub dimension: usize,
    pub query_prefix: String,
    pub passage_prefix: String,
    pub knowledge: String,
    pub bank: String,
}

/// The header of the file: the stamp, and what each stored vector is.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    stamp: Stamp,
    /// Per passage vector: the passage's ordinal and its text's key.
    owners: Vec<u32>,
    keys: Vec<String>,
    /// Per bank question vector: its text's key.
    bank_keys: Vec<String>,
    /// SHA-256 of the floats that follow the header.
    checksum: String,
}

/// The vectors of one knowledge, ready to score questions against.
pub struct VectorSet {
    /// The knowledge they belong to: a question is scored only against the
    /// vectors of the snapshot it is asked of.
    pub knowledge: Arc<Knowledge>,
    pub stamp: Stamp,
    owners: Vec<u32>,
    keys: Vec<String>,
    /// Passage vectors, unit length, `dimension` floats each.
    vectors: Vec<f32>,
    /// Per passage vector: its mean similarity over the bank.
    means: Vec<f32>,
    bank_keys: Vec<String>,
    bank: Vec<f32>,
}

/// What a build did, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Built {
    pub vectors: usize,
    /// How many texts had to be embedded (the rest were reused).
    pub embedded: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum VectorsError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error("passage vectors: {0}")]
    Io(#[from] io::Error),
}

fn key(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The texts to embed for each passage, organization's name left out: its
/// text, English translation and questions, as (ordinal, text).
fn passage_texts(knowledge: &Knowledge) -> Vec<(u32, String)> {
    let organization = &knowledge.organization;
    let mut texts = Vec::new();
    for (ordinal, passage) in knowledge.passages().iter().enumerate() {
        let ordinal = ordinal as u32;
        let own = std::iter::once(passage.text.as_str())
            .chain(passage.text_en.as_deref())
            .chain(knowledge.questions(passage.id).iter().map(String::as_str));
        for text in own {
            let text = calibrate::without_organization(text, organization);
            if !text.is_empty() {
                texts.push((ordinal, text));
            }
        }
    }
    texts
}

/// The calibration bank: the generic questions and the knowledge's own.
fn bank_texts(knowledge: &Knowledge) -> Vec<String> {
    let own = knowledge
        .passages()
        .iter()
        .flat_map(|p| knowledge.questions(p.id).iter().map(String::as_str));
    let name = calibrate::OrganizationName::new(&knowledge.organization);
    GENERIC_QUESTIONS
        .iter()
        .copied()
        .chain(own)
        .map(|q| name.strip(q))
        .filter(|q| !q.is_empty())
        .collect()
}

impl VectorSet {
    pub fn dimension(&self) -> usize {
        self.stamp.dimension
    }

    pub fn len(&self) -> usize {
        self.owners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }

    /// Each passage's calibrated similarity to a question's vector (unit
    /// length), by ordinal.
    pub fn scores(&self, query: &[f32]) -> Vec<f32> {
        calibrate::passage_scores(
            query,
            &self.vectors,
            self.dimension(),
            &self.owners,
            &self.means,
            self.knowledge.passages().len(),
        )
    }

    /// Builds the vectors of `knowledge`, reusing those of `previous` whose
    /// texts did not change (when made by the same model and prefixes).
    pub fn build(
        client: &Client,
        knowledge: Arc<Knowledge>,
        previous: Option<&VectorSet>,
    ) -> Result<(Self, Built), EmbedError> {
        let previous = previous.filter(|p| {
            p.stamp.model == client.model()
                && p.stamp.format == FORMAT
                && p.stamp.passage_prefix == client.prepared("", Side::Passage)
                && p.stamp.query_prefix == client.prepared("", Side::Query)
        });
        let mut dimension = previous.map(|p| p.dimension());
        let mut embedded = 0usize;
        let mut embed_all = |texts: Vec<String>,
                             side: Side,
                             known: HashMap<&str, &[f32]>,
                             dimension: &mut Option<usize>|
         -> Result<(Vec<String>, Vec<f32>), EmbedError> {
            let keys: Vec<String> = texts.iter().map(|t| key(t)).collect();
            let missing: Vec<usize> = (0..texts.len())
                .filter(|&i| !known.contains_key(keys[i].as_str()))
                .collect();
            let mut fresh: HashMap<usize, Vec<f32>> = HashMap::new();
            for chunk in missing.chunks(BATCH) {
                let batch: Vec<String> = chunk.iter().map(|&i| texts[i].clone()).collect();
                let vectors = client.embed(&batch, side, *dimension)?;
                for (&i, mut vector) in chunk.iter().zip(vectors) {
                    *dimension = Some(vector.len());
                    calibrate::normalize(&mut vector);
                    fresh.insert(i, vector);
                }
            }
            embedded += missing.len();
            let mut flat = Vec::new();
            for (i, k) in keys.iter().enumerate() {
                match fresh.get(&i) {
                    Some(v) => flat.extend_from_slice(v),
                    None => flat.extend_from_slice(known[k.as_str()]),
                }
            }
            Ok((keys, flat))
        };
        let passages = passage_texts(&knowledge);
        let (owners, texts): (Vec<u32>, Vec<String>) = passages
            .into_iter()
            .map(|(o, t)| (o, client.prepared(&t, Side::Passage)))
            .unzip();
        let known = previous.map(|p| p.passage_map()).unwrap_or_default();
        let (keys, vectors) = embed_all(texts, Side::Passage, known, &mut dimension)?;
        let bank: Vec<String> = bank_texts(&knowledge)
            .iter()
            .map(|q| client.prepared(q, Side::Query))
            .collect();
        let bank_hash = key(&bank.join("\n"));
        let known = previous.map(|p| p.bank_map()).unwrap_or_default();
        let (bank_keys, bank) = embed_all(bank, Side::Query, known, &mut dimension)?;
        let dimension = dimension.unwrap_or(0);
        let means = means(&vectors, &bank, dimension);
        let stamp = Stamp {
            format: FORMAT,
            model: client.model().to_string(),
            dimension,
            query_prefix: client.prepared("", Side::Query),
            passage_prefix: client.prepared("", Side::Passage),
            knowledge: knowledge.content_hash(),
            bank: bank_hash,
        };
        let built = Built {
            vectors: owners.len(),
            embedded,
        };
        Ok((
            Self {
                knowledge,
                stamp,
                owners,
                keys,
                vectors,
                means,
                bank_keys,
                bank,
            },
            built,
        ))
    }

    fn passage_map(&self) -> HashMap<&str, &[f32]> {
        let d = self.dimension().max(1);
        self.keys
            .iter()
            .map(String::as_str)
            .zip(self.vectors.chunks_exact(d))
            .collect()
    }

    fn bank_map(&self) -> HashMap<&str, &[f32]> {
        let d = self.dimension().max(1);
        self.bank_keys
            .iter()
            .map(String::as_str)
            .zip(self.bank.chunks_exact(d))
            .collect()
    }

    /// Writes the set to `dir/vectors.bin`, replacing the file whole.
    pub fn store(&self, dir: &Path) -> io::Result<PathBuf> {
        let mut floats = Vec::with_capacity(4 * (self.vectors.len() + self.bank.len()));
        for x in self.vectors.iter().chain(&self.bank) {
            floats.extend_from_slice(&x.to_le_bytes());
        }
        let header = Header {
            stamp: self.stamp.clone(),
            owners: self.owners.clone(),
            keys: self.keys.clone(),
            bank_keys: self.bank_keys.clone(),
            checksum: key_bytes(&floats),
        };
        let header = serde_json::to_vec(&header).map_err(io::Error::other)?;
        std::fs::create_dir_all(dir)?;
        let path = dir.join(FILE_NAME);
        let temporary = dir.join(format!("{FILE_NAME}.tmp"));
        {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(MAGIC)?;
            file.write_all(&(header.len() as u64).to_le_bytes())?;
            file.write_all(&header)?;
            file.write_all(&floats)?;
            file.sync_all()?;
        }
        std::fs::rename(&temporary, &path)?;
        Ok(path)
    }

    /// Reads `dir/vectors.bin` when it was made for `knowledge` by `client`'s
    /// model and prefixes; `None` for a missing, damaged or stale file.
    pub fn load(dir: &Path, client: &Client, knowledge: &Arc<Knowledge>) -> Option<Self> {
        let set = Self::read(dir, Arc::clone(knowledge)).ok()?;
        let bank: Vec<String> = bank_texts(knowledge)
            .iter()
            .map(|q| client.prepared(q, Side::Query))
            .collect();
        let fresh = set.stamp.format == FORMAT
            && set.stamp.model == client.model()
            && set.stamp.query_prefix == client.prepared("", Side::Query)
            && set.stamp.passage_prefix == client.prepared("", Side::Passage)
            && set.stamp.knowledge == knowledge.content_hash()
            && set.stamp.bank == key(&bank.join("\n"));
        fresh.then_some(set)
    }

    /// The stamp of the set kept in `dir` (the model and dimension it was
    /// made with), read from its header alone.
    pub fn stamp_in(dir: &Path) -> Option<Stamp> {
        let mut file = std::fs::File::open(dir.join(FILE_NAME)).ok()?;
        let mut head = vec![0; MAGIC.len() + 8];
        std::io::Read::read_exact(&mut file, &mut head).ok()?;
        let length = head.strip_prefix(MAGIC)?;
        let length = usize::try_from(u64::from_le_bytes(length.try_into().ok()?)).ok()?;
        // A header is small; a larger length is damage, not a reason to read on.
        if length > 64 << 20 {
            return None;
        }
        let mut header = vec![0; length];
        std::io::Read::read_exact(&mut file, &mut header).ok()?;
        serde_json::from_slice::<Header>(&header)
            .ok()
            .map(|h| h.stamp)
    }

    /// Reads whatever set `dir/vectors.bin` holds, checked for damage only:
    /// its vectors can still be reused by a rebuild.
    pub fn read(dir: &Path, knowledge: Arc<Knowledge>) -> io::Result<Self> {
        let bytes = std::fs::read(dir.join(FILE_NAME))?;
        let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_string());
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("not a vectors file"))?;
        let (length, rest) = rest.split_at_checked(8).ok_or_else(|| bad("truncated"))?;
        let length = u64::from_le_bytes(length.try_into().map_err(|_| bad("truncated"))?);
        let length = usize::try_from(length).map_err(|_| bad("truncated"))?;
        let (header, floats) = rest
            .split_at_checked(length)
            .ok_or_else(|| bad("truncated"))?;
        let header: Header = serde_json::from_slice(header).map_err(|_| bad("bad header"))?;
        if key_bytes(floats) != header.checksum || floats.len() % 4 != 0 {
            return Err(bad("checksum mismatch"));
        }
        let d = header.stamp.dimension;
        let passages = header.owners.len();
        if header.keys.len() != passages
            || floats.len() != 4 * d * (passages + header.bank_keys.len())
        {
            return Err(bad("sizes do not match"));
        }
        let all: Vec<f32> = floats
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if all.iter().any(|x| !x.is_finite()) {
            return Err(bad("not finite"));
        }
        let (vectors, bank) = all.split_at(d * passages);
        let means = means(vectors, bank, d);
        Ok(Self {
            knowledge,
            stamp: header.stamp,
            owners: header.owners,
            keys: header.keys,
            vectors: vectors.to_vec(),
            means,
            bank_keys: header.bank_keys,
            bank: bank.to_vec(),
        })
    }
}

fn key_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Each passage vector's mean similarity over the bank's vectors.
fn means(vectors: &[f32], bank: &[f32], dimension: usize) -> Vec<f32> {
    if dimension == 0 {
        return Vec::new();
    }
    let questions = (bank.len() / dimension).max(1) as f32;
    vectors
        .chunks_exact(dimension)
        .map(|v| {
            bank.chunks_exact(dimension)
                .map(|q| calibrate::dot(v, q))
                .sum::<f32>()
                / questions
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_directory_knows_the_vectors_file_as_the_bots() {
        assert!(crate::search::index::FOUND_EMPTY.contains(&FILE_NAME));
    }
}
