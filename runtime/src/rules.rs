//! What each rule kind means, written once.
//!
//! Pure predicates, one per rule kind: the generated validators' checks
//! ([`crate::__private::check`]) call them, and so do the generator's
//! interpreter of doc examples and the workspace's test oracle, so the three
//! cannot disagree on what a rule allows. Each takes the value as the wire
//! carries it (text, item count, integer) and answers whether the rule holds;
//! which values a rule applies to (a string field, an array…) is for the
//! caller, which knows the field's type.

use std::borrow::Cow;

use regex::Regex;
use serde_json::Value;

/// Bounds are inclusive, and an absent bound does not limit.
fn within<T: PartialOrd>(value: T, min: Option<T>, max: Option<T>) -> bool {
    min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max)
}

/// A string's length as `length` rules count it: characters (Unicode scalar
/// values), not bytes, since the docs count what a person types.
pub fn char_count(text: &str) -> u64 {
    text.chars().count() as u64
}

/// `length`: the text has between `min` and `max` characters ([`char_count`]).
pub fn length_ok(text: &str, (min, max): (Option<u64>, Option<u64>)) -> bool {
    within(char_count(text), min, max)
}

/// `items`: an array of `count` items has between `min` and `max` of them.
pub fn items_ok(count: usize, (min, max): (Option<u64>, Option<u64>)) -> bool {
    within(count as u64, min, max)
}

/// `range`: the integer lies between `min` and `max`, both included.
pub fn range_ok(value: i64, (min, max): (Option<i64>, Option<i64>)) -> bool {
    within(value, min, max)
}

/// `one_of`: the value, as the wire writes it ([`wire_text`]), is one of
/// `allowed` (each as the wire writes it too), compared exactly.
pub fn one_of_ok(wire: &str, allowed: &[&str]) -> bool {
    allowed.contains(&wire)
}

/// `pattern`: the regex matches somewhere in the text (a search, not a full
/// match: a spec anchors with `^…$` where the doc means the whole value).
pub fn matches_pattern(regex: &Regex, text: &str) -> bool {
    regex.is_match(text)
}

/// `required_if_present`: the field is present whenever the sibling it names is.
pub fn required_if_present_ok(present: bool, other_present: bool) -> bool {
    present || !other_present
}

/// A scalar as the wire writes it, which is how `one_of` compares: a string's
/// own text (no quotes), a number's or boolean's JSON text. `None` for null,
/// arrays and objects, which no `one_of` allows.
pub fn wire_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Number(_) | Value::Bool(_) => Some(Cow::Owned(value.to_string())),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_count_characters() {
        assert!(length_ok("ééé", (Some(3), Some(3))));
        assert!(!length_ok("éééé", (None, Some(3))));
        assert!(items_ok(0, (None, None)));
        assert!(!items_ok(1, (Some(2), None)));
        assert!(range_ok(-5, (Some(-5), Some(5))));
        assert!(!range_ok(6, (Some(-5), Some(5))));
    }

    #[test]
    fn one_of_compares_wire_text() {
        assert_eq!(wire_text(&serde_json::json!("a")).as_deref(), Some("a"));
        assert_eq!(wire_text(&serde_json::json!(7)).as_deref(), Some("7"));
        assert_eq!(wire_text(&serde_json::json!(null)), None);
        assert!(one_of_ok("7", &["6", "7"]));
        assert!(!one_of_ok("8", &["6", "7"]));
    }

    #[test]
    fn required_if_present_only_binds_when_the_other_is_sent() {
        assert!(required_if_present_ok(false, false));
        assert!(!required_if_present_ok(false, true));
        assert!(required_if_present_ok(true, true));
    }
}
