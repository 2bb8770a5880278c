//! How long client-side validation of each spec's example request takes.
//!
//! `cargo bench -p tests --bench validate`. The Alibaba pages have no request
//! example, so their requests are built from the values in the doc's tables.

use std::hint::black_box;

use cloud_api_types::alibabacloud::{cloudsso::v20210515 as cloudsso, eiam::v20211201 as eiam};
use cloud_api_types::tencentcloud::{
    cam::v20190116 as cam, ciam::v20220331 as ciam, organization::v20210331 as tco,
};
use cloud_api_types::{Operation, Validate};
use criterion::{Criterion, criterion_group, criterion_main};

/// The first request example of `O`'s spec, decoded.
fn example<O: Operation>() -> O::Request {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let model = codegen::compile_dir(&specs).expect("the workspace's specs are valid");
    let body = model
        .providers
        .iter()
        .flat_map(|p| &p.services)
        .filter(|s| s.provider == O::PROVIDER && s.name == O::SERVICE && s.version == O::VERSION)
        .flat_map(|s| &s.actions)
        .filter(|a| a.wire_name == O::ACTION)
        .find_map(|a| a.examples.iter().find_map(|e| e.request.clone()))
        .expect("the spec has a request example");
    serde_json::from_str(&body).expect("the example decodes")
}

fn bench<R: Validate>(c: &mut Criterion, name: &str, request: &R) {
    c.bench_function(name, |b| b.iter(|| black_box(request).validate().is_ok()));
}

fn validate(c: &mut Criterion) {
    bench(c, "validate tencentcloud/cam example (2 violations)", &example::<cam::UpdateUser>());
    bench(c, "validate tencentcloud/ciam example", &example::<ciam::UpdateUser>());
    bench(c, "validate tencentcloud/organization example", &example::<tco::UpdateUser>());
    let cloudsso = cloudsso::UpdateUserRequest::new("d-00fc2p61****", "u-00q8wbq42wiltcrk****")
        .with_new_display_name("AliceLee")
        .with_new_email("AliceLee@example.com");
    bench(c, "validate alibabacloud/cloudsso table values", &cloudsso);
    let eiam = eiam::UpdateUserRequest::new(
        "idaas_ue2jvisn35ea5lmthk267xxxxx",
        "user_d6sbsuumeta4h66ec3il7yxxxx",
    )
    .with_username("username_test")
    .with_display_name("test_name")
    .with_phone_number("15600000000")
    .with_phone_number_verified(true)
    .with_custom_fields(vec![
        eiam::CustomField::new().with_field_name("nick_name").with_operation("add"),
    ]);
    bench(c, "validate alibabacloud/eiam table values", &eiam);
}

criterion_group!(benches, validate);
criterion_main!(benches);
