//! Name folding for matching: one comparable form for every spelling of a name.
//!
//! Three levels, from strict to loose:
//!
//! * [`fold`]: lowercase ASCII, diacritics removed, `Đ`/`đ` as `dj`, Cyrillic transliterated to
//!   the common English spellings, punctuation as spaces, apostrophes dropped
//!   ("Vučić" and "Вучић" both fold to `vucic`; "Николай Патрушев" to `nikolai patrushev`).
//! * [`phonetic_key`]: a consonant skeleton per word, for blocking candidates cheaply
//!   ("Patrushev", "Petrushev" and "Petrusev" share `ptrsv`; "Nikolai" and "Nikolay" share `nkl`).
//! * [`same_name_variant`]: the guarded decision whether two person names may be the same
//!   person: surnames within one edit per six letters after transliteration normalisation,
//!   given names equal, variants of each other, an initial, or absent.

/// Folds a name for comparison: lowercase ASCII words separated by single spaces.
///
/// Latin diacritics are removed (`Đ`/`đ` become `dj`, as Serbian and Croatian names are
/// usually written without diacritics), Cyrillic is transliterated (Russian conventions, or
/// Serbian/Macedonian when the text has a letter only those alphabets use, or Ukrainian when
/// it has `і`, `ї`, `є` or `ґ`), apostrophes are dropped and other punctuation becomes a space.
///
/// ```
/// use dossier_kb::fold::fold;
/// assert_eq!(fold("Николай Патрушев"), "nikolai patrushev");
/// assert_eq!(fold("Aleksandar Vučić"), fold("Александар Вучић"));
/// assert_eq!(fold("Milo Đukanović"), "milo djukanovic");
/// assert_eq!(fold("Rostov-on-Don"), "rostov on don");
/// ```
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        // Most names are plain ASCII: skip transliteration and deunicode.
        return fold_ascii(name);
    }
    let script = cyrillic_script(name);
    let mut latin = String::with_capacity(name.len() + 8);
    let chars: Vec<char> = name.chars().collect();
    for (idx, &ch) in chars.iter().enumerate() {
        if let Some(t) = translit_cyrillic(&chars, idx, script) {
            if ch.is_uppercase() {
                latin.extend(t.chars().flat_map(char::to_uppercase));
            } else {
                latin.push_str(t);
            }
            continue;
        }
        match ch {
            'Đ' | 'đ' => latin.push_str("dj"),
            // Apostrophe-like marks join the letters around them ("N'Djamena", "Xi'an").
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' => {}
            _ => latin.push(ch),
        }
    }
    let ascii = deunicode::deunicode(&latin);
    fold_ascii(&ascii)
}

/// Lowercases ASCII letters and digits, drops apostrophes and turns every other run of
/// characters into one space.
fn fold_ascii(ascii: &str) -> String {
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '`' {
            // deunicode may produce apostrophes of its own (soft signs, some scripts).
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`fold`] with the spaces removed: the key the knowledge base indexes names by, so that
/// "Banja Luka" and "Banjaluka", or "Xi Jin Ping" and "Xi Jinping", meet.
pub fn compact(name: &str) -> String {
    let mut folded = fold(name);
    folded.retain(|ch| ch != ' ');
    folded
}

/// Which Cyrillic alphabet a text uses, as far as its letters tell.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Russian,
    Serbian,
    Ukrainian,
}

fn cyrillic_script(text: &str) -> Script {
    let mut script = Script::Russian;
    for ch in text.chars() {
        match ch {
            'ђ' | 'Ђ' | 'ј' | 'Ј' | 'љ' | 'Љ' | 'њ' | 'Њ' | 'ћ' | 'Ћ' | 'џ' | 'Џ' | 'ѓ' | 'Ѓ'
            | 'ќ' | 'Ќ' | 'ѕ' | 'Ѕ' => return Script::Serbian,
            'і' | 'І' | 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' => script = Script::Ukrainian,
            _ => {}
        }
    }
    script
}

