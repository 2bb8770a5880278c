//! Decoding requests from JSON with `Operation::decode_request`, against the real
//! generated crate: every problem of a body at once (missing fields, type errors,
//! broken rules), each at its wire path with the code the provider answers with,
//! one violation per problem, and never a sensitive value.

use cloud_api_types::alibabacloud::eiam::v20211201 as eiam;
use cloud_api_types::tencentcloud::{
    cam::v20190116 as cam, ciam::v20220331 as ciam, organization::v20210331 as tco,
};
use cloud_api_types::{Operation, Rule, ValidationErrors};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The violations of a body that must not decode, as (path, code, rule).
fn problems<O: Operation>(body: &str) -> Result<Vec<(String, &'static str, Rule)>, String> {
    match O::decode_request(body.as_bytes()) {
        Ok(request) => Err(format!("{body} decoded without a problem: {request:?}")),
        Err(errors) => Ok(errors.0.into_iter().map(|v| (v.path, v.code, v.rule)).collect()),
    }
}

fn errors<O: Operation>(body: &str) -> Result<ValidationErrors, String> {
    O::decode_request(body.as_bytes()).map(|r| format!("decoded: {r:?}")).map_or_else(Ok, Err)
}

fn type_error(expected: &'static str, found: &'static str) -> Rule {
    Rule::Type { expected, found }
}

#[test]
fn organization_empty_body_reports_every_missing_field() -> TestResult {
    assert_eq!(
        problems::<tco::UpdateUser>("{}")?,
        [
            ("ZoneId".to_owned(), "MissingParameter", Rule::Required),
            ("UserId".to_owned(), "MissingParameter", Rule::Required),
        ]
    );
    Ok(())
}

