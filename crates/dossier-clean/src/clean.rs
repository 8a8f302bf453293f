//! The cleaning pipeline: from a raw article's body to a doc's text, removed blocks and metadata.
//!
//! Words used here:
//! - *line*: one normalised line of the body;
//! - *paragraph*: a maximal run of non-blank lines;
//! - *real paragraph*: one that reads as article text: it ends like a sentence and has
//!   at least eight words, or it holds two sentences;
//! - *head*: the paragraphs above the first real paragraph (crumbs, headline, byline, date);
//! - *tail*: the trailing run of paragraphs that are all boilerplate or closing metadata,
//!   found by walking back from the end.
//!
//! Passes, each linear in the number of lines:
//! 1. rules anywhere (phrases, lines, headings with what follows them);
//! 2. the head: crumbs, headline, repeated headline, byline, date lines, outlet lines;
//! 3. the tail: tail rules, closing source lines, the article's own address, outlet footers;
//! 4. assembly: kept lines joined, each removed block recorded where it stood.

use std::ops::Range;

use dossier_core::{Diagnostic, Doc, Meta, PublishedFrom, RawArticle, Removed, RemovedReason};

use crate::meta;
use crate::normalize::{normalized_lines, NormLine};
use crate::rules::{Kind, RuleSet, Scope};
use crate::CleanError;

/// How many paragraphs from the top may hold headline, byline and date lines.
const MAX_HEAD_PARAGRAPHS: usize = 8;

/// The working state: lines, their paragraphs and what has been decided for each line.
struct Work {
    /// Non-blank normalised lines, in order.
    lines: Vec<NormLine>,
    /// Line ranges of each paragraph.
    paras: Vec<Range<usize>>,
    /// For each line, why it is removed (`None`: kept).
    marks: Vec<Option<RemovedReason>>,
    /// Datelines cut from the start of a kept line: line index, text, reason.
    prefixes: Vec<(usize, String, RemovedReason)>,
    /// The outlet named by the last copyright line, if any.
    copyright_outlet: Option<String>,
}

impl Work {
    /// Groups normalised lines into paragraphs, dropping blank lines.
    fn new(all_lines: Vec<NormLine>) -> Work {
        let mut lines = Vec::with_capacity(all_lines.len());
        let mut paras = Vec::new();
        let mut para_start: Option<usize> = None;
        for line in all_lines {
            if line.text.is_empty() {
                if let Some(start) = para_start.take() {
                    paras.push(start..lines.len());
                }
                continue;
            }
            para_start.get_or_insert(lines.len());
            lines.push(line);
        }
        if let Some(start) = para_start {
            paras.push(start..lines.len());
        }
        let marks = vec![None; lines.len()];
        Work {
            lines,
            paras,
            marks,
            prefixes: Vec::new(),
            copyright_outlet: None,
        }
    }

    /// The text of line `idx`.
    fn text(&self, idx: usize) -> &str {
        self.lines.get(idx).map_or("", |line| line.text.as_str())
    }

    /// True when line `idx` is still kept.
    fn is_kept(&self, idx: usize) -> bool {
        matches!(self.marks.get(idx), Some(None))
    }

    /// Removes line `idx` for `reason`, unless it is already removed.
    fn mark(&mut self, idx: usize, reason: RemovedReason) {
        if let Some(slot @ None) = self.marks.get_mut(idx) {
            *slot = Some(reason);
        }
    }

    /// Removes every kept line of paragraph `para_idx`.
    fn mark_para(&mut self, para_idx: usize, reason: RemovedReason) {
        for idx in self.para_range(para_idx) {
            self.mark(idx, reason);
        }
    }

    /// The line range of paragraph `para_idx` (empty when out of range).
    fn para_range(&self, para_idx: usize) -> Range<usize> {
        self.paras.get(para_idx).cloned().unwrap_or(0..0)
    }

    /// The kept lines of paragraph `para_idx`.
    fn kept_lines(&self, para_idx: usize) -> Vec<usize> {
        self.para_range(para_idx)
            .filter(|idx| self.is_kept(*idx))
            .collect()
    }

    /// The kept text of paragraph `para_idx`, lines joined by spaces.
    fn kept_text(&self, para_idx: usize) -> String {
        let mut text = String::new();
        for idx in self.kept_lines(para_idx) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(self.text(idx));
        }
        text
    }

    /// True when paragraph `para_idx` reads as article text (see the module doc).
    /// With `question_ends`, a closing question mark counts as a sentence end.
    fn is_real(&self, para_idx: usize, question_ends: bool) -> bool {
        meta::is_real_text(&self.kept_text(para_idx), question_ends)
    }
}

/// Cleans one raw article; see [`crate::clean`].
pub(crate) fn clean_article(raw: RawArticle, rules: &RuleSet) -> Result<Doc, CleanError> {
    let RawArticle {
        mut meta,
        body,
        removed: reader_removed,
    } = raw;
    let (lines, stats) = normalized_lines(&body);
    let mut work = Work::new(lines);
    rule_pass(&mut work, rules);
    let head_end = head_pass(&mut work, rules, &mut meta);
    tail_pass(&mut work, rules, &mut meta, head_end);
    if let Some(outlet) = work.copyright_outlet.take() {
        set_outlet(&mut meta, outlet, "text:copyright_line");
    }
    let (mut text, mut removed, mut line_at) = assemble(&work);
    // An article that is only its headline keeps the headline as its text: it is still
    // what the source said, and the title stays in the metadata too.
    if text.is_empty() {
        let mut restored = false;
        for mark in &mut work.marks {
            if *mark == Some(RemovedReason::Title) {
                *mark = None;
                restored = true;
            }
        }
        if restored {
            (text, removed, line_at) = assemble(&work);
        }
    }
    if text.is_empty() {
        return Err(CleanError::NoText);
    }
    // The reader's own removed blocks point into the raw body; move them to where the
    // first line at or after that point ended up.
    for mut block in reader_removed {
        let first_after = work.lines.partition_point(|line| line.raw_start < block.at);
        block.at = line_at
            .get(first_after)
            .copied()
            .unwrap_or_else(|| char_len(&text));
        removed.push(block);
    }
    removed.sort_by_key(|block| block.at);
    let mut doc = Doc::new(meta, text);
    doc.removed = removed;
    if stats.n_mojibake > 0 {
        doc.diagnostics.push(Diagnostic::info(
            "clean",
            format!("repaired {} mojibake runs", stats.n_mojibake),
        ));
    }
    Ok(doc)
}

