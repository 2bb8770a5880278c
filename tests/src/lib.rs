//! Workspace-level tests live in `tests/tests/`; this library only runs the
//! README's Rust snippets as doctests, so the README cannot drift from the API.
#![doc = include_str!("../../README.md")]
