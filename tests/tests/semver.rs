//! Evidence that the diff's Rust semver claims are real.
//!
//! For each case the real `specs/` are the base and a small edit makes the head.
//! Both are generated into crates (the checked-in runtime and manifest plus the
//! generated modules), and one consumer crate, written once against the BASE
//! API the way a user writes it (builders `new`/`with_*`, reading response
//! fields, matching error variants with a wildcard arm since the enums are
//! `#[non_exhaustive]`), is `cargo check`ed against each. It must compile
//! against the base; against the head it must compile when the change is minor
//! or patch and must fail, for the expected reason, when it is major. The diff's
//! claim (`summary.rust`) must be the effect shown.
//!
//! Everything lives under `target/semver-evidence/` (one folder per case, reused
//! between runs so unchanged crates are not rebuilt) with one shared
//! `CARGO_TARGET_DIR`, so serde, serde_json and regex compile once. The consumer
//! crates copy the workspace's `Cargo.lock`: same dependency versions, no network.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use codegen::diff::Rust;

type TestResult = Result<(), Box<dyn Error>>;
type Specs = BTreeMap<String, String>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

fn evidence_dir() -> PathBuf {
    workspace().join("target/semver-evidence")
}

/// The consumer's code, written against the base crate.
const CONSUMER: &str = r#"//! Code written against the BASE generated crate.

use cloud_api_types::tencentcloud::cam::v20190116::{
    UpdateUser, UpdateUserError, UpdateUserRequest, UpdateUserResponse,
};
use cloud_api_types::tencentcloud::ciam::v20220331 as ciam;
use cloud_api_types::{ApiError, Operation, Validate};

pub fn request() -> UpdateUserRequest {
    UpdateUserRequest::new("alice")
        .with_remark("written against the base crate")
        .with_console_login(1)
        .with_email("alice@example.com")
}

pub fn is_valid() -> bool {
    request().validate().is_ok()
}

pub fn request_id(response: &UpdateUserResponse) -> &str {
    let id: &String = &response.request_id;
    id
}

pub fn describe(error: &UpdateUserError) -> &'static str {
    match error {
        UpdateUserError::ResourceNotFoundUserNotExist => "no such user",
        UpdateUserError::InvalidParameterPasswordViolatedRules => "weak password",
        _ => "another error",
    }
}

pub fn outcome(body: &str) -> String {
    match UpdateUser::parse_response(body) {
        Ok(response) => request_id(&response).to_owned(),
        Err(ApiError::Service { error, .. }) => describe(&error).to_owned(),
        Err(other) => other.to_string(),
    }
}

pub fn ciam_user_present(response: &ciam::UpdateUserResponse) -> bool {
    let user: &Option<_> = &response.user;
    user.is_some()
}
"#;

/// The features the consumer needs (only these services are compiled).
const FEATURES: &str = r#"["tencentcloud-cam", "tencentcloud-ciam"]"#;

fn replace_once(specs: &mut Specs, file: &str, from: &str, to: &str) -> Result<(), String> {
    let text = specs.get_mut(file).ok_or_else(|| format!("no {file}"))?;
    match text.matches(from).count() {
        1 => {
            *text = text.replacen(from, to, 1);
            Ok(())
        }
        n => Err(format!("{from:?} occurs {n} times in {file}")),
    }
}

fn real_specs() -> Result<Specs, Box<dyn Error>> {
    Ok(codegen::load::read_dir(&tests::specs_dir())?)
}

/// `[workspace.package]` and `[workspace.dependencies]` of the workspace manifest,
/// key → TOML value text.
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
/// workspace's value, no `[lints]` (inherited) and a `[workspace]` of its own.
fn standalone_manifest() -> Result<String, Box<dyn Error>> {
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
            let from = if section == "package" {
                "workspace.package"
            } else {
                "workspace.dependencies"
            };
            let value = values
                .get(&(from.to_owned(), key.to_owned()))
                .ok_or_else(|| format!("no `{key}` in [{from}] of the workspace"))?;
            out.push_str(&format!("{key} = {value}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !out.contains("# @generated features begin") {
        return Err("generated/Cargo.toml lost its feature markers".into());
    }
    out.push_str("\n[workspace]\n");
    Ok(out)
}

fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            write_if_changed(&target, &std::fs::read_to_string(entry.path())?)?;
        }
    }
    Ok(())
}

