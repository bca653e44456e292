//! The words of chat questions, per language (Slovak, Czech, English), that
//! are about the asking rather than the topic, and the words that point at a
//! part of the knowledge ("bod 9", "the last strategy point", "aké sú ciele").
//!
//! Pure data: [`SK`], [`CS`] and [`EN`], read by the question analysis
//! (`question.rs`) and the reference finder (`reference.rs`). Every entry is
//! written the way a folded token looks (lower case, diacritics removed:
//! `zaujímalo` → `zaujimalo`, `třetí` → `treti`); a unit test checks it. A new
//! language is one more [`Lexicon`] in [`LEXICONS`]: questions are analyzed
//! with all of them at once, because people mix languages and a Czech or
//! English question to a Slovak knowledge base is normal.

/// A language of questions: one the knowledge can be written in.
pub use crate::knowledge::Language;

/// One language's question words.
#[derive(Debug)]
pub struct Lexicon {
    pub language: Language,
    /// Word sequences that greet, thank or frame a question, removed as a
    /// whole wherever they stand ("dobrý deň", "zaujímalo by ma", "could you
    /// tell me"). Only phrases whose words are not all fillers on their own
    /// need to be here ("dobrý" and "pomoc" are content words elsewhere).
    pub filler_phrases: &'static [&'static str],
    /// Single words that greet, thank, frame a question or are function
    /// words of the language (beyond the analyzer's Slovak stop words):
    /// never a question's topic, never evidence, never held against it.
    pub filler_words: &'static [&'static str],
    /// A strategy point, singular ("bod", "point"): a number before or after
    /// it names the point ("5. bod", "bod 5").
    pub point_nouns: &'static [&'static str],
    /// Points, plural: only a number after it names a point ("body 3 a 4");
    /// one before it counts them ("12 bodov").
    pub point_plurals: &'static [&'static str],
    /// The strategy as a whole ("stratégia", "strategy").
    pub strategy_nouns: &'static [&'static str],
    /// The mission statement ("poslanie", "mission", "purpose").
    pub mission_nouns: &'static [&'static str],
    /// The aims ("ciele", "goals").
    pub aims_nouns: &'static [&'static str],
    /// Words that may stand beside a part's name or the organization's name
    /// without making the question about something else ("hlavné ciele",
    /// "čím sa zaoberá IOM", "main goals", "mission statement").
    pub part_words: &'static [&'static str],
    /// What kind of body the organization is, as members name it instead of
    /// its name ("the association", "spolek", "organizácia"): like the name,
    /// it names no topic, so it is no search word when others are there, and
    /// alone it asks for the mission.
    pub organization_nouns: &'static [&'static str],
    /// "číslo", "number": between a point noun and its number.
    pub number_markers: &'static [&'static str],
    /// Cardinal numbers as words.
    pub numbers: &'static [(&'static str, u32)],
    /// Numbers as nouns ("sedmička", "dvanástka": the seventh, the twelfth
    /// item), stems completed by one of [`Lexicon::number_noun_endings`].
    pub number_nouns: &'static [(&'static str, u32)],
    pub number_noun_endings: &'static [&'static str],
    /// Ordinal stems, completed by one of [`Lexicon::ordinal_endings`]
    /// (`tret` + `ieho`).
    pub ordinal_stems: &'static [(&'static str, u32)],
    pub ordinal_endings: &'static [&'static str],
    /// Ordinals as whole words ("eighth").
    pub ordinal_words: &'static [(&'static str, u32)],
    /// Endings after digits that make an ordinal ("8th").
    pub digit_ordinal_suffixes: &'static [&'static str],
    /// "posledný" as a stem with the ordinal endings, or "last" as a word.
    pub last_stems: &'static [&'static str],
    pub last_words: &'static [&'static str],
    /// "predposledný" as a stem with the ordinal endings, or "penultimate"
    /// as a word: the one before the last.
    pub penultimate_stems: &'static [&'static str],
    pub penultimate_words: &'static [&'static str],
    /// Phrases that say the same in several words ("before last", "second
    /// to last"): read as one word of [`Lexicon::penultimate_words`] before
    /// their words could be taken for fillers.
    pub penultimate_phrases: &'static [&'static str],
    /// Words that ask for the item after the one just answered ("ďalší",
    /// "next") or before it ("predošlý", "previous"), and phrases that do
    /// ("the one before"): a follow-up, read against the conversation.
    pub next_words: &'static [&'static str],
    pub previous_words: &'static [&'static str],
    pub next_phrases: &'static [&'static str],
    pub previous_phrases: &'static [&'static str],
    /// The English language named ("po anglicky", "in English"): the last
    /// answer again, in English.
    pub english_words: &'static [&'static str],
    /// "Tell me more" in a word or a phrase ("viac o tom", "rozveď"): the
    /// last answer again, in full.
    pub more_words: &'static [&'static str],
    pub more_phrases: &'static [&'static str],
    /// Words that point back at what was said ("to", "tomu", "that"): with
    /// a part's name and nothing else ("je k tomu aj bod v stratégii?"),
    /// the part's passage closest to the last answer.
    pub pointing_words: &'static [&'static str],
    /// Words that ask for a whole list ("zoznam", "vymenuj", "all"): right
    /// before a part's plural name they ask for that part, whatever else
    /// the message says ("zoznam cieľov, ktoré sleduje s partnermi").
    pub list_words: &'static [&'static str],
    /// Nouns for a numbered article of statutes ("článok 5", "čl. VII",
    /// "article 3"): with a number, the section whose heading carries it.
    pub article_nouns: &'static [&'static str],
    /// Inflectional endings of this language that the Slovak stemmer does not
    /// strip (Czech `státech`, `migrantům`, `podporují`): a question word the
    /// index does not know is also tried without them.
    pub foreign_endings: &'static [&'static str],
    /// Words and phrases that ask for an amount ("koľko", "how many"): a
    /// mission and a strategy state aims, not figures, so such a question is
    /// answered only on strong evidence.
    pub amount_phrases: &'static [&'static str],
}

