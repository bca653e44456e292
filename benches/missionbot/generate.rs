//! Knowledge bases of any size for the `scale` group: passages of 15–60 words
//! drawn from the shipped passages' vocabulary (each distinct word form equally
//! likely), in Slovak and in English, by a seeded xorshift: the same text on
//! every run.
//!
//! A fixed vocabulary is the pessimistic case: real text brings new words as
//! it grows, while here every word's postings grow with the knowledge.

use missionbot::knowledge::{Knowledge, Passage, PassageId, SectionId};

/// The constant every generated knowledge base starts from.
const SEED: u64 = 0x6d69_7373_696f_6e62; // "missionb"

/// xorshift64*: tiny, fast and deterministic, all a text generator needs.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A knowledge base of `passages` passages (the mission and strategy points)
/// in the words of `seed`.
pub fn knowledge(seed: &Knowledge, passages: usize) -> Knowledge {
    let words = |english: bool| -> Vec<&str> {
        seed.passages()
            .iter()
            .filter_map(|p| {
                if english {
                    p.text_en.as_deref()
                } else {
                    Some(&p.text)
                }
            })
            .flat_map(str::split_whitespace)
            .collect::<std::collections::BTreeSet<&str>>()
            .into_iter()
            .collect()
    };
    let (slovak, english) = (words(false), words(true));
    let mut rng = XorShift(SEED);
    let mut lengths = XorShift(SEED ^ 0xffff);
    let mut sentence = |vocabulary: &[&str], length: usize| -> String {
        let mut text = String::new();
        for _ in 0..length {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(vocabulary[rng.below(vocabulary.len())]);
        }
        text.push('.');
        text
    };
    let mut generated = (0..passages.max(1)).map(|i| {
        let length = 15 + lengths.below(46);
        let id = match u32::try_from(i) {
            Ok(0) => PassageId::Mission,
            Ok(n) => PassageId::Strategy(n),
            Err(_) => PassageId::Strategy(u32::MAX),
        };
        let mut passage = Passage::new(id, sentence(&slovak, length));
        passage.text_en = (!english.is_empty()).then(|| sentence(&english, length));
        passage
    });
    let mission = generated.next().expect("at least one passage");
    let points: Vec<Passage> = generated.collect();
    let strategy_title = seed
        .section(SectionId::STRATEGY)
        .map_or_else(|| "Stratégia".to_string(), |s| s.title.clone());
    let mut knowledge = Knowledge::new(
        seed.organization.clone(),
        seed.titles.clone(),
        strategy_title,
        seed.source_url.clone(),
        mission,
        Vec::new(),
        points,
    );
    knowledge.synonyms = seed.synonyms.clone();
    knowledge
}
