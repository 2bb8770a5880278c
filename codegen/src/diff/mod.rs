//! The semantic diff of two spec sets, for reviewing spec changes.
//!
//! Both sides go through the normal pipeline (`compile`), so a broken side gets
//! the normal diagnostics, and the comparison reads resolved models, not YAML:
//! reordering keys or renaming an anchor is no change. Each change gets a stable
//! kind id, its effect on callers on the wire and on the generated crate's
//! Rust API, and the report suggests the crate's version bump.
//!
//! `source` loads a side from a folder or a git revision, `compare` classifies,
//! `render` prints text, Markdown or JSON, and `code` diffs the generated code.

pub mod change;
pub mod code;
pub mod compare;
pub mod render;
pub mod source;

use schemars::JsonSchema;
use serde::Serialize;

pub use change::{Change, Kind, Rust, SpecSide, SpecSite, Wire};

use std::collections::BTreeMap;

use crate::model::Model;

/// Version of the JSON report format; bumped on any incompatible change to it.
pub const REPORT_FORMAT_VERSION: u32 = 4;

/// The outcome of comparing two spec sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Report {
    /// Version of this report format.
    pub format_version: u32,
    /// Counts and verdicts.
    pub summary: Summary,
    /// Every change, sorted by service, action, location and kind.
    pub changes: Vec<Change>,
    /// The unified diff of the generated code, when asked for (`--code`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_diff: Option<String>,
}

/// Counts and verdicts of a report. Changes relative to a previous version
/// (`relative_to`) are not counted: they break no existing caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Summary {
    /// Changes that break some caller on the wire.
    pub breaking: usize,
    /// Changes that may break some callers, depending on what they send or rely on.
    pub may_break: usize,
    /// Changes existing callers do not notice.
    pub non_breaking: usize,
    /// Changes of documentation only.
    pub info: usize,
    /// The worst effect on the wire, if anything changed.
    pub wire: Option<Wire>,
    /// The worst effect on the Rust API, if anything changed.
    pub rust: Option<Rust>,
    /// Suggested semver bump of the generated crate.
    pub suggested_bump: Bump,
}

/// Compares two resolved models.
pub fn diff(base: &Model, head: &Model) -> Report {
    let changes = compare::compare(base, head);
    // What a new version changes from its previous one breaks no existing caller.
    let counted = || changes.iter().filter(|c| c.relative_to.is_none());
    let count = |wire: Wire| counted().filter(|c| c.wire == wire).count();
    let rust = counted().map(|c| c.rust).max();
    let summary = Summary {
        breaking: count(Wire::Breaking),
        may_break: count(Wire::MayBreak),
        non_breaking: count(Wire::NonBreaking),
        info: count(Wire::Info),
        wire: counted().map(|c| c.wire).max(),
        rust,
        suggested_bump: rust.map_or(Bump::None, Bump::from),
    };
    Report { format_version: REPORT_FORMAT_VERSION, summary, changes, code_diff: None }
}

impl Report {
    /// Fills in the line of each change's spec site from the spec texts each
    /// side was compiled from (keyed as `load::read_dir` keys them). A path
    /// that side does not write (a key removed, a value left at its default)
    /// becomes its nearest written ancestor: the site names what is there.
    pub fn locate(&mut self, base: &BTreeMap<String, String>, head: &BTreeMap<String, String>) {
        let mut indexes = BTreeMap::new();
        for spec in self.changes.iter_mut().filter_map(|c| c.spec.as_mut()) {
            let texts = match spec.side {
                SpecSide::Base => base,
                SpecSide::Head => head,
            };
            let index = indexes.entry((spec.side, spec.file.clone())).or_insert_with(|| {
                texts.get(&spec.file).map(|t| crate::yaml::index_locations(t)).unwrap_or_default()
            });
            if let Some((path, position)) = index.nearest(&spec.path) {
                spec.path = path.to_owned();
                spec.line = Some(position.line);
            }
        }
    }
}

/// A semver bump of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Behaviour or docs only.
    Patch,
    /// Additions only.
    Minor,
    /// Something may no longer compile.
    Major,
}

impl From<Rust> for Bump {
    fn from(effect: Rust) -> Self {
        match effect {
            Rust::Patch => Self::Patch,
            Rust::Minor => Self::Minor,
            Rust::Major => Self::Major,
        }
    }
}

impl Bump {
    /// The JSON spelling (`"minor"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the JSON spelling (`"minor"`).
impl PartialEq<&str> for Bump {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// When `codegen diff` should fail, for CI gating: a threshold on the wire
/// level or on the Rust effect, each including the worse levels above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any change that breaks callers on the wire.
    Breaking,
    /// Any change that breaks or may break callers on the wire.
    MayBreak,
    /// Any change that needs a major version of the generated crate.
    Major,
    /// Any change that needs a minor (or major) version of the generated crate.
    Minor,
}

impl Report {
    /// Whether the report trips the gate.
    pub fn fails(&self, gate: FailOn) -> bool {
        let (wire, rust) = (self.summary.wire, self.summary.rust);
        match gate {
            FailOn::Breaking => wire >= Some(Wire::Breaking),
            FailOn::MayBreak => wire >= Some(Wire::MayBreak),
            FailOn::Major => rust >= Some(Rust::Major),
            FailOn::Minor => rust >= Some(Rust::Minor),
        }
    }
}

/// The JSON Schema of the `--format json` report.
pub fn report_schema() -> String {
    let mut text = serde_json::to_string_pretty(&schemars::schema_for!(Report)).unwrap_or_default();
    text.push('\n');
    text
}
