//! Requests on the wire and answers off it, through the generated crate:
//! Tencent Cloud API 3.0 and Alibaba Cloud RPC requests as `http::Request`s
//! (headers, URI, body, signature header), validation before signing and its
//! opt-out, endpoints and regions, secrets kept out of every output, and
//! answers parsed with their HTTP status.
//!
//! The signatures themselves are checked against the providers' published
//! examples in `runtime/tests/signing_vectors.rs`, and verified by an
//! independent implementation on a loopback server in `tests/loopback.rs`.

use std::time::{Duration, SystemTime};

use cloud_api_types::alibabacloud::{cloudsso::v20210515 as cloudsso, eiam::v20211201 as eiam};
use cloud_api_types::http::{self, HeaderMap, StatusCode};
use cloud_api_types::tencentcloud::{cam::v20190116 as cam, ciam::v20220331 as ciam};
use cloud_api_types::{
    ApiError, Credentials, Operation, RequestError, SendConfig, ServiceError, SigningParams,
    Validate,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// 2026-01-01T00:00:00Z.
const NEW_YEAR: u64 = 1_767_225_600;

fn config() -> SendConfig {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(NEW_YEAR);
    SendConfig::new(Credentials::new("AKIDEXAMPLE", "super-secret-key"))
        .with_signing_params(move || SigningParams::fixed(time, "0123456789abcdef"))
}

fn header<'a>(request: &'a http::Request<Vec<u8>>, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

#[test]
fn tencent_requests_post_json_with_tc_headers_and_a_tc3_signature() -> TestResult {
    let request = cam::UpdateUserRequest::new("alice").with_remark("ops").with_console_login(1);
    let wire = cam::UpdateUser::signed_request(&request, &config().with_language("en-US"))?;

    assert_eq!(wire.method(), http::Method::POST);
    assert_eq!(wire.uri(), "https://cam.tencentcloudapi.com/");
    assert_eq!(header(&wire, "host"), Some("cam.tencentcloudapi.com"));
    assert_eq!(header(&wire, "content-type"), Some("application/json"));
    assert_eq!(header(&wire, "x-tc-action"), Some("UpdateUser"));
    assert_eq!(header(&wire, "x-tc-version"), Some("2019-01-16"));
    assert_eq!(header(&wire, "x-tc-timestamp"), Some("1767225600"));
    assert_eq!(header(&wire, "x-tc-language"), Some("en-US"));
    assert_eq!(header(&wire, "x-tc-region"), None, "CAM takes no region and none was set");
    assert_eq!(header(&wire, "x-tc-token"), None);
    let authorization = header(&wire, "authorization").ok_or("no Authorization")?;
    assert!(
        authorization.starts_with(
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-01-01/cam/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature="
        ),
        "{authorization}"
    );
    let body: serde_json::Value = serde_json::from_slice(wire.body())?;
    assert_eq!(body, serde_json::json!({"Name": "alice", "Remark": "ops", "ConsoleLogin": 1}));
    Ok(())
}

#[test]
fn a_session_token_travels_in_its_header() -> TestResult {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(NEW_YEAR);
    let config = SendConfig::new(Credentials::new("id", "secret").with_session_token("tok-1"))
        .with_signing_params(move || SigningParams::fixed(time, "n"));
    let tencent = cam::UpdateUser::signed_request(&cam::UpdateUserRequest::new("alice"), &config)?;
    assert_eq!(header(&tencent, "x-tc-token"), Some("tok-1"));
    let alibaba = eiam::UpdateUser::signed_request(
        &eiam::UpdateUserRequest::new("idaas_1", "user_1"),
        &config.with_endpoint("eiam.cn-hangzhou.aliyuncs.com")?,
    )?;
    assert_eq!(header(&alibaba, "x-acs-security-token"), Some("tok-1"));
    let signed = header(&alibaba, "authorization").ok_or("no Authorization")?;
    assert!(signed.contains("x-acs-security-token"), "the token is signed: {signed}");
    Ok(())
}

#[test]
fn the_region_rule_is_checked_before_signing_and_sent_as_x_tc_region() -> TestResult {
    let request = ciam::UpdateUserRequest::new("user-1", "pool-1");
    let missing = ciam::UpdateUser::signed_request(&request, &config());
    let Err(RequestError::Invalid(errors)) = missing else {
        panic!("CIAM requires a region: {missing:?}");
    };
    assert_eq!(errors.0[0].path, "Region");
    assert_eq!(errors.0[0].code, "MissingParameter");

    let unsupported = ciam::UpdateUser::signed_request(&request, &config().with_region("ap-tokyo"));
    let Err(RequestError::Invalid(errors)) = unsupported else {
        panic!("only ap-singapore is supported: {unsupported:?}");
    };
    assert_eq!((errors.0[0].path.as_str(), errors.0[0].code), ("Region", "InvalidParameterValue"));

    let wire = ciam::UpdateUser::signed_request(&request, &config().with_region("ap-singapore"))?;
    assert_eq!(header(&wire, "x-tc-region"), Some("ap-singapore"));
    assert_eq!(wire.uri(), "https://ciam.tencentcloudapi.com/");
    Ok(())
}

#[test]
fn an_invalid_request_is_refused_before_signing_unless_the_caller_opts_out() -> TestResult {
    let request = cam::UpdateUserRequest::new("alice").with_need_reset_password(2);
    match cam::UpdateUser::signed_request(&request, &config()) {
        Err(RequestError::Invalid(errors)) => {
            let found: Vec<_> = errors.iter().map(|v| (v.path.as_str(), v.code)).collect();
            assert_eq!(found, [("NeedResetPassword", "InvalidParameterValue")]);
        }
        other => panic!("NeedResetPassword is 0 or 1: {other:?}"),
    }
    let wire = cam::UpdateUser::signed_request(&request, &config().without_validation())?;
    assert!(header(&wire, "authorization").is_some());
    Ok(())
}

/// CAM's password rules are the page's default policy ("if no password rules
/// have been set"): an account with its own rules may accept what they refuse,
/// as the page's own example password `test123456` shows. They are reported,
/// never blocking.
#[test]
fn advisory_rules_are_reported_but_never_block_a_request() -> TestResult {
    let request = cam::UpdateUserRequest::new("alice").with_password("test123456");
    let reported = cam::UpdateUser::signed_request(&request, &config());
    assert!(reported.is_ok(), "an advisory rule blocked signing: {reported:?}");
    let errors = request.validate().expect_err("the default policy is still reported");
    assert!(
        errors.iter().all(|v| v.advisory && v.code == "InvalidParameter.PasswordViolatedRules")
    );
    assert!(!errors.is_blocking());
    assert!(errors.to_string().contains("advisory"), "{errors}");

    let body = br#"{"Name": "alice", "Password": "test123456"}"#;
    assert!(cam::UpdateUser::decode_request(body).is_ok(), "decoding is not blocked either");

    // With a blocking violation beside them, the advisory ones ride along.
    let both = request.with_need_reset_password(2);
    let Err(RequestError::Invalid(errors)) = cam::UpdateUser::signed_request(&both, &config())
    else {
        panic!("NeedResetPassword 2 blocks");
    };
    assert_eq!(errors.iter().filter(|v| !v.advisory).count(), 1);
    assert_eq!(errors.iter().filter(|v| v.advisory).count(), 2);
    Ok(())
}

#[test]
fn alibaba_requests_flatten_parameters_into_the_query_with_acs_headers() -> TestResult {
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1")
        .with_display_name("Zhang San")
        .with_email("a+b@example.com")
        .with_email_verified(true)
        .with_custom_fields(vec![
            eiam::CustomField::new()
                .with_field_name("nick_name")
                .with_field_value("z/s")
                .with_operation("add"),
        ]);
    let config = config().with_endpoint("eiam.cn-hangzhou.aliyuncs.com")?;
    let wire = eiam::UpdateUser::signed_request(&request, &config)?;

    assert_eq!(wire.method(), http::Method::POST);
    assert_eq!(
        wire.uri().to_string(),
        "https://eiam.cn-hangzhou.aliyuncs.com/?CustomFields.1.FieldName=nick_name\
         &CustomFields.1.FieldValue=z%2Fs&CustomFields.1.Operation=add&DisplayName=Zhang%20San\
         &Email=a%2Bb%40example.com&EmailVerified=true&InstanceId=idaas_1&UserId=user_1"
    );
    assert!(wire.body().is_empty(), "RPC parameters travel in the query");
    assert_eq!(header(&wire, "host"), Some("eiam.cn-hangzhou.aliyuncs.com"));
    assert_eq!(header(&wire, "x-acs-action"), Some("UpdateUser"));
    assert_eq!(header(&wire, "x-acs-version"), Some("2021-12-01"));
    assert_eq!(header(&wire, "x-acs-date"), Some("2026-01-01T00:00:00Z"));
    assert_eq!(header(&wire, "x-acs-signature-nonce"), Some("0123456789abcdef"));
    assert_eq!(
        header(&wire, "x-acs-content-sha256"),
        Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        "SHA-256 of the empty body"
    );
    let authorization = header(&wire, "authorization").ok_or("no Authorization")?;
    assert!(
        authorization.starts_with(
            "ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
        ),
        "{authorization}"
    );
    Ok(())
}

#[test]
fn an_alibaba_list_item_with_nothing_to_send_is_refused_not_renumbered() -> TestResult {
    let with = |fields: Vec<eiam::CustomField>| {
        eiam::UpdateUserRequest::new("idaas_1", "user_1").with_custom_fields(fields)
    };
    let named = || eiam::CustomField::new().with_field_name("x");
    let config = config().with_endpoint("eiam.cn-hangzhou.aliyuncs.com")?;
    for (request, path) in [
        // Sent, item 2 would arrive as `CustomFields.2` with no item 1.
        (with(vec![eiam::CustomField::new(), named()]), "CustomFields.1"),
        // Sent, the empty last item would vanish without a word.
        (with(vec![named(), eiam::CustomField::new()]), "CustomFields.2"),
    ] {
        // An encoding problem, not a rule: validation's opt-out does not send it either.
        assert_eq!(request.validate(), Ok(()));
        for config in [config.clone(), config.clone().without_validation()] {
            let error = eiam::UpdateUser::signed_request(&request, &config)
                .expect_err("an item with nothing to send");
            assert_eq!(error, RequestError::EmptyListItem { path: path.to_owned() });
            assert!(
                error.to_string().contains(&format!("`{path}` has nothing to send")),
                "{error}"
            );
        }
    }
    eiam::UpdateUser::signed_request(&with(vec![named(), named()]), &config)?;
    Ok(())
}

#[test]
fn an_action_without_a_documented_endpoint_needs_one_from_the_caller() {
    let request = eiam::UpdateUserRequest::new("idaas_1", "user_1");
    let error = eiam::UpdateUser::signed_request(&request, &config()).expect_err("no endpoint");
    assert!(matches!(error, RequestError::NoEndpoint { action: "UpdateUser", service: "eiam" }));
    assert!(error.to_string().contains("with_endpoint"), "{error}");
    for bad in ["", "ftp://host", "https://host/path", "https://"] {
        assert!(SendConfig::new(Credentials::new("i", "s")).with_endpoint(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_endpoint_override_keeps_the_documented_signing_service() -> TestResult {
    let config = config().with_endpoint("http://127.0.0.1:8080")?;
    let wire = cam::UpdateUser::signed_request(&cam::UpdateUserRequest::new("alice"), &config)?;
    assert_eq!(wire.uri(), "http://127.0.0.1:8080/");
    assert_eq!(header(&wire, "host"), Some("127.0.0.1:8080"));
    let authorization = header(&wire, "authorization").ok_or("no Authorization")?;
    assert!(authorization.contains("/cam/tc3_request"), "{authorization}");
    Ok(())
}

#[test]
fn secrets_never_show_in_debug_or_errors() -> TestResult {
    let credentials =
        Credentials::new("AKIDEXAMPLE", "super-secret-key").with_session_token("tok-secret");
    let config = SendConfig::new(credentials);
    let shown = format!("{config:?}");
    assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
    assert!(!shown.contains("super-secret-key") && !shown.contains("tok-secret"), "{shown}");
    let request = cam::UpdateUserRequest::new("alice")
        .with_password("weak-secret")
        .with_need_reset_password(2);
    let error = cam::UpdateUser::signed_request(&request, &config).expect_err("a blocking rule");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("weak-secret") && !text.contains("super-secret-key"), "{text}");
    }
    Ok(())
}

fn alibaba_headers(request_id: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-acs-request-id", http::HeaderValue::from_str(request_id).expect("ASCII"));
    headers
}

#[test]
fn answers_keep_their_status_request_id_host_id_and_recommendation() {
    let body = br#"{"RequestId": "r-1", "HostId": "eiam.aliyuncs.com", "Code": "ResourceDuplicated.Username",
                   "Message": "exists", "Recommend": "https://api.aliyun.com/troubleshoot?q=x"}"#;
    let error =
        eiam::UpdateUser::parse_http_response(StatusCode::FORBIDDEN, &HeaderMap::new(), body)
            .expect_err("an error body");
    let ApiError::Service { error: code, message, request_id, status, host_id, recommend } = error
    else {
        panic!("a service error: {error:?}");
    };
    assert_eq!(code, eiam::UpdateUserError::ResourceDuplicatedUsername);
    assert_eq!(
        (message.as_str(), request_id.as_deref(), status),
        ("exists", Some("r-1"), Some(403))
    );
    assert_eq!(host_id.as_deref(), Some("eiam.aliyuncs.com"));
    assert_eq!(recommend.as_deref(), Some("https://api.aliyun.com/troubleshoot?q=x"));
}

#[test]
fn a_failure_status_without_an_error_body_is_an_http_error_not_a_malformed_answer() {
    for (status, body) in [(503, &b""[..]), (403, b"<html>Forbidden</html>"), (502, b"{}")] {
        let status = StatusCode::from_u16(status).expect("valid status");
        let error = eiam::UpdateUser::parse_http_response(status, &alibaba_headers("r-h"), body)
            .expect_err("a failure status");
        assert!(matches!(error, ApiError::Http { .. }), "{status}: {error:?}");
        assert_eq!(error.status(), Some(status.as_u16()));
        assert_eq!(error.request_id(), Some("r-h"), "taken from x-acs-request-id");
        assert_eq!(error.raw_body(), Some(String::from_utf8_lossy(body).as_ref()));
        assert_eq!(error.is_retryable(), status == StatusCode::SERVICE_UNAVAILABLE);
    }
}

#[test]
fn a_success_status_with_an_undocumented_body_is_malformed_and_keeps_the_body() {
    let body = br#"{"Response": {"RequestId": 5}}"#;
    let error = cam::UpdateUser::parse_http_response(StatusCode::OK, &HeaderMap::new(), body)
        .expect_err("RequestId must be a string");
    assert!(matches!(error, ApiError::Malformed { status: Some(200), .. }), "{error:?}");
    assert_eq!(error.raw_body(), Some(r#"{"Response": {"RequestId": 5}}"#));
    for garbage in [&b""[..], b"\xff\xfe", b"null", b"[]", b"{\"Response\": 7}"] {
        let parsed =
            cam::UpdateUser::parse_http_response(StatusCode::OK, &HeaderMap::new(), garbage);
        assert!(matches!(parsed, Err(ApiError::Malformed { .. })), "{garbage:?}: {parsed:?}");
    }
}

#[test]
fn a_success_body_that_is_not_an_object_is_malformed_even_when_every_field_is_optional() {
    // Every EIAM response field is optional, and serde's derive reads `[]` as a struct.
    for body in [&b"[]"[..], b"[\"R\"]", b"5", b"\"R\"", b"null", b"true"] {
        let parsed = eiam::UpdateUser::parse_http_response(StatusCode::OK, &HeaderMap::new(), body);
        let Err(error) = parsed else { panic!("{body:?} parsed as a success: {parsed:?}") };
        assert!(matches!(error, ApiError::Malformed { status: Some(200), .. }), "{error:?}");
        assert_eq!(error.raw_body(), Some(String::from_utf8_lossy(body).as_ref()));
        let text = String::from_utf8_lossy(body);
        assert!(matches!(eiam::UpdateUser::parse_response(&text), Err(ApiError::Malformed { .. })));
    }
    let parsed = cam::UpdateUser::parse_http_response(
        StatusCode::OK,
        &HeaderMap::new(),
        br#"{"Response": [{"RequestId": "r"}]}"#,
    );
    assert!(matches!(parsed, Err(ApiError::Malformed { .. })), "{parsed:?}");
}

#[test]
fn a_tencent_error_object_without_a_string_code_is_malformed_not_a_success() {
    for body in [
        r#"{"Response": {"Error": {"Code": 123}, "RequestId": "r1"}}"#,
        r#"{"Response": {"Error": {"Message": "no code"}, "RequestId": "r1"}}"#,
        r#"{"Response": {"Error": {}, "RequestId": "r1"}}"#,
        r#"{"Response": {"Error": "InternalError", "RequestId": "r1"}}"#,
        r#"{"Response": {"Error": [], "RequestId": "r1"}}"#,
    ] {
        let error = cam::UpdateUser::parse_http_response(
            StatusCode::OK,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .expect_err(body);
        match &error {
            ApiError::Malformed { reason, request_id, status: Some(200), body: raw } => {
                assert_eq!(reason, "`Error` is not an object with a string `Code`");
                assert_eq!((request_id.as_deref(), raw.as_str()), (Some("r1"), body));
            }
            other => panic!("{body}: expected Malformed, got {other:?}"),
        }
        let error = cam::UpdateUser::parse_response(body).expect_err(body);
        assert!(matches!(error, ApiError::Malformed { .. }), "{body}: {error:?}");
        // On a failure status the same body is an HTTP error without a documented error body.
        let error = cam::UpdateUser::parse_http_response(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .expect_err(body);
        assert!(matches!(error, ApiError::Http { status: 502, .. }), "{body}: {error:?}");
    }
    // `null` is JSON's "none": no error object, so the response itself.
    let body = br#"{"Response": {"Error": null, "RequestId": "r1"}}"#;
    let response = cam::UpdateUser::parse_http_response(StatusCode::OK, &HeaderMap::new(), body)
        .expect("a success");
    assert_eq!(response.request_id, "r1");
}

#[test]
fn a_flat_envelope_reads_a_top_level_code_as_an_error_only_on_a_failure_status() {
    // Alibaba Cloud: the code sits beside the response fields, and success
    // bodies may carry a `Code` (or `Success`) of their own.
    for body in [
        r#"{"RequestId": "R", "Code": "200"}"#,
        r#"{"RequestId": "R", "Code": "Success", "Success": true, "Message": "ok"}"#,
    ] {
        for status in [StatusCode::OK, StatusCode::CREATED] {
            let eiam =
                eiam::UpdateUser::parse_http_response(status, &HeaderMap::new(), body.as_ref())
                    .unwrap_or_else(|e| panic!("{status} {body}: {e:?}"));
            assert_eq!(eiam.request_id.as_deref(), Some("R"));
            let cloudsso =
                cloudsso::UpdateUser::parse_http_response(status, &HeaderMap::new(), body.as_ref())
                    .unwrap_or_else(|e| panic!("{status} {body}: {e:?}"));
            assert_eq!(cloudsso.request_id.as_deref(), Some("R"));
        }
    }
    // The same shape on a failure status is the error.
    let body = br#"{"RequestId": "R", "Code": "InvalidParameter", "Message": "bad"}"#;
    let error =
        eiam::UpdateUser::parse_http_response(StatusCode::BAD_REQUEST, &HeaderMap::new(), body)
            .expect_err("a failure status");
    assert_eq!(error.service_error(), Some(&eiam::UpdateUserError::InvalidParameter));
    assert_eq!((error.status(), error.request_id()), (Some(400), Some("R")));
    // Without a status the body alone decides, and a code reads as the error.
    let error = eiam::UpdateUser::parse_response(r#"{"RequestId": "R", "Code": "200"}"#)
        .expect_err("no status to go by");
    assert_eq!(error.service_error(), Some(&eiam::UpdateUserError::Unknown("200".into())));
}

#[test]
fn an_error_object_is_the_error_whatever_the_status() {
    let body =
        br#"{"Response": {"Error": {"Code": "InternalError", "Message": "x"}, "RequestId": "r"}}"#;
    for status in [200, 400, 500] {
        let status = StatusCode::from_u16(status).expect("valid status");
        let error = cam::UpdateUser::parse_http_response(status, &HeaderMap::new(), body)
            .expect_err("an error object");
        assert_eq!(error.service_error(), Some(&cam::UpdateUserError::InternalError), "{status}");
        assert_eq!(error.status(), Some(status.as_u16()));
    }
    // A code beside the response fields, outside the error object, is no error.
    let body = br#"{"Response": {"Code": "InternalError", "RequestId": "r"}}"#;
    let response = cam::UpdateUser::parse_http_response(StatusCode::OK, &HeaderMap::new(), body)
        .expect("a success");
    assert_eq!(response.request_id, "r");
}

#[test]
fn a_tencent_error_keeps_its_status_and_retryability() {
    let body = br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r-9"}}"#;
    let error = cam::UpdateUser::parse_http_response(StatusCode::OK, &HeaderMap::new(), body)
        .expect_err("an error body");
    assert_eq!(error.service_error(), Some(&cam::UpdateUserError::RequestLimitExceeded));
    assert_eq!((error.status(), error.request_id()), (Some(200), Some("r-9")));
    assert!(error.is_retryable(), "the spec marks RequestLimitExceeded retryable");
    assert_eq!(error.to_string(), "RequestLimitExceeded: slow down (request r-9)");
}

#[test]
fn a_429_or_503_with_an_error_body_is_retryable_whatever_its_code() {
    let body = |code: &str| format!(r#"{{"RequestId": "R", "Code": "{code}", "Message": "temp"}}"#);
    for (status, code, retryable) in [
        (503, "ServiceUnavailable", true),
        (429, "Throttling.User", true),
        // The same codes with another status: only the enum could say, and it does not know them.
        (500, "ServiceUnavailable", false),
        (400, "Throttling.User", false),
        (409, "ResourceDuplicated.Username", false),
    ] {
        let status = StatusCode::from_u16(status).expect("valid status");
        let error =
            eiam::UpdateUser::parse_http_response(status, &HeaderMap::new(), body(code).as_bytes())
                .expect_err("an error body");
        assert!(matches!(error, ApiError::Service { .. }), "{status}: {error:?}");
        assert_eq!(error.service_error().map(ServiceError::code), Some(code));
        assert_eq!(error.is_retryable(), retryable, "{status} {code}");
    }
}

#[test]
fn generic_code_can_list_known_codes_and_spot_unknown_ones() {
    fn unknown<E: ServiceError>(code: &str) -> bool {
        E::from_code(code).is_unknown()
    }
    assert!(unknown::<cam::UpdateUserError>("Brand.New"));
    assert!(!unknown::<cam::UpdateUserError>("AuthFailure"));
    assert!(
        <eiam::UpdateUserError as ServiceError>::KNOWN_CODES
            .contains(&"ResourceDuplicated.Username")
    );
}
