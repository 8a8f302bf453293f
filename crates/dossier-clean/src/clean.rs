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
        is_real_text(&self.kept_text(para_idx), question_ends)
    }
}

/// True when `text` reads as article text: it ends like a sentence and has at least
/// eight words, or it holds two sentences.
fn is_real_text(text: &str, question_ends: bool) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '"', '\'', '»', '›', ')', ']']);
    let ends_like_sentence = trimmed.ends_with(['.', '!', '…'])
        || (question_ends && trimmed.ends_with('?'))
        || trimmed.ends_with(".;");
    let n_words = meta::word_count(text);
    (ends_like_sentence && n_words >= 8) || (n_words >= 12 && n_sentence_breaks(text) >= 1)
}

/// Number of places where one sentence ends and another begins: ". X", "? X", "! X".
fn n_sentence_breaks(text: &str) -> usize {
    let mut count = 0;
    let mut prev: [char; 2] = [' ', ' '];
    for ch in text.chars() {
        if prev[1] == ' ' && matches!(prev[0], '.' | '?' | '!') && ch.is_uppercase() {
            count += 1;
        }
        prev = [prev[1], ch];
    }
    count
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
    let (text, mut removed, line_at) = assemble(&work);
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
        let lowercase = work.kept_text(para_idx).to_lowercase();
        if let Some(rule) = rules.match_phrase(&lowercase, anywhere) {
            work.mark_para(para_idx, rule.reason);
            continue;
        }
        for idx in work.para_range(para_idx) {
            if !work.is_kept(idx) {
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

/// Removes a heading line and the paragraph it introduces: the rest of its own paragraph
/// when lines follow it there, else the next paragraph.
fn remove_heading_and_next(work: &mut Work, para_idx: usize, idx: usize, reason: RemovedReason) {
    work.mark(idx, reason);
    let rest = (idx + 1)..work.para_range(para_idx).end;
    if rest.is_empty() {
        work.mark_para(para_idx + 1, reason);
    } else {
        for line_idx in rest {
            work.mark(line_idx, reason);
        }
    }
}

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
        if is_real_text(work.text(line_idx), false) {
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

    let mut title_key = meta.title.as_deref().map(crate::rules::line_key);
    let mut title_search_over = meta.title.is_some();
    for (pos, &idx) in head_lines.iter().enumerate() {
        if !work.is_kept(idx) {
            continue;
        }
        let line = work.text(idx).to_string();
        let key = crate::rules::line_key(&line);
        if title_key.as_deref() == Some(key.as_str()) {
            work.mark(idx, RemovedReason::Title);
        } else if let Some(authors) = meta::byline(&line) {
            if meta.authors.is_empty() {
                meta.authors = authors;
                meta.set_origin("authors", "text:byline");
            }
            work.mark(idx, RemovedReason::Byline);
        } else if let Some(date) = meta::date_line(&line) {
            set_published(meta, date, "text:dateline");
            work.mark(idx, RemovedReason::Dateline);
        } else if let Some((outlet, date)) = meta::outlet_date_line(&line) {
            set_outlet(meta, outlet, "text:source_line");
            set_published(meta, date, "text:source_line");
            work.mark(idx, RemovedReason::SourceLine);
        } else if !title_search_over {
            // Above the headline, head rules (section crumbs) apply, but only when a
            // headline-like line follows to be the title.
            let later_headline = head_lines
                .iter()
                .skip(pos + 1)
                .any(|later| work.is_kept(*later) && meta::headline_like(work.text(*later)));
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

    // A dateline opening the first body paragraph gives the date; the paragraph is kept whole.
    if meta.published.is_none() {
        let first_body_line = (0..work.lines.len()).find(|idx| work.is_kept(*idx));
        if let Some(date) = first_body_line.and_then(|idx| meta::dateline_prefix(work.text(idx))) {
            set_published(meta, date, "text:dateline");
        }
    }
    head_end
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
    if lines.len() >= 2 && all_labels && headline_follows {
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
        let lowercase = work.kept_text(para_idx).to_lowercase();
        if let Some(rule) = rules.match_phrase(&lowercase, in_tail) {
            work.mark_para(para_idx, rule.reason);
            continue;
        }
        let single_line = kept.len() == 1;
        for &idx in kept.iter().rev() {
            let line = work.text(idx).to_string();
            let reason = if let Some(rule) = rules.match_line(&line, in_tail) {
                Some(rule.reason)
            } else if let Some((outlet, date)) = meta::closing_source_line(&line) {
                set_outlet(meta, outlet, "text:source_line");
                set_published(meta, date, "text:source_line");
                Some(RemovedReason::SourceLine)
            } else if let Some((outlet, date)) = meta::outlet_date_line(&line) {
                set_outlet(meta, outlet, "text:source_line");
                set_published(meta, date, "text:source_line");
                Some(RemovedReason::SourceLine)
            } else if let Some(url) = meta::url_line(&line) {
                if meta.url.is_none() {
                    meta.url = Some(url);
                    meta.set_origin("url", "text:url_line");
                }
                Some(RemovedReason::Url)
            } else if let Some(date) = meta::date_line(&line) {
                set_published(meta, date, "text:dateline");
                Some(RemovedReason::Dateline)
            } else if single_line && meta::outlet_like(&line) {
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
                        n_chars += char_len(sep);
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
                    text.push_str(line);
                    n_chars += char_len(line);
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
