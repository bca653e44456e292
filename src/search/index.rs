//! The on-disk tantivy index: its schema, building it from the knowledge, and
//! deciding on start whether the index in `index/` can be used as it is.
//!
//! The index is derived data. Its commit payload records the schema version and
//! the knowledge's content hash; anything that does not match (missing files,
//! damaged files, another schema, other knowledge) is rebuilt, never trusted.
//!
//! A running process answers from the index files it read into memory and
//! verified, never from files mapped from disk: a file another process (or
//! an accident) truncates or overwrites afterwards cannot crash it or change
//! its answers. A rebuild is made in memory and then written to disk for the
//! next start.
//!
//! The directory must be the bot's own: one it made (or found empty), marked
//! with [`MARKER`]. Any other directory is refused, never cleared, so a
//! mistaken `index = "."` deletes nothing.
//!
//! Several processes may share one index directory (the bot and a console on
//! the same knowledge). A lock file in it ([`LOCK_FILE`]) is held shared while
//! a process checks the index and opens its reader, and exclusive while one
//! rebuilds it, so no process opens files another is deleting. Once open, a
//! reader keeps the files it maps and is never reloaded from disk, so another
//! process rewriting the directory cannot change a running process's answers.
//! A process that cannot have the lock in time (or whose directory cannot be
//! written) builds its index in memory and logs why: it never fails to start
//! because another one is writing.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, MmapDirectory, RamDirectory};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, doc};

use super::{SearchError, analyzer};
use crate::dir_lock::{DirLock, LockError, Mode};
use crate::knowledge::{Knowledge, Language};

/// The lock file in an index directory; a rebuild never deletes it.
pub const LOCK_FILE: &str = ".missionbot-index.lock";

/// The file that marks a directory as holding missionbot's index.
pub const MARKER: &str = ".missionbot-index";

/// Files a directory may hold and still be taken as the bot's own: what the
/// repository ships in `index/`, the passage vectors semantic search keeps
/// beside the index (`semantic::vectors::FILE_NAME`) and the expansion table
/// of the language resources (`resources::FILE_NAME`); a test beside each
/// checks it is listed here.
pub const FOUND_EMPTY: [&str; 4] = ["README.md", ".gitkeep", "vectors.bin", "expansions.json"];

/// Makes sure `dir` is the bot's to use: it carries [`MARKER`], or it is
/// missing or empty (then it is made and marked), or an earlier missionbot
/// kept its index there (its lock file is there). Anything else is refused.
fn claim(dir: &Path) -> Result<(), SearchError> {
    if dir.join(MARKER).is_file() {
        return Ok(());
    }
    let ours = match std::fs::read_dir(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => true,
        // Not a directory (a file in its place, no permission): nothing is
        // claimed or touched; the index is then kept in memory.
        Err(_) => return Ok(()),
        Ok(entries) => {
            let names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.iter().any(|n| n == LOCK_FILE)
                || names.iter().all(|n| FOUND_EMPTY.contains(&n.as_str()))
        }
    };
    if !ours {
        return Err(SearchError::NotOurs(dir.to_path_buf()));
    }
    let marked = std::fs::create_dir_all(dir).and_then(|()| {
        std::fs::write(
            dir.join(MARKER),
            "missionbot's search index: derived from the knowledge, rebuilt when needed\n",
        )
    });
    if let Err(error) = marked {
        // A read-only deployment: used as it is, built in memory if need be.
        tracing::debug!(%error, "cannot mark the index directory");
    }
    Ok(())
}

/// Longest wait for another process to finish writing the index (a rebuild of
/// the shipped knowledge takes milliseconds; of 10^5 passages, seconds).
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Bump whenever the schema, the analyzers or the labels of passages
/// (`knowledge::labels`, indexed as headings) change the terms an index holds.
pub const SCHEMA_VERSION: u32 = 7;

/// Memory each indexing thread may use; tantivy's minimum per thread is 15 MB.
/// Allocated as the documents need it, so a small knowledge base uses little.
const WRITER_MEMORY_PER_THREAD: usize = 20_000_000;

