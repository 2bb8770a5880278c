//! The limits a spec must keep, in one place: `check` enforces each with a
//! diagnostic, so `lower` and `emit` never see input past them, and
//! `specs/README.md` (section "Limits") states them for authors.
//!
//! Each number is far above what any real doc page needs and far below what
//! breaks the generator or rustc: the reason is beside each.

/// Deepest `array<…>` nesting of one field's type (`array<array<string>>` is 2).
/// `Vec` nested 127 deep fails to compile (E0275, rustc's recursion limit of
/// 128), and from 5 deep clippy's `type_complexity` lint refuses the field
/// (the generated crate must pass clippy with `-D warnings`); no API doc nests
/// arrays more than two or three deep.
pub const ARRAY_NESTING: usize = 4;

/// Deepest nesting of a value of a named type, in levels: each named type and
/// each array on the way is one (a type holding `array<array<T>>` of a type
/// `T` holding nothing nests 4 deep). rustc walks this nesting (drop check,
/// auto traits), plus an `Option` per optional field, within its recursion
/// limit of 128: a chain of 125 types fails (E0275), and so do 32 types each
/// holding the next through 8 arrays (E0320). 32 levels, with at most 2 per
/// level for rustc and the request or response struct and its field's arrays
/// on top, stays well inside it.
pub const TYPE_CHAIN: usize = 32;

/// Most fields of one type, request or response. A struct of 7,500 fields
/// crashes rustc; the largest response of any real doc has well under 100.
pub const FIELDS_PER_TYPE: usize = 512;

/// Longest name, in characters: names of types, fields, actions, examples,
/// error codes, providers, services and the other keys that name things.
/// Names become identifiers and are echoed in diagnostics.
pub const NAME_CHARS: usize = 128;

/// Longest text, in characters: descriptions, notes, titles, patterns,
/// examples of a field and everything else that is neither a name nor a
/// doc example's body. Text lands in doc comments; a page of prose is enough.
pub const TEXT_CHARS: usize = 4_096;

/// Longest body of a doc example (`request` or `response` of an `examples` entry), in characters.
pub const EXAMPLE_CHARS: usize = 65_536;

/// Whether `c` may appear in spec text. Text lands in Rust source (doc
/// comments, string literals), so it may hold no control character but line
/// feed and tab (a bare carriage return breaks a doc comment; NUL, ESC, BEL
/// and the like would be copied into `.rs` files and terminals), and no
/// character that changes the visible direction of text (rustc refuses them
/// in source, and in review they make code read other than it compiles).
pub fn is_allowed_char(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return true;
    }
    !(c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// The bidirectional-control characters (Unicode `Bidi_Control`): marks
/// U+061C, U+200E, U+200F, embeddings and overrides U+202A–U+202E, isolates
/// U+2066–U+2069.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_characters() {
        for c in ['a', 'é', '가', ' ', '\n', '\t', '<', '`', '\u{200B}'] {
            assert!(is_allowed_char(c), "{c:?}");
        }
        for c in [
            '\r', '\0', '\u{1b}', '\u{7}', '\u{7f}', '\u{85}', '\u{061C}', '\u{200E}', '\u{200F}',
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}',
        ] {
            assert!(!is_allowed_char(c), "{c:?}");
        }
    }
}