/// Pass 1: rules that apply anywhere.
fn rule_pass(work: &mut Work, rules: &RuleSet) {
    let anywhere = |scope: Scope| scope == Scope::Any;
    for para_idx in 0..work.paras.len() {
        // A phrase may take only some lines of a header block: the others still face
        // the line rules.
        remove_phrase_match(work, rules, para_idx, anywhere);
        for idx in work.para_range(para_idx) {
            if !work.is_kept(idx) {
                continue;
            }
            // Copyright lines name the outlet; which one counts is settled after the tail.
            if let Some(outlet) = meta::copyright_outlet(work.text(idx)) {
                work.copyright_outlet = Some(outlet);
                work.mark(idx, RemovedReason::SourceLine);
                continue;
            }
            let Some(rule) = rules.match_line(work.text(idx), anywhere) else {
                continue;
            };
            let reason = rule.reason;
            match rule.kind {
                Kind::Line | Kind::Regex | Kind::Phrase => work.mark(idx, reason),
                Kind::HeadingNext => remove_heading_and_next(work, para_idx, idx, reason),
                Kind::HeadingList => remove_heading_and_list(work, rules, para_idx, idx, reason),
            }
        }
    }
}

/// Removes what a phrase rule matches in paragraph `para_idx`; true when it matched.
///
/// Paragraph text wrapped over lines goes whole. A paragraph of separate short lines
/// (a page header: headline, outlet, cookie notice, language link) loses only the lines
/// the phrase covers, with the lines that continue their sentence.
fn remove_phrase_match(
    work: &mut Work,
    rules: &RuleSet,
    para_idx: usize,
    allowed: impl Fn(Scope) -> bool,
) -> bool {
    let kept = work.kept_lines(para_idx);
    let text = work.kept_text(para_idx);
    let Some((rule, start, end)) = rules.match_phrase_at(&text, allowed) else {
        return false;
    };
    let reason = rule.reason;
    let wrapped = kept
        .iter()
        .rev()
        .skip(1)
        .all(|idx| work.text(*idx).chars().count() >= 50);
    if wrapped {
        work.mark_para(para_idx, reason);
        return true;
    }
    // Byte ranges of each kept line in `text` (lines joined by one space).
    let mut offset = 0usize;
    let mut covered: Vec<usize> = Vec::new();
    for (pos, idx) in kept.iter().enumerate() {
        let len = work.text(*idx).len();
        if offset < end && start < offset + len {
            covered.push(pos);
        }
        offset += len + 1;
    }
    let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
        work.mark_para(para_idx, reason);
        return true;
    };
    let continues = |a: usize, b: usize| {
        let (Some(line_a), Some(line_b)) = (kept.get(a), kept.get(b)) else {
            return false;
        };
        !meta::ends_like_sentence(work.text(*line_a), true)
            && work
                .text(*line_b)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
    };
    let mut from = first;
    while from > 0 && continues(from - 1, from) {
        from -= 1;
    }
    let mut to = last;
    while continues(to, to + 1) {
        to += 1;
    }
    for pos in from..=to {
        if let Some(idx) = kept.get(pos) {
            work.mark(*idx, reason);
        }
    }
    true
}

/// Removes a heading line and the paragraph it introduces: the rest of its own paragraph
/// when lines follow it there, else the next paragraph.
///
/// The paragraph goes only when it reads like an appeal (it names support, donations,
/// subscriptions, readers or the outlet's work): a heading that only looks like an
/// appeal's must not take an article paragraph with it.
fn remove_heading_and_next(work: &mut Work, para_idx: usize, idx: usize, reason: RemovedReason) {
    work.mark(idx, reason);
    let rest = (idx + 1)..work.para_range(para_idx).end;
    let (next_lines, next_text) = if rest.is_empty() {
        (work.kept_lines(para_idx + 1), work.kept_text(para_idx + 1))
    } else {
        let lines: Vec<usize> = rest.filter(|i| work.is_kept(*i)).collect();
        let text = lines
            .iter()
            .map(|i| work.text(*i))
            .collect::<Vec<_>>()
            .join(" ");
        (lines, text)
    };
    let lowercase = next_text.to_lowercase();
    if APPEAL_WORDS.iter().any(|word| lowercase.contains(word)) {
        for line_idx in next_lines {
            work.mark(line_idx, reason);
        }
    }
}

/// Word stems that mark a paragraph as an appeal to readers.
const APPEAL_WORDS: [&str; 14] = [
    "support",
    "donat",
    "subscri",
    "contribut",
    "patron",
    "readers",
    "our work",
    "our journalism",
    "financial",
    "paywall",
    "поддерж",
    "подрж",
    "podrž",
    "spende",
];

/// Removes a heading line and the list or teasers after it, up to the next real
/// paragraph or the end. Teaser headlines often end in a question mark, so here a
/// question does not count as a sentence end.
///
/// A line inside the section that another line rule names ("Search" after the teasers)
/// is removed under that rule's reason, so the record says what it was.
fn remove_heading_and_list(
    work: &mut Work,
    rules: &RuleSet,
    para_idx: usize,
    idx: usize,
    reason: RemovedReason,
) {
    work.mark(idx, reason);
    for line_idx in (idx + 1)..work.para_range(para_idx).end {
        if meta::is_real_text(work.text(line_idx), false) {
            return;
        }
        mark_in_section(work, rules, line_idx, reason);
    }
    for next_para in (para_idx + 1)..work.paras.len() {
        if work.kept_lines(next_para).is_empty() {
            continue;
        }
        if work.is_real(next_para, false) {
            return;
        }
        for line_idx in work.kept_lines(next_para) {
            mark_in_section(work, rules, line_idx, reason);
        }
    }
}

/// Removes a line of a related section, under its own line rule's reason when one names it.
fn mark_in_section(
    work: &mut Work,
    rules: &RuleSet,
    line_idx: usize,
    section_reason: RemovedReason,
) {
    let own_reason = rules
        .match_line(work.text(line_idx), |scope| scope == Scope::Any)
        .filter(|rule| matches!(rule.kind, Kind::Line | Kind::Regex))
        .map(|rule| rule.reason);
    work.mark(line_idx, own_reason.unwrap_or(section_reason));
}

