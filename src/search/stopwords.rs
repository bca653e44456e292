//! Stop words, already diacritics-folded: Slovak ([`STOP_WORDS`],
//! [`is_stop_word`]), Czech ([`CZECH_STOP_WORDS`]) and English
//! ([`ENGLISH_STOP_WORDS`]).
//!
//! The analyzer drops these tokens after lowercasing and folding, before
//! stemming, so every entry is written the way a folded token looks
//! (`ďalší` → `dalsi`, `čo` → `co`).
//!
//! The list holds pronouns (personal, possessive, demonstrative,
//! indefinite), prepositions, conjunctions, particles, the forms of `byť` and
//! `mať`, and the question words (`ako`, `aky`, `co`, `kde`, `kto`, `preco`,
//! `ktory`, ...). Question words are stop words because users ask questions and
//! documents state facts: in "Aké je poslanie IOM?" only `poslanie` and `iom`
//! say what is wanted, and a passage must not rank higher just because it
//! also contains `ake` or `je`.
//!
//! Also in: the words that frame a chat question rather than carry its topic
//! (`najdem`, `zistit`, `chcem`, `potrebujem`, `robi`, `povedzte`, `prosim`,
//! `hovori`, ...): "Kde nájdem informácie o migrácii?" asks about information
//! on migration, and a passage should not need to contain "nájdem" to answer it.
//!
//! Left out on purpose: content words a question about an organization's
//! mission or strategy may hinge on (`pomoc`, `program`, `prava`, `ludi`,
//! `ciel`, `hlavne`, `prave`, `ide`), even when they are frequent.
//! Included on purpose, as judgement calls: `tieto` and the other demonstratives,
//! the forms of `iny` ("iné typy" carries no topic), and `mal`/`mala`/`malo`/`mali`
//! (forms of `mať`; this also drops `malá`/`málo`, which are rarely the point of
//! a question).

/// English stop words for the translations and English questions: the usual
/// function words plus the words that frame a question ("what", "how", "does",
/// "tell me about"), for the same reason as the Slovak question words.
#[rustfmt::skip]
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
    "or", "our", "please", "she", "should", "so", "some", "such", "tell", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we",
    "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will", "with",
    "would", "you", "your",
];

/// Folded Czech stop words, sorted: the Czech counterparts of the Slovak
/// list's pronouns, prepositions, conjunctions, particles, forms of `být` and
/// `mít`, and the question words (`jak`, `jaký`, `proč`, `který`, `kolik`, …),
/// for the same reasons. Written as folded tokens look: `proč` → `proc`,
/// `kteří` → `kteri`, `být` → `byt`, `může` → `muze`, `ještě` → `jeste`
/// (ě, ů and ř fold to e, u and r; a unit test folds the written forms).
#[rustfmt::skip]
pub const CZECH_STOP_WORDS: &[&str] = &[
    "a", "aby", "ac", "ahoj", "ale", "alespon", "ani", "ano", "az", "bez", "bude", "budeme",
    "budes", "budete", "budou", "budu", "by", "bych", "bychom", "byl", "byla", "byli", "bylo",
    "byly", "bys", "byste", "byt", "ci", "cim", "co", "coz", "do", "ho", "i", "jak", "jaka",
    "jake", "jakeho", "jakem", "jakemu", "jakou", "jaky", "jakych", "jakym", "jakymi", "je",
    "jeho", "jej", "jeji", "jejich", "jejiz", "jelikoz", "jemu", "jen", "jenom", "jenz", "jeste",
    "ji", "jich", "jim", "jimi", "jina", "jinak", "jine", "jiny", "jinych", "jiz", "jsem", "jsi",
    "jsme", "jsou", "jste", "k", "kam", "kde", "kdo", "kdy", "kdyz", "ke", "kolik", "ktera",
    "ktere", "ktereho", "kterem", "kteremu", "kteri", "kterou", "ktery", "kterych", "kterym",
    "kterymi", "kvuli", "ma", "maji", "mam", "mame", "mas", "mate", "me", "mezi", "mi", "mit",
    "mne", "mnou", "mohl", "mohla", "mohli", "mohou", "moje", "moji", "muj", "muze", "muzeme",
    "muzete", "muzu", "my", "na", "nad", "nam", "nami", "nas", "nase", "nasi", "nasich", "ne",
    "nebo", "nebot", "neco", "nejaka", "nejake", "nejaky", "nekdo", "neni", "nez", "ni", "nic",
    "nich", "nim", "nimi", "o", "od", "ode", "on", "ona", "oni", "ono", "ony", "pak", "po", "pod",
    "podle", "pokud", "pouze", "pred", "pres", "pri", "pro", "proc", "proto", "protoze", "s",
    "sam", "sama", "sami", "samo", "samy", "se", "si", "sice", "sve", "svoje", "svoji", "svou",
    "svuj", "svych", "svym", "svymi", "ta", "tak", "take", "takze", "tam", "te", "tedy", "ten",
    "tento", "teto", "tim", "timto", "to", "tohle", "toho", "tohoto", "tom", "tomto", "tomu",
    "tomuto", "toto", "tu", "tuto", "ty", "tyto", "u", "uz", "v", "vam", "vas", "vase", "vasi",
    "ve", "vsak", "vsechen", "vsechno", "vsechny", "vsichni", "vy", "z", "za", "zda", "zde", "ze",
];

