//! Query-string parsing: known parameters only, each checked, so a bad value is a 400 with
//! a message naming the parameter, never a panic or a silent default.

use chrono::NaiveDate;

use crate::WebError;

/// Longest accepted value of any parameter, in bytes.
const MAX_VALUE: usize = 1000;
/// Largest page size.
pub(crate) const MAX_PER_PAGE: u64 = 500;

/// The parameters of one request, decoded.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes a raw query string and rejects parameters not in `allowed`.
    pub(crate) fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, WebError> {
        let pairs: Vec<(String, String)> = match raw {
            None | Some("") => Vec::new(),
            Some(raw) => serde_urlencoded::from_str(raw)
                .map_err(|err| WebError::BadRequest(format!("malformed query string: {err}")))?,
        };
        for (name, value) in &pairs {
            if !allowed.contains(&name.as_str()) {
                return Err(WebError::BadRequest(format!(
                    "unknown parameter {name:?}; this page takes: {}",
                    allowed.join(", ")
                )));
            }
            if value.len() > MAX_VALUE {
                return Err(WebError::BadRequest(format!(
                    "parameter {name:?} is longer than {MAX_VALUE} bytes"
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// The trimmed value of `name`, `None` when absent or blank.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// A `YYYY-MM-DD` date.
    pub(crate) fn date(&self, name: &str) -> Result<Option<NaiveDate>, WebError> {
        self.get(name)
            .map(|value| {
                NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                    WebError::BadRequest(format!(
                        "parameter {name:?} must be a date like 2017-05-23, not {value:?}"
                    ))
                })
            })
            .transpose()
    }

    /// A whole number from `min` to `max`, `default` when absent.
    pub(crate) fn number(
        &self,
        name: &str,
        default: u64,
        min: u64,
        max: u64,
    ) -> Result<u64, WebError> {
        let Some(value) = self.get(name) else {
            return Ok(default);
        };
        match value.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(WebError::BadRequest(format!(
                "parameter {name:?} must be a whole number from {min} to {max}, not {value:?}"
            ))),
        }
    }

    /// The page (from 1) and page size, as `(limit, offset)`.
    pub(crate) fn paging(&self, default_per_page: u64) -> Result<Paging, WebError> {
        let page = self.number("page", 1, 1, 1_000_000)?;
        let per_page = self.number("per_page", default_per_page, 1, MAX_PER_PAGE)?;
        Ok(Paging { page, per_page })
    }

    /// A value that must be one of `choices`.
    pub(crate) fn choice(
        &self,
        name: &str,
        choices: &[&'static str],
    ) -> Result<Option<&'static str>, WebError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        choices
            .iter()
            .find(|choice| **choice == value)
            .map(|choice| Some(*choice))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "parameter {name:?} must be one of {}, not {value:?}",
                    choices.join(", ")
                ))
            })
    }
}

/// Which page of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Paging {
    /// Page number from 1.
    pub(crate) page: u64,
    /// Items per page.
    pub(crate) per_page: u64,
}

impl Paging {
    /// Items to skip.
    pub(crate) fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_and_bad_values() {
        assert!(Params::parse(Some("x=1"), &["q"]).is_err());
        let params =
            Params::parse(Some("page=abc&from=2017-13-01"), &["page", "from"]).unwrap_or_default();
        assert!(params.paging(20).is_err());
        assert!(params.date("from").is_err());
        let params = Params::parse(Some("page=0"), &["page"]).unwrap_or_default();
        assert!(params.paging(20).is_err());
    }

    #[test]
    fn decodes_and_pages() {
        let params = Params::parse(
            Some("q=Vu%C4%8Di%C4%87+x&page=2&per_page=3"),
            &["q", "page", "per_page"],
        )
        .unwrap_or_default();
        assert_eq!(params.get("q"), Some("Vučić x"));
        let paging = params.paging(20).unwrap_or(Paging {
            page: 1,
            per_page: 1,
        });
        assert_eq!(paging.offset(), 3);
    }
}