fn is_cyrillic_vowel(ch: char) -> bool {
    matches!(
        ch.to_lowercase().next().unwrap_or(ch),
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є'
    )
}

fn lower_at(chars: &[char], idx: usize) -> Option<char> {
    chars
        .get(idx)
        .map(|&c| c.to_lowercase().next().unwrap_or(c))
}

/// Transliterates the Cyrillic letter at `idx`; `None` when it is not Cyrillic.
fn translit_cyrillic(chars: &[char], idx: usize, script: Script) -> Option<&'static str> {
    let lower = lower_at(chars, idx)?;
    let prev = idx.checked_sub(1).and_then(|i| lower_at(chars, i));
    let next = lower_at(chars, idx + 1);
    let is_word_end = |i: usize| lower_at(chars, i).is_none_or(|c| !c.is_alphabetic());
    let serbian = script == Script::Serbian;
    let ukrainian = script == Script::Ukrainian;
    let s: &'static str = match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' if ukrainian => "h",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' | 'ё' => "e",
        'є' => "ye",
        'ж' if serbian => "z",
        'ж' => "zh",
        'з' => "z",
        'и' if ukrainian => "y",
        // Russian "-ий" at the end of a word is written "-y" in English (Dmitry, Vasily):
        // the "и" gives the "y" and the "й" nothing.
        'и' if !serbian && next == Some('й') && is_word_end(idx + 2) => "y",
        'и' | 'і' => "i",
        // Ukrainian "ї" is "yi" at the start of a word and "i" inside it (Київ -> Kyiv).
        'ї' if prev.is_some_and(char::is_alphabetic) => "i",
        'ї' => "yi",
        'й' => match prev {
            Some('и') | Some('ы') if is_word_end(idx + 1) => "",
            Some('о') if is_word_end(idx + 1) => "y",
            // After another vowel "й" is usually written "i" (Nikolai, Sergei, Andrei).
            Some(p) if is_cyrillic_vowel(p) => "i",
            _ => "y",
        },
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'ќ' => "kj",
        'ѓ' => "gj",
        'ѕ' => "dz",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' if serbian => "h",
        'х' => "kh",
        'ц' if serbian => "c",
        'ц' => "ts",
        'ч' if serbian => "c",
        'ч' => "ch",
        'џ' => "dz",
        'ђ' => "dj",
        'ш' if serbian => "s",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    };
    Some(s)
}

/// Rewrites a folded word so that transliteration variants meet: digraphs become one letter
/// (`shch`, `sh` → `s`; `ch` → `c`; `zh` → `z`; `kh` → `h`; `dj`, `dz` → `d`/`z`; `ts` → `c`;
/// `x` → `ks`; `ph` → `f`; `w` → `v`; `q` → `k`), `y` and `j` become `i`, and doubled
/// letters are written once. "Patrushev" → `patrusev`, "Vuchich" → `vucic`,
/// "Djukanovic" → `dukanovic`, "Nikolay" → `nikolai`, "Dmitriy" → `dmitri`.
pub fn normalize_word(word: &str) -> String {
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut idx = 0;
    while idx < bytes.len() {
        let rest = &word[idx..];
        let (piece, used) = if rest.starts_with("shch") {
            ("s", 4)
        } else if rest.starts_with("sch") {
            ("s", 3)
        } else if rest.starts_with("sh") {
            ("s", 2)
        } else if rest.starts_with("ch") || rest.starts_with("ts") || rest.starts_with("tz") {
            ("c", 2)
        } else if rest.starts_with("zh") || rest.starts_with("dz") {
            ("z", 2)
        } else if rest.starts_with("kh") {
            ("h", 2)
        } else if rest.starts_with("dj") {
            ("d", 2)
        } else if rest.starts_with("ph") {
            ("f", 2)
        } else if rest.starts_with("ck") {
            ("k", 2)
        } else {
            let piece = match bytes.get(idx).copied().unwrap_or(b' ') {
                b'x' => "ks",
                b'w' => "v",
                b'q' => "k",
                b'y' | b'j' => "i",
                b'a' => "a",
                b'b' => "b",
                b'c' => "c",
                b'd' => "d",
                b'e' => "e",
                b'f' => "f",
                b'g' => "g",
                b'h' => "h",
                b'i' => "i",
                b'k' => "k",
                b'l' => "l",
                b'm' => "m",
                b'n' => "n",
                b'o' => "o",
                b'p' => "p",
                b'r' => "r",
                b's' => "s",
                b't' => "t",
                b'u' => "u",
                b'v' => "v",
                b'z' => "z",
                b'0'..=b'9' => &rest[..1],
                _ => "",
            };
            (piece, 1)
        };
        for ch in piece.chars() {
            if !out.ends_with(ch) {
                out.push(ch);
            }
        }
        idx += used;
    }
    out
}

