//! Diagnostics: what a stage wants the user to know about a document without failing it.

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was repaired or guessed; the result is usable.
    Info,
    /// Something looks wrong; the result may be incomplete.
    Warning,
}

/// A note attached to a document by a stage. Annotation never fails; it reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that wrote it ("clean", "segment", "time", ...).
    pub stage: String,
    /// How serious it is.
    pub severity: Severity,
    /// A lowercase sentence without a final full stop.
    pub message: String,
}

impl Diagnostic {
    /// An informational note.
    pub fn info(stage: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            stage: stage.to_string(),
            severity: Severity::Info,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(stage: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            stage: stage.to_string(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}