/// Pass 2: the head. Returns the index of the first paragraph after the head.
fn head_pass(work: &mut Work, rules: &RuleSet, meta: &mut Meta) -> usize {
    let n_paras = work.paras.len();
    let head_end = (0..n_paras.min(MAX_HEAD_PARAGRAPHS))
        .find(|para_idx| work.is_real(*para_idx, true))
        .unwrap_or(n_paras.min(MAX_HEAD_PARAGRAPHS));
    let head_lines: Vec<usize> = (0..head_end)
        .flat_map(|para_idx| work.kept_lines(para_idx))
        .collect();

    remove_crumb_paragraph(work, head_end);

    // For each head line, whether a headline-like line follows it (one backward pass,
    // so the head stays linear however many lines it has).
    let mut headline_after = vec![false; head_lines.len()];
    let mut seen_headline = false;
    for (pos, idx) in head_lines.iter().enumerate().rev() {
        if let Some(slot) = headline_after.get_mut(pos) {
            *slot = seen_headline;
        }
        seen_headline |= work.is_kept(*idx) && meta::headline_like(work.text(*idx));
    }

    // The container's title is compared in normalised form, as the lines are.
    let mut title_key = meta
        .title
        .as_deref()
        .map(|title| crate::rules::line_key(&crate::normalize(title)));
    let mut title_search_over = meta.title.is_some();
    for (pos, &idx) in head_lines.iter().enumerate() {
        if !work.is_kept(idx) {
            continue;
        }
        let line = work.text(idx).to_string();
        let key = crate::rules::line_key(&line);
        if title_key
            .as_deref()
            .is_some_and(|title| same_title(title, &key))
        {
            work.mark(idx, RemovedReason::Title);
        } else if let Some((authors, date)) = meta::byline_and_date(&line) {
            if meta.authors.is_empty() {
                meta.authors = authors;
                meta.set_origin("authors", "text:byline");
            }
            if let Some(date) = date {
                set_published(meta, date, "text:byline");
            }
            work.mark(idx, RemovedReason::Byline);
        } else if let Some(date) = meta::date_line(&line) {
            set_published(meta, date, "text:dateline");
            work.mark(idx, RemovedReason::Dateline);
        } else if let Some((outlet, date)) = meta::outlet_date_line(&line) {
            set_outlet(meta, outlet, "text:source_line");
            set_published(meta, date, "text:source_line");
            work.mark(idx, RemovedReason::SourceLine);
        } else if let Some(outlets) = meta::source_label_line(&line) {
            set_sources(meta, outlets, "text:source_line");
            work.mark(idx, RemovedReason::SourceLine);
        } else if let Some(outlet) = meta::outlet_header_line(&line, title_search_over) {
            // Before the headline only a line with a separator or a copyright sign counts
            // ("HARBOUR GAZETTE | news"), so a short headline is never taken for a name.
            set_outlet(meta, outlet, "text:outlet_line");
            work.mark(idx, RemovedReason::SourceLine);
        } else if title_search_over {
            // Below the headline, head rules (section crumbs) apply freely.
            if let Some(rule) = rules.match_line(&line, |scope| scope == Scope::Head) {
                work.mark(idx, rule.reason);
            }
        } else {
            // Above the headline, head rules (section crumbs) apply, but only when a
            // headline-like line follows to be the title.
            let later_headline = headline_after.get(pos).copied().unwrap_or(false);
            let head_rule = rules
                .match_line(&line, |scope| scope == Scope::Head)
                .filter(|_| later_headline);
            if let Some(rule) = head_rule {
                work.mark(idx, rule.reason);
                continue;
            }
            title_search_over = true;
            if meta::headline_like(&line) && !continues_sentence(work, idx) {
                meta.title = Some(line);
                meta.set_origin("title", "text:first_line");
                title_key = Some(key);
                work.mark(idx, RemovedReason::Title);
            }
        }
    }

    // A dateline opening the first body paragraph ("BELGRADE, 9 April 2019 – ") is cut
    // off and recorded; a full date in it gives the publication date.
    let first_body_line = (0..work.lines.len()).find(|idx| work.is_kept(*idx));
    if let Some(idx) = first_body_line {
        if let Some((dateline, date, body_start)) = meta::split_dateline(work.text(idx)) {
            if let Some(date) = date {
                set_published(meta, date, "text:dateline");
            }
            if let Some(line) = work.lines.get_mut(idx) {
                line.text = line.text.get(body_start..).unwrap_or("").to_string();
            }
            work.prefixes.push((idx, dateline, RemovedReason::Dateline));
        } else if let Some(date) = meta::dateline_prefix(work.text(idx)) {
            set_published(meta, date, "text:dateline");
        }
    }
    head_end
}

/// True when a line key repeats the title key: equal, or the title is the line plus an
/// outlet suffix ("Pier Reopens | Harbour Gazette" titles a page whose text repeats
/// "Pier Reopens").
fn same_title(title_key: &str, line_key: &str) -> bool {
    if title_key == line_key {
        return true;
    }
    let suffixed = title_key.strip_prefix(line_key).is_some_and(|rest| {
        [" | ", " - ", " – ", " — ", " :: ", " · "]
            .iter()
            .any(|sep| rest.starts_with(sep))
    });
    suffixed && meta::word_count(line_key) >= 3
}

