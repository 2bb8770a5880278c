//! The checked-in generated code equals what the generator produces from the specs now.

use std::path::Path;

#[test]
fn generated_code_is_fresh() -> Result<(), codegen::Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let summary = codegen::Generator::new(root.join("specs"), root.join("generated")).check()?;
    assert!(
        summary.changes.is_clean(),
        "generated code is stale; run `{}`. Stale: {:?}, orphans: {:?}",
        codegen::files::REGENERATE,
        summary.changes.written,
        summary.changes.removed
    );
    Ok(())
}

#[test]
fn generation_is_deterministic() -> Result<(), codegen::Error> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let render = || -> Result<Vec<String>, codegen::Error> {
        let model = codegen::compile_dir(&specs)?;
        Ok(codegen::emit::emit(&model).files.iter().map(codegen::files::render).collect())
    };
    assert_eq!(render()?, render()?);
    Ok(())
}

#[test]
fn the_schema_file_is_fresh() -> Result<(), std::io::Error> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/spec.schema.json");
    let on_disk = std::fs::read_to_string(&path)?;
    assert!(
        on_disk == codegen::schema::json_schema(),
        "{} is stale; run `cargo run -p codegen -- schema > specs/spec.schema.json`",
        path.display()
    );
    Ok(())
}
