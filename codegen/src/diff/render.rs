//! A report as a terminal would show it, as a pull-request comment, or as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{Change, Kind, Report, Rust, Wire};

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
        Format::Text => {
            let mut out = text(report, color);
            if let Some(code) = &report.code_diff {
                let _ = write!(out, "\n{code}");
            }
            out
        }
        Format::Markdown => {
            let mut out = markdown(report);
            if let Some(code) = &report.code_diff {
                // A fence longer than any run of backticks inside the diff.
                let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                let _ = write!(out, "\n### Generated code\n\n{fence}diff\n{code}{fence}\n");
            }
            out
        }
        Format::Json => {
            let mut json = serde_json::to_string_pretty(report).unwrap_or_default();
            json.push('\n');
            json
        }
    }
}

/// Changes grouped by service, then the previous version they are relative
/// to (none first), then action (`None` for service-level changes first).
type Groups<'a> = BTreeMap<(&'a str, Option<&'a str>, Option<&'a str>), Vec<&'a Change>>;

fn grouped(changes: &[Change]) -> Groups<'_> {
    let mut groups = Groups::new();
    for change in changes {
        let key =
            (change.service.as_str(), change.relative_to.as_deref(), change.action.as_deref());
        groups.entry(key).or_default().push(change);
    }
    groups
}

/// A group's heading: `acme/store 2025-01-01 (against acme/store 2024-01-01) · GetBox`.
fn heading(
    (service, relative_to, action): (&str, Option<&str>, Option<&str>),
    code: fn(&str) -> String,
) -> String {
    let mut heading = code(service);
    if let Some(previous) = relative_to {
        heading = format!("{heading} (new version, against {})", code(previous));
    }
    if let Some(action) = action {
        heading = format!("{heading} · {}", code(action));
    }
    heading
}

fn verdict(report: &Report) -> String {
    let s = &report.summary;
    if report.changes.is_empty() {
        return "no changes".to_owned();
    }
    let relative = report.changes.iter().filter(|c| c.relative_to.is_some()).count();
    let counted = report.changes.len() - relative;
    let mut verdict = format!(
        "{} change{}: {} breaking, {} may break, {} non-breaking, {} info; Rust API: {}; suggested bump: {}",
        counted,
        if counted == 1 { "" } else { "s" },
        s.breaking,
        s.may_break,
        s.non_breaking,
        s.info,
        s.rust.map_or_else(|| "unchanged".to_owned(), |r| r.to_string()),
        s.suggested_bump
    );
    if relative > 0 {
        let _ = write!(
            verdict,
            "; and {relative} change{} of new versions against their previous ones (not counted)",
            if relative == 1 { "" } else { "s" }
        );
    }
    verdict
}

/// Text longer than this is shown as a word diff when it changed, so a
/// reviewer sees what changed in a long description, never a cut.
const LONG: usize = 60;

/// Before and after, in full, each passed through `show`; a long text that
/// changed is one inline word diff (`[-removed-]{+added+}`).
fn values(change: &Change, show: impl Fn(&str) -> String) -> String {
    match (&change.before, &change.after) {
        (Some(before), Some(after))
            if before.chars().count() > LONG || after.chars().count() > LONG =>
        {
            show(&word_diff(before, after))
        }
        (Some(before), Some(after)) => format!("{} → {}", show(before), show(after)),
        (Some(before), None) => format!("was {}", show(before)),
        (None, Some(after)) => show(after),
        (None, None) => String::new(),
    }
}