/// Folded Slovak stop words, sorted (byte order) and without duplicates, so
/// [`is_stop_word`] can binary-search them.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "aby", "ahoj", "aj", "ak", "aka", "ake", "akeho", "akej", "akemu", "aki", "ako", "akoby",
    "akom", "akou", "aku", "aky", "akych", "akym", "akymi", "ale", "alebo", "ani", "aniz", "ano",
    "asi", "atd", "avsak", "az", "ba", "bez", "bol", "bola", "boli", "bolo", "bud", "bude", "budem",
    "budeme", "budes", "budete", "budu", "by", "byt", "cez", "chcel", "chcela", "chcem", "chceme",
    "ci", "cim", "co", "coho", "com", "comu", "dakujem", "dalsi", "dalsia", "dalsich", "dalsie",
    "dalsiu", "do", "dokedy", "dozvediet", "dozviem", "ho", "hoci", "hovori", "hovoria", "i", "iba",
    "ich", "im", "ina", "ine", "ineho", "inej", "inemu", "ini", "inom", "inou", "inu", "iny",
    "inych", "inym", "inymi", "ja", "je", "jeho", "jej", "jemu", "ju", "k", "kade", "kadial", "kam",
    "kazda", "kazde", "kazdeho", "kazdej", "kazdom", "kazdy", "kde", "ked", "kedy", "kedze", "koho",
    "kolko", "kom", "komu", "kto", "ktora", "ktore", "ktoreho", "ktorej", "ktoremu", "ktori",
    "ktorom", "ktorou", "ktoru", "ktory", "ktorych", "ktorym", "ktorymi", "ku", "kvoli", "kym",
    "lebo", "len", "ma", "maju", "mal", "mala", "mali", "malo", "mam", "mame", "mas", "mat", "mate",
    "medzi", "mi", "mimo", "mna", "mne", "mnou", "mohla", "mohli", "mohol", "moj", "moja", "moje",
    "mojho", "mojich", "mojim", "mojom", "mojou", "moze", "mozem", "mozeme", "mozu", "mu", "musi",
    "musia", "my", "na", "nad", "nado", "najdem", "najdeme", "najdu", "najma", "najst", "nam",
    "nami", "namiesto", "napr", "napriek", "nas", "nasa", "nase", "naseho", "nasej", "nasi",
    "nasich", "nasim", "nasom", "nasou", "ne", "nebol", "nebola", "neboli", "nebolo", "nebude",
    "nebudu", "neho", "nej", "nejaka", "nejake", "nejaky", "nema", "nemaju", "nemu", "nic", "nich",
    "nie", "nieco", "niekedy", "niekto", "niektora", "niektore", "niektori", "niektory",
    "niektorych", "nielen", "niet", "nikdy", "nikto", "nim", "nimi", "no", "nom", "nou", "nu", "o",
    "od", "odkial", "odo", "ohladom", "okolo", "okrem", "on", "ona", "oni", "ono", "ony", "oproti",
    "pise", "po", "pocas", "pod", "podla", "podo", "pokial", "popri", "potom", "potrebujem",
    "potrebujeme", "povedat", "povedz", "povedzte", "pre", "preco", "pred", "predo", "preto",
    "pretoze", "pri", "prosim", "proti", "resp", "robi", "robia", "robit", "robite", "s", "sa",
    "seba", "sebe", "sebou", "si", "sme", "so", "som", "spolu", "ste", "su", "svoj", "svoja",
    "svoje", "svojho", "svojich", "svojim", "svojimi", "svojmu", "svojom", "svojou", "ta", "tak",
    "taka", "take", "takeho", "takej", "taki", "takto", "taky", "takze", "tam", "tato", "teba",
    "tebe", "tebou", "teda", "tej", "tejto", "ten", "tento", "teraz", "ti", "tie", "tieto", "tiez",
    "tito", "to", "toho", "tohto", "tom", "tomto", "tomu", "tomuto", "totiz", "toto", "tou",
    "touto", "treba", "tu", "tuto", "tvoj", "tvoja", "tvoje", "ty", "tych", "tychto", "tym", "tymi",
    "tymito", "tymto", "tzv", "u", "uz", "v", "vam", "vami", "vas", "vasa", "vase", "vaseho",
    "vasej", "vasi", "vasich", "vdaka", "vedia", "velmi", "vie", "viem", "vies", "vo", "voci",
    "vratane", "vsak", "vsetci", "vsetko", "vsetky", "vsetkych", "vsetkym", "vsetok", "vy", "z",
    "za", "zatial", "ze", "ziadna", "ziadne", "ziadny", "zistim", "zistime", "zistit", "zo",
];