/// A coarse phonetic key: for each word of the folded name, its first letter and then its
/// consonants (after [`normalize_word`]), doubled consonants once. Meant for blocking:
/// names with the same key are worth comparing with [`same_name_variant`].
///
/// ```
/// use dossier_kb::fold::phonetic_key;
/// assert_eq!(phonetic_key("Patrushev"), phonetic_key("Petrusev"));
/// assert_eq!(phonetic_key("Nikolai Patrushev"), phonetic_key("Nikolay Petrushev"));
/// assert_ne!(phonetic_key("Vladimir Popov"), phonetic_key("Alexander Popov"));
/// ```
pub fn phonetic_key(name: &str) -> String {
    let folded = fold(name);
    let mut key = String::with_capacity(folded.len());
    for word in folded.split(' ') {
        let normalized = normalize_word(word);
        let mut chars = normalized.chars();
        let Some(first) = chars.next() else { continue };
        if !key.is_empty() {
            key.push(' ');
        }
        key.push(first);
        let mut last = first;
        for ch in chars {
            if !matches!(ch, 'a' | 'e' | 'i' | 'o' | 'u' | 'h') && ch != last {
                key.push(ch);
            }
            last = ch;
        }
    }
    key
}

/// Levenshtein distance between two short ASCII strings, in bytes.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = i;
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != cb);
            let value = (diag + cost)
                .min(above.saturating_add(1))
                .min(left.saturating_add(1));
            diag = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Words that are not part of a person's name when they open it.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "gen",
    "general",
    "president",
    "premier",
    "minister",
    "king",
    "queen",
    "prince",
    "sheikh",
    "gospodin",
];

/// Particles that belong to the surname that follows them ("de Maizière", "von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "zu",
    "al", "el", "bin", "ibn", "ben", "abu", "ter", "op",
];

