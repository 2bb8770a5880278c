//! How long the wire layer takes, beside what a user would otherwise write:
//! decoding a request body with every problem reported (`decode_request`)
//! against the serde derive that stops at the first, and the same request
//! from its flattened query (`decode_query`); building and signing a
//! request for each protocol; parsing an answer with its status.
//!
//! `cargo bench -p tests --bench wire`.

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use cloud_api_types::alibabacloud::eiam::v20211201 as eiam;
use cloud_api_types::http::{HeaderMap, StatusCode};
use cloud_api_types::tencentcloud::cam::v20190116 as cam;
use cloud_api_types::{Credentials, Operation, SendConfig, SigningParams};
use criterion::{Criterion, criterion_group, criterion_main};

const CAM_BODY: &str = r#"{"Name": "test124", "Remark": "test", "ConsoleLogin": 1,
    "Password": "Test-123456", "NeedResetPassword": 0, "PhoneNum": "10086",
    "CountryCode": "86", "Email": "123@qq.com"}"#;

fn config() -> SendConfig {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    SendConfig::new(Credentials::new("AKIDEXAMPLE", "secret"))
        .with_signing_params(move || SigningParams::fixed(time, "0123456789abcdef"))
}

fn decode(c: &mut Criterion) {
    let body = CAM_BODY.as_bytes();
    c.bench_function("decode CAM request: decode_request (every problem)", |b| {
        b.iter(|| cam::UpdateUser::decode_request(black_box(body)).is_ok())
    });
    c.bench_function("decode CAM request: serde_json::from_slice (first problem)", |b| {
        b.iter(|| serde_json::from_slice::<cam::UpdateUserRequest>(black_box(body)).is_ok())
    });
    let query = EIAM_QUERY;
    assert!(eiam::UpdateUser::decode_query(query).is_ok(), "the query decodes");
    c.bench_function("decode EIAM query: decode_query (unflatten, every problem)", |b| {
        b.iter(|| eiam::UpdateUser::decode_query(black_box(query)).is_ok())
    });
}

/// An EIAM request as the client flattens it: text booleans, a list of objects, escapes.
const EIAM_QUERY: &str = "CustomFields.1.FieldName=nick_name&CustomFields.1.Operation=add\
    &CustomFields.2.FieldName=age&CustomFields.2.FieldValue=3&CustomFields.2.Operation=add\
    &DisplayName=test_name&Email=a%40example.com&EmailVerified=true&InstanceId=idaas_1\
    &PhoneNumber=15600000000&PhoneNumberVerified=false&UserId=user_1";

fn sign(c: &mut Criterion) {
    let config = config();
    let cam_request: cam::UpdateUserRequest =
        serde_json::from_str(CAM_BODY).expect("the body decodes");
    c.bench_function("sign CAM request (validate, JSON, TC3-HMAC-SHA256)", |b| {
        b.iter(|| cam::UpdateUser::signed_request(black_box(&cam_request), &config).is_ok())
    });
    let eiam_config = config.with_endpoint("eiam.cn-hangzhou.aliyuncs.com").expect("a host");
    let eiam_request = eiam::UpdateUserRequest::new("idaas_1", "user_1")
        .with_display_name("test_name")
        .with_custom_fields(vec![
            eiam::CustomField::new().with_field_name("nick_name").with_operation("add"),
        ]);
    c.bench_function("sign EIAM request (validate, flattened query, ACS3-HMAC-SHA256)", |b| {
        b.iter(|| eiam::UpdateUser::signed_request(black_box(&eiam_request), &eiam_config).is_ok())
    });
}

fn parse(c: &mut Criterion) {
    let ok = br#"{"Response": {"RequestId": "b46d2afe"}}"#;
    let error = br#"{"Response": {"Error": {"Code": "ResourceNotFound.UserNotExist", "Message": "no"}, "RequestId": "r"}}"#;
    let headers = HeaderMap::new();
    c.bench_function("parse CAM success answer", |b| {
        b.iter(|| cam::UpdateUser::parse_http_response(StatusCode::OK, &headers, black_box(ok)))
    });
    c.bench_function("parse CAM error answer", |b| {
        b.iter(|| cam::UpdateUser::parse_http_response(StatusCode::OK, &headers, black_box(error)))
    });
}

criterion_group!(benches, decode, sign, parse);
criterion_main!(benches);
