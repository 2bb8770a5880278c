//! Standalone copies of the generated crate, built from any spec set, and cargo runs over them.
//!
//! A scratch crate is generated/Cargo.toml made standalone (the runtime crate
//! stays the workspace's), the hand-written generated/src/lib.rs, and the API generated from a specs folder.
//! Files are written only when their bytes change, so a folder reused between
//! runs is not rebuilt. Crates that share one `CARGO_TARGET_DIR` and copy the
//! workspace's `Cargo.lock` compile their dependencies once, at the workspace's
//! versions, without the network.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A spec set in memory: path below the specs folder → YAML text.
pub type Specs = BTreeMap<String, String>;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// The `[lints]` of a scratch crate's manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lints {
    /// None: rustc's and clippy's defaults.
    Default,
    /// The workspace's `[workspace.lints.*]`, the lints generated/ itself is held to.
    Workspace,
}

/// `[workspace.*]` tables of the workspace manifest, (table, key) → TOML value text.
fn workspace_values() -> Result<BTreeMap<(String, String), String>, Box<dyn Error>> {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml"))?;
    let mut values = BTreeMap::new();
    let mut section = String::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).to_owned();
        } else if let Some((key, value)) = line.split_once(" = ") {
            values.insert((section.clone(), key.to_owned()), value.to_owned());
        }
    }
    Ok(values)
}

/// generated/Cargo.toml with every `x.workspace = true` replaced by the
/// workspace's value, `[lints]` per `lints` and a `[workspace]` of its own.
pub fn standalone_manifest(lints: Lints) -> Result<String, Box<dyn Error>> {
    let values = workspace_values()?;
    let manifest = std::fs::read_to_string(workspace().join("generated/Cargo.toml"))?;
    let mut out = String::new();
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).to_owned();
            if section == "lints" {
                continue;
            }
        }
        if section == "lints" && line.trim() == "workspace = true" {
            continue;
        }
        if let Some(key) = line.strip_suffix(".workspace = true") {
            let from =
                if section == "package" { "workspace.package" } else { "workspace.dependencies" };
            let value = values
                .get(&(from.to_owned(), key.to_owned()))
                .ok_or_else(|| format!("no `{key}` in [{from}] of the workspace"))?;
            // Workspace paths are relative to the workspace root; the scratch crate is elsewhere.
            let root = workspace().display().to_string();
            let value = value.replace("path = \"", &format!("path = \"{root}/"));
            out.push_str(&format!("{key} = {value}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !out.contains("# @generated features begin") {
        return Err("generated/Cargo.toml lost its feature markers".into());
    }
    if lints == Lints::Workspace {
        let mut table = "";
        for ((section, key), value) in &values {
            let Some(tool) = section.strip_prefix("workspace.lints.") else {
                continue;
            };
            if tool != table {
                out.push_str(&format!("\n[lints.{tool}]\n"));
                table = tool;
            }
            out.push_str(&format!("{key} = {value}\n"));
        }
        if table.is_empty() {
            return Err("the workspace manifest has no [workspace.lints.*]".into());
        }
    }
    out.push_str("\n[workspace]\n");
    Ok(out)
}

/// Writes `contents` to `path` (creating its folder) unless the file already
/// holds exactly that, so its timestamp, and cargo's fingerprint, stay.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)
}

/// Copies the workspace's `Cargo.lock` into `dir` unless it has one, so cargo
/// there resolves the workspace's dependency versions (and needs no network).
pub fn copy_lockfile(dir: &Path) -> std::io::Result<()> {
    if !dir.join("Cargo.lock").exists() {
        std::fs::create_dir_all(dir)?;
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"))?;
    }
    Ok(())
}

/// Makes `crate_dir` the generated crate of the specs in `specs_dir`: the
/// standalone manifest (with `lints`, depending on the workspace's runtime crate), the
/// hand-written lib.rs, and
/// the generated API and features. Unchanged files keep their timestamps.
pub fn generate_crate(
    specs_dir: &Path,
    crate_dir: &Path,
    lints: Lints,
) -> Result<(), Box<dyn Error>> {
    let generated = workspace().join("generated");
    write_if_changed(&crate_dir.join("Cargo.toml"), &standalone_manifest(lints)?)?;
    write_if_changed(
        &crate_dir.join("src/lib.rs"),
        &std::fs::read_to_string(generated.join("src/lib.rs"))?,
    )?;
    codegen::Generator::new(specs_dir, crate_dir).generate()?;
    Ok(())
}

/// Generates the crate for `specs` into `dir/crate` (specs written to
/// `dir/specs`), without lints; returns the crate's folder.
pub fn generate(specs: &Specs, dir: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let specs_dir = dir.join("specs");
    if specs_dir.exists() {
        std::fs::remove_dir_all(&specs_dir)?;
    }
    for (path, text) in specs {
        let file = specs_dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(file, text)?;
    }
    let crate_dir = dir.join("crate");
    generate_crate(&specs_dir, &crate_dir, Lints::Default)?;
    Ok(crate_dir)
}

/// How a cargo command went.
#[derive(Debug, Clone)]
pub struct CargoRun {
    /// It exited successfully.
    pub ok: bool,
    /// What it printed on stderr (diagnostics, with `--message-format=short`).
    pub stderr: String,
    /// What it printed on stdout (test results and failures, for `cargo test`).
    pub stdout: String,
}

/// Runs `cargo <args> --offline` in `dir` with `target_dir` as
/// `CARGO_TARGET_DIR`; again online only if offline could not get the
/// dependencies. `args` may end with `-- <flags for rustc or clippy>`
/// (`--offline` goes before them).
pub fn cargo(dir: &Path, target_dir: &Path, args: &[&str]) -> std::io::Result<CargoRun> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let (own, passed_on) =
        args.split_at(args.iter().position(|a| *a == "--").unwrap_or(args.len()));
    let run = |offline: bool| -> std::io::Result<CargoRun> {
        let mut command = Command::new(&program);
        command.args(own);
        if offline {
            command.arg("--offline");
        }
        command
            .args(passed_on)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target_dir)
            .env_remove("CARGO_BUILD_TARGET_DIR");
        let output = command.output()?;
        Ok(CargoRun {
            ok: output.status.success(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        })
    };
    let offline = run(true)?;
    let unavailable = ["--offline", "offline mode", "failed to download", "no matching package"];
    if !offline.ok && unavailable.iter().any(|m| offline.stderr.contains(m)) {
        return run(false);
    }
    Ok(offline)
}
