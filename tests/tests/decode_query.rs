//! Decoding requests sent as flattened queries (Alibaba Cloud RPC) with
//! `Operation::decode_query`, against the real generated crate: a valid query
//! gives the typed request, text is read as the request type says (integers,
//! booleans), and a query with several problems reports every one at once,
//! each at its parameter name as flattened (items from 1) with the action's
//! codes. The property at the end: whatever request the client can send,
//! the query it becomes decodes back to it, as its JSON body does.

use cloud_api_types::alibabacloud::{cloudsso::v20210515 as cloudsso, eiam::v20211201 as eiam};
use cloud_api_types::tencentcloud::organization::v20210331 as tco;
use cloud_api_types::wire::alibaba::{flatten, query_string};
use cloud_api_types::{Operation, QueryProblem, Rule};
use proptest::prelude::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The violations of a query that must not decode, as (path, code, rule).
fn problems<O: Operation>(query: &str) -> Result<Vec<(String, &'static str, Rule)>, String> {
    match O::decode_query(query) {
        Ok(request) => Err(format!("{query} decoded without a problem: {request:?}")),
        Err(errors) => Ok(errors.0.into_iter().map(|v| (v.path, v.code, v.rule)).collect()),
    }
}

fn type_error(expected: &'static str, found: &'static str) -> Rule {
    Rule::Type { expected, found }
}

fn malformed(problem: QueryProblem) -> Rule {
    Rule::Query { problem }
}

#[test]
fn a_cloudsso_query_decodes_to_the_typed_request() -> TestResult {
    let request = cloudsso::UpdateUser::decode_query(
        "DirectoryId=d-00fc2p61&UserId=u-00q8&NewDisplayName=Alice%20Lee&NewEmail=alice%40example.com&Unknown=1",
    )?;
    assert_eq!(
        request,
        cloudsso::UpdateUserRequest::new("d-00fc2p61", "u-00q8")
            .with_new_display_name("Alice Lee")
            .with_new_email("alice@example.com")
    );
    Ok(())
}

#[test]
fn an_eiam_query_with_text_booleans_and_custom_fields_decodes() -> TestResult {
    let query = "InstanceId=idaas_1&UserId=user_1&PhoneNumber=15600000000&PhoneNumberVerified=false\
        &Email=a%2Bb%40example.com&EmailVerified=true&DisplayName=%E5%BC%A0%E4%B8%89\
        &CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=z%2Fs&CustomFields.1.Operation=add\
        &CustomFields.2.FieldName=age&CustomFields.2.Operation=remove";
    let expected = eiam::UpdateUserRequest::new("idaas_1", "user_1")
        .with_phone_number("15600000000")
        .with_phone_number_verified(false)
        .with_email("a+b@example.com")
        .with_email_verified(true)
        .with_display_name("张三")
        .with_custom_fields(vec![
            eiam::CustomField::new()
                .with_field_name("nick_name")
                .with_field_value("z/s")
                .with_operation("add"),
            eiam::CustomField::new().with_field_name("age").with_operation("remove"),
        ]);
    assert_eq!(eiam::UpdateUser::decode_query(query)?, expected);
    // The same pairs, already percent-decoded by a server framework, in any order.
    let mut pairs = flatten(&serde_json::to_value(&expected)?)?;
    pairs.reverse();
    assert_eq!(eiam::UpdateUser::decode_query_pairs(&pairs)?, expected);
    Ok(())
}

#[test]
fn an_eiam_query_reports_every_problem_at_its_name_with_the_api_codes() -> TestResult {
    let query = format!(
        "UserId=u1&UserId=u2&DisplayName={}&PhoneNumber=12ab&EmailVerified=yes&Username.First=x\
         &CustomFields.1.FieldName=a&CustomFields.3.FieldName=c",
        "d".repeat(130)
    );
    assert_eq!(
        problems::<eiam::UpdateUser>(&query)?,
        [
            // The names that do not fit, first: given twice (so not also missing),
            // and a gap in the numbering (the list is left out, not guessed).
            ("UserId".to_owned(), "InvalidParameter", malformed(QueryProblem::Repeated)),
            (
                "CustomFields.2".to_owned(),
                "MissingParameter",
                malformed(QueryProblem::MissingItem { next: "CustomFields.3".to_owned() })
            ),
            // Then missing fields and type errors, in field order.
            ("InstanceId".to_owned(), "MissingParameter", Rule::Required),
            ("Username".to_owned(), "InvalidParameter", type_error("a string", "an object")),
            ("EmailVerified".to_owned(), "InvalidParameter", type_error("a boolean", "a string")),
            // Then the rules.
            (
                "DisplayName".to_owned(),
                "InvalidParameter",
                Rule::Length { min: None, max: Some(128), actual: 130 }
            ),
            (
                "PhoneNumber".to_owned(),
                "InvalidParameter",
                Rule::Pattern { regex: "^[0-9]{6,15}$", explain: "6 to 15 digits" }
            ),
            (
                "PhoneNumberVerified".to_owned(),
                "MissingParameter",
                Rule::RequiredIfPresent { other: "PhoneNumber" }
            ),
        ]
    );
    Ok(())
}

