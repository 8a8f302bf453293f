//! Word forms of dictionary lemmas: regular inflections generated from each lemma, plus the
//! irregular verbs of political news, so the coder can match tokens without a lemmatizer.

/// Irregular verb forms (form, lemma) that regular inflection cannot produce.
const IRREGULAR: &[(&str, &str)] = &[
    ("met", "meet"),
    ("held", "hold"),
    ("had", "have"),
    ("has", "have"),
    ("made", "make"),
    ("gave", "give"),
    ("given", "give"),
    ("took", "take"),
    ("taken", "take"),
    ("sent", "send"),
    ("fought", "fight"),
    ("struck", "strike"),
    ("stricken", "strike"),
    ("shot", "shoot"),
    ("sought", "seek"),
    ("brought", "bring"),
    ("broke", "break"),
    ("broken", "break"),
    ("lent", "lend"),
    ("paid", "pay"),
    ("put", "put"),
    ("cut", "cut"),
    ("beat", "beat"),
    ("beaten", "beat"),
    ("went", "go"),
    ("gone", "go"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("found", "find"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("led", "lead"),
    ("laid", "lay"),
    ("rang", "ring"),
    ("began", "begin"),
    ("begun", "begin"),
    ("wrote", "write"),
    ("written", "write"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("shut", "shut"),
    ("set", "set"),
    ("hit", "hit"),
    ("upheld", "uphold"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("fled", "flee"),
    ("told", "tell"),
    ("said", "say"),
    ("won", "win"),
    ("lost", "lose"),
    ("kept", "keep"),
    ("left", "leave"),
    ("stood", "stand"),
    ("understood", "understand"),
    ("ran", "run"),
    ("saw", "see"),
    ("seen", "see"),
    ("came", "come"),
    ("became", "become"),
    ("did", "do"),
    ("done", "do"),
    ("does", "do"),
    ("was", "be"),
    ("were", "be"),
    ("is", "be"),
    ("are", "be"),
    ("been", "be"),
    ("am", "be"),
    ("bore", "bear"),
    ("borne", "bear"),
    ("sold", "sell"),
    ("bought", "buy"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("sat", "sit"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("sped", "speed"),
    ("shook", "shake"),
    ("shaken", "shake"),
    ("slew", "slay"),
    ("slain", "slay"),
    ("knew", "know"),
    ("known", "know"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("wound", "wind"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("drew", "draw"),
    ("drawn", "draw"),
];

/// The irregular forms of `lemma`, if any.
pub(crate) fn irregular_forms(lemma: &str) -> impl Iterator<Item = &'static str> + '_ {
    IRREGULAR
        .iter()
        .filter(move |(_, l)| *l == lemma)
        .map(|(form, _)| *form)
}

/// The lemma of an irregular form, if it is one.
pub(crate) fn irregular_lemma(form: &str) -> Option<&'static str> {
    IRREGULAR
        .iter()
        .find(|(f, _)| *f == form)
        .map(|(_, lemma)| *lemma)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular verb forms of `lemma`: -s, -ed, -ing, with the usual spelling changes.
/// Over-generation is harmless (a form that is not English never occurs in text), so both
/// the doubled and the single final consonant are produced.
pub(crate) fn verb_forms(lemma: &str) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    let bytes = lemma.as_bytes();
    let n = bytes.len();
    if n == 0 {
        return forms;
    }
    let last = bytes[n - 1];
    let stem_y = last == b'y' && n >= 2 && !is_vowel(bytes[n - 2]);
    // Third person singular.
    if stem_y {
        forms.push(format!("{}ies", &lemma[..n - 1]));
    } else if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
        || lemma.ends_with('o')
    {
        forms.push(format!("{lemma}es"));
    } else {
        forms.push(format!("{lemma}s"));
    }
    // Past and participles.
    if last == b'e' {
        forms.push(format!("{lemma}d"));
        let stem = &lemma[..n - 1];
        if lemma.ends_with("ee") || lemma.ends_with("ye") || lemma.ends_with("oe") {
            forms.push(format!("{lemma}ing"));
        } else {
            forms.push(format!("{stem}ing"));
        }
    } else if stem_y {
        forms.push(format!("{}ied", &lemma[..n - 1]));
        forms.push(format!("{lemma}ing"));
    } else {
        forms.push(format!("{lemma}ed"));
        forms.push(format!("{lemma}ing"));
        let cvc = n >= 3
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(bytes[n - 2])
            && !is_vowel(bytes[n - 3]);
        if cvc {
            let doubled = last as char;
            forms.push(format!("{lemma}{doubled}ed"));
            forms.push(format!("{lemma}{doubled}ing"));
        }
    }
    forms.extend(irregular_forms(lemma).map(str::to_string));
    forms
}

/// Regular noun forms of `lemma`: the singular and its plural.
pub(crate) fn noun_forms(lemma: &str) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    let bytes = lemma.as_bytes();
    let n = bytes.len();
    if n == 0 {
        return forms;
    }
    if lemma.ends_with('s') && !lemma.ends_with("ss") {
        // Already plural ("talks", "sanctions"): add the singular too.
        forms.push(lemma[..n - 1].to_string());
        return forms;
    }
    let last = bytes[n - 1];
    if last == b'y' && n >= 2 && !is_vowel(bytes[n - 2]) {
        forms.push(format!("{}ies", &lemma[..n - 1]));
    } else if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        forms.push(format!("{lemma}es"));
    } else {
        forms.push(format!("{lemma}s"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_cover_common_inflections() {
        let sign = verb_forms("sign");
        for form in ["sign", "signs", "signed", "signing"] {
            assert!(sign.iter().any(|f| f == form), "{form}");
        }
        assert!(verb_forms("arrive").iter().any(|f| f == "arriving"));
        assert!(verb_forms("deny").iter().any(|f| f == "denied"));
        assert!(verb_forms("ban").iter().any(|f| f == "banned"));
        assert!(verb_forms("meet").iter().any(|f| f == "met"));
        assert!(verb_forms("visit").iter().any(|f| f == "visited"));
    }

    #[test]
    fn noun_forms_include_plurals() {
        assert!(noun_forms("meeting").iter().any(|f| f == "meetings"));
        assert!(noun_forms("talks").iter().any(|f| f == "talk"));
        assert_eq!(irregular_lemma("held"), Some("hold"));
    }
}
