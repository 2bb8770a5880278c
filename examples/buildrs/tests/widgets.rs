//! The API `build.rs` generated from `specs/acme/` works like the checked-in
//! crate's: builders, validation with the API's codes, response parsing, error
//! enums and the action registry.

use buildrs_example::acme::widgets::v20240115::{
    CreateWidget, CreateWidgetError, CreateWidgetRequest,
};
use buildrs_example::{ApiError, Operation, Rule, Validate};

#[test]
fn a_valid_request_passes_and_serializes_with_wire_names() -> Result<(), serde_json::Error> {
    let request = CreateWidgetRequest::new("w1")
        .with_serial("123456")
        .with_color("red")
        .with_tags(vec!["blue".to_owned()])
        .with_attributes(serde_json::json!({"shelf": 3}));
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(
        serde_json::to_value(&request)?,
        serde_json::json!({
            "Name": "w1", "Serial": "123456", "Color": "red", "Tags": ["blue"],
            "Attributes": {"shelf": 3}
        })
    );
    Ok(())
}

#[test]
fn a_broken_rule_is_one_violation_with_its_documented_code() {
    let request = CreateWidgetRequest::new("w2").with_serial("12ab56");
    let violations = request.validate().err().map(|errors| errors.0).unwrap_or_default();
    assert_eq!(violations.len(), 1, "{violations:?}");
    let violation = &violations[0];
    assert_eq!(violation.path, "Serial");
    assert_eq!(violation.code, "InvalidParameterValue.Serial");
    assert!(matches!(violation.rule, Rule::Pattern { explain: "6 to 15 digits", .. }));
    assert_eq!(violation.actual.as_deref(), Some("12ab56"));
}

#[test]
fn a_response_body_parses_into_the_response() {
    let body = r#"{"Response": {"WidgetId": "wid-1", "RequestId": "req-1"}}"#;
    match CreateWidget::parse_response(body) {
        Ok(response) => {
            assert_eq!(response.widget_id, "wid-1");
            assert_eq!(response.request_id, "req-1");
        }
        Err(error) => panic!("unexpected error: {error:?}"),
    }
}

#[test]
fn an_error_body_parses_into_the_error_enum() {
    let body = r#"{"Response": {"Error": {"Code": "ResourceInUse.WidgetName",
                   "Message": "name taken"}, "RequestId": "req-2"}}"#;
    match CreateWidget::parse_response(body) {
        Err(ApiError::Service { error, message, request_id, .. }) => {
            assert_eq!(error, CreateWidgetError::ResourceInUseWidgetName);
            assert_eq!(error.http_status(), Some(409));
            assert!(!error.is_retryable());
            assert_eq!(message, "name taken");
            assert_eq!(request_id.as_deref(), Some("req-2"));
        }
        other => panic!("unexpected: {other:?}"),
    }
    assert!(CreateWidgetError::RequestLimitExceeded.is_retryable());
    assert_eq!(
        CreateWidgetError::from_code("Brand.New"),
        CreateWidgetError::Unknown("Brand.New".to_owned())
    );
}

#[test]
fn the_registry_lists_the_action() {
    let names: Vec<_> = buildrs_example::operations()
        .iter()
        .map(|info| (info.provider, info.service, info.version, info.action))
        .collect();
    assert_eq!(names, [("acme", "widgets", "2024-01-15", "CreateWidget")]);
    assert_eq!(CreateWidget::ENDPOINTS, ["widgets.acme.example"]);
}
