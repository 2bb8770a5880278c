//! Whether one pattern accepts every text another accepts: set inclusion of
//! the languages two regexes match, decided on their DFAs.
//!
//! A rule's pattern is a search (`cloud_api_runtime::rules::matches_pattern`:
//! the regex matches somewhere in the text), so a regex `R` accepts the texts
//! that `\A(?s:.*)(?:R)(?s:.*)\z` matches whole; its anchors keep their
//! meaning there (`^` still only holds at the start). Both regexes compile,
//! with the regex crate's own syntax and Unicode tables, into anchored dense
//! DFAs, and a walk over the pairs of their states looks for a text the first
//! accepts and the second does not. DFAs can be large (Unicode classes) and the
//! walk quadratic, so both are bounded: past the bounds the answer is unknown
//! and the diff says a change *may* break.

use std::collections::{HashMap, VecDeque};

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

/// Largest DFA (and determinization workspace), in bytes, built for one pattern.
const DFA_BYTES: usize = 1 << 20;
/// Most pairs of states the inclusion walk visits.
const PAIRS: usize = 50_000;

/// How a new pattern's set of accepted texts relates to the old one's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Relation {
    /// Decided: a shortest text the old pattern accepted and the new one does
    /// not (none: it accepts all the old one did), and one the other way round.
    /// Neither: the same texts (the regex was only rewritten).
    Known {
        /// Accepted before, not now.
        lost: Option<String>,
        /// Accepted now, not before.
        gained: Option<String>,
    },
    /// Not decided within the bounds (or a pattern does not compile).
    Unknown,
}

/// How `new` relates to `old`.
pub(super) fn relation(old: &str, new: &str) -> Relation {
    let (Some(old), Some(new)) = (Language::of(old), Language::of(new)) else {
        return Relation::Unknown;
    };
    match (old.beyond(&new), new.beyond(&old)) {
        (Some(lost), Some(gained)) => Relation::Known { lost, gained },
        _ => Relation::Unknown,
    }
}

/// The texts one pattern accepts, as an anchored DFA over UTF-8 bytes.
struct Language {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

impl Language {
    fn of(pattern: &str) -> Option<Self> {
        let whole = format!(r"\A(?s:.*)(?:{pattern})(?s:.*)\z");
        let config = dense::Config::new()
            .start_kind(StartKind::Anchored)
            // Every match, not the leftmost-first one: acceptance is all that counts.
            .match_kind(MatchKind::All)
            .dfa_size_limit(Some(DFA_BYTES))
            .determinize_size_limit(Some(DFA_BYTES));
        let dfa = dense::Builder::new().configure(config).build(&whole).ok()?;
        let start = dfa.start_state(&start::Config::new().anchored(Anchored::Yes)).ok()?;
        Some(Self { dfa, start })
    }

    /// Whether the text that led to `state` is accepted (a DFA reports a
    /// match one step late: after the end of the text).
    fn accepts(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }

    /// A shortest text `self` accepts and `other` does not (`Some(None)`:
    /// there is none, `other` accepts all `self` does); `None` when the walk
    /// would pass its bound.
    fn beyond(&self, other: &Self) -> Option<Option<String>> {
        type Pair = (StateID, StateID);
        let start = (self.start, other.start);
        // Each pair reached, with the pair and byte it was first reached from.
        let mut reached: HashMap<Pair, Option<(Pair, u8)>> = HashMap::from([(start, None)]);
        let mut queue = VecDeque::from([start]);
        while let Some(pair) = queue.pop_front() {
            if self.accepts(pair.0) && !other.accepts(pair.1) {
                let mut bytes = Vec::new();
                let mut at = pair;
                while let Some(Some((from, byte))) = reached.get(&at) {
                    bytes.push(*byte);
                    at = *from;
                }
                bytes.reverse();
                return Some(Some(String::from_utf8_lossy(&bytes).into_owned()));
            }
            for byte in 0..=u8::MAX {
                let next = (self.dfa.next_state(pair.0, byte), other.dfa.next_state(pair.1, byte));
                // From a dead state of ours, nothing is accepted any more.
                if self.dfa.is_dead_state(next.0) || reached.contains_key(&next) {
                    continue;
                }
                if reached.len() >= PAIRS {
                    return None;
                }
                reached.insert(next, Some((pair, byte)));
                queue.push_back(next);
            }
        }
        Some(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(lost: Option<&str>, gained: Option<&str>) -> Relation {
        Relation::Known { lost: lost.map(str::to_owned), gained: gained.map(str::to_owned) }
    }

    #[test]
    fn patterns_relate_as_the_texts_they_accept_with_shortest_examples() {
        for (old, new, expected) in [
            ("^[a-z]+$", "^[a-z]+$", known(None, None)),
            ("[0-9]", "[0123456789]", known(None, None)),
            // A search: `abc` somewhere is `b` somewhere, and more.
            ("abc", "b", known(None, Some("b"))),
            ("b", "abc", known(Some("b"), None)),
            ("^[a-z0-9-]+$", "^[a-z0-9]+$", known(Some("-"), None)),
            ("^[a-z]{1,10}$", "^[a-z]{1,20}$", known(None, Some("aaaaaaaaaaa"))),
            ("^[a-z]+$", "^[0-9]+$", known(Some("a"), Some("0"))),
            // `\d` is any Unicode digit: more than `[0-9]` (the first is Arabic-Indic zero).
            ("^[0-9]+$", r"^\d+$", known(None, Some("\u{660}"))),
            ("(?i)^abc$", "^abc$", known(Some("ABC"), None)),
            // Anchors keep their meaning inside the search.
            ("^a", "a", known(None, Some("\0a"))),
            ("a$", "^a$", known(Some("\0a"), None)),
            ("not a regex (", "a", Relation::Unknown),
        ] {
            assert_eq!(relation(old, new), expected, "{old:?} → {new:?}");
        }
    }

    #[test]
    fn every_pattern_of_the_real_specs_is_decided() {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let model = crate::compile_dir(&specs).expect("the real specs compile");
        let rules = model.providers.iter().flat_map(|p| &p.services).flat_map(|s| {
            let structs =
                s.types.iter().chain(s.actions.iter().flat_map(|a| [&a.request, &a.response]));
            structs.flat_map(|t| &t.fields).flat_map(|f| &f.rules).collect::<Vec<_>>()
        });
        let mut patterns = 0;
        for rule in rules {
            if let crate::model::RuleKind::Pattern { regex, .. } = &rule.kind {
                assert_eq!(relation(regex, regex), known(None, None), "{regex}");
                patterns += 1;
            }
        }
        assert!(patterns > 0, "the real specs have patterns");
    }

    #[test]
    fn a_pattern_too_large_to_decide_is_unknown() {
        // Each `\w{40}` repeats the Unicode word class: far past the DFA bound.
        assert_eq!(relation(r"^\w{40}$", r"^\w{41}$"), Relation::Unknown);
    }
}
