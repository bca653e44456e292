//! The general language resources (`lang/`): Slovak, Czech and English
//! lemmas and thesauri, and English–Slovak and English–Czech dictionaries,
//! found and read at run time, and the expansion table each knowledge base
//! gets from them, kept beside its index.
//!
//! Why general resources: the people who ask use everyday words the document
//! does not ("zadarmo" where it says "bezplatne", "kids" where it says
//! "deti"), and an organization should not have to write a glossary for
//! its language's ordinary synonyms. The glossary (`synonyms.toml`) stays
//! for the organization's own vocabulary, and outweighs these.
//!
//! Where they are: `[language] resources` in the configuration (a path
//! relative to it; `""` turns them off), else `<prefix>/share/missionbot/lang`
//! beside an installed binary (`<prefix>/bin/missionbot`), else the
//! repository's `lang/` (what `cargo run` and the tests use), else none: the
//! bot works without them (logged once) and only loses these expansions.
//!
//! Each file is read at most once per process, and only when a knowledge
//! base in its language has its table built: a start with a table already
//! beside the index reads none of them (`stored.rs`). The files are data
//! read at run time, never compiled into the binary (some are GPL-2+, see
//! `lang/README.md`).

mod read;
mod stored;
mod table;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once, OnceLock};

use sha2::{Digest, Sha256};

use crate::config::ResourcesSetting;
use crate::knowledge::{Knowledge, Language};

use read::{Dictionary, Lemmas, List, Thesaurus};
pub use stored::FILE_NAME;
use table::Confirm;
pub use table::{Field, Kind, Table, Target};

use super::SearchError;
use super::analyzer::Analyzers;
use super::index::Fields;

/// Where an installed binary's resources are, from the binary's directory.
const INSTALLED: &str = "../share/missionbot/lang";

/// One word list of `lang/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Lemmas(Language),
    Thesaurus(Language),
    /// English into Slovak or Czech.
    Dictionary(Language),
}

impl File {
    /// Its path inside `lang/`.
    fn path(self) -> String {
        match self {
            File::Lemmas(l) => format!("{}/lemmas.tsv", l.code()),
            File::Thesaurus(l) => format!("{}/thesaurus.tsv", l.code()),
            File::Dictionary(l) => format!("{}-en/dictionary.tsv", l.code()),
        }
    }

    /// Its slot in [`Resources::files`].
    fn slot(self) -> usize {
        let language = |l: Language| match l {
            Language::Sk => 0,
            Language::Cs => 1,
            Language::En => 2,
        };
        match self {
            File::Lemmas(l) => language(l),
            File::Thesaurus(l) => 3 + language(l),
            File::Dictionary(l) => 6 + language(l),
        }
    }
}

/// A word list, read; `None` when missing or unreadable (logged): only
/// what it adds is lost.
type Loaded = Option<List>;

/// The resources in one directory, each file read on first use.
pub struct Resources {
    dir: Option<PathBuf>,
    files: [OnceLock<Loaded>; 9],
}

impl std::fmt::Debug for Resources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resources").field("dir", &self.dir).finish()
    }
}

/// Every directory's resources this process has used: each read once.
static OPENED: Mutex<Vec<Arc<Resources>>> = Mutex::new(Vec::new());

impl Resources {
    /// The resources in `dir` (`None`: none), shared by every index of this
    /// process that uses the same directory.
    pub fn at(dir: Option<PathBuf>) -> Arc<Self> {
        let mut opened = OPENED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = opened.iter().find(|r| r.dir == dir) {
            return known.clone();
        }
        let resources = Arc::new(Self {
            dir,
            files: Default::default(),
        });
        opened.push(resources.clone());
        resources
    }

    /// No resources: the knowledge's own words, its glossary and typos only.
    pub fn none() -> Arc<Self> {
        Self::at(None)
    }

    /// The resources as configured (see the module's documentation for the
    /// order they are looked for in).
    pub fn locate(setting: &ResourcesSetting) -> Arc<Self> {
        let dir = match setting {
            ResourcesSetting::Off => None,
            ResourcesSetting::At(dir) if dir.is_dir() => Some(dir.clone()),
            ResourcesSetting::At(dir) => {
                tracing::warn!(
                    dir = %dir.display(),
                    "[language] resources names no directory; answering without language resources"
                );
                None
            }
            ResourcesSetting::Default => Self::found(),
        };
        Self::at(dir)
    }