/// Passages per extra indexing thread: a small knowledge base is indexed by
/// one thread into one segment; a large one by up to [`MAX_WRITER_THREADS`].
const PASSAGES_PER_THREAD: usize = 10_000;
const MAX_WRITER_THREADS: usize = 4;

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position of the passage in `Knowledge::passages()`.
    pub ord: Field,
    /// The passage id, kept for debugging the index by hand.
    pub id: Field,
    /// The passage's text, analyzed in the knowledge's language.
    pub text: Field,
    /// The unofficial English translation, analyzed as English.
    pub text_en: Field,
    /// How the passage is cited, in the knowledge's language and English
    /// ("Stratégia IOM, bod 7 · IOM Strategy, point 7").
    pub title: Field,
    /// The same text's words folded but not stemmed: typos are made on words,
    /// so typo tolerance looks them up here.
    pub words: Field,
    /// What people ask about the passage (`questions`), analyzed in the
    /// knowledge's language.
    pub questions: Field,
    /// The same questions analyzed as English: they are written in both
    /// languages, and each query word is looked up as either.
    pub questions_en: Field,
}

/// The schema of an index over knowledge in `language`: its texts are
/// analyzed in that language, so the schema names that language's analyzers
/// and an index of another language's knowledge is never reused.
pub fn schema(language: Language) -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let ord = builder.add_u64_field("ord", FAST | STORED);
    let id = builder.add_text_field("id", STRING | STORED);
    let indexed = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    // Frequencies for BM25; positions are not needed (the proximity bonus
    // reads the passage text of the few top candidates).
    let freqs = IndexRecordOption::WithFreqs;
    let own = analyzer::text_name(language);
    let text = builder.add_text_field("text", indexed(own, freqs));
    let text_en = builder.add_text_field("text_en", indexed(analyzer::ENGLISH, freqs));
    let title = builder.add_text_field("title", indexed(own, freqs));
    let words = builder.add_text_field(
        "words",
        indexed(analyzer::folded_name(language), IndexRecordOption::Basic),
    );
    let questions = builder.add_text_field("questions", indexed(own, freqs));
    let questions_en = builder.add_text_field("questions_en", indexed(analyzer::ENGLISH, freqs));
    (
        builder.build(),
        Fields {
            ord,
            id,
            text,
            text_en,
            title,
            words,
            questions,
            questions_en,
        },
    )
}

/// Why the index was rebuilt on open; logged so a slow start is explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildReason {
    Missing,
    Corrupt(String),
    SchemaChanged,
    KnowledgeChanged,
    Requested,
}

impl fmt::Display for RebuildReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RebuildReason::Missing => write!(f, "no index yet"),
            RebuildReason::Corrupt(why) => write!(f, "the index is damaged ({why})"),
            RebuildReason::SchemaChanged => write!(f, "the index was built by another version"),
            RebuildReason::KnowledgeChanged => {
                write!(f, "the knowledge changed since the index was built")
            }
            RebuildReason::Requested => write!(f, "a rebuild was requested"),
        }
    }
}

/// What the index's commit payload records about what it was built from.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Stamp {
    schema: u32,
    knowledge: String,
}

impl Stamp {
    fn of(knowledge: &Knowledge) -> Self {
        Stamp {
            schema: SCHEMA_VERSION,
            knowledge: knowledge.content_hash(),
        }
    }
}

/// Registers every language's analyzers under the names schemas use.
pub fn register_analyzers(index: &Index) {
    for language in Language::ALL {
        index
            .tokenizers()
            .register(analyzer::text_name(language), analyzer::text(language));
        index
            .tokenizers()
            .register(analyzer::folded_name(language), analyzer::folding(language));
    }
}

/// An index with its reader, and why it was rebuilt if it was.
pub struct Opened {
    pub index: Index,
    pub reader: IndexReader,
    pub rebuilt: Option<RebuildReason>,
}