/// `before` turned into `after`, word by word: `[-old-]{+new+}` (git's
/// `--word-diff=plain` notation), unchanged words as they are.
fn word_diff(before: &str, after: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(before, after);
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    let close = |out: &mut String, tag: Option<ChangeTag>| match tag {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        let text = change.value();
        // Whitespace between two changed words stays inside the run.
        if tag == ChangeTag::Equal && text.trim().is_empty() && open.is_some() {
            out.push_str(text);
            continue;
        }
        if open != Some(tag) {
            close(&mut out, open.filter(|t| *t != ChangeTag::Equal));
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(text);
    }
    close(&mut out, open);
    out
}

/// The actions a provider-wide change touches, in full:
/// `affects: tencentcloud/cam 2019-01-16 UpdateUser, …`.
fn affects(change: &Change) -> Option<String> {
    (!change.affects.is_empty()).then(|| format!("affects: {}", change.affects.join(", ")))
}

/// Fields that are no longer sensitive: their values now show in `Debug`
/// output and logs, which a reviewer must see before anything else.
fn security_notes(report: &Report) -> Vec<String> {
    report
        .changes
        .iter()
        .filter(|c| c.kind == Kind::SensitivityRemoved)
        .map(|c| {
            let place = match &c.action {
                Some(action) => format!("{} · {action}.{}", c.service, c.location),
                None => format!("{} · {}", c.service, c.location),
            };
            format!("{place} is no longer sensitive: its values are no longer redacted from Debug output and logs")
        })
        .collect()
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
        Wire::MayBreak => AnsiColor::Yellow.on_default().bold(),
        Wire::NonBreaking => AnsiColor::Green.on_default(),
        Wire::Info => AnsiColor::BrightBlack.on_default(),
    };
    let dim = AnsiColor::BrightBlack.on_default();
    let location_width =
        report.changes.iter().map(|c| c.location.chars().count()).max().unwrap_or(0);
    let mut out = format!("{}\n", paint(Style::new().bold(), &verdict(report)));
    for note in security_notes(report) {
        let _ = writeln!(out, "{} {note}", paint(AnsiColor::Red.on_default().bold(), "security:"));
    }
    for (key, changes) in grouped(&report.changes) {
        let heading = heading(key, str::to_owned);
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
            let why = paint(Style::new().italic(), &change.why);
            match &change.spec {
                Some(spec) => {
                    let _ = writeln!(out, "{:15}{why}  {}", "", paint(dim, &format!("({spec})")));
                }
                None => {
                    let _ = writeln!(out, "{:15}{why}", "");
                }
            }
            for item in &change.rust_items {
                let _ = writeln!(out, "{:15}rust: {}", "", item.replace('`', ""));
            }
            if let Some(affects) = affects(change) {
                let _ = writeln!(out, "{:15}{affects}", "");
            }
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
    for note in security_notes(report) {
        let _ = writeln!(out, "> **Security:** {}\n", escape(&note));
    }
    let _ = writeln!(
        out,
        "| Breaking on the wire | May break | Non-breaking | Documentation only | Suggested version bump |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    let _ = writeln!(
        out,
        "| **{}** | **{}** | {} | {} | **{}** |",
        s.breaking, s.may_break, s.non_breaking, s.info, s.suggested_bump
    );
    let relative = report.changes.iter().filter(|c| c.relative_to.is_some()).count();
    if relative > 0 {
        let _ = writeln!(
            out,
            "\n{relative} change{} below describe{} what new versions of services change from their previous versions: they break no existing caller and are not counted above.",
            if relative == 1 { "" } else { "s" },
            if relative == 1 { "s" } else { "" }
        );
    }
    for (key, changes) in grouped(&report.changes) {
        let _ = writeln!(out, "\n### {}\n", heading(key, |text| format!("`{text}`")));
        let _ = writeln!(
            out,
            "| Wire | Rust | Change | Where | Value | Who breaks, why |\n|---|---|---|---|---|---|"
        );
        for change in changes {
            let wire = match change.wire {
                Wire::Breaking => "🔴 breaking",
                Wire::MayBreak => "🟠 may break",
                Wire::NonBreaking => "🟢 non-breaking",
                Wire::Info => "⚪ info",
            };
            let rust = if change.rust == Rust::Major {
                let items: Vec<String> =
                    change.rust_items.iter().map(|i| code_span(&i.replace('`', ""))).collect();
                if items.is_empty() {
                    "**major**".to_owned()
                } else {
                    format!("**major**: {}", items.join("; "))
                }
            } else {
                change.rust.to_string()
            };
            let location = [
                (!change.location.is_empty()).then(|| code_span(&change.location)),
                change.spec.as_ref().map(|spec| escape(&spec.to_string())),
            ];
            let location = location.into_iter().flatten().collect::<Vec<_>>().join(" ");
            let why = match affects(change) {
                Some(affects) => format!("{}; {affects}", change.why),
                None => change.why.clone(),
            };
            let _ = writeln!(
                out,
                "| {wire} | {rust} | `{}` | {location} | {} | {} |",
                change.kind.id(),
                values(change, code_span),
                escape(&why)
            );
        }
    }
    out
}

/// Plain text for a Markdown table cell: nothing in it is interpreted.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}
/// A value as inline code inside a table cell: no Markdown or HTML inside it
/// is interpreted, and it cannot break the cell.
fn code_span(text: &str) -> String {
    let text = text.replace('\n', " ").replace('|', "\\|");
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}