/// True when line `idx` is followed, in its paragraph, by a line that continues a
/// sentence (starts in lower case): then line `idx` is hard-wrapped text, not a headline.
fn continues_sentence(work: &Work, idx: usize) -> bool {
    let next = idx + 1;
    let same_para = work
        .paras
        .iter()
        .any(|para| para.contains(&idx) && para.contains(&next));
    same_para
        && work
            .text(next)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// Removes a first paragraph made of two or more short label lines ("World" /
/// "Europe - Politics") above a headline: menu and section crumbs.
fn remove_crumb_paragraph(work: &mut Work, head_end: usize) {
    let Some(first) = (0..head_end).find(|p| !work.kept_lines(*p).is_empty()) else {
        return;
    };
    let lines = work.kept_lines(first);
    let all_labels = lines.iter().all(|idx| {
        let text = work.text(*idx);
        meta::word_count(text) <= 4
            && !text.ends_with(['.', '!', '?', ':', ','])
            && text.chars().any(char::is_alphabetic)
    });
    let headline_follows = ((first + 1)..head_end).any(|p| {
        work.kept_lines(p)
            .first()
            .is_some_and(|idx| meta::headline_like(work.text(*idx)))
    });
    // A line repeated further down is the headline (scraped pages print it twice), and
    // an outlet line is an outlet: neither makes a block of crumbs.
    let later_keys: std::collections::HashSet<String> = ((first + 1)..head_end)
        .flat_map(|p| work.kept_lines(p))
        .map(|idx| crate::rules::line_key(work.text(idx)))
        .collect();
    let has_title_or_outlet = lines.iter().any(|idx| {
        let text = work.text(*idx);
        later_keys.contains(&crate::rules::line_key(text))
            || meta::outlet_header_line(text, true).is_some()
    });
    if lines.len() >= 2 && all_labels && headline_follows && !has_title_or_outlet {
        work.mark_para(first, RemovedReason::Navigation);
    }
}

/// Pass 3: the tail, walking back from the end while paragraphs are boilerplate or
/// closing metadata. Stops at the first line that is neither, and never enters the head.
fn tail_pass(work: &mut Work, rules: &RuleSet, meta: &mut Meta, head_end: usize) {
    let in_tail = |scope: Scope| scope == Scope::Tail || scope == Scope::Any;
    for para_idx in (head_end.min(work.paras.len())..work.paras.len()).rev() {
        let kept = work.kept_lines(para_idx);
        if kept.is_empty() {
            continue;
        }
        if remove_phrase_match(work, rules, para_idx, in_tail)
            && work.kept_lines(para_idx).is_empty()
        {
            continue;
        }
        let kept = work.kept_lines(para_idx);
        if kept.is_empty() {
            continue;
        }
        let single_line = kept.len() == 1;
        for &idx in kept.iter().rev() {
            let line = work.text(idx).to_string();
            let reason = if let Some(rule) = rules.match_line(&line, in_tail) {
                Some(rule.reason)
            } else if let Some((outlets, date)) = meta::closing_source_line(&line) {
                set_sources(meta, outlets, "text:source_line");
                set_published(meta, date, "text:source_line");
                Some(RemovedReason::SourceLine)
            } else if let Some((outlet, date)) = meta::outlet_date_line(&line) {
                set_outlet(meta, outlet, "text:source_line");
                set_published(meta, date, "text:source_line");
                Some(RemovedReason::SourceLine)
            } else if let Some(outlets) = meta::source_label_line(&line) {
                set_sources(meta, outlets, "text:source_line");
                Some(RemovedReason::SourceLine)
            } else if let Some(url) = own_address(meta, &line) {
                if meta.url.is_none() {
                    meta.url = Some(url);
                    meta.set_origin("url", "text:url_line");
                }
                Some(RemovedReason::Url)
            } else if let Some(date) = meta::date_line(&line) {
                set_published(meta, date, "text:dateline");
                Some(RemovedReason::Dateline)
            } else if let Some(outlet) = meta::outlet_header_line(&line, false) {
                // Only separated and copyright forms here: a lone line in capitals at the
                // end is as often a signature or a label as an outlet.
                set_outlet(meta, outlet, "text:outlet_line");
                Some(RemovedReason::SourceLine)
            } else if single_line && meta::outlet_line(&line) {
                set_outlet(meta, line.clone(), "text:outlet_line");
                Some(RemovedReason::SourceLine)
            } else {
                None
            };
            match reason {
                Some(reason) => work.mark(idx, reason),
                None => return,
            }
        }
    }
}

/// The address on a closing address line, when it is the article's own address: the
/// container's address if it gave one, else a bracketed address (`<http://…>`, how
/// plain-text exports cite their source) or one with a path to an article. A bare
/// site address ("http://example.org") is a link the article mentions, and stays.
fn own_address(meta: &Meta, line: &str) -> Option<String> {
    let url = meta::url_line(line)?;
    let comparable = |address: &str| {
        address
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string()
    };
    let own = match meta.url.as_deref() {
        Some(known) => comparable(known) == comparable(&url),
        None => {
            let bracketed = line.starts_with('<') && line.ends_with('>');
            let path = comparable(&url)
                .split_once('/')
                .map_or(0, |(_, path)| path.len());
            bracketed || path >= 8
        }
    };
    own.then_some(url)
}

/// Fills `published` from the text unless something already did.
fn set_published(meta: &mut Meta, date: chrono::NaiveDate, origin: &str) {
    if meta.published.is_none() {
        meta.published = Some(date);
        meta.published_from = Some(PublishedFrom::Text);
        meta.set_origin("published", origin);
    }
}

/// Fills `outlet` from the text unless something already did.
fn set_outlet(meta: &mut Meta, outlet: String, origin: &str) {
    if meta.outlet.is_none() {
        meta.outlet = Some(outlet);
        meta.set_origin("outlet", origin);
    }
}

/// Records the outlets an article credits: the first is its outlet unless one is known,
/// and all of them (the outlet first) become [`Meta::sources`].
fn set_sources(meta: &mut Meta, outlets: Vec<String>, origin: &str) {
    let mut outlets = outlets.into_iter();
    let Some(first) = outlets.next() else {
        return;
    };
    set_outlet(meta, first.clone(), origin);
    if !meta.sources.is_empty() {
        return;
    }
    let mut sources: Vec<String> = meta.outlet.iter().cloned().collect();
    for name in std::iter::once(first).chain(outlets) {
        if !sources.iter().any(|seen| seen.eq_ignore_ascii_case(&name)) {
            sources.push(name);
        }
    }
    if sources.len() > 1 {
        meta.sources = sources;
        meta.set_origin("sources", origin);
    }
}

/// Number of code points of `text`.
fn char_len(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap_or(u32::MAX)
}

/// Pass 4: joins kept lines into the cleaned text and records every removed block at
/// the offset of the next kept line (or the end of the text).
///
/// Consecutive removed lines with the same reason form one block; lines of different
/// paragraphs are joined with a blank line, as they stood. Also returns, for every
/// line, the cleaned offset where it stands (kept) or stood (removed).
fn assemble(work: &Work) -> (String, Vec<Removed>, Vec<u32>) {
    let mut text = String::new();
    let mut n_chars: u32 = 0;
    let mut removed: Vec<Removed> = Vec::new();
    let mut line_at = vec![0u32; work.lines.len()];
    // Indices into `removed` of blocks still waiting for their offset, and the lines
    // waiting for theirs.
    let mut pending_blocks: Vec<usize> = Vec::new();
    let mut pending_lines: Vec<usize> = Vec::new();
    // The paragraph of the last removed line, to tell "\n" from "\n\n" when merging.
    let mut last_removed_para: Option<usize> = None;
    for (para_idx, para) in work.paras.iter().enumerate() {
        let mut para_has_kept = false;
        for idx in para.clone() {
            let line = work.text(idx);
            match work.marks.get(idx).copied().flatten() {
                Some(reason) => {
                    pending_lines.push(idx);
                    let can_merge = pending_blocks
                        .last()
                        .and_then(|b| removed.get(*b))
                        .is_some_and(|block| block.reason == reason);
                    match (can_merge, pending_blocks.last()) {
                        (true, Some(&block_idx)) => {
                            if let Some(block) = removed.get_mut(block_idx) {
                                let sep = if last_removed_para == Some(para_idx) {
                                    "\n"
                                } else {
                                    "\n\n"
                                };
                                block.text.push_str(sep);
                                block.text.push_str(line);
                            }
                        }
                        _ => {
                            pending_blocks.push(removed.len());
                            removed.push(Removed {
                                text: line.to_string(),
                                reason,
                                at: 0,
                            });
                        }
                    }
                    last_removed_para = Some(para_idx);
                }
                None => {
                    if !text.is_empty() {
                        let sep = if para_has_kept { "\n" } else { "\n\n" };
                        text.push_str(sep);
                        n_chars = n_chars.saturating_add(char_len(sep));
                    }
                    para_has_kept = true;
                    for block_idx in pending_blocks.drain(..) {
                        if let Some(block) = removed.get_mut(block_idx) {
                            block.at = n_chars;
                        }
                    }
                    for line_idx in pending_lines.drain(..) {
                        if let Some(slot) = line_at.get_mut(line_idx) {
                            *slot = n_chars;
                        }
                    }
                    if let Some(slot) = line_at.get_mut(idx) {
                        *slot = n_chars;
                    }
                    for (_, prefix, reason) in work.prefixes.iter().filter(|p| p.0 == idx) {
                        removed.push(Removed {
                            text: prefix.clone(),
                            reason: *reason,
                            at: n_chars,
                        });
                    }
                    text.push_str(line);
                    n_chars = n_chars.saturating_add(char_len(line));
                }
            }
        }
    }
    for block_idx in pending_blocks {
        if let Some(block) = removed.get_mut(block_idx) {
            block.at = n_chars;
        }
    }
    for line_idx in pending_lines {
        if let Some(slot) = line_at.get_mut(line_idx) {
            *slot = n_chars;
        }
    }
    (text, removed, line_at)
}

#[cfg(test)]
mod tests {
    use dossier_core::{DocId, PublishedFrom, RawArticle, Removed, RemovedReason};

    use crate::{clean, CleanError};

    /// A raw article with `body` and no container metadata.
    fn raw(body: &str) -> RawArticle {
        RawArticle {
            body: body.to_string(),
            ..RawArticle::default()
        }
    }

    fn cleaned(body: &str) -> dossier_core::Doc {
        match clean(raw(body)) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        }
    }

    /// The reasons of the removed blocks, in order.
    fn reasons(doc: &dossier_core::Doc) -> Vec<RemovedReason> {
        doc.removed.iter().map(|block| block.reason).collect()
    }

    /// The removed block with `fragment`, or a failure naming what was removed.
    fn block_with<'a>(doc: &'a dossier_core::Doc, fragment: &str) -> &'a Removed {
        match doc
            .removed
            .iter()
            .find(|block| block.text.contains(fragment))
        {
            Some(block) => block,
            None => panic!("no removed block with {fragment:?}: {:?}", doc.removed),
        }
    }

    const BODY_A: &str =
        "The harbour authority reopened the northern pier on Tuesday after repairs.";
    const BODY_B: &str = "Fishermen said the delay had cost them most of the spring season, and some asked for help.";

    #[test]
    fn donation_heading_and_appeal() {
        let body = format!(
            "{BODY_A}\n\nA Small Favour\n\nOur newsroom runs on goodwill. A contribution of any size keeps it open.\n\n{BODY_B}"
        );
        let doc = cleaned(&body);
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        let block = block_with(&doc, "A Small Favour");
        assert_eq!(block.reason, RemovedReason::Donation);
        assert!(block.text.contains("newsroom runs on goodwill"));
        // A heading that only looks like an appeal's leaves an article paragraph alone.
        let doc = cleaned(&format!("{BODY_A}\n\nSupport us\n\n{BODY_B}"));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(reasons(&doc), [RemovedReason::Donation]);
    }

    #[test]
    fn appeal_phrases_remove_long_paragraphs() {
        let appeal = "Independent reporting is expensive. We will never put up a paywall. So we feel forced to ask our readers for help. Thank you.";
        let doc = cleaned(&format!("{BODY_A}\n\n{appeal}\n\n{BODY_B}"));
        assert_eq!(
            block_with(&doc, "feel forced").reason,
            RemovedReason::Donation
        );
        let patron = "Enjoyed this piece? Become a patron and get our weekly letter.";
        let doc = cleaned(&format!("{BODY_A}\n\n{BODY_B}\n\n{patron}"));
        assert_eq!(reasons(&doc), [RemovedReason::Donation]);
        // "please support" is only an appeal in the trailing boilerplate.
        let quote = "“Please support the fishermen,” the mayor told the council on Monday evening.";
        let doc = cleaned(&format!("{BODY_A}\n\n{quote}\n\n{BODY_B}"));
        assert!(doc.text.contains(quote));
        let doc = cleaned(&format!(
            "{BODY_A}\n\n{BODY_B}\n\nPlease support our small team today."
        ));
        assert_eq!(reasons(&doc), [RemovedReason::Donation]);
    }

    #[test]
    fn share_and_comment_widgets() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\nShare this post\nFacebook | Twitter | Email\n\n{BODY_B}\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nComment *\n\nName *"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(
            reasons(&doc),
            [RemovedReason::Share, RemovedReason::Comments]
        );
        assert!(block_with(&doc, "Facebook | Twitter")
            .text
            .starts_with("Share this post\n"));
        assert!(block_with(&doc, "Name *")
            .text
            .starts_with("Leave a Reply\n\n"));
    }

    #[test]
    fn related_section_runs_to_the_next_real_paragraph() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\nRead also\nWill the ferry fares rise again?\n\nA look at what the port owes its lenders\n\n{BODY_B}"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        let block = block_with(&doc, "Read also");
        assert_eq!(block.reason, RemovedReason::Related);
        assert!(block.text.contains("owes its lenders"));
    }

    #[test]
    fn related_list_at_the_end_with_bullets() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\n{BODY_B}\n\nYou may also like\n• Pier fees double\n• Storm season ends early\n\nMore from the coast desk\n\nSearch"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(
            reasons(&doc),
            [RemovedReason::Related, RemovedReason::Navigation]
        );
    }

    #[test]
    fn bullets_inside_the_body_are_kept() {
        let list = "The council agreed to:\n• repair the pier\n• lower the fees";
        let doc = cleaned(&format!("{BODY_A}\n\n{list}\n\n{BODY_B}"));
        assert!(doc.text.contains(list));
        assert!(doc.removed.is_empty());
    }

    #[test]
    fn navigation_crumbs_above_the_headline() {
        let doc = cleaned(&format!(
            "Regions\nCoast - Harbours\n\nPier Reopens After Repairs\n\n{BODY_A}\n\n–\n\n{BODY_B}\n\nBack to top"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Pier Reopens After Repairs")
        );
        assert_eq!(
            reasons(&doc),
            [
                RemovedReason::Navigation,
                RemovedReason::Title,
                RemovedReason::Navigation,
                RemovedReason::Navigation
            ]
        );
    }

    #[test]
    fn a_headline_with_a_dash_is_not_a_crumb() {
        let doc = cleaned(&format!("Pier - A Town Waits\n\n{BODY_A}"));
        assert_eq!(doc.meta.title.as_deref(), Some("Pier - A Town Waits"));
        assert_eq!(reasons(&doc), [RemovedReason::Title]);
    }

    #[test]
    fn cookie_notices() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\nThis website uses cookies to give you the best experience. Read our cookie policy.\n\nAccept all\n\n{BODY_B}"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(reasons(&doc), [RemovedReason::Cookie]);
    }

    #[test]
    fn language_switches() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\nЧитать на русском\n\n{BODY_B}\n\nThis post is also available in: Deutsch\n\nRead in English"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(
            reasons(&doc),
            [RemovedReason::LanguageSwitch, RemovedReason::LanguageSwitch]
        );
    }

    #[test]
    fn bookmark_lines() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\n{BODY_B}\n\nBookmark/Search this post with"
        ));
        assert_eq!(reasons(&doc), [RemovedReason::Bookmark]);
    }

    #[test]
    fn title_repeat_and_byline() {
        let doc = cleaned(&format!(
            "Pier Reopens After Repairs\n\nPier Reopens After Repairs\n\nBy Ana Marić and Tom de Vries\n\n{BODY_A}"
        ));
        assert_eq!(doc.text, BODY_A);
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Pier Reopens After Repairs")
        );
        assert_eq!(doc.meta.authors, ["Ana Marić", "Tom de Vries"]);
        assert_eq!(reasons(&doc), [RemovedReason::Title, RemovedReason::Byline]);
        assert_eq!(
            doc.meta.origins.get("title").map(String::as_str),
            Some("text:first_line")
        );
    }

    #[test]
    fn a_first_sentence_is_not_a_title() {
        let doc = cleaned(&format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(doc.meta.title, None);
        assert!(doc.removed.is_empty());
        let doc = cleaned(&format!("“We stay.”\n\n{BODY_B}"));
        assert_eq!(doc.meta.title, None);
        assert!(doc.text.starts_with("“We stay.”"));
        // Hard-wrapped text: the first line continues in lower case.
        let wrapped = "The harbour authority reopened\nthe northern pier on Tuesday after repairs.";
        let doc = cleaned(wrapped);
        assert_eq!(doc.meta.title, None);
        assert_eq!(doc.text, wrapped);
    }

    #[test]
    fn container_metadata_is_never_overwritten() {
        let mut article = raw(&format!(
            "Pier Reopens After Repairs\n\nBy Ana Marić\n\n12.03.2018\n\n{BODY_A}\n\n(Coast Radio, 13.03.2018)"
        ));
        article.meta.title = Some("Pier reopens after repairs".to_string());
        article.meta.authors = vec!["Desk".to_string()];
        article.meta.published = chrono::NaiveDate::from_ymd_opt(2018, 3, 11);
        article.meta.published_from = Some(PublishedFrom::Metadata);
        article.meta.set_origin("published", "html:meta");
        let doc = match clean(article) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(doc.text, BODY_A);
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Pier reopens after repairs")
        );
        assert_eq!(doc.meta.authors, ["Desk"]);
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2018-03-11")
        );
        assert_eq!(doc.meta.published_from, Some(PublishedFrom::Metadata));
        assert_eq!(
            doc.meta.origins.get("published").map(String::as_str),
            Some("html:meta")
        );
        // The outlet was missing, so the closing line fills it.
        assert_eq!(doc.meta.outlet.as_deref(), Some("Coast Radio"));
        assert_eq!(
            reasons(&doc),
            [
                RemovedReason::Title,
                RemovedReason::Byline,
                RemovedReason::Dateline,
                RemovedReason::SourceLine
            ]
        );
    }

    #[test]
    fn a_container_title_with_an_outlet_suffix_matches_its_line() {
        let mut article = raw(&format!("Pier Reopens After Repairs\n\n{BODY_A}"));
        article.meta.title = Some("Pier Reopens\u{A0}After Repairs | Harbour Gazette".to_string());
        let doc = match clean(article) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(doc.text, BODY_A);
        assert_eq!(reasons(&doc), [RemovedReason::Title]);
    }

    #[test]
    fn closing_source_line_and_url() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\n{BODY_B}\n\n(Coast Radio, Harbour Post, 26.10.2016)\n\n<https://news.example.org/pier-reopens>"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(doc.meta.outlet.as_deref(), Some("Coast Radio"));
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2016-10-26")
        );
        assert_eq!(doc.meta.published_from, Some(PublishedFrom::Text));
        assert_eq!(
            doc.meta.origins.get("published").map(String::as_str),
            Some("text:source_line")
        );
        assert_eq!(
            doc.meta.url.as_deref(),
            Some("https://news.example.org/pier-reopens")
        );
        assert_eq!(
            reasons(&doc),
            [RemovedReason::SourceLine, RemovedReason::Url]
        );
    }

    #[test]
    fn only_the_article_s_own_address_is_removed() {
        let doc = cleaned(&format!("{BODY_A}\n\nhttp://www.example.org"));
        assert!(doc.text.ends_with("http://www.example.org"));
        assert_eq!(doc.meta.url, None);
        let doc = cleaned(&format!(
            "{BODY_A}\n\nhttps://news.example.org/2019/05/pier-reopens"
        ));
        assert_eq!(reasons(&doc), [RemovedReason::Url]);
        let mut article = raw(&format!(
            "{BODY_A}\n\n<https://other.example.org/a/long/path>"
        ));
        article.meta.url = Some("https://news.example.org/pier".to_string());
        let doc = match clean(article.clone()) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        assert!(doc.removed.is_empty());
        article.body = format!("{BODY_A}\n\nhttp://news.example.org/pier/");
        let doc = match clean(article) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(reasons(&doc), [RemovedReason::Url]);
        assert_eq!(
            doc.meta.url.as_deref(),
            Some("https://news.example.org/pier")
        );
    }

    #[test]
    fn outlet_header_and_footer_lines() {
        let doc = cleaned(&format!(
            "Pier Reopens\n\nHarbour Gazette (4 May 2019)\n\n{BODY_A}\n\nThe Harbour Gazette"
        ));
        assert_eq!(doc.meta.outlet.as_deref(), Some("Harbour Gazette"));
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2019-05-04")
        );
        assert_eq!(
            reasons(&doc),
            [
                RemovedReason::Title,
                RemovedReason::SourceLine,
                RemovedReason::SourceLine
            ]
        );
        let doc = cleaned(&format!("{BODY_A}\n\nThe Harbour Gazette"));
        assert_eq!(doc.meta.outlet.as_deref(), Some("The Harbour Gazette"));
        assert_eq!(
            doc.meta.origins.get("outlet").map(String::as_str),
            Some("text:outlet_line")
        );
    }

    #[test]
    fn dateline_opening_the_first_paragraph_is_cut_and_recorded() {
        let first = "Kotor, 8 June 2021 – The harbour authority reopened the northern pier.";
        let doc = cleaned(&format!("{first}\n\n{BODY_B}"));
        assert!(doc.text.starts_with("The harbour authority reopened"));
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2021-06-08")
        );
        assert_eq!(
            doc.meta.origins.get("published").map(String::as_str),
            Some("text:dateline")
        );
        let block = block_with(&doc, "Kotor, 8 June 2021 –");
        assert_eq!((block.reason, block.at), (RemovedReason::Dateline, 0));
        // An agency dateline without a year is cut too, and gives no date.
        let doc = cleaned(&format!("KOTOR, June 8 (Coast Wire) - {BODY_A}"));
        assert_eq!(doc.text, BODY_A);
        assert_eq!(doc.meta.published, None);
        // A sentence that only looks like one stays whole.
        let sentence = "Kotor – a port of ten thousand people – reopened its pier on Tuesday.";
        assert_eq!(cleaned(sentence).text, sentence);
    }

    #[test]
    fn no_date_is_guessed() {
        let doc = cleaned(&format!(
            "On Monday (21.02) the pier was closed again, officials said, until further notice.\n\n{BODY_B}"
        ));
        assert_eq!(doc.meta.published, None);
        assert_eq!(doc.meta.published_from, None);
    }

    #[test]
    fn removed_offsets_point_at_the_next_kept_line() {
        let doc = cleaned(&format!(
            "Pier Reopens\n\n{BODY_A}\n\nShare this post\n\n{BODY_B}\n\nScroll to top"
        ));
        let second_para = doc.paragraphs.get(1).map(|p| p.start);
        assert_eq!(doc.removed.first().map(|b| b.at), Some(0));
        assert_eq!(doc.removed.get(1).map(|b| b.at), second_para);
        assert_eq!(
            doc.removed.get(2).map(|b| b.at),
            Some(doc.text.chars().count() as u32)
        );
    }

    #[test]
    fn reader_removed_blocks_move_into_the_cleaned_text() {
        let body = format!("Nav\u{A0}\u{A0}bar stuff\r\n\r\n{BODY_A}\r\n\r\n{BODY_B}");
        let second_raw = body.find(BODY_B).map(|b| body[..b].chars().count() as u32);
        let mut article = raw(&body);
        article.removed.push(Removed {
            text: "<aside>".to_string(),
            reason: RemovedReason::PageFurniture,
            at: second_raw.unwrap_or(0),
        });
        let doc = match clean(article) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        let block = block_with(&doc, "<aside>");
        assert_eq!(Some(block.at), doc.paragraphs.last().map(|p| p.start));
    }

    #[test]
    fn a_page_header_block_is_taken_apart() {
        let doc = cleaned(&format!(
            "Pier Reopens After Repairs\nHARBOUR GAZETTE\nWe use cookies to improve the site. [Accept]\nČitaj na bosanskom\nHome › Coast › Ports\n\nPier Reopens After Repairs\n\nBy Ana Marić · May 12, 2022\n\nKOTOR – {BODY_A}\n\n{BODY_B}\n\nShare this article · Leave a comment\n\n© 2022 Harbour Gazette. All rights reserved. | About | Contact"
        ));
        assert_eq!(doc.text, format!("{BODY_A}\n\n{BODY_B}"));
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Pier Reopens After Repairs")
        );
        assert_eq!(doc.meta.outlet.as_deref(), Some("Harbour Gazette"));
        assert_eq!(doc.meta.authors, ["Ana Marić"]);
        assert_eq!(
            doc.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2022-05-12")
        );
        assert_eq!(
            reasons(&doc),
            [
                RemovedReason::Title,
                RemovedReason::SourceLine,
                RemovedReason::Cookie,
                RemovedReason::LanguageSwitch,
                RemovedReason::Navigation,
                RemovedReason::Title,
                RemovedReason::Byline,
                RemovedReason::Dateline,
                RemovedReason::Share,
                RemovedReason::SourceLine
            ]
        );
    }

    #[test]
    fn a_copyright_footer_names_the_outlet() {
        let doc = cleaned(&format!(
            "{BODY_A}\n\n© 2019 Harbour Ledger. All rights reserved."
        ));
        assert_eq!(doc.text, BODY_A);
        assert_eq!(doc.meta.outlet.as_deref(), Some("Harbour Ledger"));
        assert_eq!(
            doc.meta.origins.get("outlet").map(String::as_str),
            Some("text:copyright_line")
        );
    }

    #[test]
    fn source_label_lines() {
        let doc = cleaned(&format!("{BODY_A}\n\n{BODY_B}\n\nSource: Coast Radio"));
        assert_eq!(doc.meta.outlet.as_deref(), Some("Coast Radio"));
        assert!(doc.meta.sources.is_empty());
        assert_eq!(reasons(&doc), [RemovedReason::SourceLine]);
        let doc = cleaned(&format!(
            "{BODY_A}\n\n{BODY_B}\n\nSources: Coast Radio, Harbour Ledger, coast radio"
        ));
        assert_eq!(doc.meta.outlet.as_deref(), Some("Coast Radio"));
        assert_eq!(doc.meta.sources, ["Coast Radio", "Harbour Ledger"]);
        assert_eq!(
            doc.meta.origins.get("sources").map(String::as_str),
            Some("text:source_line")
        );
        let sentence = "Source: the harbour master, who spoke on condition of anonymity, said so.";
        let doc = cleaned(&format!("{BODY_A}\n\n{sentence}"));
        assert!(doc.text.contains(sentence));
    }

    #[test]
    fn a_headline_alone_stays_as_text() {
        let doc = cleaned("Pier Reopens After Repairs");
        assert_eq!(doc.text, "Pier Reopens After Repairs");
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Pier Reopens After Repairs")
        );
        assert!(doc.removed.is_empty());
    }

    #[test]
    fn nothing_left_is_an_error() {
        assert_eq!(clean(raw("")), Err(CleanError::NoText));
        assert_eq!(clean(raw(" \n\u{200B}\n\r\n")), Err(CleanError::NoText));
        assert_eq!(
            clean(raw("Share this post\n\nLeave a Reply\n\nScroll to top")),
            Err(CleanError::NoText)
        );
    }

    #[test]
    fn doc_id_is_stable() {
        let unix = format!("Pier Reopens\n\n{BODY_A}\n\n{BODY_B}");
        let windows = format!("Pier\u{A0}Reopens\r\n\r\n\r\n{BODY_A}  \r\n\r\n{BODY_B}\r\n");
        let first = cleaned(&unix);
        assert_eq!(first.id, cleaned(&unix).id);
        assert_eq!(first.id, cleaned(&windows).id);
        assert_eq!(first.id, DocId::of_text(&first.text));
        assert_eq!(
            first.id.as_str(),
            DocId::of_text(&format!("{BODY_A}\n\n{BODY_B}")).as_str()
        );
    }

    /// A small deterministic generator (64-bit LCG) for property-style tests without
    /// a dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, bound: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % bound.max(1)
        }
    }

    /// Words chosen to include those boilerplate rules look for ("share", "search",
    /// "support", "home", "read", "top", "comments", "related").
    const WORDS: [&str; 40] = [
        "harbour",
        "council",
        "minister",
        "share",
        "search",
        "support",
        "home",
        "read",
        "also",
        "top",
        "comments",
        "related",
        "readers",
        "policy",
        "said",
        "on",
        "Tuesday",
        "the",
        "a",
        "of",
        "ferry",
        "Belgrade",
        "Moscow",
        "agreement",
        "security",
        "by",
        "more",
        "from",
        "you",
        "may",
        "like",
        "email",
        "published",
        "reply",
        "favour",
        "small",
        "news",
        "2016",
        "visit",
        "cooperation",
    ];

    /// Characters normalisation repairs: one may replace a space or join a word.
    const NOISE: [&str; 6] = ["\u{A0}", "\u{202F}", "\u{200B}", "\u{AD}", "  ", "\t"];

    /// A sentence as a source might spell it: sometimes with a repairable character
    /// in place of a space or inside a word.
    fn noisy(rng: &mut Lcg, sentence: &str) -> String {
        if rng.next(3) != 0 {
            return sentence.to_string();
        }
        let noise = NOISE.get(rng.next(NOISE.len())).copied().unwrap_or(" ");
        let is_space_like = !matches!(noise, "\u{200B}" | "\u{AD}");
        let target = if is_space_like { ' ' } else { 'e' };
        match sentence.find(target) {
            Some(at) if is_space_like => {
                format!("{}{noise}{}", &sentence[..at], &sentence[at + 1..])
            }
            Some(at) => format!("{}{noise}{}", &sentence[..at + 1], &sentence[at + 1..]),
            None => sentence.to_string(),
        }
    }

    fn sentence(rng: &mut Lcg) -> String {
        let n_words = 4 + rng.next(18);
        let mut words: Vec<String> = (0..n_words)
            .map(|_| {
                WORDS
                    .get(rng.next(WORDS.len()))
                    .copied()
                    .unwrap_or("x")
                    .to_string()
            })
            .collect();
        if let Some(first) = words.first_mut() {
            let mut chars = first.chars();
            if let Some(c) = chars.next() {
                *first = c.to_uppercase().chain(chars).collect();
            }
        }
        let end = [".", ".", ".", "!", "?", ".”"]
            .get(rng.next(6))
            .copied()
            .unwrap_or(".");
        let mut text = words.join(" ");
        if end == ".”" {
            text.insert(0, '“');
        }
        text.push_str(end);
        text
    }

    /// A generated article body and its sentences.
    fn article(rng: &mut Lcg) -> (String, Vec<String>) {
        let mut sentences = Vec::new();
        let mut body = String::new();
        let n_paras = 1 + rng.next(6);
        for para_idx in 0..n_paras {
            // The first paragraph has two sentences at least: a lone short question
            // on the first line is what a headline looks like.
            let n_sentences = if para_idx == 0 { 2 } else { 1 } + rng.next(3);
            let texts: Vec<String> = (0..n_sentences).map(|_| sentence(rng)).collect();
            let spelled: Vec<String> = texts.iter().map(|t| noisy(rng, t)).collect();
            let sep = ["\n\n", "\r\n\r\n", "\n\n\n", "\n \n"]
                .get(rng.next(4))
                .copied()
                .unwrap_or("\n\n");
            if para_idx > 0 {
                body.push_str(sep);
            }
            body.push_str(&spelled.join(if rng.next(2) == 0 { " " } else { "  " }));
            sentences.extend(texts);
        }
        (body, sentences)
    }

    #[test]
    fn articles_without_boilerplate_keep_every_sentence() {
        let mut rng = Lcg(7);
        for round in 0..1000 {
            let (body, sentences) = article(&mut rng);
            let doc = cleaned(&body);
            for sentence in &sentences {
                assert!(
                    doc.text.contains(sentence.as_str()),
                    "round {round}: lost {sentence:?}\nremoved: {:?}",
                    doc.removed
                );
            }
            assert!(doc.removed.is_empty(), "round {round}: {:?}", doc.removed);
        }
    }

    /// Invented trailing widgets, each a block that must be removed.
    const WIDGETS: [&str; 8] = [
        "Share this article\nFacebook | Twitter",
        "Leave a comment",
        "Related stories\n• Pier fees double\n• Ferry strike ends",
        "Back to top",
        "We use cookies to measure traffic. By continuing to browse you accept them.",
        "Read in English",
        "Bookmark this article",
        "Subscribe to our newsletter for a weekly digest of coastal news and views.",
    ];

    #[test]
    fn trailing_widgets_go_and_every_sentence_stays() {
        let mut rng = Lcg(11);
        for round in 0..500 {
            let (mut body, sentences) = article(&mut rng);
            let n_widgets = 1 + rng.next(4);
            let widgets: Vec<&str> = (0..n_widgets)
                .map(|_| {
                    WIDGETS
                        .get(rng.next(WIDGETS.len()))
                        .copied()
                        .unwrap_or("Search")
                })
                .collect();
            for widget in &widgets {
                body.push_str("\n\n");
                body.push_str(widget);
            }
            let doc = cleaned(&body);
            for sentence in &sentences {
                assert!(
                    doc.text.contains(sentence.as_str()),
                    "round {round}: lost {sentence:?}\nremoved: {:?}",
                    doc.removed
                );
            }
            for widget in &widgets {
                let first_line = widget.lines().next().unwrap_or("");
                assert!(
                    !doc.text.contains(first_line),
                    "round {round}: kept {widget:?}"
                );
                assert!(
                    doc.removed.iter().any(|b| b.text.contains(first_line)),
                    "round {round}: {widget:?} not recorded"
                );
            }
        }
    }

    /// Pieces random texts are made of: words, widget lines, metadata lines, repairable
    /// and broken characters.
    const PIECES: [&str; 31] = [
        "harbour",
        "Pier",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\u{A0}",
        "\u{200B}",
        "\u{7}",
        "\u{C3}\u{A9}",
        "\u{C3}",
        "„",
        "``",
        "''",
        ".",
        "?",
        "(",
        ")",
        ",",
        "By Ana Marić",
        "12.03.2018",
        "Share this post",
        "Read also",
        "• item",
        "<http://example.org/a/b/c/d>",
        "Search",
        "A Small Favour",
        "ž",
        "\n\nKOTOR – The pier",
    ];

    #[test]
    fn random_texts_keep_the_invariants() {
        let mut rng = Lcg(3);
        let mut n_checked = 0;
        for round in 0..2000 {
            let n_pieces = rng.next(60);
            let body: String = (0..n_pieces)
                .map(|_| PIECES.get(rng.next(PIECES.len())).copied().unwrap_or(""))
                .collect();
            let doc = match clean(raw(&body)) {
                Ok(doc) => doc,
                Err(CleanError::NoText) => continue,
                Err(err) => panic!("round {round}: {err}"),
            };
            let n_chars = doc.text.chars().count() as u32;
            assert_eq!(doc.id, DocId::of_text(&doc.text));
            assert!(!doc.text.contains("\n\n\n"), "round {round}");
            assert!(doc.text.lines().all(|l| l == l.trim()), "round {round}");
            assert!(doc.removed.iter().all(|b| b.at <= n_chars), "round {round}");
            // Nothing disappears unseen: every normalised line is kept or recorded.
            for line in crate::normalize(&body).lines().filter(|l| !l.is_empty()) {
                // A dateline cut from a line is recorded, and the rest of the line kept.
                let cut = doc.removed.iter().any(|block| {
                    block.reason == RemovedReason::Dateline
                        && line
                            .strip_prefix(block.text.as_str())
                            .is_some_and(|rest| doc.text.contains(rest.trim_start()))
                });
                let seen = cut
                    || doc.text.contains(line)
                    || doc.removed.iter().any(|block| block.text.contains(line));
                assert!(seen, "round {round}: {line:?} vanished from {body:?}");
            }
            n_checked += 1;
        }
        assert!(
            n_checked > 1500,
            "only {n_checked} texts were left with text"
        );
    }
}