/// Opens the index in `dir` if it matches `knowledge`, else rebuilds it there;
/// if another process holds the directory longer than a short wait, or it
/// cannot be written, the index is built in memory instead (and logged).
pub fn open_or_build(dir: &Path, knowledge: &Knowledge) -> Result<Opened, SearchError> {
    open_or_build_waiting(dir, knowledge, LOCK_WAIT)
}

fn open_or_build_waiting(
    dir: &Path,
    knowledge: &Knowledge,
    wait: Duration,
) -> Result<Opened, SearchError> {
    claim(dir)?;
    let reason = match DirLock::acquire(dir, LOCK_FILE, Mode::Shared, wait) {
        Ok(_shared) => match check(dir, knowledge) {
            Ok(opened) => return Ok(opened),
            Err(reason) => reason,
        },
        Err(LockError::Busy { .. }) => {
            return in_memory_instead(knowledge, "another process is writing it");
        }
        // No lock file can be made: a read-only directory, where nobody
        // writes; it is used if it matches, else the build goes to memory.
        Err(LockError::Io { .. }) => {
            return match check(dir, knowledge) {
                Ok(opened) => Ok(opened),
                Err(reason) => Ok(Opened {
                    rebuilt: Some(reason),
                    ..build_locked(dir, knowledge)?
                }),
            };
        }
    };
    match DirLock::acquire(dir, LOCK_FILE, Mode::Exclusive, wait) {
        Ok(_exclusive) => {
            // Another process may have rebuilt it while this one waited.
            if let Ok(opened) = check(dir, knowledge) {
                return Ok(opened);
            }
            Ok(Opened {
                rebuilt: Some(reason),
                ..build_locked(dir, knowledge)?
            })
        }
        Err(LockError::Busy { .. }) => {
            in_memory_instead(knowledge, "another process is writing it")
        }
        Err(LockError::Io { source, .. }) => in_memory_instead(knowledge, &source.to_string()),
    }
}

/// The index built in memory because the one on disk cannot be used now.
fn in_memory_instead(knowledge: &Knowledge, why: &str) -> Result<Opened, SearchError> {
    tracing::warn!(
        why,
        "the index directory cannot be used now; this process keeps its index in memory"
    );
    let (index, reader) = in_ram(knowledge)?;
    Ok(Opened {
        index,
        reader,
        rebuilt: None,
    })
}

/// An index of `knowledge` in memory, with its reader.
pub fn in_ram(knowledge: &Knowledge) -> Result<(Index, IndexReader), SearchError> {
    let (index, reader, _) = build_in_ram(knowledge)?;
    Ok((index, reader))
}

/// An index of `knowledge` in memory, its reader, and the directory its
/// files are in (to write them to disk).
fn build_in_ram(knowledge: &Knowledge) -> Result<(Index, IndexReader, RamDirectory), SearchError> {
    let (schema, _) = schema(knowledge.language);
    let files = RamDirectory::create();
    let index = Index::create(files.clone(), schema, IndexSettings::default())?;
    register_analyzers(&index);
    replace_all(&index, knowledge)?;
    let reader = manual_reader(&index)?;
    Ok((index, reader, files))
}

/// The index files of `dir`, read into memory: what the process verifies is
/// what it answers from. A file truncated or missing reads as it is, and
/// the verification that follows says so.
fn read_into_ram(dir: &Path) -> Result<RamDirectory, RebuildReason> {
    let unreadable = |e: std::io::Error| RebuildReason::Corrupt(e.to_string());
    let files = RamDirectory::create();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_index_file(&name) || name.ends_with(".lock") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(unreadable)?;
        files
            .atomic_write(Path::new(&name), &bytes)
            .map_err(unreadable)?;
    }
    Ok(files)
}