/// Given names that are the same name in another language or transliteration, or a usual
/// short form of it. Each group is one name.
const GIVEN_NAME_GROUPS: &[&[&str]] = &[
    &[
        "alexander",
        "aleksandr",
        "aleksandar",
        "alexandr",
        "oleksandr",
        "alex",
        "sasha",
    ],
    &[
        "alexei", "aleksei", "alexey", "aleksey", "oleksii", "oleksiy",
    ],
    &[
        "andrei", "andrey", "andriy", "andrii", "andrew", "andrej", "andrija",
    ],
    &[
        "dmitry", "dmitri", "dmitriy", "dmytro", "dimitri", "dimitrij",
    ],
    &["sergei", "sergey", "serhiy", "serhii", "sergej", "sergiy"],
    &["nikolai", "nikolay", "mykola", "nikolaj"],
    &["mikhail", "mykhailo", "michael", "mihail", "mike"],
    &["yuri", "yury", "yuriy", "yurii", "jurij", "juri"],
    &[
        "yevgeny", "yevgeniy", "evgeny", "evgeniy", "eugene", "yevhen",
    ],
    &["pyotr", "petr", "peter", "petro"],
    &["pavel", "pavlo", "paul"],
    &["vladimir", "volodymyr", "wladimir"],
    &["viktor", "victor"],
    &["anatoly", "anatoliy", "anatolii"],
    &["vasily", "vasiliy", "vasyl"],
    &["grigory", "grigoriy", "hryhoriy", "gregory"],
    &["konstantin", "kostyantyn", "kostiantyn", "constantine"],
    &["yulia", "yuliya", "yuliia", "julia", "julija"],
    &["maria", "mariya", "marija"],
    &["natalia", "natalya", "nataliya"],
    &["elena", "yelena", "olena"],
    &["ilya", "illia", "ilia"],
    &["fyodor", "fedor"],
    &["joseph", "joe"],
    &["william", "bill"],
    &["robert", "bob"],
    &["richard", "dick"],
    &["james", "jim"],
    &["anthony", "antony", "tony"],
    &["elizabeth", "liz"],
    &["charles", "chuck"],
    &["ashton", "ash"],
    &["gjorge", "gjorgje", "djordje", "dorde"],
    &["stjepan", "stipe"],
    &["bexhet", "behgjet"],
    &["edvin", "edi"],
];

/// One name's parts: given name (possibly an initial), surname, both folded.
struct NameParts {
    /// The words before the surname: given names, middle names, patronymics.
    given: Vec<String>,
    surname: String,
}

fn name_parts(name: &str) -> Option<NameParts> {
    let folded = fold(name);
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 1 && words.first().is_some_and(|w| HONORIFICS.contains(w)) {
        words.remove(0);
    }
    let last_idx = words.len().checked_sub(1)?;
    // The surname is the last word with the particles directly before it.
    let mut surname_start = last_idx;
    while surname_start > 0
        && words
            .get(surname_start - 1)
            .is_some_and(|w| PARTICLES.contains(w))
    {
        surname_start -= 1;
    }
    let surname: String = words.get(surname_start..)?.concat();
    let given = words
        .get(..surname_start)
        .unwrap_or(&[])
        .iter()
        .map(|w| (*w).to_string())
        .collect();
    Some(NameParts { given, surname })
}

/// The number of edits two normalised words of this length may differ by: one per six letters.
fn allowed_edits(a: &str, b: &str) -> usize {
    a.len().min(b.len()) / 6
}

/// Feminine and masculine endings of Slavic surnames (after [`normalize_word`]): a woman
/// and a man of one family are two people (Patrusheva/Patrushev, Zelenskaya/Zelensky).
const GENDERED_ENDINGS: &[(&str, &str)] = &[
    ("ova", "ov"),
    ("eva", "ev"),
    ("ina", "in"),
    ("skaia", "ski"),
    ("ckaia", "cki"),
    ("aia", "i"),
    ("ska", "ski"),
    ("cka", "cki"),
];

/// Whether the two normalised surnames are the feminine and masculine forms of one name.
fn gendered_pair(a: &str, b: &str) -> bool {
    GENDERED_ENDINGS.iter().any(|(fem, masc)| {
        let pair = |x: &str, y: &str| {
            x.strip_suffix(fem)
                .zip(y.strip_suffix(masc))
                .is_some_and(|(sx, sy)| !sx.is_empty() && sx == sy)
        };
        pair(a, b) || pair(b, a)
    })
}

/// Whether two surnames (folded) may be spellings of one name.
fn surnames_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let na = normalize_word(a);
    let nb = normalize_word(b);
    if na == nb {
        return true;
    }
    !gendered_pair(&na, &nb) && edit_distance(&na, &nb) <= allowed_edits(&na, &nb)
}

fn given_group(name: &str) -> Option<usize> {
    GIVEN_NAME_GROUPS
        .iter()
        .position(|group| group.contains(&name))
}

