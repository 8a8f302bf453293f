//! Decision shortcuts: coarse contexts in which a trained model makes one decision almost
//! always, so that decision can be taken there without scoring the model's features.
//!
//! A table is learned from the model itself, not from gold data: the finished model decides
//! over unlabelled text, each scored decision is counted under its context key, and a context
//! enters the table only when it was seen at least `min_count` times and its most frequent
//! decision took at least `min_share` of them. On that text, taking the decision without
//! scoring changes the model's output only in the remaining share of those contexts (and in
//! what the changed decisions feed into); on other text, about as often as the context is less
//! pure there, which `train eval`'s figures with and without the shortcuts measure.
//!
//! A model file with tables carries the kind suffix [`KIND_SUFFIX`] and stores them last, so
//! files without them still load.

use crate::feat::file_key;
use crate::model::{KeyMap, Reader, Weights, Writer};
use crate::ModelError;

/// Suffix of the kind string of a model file that ends with shortcut tables.
pub(crate) const KIND_SUFFIX: &str = "+shortcuts";

/// A file's kind string split into the model's own kind and whether shortcut tables follow.
pub(crate) fn split_kind(kind: &str) -> (&str, bool) {
    match kind.strip_suffix(KIND_SUFFIX) {
        Some(base) => (base, true),
        None => (kind, false),
    }
}

/// The kind string of a file of kind `base`, with shortcut tables when `shortcuts`.
pub(crate) fn join_kind(base: &str, shortcuts: bool) -> String {
    if shortcuts {
        format!("{base}{KIND_SUFFIX}")
    } else {
        base.to_string()
    }
}

/// The decisions the model made in each context, counted while it ran on unlabelled text.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Counts per decision (index = decision) for each context key.
    counts: KeyMap<Vec<u32>>,
}

impl Tally {
    /// Counts decision `class` in context `key`.
    pub(crate) fn add(&mut self, key: u64, class: u8) {
        let counts = self.counts.entry(key).or_default();
        let class = usize::from(class);
        if counts.len() <= class {
            counts.resize(class + 1, 0);
        }
        counts[class] += 1;
    }

    /// The table of the contexts seen at least `min_count` times whose most frequent decision
    /// (the lowest of equally frequent ones) took at least `min_share` of them and is below
    /// `n_classes` (higher counts mark decisions that must not be shortcut).
    pub(crate) fn table(&self, min_count: u32, min_share: f64, n_classes: usize) -> Shortcuts {
        let mut rows: Vec<(u64, u8)> = self
            .counts
            .iter()
            .filter_map(|(key, counts)| {
                let total: u32 = counts.iter().sum();
                let (class, top) = counts
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
                let pure = total >= min_count
                    && f64::from(*top) >= min_share * f64::from(total)
                    && class < n_classes;
                Some((file_key(*key), u8::try_from(class).ok()?)).filter(|_| pure)
            })
            .collect();
        rows.sort_unstable();
        Shortcuts::from_rows(rows)
    }
}

/// A shortcut table: context key (a template key, [`crate::feat::Fx::key`]) to decision.
#[derive(Debug, Clone)]
pub(crate) struct Shortcuts {
    /// One column per context: the decision.
    table: Weights,
}

impl Shortcuts {
    /// A table over `rows` of (stored key, decision), sorted by key.
    fn from_rows(rows: Vec<(u64, u8)>) -> Shortcuts {
        let keys = rows.iter().map(|r| r.0).collect();
        let values = rows.iter().map(|r| i16::from(r.1)).collect();
        Shortcuts {
            table: Weights::with_template_keys(1, 1.0, keys, values),
        }
    }

