//! Spec prose → rustdoc: one `#[doc]` attribute per line, with the text made
//! inert Markdown.
//!
//! Spec text is data, never markup: whatever it holds, the doc it becomes
//! renders as that text. In particular it can never open a code block
//! (rustdoc would run one as a doctest on every `cargo test`: a spec could run
//! code on a developer's machine), never reach the page as raw HTML, and never
//! make a link but to a real `http(s)://` URL. Backtick code spans, which specs
//! write on purpose, are kept.
//!
//! How, per line:
//! - whitespace outside code spans is collapsed to one space and the line is
//!   trimmed, so no line is indented (an indented block is code, also in a list
//!   item: `-     x`);
//! - a run of two or more backticks is escaped, so no fence (```` ``` ````) can
//!   open, and single backticks are kept as code spans only when they pair up;
//! - a list marker starting a line is escaped (`\- `, `1\. `): no list, so
//!   no list item whose content is code and no lazy continuation line;
//! - outside code spans, the characters that start markup are escaped with a
//!   backslash (`\ [ ] < > * _ ~`): `~` so no `~~~` fence, `<`/`>` so no HTML,
//!   `[`/`]` so no link, and `\` itself so an escape in the text cannot undo ours;
//! - a word that is an `http://` or `https://` URL of URL characters only
//!   becomes an autolink `<…>`; anything else containing `://` is plain text;
//! - a character spec text may not hold (`crate::limits::is_allowed_char`;
//!   `check` refuses them) becomes U+FFFD, should one ever get here.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes for `paragraphs`, separated by blank doc lines. Empty paragraphs are skipped.
pub fn doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`#![doc]`, a module's own docs) for `paragraphs`, as [`doc_attrs`].
pub fn inner_doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

/// The text of each doc line for `paragraphs`: cleaned, each after one space
/// (as `/// ` writes it), a blank line between paragraphs.
pub fn doc_lines<S: AsRef<str>>(paragraphs: &[S]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().map(AsRef::as_ref).filter(|p| !p.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph.trim().lines().map(|line| format!(" {}", clean(line))));
    }
    lines
}

/// One line of spec text as inert Markdown (see the module docs).
pub fn clean(line: &str) -> String {
    let line: String = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if crate::limits::is_allowed_char(c) => c,
            _ => char::REPLACEMENT_CHARACTER,
        })
        .collect();
    let pieces = split_backtick_runs(line.trim());
    // Single backticks delimit code spans only when they pair up; otherwise
    // each is text (CommonMark would close a span at the next one anyway).
    let singles = pieces.iter().filter(|p| **p == "`").count();
    let spans = singles % 2 == 0;
    let mut out = String::with_capacity(line.len() + line.len() / 8);
    let mut in_span = false;
    for piece in pieces {
        if piece == "`" && spans {
            out.push('`');
            in_span = !in_span;
        } else if in_span {
            // Code span content is literal: kept as written, escapes would show.
            out.push_str(piece);
        } else if piece.starts_with('`') {
            for _ in piece.chars() {
                out.push_str("\\`");
            }
        } else {
            text(piece, &mut out);
        }
    }
    escape_list_marker(&mut out);
    out
}

/// A line starting like a list item (`- `, `+ `, `1. `, `1) `) gets its marker
/// escaped. Lists are where code hides in indentation, and spec lines cannot
/// keep the indentation a list's continuation lines need (clippy's
/// `doc_lazy_continuation` refuses them unindented), so spec text makes none.
/// (`*` is escaped everywhere already.)
fn escape_list_marker(line: &mut String) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'-' | b'+') if digits == 0 => 0,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits,
        _ => return,
    };
    if matches!(line.as_bytes().get(marker + 1), None | Some(b' ')) {
        line.insert(marker, '\\');
    }
}

/// `line` cut into maximal runs of backticks and the text between them.
fn split_backtick_runs(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_tick = chars.peek().map(|(_, n)| *n == '`');
        let boundary = match next_is_tick {
            Some(next) => (c == '`') != next,
            None => true,
        };
        if boundary {
            let end = i + c.len_utf8();
            pieces.push(&line[start..end]);
            start = end;
        }
    }
    pieces
}

