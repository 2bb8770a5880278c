//! Spec text → `codegen::compile` (and the emitter for what it accepts): never a panic or a hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = tests::fuzz::spec_loader(data);
});