/// A reader that loads the index once and is never reloaded behind the
/// caller's back.
fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// Opens the index in `dir` and verifies it, or says why it cannot be used.
///
/// tantivy can panic on a damaged file (a truncated footer underflows), so the
/// verification runs under `catch_unwind`: a damaged index is a reason to
/// rebuild, never a crash.
fn check(dir: &Path, knowledge: &Knowledge) -> Result<Opened, RebuildReason> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(|| verify(dir, knowledge));
    std::panic::set_hook(previous);
    let (index, reader) =
        outcome.unwrap_or_else(|_| Err(RebuildReason::Corrupt("unreadable index files".into())))?;
    Ok(Opened {
        index,
        reader,
        rebuilt: None,
    })
}

fn verify(dir: &Path, knowledge: &Knowledge) -> Result<(Index, IndexReader), RebuildReason> {
    if !dir.join("meta.json").exists() {
        return Err(RebuildReason::Missing);
    }
    let corrupt = |e: &dyn fmt::Display| RebuildReason::Corrupt(e.to_string());
    let index = Index::open(read_into_ram(dir)?).map_err(|e| corrupt(&e))?;
    let metas = index.load_metas().map_err(|e| corrupt(&e))?;
    let stamp: Option<Stamp> = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok());
    let expected = Stamp::of(knowledge);
    match stamp {
        None => return Err(RebuildReason::Corrupt("no build stamp".into())),
        Some(s) if s.schema != expected.schema => return Err(RebuildReason::SchemaChanged),
        Some(s) if s.knowledge != expected.knowledge => {
            return Err(RebuildReason::KnowledgeChanged);
        }
        Some(_) => {}
    }
    let (schema, _) = schema(knowledge.language);
    if index.schema() != schema {
        return Err(RebuildReason::SchemaChanged);
    }
    let damaged = index.validate_checksum().map_err(|e| corrupt(&e))?;
    if !damaged.is_empty() {
        let names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
        return Err(RebuildReason::Corrupt(format!(
            "checksum mismatch in {}",
            names.join(", ")
        )));
    }
    register_analyzers(&index);
    let reader = manual_reader(&index).map_err(|e| corrupt(&e))?;
    let docs = reader.searcher().num_docs();
    if docs != knowledge.passages().len() as u64 {
        return Err(RebuildReason::Corrupt(format!(
            "{docs} documents for {} passages",
            knowledge.passages().len()
        )));
    }
    Ok((index, reader))
}

/// Files tantivy writes; only these are deleted before a rebuild, so a
/// misconfigured `index` path can never wipe anything else.
fn is_index_file(name: &str) -> bool {
    if matches!(
        name,
        "meta.json" | ".managed.json" | ".tantivy-meta.lock" | ".tantivy-writer.lock"
    ) {
        return true;
    }
    let stem = name.split('.').next().unwrap_or("");
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && name.len() > 33
}

/// Rebuilds the index in `dir` from scratch, whatever its state, waiting for
/// any other process writing it; fails if that one does not finish in time.
pub fn build(dir: &Path, knowledge: &Knowledge) -> Result<Opened, SearchError> {
    claim(dir)?;
    match DirLock::acquire(dir, LOCK_FILE, Mode::Exclusive, LOCK_WAIT) {
        Ok(_exclusive) => build_locked(dir, knowledge),
        Err(LockError::Busy { path }) => Err(SearchError::Io(std::io::Error::new(
            std::io::ErrorKind::WouldBlock,
            format!(
                "another process is writing the index ({} is held)",
                path.display()
            ),
        ))),
        // Unwritable: the build goes to memory, as below.
        Err(LockError::Io { .. }) => build_locked(dir, knowledge),
    }
}

/// Builds the index from scratch in `dir`, which the caller holds; if `dir`
/// cannot be written (a read-only deployment) or tantivy's own writer lock is
/// taken (a process of another version), the index is built in memory so the
/// bot still answers.
fn build_locked(dir: &Path, knowledge: &Knowledge) -> Result<Opened, SearchError> {
    let (index, reader, files) = build_in_ram(knowledge)?;
    let written = prepare_dir(dir).map_err(SearchError::from).and_then(|()| {
        let disk = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        Ok(files.persist(&disk)?)
    });
    if let Err(error) = written {
        tracing::warn!(
            %error,
            "cannot write the index directory; keeping the index in memory"
        );
    }
    Ok(Opened {
        index,
        reader,
        rebuilt: Some(RebuildReason::Requested),
    })
}

