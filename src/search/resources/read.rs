//! Reading `lang/`'s word lists (`lang/README.md` has their formats): lemmas,
//! a thesaurus and an English dictionary, each folded once as the analyzers
//! fold a question's words (lower case, diacritics gone), so what is looked
//! up in them is what a question and the index hold.
//!
//! Every file is UTF-8, one entry a line, fields separated by a TAB, the
//! entry's key first. A field that is not one word as the analyzers split
//! words (`a's`, `e-mail`, `na úver`) names nothing a question's single
//! word can be: it is kept empty, and a line whose key is empty makes no
//! entry. Nothing in these files is trusted to be well formed.
//!
//! A list is kept as its folded text with two sorted indexes into it (by
//! key, and by the words after the key) rather than as maps of strings:
//! maps of 80,000 Slovak forms took seconds to fill in a debug build, and
//! scanning a list for each knowledge base as long again.

use std::path::Path;

/// Words longer than this many bytes are no words (the analyzers' limit).
const MAX_WORD_BYTES: usize = 40;

/// One word list: `key\tword\t…\n` a line, each word in lower case with
/// its diacritics (folding them would make one word of `štát` and `stať`),
/// the fields that are no word left empty; indexed both ways, by key and by the
/// words after it, so building a table costs lookups of the knowledge's
/// words, not a scan of the list.
#[derive(Debug, Default)]
pub struct List {
    text: String,
    /// Each line's start and the end of its key, sorted by key.
    by_key: Vec<(u32, u32)>,
    /// Each word after a key: its start and end, and its line's start,
    /// sorted by word.
    by_word: Vec<(u32, u32, u32)>,
}

impl List {
    /// Reads a list's text into lower case and indexes it.
    ///
    /// One pass over the bytes, then two sorts by an 8-byte prefix of each
    /// word: written for a debug build too, where the tests build many
    /// indexes (iterator chains and string comparisons made this take
    /// seconds there).
    pub fn parse(raw: &str) -> Self {
        let bytes = raw.as_bytes();
        let mut text: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut by_key: Vec<(u64, u32, u32)> = Vec::new();
        let mut by_word: Vec<(u64, u32, u32, u32)> = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let end = bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |n| at + n);
            let line = &bytes[at..end];
            at = end + 1;
            let start = text.len();
            let mut key_end = None;
            let words_before = by_word.len();
            for field in line.split(|b| *b == b'\t') {
                if key_end.is_some() {
                    text.push(b'\t');
                }
                let from = text.len();
                if !lower_word(field, &mut text) {
                    text.truncate(from);
                }
                match key_end {
                    None if text.len() == from => break,
                    None => key_end = Some(text.len()),
                    Some(_) if text.len() > from => by_word.push((
                        prefix(&text[from..]),
                        from as u32,
                        text.len() as u32,
                        start as u32,
                    )),
                    Some(_) => {}
                }
            }
            match key_end {
                Some(key_end) if by_word.len() > words_before => {
                    text.push(b'\n');
                    by_key.push((prefix(&text[start..key_end]), start as u32, key_end as u32));
                }
                _ => text.truncate(start),
            }
        }
        // Only whole characters were written.
        let text = String::from_utf8(text).unwrap_or_default();
        let slice = |start: u32, end: u32| text.get(start as usize..end as usize);
        by_key.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| slice(a.1, a.2).cmp(&slice(b.1, b.2)))
                .then(a.1.cmp(&b.1))
        });
        by_word.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| slice(a.1, a.2).cmp(&slice(b.1, b.2)))
                .then(a.3.cmp(&b.3))
        });
        Self {
            by_key: by_key.into_iter().map(|(_, s, e)| (s, e)).collect(),
            by_word: by_word.into_iter().map(|(_, s, e, l)| (s, e, l)).collect(),
            text,
        }
    }

    fn slice(&self, start: u32, end: u32) -> &str {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// The entry whose line starts at `start`: its key and its words.
    fn line(&self, start: u32) -> (&str, Fields<'_>) {
        let rest = self.text.get(start as usize..).unwrap_or_default();
        let line = rest.split('\n').next().unwrap_or_default();
        let mut fields = line.split('\t');
        let key = fields.next().unwrap_or_default();
        (key, Fields(fields))
    }

    /// The words of the entries whose key is `key`, in the file's order.
    pub fn of(&self, key: &str) -> impl Iterator<Item = &str> {
        let from = self
            .by_key
            .partition_point(|&(s, e)| self.slice(s, e) < key);
        self.by_key[from..]
            .iter()
            .take_while(move |&&(s, e)| self.slice(s, e) == key)
            .flat_map(|&(start, _)| self.line(start).1)
    }

    /// The entries that list `word` after their key: their keys and words.
    pub fn having(&self, word: &str) -> impl Iterator<Item = (&str, Fields<'_>)> {
        let from = self
            .by_word
            .partition_point(|&(s, e, _)| self.slice(s, e) < word);
        self.by_word[from..]
            .iter()
            .take_while(move |&&(s, e, _)| self.slice(s, e) == word)
            .map(|&(_, _, line)| self.line(line))
    }

    /// The distinct words after the keys that begin with `prefix`.
    pub fn words_starting(&self, prefix: &str) -> impl Iterator<Item = &str> {
        let from = self
            .by_word
            .partition_point(|&(s, e, _)| self.slice(s, e) < prefix);
        let mut last: Option<&str> = None;
        self.by_word[from..]
            .iter()
            .map(|&(s, e, _)| self.slice(s, e))
            .take_while(move |w| w.starts_with(prefix))
            .filter(move |w| {
                let new = last != Some(*w);
                last = Some(w);
                new
            })
    }

    /// Whether the entries of `key` list `word`.
    pub fn lists(&self, key: &str, word: &str) -> bool {
        self.of(key).any(|w| w == word)
    }

    /// Every entry, in key order (tests).
    #[cfg(test)]
    pub fn entries(&self) -> impl Iterator<Item = (&str, Fields<'_>)> {
        self.by_key.iter().map(|&(start, _)| self.line(start))
    }

    /// How many entries the list has (tests).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// The words of one entry after its key.
#[derive(Clone)]
pub struct Fields<'a>(std::str::Split<'a, char>);

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.0.by_ref().find(|f| !f.is_empty())
    }
}

