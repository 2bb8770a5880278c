//! Deserializers that accept what the APIs accept, beyond what their docs type.
//!
//! Tencent Cloud's own CAM example sends integers as JSON strings (`"1"`); the
//! API takes them, so decoding does too. Values are always sent back as numbers.
//!
//! Booleans stay strict here: no doc shows a JSON body with `"true"` for a
//! boolean, and a JSON body has a type for them. A flattened query (Alibaba
//! Cloud RPC) carries every value as text, so `Operation::decode_query` reads
//! `true`/`false` as booleans; that leniency lives in its decoder alone
//! (`DecodeContext::for_query`), not in these serde deserializers, so what a
//! JSON body may hold is the same whichever decoder reads it.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An integer written as a JSON number or as a string of digits.
struct LenientInteger(i64);

impl<'de> Deserialize<'de> for LenientInteger {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;

        impl Visitor<'_> for IntegerVisitor {
            type Value = LenientInteger;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, or a string holding one")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<LenientInteger, E> {
                Ok(LenientInteger(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientInteger, E> {
                i64::try_from(value)
                    .map(LenientInteger)
                    .map_err(|_| E::custom(format!("integer {value} is too large")))
            }

            /// The text as Rust reads an integer: an optional sign and
            /// digits, nothing around them (`" 1 "` is text, not a number).
            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientInteger, E> {
                value
                    .parse()
                    .map(LenientInteger)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
            }
        }

        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// `deserialize_with` for an `i64` field.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    LenientInteger::deserialize(deserializer).map(|n| n.0)
}

/// `deserialize_with` for an `Option<i64>` field (with `#[serde(default)]`).
pub fn optional_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    Option::<LenientInteger>::deserialize(deserializer).map(|n| n.map(|n| n.0))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "super::optional_integer")]
        value: Option<i64>,
    }

    fn decode(json: &str) -> Result<Option<i64>, serde_json::Error> {
        serde_json::from_str::<Probe>(json).map(|p| p.value)
    }

    #[test]
    fn accepts_numbers_strings_null_and_absence() {
        assert_eq!(decode(r#"{"value": 1}"#).ok(), Some(Some(1)));
        assert_eq!(decode(r#"{"value": "0"}"#).ok(), Some(Some(0)));
        assert_eq!(decode(r#"{"value": null}"#).ok(), Some(None));
        assert_eq!(decode("{}").ok(), Some(None));
        assert!(decode(r#"{"value": "yes"}"#).is_err());
    }

    #[test]
    fn a_string_is_an_integer_only_without_surrounding_whitespace() {
        // What Rust's integer parsing accepts: a sign, leading zeros.
        assert_eq!(decode(r#"{"value": "+1"}"#).ok(), Some(Some(1)));
        assert_eq!(decode(r#"{"value": "-007"}"#).ok(), Some(Some(-7)));
        for text in [" 1 ", " 1", "1 ", "\t1", "1\n", "", " "] {
            let json = format!(r#"{{"value": "{text}"}}"#);
            assert!(decode(&json).is_err(), "{json}");
        }
    }
}
