//! Boilerplate rules: parsing `data/boilerplate.txt` and matching lines and paragraphs.
//!
//! The rule file's format is described at its top. Matching is built once per process:
//! exact line patterns go in a hash map, line prefixes in an anchored Aho-Corasick
//! automaton, paragraph phrases in an unanchored one, regular expressions in a `RegexSet`.
//! So matching a line or a paragraph costs time linear in its length, however many rules.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use dossier_core::RemovedReason;
use regex::RegexSet;

/// Lines longer than this many bytes are text, never widgets: line rules skip them.
const MAX_RULE_LINE: usize = 250;

/// The rule file shipped with the program.
pub(crate) const RULES_TEXT: &str = include_str!("../../../data/boilerplate.txt");

/// The rules of [`RULES_TEXT`], or why they could not be read.
pub(crate) static RULES: LazyLock<Result<RuleSet, RuleError>> =
    LazyLock::new(|| RuleSet::parse(RULES_TEXT));

/// A broken rule file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("boilerplate rule file, line {line}: {message}")]
pub struct RuleError {
    /// 1-based line number in the rule file (0 when the error concerns the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Where a rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Anywhere in the text.
    Any,
    /// Only above the headline.
    Head,
    /// Only in the trailing run of boilerplate.
    Tail,
}

/// What a rule's pattern is and what it removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The line (or its beginning) equals the pattern; the line goes.
    Line,
    /// The line matches a regular expression; the line goes.
    Regex,
    /// The paragraph contains the pattern; the paragraph goes.
    Phrase,
    /// A heading; it and the next paragraph go.
    HeadingNext,
    /// A heading; it and the list or teasers after it go.
    HeadingList,
}

/// One rule of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    /// Why what it matches is removed.
    pub reason: RemovedReason,
    /// What the pattern is.
    pub kind: Kind,
    /// Where it applies.
    pub scope: Scope,
}

/// All rules, compiled for matching.
#[derive(Debug)]
pub(crate) struct RuleSet {
    /// Every rule, in file order.
    rules: Vec<Rule>,
    /// Lowercased whole-line patterns to the rules with that pattern, in file order.
    exact: HashMap<String, Vec<usize>>,
    /// Lowercased line prefixes, anchored at the start of the line key.
    prefix: AhoCorasick,
    /// Rule index of each prefix pattern.
    prefix_rules: Vec<usize>,
    /// Lowercased paragraph phrases.
    phrase: AhoCorasick,
    /// Rule index of each phrase pattern.
    phrase_rules: Vec<usize>,
    /// Whole-line regular expressions.
    regex: RegexSet,
    /// Rule index of each regular expression.
    regex_rules: Vec<usize>,
}

