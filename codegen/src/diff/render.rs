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
        groups.entry((&change.service, change.action.as_deref())).or_default().push(change);
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
        s.rust.map_or_else(|| "unchanged".to_owned(), |r| r.to_string()),
        s.suggested_bump
    )
}

/// Before and after, each passed through `show`.
fn values(change: &Change, show: impl Fn(&str) -> String) -> String {
    match (&change.before, &change.after) {
        (Some(before), Some(after)) => format!("{} → {}", show(before), show(after)),
        (Some(before), None) => format!("was {}", show(before)),
        (None, Some(after)) => show(after),
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
    let location_width =
        report.changes.iter().map(|c| c.location.chars().count()).max().unwrap_or(0);
    let mut out = format!("{}\n", paint(Style::new().bold(), &verdict(report)));
    for ((service, action), changes) in grouped(&report.changes) {
        let heading = match action {
            Some(action) => format!("{service} · {action}"),
            None => service.to_owned(),
        };
        let _ = writeln!(out, "\n{}", paint(Style::new().underline(), &heading));
        for change in changes {
            let wire = format!("{:<12}", change.wire.to_string());
            let line = format!(
                "{:<5}  {:<30} {:<location_width$}  {}",
                change.rust,
                change.kind.id(),
                change.location,
                values(change, str::to_owned)
            );
            let _ =
                writeln!(out, "  {} {}", paint(wire_style(change.wire), &wire), line.trim_end());
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
    let _ = writeln!(
        out,
        "| Breaking on the wire | Non-breaking | Documentation only | Suggested version bump |"
    );
    let _ = writeln!(out, "|---|---|---|---|");
    let _ = writeln!(
        out,
        "| **{}** | {} | {} | **{}** |",
        s.breaking, s.non_breaking, s.info, s.suggested_bump
    );
    for ((service, action), changes) in grouped(&report.changes) {
        let heading = match action {
            Some(action) => format!("`{service}` · `{action}`"),
            None => format!("`{service}`"),
        };
        let _ = writeln!(out, "\n### {heading}\n");
        let _ = writeln!(out, "| Wire | Rust | Change | Where | Value |\n|---|---|---|---|---|");
        for change in changes {
            let wire = match change.wire {
                Wire::Breaking => "🔴 breaking",
                Wire::NonBreaking => "🟢 non-breaking",
                Wire::Info => "⚪ info",
            };
            let rust = if change.rust == Rust::Major {
                "**major**".to_owned()
            } else {
                change.rust.to_string()
            };
            let location = if change.location.is_empty() {
                String::new()
            } else {
                code_span(&change.location)
            };
            let _ = writeln!(
                out,
                "| {wire} | {rust} | `{}` | {location} | {} |",
                change.kind.id(),
                values(change, |v| code_span(&shorten(v)))
            );
        }
    }
    out
}

/// Long values (whole descriptions) are cut in the comment; the JSON keeps them.
fn shorten(text: &str) -> String {
    const MAX: usize = 100;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

/// A value as inline code inside a table cell: no Markdown or HTML inside it
/// is interpreted, and it cannot break the cell.
fn code_span(text: &str) -> String {
    let text = text.replace('\n', " ").replace('|', "\\|");
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}
