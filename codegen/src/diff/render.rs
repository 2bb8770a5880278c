//! A report as a terminal would show it, as a pull-request comment, or as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{Change, Report, Rust, Wire};

/// The output formats of `codegen diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable terminal report.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON following `report_schema`.
    Json,
}

/// Renders `report`; `color` adds ANSI styles to the text format.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(report, color),
        Format::Markdown => markdown(report),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(report).unwrap_or_default();
            json.push('\n');
            json
        }
    }
}

/// Changes grouped by service, then action (`None` for service-level changes first).
fn grouped(changes: &[Change]) -> BTreeMap<(&str, Option<&str>), Vec<&Change>> {
    let mut groups: BTreeMap<(&str, Option<&str>), Vec<&Change>> = BTreeMap::new();
    for change in changes {
        groups
            .entry((&change.service, change.action.as_deref()))
            .or_default()
            .push(change);
    }
    groups
}

fn verdict(report: &Report) -> String {
    let s = &report.summary;
    if report.changes.is_empty() {
        return "no changes".to_owned();
    }
    format!(
        "{} change{}: {} breaking, {} non-breaking, {} info; Rust API: {}; suggested bump: {}",
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" },
        s.breaking,
        s.non_breaking,
        s.info,
        s.rust
            .map_or_else(|| "unchanged".to_owned(), |r| r.to_string()),
        s.suggested_bump
    )
}

fn values(change: &Change) -> String {
    match (&change.before, &change.after) {
        (Some(before), Some(after)) => format!("{before} → {after}"),
        (Some(before), None) => format!("was {before}"),
        (None, Some(after)) => after.clone(),
        (None, None) => String::new(),
    }
}

fn text(report: &Report, color: bool) -> String {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    };
    let wire_style = |wire: Wire| match wire {
        Wire::Breaking => AnsiColor::Red.on_default().bold(),
        Wire::NonBreaking => AnsiColor::Green.on_default(),
        Wire::Info => AnsiColor::BrightBlack.on_default(),
    };
    let mut out = format!("{}\n", paint(Style::new().bold(), &verdict(report)));
    for ((service, action), changes) in grouped(&report.changes) {
        let heading = match action {
            Some(action) => format!("{service} · {action}"),
            None => service.to_owned(),
        };
        let _ = writeln!(out, "\n{}", paint(Style::new().underline(), &heading));
        for change in changes {
            let wire = format!("{:<12}", change.wire.to_string());
            let _ = writeln!(
                out,
                "  {} {:<5}  {:<30} {}  {}",
                paint(wire_style(change.wire), &wire),
                change.rust,
                change.kind.id(),
                change.location,
                values(change)
            );
        }
    }
    out
}

fn markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::from("## Spec changes\n\n");
    if report.changes.is_empty() {
        out.push_str("No changes to the API.\n");
        return out;
    }
    let rust = s
        .rust
        .map_or_else(|| "unchanged".to_owned(), |r| r.to_string());
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Breaking on the wire | **{}** |", s.breaking);
    let _ = writeln!(out, "| Non-breaking | {} |", s.non_breaking);
    let _ = writeln!(out, "| Documentation only | {} |", s.info);
    let _ = writeln!(out, "| Rust API effect | {rust} |");
    let _ = writeln!(out, "| Suggested version bump | **{}** |", s.suggested_bump);
    for ((service, action), changes) in grouped(&report.changes) {
        let heading = match action {
            Some(action) => format!("`{service}` · `{action}`"),
            None => format!("`{service}`"),
        };
        let _ = writeln!(out, "\n### {heading}\n");
        let _ = writeln!(
            out,
            "| Wire | Rust | Change | Where | Value |\n|---|---|---|---|---|"
        );
        for change in changes {
            let wire = match change.wire {
                Wire::Breaking => "🔴 breaking".to_owned(),
                Wire::NonBreaking => "🟢 non-breaking".to_owned(),
                Wire::Info => "⚪ info".to_owned(),
            };
            let rust = if change.rust == Rust::Major {
                "**major**".to_owned()
            } else {
                change.rust.to_string()
            };
            let location = if change.location.is_empty() {
                String::new()
            } else {
                format!("`{}`", change.location)
            };
            let _ = writeln!(
                out,
                "| {wire} | {rust} | `{}` | {location} | {} |",
                change.kind.id(),
                escape(&values(change))
            );
        }
    }
    out
}

/// Keeps a value inside its Markdown table cell.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