/// Whether two given names (folded) may name the same person.
fn given_names_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // An initial ("V. Putin") matches any given name with that letter.
    if a.len() == 1 || b.len() == 1 {
        return a.chars().next() == b.chars().next();
    }
    if let (Some(ga), Some(gb)) = (given_group(a), given_group(b)) {
        return ga == gb;
    }
    let na = normalize_word(a);
    let nb = normalize_word(b);
    if na == nb {
        return true;
    }
    // Only near-identical spellings of names we do not know: one edit in a long name whose
    // phonetic skeleton is unchanged (Nikolai/Nikolaj); never two different known names.
    edit_distance(&na, &nb) <= allowed_edits(&na, &nb) && phonetic_key(a) == phonetic_key(b)
}

/// Whether two person names may be the same person spelled differently.
///
/// Surnames must agree within one edit per six letters once transliteration digraphs are
/// normalised (Patrushev/Petrushev, Vučić/Vucic/Вучић, Đukanović/Djukanovic); short
/// surnames must agree exactly (Popov/Popova do not). Given names must be the same name
/// (Nikolai/Nikolay, Sergei/Sergey, Alexander/Aleksandr), an initial of it, or absent on one
/// side; two different given names never match ("Vladimir Popov" vs "Alexander Popov").
///
/// ```
/// use dossier_kb::fold::same_name_variant;
/// assert!(same_name_variant("Nikolai Patrushev", "Nikolay Patrushev"));
/// assert!(same_name_variant("Aleksandar Vučić", "Vucic"));
/// assert!(!same_name_variant("Vladimir Popov", "Alexander Popov"));
/// ```
pub fn same_name_variant(a: &str, b: &str) -> bool {
    let (Some(pa), Some(pb)) = (name_parts(a), name_parts(b)) else {
        return false;
    };
    if pa.surname.is_empty() || pb.surname.is_empty() {
        return false;
    }
    if !surnames_compatible(&pa.surname, &pb.surname) {
        return false;
    }
    // The first given names must agree; when they do not, the shorter name's given name may
    // still be the other's second given name ("Tayyip Erdoğan" for "Recep Tayyip Erdoğan").
    let (fewer, more) = if pa.given.len() <= pb.given.len() {
        (&pa.given, &pb.given)
    } else {
        (&pb.given, &pa.given)
    };
    match (fewer.first(), more.first()) {
        (Some(gf), Some(gm)) => {
            given_names_compatible(gf, gm)
                || (fewer.len() == 1 && gf.len() > 1 && more.iter().skip(1).any(|g| g == gf))
        }
        _ => true,
    }
}