#[test]
fn unknown_names_are_ignored_with_whatever_is_wrong_with_them() -> TestResult {
    let base = "InstanceId=i&UserId=u&CustomFields.1.FieldName=a";
    let expected = eiam::UpdateUserRequest::new("i", "u")
        .with_custom_fields(vec![eiam::CustomField::new().with_field_name("a")]);
    for unknown in [
        "Foo=1&Foo=2",
        "Signature=a&Signature.x=b",
        "Foo.1=a&Foo.3=b",
        "Foo=%FF",
        "Foo..Bar=x",
        "CustomFields.1.Bogus=x&CustomFields.1.Bogus=y",
    ] {
        let query = format!("{base}&{unknown}");
        assert_eq!(
            eiam::UpdateUser::decode_query(&query).map_err(|e| format!("{query}: {e}"))?,
            expected
        );
    }
    // Known names with the same problems are still refused, each at its name.
    let found = problems::<eiam::UpdateUser>(
        "InstanceId=i&UserId=u&UserId=v&Email=a&Email.x=b&CustomFields.1.FieldName=a\
         &CustomFields.1.FieldName=b",
    )?;
    let paths: Vec<&str> = found.iter().map(|(path, ..)| path.as_str()).collect();
    assert_eq!(paths, ["UserId", "CustomFields.1.FieldName", "Email"]);
    Ok(())
}

#[test]
fn problems_inside_list_items_are_at_one_based_names() -> TestResult {
    let query = "InstanceId=i&UserId=u&CustomFields.1.FieldName=a\
        &CustomFields.2.FieldName.Sub=b&CustomFields.3=flat";
    assert_eq!(
        problems::<eiam::UpdateUser>(query)?,
        [
            (
                "CustomFields.2.FieldName".to_owned(),
                "InvalidParameter",
                type_error("a string", "an object")
            ),
            ("CustomFields.3".to_owned(), "InvalidParameter", type_error("an object", "a string")),
        ]
    );
    let errors = eiam::UpdateUser::decode_query(query).err().ok_or("decoded")?;
    assert_eq!(
        errors.0[1].to_string(),
        r#"CustomFields.3 must be an object, not a string (got "flat") [InvalidParameter]"#
    );
    Ok(())
}

#[test]
fn malformed_names_of_every_kind_are_reported_at_once() -> TestResult {
    // Each kind at a name the request reads; the same kinds at names it does
    // not read (the last four pairs) are ignored, as unknown names are.
    let found = problems::<eiam::UpdateUser>(
        "InstanceId=i&InstanceId.Sub=x&UserId=u&CustomFields.0.FieldName=a&CustomFields.x.FieldName=b\
         &Email..Local=e&Username.=v&DisplayName=%FF&Tags.0=a&=v&Foo..Bar=x&Bar=%FF",
    )?;
    assert_eq!(
        found,
        [
            // Percent-decoding first, then each pair in the order sent, then the tree.
            ("DisplayName".to_owned(), "InvalidParameter", malformed(QueryProblem::NotUtf8)),
            ("Email..Local".to_owned(), "InvalidParameter", malformed(QueryProblem::EmptySegment)),
            ("Username.".to_owned(), "InvalidParameter", malformed(QueryProblem::EmptySegment)),
            ("CustomFields.0".to_owned(), "InvalidParameter", malformed(QueryProblem::BadIndex)),
            (
                "CustomFields.x".to_owned(),
                "InvalidParameter",
                malformed(QueryProblem::NotAnIndex { item: "CustomFields.0".to_owned() })
            ),
            (
                "InstanceId".to_owned(),
                "InvalidParameter",
                malformed(QueryProblem::ValueAndParent { child: "InstanceId.Sub".to_owned() })
            ),
        ],
        "InstanceId, left out, is not also reported missing"
    );
    Ok(())
}