impl RuleSet {
    /// Parses and compiles a rule file.
    pub(crate) fn parse(text: &str) -> Result<RuleSet, RuleError> {
        let mut rules = Vec::new();
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefixes = Vec::new();
        let mut prefix_rules = Vec::new();
        let mut phrases = Vec::new();
        let mut phrase_rules = Vec::new();
        let mut regexes = Vec::new();
        let mut regex_rules = Vec::new();
        for (line_idx, line) in text.lines().enumerate() {
            let line_no = line_idx + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| RuleError {
                line: line_no,
                message,
            };
            let (reason_name, rest) = split_field(line);
            let (kind_name, pattern) = split_field(rest);
            if pattern.is_empty() {
                return Err(err("expected REASON KIND PATTERN".to_string()));
            }
            let reason = parse_reason(reason_name)
                .ok_or_else(|| err(format!("unknown reason {reason_name:?}")))?;
            let (kind_word, scope_word) = match kind_name.split_once('@') {
                Some((kind, scope)) => (kind, Some(scope)),
                None => (kind_name, None),
            };
            let kind = match kind_word {
                "line" => Kind::Line,
                "regex" => Kind::Regex,
                "phrase" => Kind::Phrase,
                "heading+next" => Kind::HeadingNext,
                "heading+list" => Kind::HeadingList,
                other => return Err(err(format!("unknown kind {other:?}"))),
            };
            let scope = match scope_word {
                None | Some("any") => Scope::Any,
                Some("head") => Scope::Head,
                Some("tail") => Scope::Tail,
                Some(other) => return Err(err(format!("unknown scope {other:?}"))),
            };
            let rule_idx = rules.len();
            rules.push(Rule {
                reason,
                kind,
                scope,
            });
            match kind {
                Kind::Regex => {
                    regexes.push(format!("(?i)^(?:{pattern})$"));
                    regex_rules.push(rule_idx);
                }
                Kind::Phrase => {
                    // The automaton folds ASCII case only (so paragraphs need no
                    // lowercased copy); for other scripts the capitalised form is added,
                    // which covers a phrase opening a sentence.
                    let lower = pattern.to_lowercase();
                    if !lower.is_ascii() {
                        let mut chars = lower.chars();
                        let capitalised: String = chars
                            .next()
                            .map(|c| c.to_uppercase().chain(chars).collect())
                            .unwrap_or_default();
                        phrases.push(capitalised);
                        phrase_rules.push(rule_idx);
                    }
                    phrases.push(lower);
                    phrase_rules.push(rule_idx);
                }
                Kind::Line | Kind::HeadingNext | Kind::HeadingList => {
                    match pattern.strip_suffix('*') {
                        Some(stem) => {
                            prefixes.push(stem.trim_end().to_lowercase());
                            prefix_rules.push(rule_idx);
                        }
                        None => exact.entry(line_key(pattern)).or_default().push(rule_idx),
                    }
                }
            }
        }
        let whole_file = |message: String| RuleError { line: 0, message };
        let prefix = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&prefixes)
            .map_err(|e| whole_file(format!("prefix automaton: {e}")))?;
        let phrase = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .ascii_case_insensitive(true)
            .build(&phrases)
            .map_err(|e| whole_file(format!("phrase automaton: {e}")))?;
        let regex = RegexSet::new(&regexes).map_err(|e| whole_file(format!("regex: {e}")))?;
        Ok(RuleSet {
            rules,
            exact,
            prefix,
            prefix_rules,
            phrase,
            phrase_rules,
            regex,
            regex_rules,
        })
    }

    /// The first line-level rule (line, regex or heading) matching `line` whose scope is allowed.
    pub(crate) fn match_line(&self, line: &str, allowed: impl Fn(Scope) -> bool) -> Option<&Rule> {
        self.match_line_with(line, &allowed, true)
    }

    /// [`RuleSet::match_line`]; with `parts`, also lines made of several widgets.
    fn match_line_with(
        &self,
        line: &str,
        allowed: &dyn Fn(Scope) -> bool,
        parts: bool,
    ) -> Option<&Rule> {
        // Every line pattern is short and prefixes and regexes apply to short lines only,
        // so a long line (a paragraph of text) is settled without lowercasing it.
        if line.len() > MAX_RULE_LINE {
            return None;
        }
        let key = line_key(line);
        let usable = |idx: &usize| self.rules.get(*idx).filter(|rule| allowed(rule.scope));
        if let Some(rule) = self
            .exact
            .get(&key)
            .and_then(|indices| indices.iter().find_map(usable))
        {
            return Some(rule);
        }
        // Prefix rules apply to short lines only: a long line is a paragraph of text.
        if key.len() <= 200 {
            let input = Input::new(&key).anchored(Anchored::Yes);
            if let Some(found) = self.prefix.find(input) {
                // The prefix must end at a word boundary ("Read also" is not "Read alsoX").
                let boundary = key
                    .get(found.end()..)
                    .and_then(|rest| rest.chars().next())
                    .is_none_or(|c| !c.is_alphanumeric());
                // A short, generic prefix ("Read also") never takes a sentence, unless a
                // label mark follows it ("Read also: ...").
                let specific = key
                    .get(..found.end())
                    .is_some_and(|prefix| crate::meta::word_count(prefix) >= 4);
                let labelled = key
                    .get(found.end()..)
                    .is_some_and(|rest| rest.trim_start().starts_with([':', '|', '»', '›', '>']));
                let sentence = crate::meta::ends_like_sentence(line, true)
                    || crate::meta::is_real_text(line, true);
                let allowed_here = specific || labelled || !sentence;
                let rule = self
                    .prefix_rules
                    .get(found.pattern().as_usize())
                    .filter(|_| allowed_here)
                    .and_then(usable);
                if let (true, Some(rule)) = (boundary, rule) {
                    return Some(rule);
                }
            }
        }
        {
            let matches = self.regex.matches(line);
            if let Some(rule) = matches
                .iter()
                .filter_map(|set_idx| self.regex_rules.get(set_idx))
                .find_map(usable)
            {
                return Some(rule);
            }
        }
        if parts {
            self.match_widget_parts(line, allowed)
        } else {
            None
        }
    }

    /// A line of several widgets ("Share this article · Leave a comment"): every part
    /// between separators matches a line rule; the first part's rule is returned.
    fn match_widget_parts(&self, line: &str, allowed: &dyn Fn(Scope) -> bool) -> Option<&Rule> {
        let sep = [" · ", " | ", " • "]
            .into_iter()
            .find(|sep| line.contains(sep))?;
        let mut first: Option<&Rule> = None;
        for part in line.split(sep) {
            let part = part.trim();
            let rule = self
                .match_line_with(part, allowed, false)
                .filter(|rule| matches!(rule.kind, Kind::Line | Kind::Regex))?;
            first.get_or_insert(rule);
        }
        first
    }

    /// The first phrase rule found in `paragraph` whose scope is allowed, with the byte
    /// range of the match.
    pub(crate) fn match_phrase_at(
        &self,
        paragraph: &str,
        allowed: impl Fn(Scope) -> bool,
    ) -> Option<(&Rule, usize, usize)> {
        self.phrase.find_iter(paragraph).find_map(|found| {
            self.phrase_rules
                .get(found.pattern().as_usize())
                .and_then(|idx| self.rules.get(*idx))
                .filter(|rule| allowed(rule.scope))
                .map(|rule| (rule, found.start(), found.end()))
        })
    }

    /// The first phrase rule found in `paragraph` whose scope is allowed.
    #[cfg(test)]
    pub(crate) fn match_phrase(
        &self,
        paragraph: &str,
        allowed: impl Fn(Scope) -> bool,
    ) -> Option<&Rule> {
        self.phrase.find_iter(paragraph).find_map(|found| {
            self.phrase_rules
                .get(found.pattern().as_usize())
                .and_then(|idx| self.rules.get(*idx))
                .filter(|rule| allowed(rule.scope))
        })
    }

    /// Number of rules.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.rules.len()
    }
}