/// Strips an English possessive ending: "Serbia’s" → "Serbia", "the Philippines'" →
/// "the Philippines". Other text is returned unchanged.
pub fn strip_possessive(text: &str) -> &str {
    let trimmed = text.trim();
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = trimmed.strip_suffix(suffix) {
            return stem.trim_end();
        }
    }
    for suffix in ["'", "’"] {
        if let Some(stem) = trimmed.strip_suffix(suffix) {
            if stem.ends_with('s') || stem.ends_with('S') {
                return stem.trim_end();
            }
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_latin_diacritics_and_dj() {
        assert_eq!(fold("Aleksandar Vučić"), "aleksandar vucic");
        assert_eq!(fold("Milo Đukanović"), "milo djukanovic");
        assert_eq!(fold("Nebojša Stefanović"), "nebojsa stefanovic");
        assert_eq!(fold("Tomislav Nikolić"), "tomislav nikolic");
        assert_eq!(fold("Ana Brnabić"), "ana brnabic");
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(fold("Jean-Noël Barrot"), "jean noel barrot");
        assert_eq!(fold("  N'Djamena  "), "ndjamena");
        assert_eq!(fold("Xi’an"), "xian");
        assert_eq!(fold(""), "");
        assert_eq!(fold("!!!"), "");
    }

    #[test]
    fn fold_russian_cyrillic_to_english_spellings() {
        assert_eq!(fold("Николай Патрушев"), "nikolai patrushev");
        assert_eq!(fold("Сергей Лавров"), "sergei lavrov");
        assert_eq!(fold("Дмитрий Медведев"), "dmitry medvedev");
        assert_eq!(fold("Дмитрий Песков"), "dmitry peskov");
        assert_eq!(fold("Мария Захарова"), "mariya zakharova");
        assert_eq!(fold("Сергей Шойгу"), "sergei shoigu");
        assert_eq!(fold("Москва"), "moskva");
        assert_eq!(fold("ФСБ"), "fsb");
        assert_eq!(fold("Владимир Путин"), "vladimir putin");
        assert_eq!(fold("Лев Толстой"), "lev tolstoy");
    }

    #[test]
    fn fold_serbian_cyrillic_matches_serbian_latin() {
        assert_eq!(fold("Вучић"), "vucic");
        assert_eq!(fold("Александар Вучић"), fold("Aleksandar Vučić"));
        assert_eq!(fold("Небојша Стефановић"), fold("Nebojša Stefanović"));
        assert_eq!(fold("Ђукановић"), fold("Đukanović"));
        assert_eq!(fold("Милош Вучевић"), fold("Miloš Vučević"));
        assert_eq!(fold("Београд"), "beograd");
        // Without a letter only Serbian has, a Serbian word reads as Russian; the gazetteer
        // lists Cyrillic names as written, so both sides fold alike.
        assert_eq!(fold("Ниш"), "nish");
    }

    #[test]
    fn fold_ukrainian_cyrillic() {
        assert_eq!(fold("Київ"), "kyiv");
        assert_eq!(fold("Харків"), "kharkiv");
    }

    #[test]
    fn compact_joins_words() {
        assert_eq!(compact("Banja Luka"), compact("Banjaluka"));
        assert_eq!(compact("Xi Jin Ping"), compact("Xi Jinping"));
    }

    #[test]
    fn phonetic_key_blocks_transliteration_variants() {
        assert_eq!(phonetic_key("Patrushev"), "ptrsv");
        assert_eq!(phonetic_key("Petrushev"), "ptrsv");
        assert_eq!(phonetic_key("Petrusev"), "ptrsv");
        assert_eq!(phonetic_key("Nikolai"), phonetic_key("Nikolay"));
        assert_eq!(phonetic_key("Sergei Lavrov"), phonetic_key("Sergey Lavrov"));
        assert_eq!(
            phonetic_key("Aleksandar Vučić"),
            phonetic_key("Aleksandar Vuchich")
        );
        assert_eq!(phonetic_key("Đukanović"), phonetic_key("Djukanovic"));
        assert_eq!(phonetic_key("Alexander"), phonetic_key("Aleksandr"));
        assert_ne!(phonetic_key("Lavrov"), phonetic_key("Peskov"));
        assert_eq!(phonetic_key(""), "");
    }

    #[test]
    fn normalize_word_meets_transliterations() {
        assert_eq!(normalize_word("patrushev"), "patrusev");
        assert_eq!(normalize_word("vuchich"), "vucic");
        assert_eq!(normalize_word("djukanovic"), "dukanovic");
        assert_eq!(normalize_word("nikolay"), "nikolai");
        assert_eq!(normalize_word("dmitriy"), "dmitri");
        assert_eq!(normalize_word("mariya"), "maria");
    }

    #[test]
    fn same_name_variant_merges_named_real_variants() {
        assert!(same_name_variant("Nikolai Patrushev", "Nikolay Patrushev"));
        assert!(same_name_variant("Николай Патрушев", "Nikolai Patrushev"));
        assert!(same_name_variant("Aleksandar Vučić", "Aleksandar Vucic"));
        assert!(same_name_variant("Александар Вучић", "Aleksandar Vucic"));
        assert!(same_name_variant("Milo Đukanović", "Milo Djukanovic"));
        assert!(same_name_variant(
            "Nebojša Stefanović",
            "Nebojsa Stefanovic"
        ));
        assert!(same_name_variant("Sergei Lavrov", "Sergey Lavrov"));
        assert!(same_name_variant(
            "Sergey Viktorovich Lavrov",
            "Sergei Lavrov"
        ));
        assert!(same_name_variant("Dmitry Peskov", "Dmitri Peskov"));
        assert!(same_name_variant("Maria Zakharova", "Mariya Zakharova"));
        assert!(same_name_variant("Tomislav Nikolić", "Nikolic"));
        assert!(same_name_variant("V. Putin", "Vladimir Putin"));
        assert!(same_name_variant("President Vladimir Putin", "Putin"));
        assert!(same_name_variant("Ursula von der Leyen", "von der Leyen"));
        assert!(same_name_variant("Recep Tayyip Erdoğan", "Tayyip Erdogan"));
        assert!(same_name_variant(
            "Kolinda Grabar-Kitarović",
            "Grabar-Kitarovic"
        ));
    }

    #[test]
    fn same_name_variant_merges_invented_variants() {
        assert!(same_name_variant("Petar Miloradović", "Petar Miloradovic"));
        assert!(same_name_variant(
            "Oleksandr Hrytsenko",
            "Alexander Hrytsenko"
        ));
        assert!(same_name_variant("Arkady Belobrodov", "Arkadi Belobrodov"));
        assert!(same_name_variant("Yury Zatsepin", "Yuri Zatsepin"));
        assert!(same_name_variant("Vuk Radosavljević", "Вук Радосављевић"));
        assert!(same_name_variant("Ivan Petrushenko", "Ivan Petrusenko"));
    }

    #[test]
    fn same_name_variant_refuses_different_people() {
        assert!(!same_name_variant("Vladimir Popov", "Alexander Popov"));
        assert!(!same_name_variant("Sergei Ivanov", "Igor Ivanov"));
        assert!(!same_name_variant("Aleksandar Vučić", "Aleksandar Vulin"));
        assert!(!same_name_variant("Dmitry Medvedev", "Dmitry Medvedchuk"));
        assert!(!same_name_variant("Milo Đukanović", "Milo Đukić"));
        assert!(!same_name_variant("Anna Popova", "Anna Popov"));
        assert!(!same_name_variant("Ivan Horvat", "Ivana Horvat"));
        assert!(!same_name_variant("Marko Petrović", "Mirko Petrović"));
        assert!(!same_name_variant("Petar Jovanović", "Petar Jovičić"));
        assert!(!same_name_variant("", "Putin"));
        assert!(!same_name_variant("Putin", "..."));
        assert!(!same_name_variant(
            "Sergey Viktorovich Lavrov",
            "Viktor Lavrov"
        ));
        assert!(!same_name_variant("Kim Jong Un", "Kim Jong Il"));
        // A woman and a man of one family: Slavic feminine surnames never merge.
        assert!(!same_name_variant("Patrusheva", "Nikolai Patrushev"));
        assert!(!same_name_variant("Yelena Zakharova", "Yelena Zakharov"));
        assert!(!same_name_variant("Olena Zelenska", "Olena Zelenski"));
        assert!(!same_name_variant("Irina Rodnina", "Irina Rodnin"));
    }

    #[test]
    fn strip_possessive_forms() {
        assert_eq!(strip_possessive("Serbia’s"), "Serbia");
        assert_eq!(strip_possessive("Russia's"), "Russia");
        assert_eq!(strip_possessive("the Philippines'"), "the Philippines");
        assert_eq!(strip_possessive("Côte d'Ivoire"), "Côte d'Ivoire");
        assert_eq!(strip_possessive("Kiev"), "Kiev");
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("patrusev", "petrusev"), 1);
    }
}
