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

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use codegen::diff::Rust;
use tests::scratch::{self, CargoRun, Specs, generate, workspace, write_if_changed};

type TestResult = Result<(), Box<dyn Error>>;

fn evidence_dir() -> PathBuf {
    workspace().join("target/semver-evidence")
}

/// The consumer's code, written against the base crate.
const CONSUMER: &str = r#"//! Code written against the BASE generated crate.

use cloud_api_types::tencentcloud::cam::v20190116::{
    UpdateUser, UpdateUserError, UpdateUserRequest, UpdateUserResponse,
};
use cloud_api_types::alibabacloud::eiam::v20211201 as eiam;
use cloud_api_types::tencentcloud::ciam::v20220331 as ciam;
use cloud_api_types::tencentcloud::organization::v20210331 as organization;
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

pub fn ciam_attribute() -> ciam::MemberMap {
    ciam::MemberMap::new().with_name("department")
}

pub fn ciam_user_id(response: &ciam::UpdateUserResponse) -> Option<&str> {
    response.user.as_ref()?.get("UserId")?.as_str()
}

pub fn eiam_request() -> eiam::UpdateUserRequest {
    eiam::UpdateUserRequest::new("idaas_1", "user_1").with_username("alice")
}

pub fn eiam_custom_field() -> eiam::CustomField {
    eiam::CustomField::default()
}

pub fn eiam_request_id(response: &eiam::UpdateUserResponse) -> Option<&str> {
    response.request_id.as_deref()
}

pub fn organization_user_name(user: &organization::UserInfo) -> Option<&str> {
    user.user_name.as_deref()
}

pub fn organization_updated_name(response: &organization::UpdateUserResponse) -> Option<&str> {
    organization_user_name(response.user_info.as_ref()?)
}
"#;

/// The features the consumer needs (only these services are compiled).
const FEATURES: &str = r#"["tencentcloud-cam", "tencentcloud-ciam", "tencentcloud-organization", "alibabacloud-eiam"]"#;

fn real_specs() -> Result<Specs, Box<dyn Error>> {
    Ok(codegen::load::read_dir(&tests::specs_dir())?)
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
    scratch::copy_lockfile(dir)?;
    Ok(dir.to_path_buf())
}

/// `cargo check --offline` of the consumer in `dir`; online only if offline
/// could not get the dependencies.
fn cargo_check(dir: &Path) -> std::io::Result<CargoRun> {
    scratch::cargo(
        dir,
        &evidence_dir().join("target"),
        &["check", "--quiet", "--message-format=short"],
    )
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
    evidence_of(case, edit, expected, needle).map(|_| ())
}

/// `evidence`, and the diff's report, to check which kind of change it names.
fn evidence_of(
    case: &str,
    edit: Edit,
    expected: Rust,
    needle: &str,
) -> Result<codegen::diff::Report, Box<dyn Error>> {
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
    Ok(report)
}

/// The report names a change of `kind` with the Rust effect `rust`.
fn names(report: &codegen::diff::Report, kind: &str, rust: Rust) -> TestResult {
    let found = report.changes.iter().any(|c| c.kind.id() == kind && c.rust == rust);
    let kinds: Vec<String> =
        report.changes.iter().map(|c| format!("{} {}", c.kind.id(), c.rust)).collect();
    assert!(found, "no {kind} change with a {rust} Rust effect among {kinds:?}");
    Ok(())
}

const CAM: &str = "tencentcloud/cam.yaml";