/// Every language questions are analyzed with.
pub const LEXICONS: [&Lexicon; 3] = [&SK, &CS, &EN];

/// Adjective endings of Slovak ordinals and of "posledný".
const SK_ADJECTIVE: &[&str] = &[
    "y", "a", "e", "i", "u", "eho", "ej", "emu", "om", "ou", "ym", "ych", "ymi", "ia", "ie",
    "ieho", "iemu", "iom", "iu", "ich", "im", "imi",
];

/// Adjective endings of Czech ordinals and of "poslední".
const CS_ADJECTIVE: &[&str] = &[
    "y", "a", "e", "i", "u", "eho", "emu", "em", "ou", "ym", "ych", "ymi", "iho", "imu", "im",
    "ich", "imi",
];

#[rustfmt::skip]
pub const SK: Lexicon = Lexicon {
    language: Language::Sk,
    filler_phrases: &[
        "dobry den", "dobre rano", "dobre popoludnie", "dobry vecer", "dobru noc", "pekny den",
        "pekny vecer", "prajem pekny den", "dakujem pekne", "dakujem za odpoved",
        "dakujem za pomoc", "vdaka za pomoc", "dik za pomoc", "dakujem za info",
        "dakujem za informacie", "vopred dakujem", "s pozdravom", "dobra praca",
        "rad by som", "rada by som", "radi by sme", "mam otazku", "mam jednu otazku",
        "mam taku otazku", "pomoz mi", "pomozte mi", "pomozes mi", "pomozete mi",
        "to pomohlo", "pomohlo to", "pomohlo mi", "to mi pomohlo", "pomohli ste mi",
        "potrebujem pomoc", "mozes mi pomoct", "mozete mi pomoct", "co nove", "co je nove",
        "ako sa vodi", "je tu niekto", "kto si", "co si", "stat sa", "stal sa", "stala sa",
        "stali sa", "sa stat", "sa stal", "sa stala", "jedna vec", "dalsia vec", "dalsia otazka",
        "este jedna otazka", "este jedna vec",
    ],
    filler_words: &[
        "cau", "caute", "caues", "cauko", "cus", "cusky", "zdravim", "zdravime", "nazdar",
        "servus", "hej", "halo", "haloo", "vitaj", "vitajte", "dakujeme", "vdaka", "vdacny",
        "vdacna", "diky", "dik", "dikes", "prosimta", "prosimvas", "pls", "plz", "sorry",
        "prepac", "prepacte", "pardon", "vopred", "pekne", "fakt", "naozaj", "vlastne",
        "proste", "nejak", "nejako", "trochu", "akoze", "hm", "hmm", "ehm", "aha", "jj", "ok",
        "okej", "oki", "super", "fajn", "parada", "vyborne", "skvele", "perfektne", "jasne",
        "rozumiem", "pravda", "pravdu", "otazka", "otazku", "otazocka", "otazocku", "otazecka", "dotaz", "viete",
        "vedel", "vedela", "vedeli", "vediet", "mozes", "mozete", "povies", "poviete",
        "povedali", "povedal", "povedala", "vysvetlit", "vysvetli", "vysvetlite", "objasnit",
        "objasni", "ukaz", "ukazte", "ukazat", "ukazes", "ukazete", "najdi", "najdite", "napis",
        // "daj mi to po anglicky": the light verb, as "give" in English.
        "daj", "dajte", "dat", "dajme",
        "napiste", "hladam", "hladame", "hladat", "zaujima", "zaujimalo", "zaujimaju",
        "zaujimam", "zaujimat", "info", "infosky", "niecom", "nicom", "niekoho", "bot", "bota",
        "botik", "priatelia", "kamarati", "decka", "ludkovia", "otazky", "neviete", "nevies",
        "odpoved", "odpovedat", "odpovedz", "odpovedzte", "chcela", "chceli", "povedzme",
        "napriklad", "prosime", "poprosim", "poprosil", "poprosila",
        // Asking about the asking: "kamoš sa pýtal", "chcela by som sa opýtať".
        "este", "pyta", "pytam", "pytal", "pytala", "pytali", "pytaju", "opytat", "spytat", "spytal",
        "spytala",
        // Praise and rating: how people talk about anything ("najlepšia
        // pizza", "dobrý notebook"), not what they ask about.
        "najlepsi", "najlepsia", "najlepsie", "najlepsieho", "najlepsiu", "najlepsom",
        "najlepsej", "najlepsich", "lepsi", "lepsia", "lepsie", "dobry", "dobra", "dobre",
        "dobru", "dobreho", "dobrej", "dobrom", "dobrych", "dobrym", "lacny", "lacna", "lacne",
        "lacnu", "oblubeny", "oblubena", "oblubene", "skvely", "skvela", "uzasny", "uzasne",
        "kvalitny", "kvalitne", "top",
        // "ísť": "kto ide", "o čo ide" frame a question; "domov" goes with
        // a verb that says what is asked ("vrátiť sa domov", "idem domov").
        "ide", "idem", "ideme", "idete", "idu", "ist", "domov", "domova",
    ],
    point_nouns: &["bod", "bodu", "bode", "bodom"],
    point_plurals: &["body", "bodoch", "bodmi", "bodov"],
    strategy_nouns: &["strategia", "strategie", "strategii", "strategiu", "strategiou"],
    mission_nouns: &[
        "poslanie", "poslania", "poslaniu", "poslanim", "misia", "misie", "misiu", "misii",
        "ucel", "ucelom", "ucelu",
    ],
    aims_nouns: &[
        "ciel", "ciele", "ciela", "cielu", "cielom", "cielov", "cieloch", "cielmi",
    ],
    part_words: &[
        "hlavny", "hlavne", "hlavna", "hlavnym", "hlavnou", "hlavneho", "zakladny", "zakladne",
        "zakladna", "klucovy", "klucove", "celkovy", "celkove", "oficialny", "oficialne",
        "robia", "zaobera", "zaoberaju", "venuje", "venuju", "cinnost", "cinnosti",
        "cinnostou", "vlastne", "existuje", "kladie", "sleduje", "chce", "snazi", "usiluje",
        "dosiahnut", "zoznam", "zoznamu", "vycet", "prehlad", "strucne", "staci", "vsetky",
        "vsetkych", "celu", "cele", "cely",
    ],
    organization_nouns: &[
        "organizacia", "organizacie", "organizacii", "organizaciu", "organizaciou", "spolok",
        "spolku", "spolkom", "zdruzenie", "zdruzenia", "zdruzeniu", "zdruzenim", "nadacia",
        "nadacie", "nadacii", "nadaciu", "nadaciou",
    ],
    number_markers: &["cislo", "cisle", "c", "cis"],
    numbers: &[
        ("jeden", 1), ("jedna", 1), ("jedno", 1), ("dva", 2), ("dve", 2), ("tri", 3), ("styri", 4),
        ("pat", 5), ("sest", 6), ("sedem", 7), ("osem", 8), ("devat", 9), ("desat", 10),
        ("jedenast", 11), ("dvanast", 12), ("trinast", 13), ("strnast", 14), ("patnast", 15),
        ("sestnast", 16), ("sedemnast", 17), ("osemnast", 18), ("devatnast", 19),
        ("dvadsat", 20), ("dvoch", 2), ("dvom", 2), ("troch", 3), ("trom", 3), ("styroch", 4),
        ("styrom", 4), ("piatich", 5), ("siestich", 6), ("siedmich", 7), ("osmich", 8),
        ("desiatich", 10), ("dvanastich", 12),
    ],
    number_nouns: &[
        ("jednotk", 1), ("dvojk", 2), ("trojk", 3), ("stvork", 4), ("patk", 5), ("sestk", 6),
        ("sedmick", 7), ("osmick", 8), ("deviatk", 9), ("desiatk", 10), ("jedenastk", 11),
        ("dvanastk", 12), ("trinastk", 13), ("strnastk", 14), ("patnastk", 15),
    ],
    number_noun_endings: &["a", "u", "y", "e", "ou", "ach", "ami"],
    ordinal_stems: &[
        ("prv", 1), ("druh", 2), ("tret", 3), ("stvrt", 4), ("piat", 5), ("siest", 6),
        ("siedm", 7), ("osm", 8), ("deviat", 9), ("desiat", 10), ("jedenast", 11),
        ("dvanast", 12), ("trinast", 13), ("strnast", 14), ("patnast", 15), ("sestnast", 16),
        ("sedemnast", 17), ("osemnast", 18), ("devatnast", 19), ("dvadsiat", 20),
    ],
    ordinal_endings: SK_ADJECTIVE,
    ordinal_words: &[],
    digit_ordinal_suffixes: &[],
    last_stems: &["posledn"],
    last_words: &[],
    penultimate_stems: &["predposledn"],
    penultimate_words: &[],
    penultimate_phrases: &[],
    next_words: &[
        "dalsi", "dalsia", "dalsie", "dalsiu", "dalsieho", "dalsom", "nasledujuci",
        "nasledujuca", "nasledujuce", "nasledujucu", "nasledujuceho", "potom",
    ],
    previous_words: &[
        "predosly", "predosla", "predosle", "predoslu", "predosleho", "predchadzajuci",
        "predchadzajuca", "predchadzajuce", "predchadzajucu", "predchadzajuceho",
    ],
    next_phrases: &["ten po nom", "ten za nim", "po nom", "za nim"],
    previous_phrases: &["ten pred nim", "ten pred tym", "pred nim"],
    english_words: &["anglicky", "anglictine", "anglictina", "anglictinu"],
    more_words: &["rozved", "rozvedte", "podrobnejsie", "podrobnosti", "detailnejsie"],
    more_phrases: &["viac o tom", "viac k tomu", "povedz viac", "povedzte viac", "napis viac"],
    pointing_words: &["to", "tom", "tomu", "tym", "tomto", "tomuto", "tej", "tejto"],
    list_words: &[
        "zoznam", "zoznamu", "vymenuj", "vymenujte", "vypis", "vypiste", "vycet", "vsetky",
        "vsetkych",
    ],
    article_nouns: &["clanok", "clanku", "clanky", "clankom", "clankoch", "cl"],
    foreign_endings: &[],
    amount_phrases: &["kolko", "kolkych", "kolkym", "kolkymi", "kolkokrat"],
};

