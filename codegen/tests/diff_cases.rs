//! Table-driven tests of the semantic spec diff: one or more cases per change
//! kind, each a small in-memory spec set, an edit, and the classification the
//! diff must give (kind id, where, effect on the wire, effect on the Rust API).
//!
//! Every case starts from the same base (`acme/provider.yaml` + `acme/store.yaml`
//! below), optionally adjusted by `given` edits applied to both sides, then the
//! `edit` edits produce the head. Edits are text replacements: YAML key order
//! does not matter, so a key is often added by appending it after a field's
//! unique `description:` line.
//!
//! Where a case is written as `place`: `<Action>.<location>` for changes inside
//! an action, the bare location for service-level changes (`types.Owner.Team`,
//! `endpoints`), and the service label (`acme/vault 2024-06-01`) when the change
//! is the service itself.

use std::collections::{BTreeMap, BTreeSet};

use codegen::diff::change::Direction;
use codegen::diff::render::{Format, render};
use codegen::diff::{Change, FailOn, Kind, Report, Rust, SpecSide, Wire};
use codegen::model::Model;

type Specs = BTreeMap<String, String>;

const PROVIDER: &str = r#"provider: acme
title: Acme Cloud
protocol: tencent-api3
envelope:
  wrapper: Response
  error_object: Error
  code: Code
  message: Message
  request_id: RequestId
violation_codes:
  missing: MissingParameter
  invalid: InvalidParameter
common_errors:
  - code: MissingParameter
    description: A parameter is missing.
  - code: InvalidParameter
    description: A parameter is invalid.
"#;

/// The base service. `Owner` travels both ways (request and response), `Tag`
/// only in requests, `Receipt` only in responses.
const BOX: &str = r#"service: store
title: Box Storage
version: "2024-01-01"
endpoints:
  - box.example.com
source:
  document: box.txt
types:
  - name: Tag
    description: A label on a box.
    fields:
      - name: Key
        type: string
        required: true
        description: Tag key.
      - name: Value
        type: string
        description: Tag value.
  - name: Owner
    description: Who owns a box.
    fields:
      - name: OwnerId
        type: string
        required: true
        description: Owner ID.
        rules:
          - length: { max: 64 }
      - name: Team
        type: string
        description: Owner's team.
  - name: Receipt
    description: Proof of storage.
    fields:
      - name: Serial
        type: string
        required: true
        description: Receipt serial.
actions:
  - name: GetBox
    description: Reads a box.
    request:
      - name: BoxId
        type: string
        required: true
        description: ID of the box to read.
    response:
      - name: RequestId
        type: string
        required: true
        description: Request ID.
    examples:
      - name: Read a box
        request: '{"BoxId": "b-1"}'
        response: '{"Response": {"RequestId": "r-1"}}'
  - name: PutBox
    description: Stores a box.
    rate_limit_per_second: 20
    region:
      required: false
      supported: [ap-east, ap-west]
      description: Where the box is stored.
    request:
      - name: Name
        type: string
        required: true
        description: Box name.
        rules:
          - length: { min: 1, max: 128 }
          - pattern: '^[a-z0-9-]+$'
            explain: lowercase letters, digits and hyphens
      - name: Size
        type: integer
        description: Size in GB.
        rules:
          - range: { min: 1, max: 100 }
      - name: Tier
        type: string
        description: Storage tier.
        rules:
          - one_of: ["hot", "cold"]
      - name: Color
        type: string
        description: Box color.
        known_values: [red, blue]
      - name: Secret
        type: string
        sensitive: true
        description: Box secret.
      - name: Comment
        type: string
        description: Free text.
      - name: Tags
        type: array<Tag>
        description: Box tags.
        rules:
          - items: { max: 10 }
      - name: Owner
        type: Owner
        description: Owner of the new box.
      - name: Email
        type: string
        description: Contact email.
      - name: EmailVerified
        type: boolean
        description: Whether Email is verified.
    response:
      - name: BoxId
        type: string
        required: true
        description: ID of the stored box.
      - name: Owner
        type: Owner
        required: true
        description: Owner of the stored box.
      - name: Receipt
        type: Receipt
        description: Storage receipt.
      - name: Status
        type: string
        required: true
        description: Box status.
        known_values: [ready]
      - name: Note
        type: string
        description: Service note.
      - name: Label
        type: string
        required: true
        nullable: true
        description: Box label.
      - name: RequestId
        type: string
        required: true
        description: Request ID.
    errors:
      - code: BoxExists
        description: The box already exists.
        http_status: 409
      - code: Throttled
        description: Too many requests.
"#;

/// A second, small service of the same provider.
const VAULT: &str = r#"service: vault
title: Vault
version: "2024-06-01"
source:
  document: vault.txt
actions:
  - name: Seal
    description: Seals the vault.
    request: []
    response:
      - name: RequestId
        type: string
        required: true
        description: Request ID.
"#;

/// A second API version of `store`, living beside `store.yaml`.
const BOX_2025: &str = r#"service: store
title: Box Storage
version: "2025-01-01"
source:
  document: box-2025.txt
actions:
  - name: GetBox
    description: Reads a box.
    request: []
    response:
      - name: RequestId
        type: string
        required: true
        description: Request ID.
"#;