/// Whether a lowercase, folded token is a stop word.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_list_is_sorted_lowercase_ascii() {
        assert!(ENGLISH_STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            ENGLISH_STOP_WORDS
                .iter()
                .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn list_is_sorted_unique_and_folded() {
        for list in [STOP_WORDS, CZECH_STOP_WORDS] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
            }
        }
        for word in STOP_WORDS.iter().chain(CZECH_STOP_WORDS) {
            assert!(
                !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()),
                "{word}"
            );
        }
    }

    #[test]
    fn function_words_are_stop_words() {
        for word in [
            "a", "ako", "aky", "ake", "preco", "kde", "kto", "co", "kedy", "ktory", "ktore", "je",
            "su", "byt", "mat", "ma", "sa", "v", "na", "pre", "podla", "dalsi", "tieto", "ze",
        ] {
            assert!(is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn czech_words_written_with_diacritics_fold_into_the_list() {
        use tantivy::tokenizer::TokenStream;
        let mut folding = crate::search::analyzer::tokens();
        let written = "proč kteří který být může ještě jsou také přes při něco není svůj všechno už jaký čím kvůli";
        let mut tokens = folding.token_stream(written);
        let mut folded = Vec::new();
        while let Some(token) = tokens.next() {
            folded.push(token.text.clone());
        }
        assert_eq!(folded.len(), written.split(' ').count());
        for word in folded {
            assert!(
                CZECH_STOP_WORDS.binary_search(&word.as_str()).is_ok(),
                "{word}"
            );
        }
    }

    #[test]
    fn content_words_are_kept() {
        for word in [
            "pomoc",
            "program",
            "prava",
            "prave",
            "ludi",
            "ciel",
            "poslanie",
            "strategia",
            "migracia",
            "iom",
            "hlavne",
            "",
            "Ako",
            "čo",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn a_question_keeps_only_its_content_words() {
        let question = "ake je poslanie iom";
        let kept: Vec<_> = question.split(' ').filter(|w| !is_stop_word(w)).collect();
        assert_eq!(kept, ["poslanie", "iom"]);
    }
}