    /// The decision for context `key`, if the table has one.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u8> {
        match self.table.row_of(key) {
            Some(&[class]) => u8::try_from(class).ok(),
            _ => None,
        }
    }

    /// Number of contexts in the table.
    pub(crate) fn len(&self) -> usize {
        self.table.n_rows()
    }

    /// Writes the table.
    pub(crate) fn write(&self, writer: &mut Writer) {
        writer.weights(&self.table);
    }

    /// Reads what [`Shortcuts::write`] wrote.
    pub(crate) fn read(reader: &mut Reader) -> Result<Shortcuts, ModelError> {
        let table = reader.template_weights()?;
        if table.n_classes() != 1 {
            return Err(ModelError::Format(
                "shortcut table has the wrong column count".into(),
            ));
        }
        Ok(Shortcuts { table })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feat::Fx;

    fn tally(counts: &[(u64, u8, u32)]) -> Tally {
        let mut tally = Tally::default();
        for &(key, class, n) in counts {
            for _ in 0..n {
                tally.add(Fx::new(1).add(key).key(), class);
            }
        }
        tally
    }

    #[test]
    fn keeps_only_frequent_and_pure_contexts() {
        let key = |k: u64| Fx::new(1).add(k).key();
        // 1: pure and frequent; 2: frequent but mixed; 3: pure but rare; 4: exactly at both
        // thresholds (99 of 100).
        let t = tally(&[
            (1, 3, 200),
            (2, 0, 150),
            (2, 1, 50),
            (3, 2, 10),
            (4, 1, 99),
            (4, 2, 1),
        ]);
        let table = t.table(100, 0.99, 4);
        assert_eq!(table.len(), 2);
        assert_eq!(table.get(key(1)), Some(3));
        assert_eq!(table.get(key(2)), None);
        assert_eq!(table.get(key(3)), None);
        assert_eq!(table.get(key(4)), Some(1));
        assert_eq!(table.get(key(5)), None);
        // Stricter thresholds drop context 4.
        assert_eq!(t.table(100, 0.995, 4).get(key(4)), None);
        assert_eq!(t.table(101, 0.5, 4).len(), 2);
        // A pure context whose decision is a marker (at or above the class count) stays out.
        assert_eq!(t.table(100, 0.99, 3).get(key(1)), None);
    }

    #[test]
    fn ties_go_to_the_lowest_decision_and_order_of_counting_does_not_matter() {
        let key = |k: u64| Fx::new(1).add(k).key();
        let counts = [(1, 2, 30), (1, 1, 30), (2, 0, 40), (3, 3, 50), (4, 1, 20)];
        // A tie is no majority at share 0.5 either way, but the lowest decision wins it.
        assert_eq!(tally(&counts).table(1, 0.5, 4).get(key(1)), Some(1));
        let mut reversed = counts;
        reversed.reverse();
        let (a, b) = (
            tally(&counts).table(1, 0.5, 4),
            tally(&reversed).table(1, 0.5, 4),
        );
        let bytes = |t: &Shortcuts| {
            let mut writer = Writer::new();
            t.write(&mut writer);
            writer.into_bytes()
        };
        assert_eq!(bytes(&a), bytes(&b));
        assert_eq!(a.len(), 4);
    }

    #[test]
    fn kinds_split_and_join() {
        assert_eq!(split_kind("pos+revise+shortcuts"), ("pos+revise", true));
        assert_eq!(split_kind("pos+revise"), ("pos+revise", false));
        assert_eq!(join_kind("parser", true), "parser+shortcuts");
        assert_eq!(join_kind("parser", false), "parser");
    }

    #[test]
    fn round_trips_through_a_model_file() {
        let key = |k: u64| Fx::new(1).add(k).key();
        let table = tally(&[(1, 3, 5), (7, 0, 5), (9, 55, 5)]).table(1, 1.0, 64);
        let mut writer = Writer::new();
        table.write(&mut writer);
        let bytes = writer.into_bytes();
        let read = Shortcuts::read(&mut Reader::new(&bytes).unwrap()).unwrap();
        assert_eq!(read.len(), 3);
        for (k, class) in [(1, 3), (7, 0), (9, 55)] {
            assert_eq!(read.get(key(k)), Some(class));
        }
        assert_eq!(read.get(key(2)), None);
    }

    #[test]
    fn an_empty_table_answers_nothing() {
        let table = Tally::default().table(1, 0.5, 4);
        assert_eq!(table.len(), 0);
        assert_eq!(table.get(Fx::new(1).key()), None);
    }
}