/// Generates the crate for `specs` into `dir/crate` (specs written to `dir/specs`).
/// Unchanged files keep their timestamps, so cargo does not rebuild them.
fn generate(specs: &Specs, dir: &Path) -> Result<PathBuf, Box<dyn Error>> {
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
    let generated = workspace().join("generated");
    write_if_changed(&crate_dir.join("Cargo.toml"), &standalone_manifest()?)?;
    write_if_changed(
        &crate_dir.join("src/lib.rs"),
        &std::fs::read_to_string(generated.join("src/lib.rs"))?,
    )?;
    copy_tree(
        &generated.join("src/runtime"),
        &crate_dir.join("src/runtime"),
    )?;
    codegen::Generator::new(&specs_dir, &crate_dir).generate()?;
    Ok(crate_dir)
}

/// A consumer crate of `crate_dir` in `dir`, with the workspace's lockfile.
fn consumer(crate_dir: &Path, dir: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let manifest = format!(
        "[package]\nname = \"semver-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ncloud-api-types = {{ path = {path:?}, default-features = false, features = {FEATURES} }}\n\n\
         [workspace]\n",
        path = crate_dir.display().to_string()
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(&dir.join("src/lib.rs"), CONSUMER)?;
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"))?;
    }
    Ok(dir.to_path_buf())
}

struct Check {
    ok: bool,
    stderr: String,
}

