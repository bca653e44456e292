//! The baseline a small bot would pick instead: SQLite FTS5 over the same
//! Slovak passages, diacritics folded by its tokenizer, the question's words
//! OR-ed together, ranked by bm25, with a snippet per hit.

use missionbot::knowledge::Knowledge;
use rusqlite::{Connection, params};

pub struct Fts5 {
    connection: Connection,
}

/// A hit: the passage's ordinal in `Knowledge::passages()` and its snippet.
pub type Fts5Hit = (usize, String);

const QUERY: &str = "SELECT rowid, snippet(passages, 0, '**', '**', '…', 24) \
     FROM passages WHERE passages MATCH ?1 ORDER BY bm25(passages) LIMIT ?2";

impl Fts5 {
    /// An in-memory FTS5 table of the passages' original (Slovak) texts.
    pub fn new(knowledge: &Knowledge) -> rusqlite::Result<Self> {
        let connection = Connection::open_in_memory()?;
        connection.execute_batch(
            "CREATE VIRTUAL TABLE passages USING fts5(text, \
             tokenize = 'unicode61 remove_diacritics 2')",
        )?;
        {
            let mut insert =
                connection.prepare("INSERT INTO passages (rowid, text) VALUES (?1, ?2)")?;
            for (ordinal, passage) in knowledge.passages().iter().enumerate() {
                insert.execute(params![ordinal as i64, passage.text])?;
            }
        }
        Ok(Self { connection })
    }

    /// The best `limit` passages for a question: its words, each quoted so no
    /// word is read as FTS5 syntax, OR-ed together.
    pub fn search(&self, question: &str, limit: usize) -> rusqlite::Result<Vec<Fts5Hit>> {
        let expression = match_expression(question);
        if expression.is_empty() {
            return Ok(Vec::new());
        }
        let mut statement = self.connection.prepare_cached(QUERY)?;
        let rows = statement.query_map(params![expression, limit as i64], |row| {
            Ok((row.get::<_, i64>(0)? as usize, row.get::<_, String>(1)?))
        })?;
        rows.collect()
    }
}

/// `"nelegálna" OR "migrácia"` for "nelegálna migrácia?".
pub fn match_expression(question: &str) -> String {
    let mut out = String::new();
    for word in question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push_str(" OR ");
        }
        out.push('"');
        out.push_str(word);
        out.push('"');
    }
    out
}
