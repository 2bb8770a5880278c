//! Spec prose → rustdoc: one `#[doc]` attribute per line, with the text made
//! inert Markdown, and [`Doc`], which lays out an item's docs for its reader:
//! paragraphs, one-line lists, and the maintainers' notes folded at the end.
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
//! - outside code spans, a character that starts markup is escaped with a
//!   backslash where CommonMark would read it as markup, and only there, so
//!   the source stays readable (`known_values`, `a * b`, `x < 5`, `C:\dir`):
//!   `[` and `]` always (no link); `<` unless a space follows (no HTML, no
//!   autolink: both need a character right after it); `>` at the start of a
//!   line (no block quote); `*`, `_` and `~` unless their run cannot open or
//!   close emphasis or strikethrough (`*` and `~` between spaces, `_` between
//!   letters or digits), so also no `~~~` fence; `\` before punctuation or at
//!   the end of a piece of text, so an escape in the text cannot undo ours;
//!   `&` where it starts an entity reference (`&lt;`), which would show as
//!   its character;
//! - a word that is an `http://` or `https://` URL of URL characters only
//!   becomes an autolink `<…>`; anything else containing `://` is plain text;
//! - a character spec text may not hold (`crate::limits::is_allowed_char`;
//!   `check` refuses them) becomes U+FFFD, should one ever get here.
//!
//! The only markup not from spec text is [`Doc`]'s: the `- ` of its list items
//! (each item one cleaned line) and the `<details>` block around the notes.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes for `paragraphs`, separated by blank doc lines. Empty paragraphs are skipped.
pub fn doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    attrs(&doc_lines(paragraphs))
}

/// Inner doc attributes (`#![doc]`, a module's own docs) for `paragraphs`, as [`doc_attrs`].
pub fn inner_doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    inner_attrs(&doc_lines(paragraphs))
}

fn attrs(lines: &[String]) -> TokenStream {
    quote! { #( #[doc = #lines] )* }
}

fn inner_attrs(lines: &[String]) -> TokenStream {
    quote! { #( #![doc = #lines] )* }
}

/// The text of each doc line for `paragraphs`: cleaned, each after one space
/// (as `/// ` writes it), a blank line between paragraphs.
pub fn doc_lines<S: AsRef<str>>(paragraphs: &[S]) -> Vec<String> {
    let mut doc = Doc::default();
    for paragraph in paragraphs {
        doc.paragraph(paragraph.as_ref());
    }
    doc.lines()
}

/// An item's docs, in the order a reader wants them: what it is and accepts
/// (paragraphs, lists), then, folded in one collapsed `<details>` block at the
/// end, the maintainers' notes on how the spec read its doc page.
#[derive(Debug, Default)]
pub struct Doc {
    /// Blocks of doc lines (each after its one space), a blank line between two.
    blocks: Vec<Vec<String>>,
    /// The notes, each a block.
    notes: Vec<Vec<String>>,
}

impl Doc {
    /// A paragraph of text (spec prose, or ours around spec values), cleaned
    /// line by line; nothing for blank text.
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        if let Some(block) = paragraph_lines(text) {
            self.blocks.push(block);
        }
        self
    }

    /// `intro` on a line, then a list of `items`, one line each (an item's
    /// line breaks become spaces, so no item has a continuation line to
    /// indent); nothing when there are no items.
    pub fn list<S: AsRef<str>>(&mut self, intro: &str, items: &[S]) -> &mut Self {
        let items: Vec<String> = items
            .iter()
            .map(|item| {
                let lines = item.as_ref().lines().map(str::trim).filter(|line| !line.is_empty());
                lines.collect::<Vec<_>>().join(" ")
            })
            .filter(|item| !item.is_empty())
            .collect();
        if items.is_empty() {
            return self;
        }
        let mut block: Vec<String> = paragraph_lines(intro).unwrap_or_default();
        // `clean` escapes a list marker at the start of the item's own text,
        // so the item holds no nested list; the `- ` before it is ours.
        block.extend(items.iter().map(|item| format!(" - {}", clean(item))));
        self.blocks.push(block);
        self
    }

    /// A maintainers' note (`issue`, then the `decision` taken), folded at the end.
    pub fn note(&mut self, issue: &str, decision: &str) -> &mut Self {
        let text = format!("{} Decision: {}", issue.trim(), decision.trim());
        if let Some(block) = paragraph_lines(&text) {
            self.notes.push(block);
        }
        self
    }

    /// The doc lines: the blocks, then the notes in a collapsed
    /// `<details>` block (an HTML block, which a blank line ends, so the
    /// notes between the tags are Markdown, cleaned as any spec text).
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut push = |block: &[String]| {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend_from_slice(block);
        };
        for block in &self.blocks {
            push(block);
        }
        if !self.notes.is_empty() {
            let summary =
                if self.notes.len() == 1 { "Note on the page" } else { "Notes on the page" };
            push(&[format!(" <details><summary>{summary}</summary>")]);
            for note in &self.notes {
                push(note);
            }
            // `</details>` starts an HTML block, which may interrupt the last
            // note's paragraph: no blank line needed before it.
            lines.push(" </details>".to_owned());
        }
        lines
    }

    /// Outer doc attributes (`#[doc]`).
    pub fn attrs(&self) -> TokenStream {
        attrs(&self.lines())
    }

    /// Inner doc attributes (`#![doc]`), a module's own docs.
    pub fn inner_attrs(&self) -> TokenStream {
        inner_attrs(&self.lines())
    }
}