/// Text outside code spans: whitespace collapsed, URLs autolinked, markup escaped.
fn text(piece: &str, out: &mut String) {
    let mut words = piece.split(' ').peekable();
    while let Some(word) = words.next() {
        if is_url(word) {
            out.push('<');
            out.push_str(word);
            out.push('>');
        } else {
            for c in word.chars() {
                if matches!(c, '\\' | '[' | ']' | '<' | '>' | '*' | '_' | '~') {
                    out.push('\\');
                }
                out.push(c);
            }
        }
        // One space between words, and at the edges where a code span follows
        // or precedes (`a `b` c`); a run of spaces gives empty words, skipped here.
        if words.peek().is_some() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
}

/// A real `http(s)://` URL whose characters an autolink can hold as they are:
/// ASCII, printable, no `<`, `>`, quotes or backslash (which would end the
/// autolink or turn it into HTML).
fn is_url(word: &str) -> bool {
    let rest = word.strip_prefix("https://").or_else(|| word.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\\' | '`'))
    })
}

#[cfg(test)]
mod tests {
    use super::{clean, doc_lines};

    #[test]
    fn escapes_markup_but_keeps_code_spans() {
        assert_eq!(clean("Array of [MemberMap] <b>"), r"Array of \[MemberMap\] \<b\>");
        assert_eq!(clean("see https://example.com now"), "see <https://example.com> now");
        assert_eq!(clean("`a_b` and a_b"), r"`a_b` and a\_b");
        assert_eq!(clean("it's a ` mark"), r"it's a \` mark");
        assert_eq!(clean("`a  b`  and\tc "), "`a  b` and c");
    }

    #[test]
    fn html_is_escaped_unless_in_a_real_url() {
        assert_eq!(clean("x://<script>alert(1)</script>"), r"x://\<script\>alert(1)\</script\>");
        assert_eq!(
            clean("https://a.example/<script>alert(1)</script>"),
            r"https://a.example/\<script\>alert(1)\</script\>"
        );
        assert_eq!(clean(r"\<img src=x onerror=alert(1)\>"), r"\\\<img src=x onerror=alert(1)\\\>");
        assert_eq!(clean("javascript:alert(1)"), "javascript:alert(1)");
    }

    /// No line of any doc can open a code block: none is indented, none starts
    /// (after a list marker or not) with three backticks or tildes.
    #[test]
    fn no_line_opens_a_code_block() {
        let hostile = [
            "```\nfn main() {}\n```",
            "````rust\nstd::process::exit(1);\n````",
            "~~~\nfn main() {}\n~~~",
            "text\n\n    fn main() {}",
            "text\n\n\tfn main() {}",
            "-     fn main() {}",
            "1.     fn main() {}",
            "- ```\n  fn main() {}\n  ```",
            "``````",
            "`` ` ``",
            "a `b` ```c```",
        ];
        for text in hostile {
            for line in doc_lines(&[text]) {
                let body = line.strip_prefix(' ').unwrap_or(&line);
                assert!(!body.starts_with(' '), "{text:?} gives the indented line {line:?}");
                assert!(!body.contains("```"), "{text:?} gives the fence {line:?}");
                assert!(!body.contains("~~"), "{text:?} gives the fence {line:?}");
                assert!(!body.contains("  "), "{text:?} gives the indent {line:?}");
            }
        }
    }

    #[test]
    fn list_markers_are_escaped() {
        assert_eq!(clean("- a"), r"\- a");
        assert_eq!(clean("+"), r"\+");
        assert_eq!(clean("12) b"), r"12\) b");
        assert_eq!(clean("1.5 kg"), "1.5 kg");
        assert_eq!(clean("-1 or more"), "-1 or more");
    }

    #[test]
    fn disallowed_characters_are_replaced() {
        assert_eq!(clean("a\u{202e}b\rc\u{1b}"), "a\u{fffd}b\u{fffd}c\u{fffd}");
    }
}
