//! A status byte and a body → `Operation::parse_http_response` of every generated action: never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tests::fuzz::response_parse(data));