/// One text edit of a spec set. File names without a `/` are `acme/<name>.yaml`.
#[derive(Debug, Clone, Copy)]
enum Edit {
    /// Replaces the only occurrence of the second text in the file with the third.
    Replace(&'static str, &'static str, &'static str),
    /// Adds (or overwrites) a file.
    Write(&'static str, &'static str),
    /// Removes a file.
    Delete(&'static str),
}
use Edit::{Delete, Replace, Write};

/// (kind id, place, wire, rust).
type Expect = (&'static str, &'static str, Wire, Rust);

struct Case {
    name: &'static str,
    /// Edits applied to both sides.
    given: &'static [Edit],
    /// Edits that make the head.
    edit: &'static [Edit],
    /// Every change the diff must report, in any order.
    expect: &'static [Expect],
}

const fn case(name: &'static str, edit: &'static [Edit], expect: &'static [Expect]) -> Case {
    Case { name, given: &[], edit, expect }
}

impl Case {
    const fn given(self, given: &'static [Edit]) -> Self {
        Self { given, ..self }
    }
}

const B: Wire = Wire::Breaking;
const NB: Wire = Wire::NonBreaking;
const I: Wire = Wire::Info;
const MB: Wire = Wire::MayBreak;
const MAJOR: Rust = Rust::Major;
const MINOR: Rust = Rust::Minor;
const PATCH: Rust = Rust::Patch;

/// Adds an optional request field `Nickname` after `Comment`.
const ADD_NICKNAME: Edit = Replace(
    "store",
    "        description: Free text.\n",
    "        description: Free text.\n      - name: Nickname\n        type: string\n        description: Box nickname.\n",
);
const NAME_REQUIRED: &str = "      - name: Name\n        type: string\n        required: true\n";
const NAME_OPTIONAL: &str = "      - name: Name\n        type: string\n";
const LABEL_REQUIRED: &str =
    "      - name: Label\n        type: string\n        required: true\n        nullable: true\n";
const LABEL_OPTIONAL: &str = "      - name: Label\n        type: string\n        nullable: true\n";
const GET_BOX_EXAMPLE: &str = "    examples:\n      - name: Read a box\n        request: '{\"BoxId\": \"b-1\"}'\n        response: '{\"Response\": {\"RequestId\": \"r-1\"}}'\n";
const ADD_BAD_NAME_ERROR: Edit = Replace(
    "store",
    "    errors:\n",
    "    errors:\n      - code: BadName\n        description: Invalid box name.\n",
);
const EMAIL_VERIFIED_RULE: Edit = Replace(
    "store",
    "        description: Whether Email is verified.\n",
    "        description: Whether Email is verified.\n        rules:\n          - required_if_present: Email\n",
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Services, versions, endpoints.
    case("service added", &[Write("vault", VAULT)],
        &[("service-added", "acme/vault 2024-06-01", NB, MINOR)]),
    case("service removed", &[Delete("vault")],
        &[("service-removed", "acme/vault 2024-06-01", B, MAJOR)]).given(&[Write("vault", VAULT)]),
    // A new version is also compared with the closest older one, so a reviewer
    // sees what it changes; those changes break no existing caller (the older
    // version stays) and are not counted in the summary.
    case("second API version of a service added", &[Write("store-2025-01-01", BOX_2025)],
        &[("service-added", "acme/store 2025-01-01", NB, MINOR),
          ("action-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: PutBox", B, MAJOR),
          ("endpoint-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: endpoints", B, PATCH),
          ("example-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: GetBox.examples.Read a box", I, PATCH),
          ("field-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: GetBox.request.BoxId", B, MAJOR),
          ("source-changed", "acme/store 2025-01-01 against acme/store 2024-01-01: source", I, PATCH),
          ("type-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: types.Owner", I, MAJOR),
          ("type-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: types.Receipt", I, MAJOR),
          ("type-removed", "acme/store 2025-01-01 against acme/store 2024-01-01: types.Tag", I, MAJOR)]),
    case("new API version with one field more than the previous", &[Write("store-2025-01-01", BOX),
            Replace("store-2025-01-01", "version: \"2024-01-01\"", "version: \"2025-01-01\""),
            Replace("store-2025-01-01", "        description: Free text.\n", "        description: Free text.\n      - name: Nickname\n        type: string\n        description: Box nickname.\n")],
        &[("service-added", "acme/store 2025-01-01", NB, MINOR),
          ("field-added", "acme/store 2025-01-01 against acme/store 2024-01-01: PutBox.request.Nickname", NB, MINOR)]),
    // Compared with the closest older version: 2025-06-01 with 2025-01-01, not 2024-01-01.
    case("newest of three API versions changed", &[Write("store-2025-06-01", BOX_2025),
            Replace("store-2025-06-01", "version: \"2025-01-01\"", "version: \"2025-06-01\""),
            Replace("store-2025-06-01", "document: box-2025.txt", "document: box-2025-06.txt")],
        &[("service-added", "acme/store 2025-06-01", NB, MINOR),
          ("source-changed", "acme/store 2025-06-01 against acme/store 2025-01-01: source", I, PATCH)])
        .given(&[Write("store-2025-01-01", BOX_2025)]),
    // An older version than any there is has nothing to be compared with.
    case("older API version of a service added", &[Write("store-2023-01-01", BOX_2025),
            Replace("store-2023-01-01", "version: \"2025-01-01\"", "version: \"2023-01-01\"")],
        &[("service-added", "acme/store 2023-01-01", NB, MINOR)]),
    // Both versions go: two removals.
    case("service with two versions removed", &[Delete("store"), Delete("store-2025-01-01")],
        &[("service-removed", "acme/store 2024-01-01", B, MAJOR),
          ("service-removed", "acme/store 2025-01-01", B, MAJOR)])
        .given(&[Write("vault", VAULT), Write("store-2025-01-01", BOX_2025)]),
    case("version changed", &[Replace("store", "version: \"2024-01-01\"", "version: \"2025-03-01\"")],
        &[("version-changed", "version", B, MAJOR)]),
    case("endpoint added", &[Replace("store", "  - box.example.com\n", "  - box.example.com\n  - box.eu.example.com\n")],
        &[("endpoint-added", "endpoints", NB, PATCH)]),
    case("endpoint removed", &[Replace("store", "endpoints:\n  - box.example.com\n", "endpoints: []\n")],
        &[("endpoint-removed", "endpoints", B, PATCH)]),
    case("endpoint replaced", &[Replace("store", "  - box.example.com\n", "  - storage.example.com\n")],
        &[("endpoint-added", "endpoints", NB, PATCH), ("endpoint-removed", "endpoints", B, PATCH)]),
    case("service title changed", &[Replace("store", "title: Box Storage", "title: Acme Box Storage")],
        &[("description-changed", "title", I, PATCH)]),

    // Actions.
    case("action added", &[Replace("store", "actions:\n", "actions:\n  - name: DeleteBox\n    description: Deletes a box.\n    request: []\n    response: []\n")],
        &[("action-added", "DeleteBox", NB, MINOR)]),
    case("action removed", &[Replace("store", "  - name: GetBox\n    description: Reads a box.\n    request:\n      - name: BoxId\n        type: string\n        required: true\n        description: ID of the box to read.\n    response:\n      - name: RequestId\n        type: string\n        required: true\n        description: Request ID.\n    examples:\n      - name: Read a box\n        request: '{\"BoxId\": \"b-1\"}'\n        response: '{\"Response\": {\"RequestId\": \"r-1\"}}'\n", "")],
        &[("action-removed", "GetBox", B, MAJOR)]),
    // Another description and other fields: nothing pairs the two.
    case("action replaced by another", &[Replace("store", "  - name: GetBox\n    description: Reads a box.\n    request:\n      - name: BoxId\n", "  - name: FetchBox\n    description: Fetches a box.\n    request:\n      - name: Box\n"),
            Replace("store", "request: '{\"BoxId\": \"b-1\"}'", "request: '{\"Box\": \"b-1\"}'")],
        &[("action-removed", "GetBox", B, MAJOR), ("action-added", "FetchBox", NB, MINOR)]),
    // Same description and fields: a rename, and its other changes are still listed.
    case("action renamed, with a field added", &[Replace("store", "  - name: GetBox\n    description: Reads a box.\n", "  - name: GetBoxV2\n    description: Reads a box.\n"),
            Replace("store", "        description: ID of the box to read.\n", "        description: ID of the box to read.\n      - name: Verbose\n        type: boolean\n        description: More detail.\n")],
        &[("action-renamed", "GetBoxV2", B, MAJOR), ("field-added", "GetBoxV2.request.Verbose", NB, MINOR)]),
    // `PUTBox` is still `PutBox` in Rust: a wire change only (the response's
    // description, made from the action's name, is no change of its own).
    case("action wire name recased", &[Replace("store", "  - name: PutBox\n", "  - name: PUTBox\n")],
        &[("action-renamed", "PUTBox", B, PATCH)]),
    case("action description changed", &[Replace("store", "description: Stores a box.", "description: Stores a box in a region.")],
        &[("description-changed", "PutBox.description", I, PATCH)]),
    // An action's notes are the action's, on the line of its `notes:`.
    case("action note added", &[Replace("store", "    description: Stores a box.\n", "    description: Stores a box.\n    notes:\n      - issue: The page names no quota.\n        decision: None is checked.\n")],
        &[("description-changed", "PutBox.notes", I, PATCH)]),
    case("rate limit lowered", &[Replace("store", "rate_limit_per_second: 20", "rate_limit_per_second: 10")],
        &[("rate-limit-lowered", "PutBox.rate_limit", B, PATCH)]),
    case("rate limit introduced", &[Replace("store", "    description: Reads a box.\n", "    description: Reads a box.\n    rate_limit_per_second: 5\n")],
        &[("rate-limit-lowered", "GetBox.rate_limit", B, PATCH)]),
    case("rate limit raised", &[Replace("store", "rate_limit_per_second: 20", "rate_limit_per_second: 50")],
        &[("rate-limit-raised", "PutBox.rate_limit", NB, PATCH)]),
    case("rate limit dropped", &[Replace("store", "    rate_limit_per_second: 20\n", "")],
        &[("rate-limit-raised", "PutBox.rate_limit", NB, PATCH)]),
    case("region now required", &[Replace("store", "required: false", "required: true")],
        &[("region-now-required", "PutBox.region", B, PATCH)]),
    case("region no longer required", &[Replace("store", "required: true\n      supported", "required: false\n      supported")],
        &[("region-no-longer-required", "PutBox.region", NB, PATCH)])
        .given(&[Replace("store", "required: false", "required: true")]),
    case("region restricted", &[Replace("store", "supported: [ap-east, ap-west]", "supported: [ap-east]")],
        &[("region-restricted", "PutBox.region.supported", B, PATCH)]),
    case("region relaxed to any", &[Replace("store", "supported: [ap-east, ap-west]", "supported: []")],
        &[("region-relaxed", "PutBox.region.supported", NB, PATCH)]),
    case("region swapped", &[Replace("store", "supported: [ap-east, ap-west]", "supported: [ap-east, ap-north]")],
        &[("region-restricted", "PutBox.region.supported", B, PATCH), ("region-relaxed", "PutBox.region.supported", NB, PATCH)]),

    // Types.
    case("unused type added", &[Replace("store", "types:\n", "types:\n  - name: Badge\n    description: A badge.\n    fields: []\n")],
        &[("type-added", "types.Badge", NB, MINOR)]),
    case("unused type removed", &[Replace("store", "types:\n  - name: Badge\n    description: A badge.\n    fields: []\n", "types:\n")],
        &[("type-removed", "types.Badge", I, MAJOR)])
        .given(&[Replace("store", "types:\n", "types:\n  - name: Badge\n    description: A badge.\n    fields: []\n")]),
    case("response type and its field removed",
        &[Replace("store", "  - name: Receipt\n    description: Proof of storage.\n    fields:\n      - name: Serial\n        type: string\n        required: true\n        description: Receipt serial.\n", ""),
          Replace("store", "      - name: Receipt\n        type: Receipt\n        description: Storage receipt.\n", "")],
        &[("type-removed", "types.Receipt", I, MAJOR), ("field-removed", "PutBox.response.Receipt", B, MAJOR)]),
    case("type description changed", &[Replace("store", "description: Who owns a box.", "description: Who owns a box, and pays.")],
        &[("description-changed", "types.Owner", I, PATCH)]),

    // Fields added.
    case("new optional request field", &[ADD_NICKNAME],
        &[("field-added", "PutBox.request.Nickname", NB, MINOR)]),
    case("new required request field", &[Replace("store", "        description: Free text.\n", "        description: Free text.\n      - name: Zone\n        type: string\n        required: true\n        description: Storage zone.\n")],
        &[("required-field-added", "PutBox.request.Zone", B, MAJOR)]),
    case("new optional response field", &[Replace("store", "        description: Service note.\n", "        description: Service note.\n      - name: Hint\n        type: string\n        description: Hint.\n")],
        &[("field-added", "PutBox.response.Hint", NB, MINOR)]),
    case("new required response field", &[Replace("store", "        description: Service note.\n", "        description: Service note.\n      - name: CreatedAt\n        type: string\n        required: true\n        description: Creation time.\n")],
        &[("required-field-added", "PutBox.response.CreatedAt", NB, MINOR)]),
    case("new request field of a new type", &[
            Replace("store", "types:\n", "types:\n  - name: Lock\n    description: A lock.\n    fields:\n      - name: Code\n        type: string\n        required: true\n        description: Lock code.\n"),
            Replace("store", "        description: Free text.\n", "        description: Free text.\n      - name: Lock\n        type: Lock\n        description: Box lock.\n")],
        &[("type-added", "types.Lock", NB, MINOR), ("field-added", "PutBox.request.Lock", NB, MINOR)]),
    case("shared type (request and response): optional field added", &[Replace("store", "        description: Owner's team.\n", "        description: Owner's team.\n      - name: Phone\n        type: string\n        description: Owner's phone.\n")],
        &[("field-added", "types.Owner.Phone", NB, MINOR)]),
    case("shared type (request and response): required field added, worst of both", &[Replace("store", "        description: Owner's team.\n", "        description: Owner's team.\n      - name: Since\n        type: string\n        required: true\n        description: Owner since.\n")],
        &[("required-field-added", "types.Owner.Since", B, MAJOR)]),
    case("request-only type: required field added", &[Replace("store", "        description: Tag value.\n", "        description: Tag value.\n      - name: Scope\n        type: string\n        required: true\n        description: Tag scope.\n")],
        &[("required-field-added", "types.Tag.Scope", B, MAJOR)]),
    // `Tag` with no required field derives `Default` (`new` takes nothing):
    // a field that becomes an argument of `new` ends it.
    case("request-only type with no required field: required field added", &[Replace("store", "        description: Tag value.\n", "        description: Tag value.\n      - name: Scope\n        type: string\n        required: true\n        description: Tag scope.\n")],
        &[("required-field-added", "types.Tag.Scope", B, MAJOR)])
        .given(&[TAG_KEY_OPTIONAL]),
    case("request-only type with no required field: field becomes required", &[Replace("store", "        description: Tag value.\n", "        description: Tag value.\n        required: true\n")],
        &[("field-now-required", "types.Tag.Value", B, MAJOR)])
        .given(&[TAG_KEY_OPTIONAL]),
    case("response-only type: required field added", &[Replace("store", "        description: Receipt serial.\n", "        description: Receipt serial.\n      - name: Issuer\n        type: string\n        required: true\n        description: Who issued it.\n")],
        &[("required-field-added", "types.Receipt.Issuer", NB, MINOR)]),

    // Fields removed or retyped.
    case("optional request field removed", &[Replace("store", "      - name: Comment\n        type: string\n        description: Free text.\n", "")],
        &[("field-removed", "PutBox.request.Comment", B, MAJOR)]),
    case("optional response field removed", &[Replace("store", "      - name: Note\n        type: string\n        description: Service note.\n", "")],
        &[("field-removed", "PutBox.response.Note", B, MAJOR)]),
    case("request field type changed", &[Replace("store", "      - name: Comment\n        type: string\n", "      - name: Comment\n        type: array<string>\n")],
        &[("field-type-changed", "PutBox.request.Comment", B, MAJOR)]),
    case("response field type changed", &[Replace("store", "      - name: Note\n        type: string\n", "      - name: Note\n        type: integer\n")],
        &[("field-type-changed", "PutBox.response.Note", B, MAJOR)]),

    // Required and optional.
    case("request field becomes required", &[Replace("store", "        description: Free text.\n", "        description: Free text.\n        required: true\n")],
        &[("field-now-required", "PutBox.request.Comment", B, MAJOR)]),
    case("response field becomes required", &[Replace("store", "        description: Service note.\n", "        description: Service note.\n        required: true\n")],
        &[("field-now-required", "PutBox.response.Note", NB, MAJOR)]),
    case("request field becomes optional", &[Replace("store", NAME_REQUIRED, NAME_OPTIONAL)],
        &[("field-now-optional", "PutBox.request.Name", NB, MAJOR)]),
    case("response field becomes optional (breaking for readers)", &[Replace("store", "      - name: BoxId\n        type: string\n        required: true\n        description: ID of the stored box.\n", "      - name: BoxId\n        type: string\n        description: ID of the stored box.\n")],
        &[("field-now-optional", "PutBox.response.BoxId", B, MAJOR)]),
    case("shared type (request and response): field becomes optional, worst of both", &[Replace("store", "      - name: OwnerId\n        type: string\n        required: true\n", "      - name: OwnerId\n        type: string\n")],
        &[("field-now-optional", "types.Owner.OwnerId", B, MAJOR)]),
    case("shared type (request and response): field becomes required, worst of both", &[Replace("store", "        description: Owner's team.\n", "        description: Owner's team.\n        required: true\n")],
        &[("field-now-required", "types.Owner.Team", B, MAJOR)]),
    case("response-only type: field becomes optional", &[Replace("store", "      - name: Serial\n        type: string\n        required: true\n", "      - name: Serial\n        type: string\n")],
        &[("field-now-optional", "types.Receipt.Serial", B, MAJOR)]),
    // `Label` is `Option<String>` in Rust both before and after (nullable), so
    // the Rust API does not change: patch.
    case("nullable response field becomes optional (Rust type unchanged)", &[Replace("store", LABEL_REQUIRED, LABEL_OPTIONAL)],
        &[("field-now-optional", "PutBox.response.Label", B, PATCH)]),
    case("nullable response field becomes required (Rust type unchanged)", &[Replace("store", LABEL_OPTIONAL, LABEL_REQUIRED)],
        &[("field-now-required", "PutBox.response.Label", NB, PATCH)])
        .given(&[Replace("store", LABEL_REQUIRED, LABEL_OPTIONAL)]),

    // Nullability.
    case("response field becomes nullable", &[Replace("store", "        description: Box status.\n", "        description: Box status.\n        nullable: true\n")],
        &[("field-now-nullable", "PutBox.response.Status", B, MAJOR)]),
    case("request field becomes nullable", &[Replace("store", "        description: Box name.\n", "        description: Box name.\n        nullable: true\n")],
        &[("field-now-nullable", "PutBox.request.Name", NB, MAJOR)]),
    case("response field no longer nullable", &[Replace("store", "        nullable: true\n        description: Box label.\n", "        description: Box label.\n")],
        &[("field-no-longer-nullable", "PutBox.response.Label", NB, MAJOR)]),
    case("shared type (request and response): field becomes nullable", &[Replace("store", "        description: Owner ID.\n", "        description: Owner ID.\n        nullable: true\n")],
        &[("field-now-nullable", "types.Owner.OwnerId", B, MAJOR)]),

    // Sensitivity, known values, descriptions.
    case("field becomes sensitive", &[Replace("store", "        description: Contact email.\n", "        description: Contact email.\n        sensitive: true\n")],
        &[("sensitivity-added", "PutBox.request.Email", I, PATCH)]),
    case("field no longer sensitive", &[Replace("store", "        sensitive: true\n", "")],
        &[("sensitivity-removed", "PutBox.request.Secret", I, PATCH)]),
    case("known value added (request)", &[Replace("store", "known_values: [red, blue]", "known_values: [red, blue, green]")],
        &[("known-value-added", "PutBox.request.Color", NB, PATCH)]),
    case("known value added (response)", &[Replace("store", "known_values: [ready]", "known_values: [ready, archived]")],
        &[("known-value-added", "PutBox.response.Status", NB, PATCH)]),
    case("known value removed", &[Replace("store", "known_values: [red, blue]", "known_values: [red]")],
        &[("known-value-removed", "PutBox.request.Color", I, PATCH)]),
    case("field description changed", &[Replace("store", "description: Free text.", "description: Free text, up to the service.")],
        &[("description-changed", "PutBox.request.Comment", I, PATCH)]),

    // Length.
    case("length limit tightened (request)", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 1, max: 64 }")],
        &[("length-tightened", "PutBox.request.Name", B, PATCH)]),
    case("length limit loosened (request)", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 1, max: 256 }")],
        &[("length-loosened", "PutBox.request.Name", NB, PATCH)]),
    case("length limit dropped (request)", &[Replace("store", "          - length: { min: 1, max: 128 }\n", "")],
        &[("length-loosened", "PutBox.request.Name", NB, PATCH)]),
    case("length limit added (request)", &[Replace("store", "        description: Free text.\n", "        description: Free text.\n        rules:\n          - length: { max: 500 }\n")],
        &[("length-tightened", "PutBox.request.Comment", B, PATCH)]),
    case("length limit shifted: min and max both up", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 3, max: 256 }")],
        &[("length-tightened", "PutBox.request.Name", B, PATCH), ("length-loosened", "PutBox.request.Name", NB, PATCH)]),
    case("length limit added (response)", &[Replace("store", "        description: Service note.\n", "        description: Service note.\n        rules:\n          - length: { max: 500 }\n")],
        &[("length-tightened", "PutBox.response.Note", NB, PATCH)]),
    case("shared type (request and response): length tightened, worst of both", &[Replace("store", "length: { max: 64 }", "length: { max: 32 }")],
        &[("length-tightened", "types.Owner.OwnerId", B, PATCH)]),
    case("shared type (request and response): length loosened", &[Replace("store", "length: { max: 64 }", "length: { max: 128 }")],
        &[("length-loosened", "types.Owner.OwnerId", B, PATCH)]),

    // Items and range.
    case("item count tightened", &[Replace("store", "items: { max: 10 }", "items: { max: 5 }")],
        &[("items-tightened", "PutBox.request.Tags", B, PATCH)]),
    case("item count loosened", &[Replace("store", "items: { max: 10 }", "items: { max: 20 }")],
        &[("items-loosened", "PutBox.request.Tags", NB, PATCH)]),
    case("range tightened", &[Replace("store", "range: { min: 1, max: 100 }", "range: { min: 1, max: 50 }")],
        &[("range-tightened", "PutBox.request.Size", B, PATCH)]),
    case("range loosened", &[Replace("store", "range: { min: 1, max: 100 }", "range: { min: 0, max: 100 }")],
        &[("range-loosened", "PutBox.request.Size", NB, PATCH)]),
    case("range dropped", &[Replace("store", "        rules:\n          - range: { min: 1, max: 100 }\n", "")],
        &[("range-loosened", "PutBox.request.Size", NB, PATCH)]),

    // Patterns.
    case("pattern added", &[Replace("store", "        description: Contact email.\n", "        description: Contact email.\n        rules:\n          - pattern: '@'\n            explain: contains an at sign\n")],
        &[("pattern-added", "PutBox.request.Email", B, PATCH)]),
    case("pattern removed", &[Replace("store", "          - pattern: '^[a-z0-9-]+$'\n            explain: lowercase letters, digits and hyphens\n", "")],
        &[("pattern-removed", "PutBox.request.Name", NB, PATCH)]),
    // Patterns replaced compare as the sets of texts they accept (the regexes' DFAs).
    case("pattern narrowed", &[Replace("store", "'^[a-z0-9-]+$'", "'^[a-z0-9]+$'")],
        &[("pattern-narrowed", "PutBox.request.Name", B, PATCH)]),
    case("pattern widened", &[Replace("store", "'^[a-z0-9-]+$'", "'^[a-z0-9_-]+$'")],
        &[("pattern-widened", "PutBox.request.Name", NB, PATCH)]),
    case("pattern rewritten to accept the same texts", &[Replace("store", "'^[a-z0-9-]+$'", "'^[-0-9a-z]+$'")],
        &[("pattern-rewritten", "PutBox.request.Name", I, PATCH)]),
    // Digits dropped, underscores allowed: each side accepts names the other does not.
    case("pattern replaced by an overlapping one", &[Replace("store", "'^[a-z0-9-]+$'", "'^[a-z_-]+$'")],
        &[("pattern-narrowed", "PutBox.request.Name", B, PATCH), ("pattern-widened", "PutBox.request.Name", NB, PATCH)]),
    // Unicode word characters forty times over: too large a DFA to decide.
    case("pattern changed", &[Replace("store", "'^\\w{41}$'", "'^\\w{40}$'")],
        &[("pattern-changed", "PutBox.request.Name", MB, PATCH)])
        .given(&[Replace("store", "'^[a-z0-9-]+$'", "'^\\w{41}$'")]),

    // Allowed values.
    case("allowed values introduced", &[Replace("store", "        description: Free text.\n", "        description: Free text.\n        rules:\n          - one_of: [\"a\", \"b\"]\n")],
        &[("allowed-values-restricted", "PutBox.request.Comment", B, PATCH)]),
    case("allowed values dropped", &[Replace("store", "        rules:\n          - one_of: [\"hot\", \"cold\"]\n", "")],
        &[("allowed-values-unrestricted", "PutBox.request.Tier", NB, PATCH)]),
    case("allowed value added (request)", &[Replace("store", "one_of: [\"hot\", \"cold\"]", "one_of: [\"hot\", \"cold\", \"archive\"]")],
        &[("allowed-value-added", "PutBox.request.Tier", NB, PATCH)]),
    case("allowed value removed from a request one_of", &[Replace("store", "one_of: [\"hot\", \"cold\"]", "one_of: [\"hot\"]")],
        &[("allowed-value-removed", "PutBox.request.Tier", B, PATCH)]),
    case("allowed value removed from a response one_of", &[Replace("store", "one_of: [\"ready\", \"busy\"]", "one_of: [\"ready\"]")],
        &[("allowed-value-removed", "PutBox.response.Status", NB, PATCH)])
        .given(&[Replace("store", "known_values: [ready]", "rules:\n          - one_of: [\"ready\", \"busy\"]")]),
    // Readers of `Status` can now get a value the closed set promised they never
    // would (an exhaustive match on it fails): breaking, unlike `known-value-added`.
    case("allowed value added to a response one_of", &[Replace("store", "one_of: [\"ready\", \"busy\"]", "one_of: [\"ready\", \"busy\", \"gone\"]")],
        &[("allowed-value-added", "PutBox.response.Status", B, PATCH)])
        .given(&[Replace("store", "known_values: [ready]", "rules:\n          - one_of: [\"ready\", \"busy\"]")]),

    // Conditional requirements and rule codes.
    case("conditional requirement added", &[EMAIL_VERIFIED_RULE],
        &[("conditional-requirement-added", "PutBox.request.EmailVerified", B, PATCH)]),
    case("conditional requirement removed", &[Replace("store", "        rules:\n          - required_if_present: Email\n", "")],
        &[("conditional-requirement-removed", "PutBox.request.EmailVerified", NB, PATCH)])
        .given(&[EMAIL_VERIFIED_RULE]),
    case("rule answers with another code", &[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n            code: BadName\n")],
        // The rule's basis defaults to its code's error row, so it changes too.
        &[("rule-code-changed", "PutBox.request.Name", NB, PATCH),
          ("description-changed", "PutBox.request.Name.basis", I, PATCH)])
        .given(&[ADD_BAD_NAME_ERROR]),
    case("rule basis given", &[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n            basis: The naming rules page.\n")],
        &[("description-changed", "PutBox.request.Name.basis", I, PATCH)]),
    case("basis from the error row follows the row's description", &[Replace("store", "description: Invalid box name.", "description: The box name is invalid.")],
        &[("error-description-changed", "PutBox.errors.BadName", I, PATCH),
          ("description-changed", "PutBox.request.Name.basis", I, PATCH)])
        .given(&[ADD_BAD_NAME_ERROR, Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n            code: BadName\n")]),
    case("rules moved into a rule set: no change", &[
            Replace("store", "types:\n", "rule_sets:\n  - name: BoxName\n    rules:\n      - length: { min: 1, max: 128 }\n      - pattern: '^[a-z0-9-]+$'\n        explain: lowercase letters, digits and hyphens\ntypes:\n"),
            Replace("store", "          - length: { min: 1, max: 128 }\n          - pattern: '^[a-z0-9-]+$'\n            explain: lowercase letters, digits and hyphens\n", "          - use: BoxName\n")],
        &[]),
    case("rule made advisory", &[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n            advisory: true\n")],
        &[("rule-made-advisory", "PutBox.request.Name", NB, PATCH)]),
    case("advisory rule enforced", &[Replace("store", "          - length: { min: 1, max: 128 }\n            advisory: true\n", "          - length: { min: 1, max: 128 }\n")],
        &[("rule-enforced", "PutBox.request.Name", B, PATCH)])
        .given(&[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n            advisory: true\n")]),
    // An advisory rule blocks nobody, and the API enforces it only for some
    // accounts: a change to it, or one added or removed as advisory, may break
    // some callers, never surely.
    case("advisory length rule tightened", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 3, max: 128 }")],
        &[("length-tightened", "PutBox.request.Name", MB, PATCH)])
        .given(&[ADVISORY_NAME_LENGTH]),
    case("advisory length rule loosened (response)", &[Replace("store", "length: { max: 500 }", "length: { max: 1000 }")],
        &[("length-loosened", "PutBox.response.Note", MB, PATCH)])
        .given(&[Replace("store", "        description: Service note.\n", "        description: Service note.\n        rules:\n          - length: { max: 500 }\n            advisory: true\n")]),
    case("advisory length rule added", &[Replace("store", "        description: Free text.\n", "        description: Free text.\n        rules:\n          - length: { max: 500 }\n            advisory: true\n")],
        &[("length-tightened", "PutBox.request.Comment", MB, PATCH)]),
    case("advisory pattern added to a rule set", &[Replace("store", "      - length: { min: 1, max: 128 }\n", "      - length: { min: 1, max: 128 }\n      - pattern: '^[a-z]'\n        explain: starts with a letter\n")],
        &[("pattern-added", "PutBox.request.Name", MB, PATCH)])
        .given(ADVISORY_NAME_SET),
    case("rule made advisory and tightened", &[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 64 }\n            advisory: true\n")],
        &[("length-tightened", "PutBox.request.Name", MB, PATCH), ("rule-made-advisory", "PutBox.request.Name", NB, PATCH)]),
    // Dropping an advisory rule loosens what was never enforced: as before.
    case("advisory length rule removed", &[Replace("store", "          - length: { min: 1, max: 128 }\n            advisory: true\n", "")],
        &[("length-loosened", "PutBox.request.Name", NB, PATCH)])
        .given(&[ADVISORY_NAME_LENGTH]),
    case("violation code of the provider changed", &[
            Replace("provider", "  invalid: InvalidParameter\n", "  invalid: InvalidParameterValue\n"),
            Replace("provider", "common_errors:\n", "common_errors:\n  - code: InvalidParameterValue\n    description: A parameter value is invalid.\n")],
        &[("error-code-added", "GetBox.errors.InvalidParameterValue", NB, MINOR),
          ("error-code-added", "PutBox.errors.InvalidParameterValue", NB, MINOR),
          // Name has two rules answering the default code: each is its own change, on its own line.
          ("rule-code-changed", "PutBox.request.Name", NB, PATCH),
          ("rule-code-changed", "PutBox.request.Name", NB, PATCH),
          ("rule-code-changed", "PutBox.request.Size", NB, PATCH),
          ("rule-code-changed", "PutBox.request.Tags", NB, PATCH),
          ("rule-code-changed", "PutBox.request.Tier", NB, PATCH),
          ("rule-code-changed", "types.Owner.OwnerId", NB, PATCH),
          // Once, where it is made (listing the actions it affects), not at each action.
          ("rule-code-changed", "violation_codes.invalid", NB, PATCH)]),

    // Error codes.
    case("new error code", &[Replace("store", "    errors:\n", "    errors:\n      - code: BoxLocked\n        description: The box is locked.\n")],
        &[("error-code-added", "PutBox.errors.BoxLocked", NB, MINOR)]),
    case("new common error code of the provider", &[Replace("provider", "common_errors:\n", "common_errors:\n  - code: QuotaExceeded\n    description: Quota exceeded.\n")],
        &[("error-code-added", "GetBox.errors.QuotaExceeded", NB, MINOR), ("error-code-added", "PutBox.errors.QuotaExceeded", NB, MINOR)]),
    case("error code removed", &[Replace("store", "      - code: Throttled\n        description: Too many requests.\n", "")],
        &[("error-code-removed", "PutBox.errors.Throttled", NB, MAJOR)]),
    case("error status changed", &[Replace("store", "http_status: 409", "http_status: 400")],
        &[("error-status-changed", "PutBox.errors.BoxExists", NB, PATCH)]),
    case("error codes reordered", &[Replace("store",
            "      - code: BoxExists\n        description: The box already exists.\n        http_status: 409\n      - code: Throttled\n        description: Too many requests.\n",
            "      - code: Throttled\n        description: Too many requests.\n      - code: BoxExists\n        description: The box already exists.\n        http_status: 409\n")],
        &[("order-changed", "PutBox.errors", I, PATCH)]),

    // Provider and provenance.
    case("protocol changed", &[Replace("provider", "protocol: tencent-api3\n", "protocol: alibaba-rpc\n")],
        &[("protocol-changed", "protocol", B, PATCH)]),
    case("response envelope changed", &[Replace("provider", "  code: Code\n", "  code: ErrorCode\n")],
        &[("envelope-changed", "envelope", B, PATCH)]),
    case("provider title changed", &[Replace("provider", "title: Acme Cloud\n", "title: Acme Cloud Platform\n")],
        &[("description-changed", "title", I, PATCH)]),
    case("provider note added", &[Replace("provider", "violation_codes:\n", "notes:\n  - issue: The pages name no error body.\n    decision: Flat envelope.\nviolation_codes:\n")],
        &[("description-changed", "notes", I, PATCH)]),
    case("source document changed", &[Replace("store", "document: box.txt", "document: box-v2.txt")],
        &[("source-changed", "source", I, PATCH)]),
    case("error becomes retryable", &[Replace("store", "        description: Too many requests.\n", "        description: Too many requests.\n        retryable: true\n")],
        &[("error-retryable-changed", "PutBox.errors.Throttled", NB, PATCH)]),
    case("error description changed", &[Replace("store", "description: Too many requests.", "description: Too many requests; slow down.")],
        &[("error-description-changed", "PutBox.errors.Throttled", I, PATCH)]),

    // Examples.
    case("example added", &[Replace("store", "        response: '{\"Response\": {\"RequestId\": \"r-1\"}}'\n", "        response: '{\"Response\": {\"RequestId\": \"r-1\"}}'\n      - name: Read another box\n        request: '{\"BoxId\": \"b-2\"}'\n")],
        &[("example-added", "GetBox.examples.Read another box", I, PATCH)]),
    case("example removed", &[Replace("store", GET_BOX_EXAMPLE, "")],
        &[("example-removed", "GetBox.examples.Read a box", I, PATCH)]),
    case("example changed", &[Replace("store", "\"r-1\"", "\"r-2\"")],
        &[("example-changed", "GetBox.examples.Read a box", I, PATCH)]),

    // Every rule compared, paired by kind and parameters: the second length rule
    // of `Name` tightened is that rule tightened, and no code or advisory flag
    // of the first reads as changed.
    case("second length rule tightened", &[Replace("store", "          - length: { max: 100 }\n", "          - length: { max: 50 }\n")],
        &[("length-tightened", "PutBox.request.Name", B, PATCH)])
        .given(&[ADD_BAD_NAME_ERROR, Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n            advisory: true\n          - length: { max: 100 }\n            code: BadName\n")]),
    // A rule moved while another still holds the field where it was: what the
    // field's enforced rules allow together is unchanged, so nobody notices.
    case("length rule loosened while another still holds the field", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 1, max: 256 }")],
        &[("length-loosened", "PutBox.request.Name", I, PATCH)])
        .given(&[NAME_AT_MOST_50]),
    case("length rule tightened while another still holds the field", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 1, max: 100 }")],
        &[("length-tightened", "PutBox.request.Name", I, PATCH)])
        .given(&[NAME_AT_MOST_50]),
    case("length rule added that another rule already holds", &[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n          - length: { max: 500 }\n")],
        &[("length-tightened", "PutBox.request.Name", I, PATCH)]),
    // Both ways of the shared `Owner`: readers did rely on ≤ 64, and still get it.
    case("shared type (request and response): length loosened while another rule still holds it", &[Replace("store", "length: { max: 64 }", "length: { max: 128 }")],
        &[("length-loosened", "types.Owner.OwnerId", I, PATCH)])
        .given(&[Replace("store", "          - length: { max: 64 }\n", "          - length: { max: 64 }\n          - length: { max: 32 }\n")]),
    // Advisory rules hold nobody: the enforced one alone decides.
    case("length rule loosened while an advisory rule holds the field", &[Replace("store", "length: { min: 1, max: 128 }", "length: { min: 1, max: 256 }")],
        &[("length-loosened", "PutBox.request.Name", NB, PATCH)])
        .given(&[Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n          - length: { max: 50 }\n            advisory: true\n")]),
    case("second length rule's code changed", &[Replace("store", "          - length: { max: 100 }\n            code: BadName\n", "          - length: { max: 100 }\n")],
        // The rule's basis defaulted to BadName's error row; without a code it has none.
        &[("rule-code-changed", "PutBox.request.Name", NB, PATCH),
          ("description-changed", "PutBox.request.Name.basis", I, PATCH)])
        .given(&[ADD_BAD_NAME_ERROR, Replace("store", "          - length: { min: 1, max: 128 }\n", "          - length: { min: 1, max: 128 }\n          - length: { max: 100 }\n            code: BadName\n")]),

    // Direction from the base: `Receipt` was only read; callers never sent it, so
    // its new required field breaks nobody, and callers can now build it.
    case("response type now used in a request, with a required field added", &[
            Replace("store", "        description: Whether Email is verified.\n", "        description: Whether Email is verified.\n      - name: Proof\n        type: Receipt\n        description: Earlier receipt.\n"),
            Replace("store", "        description: Receipt serial.\n", "        description: Receipt serial.\n      - name: Issuer\n        type: string\n        required: true\n        description: Who issued it.\n")],
        &[("type-now-in-requests", "types.Receipt", NB, MINOR), ("field-added", "PutBox.request.Proof", NB, MINOR),
          ("required-field-added", "types.Receipt.Issuer", NB, MINOR)]),
    case("type no longer used in requests", &[Replace("store", "      - name: Tags\n        type: array<Tag>\n        description: Box tags.\n        rules:\n          - items: { max: 10 }\n", "")],
        &[("field-removed", "PutBox.request.Tags", B, MAJOR), ("type-no-longer-in-requests", "types.Tag", I, MAJOR)]),
    case("type with no required field no longer used in requests", &[Replace("store", "      - name: Tags\n        type: array<Tag>\n        description: Box tags.\n        rules:\n          - items: { max: 10 }\n", "")],
        &[("field-removed", "PutBox.request.Tags", B, MAJOR), ("type-no-longer-in-requests", "types.Tag", I, MAJOR)])
        .given(&[TAG_KEY_OPTIONAL]),

    // Output widening judged by its effect on readers.
    case("length limit loosened (response)", &[Replace("store", "          - length: { max: 500 }\n", "          - length: { max: 1000 }\n")],
        &[("length-loosened", "PutBox.response.Note", B, PATCH)])
        .given(&[Replace("store", "        description: Service note.\n", "        description: Service note.\n        rules:\n          - length: { max: 500 }\n")]),
    case("json response field typed", &[Replace("store", "      - name: Extra\n        type: json\n", "      - name: Extra\n        type: Receipt\n")],
        &[("field-type-refined", "PutBox.response.Extra", MB, MAJOR)])
        .given(&[ADD_EXTRA]),
    case("json request field typed", &[Replace("store", "      - name: Comment\n        type: json\n", "      - name: Comment\n        type: string\n")],
        &[("field-type-refined", "PutBox.request.Comment", MB, MAJOR)])
        .given(&[Replace("store", "      - name: Comment\n        type: string\n", "      - name: Comment\n        type: json\n")]),
    case("request field becomes json", &[Replace("store", "      - name: Comment\n        type: string\n", "      - name: Comment\n        type: json\n")],
        &[("field-type-generalized", "PutBox.request.Comment", NB, MAJOR)]),

    // Renames and moves.
    case("type renamed, with a field description changed", &[
            Replace("store", "  - name: Receipt\n    description:", "  - name: Voucher\n    description:"),
            Replace("store", "        type: Receipt\n", "        type: Voucher\n"),
            Replace("store", "description: Receipt serial.", "description: Voucher serial.")],
        &[("type-renamed", "types.Voucher", I, MAJOR), ("description-changed", "types.Voucher.Serial", I, PATCH)]),
    case("wire name recased", &[Replace("store", "      - name: BoxId\n        type: string\n        required: true\n        description: ID of the box to read.\n", "      - name: BoxID\n        type: string\n        required: true\n        description: ID of the box to read.\n"),
            Replace("store", "request: '{\"BoxId\": \"b-1\"}'", "request: '{\"BoxID\": \"b-1\"}'")],
        &[("wire-name-changed", "GetBox.request.BoxID", B, PATCH), ("example-changed", "GetBox.examples.Read a box", I, PATCH)]),
    // `Email` → `EMail` changes case on the wire, and the Rust name with it
    // (`email` → `e_mail`): paired by wire name in any case, so a rule
    // changed with it is still seen.
    case("wire name recased, Rust name changed, with a rule tightened", &[Replace("store", "      - name: Email\n", "      - name: EMail\n"),
            Replace("store", "        description: Contact email.\n", "        description: Contact email.\n        rules:\n          - length: { max: 254 }\n")],
        &[("wire-name-changed", "PutBox.request.EMail", B, MAJOR), ("length-tightened", "PutBox.request.EMail", B, PATCH)]),
    case("error code renamed (same description)", &[Replace("store", "      - code: Throttled\n", "      - code: RequestThrottled\n")],
        &[("error-code-renamed", "PutBox.errors.RequestThrottled", B, MAJOR)]),
    case("error code renamed (same Rust variant)", &[Replace("store", "      - code: BoxExists\n        description: The box already exists.\n", "      - code: Box.Exists\n        description: That box exists already.\n")],
        &[("error-code-renamed", "PutBox.errors.Box.Exists", B, PATCH), ("error-description-changed", "PutBox.errors.Box.Exists", I, PATCH)]),
    case("error code moved into the provider's common codes", &[Replace("store", "    errors:\n      - code: InvalidParameter\n        description: A parameter is invalid.\n", "    errors:\n")],
        &[("error-code-moved", "PutBox.errors.InvalidParameter", I, PATCH), ("order-changed", "PutBox.errors", I, PATCH)])
        .given(&[Replace("store", "    errors:\n", "    errors:\n      - code: InvalidParameter\n        description: A parameter is invalid.\n")]),

    // Nullability of optional fields: `Option` either way in Rust.
    case("optional response field becomes nullable", &[Replace("store", "        description: Service note.\n", "        description: Service note.\n        nullable: true\n")],
        &[("field-now-nullable", "PutBox.response.Note", B, PATCH)]),
    case("optional request field becomes nullable", &[Replace("store", "        description: Free text.\n", "        description: Free text.\n        nullable: true\n")],
        &[("field-now-nullable", "PutBox.request.Comment", NB, PATCH)]),
    case("request field no longer nullable", &[Replace("store", "        description: Box name.\n        nullable: true\n", "        description: Box name.\n")],
        &[("field-no-longer-nullable", "PutBox.request.Name", B, MAJOR)])
        .given(&[Replace("store", "        description: Box name.\n", "        description: Box name.\n        nullable: true\n")]),
];

/// Adds a second length rule to `Name`, tighter than its first.
const NAME_AT_MOST_50: Edit = Replace(
    "store",
    "          - length: { min: 1, max: 128 }\n",
    "          - length: { min: 1, max: 128 }\n          - length: { max: 50 }\n",
);

/// Makes `Tag`'s one required field optional: `Tag` then derives `Default`.
const TAG_KEY_OPTIONAL: Edit = Replace(
    "store",
    "      - name: Key\n        type: string\n        required: true\n",
    "      - name: Key\n        type: string\n",
);

/// Makes `Name`'s length rule advisory.
const ADVISORY_NAME_LENGTH: Edit = Replace(
    "store",
    "          - length: { min: 1, max: 128 }\n",
    "          - length: { min: 1, max: 128 }\n            advisory: true\n",
);

/// Moves `Name`'s length rule into an advisory rule set.
const ADVISORY_NAME_SET: &[Edit] = &[
    Replace(
        "store",
        "          - length: { min: 1, max: 128 }\n          - pattern:",
        "          - use: NameRules\n          - pattern:",
    ),
    Replace(
        "store",
        "types:\n",
        "rule_sets:\n  - name: NameRules\n    advisory: true\n    rules:\n      - length: { min: 1, max: 128 }\ntypes:\n",
    ),
];

/// Adds a response field `Extra` of type `json`.
const ADD_EXTRA: Edit = Replace(
    "store",
    "        description: Service note.\n",
    "        description: Service note.\n      - name: Extra\n        type: json\n        description: Extra data.\n",
);

fn path(file: &str) -> String {
    if file.contains('/') { file.to_owned() } else { format!("acme/{file}.yaml") }
}

fn base() -> Specs {
    Specs::from([(path("provider"), PROVIDER.to_owned()), (path("store"), BOX.to_owned())])
}

/// Applies `edits`; a replacement whose text is not found exactly once is a bug in the case.
fn apply(specs: &mut Specs, edits: &[Edit], case: &str) {
    for edit in edits {
        match *edit {
            Replace(file, from, to) => {
                let file = path(file);
                let text =
                    specs.get_mut(&file).unwrap_or_else(|| panic!("case `{case}`: no file {file}"));
                let found = text.matches(from).count();
                assert_eq!(found, 1, "case `{case}`: {from:?} occurs {found} times in {file}");
                *text = text.replacen(from, to, 1);
            }
            Write(file, text) => {
                specs.insert(path(file), text.to_owned());
            }
            Delete(file) => {
                specs
                    .remove(&path(file))
                    .unwrap_or_else(|| panic!("case `{case}`: no file {file} to delete"));
            }
        }
    }
}

fn compile(specs: &Specs, what: &str) -> Model {
    codegen::compile(specs).unwrap_or_else(|problems| {
        panic!("{what} does not compile:\n{}", codegen::diagnostic::render(&problems))
    })
}

/// Base and head specs of a case.
fn sides(case: &Case) -> (Specs, Specs) {
    let mut base = base();
    apply(&mut base, case.given, case.name);
    let mut head = base.clone();
    apply(&mut head, case.edit, case.name);
    (base, head)
}

fn place(change: &Change) -> String {
    let place = match (change.action.as_deref(), change.location.as_str()) {
        (Some(action), "") => action.to_owned(),
        (Some(action), location) => format!("{action}.{location}"),
        (None, "") => change.service.clone(),
        (None, location) => location.to_owned(),
    };
    match &change.relative_to {
        Some(previous) => format!("{} against {previous}: {place}", change.service),
        None => place,
    }
}

fn found(report: &Report) -> Vec<(String, String, Wire, Rust)> {
    let mut found: Vec<_> =
        report.changes.iter().map(|c| (c.kind.id().to_owned(), place(c), c.wire, c.rust)).collect();
    found.sort();
    found
}

fn expected(expect: &[Expect]) -> Vec<(String, String, Wire, Rust)> {
    let mut expected: Vec<_> = expect
        .iter()
        .map(|&(kind, place, wire, rust)| (kind.to_owned(), place.to_owned(), wire, rust))
        .collect();
    expected.sort();
    expected
}

fn show(changes: &[(String, String, Wire, Rust)]) -> String {
    if changes.is_empty() {
        return "      (no changes)\n".to_owned();
    }
    changes
        .iter()
        .map(|(kind, place, wire, rust)| format!("      {kind} at {place}: {wire}, {rust}\n"))
        .collect()
}

/// The summary must agree with the changes (those not relative to a previous
/// version): counts, worst effects, bump = worst Rust effect.
fn check_summary(report: &Report) -> Result<(), String> {
    let s = &report.summary;
    let counted = || report.changes.iter().filter(|c| c.relative_to.is_none());
    let count = |wire: Wire| counted().filter(|c| c.wire == wire).count();
    let rust = counted().map(|c| c.rust).max();
    let wire = counted().map(|c| c.wire).max();
    let bump = rust.map_or_else(|| "none".to_owned(), |r| r.to_string());
    let ok = s.breaking == count(Wire::Breaking)
        && s.may_break == count(Wire::MayBreak)
        && s.non_breaking == count(Wire::NonBreaking)
        && s.info == count(Wire::Info)
        && s.rust == rust
        && s.wire == wire
        && s.suggested_bump == bump.as_str();
    if ok {
        Ok(())
    } else {
        Err(format!("summary {s:?} disagrees with the changes (expected bump {bump})"))
    }
}

#[test]
fn every_case_is_classified_as_expected() {
    let mut failures = String::new();
    for case in CASES {
        let (base, head) = sides(case);
        let (old, new) = (
            compile(&base, &format!("base of `{}`", case.name)),
            compile(&head, &format!("head of `{}`", case.name)),
        );
        let report = codegen::diff::diff(&old, &new);
        let (found, expected) = (found(&report), expected(case.expect));
        if found != expected {
            failures.push_str(&format!(
                "  {}\n    expected:\n{}    found:\n{}",
                case.name,
                show(&expected),
                show(&found)
            ));
        }
        if let Err(problem) = check_summary(&report) {
            failures.push_str(&format!("  {}: {problem}\n", case.name));
        }
        // The diff of the same two sides is the same, whatever the run.
        if codegen::diff::diff(&old, &new) != report {
            failures.push_str(&format!("  {}: two runs differ\n", case.name));
        }
        // Every phrase is filled in: a value it names is there.
        for change in &report.changes {
            let phrases = [Direction::Input, Direction::Output].map(|d| change.kind.why(d));
            let needs = |key: &str| phrases.iter().any(|p| p.contains(key));
            let missing = (needs("{before}") && change.before.is_none())
                || (needs("{after}") && change.after.is_none())
                || (needs("{example}") && change.why.contains("such as nothing"))
                || ["{name}", "{before}", "{after}", "{example}"]
                    .iter()
                    .any(|k| change.why.contains(k));
            if missing {
                failures.push_str(&format!(
                    "  {}: {} at {}: phrase not filled: {:?} (before {:?}, after {:?})\n",
                    case.name,
                    change.kind.id(),
                    place(change),
                    change.why,
                    change.before,
                    change.after
                ));
            }
        }
        // Every change points at a line of a spec file of its side.
        let mut located = report;
        located.locate(&base, &head);
        for change in &located.changes {
            let texts = match change.spec.as_ref().map(|s| s.side) {
                Some(SpecSide::Base) => &base,
                _ => &head,
            };
            let line = change.spec.as_ref().and_then(|s| Some((texts.get(&s.file)?, s.line?)));
            // And at a path that side writes: never a key it does not have.
            let written = change.spec.as_ref().is_some_and(|s| {
                texts.get(&s.file).is_some_and(|text| {
                    let index = codegen::yaml::index_locations(text);
                    index.nearest(&s.path).is_some_and(|(path, _)| path == s.path)
                })
            });
            if !written || line.is_none_or(|(text, line)| line > text.lines().count()) {
                failures.push_str(&format!(
                    "  {}: {} at {} has no spec line: {:?}\n",
                    case.name,
                    change.kind.id(),
                    place(change),
                    change.spec
                ));
            }
        }
    }
    assert!(failures.is_empty(), "cases classified differently than expected:\n{failures}");
}

/// The line a change of `kind` in case `name` points at, as written in its side's spec.
fn pointed_line(name: &str, kind: &str) -> String {
    let case = CASES.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
    let (base, head) = sides(case);
    let mut report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
    report.locate(&base, &head);
    let change = report
        .changes
        .iter()
        .find(|c| c.kind.id() == kind)
        .unwrap_or_else(|| panic!("case `{name}` has no {kind}"));
    let spec = change.spec.as_ref().unwrap_or_else(|| panic!("{kind} in `{name}` has no site"));
    let texts = if spec.side == SpecSide::Base { &base } else { &head };
    let line = spec.line.unwrap_or_else(|| panic!("{kind} in `{name}` has no line"));
    let text = texts.get(&spec.file).unwrap_or_else(|| panic!("no file {}", spec.file));
    format!(
        "{} {}:{line}: {}",
        if spec.side == SpecSide::Base { "base" } else { "head" },
        spec.file,
        text.lines().nth(line - 1).unwrap_or("").trim()
    )
}

#[test]
fn changes_point_at_the_line_that_states_them() {
    for (case, kind, expected) in [
        // A field's property: the line of its key.
        ("field description changed", "description-changed", "description:"),
        ("length limit tightened (request)", "length-tightened", "- length:"),
        ("second length rule tightened", "length-tightened", "- length:"),
        ("field no longer sensitive", "sensitivity-removed", "- name: Secret"),
        ("error status changed", "error-status-changed", "http_status:"),
        ("rate limit lowered", "rate-limit-lowered", "rate_limit_per_second: 10"),
        ("region restricted", "region-restricted", "supported:"),
        ("action note added", "description-changed", "notes:"),
        // Something the head no longer has: its line in the base.
        ("optional request field removed", "field-removed", "base acme/store.yaml:"),
        ("optional request field removed", "field-removed", "- name:"),
        ("error code removed", "error-code-removed", "- code:"),
        // A new version's removals, against the previous version the head keeps: in the head.
        ("second API version of a service added", "type-removed", "head acme/store.yaml:"),
        // Provider-wide facts: in the provider's file.
        ("new common error code of the provider", "error-code-added", "acme/provider.yaml:"),
        ("protocol changed", "protocol-changed", "protocol:"),
        (
            "violation code of the provider changed",
            "rule-code-changed",
            "invalid: InvalidParameterValue",
        ),
        // Renames: the head's node.
        ("action renamed, with a field added", "action-renamed", "- name: GetBoxV2"),
        ("error code renamed (same description)", "error-code-renamed", "- code:"),
        ("example changed", "example-changed", "- name:"),
    ] {
        let line = pointed_line(case, kind);
        assert!(
            line.contains(expected),
            "`{case}`: {kind} points at `{line}`, expected `{expected}`"
        );
    }
}

/// A property whose key the pointed side does not write (`sensitive` dropped,
/// so absent from the head) points at its node, the field, by path as by line.
#[test]
fn a_key_absent_on_its_side_points_at_its_node() {
    let case = "field no longer sensitive";
    let (base, head) = sides(CASES.iter().find(|c| c.name == case).expect("the case"));
    let mut report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
    report.locate(&base, &head);
    let spec = report.changes[0].spec.as_ref().expect("a site");
    assert_eq!((spec.side, spec.path.as_str()), (SpecSide::Head, "actions[1].request[4]"));
}

#[test]
fn a_pattern_change_names_a_shortest_value_it_affects() {
    let narrowed = report_of("pattern narrowed");
    assert_eq!(
        narrowed.changes[0].why,
        r#"callers sending Name such as "-", which ^[a-z0-9-]+$ accepted and ^[a-z0-9]+$ does not, are rejected"#
    );
    let overlapping = report_of("pattern replaced by an overlapping one");
    let whys: Vec<&str> = overlapping.changes.iter().map(|c| c.why.as_str()).collect();
    assert!(whys.iter().any(|w| w.contains(r#"such as "0""#)), "{whys:?}");
    assert!(whys.iter().any(|w| w.contains(r#"such as "_""#)), "{whys:?}");
}

/// A change to an advisory rule says why it may break: the API enforces the
/// rule only for some callers; `--fail-on may-break` still catches it.
#[test]
fn an_advisory_rule_change_may_break_where_the_api_enforces_it() {
    let report = report_of("advisory length rule tightened");
    assert_eq!(
        report.changes[0].why,
        "callers sending Name outside the new limit (3..=128) are rejected where the API enforces this advisory rule"
    );
    assert!(!report.fails(FailOn::Breaking) && report.fails(FailOn::MayBreak));
    // Loosened, a rule was never a promise to senders: as for any rule.
    let report = report_of("advisory length rule removed");
    assert_eq!(report.changes[0].why, "Name is no longer held to 1..=128");
}

/// A bound moved while another rule still holds the field there says so.
#[test]
fn a_rule_moved_within_another_says_the_other_holds_the_field() {
    let report = report_of("length rule loosened while another still holds the field");
    assert_eq!(report.changes[0].why, "another rule still holds Name to 1..=50");
    assert!(!report.fails(FailOn::MayBreak));
}

#[test]
fn a_rule_from_a_rule_set_points_at_the_set_member() {
    let base = base();
    let mut head = base.clone();
    apply(
        &mut head,
        &[
            Replace(
                "store",
                "          - length: { min: 1, max: 128 }\n",
                "          - use: Names\n",
            ),
            Replace(
                "store",
                "actions:\n",
                "rule_sets:\n  - name: Names\n    rules:\n      - length: { min: 1, max: 64 }\nactions:\n",
            ),
        ],
        "rule set",
    );
    let mut report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
    report.locate(&base, &head);
    let tightened: Vec<_> =
        report.changes.iter().filter(|c| c.kind.id() == "length-tightened").collect();
    assert_eq!(tightened.len(), 1, "{:#?}", report.changes);
    let spec = tightened[0].spec.as_ref().expect("a site");
    assert_eq!(spec.path, "rule_sets[0].rules[0]");
    let line = head[&spec.file].lines().nth(spec.line.expect("a line") - 1).unwrap_or_default();
    assert_eq!(line.trim(), "- length: { min: 1, max: 64 }");
}

#[test]
fn every_kind_has_a_case() {
    // Kinds whose base needs more than an edit have a test of their own.
    const OWN_TESTS: &[&str] = &["required-fields-reordered"];
    let covered: BTreeSet<&str> = CASES
        .iter()
        .flat_map(|c| c.expect.iter().map(|e| e.0))
        .chain(OWN_TESTS.iter().copied())
        .collect();
    let known: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
    let missing: Vec<&&str> = known.difference(&covered).collect();
    assert!(missing.is_empty(), "kinds without a case: {missing:?}");
    let unknown: Vec<&&str> = covered.difference(&known).collect();
    assert!(unknown.is_empty(), "cases expect unknown kind ids: {unknown:?}");
    assert!(CASES.len() >= 30, "only {} cases", CASES.len());
    let names: BTreeSet<&str> = CASES.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), CASES.len(), "case names must be unique");
}

#[test]
fn every_case_changes_its_specs_and_its_base_compiles() {
    for case in CASES {
        let (base, head) = sides(case);
        assert_ne!(base, head, "case `{}` edits nothing", case.name);
        compile(&base, &format!("base of `{}`", case.name));
    }
}

/// Kind ids are stable identifiers: kebab-case, unique, and the JSON spelling.
#[test]
fn kind_ids_are_unique_kebab_case_and_serialized_as_is() -> Result<(), serde_json::Error> {
    let mut seen = BTreeSet::new();
    for kind in Kind::ALL {
        let id = kind.id();
        assert!(seen.insert(id), "duplicate id {id}");
        assert!(
            id.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
            "{id} is not kebab-case"
        );
        assert_eq!(serde_json::to_value(kind)?, serde_json::json!(id));
        assert!(!kind.meaning().is_empty());
    }
    Ok(())
}

/// Reordering keys, anchors and aliases, quoting and scalar styles, flow versus
/// block collections, comments: the same specs, so no change at all.
#[test]
fn a_reformatted_spec_is_no_change() {
    let reformat: &[Edit] = &[
        // A comment; top-level keys reordered, quoting changed.
        Replace(
            "store",
            "service: store\ntitle: Box Storage\nversion: \"2024-01-01\"\n",
            "# Reformatted on purpose.\nversion: '2024-01-01'\ntitle: \"Box Storage\"\nservice: store\n",
        ),
        // Keys of a field reordered.
        Replace(
            "store",
            "      - name: Name\n        type: string\n        required: true\n        description: Box name.\n",
            "      - description: \"Box name.\"\n        required: true\n        name: Name\n        type: string\n",
        ),
        // An anchor on a whole field, an alias for the same field elsewhere.
        Replace(
            "store",
            "    response:\n      - name: RequestId\n        type: string\n        required: true\n        description: Request ID.\n    examples:",
            "    response:\n      - &request-id\n        name: RequestId\n        type: string\n        required: true\n        description: Request ID.\n    examples:",
        ),
        Replace(
            "store",
            "      - name: RequestId\n        type: string\n        required: true\n        description: Request ID.\n    errors:",
            "      - *request-id\n    errors:",
        ),
        // An anchor on a scalar, an alias for it.
        Replace(
            "store",
            "        description: Box secret.\n",
            "        description: &secret Box secret.\n",
        ),
        Replace(
            "store",
            "      - name: Comment\n        type: string\n        description: Free text.\n",
            "      - name: Comment\n        type: string\n        description: Free text.\n      - name: Comment2\n        type: string\n        description: *secret\n",
        ),
        // Flow to block, block to flow, plain to folded, plain to quoted.
        Replace(
            "store",
            "      supported: [ap-east, ap-west]\n",
            "      supported:\n        - ap-east\n        - \"ap-west\"\n",
        ),
        Replace("store", "endpoints:\n  - box.example.com\n", "endpoints: [box.example.com]\n"),
        Replace(
            "store",
            "    description: Who owns a box.\n",
            "    description: >-\n      Who owns\n      a box.\n",
        ),
        Replace("store", "known_values: [red, blue]", "known_values: ['red', \"blue\"]"),
        Replace(
            "store",
            "          - length: { min: 1, max: 128 }\n",
            "          - length:\n              max: 128\n              min: 1\n",
        ),
    ];
    // `Comment2` (spelt out in the base, an alias in the head) is there on both sides.
    let given: &[Edit] = &[Replace(
        "store",
        "      - name: Comment\n        type: string\n        description: Free text.\n",
        "      - name: Comment\n        type: string\n        description: Free text.\n      - name: Comment2\n        type: string\n        description: Box secret.\n",
    )];
    let mut spelt_out = base();
    apply(&mut spelt_out, given, "reformat");
    let mut reformatted = base();
    apply(&mut reformatted, reformat, "reformat");
    assert_ne!(spelt_out, reformatted, "the reformatting must change the text");
    let report = codegen::diff::diff(&compile(&spelt_out, "base"), &compile(&reformatted, "head"));
    assert!(
        report.changes.is_empty(),
        "a reformat is no change, found:\n{}",
        show(&found(&report))
    );
    assert_eq!(report.summary.suggested_bump, "none");
    assert_eq!(render(&report, Format::Text, false), "no changes\n", "text report of nothing");
}

/// Renaming an anchor (and its aliases) is no change either.
#[test]
fn renaming_an_anchor_is_no_change() {
    let with_anchor = |name: &str| {
        BOX.replacen(
            "        description: Box secret.\n",
            &format!("        description: &{name} Box secret.\n"),
            1,
        )
        .replacen(
            "        description: Free text.\n",
            &format!("        description: *{name}\n"),
            1,
        )
    };
    let mut base = base();
    base.insert(path("store"), with_anchor("secret"));
    let mut head = base.clone();
    head.insert(path("store"), with_anchor("shared-text"));
    assert_ne!(base, head);
    let report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
    assert!(report.changes.is_empty(), "{}", show(&found(&report)));
}

fn real_specs() -> Specs {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    codegen::load::read_dir(&dir).expect("the workspace's specs folder is readable")
}

#[test]
fn the_real_specs_against_themselves_are_no_change() {
    let texts = real_specs();
    let (old, new) = (compile(&texts, "specs/"), compile(&texts, "specs/"));
    let report = codegen::diff::diff(&old, &new);
    assert!(report.changes.is_empty(), "{}", show(&found(&report)));
    assert_eq!(report.summary.suggested_bump, "none");
    assert_eq!(report.summary.rust, None);
    assert_eq!(report.summary.wire, None);
    assert!(!report.fails(FailOn::Breaking) && !report.fails(FailOn::Major));
    assert_eq!(codegen::diff::code::code_diff(&old, &new), "");
    // Each provider on its own, against itself, too.
    for provider in ["alibabacloud", "tencentcloud"] {
        let one: Specs = texts
            .iter()
            .filter(|(path, _)| path.starts_with(&format!("{provider}/")))
            .map(|(path, text)| (path.clone(), text.clone()))
            .collect();
        let model = compile(&one, provider);
        assert!(codegen::diff::diff(&model, &model).changes.is_empty());
    }
}

#[test]
fn the_report_is_deterministic() {
    // A head with many changes at once: every single-file edit of the table.
    let mut head = base();
    let mut applied = 0;
    for case in CASES.iter().filter(|c| c.given.is_empty()) {
        let mut attempt = head.clone();
        let applies = case.edit.iter().all(|edit| match *edit {
            Replace(file, from, _) => {
                head.get(&path(file)).is_some_and(|text| text.matches(from).count() == 1)
            }
            Write(..) | Delete(_) => false,
        });
        if !applies {
            continue;
        }
        apply(&mut attempt, case.edit, case.name);
        if codegen::compile(&attempt).is_ok() {
            head = attempt;
            applied += 1;
        }
    }
    assert!(applied > 20, "only {applied} edits combined");
    let base = base();
    let run = || {
        let report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
        let renders =
            [Format::Text, Format::Markdown, Format::Json].map(|f| render(&report, f, false));
        (report, renders)
    };
    let (first, first_renders) = run();
    let (second, second_renders) = run();
    assert!(first.changes.len() > 20);
    assert_eq!(first, second);
    assert_eq!(first_renders, second_renders);
    let mut sorted = first.changes.clone();
    sorted.sort();
    assert_eq!(sorted, first.changes, "changes are sorted");
    assert!(check_summary(&first).is_ok());
    assert_eq!(first.summary.suggested_bump, "major");
}

fn report_of(name: &str) -> Report {
    let case = CASES.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
    let (base, head) = sides(case);
    codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"))
}

#[test]
fn suggested_bump_is_the_worst_rust_effect() {
    for (name, bump) in [
        ("length limit tightened (request)", "patch"),
        ("new optional request field", "minor"),
        ("new error code", "minor"),
        ("error code removed", "major"),
        ("action removed", "major"),
        ("endpoint replaced", "patch"),
        ("new request field of a new type", "minor"),
    ] {
        let report = report_of(name);
        assert_eq!(report.summary.suggested_bump, bump, "{name}");
        let worst = report.changes.iter().map(|c| c.rust).max();
        assert_eq!(report.summary.rust, worst, "{name}");
    }
}

#[test]
fn fail_on_gates_on_breaking_or_major() {
    // (case, fails --fail-on breaking, fails --fail-on major)
    for (name, breaking, major) in [
        ("length limit tightened (request)", true, false),
        ("length limit loosened (request)", false, false),
        ("new optional request field", false, false),
        ("new error code", false, false),
        ("error code removed", false, true),
        ("request field becomes optional", false, true),
        ("new required request field", true, true),
        ("field description changed", false, false),
    ] {
        let report = report_of(name);
        assert_eq!(report.fails(FailOn::Breaking), breaking, "{name}: breaking");
        assert_eq!(report.fails(FailOn::Major), major, "{name}: major");
    }
    let texts = base();
    let model = compile(&texts, "base");
    let nothing = codegen::diff::diff(&model, &model);
    assert!(!nothing.fails(FailOn::Breaking) && !nothing.fails(FailOn::Major));
}

#[test]
fn impact_of_a_type_used_both_ways_is_the_worst_of_each_side() {
    for kind in Kind::ALL {
        let (input, output, both) = (
            kind.impact(Direction::Input),
            kind.impact(Direction::Output),
            kind.impact(Direction::Both),
        );
        assert_eq!(both, (input.0.max(output.0), input.1.max(output.1)), "{}", kind.id());
    }
}

/// Reordering the required fields of a request reorders the parameters of its
/// `new` constructor: code written against the base either stops compiling or,
/// worse, silently swaps arguments of the same type. That is a major change.
#[test]
fn reordering_required_request_fields_is_a_major_change() {
    let mut base = base();
    apply(
        &mut base,
        &[Replace(
            "store",
            "        description: Free text.\n",
            "        description: Free text.\n        required: true\n",
        )],
        "setup",
    );
    let mut head = base.clone();
    let name = "      - name: Name\n        type: string\n        required: true\n        description: Box name.\n        rules:\n          - length: { min: 1, max: 128 }\n          - pattern: '^[a-z0-9-]+$'\n            explain: lowercase letters, digits and hyphens\n";
    let comment = "      - name: Comment\n        type: string\n        description: Free text.\n        required: true\n";
    let text = head.get_mut(&path("store")).expect("store.yaml");
    *text = text.replacen(name, "", 1).replacen(comment, &format!("{comment}{name}"), 1);
    let (old, new) = (compile(&base, "base"), compile(&head, "head"));
    let code = codegen::diff::code::code_diff(&old, &new);
    // The parameters are one per line (generated code names `rt::Into<rt::String>`).
    assert!(
        code.contains(
            "     pub fn new(\n\
             +        comment: impl rt::Into<rt::String>,\n\
             \x20        name: impl rt::Into<rt::String>,\n\
             -        comment: impl rt::Into<rt::String>,\n"
        ),
        "the constructor's parameters swap:\n{code}"
    );
    let report = codegen::diff::diff(&old, &new);
    assert_eq!(
        found(&report),
        [(
            "required-fields-reordered".to_owned(),
            "PutBox.request".to_owned(),
            Wire::Info,
            Rust::Major
        )],
        "`PutBoxRequest::new(name, comment)` became `new(comment, name)`, but the diff reports:\n{}",
        show(&found(&report))
    );
}

/// The envelope decides how every response is parsed; moving the error code to
/// another key breaks every reader of errors.
#[test]
fn an_envelope_change_is_reported_as_breaking() {
    let base = base();
    let mut head = base.clone();
    apply(&mut head, &[Replace("provider", "  code: Code\n", "  code: ErrorCode\n")], "envelope");
    let (old, new) = (compile(&base, "base"), compile(&head, "head"));
    assert!(
        codegen::diff::code::code_diff(&old, &new).contains("code: \"ErrorCode\""),
        "the generated ENVELOPE changes"
    );
    let report = codegen::diff::diff(&old, &new);
    assert_eq!(
        report.summary.wire,
        Some(Wire::Breaking),
        "the response envelope changed, but the diff reports:\n{}",
        show(&found(&report))
    );
}

/// A change to what a provider shares (envelope, protocol, violation codes,
/// title, notes) lists
/// every action of the provider's services it touches, in JSON, text and
/// Markdown; a change inside a service lists none. A new common error code
/// needs no list: it is reported at each action (`new common error code of the
/// provider`).
#[test]
fn provider_wide_changes_list_the_actions_they_affect() {
    let every_action = [
        "acme/store 2024-01-01 GetBox",
        "acme/store 2024-01-01 PutBox",
        "acme/vault 2024-06-01 Seal",
    ];
    let listed = "affects: acme/store 2024-01-01 GetBox, acme/store 2024-01-01 PutBox, acme/vault 2024-06-01 Seal";
    for (name, edit, kind) in [
        (
            "envelope",
            Replace("provider", "  code: Code\n", "  code: ErrorCode\n"),
            Kind::EnvelopeChanged,
        ),
        (
            "protocol",
            Replace("provider", "protocol: tencent-api3\n", "protocol: alibaba-rpc\n"),
            Kind::ProtocolChanged,
        ),
        (
            "title",
            Replace("provider", "title: Acme Cloud\n", "title: Acme Cloud Platform\n"),
            Kind::DescriptionChanged,
        ),
    ] {
        let mut base = base();
        apply(&mut base, &[Write("vault", VAULT)], name);
        let mut head = base.clone();
        apply(&mut head, &[edit], name);
        let report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
        let [change] = report.changes.as_slice() else {
            panic!("{name}: one change expected:\n{}", show(&found(&report)))
        };
        assert_eq!(change.kind, kind, "{name}");
        assert_eq!(change.affects, every_action, "{name}");
        let json = render(&report, Format::Json, false);
        assert!(
            json.contains("\"affects\": [\n        \"acme/store 2024-01-01 GetBox\""),
            "{name}: {json}"
        );
        for format in [Format::Text, Format::Markdown] {
            let out = render(&report, format, false);
            assert!(out.contains(listed), "{name}: {out}");
        }
    }
    let report = report_of("service title changed");
    assert!(report.changes.iter().all(|c| c.affects.is_empty()));
    // The provider's violation codes reach every action; the rules answering
    // them are each reported where they are written.
    let report = report_of("violation code of the provider changed");
    let at_provider: Vec<_> = report.changes.iter().filter(|c| !c.affects.is_empty()).collect();
    let [change] = at_provider.as_slice() else { panic!("{}", show(&found(&report))) };
    assert_eq!(
        (change.kind, change.location.as_str()),
        (Kind::RuleCodeChanged, "violation_codes.invalid")
    );
    assert_eq!(change.affects, every_action[..2]);
}

/// What a new version changes from its previous one is listed under its own
/// heading and left out of the summary: nothing existing breaks.
#[test]
fn a_new_version_is_shown_against_its_previous_one_and_not_counted() {
    let report = report_of("new API version with one field more than the previous");
    assert_eq!(report.summary.rust, Some(Rust::Minor));
    assert_eq!(report.summary.wire, Some(Wire::NonBreaking));
    assert_eq!((report.summary.non_breaking, report.summary.breaking), (1, 0));
    let text = render(&report, Format::Text, false);
    assert!(text.starts_with("1 change: 0 breaking"), "{text}");
    assert!(text.contains("; and 1 change of new versions against their previous ones"), "{text}");
    assert!(
        text.contains(
            "acme/store 2025-01-01 (new version, against acme/store 2024-01-01) · PutBox"
        ),
        "{text}"
    );
    let markdown = render(&report, Format::Markdown, false);
    assert!(
        markdown.contains(
            "### `acme/store 2025-01-01` (new version, against `acme/store 2024-01-01`) · `PutBox`"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("are not counted above"), "{markdown}");
    let json = render(&report, Format::Json, false);
    assert!(json.contains("\"relative_to\": \"acme/store 2024-01-01\""), "{json}");
    assert!(!render(&report, Format::Text, false).contains("affects:"));
}

/// Whenever the generated code changes, the report must say something: a
/// report of "no changes" (suggested bump `none`) next to a non-empty code diff
/// misleads the reviewer. These edits change only documentation or order.
#[test]
fn every_change_to_the_generated_code_is_reported() {
    let edits: &[(&str, &[Edit])] = &[
        (
            "field example changed",
            &[Replace(
                "store",
                "        description: Free text.\n",
                "        description: Free text.\n        example: hello\n",
            )],
        ),
        (
            "pattern explanation changed",
            &[Replace(
                "store",
                "explain: lowercase letters, digits and hyphens",
                "explain: lowercase ASCII letters, digits and hyphens",
            )],
        ),
        (
            "region description changed",
            &[Replace(
                "store",
                "description: Where the box is stored.",
                "description: The region where the box is stored.",
            )],
        ),
        (
            "source document changed",
            &[Replace("store", "document: box.txt", "document: box-v2.txt")],
        ),
        (
            "source last_updated added",
            &[Replace(
                "store",
                "  document: box.txt\n",
                "  document: box.txt\n  last_updated: \"2024-05-01\"\n",
            )],
        ),
        (
            "provider title changed",
            &[Replace("provider", "title: Acme Cloud", "title: Acme Cloud Platform")],
        ),
        (
            "error codes reordered",
            &[Replace(
                "store",
                "      - code: BoxExists\n        description: The box already exists.\n        http_status: 409\n      - code: Throttled\n        description: Too many requests.\n",
                "      - code: Throttled\n        description: Too many requests.\n      - code: BoxExists\n        description: The box already exists.\n        http_status: 409\n",
            )],
        ),
        (
            "optional request fields reordered",
            &[Replace(
                "store",
                "      - name: Secret\n        type: string\n        sensitive: true\n        description: Box secret.\n      - name: Comment\n        type: string\n        description: Free text.\n",
                "      - name: Comment\n        type: string\n        description: Free text.\n      - name: Secret\n        type: string\n        sensitive: true\n        description: Box secret.\n",
            )],
        ),
    ];
    let mut unreported = String::new();
    for (name, edit) in edits {
        let base = base();
        let mut head = base.clone();
        apply(&mut head, edit, name);
        let (old, new) = (compile(&base, "base"), compile(&head, "head"));
        let code = codegen::diff::code::code_diff(&old, &new);
        let report = codegen::diff::diff(&old, &new);
        if !code.is_empty() && report.changes.is_empty() {
            let lines = code
                .lines()
                .filter(|l| {
                    (l.starts_with('+') || l.starts_with('-'))
                        && !l.starts_with("+++")
                        && !l.starts_with("---")
                })
                .count();
            unreported.push_str(&format!(
                "  {name}: {lines} changed lines of generated code, report: no changes\n"
            ));
        }
    }
    // And every case of the table: a code change is never "no changes".
    for case in CASES {
        let (base, head) = sides(case);
        let (old, new) = (compile(&base, "base"), compile(&head, "head"));
        if !codegen::diff::code::code_diff(&old, &new).is_empty()
            && codegen::diff::diff(&old, &new).changes.is_empty()
        {
            unreported.push_str(&format!("  {}: code changed, report: no changes\n", case.name));
        }
    }
    assert!(
        unreported.is_empty(),
        "generated code changed but the diff reports nothing:\n{unreported}"
    );
}

/// Allowed values compare as the scalars they denote: `[1, 2]` and `["1", "2"]`
/// are the same values (see `compare/rules.rs`), so when a field's type moves
/// from integer to string, its type change is the one change reported.
#[test]
fn allowed_values_compare_as_values_not_json_text() {
    let mut base = base();
    let size = "      - name: Size\n        type: integer\n        description: Size in GB.\n        rules:\n          - range: { min: 1, max: 100 }\n";
    let size_one_of = "      - name: Size\n        type: integer\n        description: Size in GB.\n        rules:\n          - one_of: [1, 2]\n";
    apply(&mut base, &[Replace("store", size, size_one_of)], "base");
    let mut head = base.clone();
    let as_text = "      - name: Size\n        type: string\n        description: Size in GB.\n        rules:\n          - one_of: [\"1\", \"2\"]\n";
    apply(&mut head, &[Replace("store", size_one_of, as_text)], "head");
    let report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
    assert_eq!(
        found(&report),
        [("field-type-changed".to_owned(), "PutBox.request.Size".to_owned(), B, MAJOR)]
    );
    // A value really added is still one.
    let mut more = base.clone();
    apply(&mut more, &[Replace("store", "one_of: [1, 2]", "one_of: [1, 2, 3]")], "more");
    let report = codegen::diff::diff(&compile(&base, "base"), &compile(&more, "more"));
    assert_eq!(
        found(&report),
        [("allowed-value-added".to_owned(), "PutBox.request.Size".to_owned(), NB, PATCH)]
    );
}

/// The reports: a security flag above the table when `sensitive` is dropped,
/// full values (a word diff for long text, never cut), who breaks and why on
/// each row, and for a major change the Rust items it touches.
#[test]
fn reports_flag_security_show_full_values_why_and_rust_items() {
    let report = report_of("field no longer sensitive");
    for format in [Format::Text, Format::Markdown] {
        let out = render(&report, format, false);
        let flag = out.find("no longer sensitive").unwrap_or_else(|| panic!("{out}"));
        let row = out.find("sensitivity-removed").unwrap_or_else(|| panic!("{out}"));
        assert!(flag < row, "the security flag comes first:\n{out}");
        assert!(out.contains("no longer redacted"), "{out}");
    }
    let long =
        "A long description of a box name, which goes on and on past any cut a report could make.";
    let (mut base, store) = (base(), path("store"));
    let described = BOX.replacen("description: Box name.", &format!("description: {long}"), 1);
    base.insert(store.clone(), described.clone());
    let mut head = base.clone();
    head.insert(store, described.replacen("goes on and on", "runs on", 1));
    let report = codegen::diff::diff(&compile(&base, "base"), &compile(&head, "head"));
    let markdown = render(&report, Format::Markdown, false);
    assert!(markdown.contains("[-goes on and-]{+runs +}on past"), "{markdown}");
    assert!(markdown.contains("any cut a report could make."), "not cut: {markdown}");
    assert!(markdown.contains("| documentation only |"), "{markdown}");

    let report = report_of("new required request field");
    let change = &report.changes[0];
    assert_eq!(change.rust_items, ["`PutBoxRequest::new`: 1 → 2 arguments"]);
    assert_eq!(change.why, "existing callers do not send Zone and are rejected");
    assert!(
        render(&report, Format::Markdown, false)
            .contains("**major**: `PutBoxRequest::new: 1 → 2 arguments`")
    );
    assert!(
        render(&report, Format::Text, false).contains("rust: PutBoxRequest::new: 1 → 2 arguments")
    );
    let report = report_of("wire name recased, Rust name changed, with a rule tightened");
    let renamed = report.changes.iter().find(|c| c.kind == Kind::WireNameChanged);
    assert_eq!(
        renamed.map(|c| c.rust_items.as_slice()),
        Some(
            [
                "`PutBoxRequest::email` → `PutBoxRequest::e_mail`".to_owned(),
                "`PutBoxRequest::with_email` → `PutBoxRequest::with_e_mail`".to_owned()
            ]
            .as_slice()
        )
    );
    // A type that derived `Default` loses it, as the generator decides.
    for (name, kind, items) in [
        (
            "request-only type with no required field: required field added",
            Kind::RequiredFieldAdded,
            &["`Tag::new`: 0 → 1 argument", "`Tag: Default` removed"][..],
        ),
        (
            "request-only type with no required field: field becomes required",
            Kind::FieldNowRequired,
            &[
                "`Tag::value`: `Option<String>` → `String`",
                "`Tag::new`: 0 → 1 argument",
                "`Tag: Default` removed",
            ],
        ),
        (
            "type with no required field no longer used in requests",
            Kind::TypeNoLongerInRequests,
            &["`Tag::new` and its `with_*` setters removed", "`Tag: Default` removed"],
        ),
        (
            "new required request field",
            Kind::RequiredFieldAdded,
            &["`PutBoxRequest::new`: 1 → 2 arguments"],
        ),
    ] {
        let report = report_of(name);
        let change = report.changes.iter().find(|c| c.kind == kind).expect("the change");
        assert_eq!(change.rust_items, items, "{name}");
    }
    let report = report_of("response field becomes optional (breaking for readers)");
    assert_eq!(
        report.changes[0].rust_items,
        ["`PutBoxResponse::box_id`: `String` → `Option<String>`"]
    );
}

#[test]
fn fail_on_may_break_includes_breaking_and_minor_includes_major() {
    // (case, breaking, may-break, minor, major)
    for (name, breaking, may_break, minor, major) in [
        ("pattern changed", false, true, false, false),
        ("length limit tightened (request)", true, true, false, false),
        ("new optional request field", false, false, true, false),
        ("error code removed", false, false, true, true),
        ("field description changed", false, false, false, false),
    ] {
        let report = report_of(name);
        assert_eq!(report.fails(FailOn::Breaking), breaking, "{name}: breaking");
        assert_eq!(report.fails(FailOn::MayBreak), may_break, "{name}: may-break");
        assert_eq!(report.fails(FailOn::Minor), minor, "{name}: minor");
        assert_eq!(report.fails(FailOn::Major), major, "{name}: major");
    }
    assert_eq!(report_of("pattern changed").summary.may_break, 1);
}

#[test]
fn a_removed_setter_is_named_as_generated() {
    // `Type` is the field `r#type`, whose setter is `with_type`.
    let mut base = base();
    let typed = "        description: Free text.\n      - name: Type\n        type: string\n        description: Box type.\n";
    apply(&mut base, &[Replace("store", "        description: Free text.\n", typed)], "keyword");
    let report = codegen::diff::diff(&compile(&base, "base"), &compile(&self::base(), "head"));
    let removed = report.changes.iter().find(|c| c.kind == Kind::FieldRemoved);
    assert_eq!(
        removed.map(|c| c.rust_items.as_slice()),
        Some(
            [
                "`PutBoxRequest::r#type` removed".to_owned(),
                "`PutBoxRequest::with_type` removed".to_owned()
            ]
            .as_slice()
        )
    );
}