/// The first whitespace-separated field of `text` and the trimmed rest.
fn split_field(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.split_once(char::is_whitespace) {
        Some((field, rest)) => (field, rest.trim()),
        None => (text, ""),
    }
}

/// The form of a line that rules compare: lowercased, without leading bullets and
/// without trailing punctuation, so "Share this post:" and "• Share this post" match
/// "Share this post".
pub(crate) fn line_key(line: &str) -> String {
    line.trim_start_matches(['•', '·', '*', '#', '>', '-', '–', '—', ' '])
        .trim_end_matches([':', '.', '*', '…', '»', '›', '>', '|', ' ', '!'])
        .to_lowercase()
}

/// The reason a rule file names.
fn parse_reason(name: &str) -> Option<RemovedReason> {
    let reason = match name {
        "title" => RemovedReason::Title,
        "byline" => RemovedReason::Byline,
        "dateline" => RemovedReason::Dateline,
        "source_line" => RemovedReason::SourceLine,
        "url" => RemovedReason::Url,
        "donation" => RemovedReason::Donation,
        "share" => RemovedReason::Share,
        "comments" => RemovedReason::Comments,
        "related" => RemovedReason::Related,
        "navigation" => RemovedReason::Navigation,
        "cookie" => RemovedReason::Cookie,
        "language_switch" => RemovedReason::LanguageSwitch,
        "bookmark" => RemovedReason::Bookmark,
        "page_furniture" => RemovedReason::PageFurniture,
        _ => return None,
    };
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static RuleSet {
        match RULES.as_ref() {
            Ok(rules) => rules,
            Err(err) => panic!("{err}"),
        }
    }

    fn line_reason(line: &str, scope: Scope) -> Option<RemovedReason> {
        rules()
            .match_line(line, |s| s == Scope::Any || s == scope)
            .map(|rule| rule.reason)
    }

    #[test]
    fn shipped_rule_file_parses() {
        assert!(rules().len() > 100);
    }

    #[test]
    fn reasons_in_the_file_round_trip() {
        for reason in [
            RemovedReason::Donation,
            RemovedReason::PageFurniture,
            RemovedReason::LanguageSwitch,
        ] {
            assert_eq!(parse_reason(reason.as_str()), Some(reason));
        }
    }

    #[test]
    fn broken_files_name_the_line() {
        let err = RuleSet::parse("# comment\nshare line Share\nnonsense line X\n");
        assert_eq!(err.map(|_| ()).map_err(|e| e.line), Err(3));
        let err = RuleSet::parse("share sideways X\n");
        assert!(err.is_err());
        let err = RuleSet::parse("share line\n");
        assert!(err.is_err());
        let err = RuleSet::parse("share regex (unclosed\n");
        assert!(err.is_err());
    }

    #[test]
    fn exact_and_prefix_lines() {
        assert_eq!(
            line_reason("Share this post:", Scope::Any),
            Some(RemovedReason::Share)
        );
        assert_eq!(
            line_reason("LEAVE A REPLY", Scope::Any),
            Some(RemovedReason::Comments)
        );
        assert_eq!(
            line_reason(
                "This post is also available in: Deutsch Français",
                Scope::Any
            ),
            Some(RemovedReason::LanguageSwitch)
        );
        assert_eq!(
            line_reason("Читать на украинском", Scope::Any),
            Some(RemovedReason::LanguageSwitch)
        );
        assert_eq!(
            line_reason("Bookmark/Search this post with", Scope::Any),
            Some(RemovedReason::Bookmark)
        );
        assert_eq!(
            line_reason("Search", Scope::Any),
            Some(RemovedReason::Navigation)
        );
        assert_eq!(
            line_reason("–", Scope::Any),
            Some(RemovedReason::Navigation)
        );
        assert_eq!(
            line_reason("Read also: Ferry fares rise", Scope::Any),
            Some(RemovedReason::Related)
        );
    }

    #[test]
    fn sentences_do_not_match_line_rules() {
        for line in [
            "Search teams found the ferry on Tuesday.",
            "Share prices fell by a tenth.",
            "Readers also complained about the delay.",
            "The Share Foundation, a rights group, objected.",
            "Homes were flooded.",
        ] {
            assert_eq!(line_reason(line, Scope::Tail), None, "{line}");
        }
    }

    #[test]
    fn head_and_tail_scopes() {
        assert_eq!(line_reason("Sport - Football", Scope::Any), None);
        assert_eq!(
            line_reason("Sport - Football", Scope::Head),
            Some(RemovedReason::Navigation)
        );
        assert_eq!(line_reason("• Harbour fees rise again", Scope::Any), None);
        assert_eq!(
            line_reason("• Harbour fees rise again", Scope::Tail),
            Some(RemovedReason::Related)
        );
    }

    #[test]
    fn non_ascii_phrases_match_capitalised() {
        let para = "Поддержите нас: каждый взнос важен.";
        let rule = rules().match_phrase(para, |s| s == Scope::Any);
        assert_eq!(rule.map(|r| r.reason), Some(RemovedReason::Donation));
    }

    #[test]
    fn widget_lines_of_several_parts() {
        assert_eq!(
            line_reason("Share this article · Leave a comment", Scope::Any),
            Some(RemovedReason::Share)
        );
        assert_eq!(
            line_reason("Share this article · Ferry fares rise", Scope::Any),
            None
        );
    }

    #[test]
    fn phrases_match_anywhere_in_a_paragraph() {
        let para = "We run this site on a shoestring. If you appreciate our work, click below.";
        let rule = rules().match_phrase(para, |s| s == Scope::Any);
        assert_eq!(rule.map(|r| r.reason), Some(RemovedReason::Donation));
        let tail_only = "Please support the harbour fund.";
        assert!(rules()
            .match_phrase(tail_only, |s| s == Scope::Any)
            .is_none());
        assert!(rules().match_phrase(tail_only, |_| true).is_some());
    }
}
