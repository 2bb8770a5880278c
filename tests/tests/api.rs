//! The generated crate as a consumer uses it: builders, validation, redaction,
//! error enums, response parsing, regions, and one generic function for all five actions.

use cloud_api_types::alibabacloud::{cloudsso::v20210515 as cloudsso, eiam::v20211201 as eiam};
use cloud_api_types::tencentcloud::{
    cam::v20190116 as cam, ciam::v20220331 as ciam, organization::v20210331 as tco,
};
use cloud_api_types::{ApiError, Operation, Rule, ServiceError, Validate};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn violations_name_the_wire_path_rule_limit_and_api_code() {
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1")
        .with_display_name("d".repeat(130))
        .with_phone_number("12ab")
        .with_email("a@example.com");
    let errors = request.validate().expect_err("four rules are broken");
    let found: Vec<(&str, &str)> = errors.iter().map(|v| (v.path.as_str(), v.code)).collect();
    assert_eq!(
        found,
        [
            ("DisplayName", "InvalidParameter"),
            ("PhoneNumber", "InvalidParameter"),
            ("PhoneNumberVerified", "MissingParameter"),
            ("EmailVerified", "MissingParameter"),
        ]
    );
    let display_name = &errors.0[0];
    assert_eq!(display_name.rule, Rule::Length { min: None, max: Some(128), actual: 130 });
    assert!(
        display_name.message().contains("at most 128 characters long (has 130)"),
        "{}",
        display_name.message()
    );
    assert_eq!(errors.0[1].actual.as_deref(), Some("12ab"));
}

/// No rule of `specs/` sits inside an array item yet, so a stand-in item type
/// shows how generated code reaches nested values: through the runtime's `Vec`
/// and `Option` impls, which add the index to the path. Real generated
/// validators are checked at such paths in `fixtures_compile.rs`, on the
/// `types` fixture (`Spares[1].Finish`, `Item.Layers[1][1].Sku`).
#[test]
fn nested_values_are_validated_at_their_indexed_path() {
    use std::cell::RefCell;

    struct Item<'a> {
        seen: &'a RefCell<Vec<String>>,
    }
    impl Validate for Item<'_> {
        fn collect_violations(
            &self,
            at: &cloud_api_types::FieldPath<'_>,
            _: &mut Vec<cloud_api_types::Violation>,
        ) {
            self.seen.borrow_mut().push(at.field("Operation").to_string());
        }
    }
    let seen = RefCell::new(Vec::new());
    let items = Some(vec![Item { seen: &seen }, Item { seen: &seen }]);
    let root = cloud_api_types::FieldPath::ROOT;
    items.collect_violations(&root.field("CustomFields"), &mut Vec::new());
    assert_eq!(seen.into_inner(), ["CustomFields[0].Operation", "CustomFields[1].Operation"]);
}

#[test]
fn ciam_indexed_attributes_answer_with_their_documented_code() {
    let request = ciam::UpdateUserRequest::new("u", "s").with_indexed_attribute3("é".repeat(513));
    let errors = request.validate().expect_err("over 512 characters");
    assert_eq!(errors.0[0].path, "IndexedAttribute3");
    assert_eq!(errors.0[0].code, "FailedOperation.IndexedAttributeTooLong");
    assert!(
        ciam::UpdateUserRequest::new("u", "s")
            .with_indexed_attribute3("é".repeat(512))
            .validate()
            .is_ok()
    );
}

