//! The mapping report: every identifier that is not the plain conversion of its
//! API name, every reference degraded to `AnyId`, every warning.

use std::fmt;

/// What a report entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An sObject (its struct name).
    Object,
    /// A scalar field.
    Field,
    /// A parent relationship field.
    Parent,
    /// A child relationship field.
    Child,
    /// A picklist or polymorphic enum.
    Enum,
    /// A picklist value (its variant name).
    Variant,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Subject::Object => "object",
            Subject::Field => "field",
            Subject::Parent => "parent relationship",
            Subject::Child => "child relationship",
            Subject::Enum => "enum",
            Subject::Variant => "picklist value",
        })
    }
}

/// One renamed identifier.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rename {
    /// The object's API name.
    pub object: String,
    /// What was renamed.
    pub subject: Subject,
    /// The API name.
    pub api_name: String,
    /// The Rust name chosen.
    pub rust_name: String,
    /// Why it differs from the plain conversion.
    pub reason: String,
}

/// The outcome of a generation run besides the code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every renamed identifier, in generation order: objects by API name, then
    /// their fields, enums and relationships in describe order.
    pub renames: Vec<Rename>,
    /// References degraded to `AnyId` / left without navigation, and similar notes.
    pub notes: Vec<String>,
    /// Problems that do not stop generation: unknown field types, unreadable `validFor`, …
    pub warnings: Vec<String>,
}

impl Report {
    pub(crate) fn rename(
        &mut self,
        object: &str,
        subject: Subject,
        api_name: &str,
        rust_name: &str,
        reason: impl fmt::Display,
    ) {
        self.renames.push(Rename {
            object: object.to_string(),
            subject,
            api_name: api_name.to_string(),
            rust_name: rust_name.to_string(),
            reason: reason.to_string(),
        });
    }

    pub(crate) fn note(&mut self, message: impl Into<String>) {
        self.notes.push(message.into());
    }

    pub(crate) fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "renamed identifiers: {}", self.renames.len())?;
        for r in &self.renames {
            writeln!(
                f,
                "  {}: {} `{}` -> `{}` ({})",
                r.object, r.subject, r.api_name, r.rust_name, r.reason
            )?;
        }
        writeln!(f, "notes: {}", self.notes.len())?;
        for n in &self.notes {
            writeln!(f, "  {n}")?;
        }
        writeln!(f, "warnings: {}", self.warnings.len())?;
        for w in &self.warnings {
            writeln!(f, "  {w}")?;
        }
        Ok(())
    }
}