#[rustfmt::skip]
pub const CS: Lexicon = Lexicon {
    language: Language::Cs,
    filler_phrases: &[
        "dobry den", "dobre rano", "dobre odpoledne", "dobry vecer", "dobrou noc",
        "dekuji za pomoc", "diky za pomoc", "dekuji za odpoved", "predem dekuji",
        "dekuji predem", "dobra prace", "jak se mate", "jak se mas", "pomozte mi",
        "pomuzete mi", "pomuzes mi", "potrebuji pomoc", "potrebuju pomoc", "co je noveho",
        "co noveho", "mam dotaz", "mam otazku", "je tu nekdo", "to pomohlo", "pomohlo mi",
    ],
    filler_words: &[
        "ahoj", "cau", "cus", "zdravim", "nazdar", "dekuji", "dekuju", "dekujeme", "diky",
        "dik", "prosim", "prosimte", "moc", "fakt", "opravdu", "vlastne", "proste", "nejak",
        "trochu", "jako", "jak", "co", "coz", "kdo", "kde", "kdy", "kam", "proc", "kolik",
        "jaky", "jaka", "jake", "jakou", "jakym", "jakych", "jakem", "ktery", "ktera",
        "ktere", "kteri", "kterou", "kterym", "kterych", "kterem", "je", "jsou", "jsem",
        "jsi", "jsme", "jste", "byt", "byl", "byla", "bylo", "byli", "bude", "budou", "by",
        "bych", "bys", "bychom", "byste", "aby", "se", "si", "sebe", "mi", "me", "mne",
        "mnou", "te", "ti", "tebe", "jeho", "jeji", "jejich", "ho", "mu", "ji", "jim", "nas",
        "vas", "nam", "vam", "muj", "moje", "tvuj", "svuj", "sve", "svou", "ten", "ta", "to",
        "tento", "tato", "toto", "tyto", "tom", "tim", "tomu", "teto", "pro", "ve", "ze", "ke",
        "pred", "pri", "pres", "mezi", "podle", "kvuli", "kolem", "nebo", "anebo", "protoze",
        "take", "taky", "tedy", "pak", "uz", "jeste", "jen", "jenom", "jiz", "tady", "zde",
        "ted", "nekdo", "neco", "nejaky", "nejaka", "nejake", "nejakou", "vsechno", "vse",
        "vsichni", "maji", "mit", "muze", "muzou", "muzu", "mohu", "muzes", "muzete", "mohl",
        "mohla", "mohli", "chci", "chce", "chces", "chceme", "chcete", "chteji", "chtel",
        "chtela", "chteli", "chtit", "dela", "delaji", "delate", "delas", "delat", "udelat",
        "vi", "vim", "vis", "vite", "vedet", "rict", "reknete", "rekni", "rekl", "zeptat",
        "zeptal", "zeptala", "pta", "ptam", "ptal", "ptala", "vysvetlit",
        "vysvetlete", "vysvetli", "ukaz", "ukazte", "najit", "najdu", "zajima", "zajimalo",
        "zajimaji", "potrebuji", "potrebuju", "dotaz", "otazka", "otazku", "jestli", "zda",
        "ohledne", "velmi", "hodne", "tam", "tu", "domu", "nejlepsi", "lepsi", "dobry", "dobra",
        "dobre", "levny", "levne", "oblibeny",
        // Looking for, asking: how a question is framed ("hledám někoho,
        // kdo…", "chtěla bych se zeptat").
        "hledam", "hledame", "hledat", "hledate", "nekoho", "nekomu", "nekym", "nekde", "nekdy",
        "zeptat", "zeptam", "zeptal", "zeptala", "zeptali", "ptam", "ptat",
    ],
    point_nouns: &["bod", "bodu", "bode", "bodem"],
    point_plurals: &["body", "bodech", "bodum"],
    strategy_nouns: &["strategie", "strategii"],
    mission_nouns: &["poslani", "mise", "misi", "ucel", "ucelem", "ucelu"],
    aims_nouns: &["cil", "cile", "cilem", "cilu", "cilech", "cilum", "cili"],
    part_words: &[
        "hlavni", "zakladni", "klicovy", "klicove", "zabyva", "zabyvaji", "venuje",
        "cinnost", "klade", "sleduje", "usiluje", "dosahnout", "seznam", "vycet", "prehled",
        "strucne", "staci", "vsechny", "celou", "cely",
    ],
    organization_nouns: &[
        "organizace", "organizaci", "spolek", "spolku", "spolkem", "sdruzeni", "sdruzenim",
        "nadace", "nadaci",
    ],
    number_markers: &["cislo", "c"],
    numbers: &[
        ("jedna", 1), ("jeden", 1), ("dva", 2), ("dve", 2), ("tri", 3), ("ctyri", 4), ("pet", 5),
        ("sest", 6), ("sedm", 7), ("osm", 8), ("devet", 9), ("deset", 10), ("jedenact", 11),
        ("dvanact", 12), ("trinact", 13), ("ctrnact", 14), ("patnact", 15), ("sestnact", 16),
        ("sedmnact", 17), ("osmnact", 18), ("devatenact", 19), ("dvacet", 20), ("dvou", 2),
        ("dvema", 2), ("trech", 3), ("trem", 3), ("ctyr", 4), ("ctyrech", 4), ("peti", 5),
    ],
    number_nouns: &[
        ("jednick", 1), ("dvojk", 2), ("trojk", 3), ("ctyrk", 4), ("petk", 5), ("sestk", 6),
        ("sedmick", 7), ("osmick", 8), ("devitk", 9), ("desitk", 10), ("jedenactk", 11),
        ("dvanactk", 12), ("trinactk", 13), ("ctrnactk", 14), ("patnactk", 15),
    ],
    number_noun_endings: &["a", "u", "y", "e", "ou", "ach", "ami"],
    ordinal_stems: &[
        ("prvn", 1), ("druh", 2), ("tret", 3), ("ctvrt", 4), ("pat", 5), ("sest", 6),
        ("sedm", 7), ("osm", 8), ("devat", 9), ("desat", 10), ("jedenact", 11),
        ("dvanact", 12), ("trinact", 13), ("ctrnact", 14), ("patnact", 15),
        ("sestnact", 16), ("sedmnact", 17), ("osmnact", 18), ("devatenact", 19),
        ("dvacat", 20),
    ],
    ordinal_endings: CS_ADJECTIVE,
    ordinal_words: &[],
    digit_ordinal_suffixes: &[],
    last_stems: &["posledn"],
    last_words: &[],
    penultimate_stems: &["predposledn"],
    penultimate_words: &[],
    penultimate_phrases: &[],
    next_words: &["dalsi", "nasledujici", "pristi"],
    previous_words: &["predchozi", "predchazejici", "minuly", "minula", "minule"],
    next_phrases: &["ten po nem", "ten za nim", "po nem", "za nim"],
    previous_phrases: &["ten pred nim", "pred nim"],
    english_words: &["anglicky", "anglictine", "anglictina", "anglictinu"],
    more_words: &["rozved", "rozvedte", "podrobneji", "podrobnosti"],
    more_phrases: &["vic o tom", "vice o tom", "rekni vic", "reknete vic"],
    pointing_words: &["to", "tom", "tomu", "tim", "tomto", "tomuto"],
    list_words: &[
        "seznam", "seznamu", "vyjmenuj", "vyjmenujte", "vypis", "vypiste", "vycet", "vsechny",
        "vsech",
    ],
    article_nouns: &["clanek", "clanku", "clanky", "clankem", "clancich", "cl"],
    foreign_endings: &["ech", "um", "uji", "ujici", "ove"],
    amount_phrases: &["kolik", "kolika", "kolikrat"],
};

