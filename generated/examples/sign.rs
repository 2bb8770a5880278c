//! Prints a signed request for each action of the specs, built from the doc's
//! own request example (or, where the doc has none, from the example values of
//! its parameter table), with fake credentials and a fixed time and nonce.
//!
//! `cargo run --example sign`
//!
//! The doc examples are read from `specs/` (through the generator's library),
//! so the program follows the specs; the signing is what any caller gets from
//! `Operation::signed_request`.

use std::error::Error;
use std::path::Path;
use std::time::{Duration, SystemTime};

use cloud_api_types::{Credentials, SendConfig, SigningParams, http};
use codegen::model::{Field, Service, Type};
use serde_json::{Map, Value};

fn main() -> Result<(), Box<dyn Error>> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let model = codegen::compile_dir(&specs)?;
    let operations = cloud_api_types::operations();
    // 2026-01-01T00:00:00Z: a fixed time, so the output is the same every run.
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    for provider in &model.providers {
        for service in &provider.services {
            for action in &service.actions {
                let Some(operation) = operations.iter().find(|o| {
                    (o.provider, o.service, o.version, o.action)
                        == (&*provider.name, &*service.name, &*service.version, &*action.wire_name)
                }) else {
                    continue;
                };
                let body = match action.examples.iter().find_map(|e| e.request.clone()) {
                    Some(body) => body,
                    None => {
                        Value::Object(table_example(service, &action.request.fields)).to_string()
                    }
                };
                let body = body.as_str();
                let mut config = SendConfig::new(Credentials::new("AKIDEXAMPLE", "fake-secret"))
                    .with_signing_params(move || SigningParams::fixed(time, "5f0f8e3b6c2a4d1e"));
                if service.endpoints.is_empty() {
                    // The doc names no endpoint: the caller chooses one (a region's host).
                    config = config
                        .with_endpoint(&format!("{}.cn-hangzhou.aliyuncs.com", service.name))?;
                }
                if let Some(region) = action.region.supported.first() {
                    config = config.with_region(region.clone());
                }
                let title = format!("{} {} ({})", service.title, action.name, service.version);
                let request = match (operation.sign_request)(body, &config) {
                    Ok(request) => request,
                    Err(why) => {
                        // The doc's own example breaks a documented rule (CAM's example
                        // password, say): show the refusal, then the opt-out.
                        println!("# {title}: validation refused the doc's example:\n#   {why}");
                        println!("# signed anyway with `SendConfig::without_validation`:");
                        (operation.sign_request)(body, &config.without_validation())?
                    }
                };
                println!("# {title}");
                print_request(&request);
            }
        }
    }
    Ok(())
}

/// A request body made of the example values the doc's parameter table gives.
fn table_example(service: &Service, fields: &[Field]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|field| {
            let value = example_value(service, &field.ty, field.example.as_deref())?;
            Some((field.wire_name.clone(), value))
        })
        .collect()
}

fn example_value(service: &Service, ty: &Type, example: Option<&str>) -> Option<Value> {
    match ty {
        Type::String => example.map(|text| Value::String(text.to_owned())),
        Type::Integer => example?.parse::<i64>().ok().map(Value::from),
        Type::Boolean => example?.parse::<bool>().ok().map(Value::Bool),
        Type::Json => None,
        Type::Named(name) => {
            let fields = &service.types.iter().find(|t| &t.rust_name == name)?.fields;
            Some(Value::Object(table_example(service, fields)))
        }
        Type::Array(item) => Some(Value::Array(vec![example_value(service, item, example)?])),
    }
}

fn print_request(request: &http::Request<Vec<u8>>) {
    println!("{} {} HTTP/1.1", request.method(), request.uri());
    for (name, value) in request.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!();
    if !request.body().is_empty() {
        println!("{}", String::from_utf8_lossy(request.body()));
    }
    println!();
}
