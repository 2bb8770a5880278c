//! Spec prose → rustdoc: one `#[doc]` attribute per line, with the characters
//! rustdoc would misread made literal.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes for `paragraphs`, separated by blank doc lines. Empty paragraphs are skipped.
pub fn doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().map(AsRef::as_ref).filter(|p| !p.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph.trim().lines().map(|line| format!(" {}", clean(line.trim_end()))));
    }
    quote! { #( #[doc = #lines] )* }
}

/// Escapes what rustdoc would take for markup the doc did not mean: link
/// brackets, HTML-like angle brackets, and bare URLs (which become autolinks).
/// Backtick spans, which the spec writes on purpose, are left alone.
pub fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // An unpaired backtick is text, not the start of a code span.
    let spans_paired = line.matches('`').count().is_multiple_of(2);
    for (i, part) in line.split('`').enumerate() {
        if i > 0 && !spans_paired {
            out.push_str("\\`");
        } else if i % 2 == 1 {
            out.push('`');
            out.push_str(part);
            out.push('`');
            continue;
        }
        for word in part.split_inclusive(' ') {
            let bare = word.trim_end();
            if bare.starts_with("http://") || bare.starts_with("https://") {
                out.push('<');
                out.push_str(bare);
                out.push('>');
                out.push_str(&word[bare.len()..]);
            } else {
                for c in word.chars() {
                    match c {
                        '[' | ']' | '<' | '>' | '*' | '_' if !word.contains("://") => {
                            out.push('\\');
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn escapes_markup_but_keeps_code_spans() {
        assert_eq!(clean("Array of [MemberMap] <b>"), r"Array of \[MemberMap\] \<b\>");
        assert_eq!(clean("see https://example.com now"), "see <https://example.com> now");
        assert_eq!(clean("`a_b` and a_b"), r"`a_b` and a\_b");
        assert_eq!(clean("it's a ` mark"), r"it's a \` mark");
    }
}
