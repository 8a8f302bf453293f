//! Reading the tab-separated KB files: a header line naming the columns, `#` comment lines,
//! `|`-separated lists inside fields.

use crate::KbError;

/// A parsed table: the header's column names and the data rows with their line numbers.
pub(crate) struct Table<'a> {
    file: String,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

/// One data row of a [`Table`], with access to fields by column name.
pub(crate) struct Row<'t, 'a> {
    table: &'t Table<'a>,
    line: usize,
    fields: &'t [&'a str],
}

impl<'a> Table<'a> {
    /// Splits `text` into a header and rows. Blank lines and lines whose first non-space
    /// character is `#` are skipped; the first other line is the header.
    pub(crate) fn parse(file: &str, text: &'a str) -> Result<Table<'a>, KbError> {
        let mut header: Option<Vec<&'a str>> = None;
        let mut rows = Vec::new();
        for (idx, raw_line) in text.lines().enumerate() {
            let line = raw_line.trim_end_matches('\r');
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&'a str> = line.split('\t').map(str::trim).collect();
            match header {
                None => header = Some(fields),
                Some(_) => rows.push((idx + 1, fields)),
            }
        }
        let header = header.ok_or_else(|| KbError::Parse {
            file: file.to_string(),
            line: 0,
            message: "no header line".to_string(),
        })?;
        Ok(Table {
            file: file.to_string(),
            header,
            rows,
        })
    }

    /// Fails unless the header has every one of `columns`.
    pub(crate) fn require(&self, columns: &[&str]) -> Result<(), KbError> {
        for column in columns {
            if !self.header.iter().any(|h| h.eq_ignore_ascii_case(column)) {
                return Err(KbError::Parse {
                    file: self.file.clone(),
                    line: 0,
                    message: format!("the header has no `{column}` column"),
                });
            }
        }
        Ok(())
    }

    /// The data rows.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_, 'a>> {
        self.rows.iter().map(move |(line, fields)| Row {
            table: self,
            line: *line,
            fields,
        })
    }
}

impl<'a> Row<'_, 'a> {
    /// The field of `column` (trimmed; empty when the column or the field is missing).
    pub(crate) fn get(&self, column: &str) -> &'a str {
        self.table
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(column))
            .and_then(|idx| self.fields.get(idx).copied())
            .unwrap_or("")
    }

    /// The field of `column`, or `None` when it is empty.
    pub(crate) fn opt(&self, column: &str) -> Option<&'a str> {
        Some(self.get(column)).filter(|s| !s.is_empty())
    }

    /// The field of `column`, or an error naming the line when it is empty.
    pub(crate) fn need(&self, column: &str) -> Result<&'a str, KbError> {
        self.opt(column)
            .ok_or_else(|| self.error(format!("empty `{column}`")))
    }

    /// The `|`-separated list in `column`, items trimmed, empty items dropped.
    pub(crate) fn list(&self, column: &str) -> Vec<String> {
        split_list(self.get(column))
    }

    /// An error about this row.
    pub(crate) fn error(&self, message: String) -> KbError {
        KbError::Parse {
            file: self.table.file.clone(),
            line: self.line,
            message,
        }
    }
}

/// Splits a `|`-separated list, trimming items and dropping empty ones.
pub(crate) fn split_list(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_with_comments_and_header() {
        let text = "# a comment\n\nname\tlist\nA\tx|y| \n# more\nB\n";
        let table = Table::parse("t", text);
        assert!(table.is_ok());
        let Ok(table) = table else { return };
        let rows: Vec<_> = table.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows.first().map(|r| r.list("list")),
            Some(vec!["x".to_string(), "y".to_string()])
        );
        assert_eq!(rows.get(1).map(|r| r.get("list")), Some(""));
        assert_eq!(rows.get(1).map(|r| r.get("nothing")), Some(""));
        assert!(table.require(&["name", "list"]).is_ok());
        assert!(table.require(&["other"]).is_err());
    }

    #[test]
    fn empty_table_is_an_error() {
        assert!(Table::parse("t", "# only a comment\n").is_err());
    }
}