#[test]
fn sensitive_values_never_show() {
    let request = cam::UpdateUserRequest::new("alice").with_password("hunter2-secret");
    let debug = format!("{request:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    let errors = request.validate().expect_err("no uppercase letter");
    for violation in &errors {
        assert_eq!(violation.actual, None);
        assert!(!violation.to_string().contains("hunter2"));
        assert_eq!(violation.code, "InvalidParameter.PasswordViolatedRules");
    }
    assert!(
        cam::UpdateUserRequest::new("alice").with_password("Hunter2-secret").validate().is_ok()
    );
}

#[test]
fn integers_sent_as_strings_are_accepted_and_sent_back_as_numbers() -> TestResult {
    let request: cam::UpdateUserRequest =
        serde_json::from_str(r#"{"Name": "a", "ConsoleLogin": "1"}"#)?;
    assert_eq!(request.console_login, Some(1));
    assert_eq!(
        serde_json::to_value(&request)?,
        serde_json::json!({"Name": "a", "ConsoleLogin": 1})
    );
    Ok(())
}

#[test]
fn missing_required_fields_fail_decoding_naming_the_wire_name() {
    let error = serde_json::from_str::<cam::UpdateUserRequest>(r#"{"Remark": "x"}"#)
        .expect_err("Name is required");
    assert!(error.to_string().contains("missing field `Name`"), "{error}");
}

#[test]
fn region_rules_are_checked_on_request() {
    assert!(ciam::UpdateUser::check_region(Some("ap-singapore")).is_ok());
    let unsupported =
        ciam::UpdateUser::check_region(Some("ap-guangzhou")).expect_err("only ap-singapore");
    assert_eq!(unsupported.0[0].code, "InvalidParameterValue");
    assert_eq!(unsupported.0[0].rule, Rule::Region { supported: &["ap-singapore"] });
    let missing = ciam::UpdateUser::check_region(None).expect_err("region is required");
    assert_eq!((missing.0[0].path.as_str(), missing.0[0].code), ("Region", "MissingParameter"));
    assert!(cam::UpdateUser::check_region(None).is_ok());
}

#[test]
fn error_enums_know_documented_codes_and_keep_unknown_ones() {
    let known: ciam::UpdateUserError =
        "RequestLimitExceeded.FrequentRequest".parse().unwrap_or_else(|never| match never {});
    assert_eq!(known, ciam::UpdateUserError::RequestLimitExceededFrequentRequest);
    assert!(known.is_retryable());
    assert_eq!(
        known.to_string(),
        "RequestLimitExceeded.FrequentRequest: Too many requests. Try again later."
    );

    let common = cam::UpdateUserError::from_code("MissingParameter");
    assert_eq!(common, cam::UpdateUserError::MissingParameter);
    assert!(!common.is_retryable());

    let unknown = tco::UpdateUserError::from_code("FailedOperation.BrandNew");
    assert_eq!(unknown, tco::UpdateUserError::Unknown("FailedOperation.BrandNew".into()));
    assert_eq!((unknown.code(), unknown.description()), ("FailedOperation.BrandNew", None));

    let duplicated = eiam::UpdateUserError::from_code("ResourceDuplicated.Username");
    assert_eq!(duplicated.http_status(), Some(403));
    assert_eq!(duplicated.description(), Some("Duplicate user name"));
}

#[test]
fn tencent_bodies_parse_into_the_response_or_the_error() -> TestResult {
    let ok = tco::UpdateUser::parse_response(
        r#"{"Response": {"UserInfo": {"UserName": "u", "NewField": 1}, "RequestId": "r-1"}}"#,
    )?;
    assert_eq!(ok.request_id, "r-1");
    assert_eq!(ok.user_info.and_then(|u| u.user_name).as_deref(), Some("u"));

    // The page does not say UserInfo is always returned, so an answer without it is no error.
    let bare = tco::UpdateUser::parse_response(r#"{"Response": {"RequestId": "r-0"}}"#)?;
    assert_eq!(bare.user_info, None);

    let error = tco::UpdateUser::parse_response(
        r#"{"Response": {"Error": {"Code": "ResourceNotFound.UserNotExist", "Message": "gone"}, "RequestId": "r-2"}}"#,
    )
    .expect_err("an error body");
    assert_eq!(error.request_id(), Some("r-2"));
    assert_eq!(error.service_error(), Some(&tco::UpdateUserError::ResourceNotFoundUserNotExist));
    assert_eq!(error.to_string(), "ResourceNotFound.UserNotExist: gone (request r-2)");
    Ok(())
}

#[test]
fn alibaba_bodies_parse_into_the_response_or_the_error() -> TestResult {
    let ok = cloudsso::UpdateUser::parse_response(
        r#"{"RequestId": "r-3", "User": {"Status": "Disabled"}}"#,
    )?;
    assert_eq!(ok.user.and_then(|u| u.status).as_deref(), Some("Disabled"));

    let body = r#"{"RequestId": "r-4", "HostId": "eiam.aliyuncs.com", "Code": "ResourceDuplicated.Username", "Message": "exists"}"#;
    match eiam::UpdateUser::parse_response(body) {
        Err(ApiError::Service { error, message, request_id, .. }) => {
            assert_eq!(error, eiam::UpdateUserError::ResourceDuplicatedUsername);
            assert_eq!((message.as_str(), request_id.as_deref()), ("exists", Some("r-4")));
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    Ok(())
}

#[test]
fn malformed_bodies_are_reported_not_panicked_on() {
    let missing_wrapper =
        cam::UpdateUser::parse_response(r#"{"RequestId": "r"}"#).expect_err("no Response");
    assert!(matches!(missing_wrapper, ApiError::Malformed { .. }));
    let wrong_type =
        cam::UpdateUser::parse_response(r#"{"Response": {"RequestId": 5}}"#).expect_err("bad type");
    assert!(matches!(wrong_type, ApiError::Malformed { .. }));
    assert!(matches!(
        eiam::UpdateUser::parse_response("not json"),
        Err(ApiError::Malformed { .. })
    ));
}

/// One generic function serves every action of every provider.
fn describe<O: Operation>(body: &str) -> String {
    let outcome = match O::parse_response(body) {
        Ok(_) => "ok".to_owned(),
        Err(error) => {
            error.service_error().map_or_else(|| "malformed".to_owned(), |e| e.code().to_owned())
        }
    };
    format!("{}/{}/{}/{}: {outcome}", O::PROVIDER, O::SERVICE, O::VERSION, O::ACTION)
}

#[test]
fn one_generic_function_serves_all_five_actions() {
    let tencent =
        r#"{"Response": {"Error": {"Code": "InternalError", "Message": "x"}, "RequestId": "r"}}"#;
    let alibaba = r#"{"Code": "InvalidParameter", "Message": "x", "RequestId": "r"}"#;
    assert_eq!(
        [
            describe::<cam::UpdateUser>(tencent),
            describe::<ciam::UpdateUser>(tencent),
            describe::<tco::UpdateUser>(tencent),
            describe::<cloudsso::UpdateUser>(alibaba),
            describe::<eiam::UpdateUser>(alibaba),
        ],
        [
            "tencentcloud/cam/2019-01-16/UpdateUser: InternalError",
            "tencentcloud/ciam/2022-03-31/UpdateUser: InternalError",
            "tencentcloud/organization/2021-03-31/UpdateUser: InternalError",
            "alibabacloud/cloudsso/2021-05-15/UpdateUser: InvalidParameter",
            "alibabacloud/eiam/2021-12-01/UpdateUser: InvalidParameter",
        ]
    );
    assert_eq!(cam::UpdateUser::RATE_LIMIT_PER_SECOND, Some(20));
    assert_eq!(tco::UpdateUser::ENDPOINTS, ["organization.intl.tencentcloudapi.com"]);
}

#[test]
fn response_fields_the_page_does_not_promise_may_be_null_or_absent() -> TestResult {
    let response =
        ciam::UpdateUser::parse_response(r#"{"Response": {"RequestId": "r", "User": null}}"#)?;
    assert_eq!(response.user, None);
    let response = ciam::UpdateUser::parse_response(r#"{"Response": {"RequestId": "r"}}"#)?;
    assert_eq!(response.user, None);
    // Alibaba's pages promise no response field, RequestId included.
    let response = eiam::UpdateUser::parse_response("{}")?;
    assert_eq!(response.request_id, None);
    // Tencent's RequestId is "returned for each request": its absence is malformed.
    let missing = ciam::UpdateUser::parse_response(r#"{"Response": {}}"#);
    assert!(matches!(missing, Err(ApiError::Malformed { .. })), "{missing:?}");
    Ok(())
}

/// Every error enum answers for each code exactly what its spec says: the
/// variant of the code and back, the description, the HTTP status and the
/// retryability, in doc order, and `Unknown` for anything else. (The enums
/// read these from one table of rows since the per-method `match`es went; this
/// pins the behaviour down for every code, not only the ones named above.)
#[test]
fn every_error_enum_answers_each_code_as_its_spec_says() -> TestResult {
    let model = codegen::compile_dir(&tests::specs_dir())?;
    let errors = |service: &str| -> Vec<codegen::model::ErrorCode> {
        let service = model.providers.iter().flat_map(|p| &p.services).find(|s| s.name == service);
        service
            .map(|s| s.actions.iter().flat_map(|a| a.errors.clone()).collect())
            .unwrap_or_default()
    };
    check_codes::<cam::UpdateUserError>(&errors("cam"));
    check_codes::<ciam::UpdateUserError>(&errors("ciam"));
    check_codes::<tco::UpdateUserError>(&errors("organization"));
    check_codes::<eiam::UpdateUserError>(&errors("eiam"));
    check_codes::<cloudsso::UpdateUserError>(&errors("cloudsso"));
    Ok(())
}

fn check_codes<E: ServiceError + PartialEq>(spec: &[codegen::model::ErrorCode]) {
    assert!(!spec.is_empty(), "no codes in the spec for {}", std::any::type_name::<E>());
    let codes: Vec<&str> = spec.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(E::KNOWN_CODES, codes.as_slice());
    let mut variants: Vec<E> = Vec::new();
    for known in spec {
        let error = E::from_code(&known.code);
        assert_eq!(error.code(), known.code);
        assert!(!error.is_unknown(), "{} is unknown", known.code);
        assert_eq!(
            ServiceError::description(&error),
            Some(known.description.as_str()),
            "{}",
            known.code
        );
        assert_eq!(error.http_status(), known.http_status, "{}", known.code);
        assert_eq!(error.is_retryable(), known.retryable, "{}", known.code);
        assert_eq!(format!("{error:?}"), known.variant, "{}", known.code);
        assert_eq!(error.to_string(), format!("{}: {}", known.code, known.description));
        assert!(!variants.contains(&error), "{} shares a variant", known.code);
        variants.push(error);
    }
    let unknown = E::from_code("Brand.New.Code");
    assert!(unknown.is_unknown());
    assert_eq!((unknown.code(), ServiceError::description(&unknown)), ("Brand.New.Code", None));
    assert_eq!((unknown.http_status(), unknown.is_retryable()), (None, false));
    assert_eq!(unknown.to_string(), "Brand.New.Code");
}