#[rustfmt::skip]
pub const EN: Lexicon = Lexicon {
    language: Language::En,
    filler_phrases: &[
        "good morning", "good afternoon", "good evening", "good night", "good day",
        "good job", "good luck", "thanks for the help", "thanks for your help",
        "thank you for your help", "thank you for the help", "thanks in advance",
        "can you help me", "could you help me", "help me", "help please", "i need help",
        "need help", "what s new", "whats new", "how are you", "how s it going",
        "nice to meet you", "have a nice day", "take care", "is anyone here",
        "is anybody here", "who are you", "that helps", "that helped", "this helps",
        "it helps", "it helped", "helps a lot",
    ],
    filler_words: &[
        "hi", "hello", "hey", "hiya", "yo", "greetings", "everyone", "everybody", "guys",
        "folks", "thanks", "thank", "thx", "cheers", "pls", "plz", "sorry", "ok", "okay",
        "lol", "btw", "know", "wondering", "wonder", "curious", "explain", "show", "find",
        "looking", "look", "want", "wanted", "wants", "like", "need", "info", "question",
        "questions", "quick", "anyone", "anybody", "someone", "somebody", "something",
        "anything", "might", "shall", "must", "may", "doing", "done", "get", "got", "getting",
        "just", "really", "actually", "maybe", "perhaps", "exactly", "yes", "yeah", "yep",
        "nope", "bot", "hmm", "wow", "cool", "nice", "great", "awesome", "ask", "asking",
        "say", "says", "said", "mean", "kind", "sort", "lot", "lots", "here", "more", "much",
        "many", "very", "let", "lets", "im", "m", "s", "t", "d", "ll", "re", "ve", "don",
        "doesn", "isn", "aren", "cannot", "whats", "hows", "dear", "team", "admins",
        "everything", "tell", "against", "towards", "within", "without", "between",
        "through", "during", "before", "after", "over", "under", "around", "via", "per",
        "among", "helpful", "good", "better", "best", "cheap", "cheapest", "favourite",
        "favorite", "top", "amazing", "excellent", "home", "true", "asked", "asks",
        // Discourse and hedging ("any chance", "I heard", "whether", "ur").
        "whether", "heard", "hear", "ur", "chance", "stuff", "thing", "things", "gonna",
        "wanna", "gotta", "kinda", "sorta", "guess", "reckon", "wondered", "possible",
        "possibly", "able", "else", "still", "even", "already", "ever", "currently", "anyway",
        "anyways", "basically", "literally", "honestly", "mate", "bro", "dude",
        // Light verbs: what is given, made or used is the topic, not the verb.
        "give", "gives", "giving", "make", "makes", "making", "take", "takes", "taking", "put",
        "puts", "go", "goes", "going", "come", "comes", "use", "uses", "using",
    ],
    point_nouns: &["point", "item"],
    point_plurals: &["points", "items"],
    strategy_nouns: &["strategy", "strategies"],
    mission_nouns: &["mission", "missions", "purpose"],
    aims_nouns: &["aim", "aims", "goal", "goals", "objective", "objectives"],
    part_words: &[
        "main", "primary", "key", "core", "overall", "official", "statement", "work", "works",
        "stand", "stands", "pursue", "pursues", "achieve", "trying", "try", "tries", "nutshell",
        "summary", "summarize", "briefly", "short", "list", "overview", "whole", "full", "all",
    ],
    organization_nouns: &[
        "organization", "organisation", "org", "association", "charity", "foundation",
        "nonprofit", "ngo", "society", "alliance",
    ],
    number_markers: &["number", "nr", "num"],
    numbers: &[
        ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6),
        ("seven", 7), ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12),
        ("thirteen", 13), ("fourteen", 14), ("fifteen", 15), ("sixteen", 16),
        ("seventeen", 17), ("eighteen", 18), ("nineteen", 19), ("twenty", 20),
    ],
    number_nouns: &[],
    number_noun_endings: &[],
    ordinal_stems: &[],
    ordinal_endings: &[],
    ordinal_words: &[
        ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("sixth", 6),
        ("seventh", 7), ("eighth", 8), ("ninth", 9), ("tenth", 10), ("eleventh", 11),
        ("twelfth", 12), ("thirteenth", 13), ("fourteenth", 14), ("fifteenth", 15),
        ("sixteenth", 16), ("seventeenth", 17), ("eighteenth", 18), ("nineteenth", 19),
        ("twentieth", 20),
    ],
    digit_ordinal_suffixes: &["st", "nd", "rd", "th"],
    last_stems: &[],
    last_words: &["last", "final"],
    penultimate_stems: &[],
    penultimate_words: &["penultimate"],
    penultimate_phrases: &[
        "before last", "before the last", "second to last", "second last", "next to last",
        "last but one", "before the final",
    ],
    next_words: &["next", "following"],
    previous_words: &["previous", "preceding", "prior"],
    next_phrases: &["the one after", "one after", "after that", "after it", "after this"],
    previous_phrases: &["the one before", "one before", "before that", "before it"],
    english_words: &["english"],
    more_words: &["elaborate", "details"],
    more_phrases: &["more about", "tell me more", "more on that", "more on this", "more detail", "say more"],
    pointing_words: &["that", "it", "this", "those", "these"],
    list_words: &["list", "all", "every", "enumerate"],
    article_nouns: &["article", "articles", "art"],
    foreign_endings: &[],
    amount_phrases: &["how many", "how much", "how often"],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(lexicon: &Lexicon) -> Vec<&'static str> {
        let mut words: Vec<&str> = Vec::new();
        for phrase in lexicon
            .filler_phrases
            .iter()
            .chain(lexicon.amount_phrases)
            .chain(lexicon.penultimate_phrases)
            .chain(lexicon.next_phrases)
            .chain(lexicon.previous_phrases)
            .chain(lexicon.more_phrases)
        {
            words.extend(phrase.split(' '));
        }
        for list in [
            lexicon.filler_words,
            lexicon.point_nouns,
            lexicon.point_plurals,
            lexicon.strategy_nouns,
            lexicon.mission_nouns,
            lexicon.aims_nouns,
            lexicon.part_words,
            lexicon.organization_nouns,
            lexicon.number_markers,
            lexicon.ordinal_endings,
            lexicon.digit_ordinal_suffixes,
            lexicon.last_stems,
            lexicon.last_words,
            lexicon.penultimate_stems,
            lexicon.penultimate_words,
            lexicon.next_words,
            lexicon.previous_words,
            lexicon.english_words,
            lexicon.more_words,
            lexicon.pointing_words,
            lexicon.number_noun_endings,
            lexicon.foreign_endings,
        ] {
            words.extend(list.iter().copied());
        }
        for list in [
            lexicon.numbers,
            lexicon.number_nouns,
            lexicon.ordinal_stems,
            lexicon.ordinal_words,
        ] {
            words.extend(list.iter().map(|(w, _)| *w));
        }
        words
    }

    #[test]
    fn entries_are_written_as_folded_tokens() {
        for lexicon in LEXICONS {
            for word in all_words(lexicon) {
                assert!(
                    !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()),
                    "{:?}: {word:?} is not a folded token",
                    lexicon.language
                );
            }
        }
    }

    #[test]
    fn reference_words_are_not_fillers() {
        for lexicon in LEXICONS {
            for list in [
                lexicon.point_nouns,
                lexicon.point_plurals,
                lexicon.strategy_nouns,
                lexicon.mission_nouns,
                lexicon.aims_nouns,
                lexicon.number_markers,
                lexicon.last_words,
            ] {
                for word in list {
                    for other in LEXICONS {
                        assert!(
                            !other.filler_words.contains(word),
                            "{word:?} both points at a part and is a filler"
                        );
                    }
                }
            }
        }
    }
}
