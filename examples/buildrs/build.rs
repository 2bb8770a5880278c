//! Generates the API of `specs/` into `OUT_DIR/cloud_api.rs`, which `src/lib.rs` includes.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let specs = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("specs");
    // A directory makes cargo rerun when any file below it changes.
    println!("cargo::rerun-if-changed={}", specs.display());
    let out_dir = std::env::var("OUT_DIR")?;
    codegen::Generator::new(specs, out_dir).single_file("cloud_api.rs").generate()?;
    Ok(())
}