/// Replaces every document of an open index with the knowledge's passages, in
/// one commit: searchers see the old or the new knowledge, never a mix.
pub fn replace_all(index: &Index, knowledge: &Knowledge) -> Result<(), SearchError> {
    let (_, fields) = schema(knowledge.language);
    let mut writer = writer(index, knowledge)?;
    writer.delete_all_documents()?;
    add_passages(&mut writer, fields, knowledge)?;
    commit_stamped(writer, knowledge)
}

/// Commits with the stamp saying what the index was built from, and waits for
/// the writer's merges so the files are final.
fn commit_stamped(mut writer: IndexWriter, knowledge: &Knowledge) -> Result<(), SearchError> {
    let stamp =
        serde_json::to_string(&Stamp::of(knowledge)).map_err(|e| SearchError::Io(e.into()))?;
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&stamp);
    commit.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// An index writer with threads for the knowledge's size and the machine's cores.
fn writer(index: &Index, knowledge: &Knowledge) -> Result<IndexWriter, SearchError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = (1 + knowledge.passages().len() / PASSAGES_PER_THREAD)
        .min(cores)
        .min(MAX_WRITER_THREADS);
    Ok(index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?)
}

fn add_passages(
    writer: &mut IndexWriter,
    fields: Fields,
    knowledge: &Knowledge,
) -> Result<(), SearchError> {
    for (ord, passage) in knowledge.passages().iter().enumerate() {
        let mut document: TantivyDocument = doc!(
            fields.ord => ord as u64,
            fields.id => passage.id.to_string(),
            fields.text => passage.text.as_str(),
            fields.words => passage.text.as_str(),
            fields.title => crate::knowledge::labels::headings(knowledge, passage.id),
        );
        if let Some(english) = &passage.text_en {
            document.add_text(fields.text_en, english);
            document.add_text(fields.words, english);
        }
        for question in knowledge.questions(passage.id) {
            document.add_text(fields.questions, question);
            document.add_text(fields.questions_en, question);
        }
        writer.add_document(document)?;
    }
    Ok(())
}