/// Inflected forms and their lemmas: `peniazmi` → `peniaze`, `kids` → `kid`
/// (`form<TAB>lemma[<TAB>lemma…]`).
pub type Lemmas = List;

/// Words of one language and the words that mean the same, the most common
/// sense first: `zadarmo` → `bezplatne`, `bezúplatne`, `zdarma`
/// (`headword<TAB>synonym…`).
pub type Thesaurus = List;

/// English words and their translations into one language, the most useful
/// first: `money` → `peniaze`, `peniaz`, `mena` (`english<TAB>word…`).
pub type Dictionary = List;

/// Reads a whole word list; a file that cannot be read or is not UTF-8 is an
/// error.
pub fn read(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

/// The first 8 bytes of a folded word as a number that sorts as the word.
fn prefix(word: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(word) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

/// Appends `word` in lower case, diacritics kept; `false` (and whatever
/// was appended is to be dropped) when it is not one word: a character that
/// splits words, a letter the folding does not know, or too long. An empty
/// field appends nothing and is one (empty) word. Spaces and a carriage
/// return around the word are no part of it.
fn lower_word(word: &[u8], out: &mut Vec<u8>) -> bool {
    let mut from = 0;
    let mut to = word.len();
    while from < to && matches!(word[from], b' ' | b'\r') {
        from += 1;
    }
    while to > from && matches!(word[to - 1], b' ' | b'\r') {
        to -= 1;
    }
    if to - from > MAX_WORD_BYTES {
        return false;
    }
    let mut at = from;
    while at < to {
        let b = word[at];
        match b {
            b'a'..=b'z' | b'0'..=b'9' => out.push(b),
            b'A'..=b'Z' => out.push(b.to_ascii_lowercase()),
            0xc3..=0xc5 if at + 1 < to => {
                at += 1;
                let Some(c) = two_byte(b, word[at]).filter(|c| fold_letter(*c).is_some()) else {
                    return false;
                };
                for lower in c.to_lowercase() {
                    let mut buffer = [0u8; 4];
                    out.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
                }
            }
            _ => return false,
        }
        at += 1;
    }
    true
}

fn two_byte(first: u8, second: u8) -> Option<char> {
    char::from_u32((u32::from(first & 0x1f) << 6) | u32::from(second & 0x3f))
}

/// A word of the lists (or of the knowledge's text) as the analyzers fold
/// it: lower case, the diacritics of Slovak, Czech and English letters
/// removed. A character the lists never hold is kept as it is.
pub fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| fold_letter(c).unwrap_or(c))
        .collect()
}