/// `cargo check --offline` of the consumer in `dir`; online only if offline
/// could not get the dependencies.
fn cargo_check(dir: &Path) -> Result<Check, Box<dyn Error>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = |offline: bool| -> std::io::Result<Check> {
        let mut command = Command::new(&cargo);
        command
            .arg("check")
            .arg("--quiet")
            .arg("--message-format=short")
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", evidence_dir().join("target"))
            .env_remove("CARGO_BUILD_TARGET_DIR");
        if offline {
            command.arg("--offline");
        }
        let output = command.output()?;
        Ok(Check {
            ok: output.status.success(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    };
    let offline = run(true)?;
    let unavailable = [
        "--offline",
        "offline mode",
        "failed to download",
        "no matching package",
    ];
    if !offline.ok && unavailable.iter().any(|m| offline.stderr.contains(m)) {
        return Ok(run(false)?);
    }
    Ok(offline)
}

/// The base crate and the consumer's check against it, once per run.
fn base_crate() -> Result<PathBuf, String> {
    static BASE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BASE.get_or_init(|| {
        let started = Instant::now();
        let dir = evidence_dir().join("base");
        let crate_dir = generate(&real_specs().map_err(|e| e.to_string())?, &dir)
            .map_err(|e| format!("generating the base crate: {e}"))?;
        let consumer_dir =
            consumer(&crate_dir, &dir.join("consumer")).map_err(|e| e.to_string())?;
        let check = cargo_check(&consumer_dir).map_err(|e| e.to_string())?;
        if !check.ok {
            return Err(format!(
                "the consumer does not compile against the BASE crate:\n{}",
                check.stderr
            ));
        }
        eprintln!("base crate + consumer checked in {:.1?}", started.elapsed());
        Ok(crate_dir)
    })
    .clone()
}

type Edit = fn(&mut Specs) -> Result<(), String>;

/// Generates the head of `edit`, checks the consumer against it, and compares
/// with the effect the change really has: `expected`, and for a major change,
/// `needle` in the compiler's complaint.
fn evidence(case: &str, edit: Edit, expected: Rust, needle: &str) -> TestResult {
    base_crate()?;
    let started = Instant::now();
    let base = real_specs()?;
    let mut head = base.clone();
    edit(&mut head)?;
    let dir = evidence_dir().join(case);
    let crate_dir = generate(&head, &dir)?;
    let check = cargo_check(&consumer(&crate_dir, &dir.join("consumer"))?)?;
    eprintln!("{case}: head checked in {:.1?}", started.elapsed());

    let compile = |specs: &Specs| {
        codegen::compile(specs).map_err(|problems| codegen::diagnostic::render(&problems))
    };
    let report = codegen::diff::diff(&compile(&base)?, &compile(&head)?);

    if expected == Rust::Major {
        assert!(
            !check.ok,
            "{case}: code written against the base still compiles against the head, so the change is not major"
        );
        assert!(
            check.stderr.contains(needle),
            "{case}: the consumer fails for another reason than expected ({needle}):\n{}",
            check.stderr
        );
    } else {
        assert!(
            check.ok,
            "{case}: code written against the base no longer compiles against the head:\n{}",
            check.stderr
        );
    }
    assert_eq!(
        report.summary.rust,
        Some(expected),
        "{case}: the diff claims {:?}, but code written against the base {} against the head. Changes: {:#?}",
        report.summary.rust,
        if check.ok { "compiles" } else { "fails" },
        report
            .changes
            .iter()
            .map(|c| format!(
                "{} {} {}: {}, {}",
                c.kind.id(),
                c.action.as_deref().unwrap_or("-"),
                c.location,
                c.wire,
                c.rust
            ))
            .collect::<Vec<_>>()
    );
    Ok(())
}

const CAM: &str = "tencentcloud/cam.yaml";

#[test]
fn new_optional_request_field_is_minor() -> TestResult {
    evidence(
        "new-optional-request-field",
        |specs| {
            replace_once(
                specs,
                CAM,
                "        description: Email\n    response:\n",
                "        description: Email\n      - name: Nickname\n        type: string\n        description: Sub-user nickname\n    response:\n",
            )
        },
        Rust::Minor,
        "",
    )
}

#[test]
fn new_error_code_is_minor() -> TestResult {
    evidence(
        "new-error-code",
        |specs| {
            replace_once(
                specs,
                CAM,
                "        description: Invalid username.\n",
                "        description: Invalid username.\n      - code: InvalidParameter.NicknameIllegal\n        description: Invalid nickname.\n",
            )
        },
        Rust::Minor,
        "",
    )
}

#[test]
fn new_required_response_field_is_minor() -> TestResult {
    evidence(
        "new-required-response-field",
        |specs| {
            replace_once(
                specs,
                CAM,
                "    response:\n      - name: RequestId\n",
                "    response:\n      - name: Uin\n        type: integer\n        required: true\n        description: Sub-user UIN\n      - name: RequestId\n",
            )?;
            // The doc example's response must carry it too (an example change: patch).
            replace_once(
                specs,
                CAM,
                "\"RequestId\": \"b46d2afe-6893-4529-bc96-2c82d9214957\"",
                "\"Uin\": 100001,\n                  \"RequestId\": \"b46d2afe-6893-4529-bc96-2c82d9214957\"",
            )
        },
        Rust::Minor,
        "",
    )
}

#[test]
fn new_required_request_field_is_major() -> TestResult {
    evidence(
        "new-required-request-field",
        |specs| {
            replace_once(
                specs,
                CAM,
                "        description: Email\n    response:\n",
                "        description: Email\n      - name: Nickname\n        type: string\n        required: true\n        description: Sub-user nickname\n    response:\n",
            )?;
            // The doc example's request must carry it too.
            replace_once(
                specs,
                CAM,
                "\"Name\": \"test124\",",
                "\"Name\": \"test124\",\n              \"Nickname\": \"t\",",
            )
        },
        Rust::Major,
        // `UpdateUserRequest::new` takes 2 arguments but 1 argument was supplied.
        "E0061",
    )
}

#[test]
fn response_field_becoming_optional_is_major() -> TestResult {
    evidence(
        "response-field-becomes-optional",
        |specs| {
            replace_once(
                specs,
                CAM,
                "    response:\n      - name: RequestId\n        type: string\n        required: true\n",
                "    response:\n      - name: RequestId\n        type: string\n",
            )
        },
        Rust::Major,
        // `&String` expected, `&Option<String>` found.
        "E0308",
    )
}

#[test]
fn error_code_removed_is_major() -> TestResult {
    evidence(
        "error-code-removed",
        |specs| {
            replace_once(
                specs,
                CAM,
                "      - code: ResourceNotFound.UserNotExist\n        description: User does not exist.\n",
                "",
            )
        },
        Rust::Major,
        "ResourceNotFoundUserNotExist",
    )
}

/// CIAM's `User` is `required: true, nullable: true`, so it is `Option<Value>`
/// in Rust; made optional it stays `Option<Value>`. The Rust API does not
/// change (patch), whatever it means on the wire. The diff claims major today
/// (see the report); this case shows the consumer still compiles.
#[test]
fn nullable_response_field_becoming_optional_is_patch() -> TestResult {
    evidence(
        "nullable-response-field-becomes-optional",
        |specs| {
            replace_once(
                specs,
                "tencentcloud/ciam.yaml",
                "      - name: User\n        type: json\n        required: true\n        nullable: true\n",
                "      - name: User\n        type: json\n        nullable: true\n",
            )
        },
        Rust::Patch,
        "",
    )
}
