//! Templates as data, before they are stored: the built-in regulations (data files
//! in `data/`, made reviewable on purpose) and the importers (custom template
//! spreadsheets, OSCAL catalogs). Everything here is pure: it reads bytes and
//! returns a [`TemplateDraft`] or an error that says where the input was wrong.
//! The service layer resolves check references and stores drafts.

pub mod builtin;
#[cfg(test)]
mod coverage;
pub mod diff;
mod error;
pub mod oscal;
pub mod spreadsheet;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::domain::{ActionPurpose, Enforcement, ImplementationType};

pub use error::{ImportError, Problem};

/// Where a template came from; imported ones can be re-imported as newer versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TemplateSource {
    BuiltIn,
    Spreadsheet,
    Oscal,
}

impl TemplateSource {
    pub fn code(self) -> &'static str {
        match self {
            TemplateSource::BuiltIn => "built_in",
            TemplateSource::Spreadsheet => "spreadsheet",
            TemplateSource::Oscal => "oscal",
        }
    }

    pub fn from_code(code: &str) -> Option<TemplateSource> {
        [Self::BuiltIn, Self::Spreadsheet, Self::Oscal]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A template version as data: controls in families, each naming its actions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateDraft {
    /// Identifies the template across versions ("builtin/iso-27001-2022",
    /// "import/<title>"); its versions share one lineage.
    pub key: String,
    pub title: String,
    pub product: String,
    pub certification: Option<String>,
    pub version: String,
    pub source: TemplateSource,
    pub supported_services: Vec<String>,
    pub families: Vec<FamilyDraft>,
    /// The template's own actions (documentation, operational, custom technical);
    /// actions tested by connector checks are referenced by check id instead.
    pub actions: Vec<ActionDraft>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyDraft {
    pub name: String,
    pub controls: Vec<ControlDraft>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlDraft {
    /// The regulation's reference: "AC-2(1)", "A.8.5", "CC6.1".
    pub name: String,
    pub title: String,
    pub description: String,
    pub actions: Vec<ActionRef>,
}

/// How a control names an action.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionRef {
    /// The action a connector check tests, by the check's stable id.
    Check(String),
    /// One of the template's own actions, by title.
    Own(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionDraft {
    pub title: String,
    pub description: String,
    pub implementation_type: ImplementationType,
    pub purpose: ActionPurpose,
    pub enforcement: Enforcement,
    pub custom_score: Option<u8>,
    pub service: Option<String>,
}

impl TemplateDraft {
    pub fn controls(&self) -> impl Iterator<Item = &ControlDraft> {
        self.families.iter().flat_map(|f| f.controls.iter())
    }

    /// SHA-256 (hex) of the draft's canonical JSON: two drafts with the same
    /// fingerprint are the same version, whatever their version label says.
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).expect("a draft always serialises");
        let digest = Sha256::digest(&json);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The fingerprint of the content alone, for imports whose version label is
    /// assigned on import.
    pub fn fingerprint_ignoring_version(&self) -> String {
        TemplateDraft {
            version: String::new(),
            ..self.clone()
        }
        .fingerprint()
    }

    /// How many families, controls and distinct actions the draft holds.
    pub fn counts(&self) -> DraftCounts {
        let mut actions: Vec<&ActionRef> = self.controls().flat_map(|c| &c.actions).collect();
        actions.sort();
        actions.dedup();
        DraftCounts {
            families: self.families.len(),
            controls: self.controls().count(),
            actions: actions.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DraftCounts {
    pub families: usize,
    pub controls: usize,
    pub actions: usize,
}
