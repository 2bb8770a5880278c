//! Request bodies → `Operation::decode_request` and, read as a query, `Operation::decode_query`
//! of every generated action: never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tests::fuzz::request_decode(data));