    /// The resources where they are found without a setting: beside an
    /// installed binary, else in the repository the binary was built from.
    pub fn default_location() -> Arc<Self> {
        Self::at(Self::found())
    }

    fn found() -> Option<PathBuf> {
        let installed = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|bin| bin.join(INSTALLED)))
            .filter(|dir| dir.is_dir());
        let repository =
            Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("lang")).filter(|dir| dir.is_dir());
        let found = installed.or(repository);
        if found.is_none() {
            static WITHOUT: Once = Once::new();
            WITHOUT.call_once(|| {
                tracing::info!(
                    "no language resources (lang/) found: answering without general synonyms, \
                     lemmas and translations; see [language] resources in config.toml"
                );
            });
        }
        found
    }

    /// The directory they are read from, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The files a knowledge base in `language` uses: its lemmas and
    /// thesaurus, English lemmas and the dictionary into its language for
    /// English questions; an English one, the English–Czech dictionary to
    /// confirm its thesaurus's pairs (the larger of the two).
    fn needed(language: Language) -> [File; 4] {
        match language {
            Language::En => [
                File::Lemmas(language),
                File::Thesaurus(language),
                File::Dictionary(Language::Cs),
                File::Lemmas(Language::En),
            ],
            other => [
                File::Lemmas(other),
                File::Thesaurus(other),
                File::Dictionary(other),
                File::Lemmas(Language::En),
            ],
        }
    }

    /// What the files a knowledge base uses are, as cheaply as it can be
    /// told: each one's name, size and modification time. A table built from
    /// other files (or from none) is built again.
    pub fn digest(&self, knowledge: &Knowledge) -> String {
        let Some(dir) = &self.dir else {
            return "none".to_string();
        };
        let mut hasher = Sha256::new();
        for file in Self::needed(knowledge.language) {
            let path = file.path();
            hasher.update(path.as_bytes());
            match std::fs::metadata(dir.join(&path)) {
                Ok(meta) => {
                    hasher.update(meta.len().to_le_bytes());
                    let modified = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_nanos());
                    hasher.update(modified.to_le_bytes());
                }
                Err(_) => hasher.update(b"missing"),
            }
            hasher.update([0]);
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// A word list, read on first use.
    fn load(&self, file: File) -> Option<&List> {
        self.files[file.slot()].get_or_init(|| {
            let dir = self.dir.as_ref()?;
            let path = dir.join(file.path());
            let text = match read::read(&path) {
                Ok(text) => text,
                Err(error) => {
                    // A deployment may leave a file out (the GPL-2+ ones):
                    // only what it would add is lost.
                    tracing::info!(file = %path.display(), %error, "a language resource is missing");
                    return None;
                }
            };
            let started = std::time::Instant::now();
            let list = List::parse(&text);
            tracing::debug!(
                file = %path.display(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "read a language resource"
            );
            Some(list)
        })
        .as_ref()
    }

    fn lemmas(&self, language: Language) -> Option<&Lemmas> {
        self.load(File::Lemmas(language))
    }

    fn thesaurus(&self, language: Language) -> Option<&Thesaurus> {
        self.load(File::Thesaurus(language))
    }

    fn dictionary(&self, language: Language) -> Option<&Dictionary> {
        self.load(File::Dictionary(language))
    }

    /// Builds the expansion table of the knowledge indexed in `searcher`.
    fn build_table(
        &self,
        knowledge: &Knowledge,
        searcher: &tantivy::Searcher,
        fields: Fields,
        analyzers: &mut Analyzers,
    ) -> Result<Table, SearchError> {
        if self.dir.is_none() {
            return Ok(Table::default());
        }
        let language = knowledge.language;
        let thesaurus = self.thesaurus(language);
        let sources = match language {
            Language::En => table::Sources {
                lemmas: self.lemmas(language),
                thesaurus,
                confirm: self
                    .dictionary(Language::Cs)
                    .map_or(Confirm::Nothing, Confirm::SharedTranslation),
                english_lemmas: None,
                dictionary: None,
            },
            other => {
                let dictionary = self.dictionary(other);
                table::Sources {
                    lemmas: self.lemmas(other),
                    thesaurus,
                    confirm: match (other, dictionary) {
                        (Language::Cs, Some(dictionary)) => Confirm::SharedEnglish(dictionary),
                        (Language::Cs, None) => Confirm::Nothing,
                        _ => Confirm::BothWays,
                    },
                    english_lemmas: self.lemmas(Language::En),
                    dictionary,
                }
            }
        };
        table::build(searcher, fields, analyzers, knowledge, sources)
    }

    /// The table of `knowledge` kept in `dir` beside its index when it was
    /// built from the same knowledge and resources, else built now (and kept
    /// there when `dir` can be written); in memory only when `dir` is `None`.
    pub fn table(
        &self,
        dir: Option<&Path>,
        knowledge: &Knowledge,
        searcher: &tantivy::Searcher,
        fields: Fields,
        analyzers: &mut Analyzers,
    ) -> Result<Table, SearchError> {
        let Some(dir) = dir else {
            return self.build_table(knowledge, searcher, fields, analyzers);
        };
        let stamp = stored::Stamp::of(knowledge, self);
        if let Some(table) = stored::load(dir, &stamp) {
            return Ok(table);
        }
        let started = std::time::Instant::now();
        let table = self.build_table(knowledge, searcher, fields, analyzers)?;
        tracing::debug!(
            words = table.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "built the expansion table"
        );
        if let Err(error) = stored::save(dir, &stamp, &table) {
            tracing::debug!(%error, "cannot keep the expansion table beside the index");
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::table::{
        DICTIONARY_LATER_WEIGHT, DICTIONARY_WEIGHT, LEMMA_WEIGHT, THESAURUS_WEAK_WEIGHT,
        THESAURUS_WEIGHT,
    };
    use super::*;
    use crate::knowledge::{Passage, PassageId, Titles};
    use crate::search::SearchIndex;

    /// Resources of a few lines each, written to a directory.
    fn toy_resources(files: &[(&str, &str)]) -> (tempfile::TempDir, Arc<Resources>) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
            std::fs::write(path, text).expect("write");
        }
        let resources = Resources::at(Some(dir.path().to_path_buf()));
        (dir, resources)
    }

    fn knowledge(language: Language, texts: &[&str]) -> Knowledge {
        knowledge_in(language, texts, false)
    }

    /// A knowledge of these passages, with an English text beside each when
    /// `english`.
    fn knowledge_in(language: Language, texts: &[&str], english: bool) -> Knowledge {
        let p = |id, text: &str| Passage {
            text_en: english.then(|| format!("{text} in English")),
            ..Passage::new(id, text)
        };
        let mut knowledge = Knowledge::new(
            "ORG".into(),
            Titles {
                mission: "Poslanie ORG".into(),
                mission_en: None,
            },
            "Stratégia ORG".into(),
            None,
            p(PassageId::Mission, texts[0]),
            Vec::new(),
            texts[1..]
                .iter()
                .enumerate()
                .map(|(i, t)| p(PassageId::Strategy(i as u32 + 1), t))
                .collect(),
        );
        knowledge.language = language;
        knowledge
    }

    const SLOVAK: &[(&str, &str)] = &[
        (
            "sk/thesaurus.tsv",
            "bezplatne\tzadarmo\tzdarma\nzadarmo\tbezplatne\tzdarma\nzdarma\tbezplatne\n\
             auto\tvozidlo\nvozidlo\tauto\npeniaze\thotovosť\n",
        ),
        (
            "sk/lemmas.tsv",
            "deťom\tdieťa\ndeti\tdieťa\nhotovosti\thotovosť\n",
        ),
        (
            "sk-en/dictionary.tsv",
            "kids\tdeti\nchild\tdieťa\ncar\tauto\tvozidlo\nfree\tvoľný\tzdarma\n",
        ),
        ("en/lemmas.tsv", "children\tchild\n"),
    ];

    const TEXTS: &[&str] = &[
        "Pomáhame rodinám.",
        "Kurzy sú bezplatné pre všetkých.",
        "Staráme sa o deti v škole.",
        "Požičiavame auto na výlety.",
    ];

    fn ids(index: &SearchIndex, question: &str) -> Vec<PassageId> {
        index
            .search(question, 3)
            .expect("searches")
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn the_table_leads_only_to_words_the_knowledge_has() {
        let (_dir, resources) = toy_resources(SLOVAK);
        let index =
            SearchIndex::in_memory_with(Arc::new(knowledge(Language::Sk, TEXTS)), resources)
                .expect("indexes");
        let table = &index.expansions;
        let terms = |stem: &str, english: Option<&str>| -> Vec<(Field, String, f32)> {
            table
                .related(stem, english)
                .into_iter()
                .map(|t| (t.field, t.term, t.kind.weight()))
                .collect()
        };
        // A Slovak synonym of a word the text has.
        assert_eq!(
            terms(crate::search::stemmer::stem("zadarmo"), None),
            [(Field::Text, "bezplatn".to_string(), THESAURUS_WEIGHT)]
        );
        // "hotovosť" leads to "peniaze", which the text does not have.
        assert!(terms(crate::search::stemmer::stem("hotovost"), None).is_empty());
        // English words through the dictionary, their other forms too.
        assert_eq!(
            terms("kid", Some("kid")),
            [(Field::Text, "det".to_string(), DICTIONARY_WEIGHT)]
        );
        assert_eq!(
            terms("car", Some("car")),
            [(Field::Text, "aut".to_string(), DICTIONARY_WEIGHT)]
        );
        // "free": its first translation is not in the text, the second is.
        assert_eq!(terms("free", Some("free")), []);
        // A word the text has is not a key: it stands for itself.
        assert!(terms(crate::search::stemmer::stem("bezplatne"), None).is_empty());
        assert!(!table.is_empty());
    }

    #[test]
    fn a_knowledge_with_english_texts_gets_no_translations() {
        let (_dir, resources) = toy_resources(SLOVAK);
        let knowledge = knowledge_in(Language::Sk, TEXTS, true);
        let index = SearchIndex::in_memory_with(Arc::new(knowledge), resources).expect("indexes");
        assert!(index.expansions.related("kid", Some("kid")).is_empty());
        assert!(!index.expansions.is_empty(), "synonyms and forms stay");
    }

    #[test]
    fn questions_find_passages_through_the_table() {
        let (_dir, resources) = toy_resources(SLOVAK);
        let index =
            SearchIndex::in_memory_with(Arc::new(knowledge(Language::Sk, TEXTS)), resources)
                .expect("indexes");
        // A synonym ranks beside a word the text has, but alone it does not
        // answer (`THESAURUS_WEIGHT`).
        assert_eq!(ids(&index, "sú kurzy zadarmo?"), [PassageId::Strategy(1)]);
        assert!(ids(&index, "je to zadarmo?").is_empty());
        assert_eq!(
            ids(&index, "do you look after kids?"),
            [PassageId::Strategy(2)]
        );
        assert_eq!(ids(&index, "a car?"), [PassageId::Strategy(3)]);
        let without = SearchIndex::in_memory_with(
            Arc::new(knowledge(Language::Sk, TEXTS)),
            Resources::none(),
        )
        .expect("indexes");
        assert!(ids(&without, "je to zadarmo?").is_empty());
        assert!(ids(&without, "do you look after kids?").is_empty());
    }

    #[test]
    fn the_askers_own_word_outweighs_an_expansion() {
        const {
            assert!(LEMMA_WEIGHT < 1.0);
            assert!(THESAURUS_WEIGHT < crate::search::expand::SYNONYM_WEIGHT);
            // A synonym alone never outweighs the unknown word it stands for.
            assert!(THESAURUS_WEIGHT < crate::search::FOREIGN_RATIO * (1.0 - THESAURUS_WEIGHT));
            assert!(THESAURUS_WEAK_WEIGHT < THESAURUS_WEIGHT);
            assert!(DICTIONARY_WEIGHT < 1.0);
            assert!(DICTIONARY_LATER_WEIGHT < DICTIONARY_WEIGHT);
        }
        // Both words are in the text: "auto" in one passage, "vozidlo" in
        // another. Asked for "auto", the passage saying it comes first, and
        // the one with its synonym is no answer at all.
        let (_dir, resources) = toy_resources(SLOVAK);
        let texts = [
            "Pomáhame rodinám.",
            "Máme vozidlo pre seniorov.",
            "Požičiavame auto na výlety.",
        ];
        let index = SearchIndex::in_memory_with(
            Arc::new(knowledge(Language::Sk, &texts)),
            resources.clone(),
        )
        .expect("indexes");
        assert_eq!(ids(&index, "auto"), [PassageId::Strategy(2)]);
        assert_eq!(ids(&index, "vozidlo"), [PassageId::Strategy(1)]);
        // One word of the question is in a passage as it is, the other
        // reaches another passage, as rare and as long, only through a
        // synonym or a translation: the exact match comes first.
        let texts = [
            "Pomáhame rodinám.",
            "Kurzy máme bezplatné.",
            "Deti máme radi.",
            "Auto máme nové.",
        ];
        let index =
            SearchIndex::in_memory_with(Arc::new(knowledge(Language::Sk, &texts)), resources)
                .expect("indexes");
        for question in ["auto zadarmo", "zadarmo auto", "kids auto", "auto kids"] {
            assert_eq!(
                ids(&index, question).first(),
                Some(&PassageId::Strategy(3)),
                "{question}"
            );
        }
        assert_eq!(
            ids(&index, "kurzy kids").first(),
            Some(&PassageId::Strategy(1))
        );
    }

    #[test]
    fn without_resources_the_table_is_empty_and_the_digest_says_so() {
        let knowledge = knowledge(Language::Sk, TEXTS);
        let index = SearchIndex::in_memory_with(Arc::new(knowledge.clone()), Resources::none())
            .expect("indexes");
        assert!(index.expansions.is_empty());
        assert_eq!(Resources::none().digest(&knowledge), "none");
        let (dir, resources) = toy_resources(SLOVAK);
        let before = resources.digest(&knowledge);
        assert_ne!(before, "none");
        std::fs::write(dir.path().join("sk/thesaurus.tsv"), "auto\tvozidlo\tkára\n")
            .expect("write");
        assert_ne!(resources.digest(&knowledge), before, "another file");
    }

    #[test]
    fn a_missing_file_only_loses_what_it_adds() {
        let (_dir, resources) = toy_resources(&SLOVAK[..2]);
        let index =
            SearchIndex::in_memory_with(Arc::new(knowledge(Language::Sk, TEXTS)), resources)
                .expect("indexes");
        let synonyms = index
            .expansions
            .related(crate::search::stemmer::stem("zadarmo"), None);
        assert_eq!(synonyms.len(), 1, "the thesaurus is still read");
        assert!(ids(&index, "do you look after kids?").is_empty());
    }

    #[test]
    fn the_table_is_kept_beside_the_index_and_reused() {
        let (_dir, resources) = toy_resources(SLOVAK);
        let index_dir = tempfile::tempdir().expect("temp dir");
        let knowledge = Arc::new(knowledge(Language::Sk, TEXTS));
        let (first, _) = SearchIndex::open(index_dir.path(), knowledge.clone(), resources.clone())
            .expect("opens");
        assert!(index_dir.path().join(FILE_NAME).is_file());
        let stamp = stored::Stamp::of(&knowledge, &resources);
        assert_eq!(
            stored::load(index_dir.path(), &stamp).as_ref(),
            Some(&first.expansions)
        );
        let (again, rebuilt) =
            SearchIndex::open(index_dir.path(), knowledge, resources).expect("opens");
        assert_eq!(rebuilt, None);
        assert_eq!(again.expansions, first.expansions);
    }

    #[test]
    fn the_repositorys_resources_are_found_and_read() {
        let resources = Resources::default_location();
        let dir = resources.dir().expect("lang/ beside Cargo.toml");
        assert!(dir.join("sk/thesaurus.tsv").is_file());
        for language in Language::ALL {
            let lemmas = resources.lemmas(language).expect("lemmas");
            let thesaurus = resources.thesaurus(language).expect("a thesaurus");
            assert!(
                lemmas.len() > 10_000 && thesaurus.len() > 10_000,
                "{language}"
            );
        }
        let sk = resources.thesaurus(Language::Sk).expect("sk");
        assert!(sk.lists("zadarmo", "bezplatne"));
        assert!(sk.lists("štát", "krajina"));
        let en = resources.lemmas(Language::En).expect("en");
        assert!(en.lists("kids", "kid"));
        for language in [Language::Sk, Language::Cs] {
            let dictionary = resources.dictionary(language).expect("a dictionary");
            assert!(dictionary.len() > 10_000, "{language}");
        }
        let sk_en = resources.dictionary(Language::Sk).expect("sk-en");
        assert!(sk_en.lists("kids", "deti"));
    }
}