/// The cleaned lines of one paragraph, each after one space; `None` for blank text.
fn paragraph_lines(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.lines().map(|line| format!(" {}", clean(line))).collect())
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
/// (`*` at the start of a line is escaped already: nothing precedes it.)
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
    // The piece with its spaces collapsed, as `(char, part of a URL)`: escaping
    // looks at each character's neighbours as they will be written.
    let mut chars: Vec<(char, bool)> = Vec::with_capacity(piece.len());
    let mut words = piece.split(' ').peekable();
    while let Some(word) = words.next() {
        let url = is_url(word);
        chars.extend(word.chars().map(|c| (c, url)));
        // One space between words, and at the edges where a code span follows
        // or precedes (`a `b` c`); a run of spaces gives empty words, skipped here.
        if words.peek().is_some() && chars.last().is_none_or(|(c, _)| *c != ' ') {
            chars.push((' ', false));
        }
    }
    let at = |i: usize| chars.get(i).map(|(c, _)| *c);
    let mut i = 0;
    while i < chars.len() {
        let (c, url) = chars[i];
        if url {
            // A whole URL word: `is_url` vouched for its characters.
            out.push('<');
            while let Some((c, true)) = chars.get(i) {
                out.push(*c);
                i += 1;
            }
            out.push('>');
            continue;
        }
        let escape = match c {
            '[' | ']' => true,
            // `&lt;`, `&#60;`: an entity reference would show as its character.
            '&' => {
                let name = chars[i + 1..]
                    .iter()
                    .take_while(|(n, _)| n.is_ascii_alphanumeric() || *n == '#');
                let len = name.count();
                len > 0 && at(i + 1 + len) == Some(';')
            }
            '<' => at(i + 1) != Some(' '),
            '>' => out.is_empty(),
            '\\' => at(i + 1).is_none_or(|next| next.is_ascii_punctuation()),
            '*' | '_' | '~' => {
                // The run of `c` this one belongs to, and what borders it.
                let start = chars[..i].iter().rposition(|(p, _)| *p != c).map_or(0, |p| p + 1);
                let end =
                    chars[i..].iter().position(|(n, _)| *n != c).map_or(chars.len(), |n| i + n);
                let (before, after) = (start.checked_sub(1).and_then(at), at(end));
                let inert = if c == '_' {
                    // Between letters or digits a `_` run neither opens nor closes.
                    before.is_some_and(char::is_alphanumeric)
                        && after.is_some_and(char::is_alphanumeric)
                } else {
                    // Between spaces a `*`/`~` run is neither left- nor right-flanking.
                    before == Some(' ') && after == Some(' ')
                };
                !inert
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        i += 1;
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
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

    use super::{Doc, clean, doc_lines};

    #[test]
    fn escapes_markup_but_keeps_code_spans() {
        assert_eq!(clean("Array of [MemberMap] <b>"), r"Array of \[MemberMap\] \<b>");
        assert_eq!(clean("see https://example.com now"), "see <https://example.com> now");
        assert_eq!(clean("`a_b` and _a_b_"), r"`a_b` and \_a_b\_");
        assert_eq!(clean("it's a ` mark"), r"it's a \` mark");
        assert_eq!(clean("`a  b`  and\tc "), "`a  b` and c");
    }

    /// Only what CommonMark would read as markup is escaped, so the source of
    /// the docs reads as the spec wrote it.
    #[test]
    fn escapes_only_what_would_be_markup() {
        // Intraword underscores are never emphasis.
        assert_eq!(
            clean("the integers_as_strings normalization"),
            "the integers_as_strings normalization"
        );
        assert_eq!(clean("known__values x_1 名_前"), "known__values x_1 名_前");
        assert_eq!(clean("_lead trail_ __init__ a_ _b"), r"\_lead trail\_ \_\_init\_\_ a\_ \_b");
        // `*` and `~` between spaces cannot open or close anything.
        assert_eq!(clean("2 * 3 ** 4 ~ 5"), "2 * 3 ** 4 ~ 5");
        assert_eq!(clean("*a* a*b* ~5 ~~x~~ 3 *"), r"\*a\* a\*b\* \~5 \~\~x\~\~ 3 \*");
        // `<` needs a character right after it to open HTML or an autolink.
        assert_eq!(clean("x < 5 and y > 2, a -> b"), "x < 5 and y > 2, a -> b");
        assert_eq!(clean("<5 <a@b.c> <!-- x"), r"\<5 \<a@b.c> \<!-- x");
        // `>` quotes only at the start of a line.
        assert_eq!(clean("> quoted"), r"\> quoted");
        // A backslash escapes only punctuation (and ends a line as a break).
        assert_eq!(clean(r"C:\Users\me and \d+"), r"C:\Users\me and \d+");
        // `&` only where an entity reference would show as its character.
        assert_eq!(clean("&lt; &#60; AT&T"), r"\&lt; \&#60; AT&T");
        assert_eq!(clean(r"\* \[x\] end\"), r"\\\* \\\[x\\\] end\\");
    }

    #[test]
    fn html_is_escaped_unless_in_a_real_url() {
        assert_eq!(clean("x://<script>alert(1)</script>"), r"x://\<script>alert(1)\</script>");
        assert_eq!(
            clean("https://a.example/<script>alert(1)</script>"),
            r"https://a.example/\<script>alert(1)\</script>"
        );
        assert_eq!(clean(r"\<img src=x onerror=alert(1)\>"), r"\\\<img src=x onerror=alert(1)\\>");
        assert_eq!(clean("javascript:alert(1)"), "javascript:alert(1)");
    }

    /// Lists are one cleaned line an item, and the notes come last, folded:
    /// the only raw HTML is the `<details>` wrapper.
    #[test]
    fn doc_lists_items_and_folds_notes_last() {
        let mut doc = Doc::default();
        doc.note("The doc <b>says</b>\n```\nfn main() {}\n```", "Kept _as is_.");
        doc.paragraph("What it is.");
        doc.list("Rules:", &["Length: 1 to 8", "- ```\nfn main() {}", ""]);
        doc.list("Nothing:", &[""]);
        assert_eq!(
            doc.lines(),
            [
                " What it is.",
                "",
                " Rules:",
                " - Length: 1 to 8",
                r" - \- \`\`\` fn main() {}",
                "",
                " <details><summary>Note on the page</summary>",
                "",
                r" The doc \<b>says\</b>",
                r" \`\`\`",
                " fn main() {}",
                r" \`\`\` Decision: Kept \_as is\_.",
                " </details>",
            ]
        );
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

    /// Events of `lines` as rustdoc reads them (its extensions; smart
    /// punctuation left out, which changes quotes, not structure).
    fn events(lines: &[String]) -> Vec<Event<'static>> {
        let text: String = lines.iter().map(|line| format!("{}\n", line.trim_start())).collect();
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        Parser::new_ext(&text, options).map(Event::into_static).collect()
    }

    /// Whether `event` is one spec text may give: text, code spans, line
    /// breaks, paragraphs (and harmless blocks: headings, tables), or an
    /// autolink to an `http(s)` URL. Never a code block, HTML, another link,
    /// an image, emphasis or strikethrough.
    fn inert(event: &Event<'_>) -> bool {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                *link_type == LinkType::Autolink
                    && (dest_url.starts_with("https://") || dest_url.starts_with("http://"))
            }
            Event::Start(tag) => !matches!(
                tag,
                Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::List(_)
                    | Tag::BlockQuote(_)
            ),
            Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => false,
            _ => true,
        }
    }

    /// The text a reader sees: text and code spans, a space for a line break.
    fn shown(events: &[Event<'_>]) -> String {
        let mut out = String::new();
        for event in events {
            match event {
                Event::Text(text) | Event::Code(text) => out.push_str(text),
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                _ => {}
            }
        }
        out
    }

    /// Read by pulldown-cmark, as rustdoc reads docs: ordinary text shows as
    /// written (no escape left visible, none missing), hostile text gives no
    /// markup but text, code spans and real `http(s)` autolinks.
    #[test]
    fn rustdoc_reads_cleaned_text_as_the_text() {
        let ordinary = [
            "the integers_as_strings normalization and known__values",
            "2 * 3 = 6, x < 5 and y > 2, a -> b, ~ 5",
            r"C:\Users\me and \d+ and a\b",
            "*a* _b_ __c__ **d** ~e~ ~~f~~ a*b*c x_y_ _z",
            "<b>bold</b> <!-- c --> <a@b.c> <https://x.y> [l](https://x.y) ![i](x.png)",
            r"\* \_ \[ \< \` end\",
            "> quote",
            "- item",
            "1. item",
            "* item",
            "~~~",
            "&lt;b&gt; &#60; AT&T a=1&b=2;",
        ];
        for text in ordinary {
            let events = events(&[clean(text)]);
            assert!(events.iter().all(inert), "{text:?} gives markup: {events:?}");
            assert_eq!(shown(&events), text, "{text:?} reads differently");
        }
        let url = events(&[clean("see https://example.com/a_b?c=1 now")]);
        assert!(url.iter().all(inert));
        assert_eq!(shown(&url), "see https://example.com/a_b?c=1 now");

        let hostile = [
            "```\nfn main() {}\n```",
            "~~~rust\nfn main() {}\n~~~",
            "text\n\n    fn main() {}",
            "-     fn main() {}",
            "> ```\n> fn main() {}\n> ```",
            "<script>alert(1)</script> <details><summary>x</summary>",
            "[link](javascript:alert(1)) [x]: https://evil.example",
            "x://<script>alert(1)</script> https://a.example/<script>",
            "a `b` ```c``` `` d",
        ];
        for text in hostile {
            let events = events(&doc_lines(&[text]));
            assert!(events.iter().all(inert), "{text:?} gives markup: {events:?}");
        }
    }

    /// A `Doc`'s own markup is a list and the `<details>` wrapper, whatever its
    /// text holds; and the wrapper holds the notes as Markdown.
    #[test]
    fn rustdoc_reads_a_doc_as_its_list_and_folded_notes() {
        let mut doc = Doc::default();
        doc.paragraph("What it *is*.");
        doc.list("Rules:", &["Length: 1 to 8 → `Code`", "<b> ```x``` [y](z)", "> quote"]);
        doc.note("The page <i>says</i>\n```\nfn main() {}", "Kept as_is.");
        let events = events(&doc.lines());
        let html: Vec<String> = events
            .iter()
            .filter_map(|event| match event {
                Event::Html(html) | Event::InlineHtml(html) => Some(html.trim().to_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(html, ["<details><summary>Note on the page</summary>", "</details>"]);
        let items = events.iter().filter(|e| matches!(e, Event::Start(Tag::Item))).count();
        assert_eq!(items, 3);
        let others = events.iter().filter(|e| {
            !matches!(
                e,
                Event::Html(_)
                    | Event::Start(Tag::HtmlBlock | Tag::List(None) | Tag::Item)
                    | Event::End(TagEnd::HtmlBlock | TagEnd::List(false) | TagEnd::Item)
            )
        });
        assert!(others.clone().all(inert), "{events:?}");
        assert_eq!(
            shown(&others.cloned().collect::<Vec<_>>()),
            "What it *is*.Rules:Length: 1 to 8 → Code<b> ```x``` [y](z)> quote\
             The page <i>says</i> ``` fn main() {} Decision: Kept as_is."
        );
    }

    #[test]
    fn disallowed_characters_are_replaced() {
        assert_eq!(clean("a\u{202e}b\rc\u{1b}"), "a\u{fffd}b\u{fffd}c\u{fffd}");
    }
}