/// Makes `dir` an empty place for a new index, deleting only tantivy's files.
fn prepare_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if let Some(name) = entry.file_name().to_str()
            && is_index_file(name)
        {
            std::fs::remove_file(entry.path())?;
        }
    }
    // Probe writability now: tantivy would otherwise fail halfway through.
    let probe = dir.join(".missionbot-write-probe");
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_directory_of_its_own_is_claimed_and_marked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let new = dir.path().join("new");
        claim(&new).expect("a missing directory is made");
        assert!(new.join(MARKER).is_file());
        let shipped = dir.path().join("shipped");
        std::fs::create_dir(&shipped).expect("dir");
        std::fs::write(shipped.join("README.md"), "# index/").expect("write");
        claim(&shipped).expect("what the repository ships");
        assert!(shipped.join(MARKER).is_file());
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).expect("dir");
        std::fs::write(earlier.join(LOCK_FILE), "").expect("write");
        std::fs::write(earlier.join("meta.json"), "{}").expect("write");
        claim(&earlier).expect("an earlier missionbot's index");
        let theirs = dir.path().join("theirs");
        std::fs::create_dir(&theirs).expect("dir");
        std::fs::write(theirs.join("meta.json"), "{}").expect("write");
        assert!(matches!(claim(&theirs), Err(SearchError::NotOurs(_))));
        assert!(!theirs.join(MARKER).exists());
    }

    #[test]
    fn only_tantivy_files_are_recognized() {
        assert!(is_index_file("meta.json"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.42.del"));
        assert!(!is_index_file("README.md"));
        assert!(!is_index_file("mission.toml"));
        assert!(!is_index_file("0123456789abcdef0123456789abcdef"));
    }

    #[test]
    fn rebuilds_when_missing_changed_or_damaged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let knowledge = crate::knowledge::tests::sample();
        let reason = open_or_build(dir.path(), &knowledge)
            .expect("builds")
            .rebuilt;
        assert_eq!(reason, Some(RebuildReason::Missing));
        let reason = open_or_build(dir.path(), &knowledge)
            .expect("opens")
            .rebuilt;
        assert_eq!(reason, None);

        let mut other = crate::knowledge::tests::sample();
        other.organization.push('X');
        let reason = open_or_build(dir.path(), &other).expect("rebuilds").rebuilt;
        assert_eq!(reason, Some(RebuildReason::KnowledgeChanged));

        // Knowledge in another language is analyzed otherwise: a new index.
        other.language = Language::Cs;
        let reason = open_or_build(dir.path(), &other).expect("rebuilds").rebuilt;
        assert!(reason.is_some(), "{reason:?}");
        other.language = Language::Sk;
        let reason = open_or_build(dir.path(), &other).expect("rebuilds").rebuilt;
        assert!(reason.is_some(), "{reason:?}");

        for entry in std::fs::read_dir(dir.path()).expect("list") {
            let path = entry.expect("entry").path();
            if path
                .extension()
                .is_some_and(|e| e == "idx" || e == "store" || e == "term")
            {
                std::fs::write(&path, b"garbage").expect("damage a file");
            }
        }
        let reason = open_or_build(dir.path(), &other).expect("rebuilds").rebuilt;
        assert!(
            matches!(reason, Some(RebuildReason::Corrupt(_))),
            "{reason:?}"
        );
        let reason = open_or_build(dir.path(), &other).expect("opens").rebuilt;
        assert_eq!(reason, None);

        std::fs::write(dir.path().join("meta.json"), b"{ not json").expect("damage meta");
        let reason = open_or_build(dir.path(), &other).expect("rebuilds").rebuilt;
        assert!(
            matches!(reason, Some(RebuildReason::Corrupt(_))),
            "{reason:?}"
        );
    }

    #[test]
    fn a_held_index_directory_means_an_index_in_memory_not_a_failure() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index_dir = dir.path().join("index");
        let knowledge = crate::knowledge::tests::sample();
        // Another process rebuilding the index holds the directory.
        let held =
            DirLock::acquire(&index_dir, LOCK_FILE, Mode::Exclusive, Duration::ZERO).expect("lock");
        let opened = std::thread::scope(|scope| {
            scope
                .spawn(|| open_or_build_waiting(&index_dir, &knowledge, Duration::from_millis(50)))
                .join()
                .expect("no panic")
        })
        .expect("opens anyway");
        assert_eq!(opened.reader.searcher().num_docs(), 4);
        assert!(
            !index_dir.join("meta.json").exists(),
            "nothing written under the lock"
        );
        drop(held);
        let opened = open_or_build(&index_dir, &knowledge).expect("builds");
        assert_eq!(opened.rebuilt, Some(RebuildReason::Missing));
        assert!(index_dir.join(LOCK_FILE).exists(), "the lock file stays");
    }

    #[test]
    fn an_open_reader_survives_another_rebuild_of_its_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        let knowledge = crate::knowledge::tests::sample();
        let first = open_or_build(dir.path(), &knowledge).expect("builds");
        let mut other = crate::knowledge::tests::sample();
        other.organization.push('X');
        let second = open_or_build(dir.path(), &other).expect("rebuilds");
        assert_eq!(second.rebuilt, Some(RebuildReason::KnowledgeChanged));
        // The first reader still searches the files it opened.
        assert_eq!(first.reader.searcher().num_docs(), 4);
        let again = open_or_build(dir.path(), &other).expect("opens");
        assert_eq!(again.rebuilt, None);
    }
}