#[test]
fn cam_missing_field_and_broken_rule_are_reported_together() -> TestResult {
    let found = problems::<cam::UpdateUser>(r#"{"ConsoleLogin": 5, "Remark": "r"}"#)?;
    assert_eq!(
        found,
        [
            ("Name".to_owned(), "MissingParameter", Rule::Required),
            (
                "ConsoleLogin".to_owned(),
                "InvalidParameterValue",
                Rule::OneOf { allowed: &["0", "1"] }
            ),
        ]
    );
    Ok(())
}

#[test]
fn type_errors_name_their_wire_path_and_tencent_invalid_code() -> TestResult {
    // `null` for a required string and a word for an integer: both reported, values shown.
    let errors = errors::<cam::UpdateUser>(r#"{"Name": null, "ConsoleLogin": "yes"}"#)?;
    let found: Vec<(&str, &str, &Rule, Option<&str>)> =
        errors.iter().map(|v| (v.path.as_str(), v.code, &v.rule, v.actual.as_deref())).collect();
    assert_eq!(
        found,
        [
            ("Name", "InvalidParameterValue", &type_error("a string", "null"), Some("null")),
            (
                "ConsoleLogin",
                "InvalidParameterValue",
                &type_error("an integer", "a string"),
                Some("yes")
            ),
        ]
    );
    assert_eq!(
        errors.0[1].to_string(),
        r#"ConsoleLogin must be an integer, not a string (got "yes") [InvalidParameterValue]"#
    );
    Ok(())
}

#[test]
fn eiam_problems_inside_array_items_use_alibaba_codes() -> TestResult {
    let body = serde_json::json!({
        "UserId": "user_1",
        "DisplayName": "d".repeat(130),
        "CustomFields": [{"FieldName": 5}, {"FieldName": "nick_name", "Operation": ["add"]}, "x"],
    })
    .to_string();
    let found = problems::<eiam::UpdateUser>(&body)?;
    assert_eq!(
        found,
        [
            ("InstanceId".to_owned(), "MissingParameter", Rule::Required),
            (
                "CustomFields[0].FieldName".to_owned(),
                "InvalidParameter",
                type_error("a string", "a number")
            ),
            (
                "CustomFields[1].Operation".to_owned(),
                "InvalidParameter",
                type_error("a string", "an array")
            ),
            ("CustomFields[2]".to_owned(), "InvalidParameter", type_error("an object", "a string")),
            (
                "DisplayName".to_owned(),
                "InvalidParameter",
                Rule::Length { min: None, max: Some(128), actual: 130 }
            ),
        ]
    );
    Ok(())
}

#[test]
fn bodies_that_are_not_json_objects_are_one_violation_at_the_root() -> TestResult {
    let errors = errors::<cam::UpdateUser>(r#"{"Name": "#)?;
    assert_eq!(errors.len(), 1);
    assert_eq!((errors.0[0].path.as_str(), errors.0[0].code), ("", "InvalidParameterValue"));
    assert!(matches!(errors.0[0].rule, Rule::Json { .. }), "{errors}");
    assert!(errors.0[0].message().starts_with("the body must be JSON"), "{errors}");

    let found = problems::<eiam::UpdateUser>("[1]")?;
    assert_eq!(found, [(String::new(), "InvalidParameter", type_error("an object", "an array"))]);
    Ok(())
}

#[test]
fn integers_sent_as_strings_still_decode() -> TestResult {
    let request = cam::UpdateUser::decode_request(
        br#"{"Name": "alice", "ConsoleLogin": "1", "NeedResetPassword": 0, "Unknown": true}"#,
    )?;
    assert_eq!(
        request,
        cam::UpdateUserRequest::new("alice").with_console_login(1).with_need_reset_password(0)
    );
    Ok(())
}

#[test]
fn an_integer_string_with_whitespace_around_it_is_a_type_error_for_both_decoders() -> TestResult {
    for text in [" 1 ", "1 ", "\\t1"] {
        let body = format!(r#"{{"Name": "alice", "ConsoleLogin": "{text}"}}"#);
        assert_eq!(
            problems::<cam::UpdateUser>(&body)?,
            [(
                "ConsoleLogin".to_owned(),
                "InvalidParameterValue",
                type_error("an integer", "a string")
            )],
            "{body}"
        );
        assert!(serde_json::from_str::<cam::UpdateUserRequest>(&body).is_err(), "{body}");
    }
    // Rust's integer syntax is the rule: a sign and leading zeros are part of it.
    let body = br#"{"Name": "alice", "ConsoleLogin": "+1", "NeedResetPassword": "00"}"#;
    let expected =
        cam::UpdateUserRequest::new("alice").with_console_login(1).with_need_reset_password(0);
    assert_eq!(cam::UpdateUser::decode_request(body)?, expected);
    assert_eq!(serde_json::from_slice::<cam::UpdateUserRequest>(body)?, expected);
    Ok(())
}

#[test]
fn an_integer_beyond_the_i64_range_is_out_of_range_and_shown_as_sent() -> TestResult {
    let range = Rule::Range { min: Some(i64::MIN), max: Some(i64::MAX) };
    for number in ["99999999999999999999", "-9223372036854775809", "\"99999999999999999999\""] {
        let body = format!(r#"{{"Name": "alice", "ConsoleLogin": {number}}}"#);
        let errors = errors::<cam::UpdateUser>(&body)?;
        let found: Vec<(&str, &str, &Rule)> =
            errors.iter().map(|v| (v.path.as_str(), v.code, &v.rule)).collect();
        assert_eq!(found, [("ConsoleLogin", "InvalidParameterValue", &range)], "{body}");
        let sent = number.trim_matches('"');
        assert_eq!(
            errors.0[0].message(),
            format!(
                "ConsoleLogin must be between -9223372036854775808 and 9223372036854775807 (got {sent:?})"
            )
        );
    }
    Ok(())
}

#[test]
fn a_valid_doc_example_decodes_to_what_serde_gives() -> TestResult {
    // specs/tencentcloud/ciam.yaml, Example1.
    let body = r#"{
        "UserName": "xx", "UserStoreId": "xx", "UserGroup": ["xxx"], "UserId": "xx",
        "Birthdate": 0, "PhoneNumber": "xx", "Address": "xx", "Nickname": "xx", "Email": "xx",
        "CustomizationAttributes": [{"Name": "xx", "Value": "xx", "Type": "xx"}]
    }"#;
    let decoded = ciam::UpdateUser::decode_request(body.as_bytes())?;
    let by_serde: ciam::UpdateUserRequest = serde_json::from_str(body)?;
    assert_eq!(decoded, by_serde);
    assert_eq!(decoded.customization_attributes.as_ref().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn doc_example_breaking_advisory_rules_decodes_and_validate_reports_them() -> TestResult {
    // specs/tencentcloud/cam.yaml, Example1: its password breaks two of the
    // page's default password rules, which are advisory, so it decodes.
    let body = r#"{"Remark": "test", "Name": "test124", "CountryCode": "86",
        "NeedResetPassword": "0", "PhoneNum": "10086", "ConsoleLogin": "1",
        "Password": "test123456", "Email": "123%40qq.com"}"#;
    let by_serde: cam::UpdateUserRequest = serde_json::from_str(body)?;
    let validated = cloud_api_types::Validate::validate(&by_serde).err();
    assert_eq!(validated.as_ref().map(ValidationErrors::len), Some(2));
    let decoded = cam::UpdateUser::decode_request(body.as_bytes())?;
    assert_eq!(decoded, by_serde);
    assert_eq!(cloud_api_types::Validate::validate(&decoded).err(), validated);
    Ok(())
}

#[test]
fn a_sensitive_value_never_appears() -> TestResult {
    // The number is one type error: the empty stand-in's broken password rules
    // (length, four patterns) sit at the same path and are not reported again.
    // The short string breaks two (advisory) rules: length, and "a digit";
    // a blocking NeedResetPassword makes decoding report them too.
    for (password, rule, count) in [
        ("31415926", type_error("a string", "a number"), 1),
        (r#""Secret!""#, Rule::Length { min: Some(8), max: None, actual: 7 }, 2),
    ] {
        let body =
            format!(r#"{{"Name": "alice", "Password": {password}, "NeedResetPassword": 5}}"#);
        let mut errors = errors::<cam::UpdateUser>(&body)?;
        errors.0.retain(|v| v.path == "Password");
        assert!(errors.iter().all(|v| v.path == "Password" && v.actual.is_none()), "{errors}");
        assert_eq!((&errors.0[0].rule, errors.len()), (&rule, count), "{errors}");
        let shown = format!("{errors} {errors:?}");
        assert!(!shown.contains(password.trim_matches('"')), "{shown}");
    }
    Ok(())
}

#[test]
fn replaying_a_body_that_does_not_decode_names_every_problem() -> TestResult {
    let info = cloud_api_types::OperationInfo::of::<tco::UpdateUser>();
    let error = (info.replay_request)("{}").err().ok_or("`{}` replayed")?;
    assert!(
        error.contains("ZoneId is required") && error.contains("UserId is required"),
        "{error}"
    );
    Ok(())
}