#[test]
fn new_optional_request_field_is_minor() -> TestResult {
    evidence(
        "new-optional-request-field",
        |specs| {
            tests::replace_once(
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
            tests::replace_once(
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
            tests::replace_once(
                specs,
                CAM,
                "    response:\n      - name: RequestId\n",
                "    response:\n      - name: Uin\n        type: integer\n        required: true\n        description: Sub-user UIN\n      - name: RequestId\n",
            )?;
            // The doc example's response must carry it too (an example change: patch).
            tests::replace_once(
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
            tests::replace_once(
                specs,
                CAM,
                "        description: Email\n    response:\n",
                "        description: Email\n      - name: Nickname\n        type: string\n        required: true\n        description: Sub-user nickname\n    response:\n",
            )?;
            // The doc example's request must carry it too.
            tests::replace_once(
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
            tests::replace_once(
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
            tests::replace_once(
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
/// change (patch), whatever it means on the wire; this case shows the consumer
/// still compiles.
#[test]
fn nullable_response_field_becoming_optional_is_patch() -> TestResult {
    evidence(
        "nullable-response-field-becomes-optional",
        |specs| {
            tests::replace_once(
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

/// `Remark` → `REMARK` on the wire: the Rust field is `remark` either way, so
/// the diff says `wire-name-changed` (breaking on the wire, patch in Rust) and
/// `with_remark` still compiles.
#[test]
fn wire_name_recased_is_patch() -> TestResult {
    evidence(
        "wire-name-recased",
        |specs| {
            tests::replace_once(
                specs,
                CAM,
                "      - name: Remark\n        type: string\n",
                "      - name: REMARK\n        type: string\n",
            )?;
            tests::replace_once(specs, CAM, "\"Remark\": \"test\",", "\"REMARK\": \"test\",")
        },
        Rust::Patch,
        "",
    )
}

/// EIAM's `Username` → `UserName` on the wire changes its Rust name too
/// (`username` → `user_name`): the diff pairs the two by wire name in any case
/// (`wire-name-changed`, major, listing the rename) and `with_username` no
/// longer compiles.
#[test]
fn wire_name_recased_with_its_rust_name_is_major() -> TestResult {
    let report = evidence_of(
        "wire-name-recased-rust-renamed",
        |specs| {
            let eiam = "alibabacloud/eiam.yaml";
            tests::replace_once(specs, eiam, "      - name: Username\n", "      - name: UserName\n")
        },
        Rust::Major,
        "with_username",
    )?;
    names(&report, "wire-name-changed", Rust::Major)
}

/// EIAM's `CustomField`, whose fields are all optional, derives `Default`; its
/// `FieldName` made required ends it (the diff lists `CustomField: Default`
/// removed), and the consumer's `CustomField::default()` no longer compiles.
#[test]
fn field_ending_a_default_becoming_required_is_major() -> TestResult {
    let report = evidence_of(
        "default-removed",
        |specs| {
            tests::replace_once(
                specs,
                "alibabacloud/eiam.yaml",
                "        example: nick_name\n",
                "        example: nick_name\n        required: true\n",
            )
        },
        Rust::Major,
        "no function or associated item named `default`",
    )?;
    let removed = report.changes.iter().any(|c| {
        c.kind.id() == "field-now-required"
            && c.rust_items.iter().any(|i| i == "`CustomField: Default` removed")
    });
    assert!(removed, "{:#?}", report.changes);
    Ok(())
}

/// `ResourceNotFound.UserNotExist` → `ResourceNotFound.User.NotExist`: the same
/// Rust variant, so the diff says `error-code-renamed` with a patch effect and
/// matching on the variant still compiles.
#[test]
fn error_code_renamed_to_the_same_variant_is_patch() -> TestResult {
    evidence(
        "error-code-renamed-same-variant",
        |specs| {
            tests::replace_once(
                specs,
                CAM,
                "      - code: ResourceNotFound.UserNotExist\n",
                "      - code: ResourceNotFound.User.NotExist\n",
            )
        },
        Rust::Patch,
        "",
    )
}

/// The same code renamed to another variant (paired by its description):
/// `error-code-renamed`, major, and the consumer's match arm no longer compiles.
#[test]
fn error_code_renamed_to_another_variant_is_major() -> TestResult {
    evidence(
        "error-code-renamed-other-variant",
        |specs| {
            tests::replace_once(
                specs,
                CAM,
                "      - code: ResourceNotFound.UserNotExist\n",
                "      - code: ResourceNotFound.NoSuchUser\n",
            )
        },
        Rust::Major,
        "ResourceNotFoundUserNotExist",
    )
}

/// CIAM's `MemberMap` renamed `AttributeMap`, its fields unchanged: the diff
/// pairs the two (`type-renamed`, wire-identical, major) and code naming the
/// old type no longer compiles.
#[test]
fn type_renamed_is_major() -> TestResult {
    let report = evidence_of(
        "type-renamed",
        |specs| {
            let ciam = "tencentcloud/ciam.yaml";
            tests::replace_once(specs, ciam, "  - name: MemberMap\n", "  - name: AttributeMap\n")?;
            tests::replace_once(specs, ciam, "type: array<MemberMap>", "type: array<AttributeMap>")
        },
        Rust::Major,
        "MemberMap",
    )?;
    names(&report, "type-renamed", Rust::Major)
}

/// CIAM's response field `User` (`json`) gets a concrete type
/// (`field-type-refined`, may-break for readers: answers that do not fit it no
/// longer parse), and `Option<serde_json::Value>` becomes `Option<UserInfo>`,
/// so code reading it as JSON no longer compiles (major).
#[test]
fn response_field_refined_from_json_is_major() -> TestResult {
    let report = evidence_of(
        "response-field-refined",
        |specs| {
            let ciam = "tencentcloud/ciam.yaml";
            tests::replace_once(
                specs,
                ciam,
                "\nactions:\n",
                "\n  - name: UserInfo\n    description: A user.\n    fields:\n      - name: UserId\n        type: string\n        description: User ID.\nactions:\n",
            )?;
            tests::replace_once(
                specs,
                ciam,
                "      - name: User\n        type: json\n",
                "      - name: User\n        type: UserInfo\n",
            )
        },
        Rust::Major,
        // No method `get` on `UserInfo`.
        "E0599",
    )?;
    names(&report, "field-type-refined", Rust::Major)
}

/// EIAM's optional response field `RequestId` may now be null: it was an
/// `Option<String>` and stays one, so the diff lowers `field-now-nullable` to a
/// patch and code reading it still compiles.
#[test]
fn optional_response_field_becoming_nullable_is_patch() -> TestResult {
    let report = evidence_of(
        "optional-response-field-becomes-nullable",
        |specs| {
            tests::replace_once(
                specs,
                "alibabacloud/eiam.yaml",
                "      - name: RequestId\n        type: string\n        description: The request ID.\n",
                "      - name: RequestId\n        type: string\n        nullable: true\n        description: The request ID.\n",
            )
        },
        Rust::Patch,
        "",
    )?;
    names(&report, "field-now-nullable", Rust::Patch)
}

/// Organization's `UserInfo`, response-only in the base (read, never built),
/// becomes the type of a new optional request field: `type-now-in-requests`
/// gives it `new`, `with_*` and `Default` (additions, minor) and code reading
/// it still compiles.
#[test]
fn response_type_now_in_requests_is_minor() -> TestResult {
    let report = evidence_of(
        "response-type-now-in-requests",
        |specs| {
            tests::replace_once(
                specs,
                "tencentcloud/organization.yaml",
                "        description: Whether password reset is required.\n    response:\n",
                "        description: Whether password reset is required.\n      - name: Profile\n        type: UserInfo\n        description: The user's new profile.\n    response:\n",
            )
        },
        Rust::Minor,
        "",
    )?;
    names(&report, "type-now-in-requests", Rust::Minor)
}

/// CAM's action `UpdateUser` → `updateUser` on the wire: the Rust names
/// (`UpdateUser`, `UpdateUserRequest`, …) stay, so the diff says
/// `action-renamed` with a patch effect (breaking on the wire) and the
/// consumer's use of the operation still compiles.
#[test]
fn action_recased_to_the_same_rust_name_is_patch() -> TestResult {
    let report = evidence_of(
        "action-recased",
        |specs| tests::replace_once(specs, CAM, "  - name: UpdateUser\n", "  - name: updateUser\n"),
        Rust::Patch,
        "",
    )?;
    names(&report, "action-renamed", Rust::Patch)
}

/// CIAM's request field `CustomizationAttributes`, the only use of `MemberMap`,
/// is removed: `MemberMap` is no longer in requests (`type-no-longer-in-requests`,
/// major), so `MemberMap::new` is gone. The consumer builds `MemberMap` in a
/// function of its own and never sets the removed field, so its failure is
/// the type's constructor.
#[test]
fn type_no_longer_in_requests_is_major() -> TestResult {
    let report = evidence_of(
        "type-no-longer-in-requests",
        |specs| {
            let ciam = "tencentcloud/ciam.yaml";
            tests::replace_once(
                specs,
                ciam,
                concat!(
                    "      - name: CustomizationAttributes\n",
                    "        type: array<MemberMap>\n",
                    "        description: Custom attribute\n",
                    "        notes:\n",
                    "          - issue: >-\n",
                    "              The input table names the parameter \"CustomizationAttributes.N\" (Array of\n",
                    "              MemberMap); the input example sends a JSON array of objects named\n",
                    "              \"CustomizationAttributes\".\n",
                    "            decision: >-\n",
                    "              Wire name CustomizationAttributes, sent as a JSON array of MemberMap, as in the\n",
                    "              example.\n",
                ),
                "",
            )?;
            // The doc example's request must not send it either.
            tests::replace_once(
                specs,
                ciam,
                ",\n              \"CustomizationAttributes\": [\n                  {\n                      \"Name\": \"xx\",\n                      \"Value\": \"xx\",\n                      \"Type\": \"xx\"\n                  }\n              ]\n",
                "\n",
            )
        },
        Rust::Major,
        "no function or associated item named `new` found for struct `MemberMap`",
    )?;
    names(&report, "type-no-longer-in-requests", Rust::Major)
}
