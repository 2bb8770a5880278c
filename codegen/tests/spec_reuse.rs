//! Saying things once: a rule set, or a YAML anchor and alias, lowers to the
//! same model as the rules written out in full, and every rule still points
//! to its source (`basis`, defaulted from the error row its code names).

use std::collections::BTreeMap;

use codegen::model::{Model, Rule};

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
  - code: FailedOperation.TooLong
    description: The common wording.
"#;

/// A service whose `PutBox` request has the fields given, and a type `Label`
/// (used by the request) whose one field has `label_rules`.
fn service(head: &str, fields: &str, label_rules: &str) -> String {
    format!(
        r#"service: store
title: Box Storage
version: "2024-01-01"
source:
  document: box.txt
{head}types:
  - name: Label
    description: A label.
    fields:
      - name: Text
        type: string
        description: Label text.
{label_rules}actions:
  - name: PutBox
    description: Puts a box.
    request:
{fields}      - name: Labels
        type: array<Label>
        description: Labels.
    response: []
    errors:
      - code: FailedOperation.TooLong
        description: The value is too long (the action's wording).
"#
    )
}

fn compile(service: &str) -> Model {
    let texts = BTreeMap::from([
        ("acme/provider.yaml".to_owned(), PROVIDER.to_owned()),
        ("acme/store.yaml".to_owned(), service.to_owned()),
    ]);
    match codegen::compile(&texts) {
        Ok(model) => model,
        Err(diagnostics) => {
            panic!("spec does not compile:\n{}", codegen::diagnostic::render(&diagnostics))
        }
    }
}

/// The rules of a request field of `PutBox`, or of `Label.Text` for `"Label.Text"`.
fn rules<'m>(model: &'m Model, field: &str) -> &'m [Rule] {
    let service = &model.providers[0].services[0];
    let (fields, name) = match field.split_once('.') {
        Some((ty, name)) => {
            let ty = service.types.iter().find(|t| t.rust_name == ty).expect("type");
            (&ty.fields, name)
        }
        None => (&service.actions[0].request.fields, field),
    };
    &fields.iter().find(|f| f.wire_name == name).expect("field").rules
}

const WRITTEN_OUT: &str = r#"      - name: Password
        type: string
        description: A password.
        rules:
          - length: { min: 8 }
            code: FailedOperation.TooLong
            advisory: true
            basis: The doc's default policy.
          - pattern: '[0-9]'
            explain: contains a digit
            code: FailedOperation.TooLong
            advisory: true
            basis: The doc's default policy.
          - length: { max: 64 }
      - name: Pin
        type: string
        description: A PIN.
        rules:
          - length: { min: 8 }
            code: FailedOperation.TooLong
            advisory: true
            basis: The doc's default policy.
          - pattern: '[0-9]'
            explain: contains a digit
            code: FailedOperation.TooLong
            advisory: true
            basis: The doc's default policy.
"#;

const LABEL_WRITTEN_OUT: &str = "        rules:
          - length: { min: 8 }
            code: FailedOperation.TooLong
            advisory: true
            basis: The doc's default policy.
          - pattern: '[0-9]'
            explain: contains a digit
            code: FailedOperation.TooLong
            advisory: true
            basis: The doc's default policy.
";

#[test]
fn a_rule_set_lowers_to_its_rules_written_out() {
    let sets = r#"rule_sets:
  - name: Policy
    code: FailedOperation.TooLong
    advisory: true
    basis: The doc's default policy.
    rules:
      - length: { min: 8 }
      - pattern: '[0-9]'
        explain: contains a digit
"#;
    let using = r#"      - name: Password
        type: string
        description: A password.
        rules:
          - use: Policy
          - length: { max: 64 }
      - name: Pin
        type: string
        description: A PIN.
        rules: [{ use: Policy }]
"#;
    let with_set = compile(&service(sets, using, "        rules: [{ use: Policy }]\n"));
    let written = compile(&service("", WRITTEN_OUT, LABEL_WRITTEN_OUT));
    assert_eq!(with_set, written);
}

#[test]
fn anchors_and_aliases_lower_like_the_expanded_spec() {
    let anchored = r#"      - name: Password
        type: string
        description: A password.
        rules:
          - &min8
            length: { min: 8 }
            code: FailedOperation.TooLong
            advisory: true
            basis: &policy The doc's default policy.
          - &digit
            pattern: '[0-9]'
            explain: contains a digit
            code: FailedOperation.TooLong
            advisory: true
            basis: *policy
          - length: { max: 64 }
      - name: Pin
        type: string
        description: A PIN.
        rules: &pin_rules
          - *min8
          - *digit
"#;
    let expanded = compile(&service("", WRITTEN_OUT, LABEL_WRITTEN_OUT));
    let with_anchors = compile(&service("", anchored, LABEL_WRITTEN_OUT));
    assert_eq!(with_anchors, expanded);
    let label = "        rules: *pin_rules\n";
    // Aliases resolve in document order: `types:` comes first in this
    // service, so it cannot alias what an action defines later.
    let texts = BTreeMap::from([
        ("acme/provider.yaml".to_owned(), PROVIDER.to_owned()),
        ("acme/store.yaml".to_owned(), service("", anchored, label)),
    ]);
    assert!(codegen::compile(&texts).is_err(), "an alias before its anchor must not load");
}

#[test]
fn basis_defaults_to_the_error_row_of_the_rule_code() {
    let fields = r#"      - name: Name
        type: string
        description: A name.
        rules:
          - length: { max: 8 }
            code: FailedOperation.TooLong
          - length: { min: 1 }
          - pattern: '^[a-z]+$'
            explain: lowercase letters
            code: InvalidParameter
            basis: The description's second sentence.
"#;
    let label = "        rules:\n          - length: { max: 8 }\n            code: FailedOperation.TooLong\n";
    let model = compile(&service("", fields, label));
    let bases: Vec<Option<&str>> =
        rules(&model, "Name").iter().map(|r| r.basis.as_deref()).collect();
    assert_eq!(
        bases,
        [
            // The action's own row wins over the provider's common one.
            Some(
                r#"Error code FailedOperation.TooLong: "The value is too long (the action's wording).""#
            ),
            // No code of its own: the field's description is its basis.
            None,
            Some("The description's second sentence."),
        ]
    );
    // Inside a type, the first row in the service's doc order.
    assert_eq!(
        rules(&model, "Label.Text")[0].basis.as_deref(),
        Some(
            r#"Error code FailedOperation.TooLong: "The value is too long (the action's wording).""#
        )
    );
}

#[test]
fn a_rule_set_without_basis_takes_its_code_row() {
    let sets = "rule_sets:\n  - name: Short\n    code: FailedOperation.TooLong\n    rules:\n      - length: { max: 8 }\n";
    let fields = "      - name: Name\n        type: string\n        description: A name.\n        rules: [{ use: Short }]\n";
    let model = compile(&service(sets, fields, ""));
    let rule = &rules(&model, "Name")[0];
    assert_eq!(rule.code, "FailedOperation.TooLong");
    assert!(!rule.advisory);
    assert_eq!(
        rule.basis.as_deref(),
        Some(
            r#"Error code FailedOperation.TooLong: "The value is too long (the action's wording).""#
        )
    );
}