#[test]
fn booleans_as_text_are_taken_from_a_query_only() -> TestResult {
    // Organization (Tencent, JSON bodies) has a boolean: its JSON decoding
    // still refuses "true", while the same field read from a query takes it.
    let errors = tco::UpdateUser::decode_request(
        br#"{"ZoneId": "z", "UserId": "u", "NeedResetPassword": "true"}"#,
    )
    .err()
    .ok_or("a string decoded as a JSON boolean")?;
    assert_eq!(errors.0[0].rule, type_error("a boolean", "a string"));
    let request = tco::UpdateUser::decode_query("ZoneId=z&UserId=u&NeedResetPassword=true")?;
    assert_eq!(request, tco::UpdateUserRequest::new("z", "u").with_need_reset_password(true));
    // Only the two words the SDKs write.
    for word in ["True", "1", "yes", ""] {
        let found = problems::<eiam::UpdateUser>(&format!(
            "InstanceId=i&UserId=u&Email=e&EmailVerified={word}"
        ))?;
        assert_eq!(
            found,
            [("EmailVerified".to_owned(), "InvalidParameter", type_error("a boolean", "a string"))],
            "{word:?}"
        );
    }
    Ok(())
}

#[test]
fn the_registry_replays_a_query_at_query_paths() -> TestResult {
    let info = cloud_api_types::OperationInfo::of::<eiam::UpdateUser>();
    let outcome = (info.replay_query)("InstanceId=i&UserId=u&CustomFields.1.FieldName=n")
        .map_err(|e| e.to_string())?;
    assert_eq!(
        outcome.reencoded,
        serde_json::json!({"InstanceId": "i", "UserId": "u", "CustomFields": [{"FieldName": "n"}]})
    );
    assert!(outcome.violations.is_empty());
    let outcome =
        (info.replay_query)("InstanceId=i&UserId=u&PhoneNumber=1").map_err(|e| e.to_string())?;
    let paths: Vec<&str> = outcome.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["PhoneNumber", "PhoneNumberVerified"]);
    let errors = (info.replay_query)("UserId=u").err().ok_or("decoded")?;
    assert_eq!(errors.0[0].path, "InstanceId");
    Ok(())
}

/// Text with what a query must percent-encode, unicode, and what looks like
/// a number or a boolean.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 +&=%./?#~_-]{0,12}",
        "[张三é😀]{1,4}",
        Just("true".to_owned()),
        Just("007".to_owned()),
    ]
}

/// A custom field the query can carry: at least one field set, as an item
/// with nothing to send cannot be numbered (flattening refuses it).
fn custom_field() -> impl Strategy<Value = eiam::CustomField> {
    (proptest::option::of(text()), proptest::option::of(text()), proptest::option::of(text()))
        .prop_filter("an empty item travels as nothing", |(n, v, o)| {
            n.is_some() || v.is_some() || o.is_some()
        })
        .prop_map(|(name, value, operation)| {
            let mut field = eiam::CustomField::new();
            field.field_name = name;
            field.field_value = value;
            field.operation = operation;
            field
        })
}

/// Any valid EIAM request (its rules kept, so it decodes).
fn eiam_request() -> impl Strategy<Value = eiam::UpdateUserRequest> {
    (
        (text(), text(), proptest::option::of(text()), proptest::option::of(text())),
        proptest::option::of(("[0-9]{6,15}", any::<bool>())),
        proptest::option::of((text(), any::<bool>())),
        proptest::option::of(text()),
        // An empty list travels as nothing, so it decodes as absent.
        proptest::option::of(proptest::collection::vec(custom_field(), 1..4)),
    )
        .prop_map(|((instance, user, username, display), phone, email, region, fields)| {
            let mut request = eiam::UpdateUserRequest::new(instance, user);
            request.username = username;
            request.display_name = display;
            request.phone_region = region;
            if let Some((number, verified)) = phone {
                request = request.with_phone_number(number).with_phone_number_verified(verified);
            }
            if let Some((email, verified)) = email {
                request = request.with_email(email).with_email_verified(verified);
            }
            request.custom_fields = fields;
            request
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What the client sends (flattened, percent-encoded, sorted) decodes back
    /// to the request, equal to what its JSON body decodes to.
    #[test]
    fn every_eiam_request_round_trips_through_its_query(request in eiam_request()) {
        let json = serde_json::to_value(&request).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let pairs = flatten(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let query = query_string(&pairs);
        let decoded = eiam::UpdateUser::decode_query(&query)
            .map_err(|e| TestCaseError::fail(format!("{query}: {e}")))?;
        prop_assert_eq!(&decoded, &request, "{}", query);
        let from_body = eiam::UpdateUser::decode_request(json.to_string().as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(decoded, from_body);
    }

    /// Any text as a query: a value or violations, never a panic.
    #[test]
    fn any_query_decodes_or_is_refused(query in "([A-Za-z0-9.%=&+]|%FF|\\.\\.){0,40}") {
        let _ = format!("{:?}", eiam::UpdateUser::decode_query(&query));
        let _ = format!("{:?}", cloudsso::UpdateUser::decode_query(&query));
    }
}
