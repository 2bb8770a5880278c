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

use std::collections::{HashSet, VecDeque};

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

/// Largest DFA (and determinization workspace), in bytes, built for one pattern.
const DFA_BYTES: usize = 1 << 20;
/// Most pairs of states the inclusion walk visits.
const PAIRS: usize = 50_000;

/// How two patterns' sets of accepted texts relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Relation {
    /// They accept the same texts (the regex was only rewritten).
    Same,
    /// The new one accepts only part of what the old one did.
    Narrower,
    /// The new one accepts all the old one did, and more.
    Wider,
    /// Each accepts some text the other does not.
    Overlapping,
    /// Not decided within the bounds (or a pattern does not compile).
    Unknown,
}

/// How `new` relates to `old`.
pub(super) fn relation(old: &str, new: &str) -> Relation {
    let (Some(old), Some(new)) = (Language::of(old), Language::of(new)) else {
        return Relation::Unknown;
    };
    match (old.within(&new), new.within(&old)) {
        (Some(true), Some(true)) => Relation::Same,
        (Some(false), Some(true)) => Relation::Narrower,
        (Some(true), Some(false)) => Relation::Wider,
        (Some(false), Some(false)) => Relation::Overlapping,
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

    /// Whether every text `self` accepts, `other` accepts too; `None` when the
    /// walk would pass its bound.
    fn within(&self, other: &Self) -> Option<bool> {
        let mut seen = HashSet::from([(self.start, other.start)]);
        let mut queue = VecDeque::from([(self.start, other.start)]);
        while let Some((mine, theirs)) = queue.pop_front() {
            if self.accepts(mine) && !other.accepts(theirs) {
                return Some(false);
            }
            for byte in 0..=u8::MAX {
                let next = (self.dfa.next_state(mine, byte), other.dfa.next_state(theirs, byte));
                // From a dead state of ours, nothing is accepted any more.
                if self.dfa.is_dead_state(next.0) || !seen.insert(next) {
                    continue;
                }
                if seen.len() > PAIRS {
                    return None;
                }
                queue.push_back(next);
            }
        }
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::Relation::*;
    use super::*;

    #[test]
    fn patterns_relate_as_the_texts_they_accept() {
        for (old, new, expected) in [
            ("^[a-z]+$", "^[a-z]+$", Same),
            ("[0-9]", "[0123456789]", Same),
            // A search: `abc` somewhere is `b` somewhere, and more.
            ("abc", "b", Wider),
            ("b", "abc", Narrower),
            ("^[a-z0-9-]+$", "^[a-z0-9]+$", Narrower),
            ("^[a-z]{1,10}$", "^[a-z]{1,20}$", Wider),
            ("^[a-z]+$", "^[0-9]+$", Overlapping),
            // `\d` is any Unicode digit: more than `[0-9]`.
            ("^[0-9]+$", r"^\d+$", Wider),
            ("(?i)^abc$", "^abc$", Narrower),
            // Anchors keep their meaning inside the search.
            ("^a", "a", Wider),
            ("a$", "^a$", Narrower),
            ("not a regex (", "a", Unknown),
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
                assert_eq!(relation(regex, regex), Same, "{regex}");
                patterns += 1;
            }
        }
        assert!(patterns > 0, "the real specs have patterns");
    }

    #[test]
    fn a_pattern_too_large_to_decide_is_unknown() {
        // Each `\w{40}` repeats the Unicode word class: far past the DFA bound.
        assert_eq!(relation(r"^\w{40}$", r"^\w{41}$"), Unknown);
    }
}
