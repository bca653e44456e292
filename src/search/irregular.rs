//! English irregular forms, which a suffix stemmer cannot reach: plurals
//! (`children` → `child`, `women` → `woman`, `people` → `person`) and past
//! forms of common verbs (`taught` → `teach`, `built` → `build`). The English
//! analyzer puts them in their base form before stemming, so "child" finds
//! "children" and "who teaches" finds "taught", in passages and questions
//! alike.

/// (irregular form, base form), sorted by the form for [`base`]'s binary search.
#[rustfmt::skip]
const FORMS: &[(&str, &str)] = &[
    ("ate", "eat"), ("began", "begin"), ("begun", "begin"), ("bought", "buy"), ("broke", "break"),
    ("broken", "break"), ("brought", "bring"), ("built", "build"), ("caught", "catch"),
    ("children", "child"), ("chose", "choose"), ("chosen", "choose"), ("dealt", "deal"),
    ("drawn", "draw"), ("drew", "draw"), ("driven", "drive"), ("drove", "drive"), ("eaten", "eat"),
    ("fallen", "fall"), ("fed", "feed"), ("feet", "foot"), ("fell", "fall"), ("felt", "feel"),
    ("flew", "fly"), ("flown", "fly"), ("fought", "fight"), ("found", "find"), ("gave", "give"),
    ("geese", "goose"), ("given", "give"), ("grew", "grow"), ("grown", "grow"), ("held", "hold"),
    ("kept", "keep"), ("knew", "know"), ("known", "know"), ("learnt", "learn"), ("led", "lead"),
    ("lent", "lend"), ("lost", "lose"), ("made", "make"), ("men", "man"), ("met", "meet"),
    ("mice", "mouse"), ("paid", "pay"), ("people", "person"), ("ran", "run"),
    ("rebuilt", "rebuild"), ("rode", "ride"), ("sent", "send"), ("sold", "sell"),
    ("sought", "seek"), ("spent", "spend"), ("spoke", "speak"), ("spoken", "speak"),
    ("stood", "stand"), ("taught", "teach"), ("teeth", "tooth"), ("thought", "think"),
    ("threw", "throw"), ("thrown", "throw"), ("told", "tell"), ("took", "take"),
    ("understood", "understand"), ("went", "go"), ("women", "woman"), ("won", "win"),
    ("written", "write"), ("wrote", "write"),
];

/// The base form of an irregular English word (lower case, folded), if it is one.
pub fn base(word: &str) -> Option<&'static str> {
    FORMS
        .binary_search_by(|(form, _)| (*form).cmp(word))
        .ok()
        .map(|at| FORMS[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_sorted_unique_and_lower_case() {
        assert!(FORMS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            FORMS
                .iter()
                .all(|(f, b)| f.bytes().chain(b.bytes()).all(|c| c.is_ascii_lowercase()))
        );
    }

    #[test]
    fn irregular_forms_have_their_base() {
        assert_eq!(base("children"), Some("child"));
        assert_eq!(base("taught"), Some("teach"));
        assert_eq!(base("teachers"), None);
    }
}
