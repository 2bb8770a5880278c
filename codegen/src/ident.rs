//! Rust names from wire names: casing with heck, keywords made safe, and NFC
//! normalization. Nothing else.

use heck::{ToSnakeCase, ToUpperCamelCase};
use unicode_normalization::UnicodeNormalization;

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_ABLE_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const RESERVED: &[&str] = &["crate", "self", "super", "Self", "_"];

/// A type or variant name: `UpperCamelCase`, never a keyword.
pub fn type_name(name: &str) -> String {
    safe(nfc(name).to_upper_camel_case(), "T")
}

/// A field or module name: `snake_case`, keywords as raw identifiers.
pub fn field_name(name: &str) -> String {
    safe(nfc(name).to_snake_case(), "field_")
}

/// `name` in NFC. rustc compares identifiers after NFC, so a Hangul syllable
/// and the same syllable spelt in jamo, or `é` and `e` with a combining acute,
/// are one name; normalizing before the casing also keeps heck from reading a
/// combining mark (not alphanumeric) as a word boundary (`re_mark`).
fn nfc(name: &str) -> String {
    name.nfc().collect()
}

/// The field name without keyword escaping, for names built from it
/// (`r#type` → `with_type`, `self_` → `with_self`).
pub fn bare(name: &str) -> &str {
    match name.strip_prefix("r#") {
        Some(raw) => raw,
        None if RESERVED.iter().any(|r| name.strip_suffix('_') == Some(r)) => {
            &name[..name.len() - 1]
        }
        None => name,
    }
}

/// Whether a Rust name can be made from `name`: it has a letter or digit.
pub fn has_rust_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// `2019-01-16` → `v20190116`.
pub fn version_module(version: &str) -> String {
    format!("v{}", version.replace('-', ""))
}

fn safe(name: String, digit_prefix: &str) -> String {
    // Case mapping can leave a name out of NFC (`İ` lowercases to `i` and a
    // combining dot), so the result is normalized again: every uniqueness
    // check on Rust names then sees what rustc sees.
    let name = nfc(&name);
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    if RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_ABLE_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_and_keywords() {
        assert_eq!(field_name("NewFirstName"), "new_first_name");
        assert_eq!(field_name("IndexedAttribute1"), "indexed_attribute1");
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("UserId"), field_name("UserID"));
        assert_eq!(
            type_name("FailedOperation.IndexedAttributeTooLong"),
            "FailedOperationIndexedAttributeTooLong"
        );
        assert_eq!(type_name("2fa"), "T2fa");
        assert_eq!(bare("r#type"), "type");
        assert_eq!(bare("self_"), "self");
        assert!(!has_rust_name("-"));
        assert_eq!(version_module("2021-03-31"), "v20210331");
        // `한` as one syllable and as three jamo: one Rust name.
        assert_eq!(field_name("\u{D55C}"), field_name("\u{1112}\u{1161}\u{11AB}"));
        // `é` precomposed and as `e` + combining acute: one Rust name, no word break.
        assert_eq!(field_name("R\u{E9}mark"), "r\u{E9}mark");
        assert_eq!(field_name("Re\u{301}mark"), "r\u{E9}mark");
        assert_eq!(type_name("re\u{301}mark"), "R\u{E9}mark");
    }
}