/// A letter or digit of the lists as the analyzers fold it; `None` for any
/// character the lists do not hold in a word.
pub fn fold_letter(c: char) -> Option<char> {
    Some(match c {
        'a'..='z' | '0'..='9' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        'á' | 'ä' | 'à' | 'â' | 'Á' | 'Ä' | 'À' | 'Â' => 'a',
        'č' | 'ç' | 'Č' | 'Ç' => 'c',
        'ď' | 'Ď' => 'd',
        'é' | 'ě' | 'ë' | 'è' | 'ê' | 'É' | 'Ě' | 'Ë' | 'È' | 'Ê' => 'e',
        'í' | 'ï' | 'ì' | 'î' | 'Í' | 'Ï' | 'Ì' | 'Î' => 'i',
        'ĺ' | 'ľ' | 'Ĺ' | 'Ľ' => 'l',
        'ň' | 'ñ' | 'Ň' | 'Ñ' => 'n',
        'ó' | 'ô' | 'ö' | 'ò' | 'Ó' | 'Ô' | 'Ö' | 'Ò' => 'o',
        'ŕ' | 'ř' | 'Ŕ' | 'Ř' => 'r',
        'š' | 'Š' => 's',
        'ť' | 'Ť' => 't',
        'ú' | 'ů' | 'ü' | 'ù' | 'û' | 'Ú' | 'Ů' | 'Ü' | 'Ù' | 'Û' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ž' | 'Ž' => 'z',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer;

    #[test]
    fn folding_agrees_with_the_analyzers() {
        let mut tokens = analyzer::tokens();
        let letters = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789áäàâÁÄÀÂčçČÇďĎéěëèêÉĚËÈÊíïìîÍÏÌÎĺľĹĽňñŇÑóôöòÓÔÖÒŕřŔŘšŠťŤúůüùûÚŮÜÙÛýÿÝžŽ";
        for c in letters.chars() {
            let word = format!("x{c}y");
            let expected: Vec<String> = analyzer::terms_with_offsets(&mut tokens, &word)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            let mut lower = Vec::new();
            assert!(lower_word(word.as_bytes(), &mut lower), "{c}");
            let lower = String::from_utf8(lower).expect("UTF-8");
            assert_eq!(lower, word.to_lowercase(), "{c}");
            assert_eq!([fold(&lower)], expected.as_slice(), "{c}");
            assert_eq!(fold(&word), fold(&lower), "{c}");
        }
        for word in [
            "a's", "e-mail", "na úver", "x.y", "ß", "🙂", "a\u{301}", "\u{200b}",
        ] {
            let mut folded = Vec::new();
            assert!(!lower_word(word.as_bytes(), &mut folded), "{word}");
        }
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        assert!(!lower_word(long.as_bytes(), &mut Vec::new()));
    }

    #[test]
    fn a_list_is_folded_and_read_by_entries() {
        let list = List::parse(
            "zadarmo\tbezplatne\tna úver\t\tzdarma\na's\tb\nbez tabulátora\nšéfovi\tšéf\nkid\t\n",
        );
        let entries: Vec<(&str, Vec<&str>)> = list
            .entries()
            .map(|(key, fields)| (key, fields.collect()))
            .collect();
        assert_eq!(
            entries,
            [
                ("zadarmo", vec!["bezplatne", "zdarma"]),
                ("šéfovi", vec!["šéf"]),
            ]
        );
        assert_eq!(
            list.of("zadarmo").collect::<Vec<_>>(),
            ["bezplatne", "zdarma"]
        );
        assert_eq!(list.of("kid").count(), 0);
        assert_eq!(list.len(), 2);
        let having: Vec<&str> = list.having("šéf").map(|(key, _)| key).collect();
        assert_eq!(having, ["šéfovi"]);
        assert!(list.lists("zadarmo", "zdarma"));
        assert!(!list.lists("zdarma", "zadarmo"));
        let starting: Vec<&str> = list.words_starting("bez").collect();
        assert_eq!(starting, ["bezplatne"]);
        let list = List::parse("a\tbc\nb\tbd\nc\tbc\td\n");
        let starting: Vec<&str> = list.words_starting("b").collect();
        assert_eq!(starting, ["bc", "bd"]);
        assert_eq!(list.words_starting("").count(), 3);
    }

    #[test]
    fn words_that_fold_alike_stay_apart() {
        let list = List::parse("štát\tkrajina\nstať\tstať sa\tstávať\nŠtát\tríša\n");
        assert_eq!(list.of("štát").collect::<Vec<_>>(), ["krajina", "ríša"]);
        assert_eq!(list.of("stať").collect::<Vec<_>>(), ["stávať"]);
        assert_eq!(list.of("stat").count(), 0);
    }

    #[test]
    fn odd_lines_make_no_entry_and_no_panic() {
        let list = List::parse("\t\t\n\tx\n\u{0}\tá\n🙂\t🙂\nčlen\t\u{301}\r\n\r\nx\ty\r\n");
        assert_eq!(list.of("člen").count(), 0);
        assert_eq!(list.of("x").collect::<Vec<_>>(), ["y"]);
        assert_eq!(list.len(), 1);
        assert!(List::parse("a\t\n\tb\n").is_empty());
    }
}
