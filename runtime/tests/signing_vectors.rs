//! The vendors' published signing examples, reproduced byte for byte: every
//! intermediate string the docs print and the final signature and
//! `Authorization` header. Every expected value below is copied from the
//! source named above its test, never produced by this crate.

use std::time::{Duration, UNIX_EPOCH};

use cloud_api_runtime::sign::{Credentials, SigningParams, acs3, tc3};
use http::header::AUTHORIZATION;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The request body of Tencent's example: the JSON escapes `\u672a…` are
/// literal backslash sequences, not the decoded characters.
const TC3_PAYLOAD: &str =
    r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

/// The example's `X-TC-Timestamp`: 2019-02-26 00:44:25 in UTC+8, still
/// 2019-02-25 in UTC.
const TC3_TIMESTAMP: u64 = 1_551_113_065;

/// Tencent's example request, before signing.
fn tc3_describe_instances() -> Result<http::Request<Vec<u8>>, http::Error> {
    http::Request::post("https://cvm.tencentcloudapi.com/")
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Host", "cvm.tencentcloudapi.com")
        .header("X-TC-Action", "DescribeInstances")
        .header("X-TC-Timestamp", "1551113065")
        .header("X-TC-Version", "2017-03-12")
        .header("X-TC-Region", "ap-guangzhou")
        .body(TC3_PAYLOAD.as_bytes().to_vec())
}

fn authorization_of<B>(request: &http::Request<B>) -> Result<&str, Box<dyn std::error::Error>> {
    Ok(request.headers().get(AUTHORIZATION).ok_or("no Authorization header")?.to_str()?)
}

// Source: Tencent Cloud, "Signature v3" (接口鉴权 v3 / 签名方法 v3), the CVM
// DescribeInstances worked example in the version that signs
// `content-type;host` and prints its SecretId and SecretKey in full
// (AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE / Gu5t9xGARNpq86cd98joQYCN3EXAMPLE).
// Text as stored in github.com/tencentyun/intlcloud-documents, file
// "API/API 3.0/CDN与加速/全球应用加速/调用方式/接口鉴权 v3.md", commit
// 749690a832b65851b5ad846143de7340edf970a6. The page now lives at
// https://cloud.tencent.com/document/api/213/30654, where the keys are masked
// (see the next test).
#[test]
fn tencent_signature_v3_doc_example_with_published_keys() -> TestResult {
    let credentials = Credentials::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    );
    let request = tc3_describe_instances()?;

    // Step 1: the canonical request.
    let hashed_payload = tc3::hashed_payload(request.body());
    assert_eq!(hashed_payload, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    let headers = tc3::canonical_headers(request.headers(), tc3::REQUIRED_SIGNED_HEADERS)?;
    assert_eq!(
        headers.canonical,
        "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n"
    );
    assert_eq!(headers.signed, "content-type;host");
    let canonical_request = tc3::canonical_request(
        "POST",
        "/",
        "",
        &headers.canonical,
        &headers.signed,
        &hashed_payload,
    );
    assert_eq!(
        canonical_request,
        "POST\n\
         /\n\
         \n\
         content-type:application/json; charset=utf-8\n\
         host:cvm.tencentcloudapi.com\n\
         \n\
         content-type;host\n\
         35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );

    // Step 2: the string to sign.
    let date = tc3::utc_date(TC3_TIMESTAMP)?;
    assert_eq!(date, "2019-02-25");
    let scope = tc3::credential_scope(&date, "cvm");
    assert_eq!(scope, "2019-02-25/cvm/tc3_request");
    let string_to_sign = tc3::string_to_sign(TC3_TIMESTAMP, &scope, &canonical_request);
    assert_eq!(
        string_to_sign,
        "TC3-HMAC-SHA256\n\
         1551113065\n\
         2019-02-25/cvm/tc3_request\n\
         5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );

    // Step 3: the signature.
    let keys = tc3::derive_keys("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", &date, "cvm");
    let signature = tc3::signature(&keys, &string_to_sign);
    assert_eq!(signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");

    // Step 4: the Authorization header.
    let expected_authorization = "TC3-HMAC-SHA256 \
        Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
        SignedHeaders=content-type;host, \
        Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";
    assert_eq!(
        tc3::authorization(credentials.access_key_id(), &scope, &headers.signed, &signature),
        expected_authorization
    );

    // The whole request, signed in one call.
    let mut signed = tc3_describe_instances()?;
    tc3::sign_headers(&mut signed, &credentials, "cvm", TC3_TIMESTAMP, &[])?;
    assert_eq!(authorization_of(&signed)?, expected_authorization);
    assert!(!signed.headers().contains_key(tc3::TOKEN_HEADER));
    Ok(())
}

// Source: Tencent Cloud, "签名方法 v3" (Signature v3), the current version of
// the same CVM DescribeInstances example, which also signs `x-tc-action`
// (lowercasing its value) and prints the derived keys:
// https://cloud.tencent.com/document/api/213/30654, "签名版本 v3 签名过程"
// steps 1–4 (read from a stored copy of the page's text).
// That version masks its SecretKey as asterisks; its Node.js demo says the
// example key is the literal "********************************" (32 `*`), and
// the three derived keys and the signature it prints are reproduced from that
// literal key, so the vector is complete. Its SecretId is masked too
// ("AKID" and asterisks); the key ID takes no part in the signature, so the
// Authorization header is checked only for the parts the doc prints in full.
#[test]
fn tencent_signature_v3_current_doc_example_signing_x_tc_action() -> TestResult {
    let masked_secret = "*".repeat(32);
    let credentials = Credentials::new(format!("AKID{}", "*".repeat(32)), masked_secret.clone());
    let request = tc3_describe_instances()?;

    // Step 1: the canonical request.
    let headers = tc3::canonical_headers(request.headers(), tc3::DEFAULT_SIGNED_HEADERS)?;
    assert_eq!(
        headers.canonical,
        "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n"
    );
    assert_eq!(headers.signed, "content-type;host;x-tc-action");
    let hashed_payload = tc3::hashed_payload(request.body());
    assert_eq!(hashed_payload, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    let canonical_request = tc3::canonical_request(
        "POST",
        "/",
        "",
        &headers.canonical,
        &headers.signed,
        &hashed_payload,
    );
    assert_eq!(
        canonical_request,
        "POST\n\
         /\n\
         \n\
         content-type:application/json; charset=utf-8\n\
         host:cvm.tencentcloudapi.com\n\
         x-tc-action:describeinstances\n\
         \n\
         content-type;host;x-tc-action\n\
         35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );

    // Step 2: the string to sign.
    let scope = tc3::credential_scope(&tc3::utc_date(TC3_TIMESTAMP)?, "cvm");
    assert_eq!(scope, "2019-02-25/cvm/tc3_request");
    let string_to_sign = tc3::string_to_sign(TC3_TIMESTAMP, &scope, &canonical_request);
    assert_eq!(
        string_to_sign,
        "TC3-HMAC-SHA256\n\
         1551113065\n\
         2019-02-25/cvm/tc3_request\n\
         7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    );

    // Step 3: the derived keys, as the doc prints them in hex, and the signature.
    let keys = tc3::derive_keys(&masked_secret, "2019-02-25", "cvm");
    assert_eq!(
        hex::encode(keys.secret_date),
        "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0"
    );
    assert_eq!(
        hex::encode(keys.secret_service),
        "8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f"
    );
    assert_eq!(
        hex::encode(keys.secret_signing),
        "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af"
    );
    let signature = tc3::signature(&keys, &string_to_sign);
    assert_eq!(signature, "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");

    // Step 4, signed in one call with the default header set.
    let mut signed = tc3_describe_instances()?;
    tc3::sign(&mut signed, &credentials, "cvm", TC3_TIMESTAMP)?;
    let authorization = authorization_of(&signed)?;
    assert!(authorization.starts_with("TC3-HMAC-SHA256 Credential=AKID"), "{authorization}");
    assert!(
        authorization.ends_with(
            "/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, \
             Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
        ),
        "{authorization}"
    );
    Ok(())
}

// Source: Alibaba Cloud, "Request syntax and signature method V3"
// (V3版本请求体&签名机制), section "Signature examples" → "Fixed parameter
// values": AccessKeyID YourAccessKeyId, AccessKeySecret YourAccessKeySecret,
// x-acs-signature-nonce 3156853299f313e23d1673dc12e1703d, x-acs-date
// 2023-10-26T10:22:32Z, ECS RunInstances 2014-05-26 on
// ecs.cn-shanghai.aliyuncs.com with ImageId and RegionId in the query:
// https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
// (Chinese: https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature).
// The doc's last snippet, the request as sent, shows other x-acs-date and
// nonce values (09:01:01Z, d410…); the fixed values above are the ones its
// canonical request, string to sign and signature are computed from.
#[test]
fn alibaba_v3_signature_doc_example_with_fixed_parameters() -> TestResult {
    let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let example = || {
        http::Request::post(
            "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        )
        .header("host", "ecs.cn-shanghai.aliyuncs.com")
        .header("x-acs-action", "RunInstances")
        .header("x-acs-version", "2014-05-26")
        .body(Vec::new())
    };
    // 2023-10-26T10:22:32Z as a Unix time.
    let params = SigningParams::fixed(
        UNIX_EPOCH + Duration::from_secs(1_698_315_752),
        "3156853299f313e23d1673dc12e1703d",
    );
    let mut request = example()?;
    acs3::prepare(&mut request, &params)?;
    assert_eq!(request.headers()[acs3::DATE_HEADER], "2023-10-26T10:22:32Z");

    // Step 1: the canonical request.
    let query = acs3::canonical_query_string([
        ("RegionId", "cn-shanghai"),
        ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
    ]);
    assert_eq!(
        query,
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
    );
    assert_eq!(acs3::canonical_query_of(request.uri().query())?, query);
    let hashed_payload = acs3::hashed_payload(request.body());
    assert_eq!(hashed_payload, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    request.headers_mut().insert(acs3::CONTENT_SHA256_HEADER, hashed_payload.parse()?);
    let headers = acs3::canonical_headers(request.headers())?;
    assert_eq!(
        headers.canonical,
        "host:ecs.cn-shanghai.aliyuncs.com\n\
         x-acs-action:RunInstances\n\
         x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
         x-acs-date:2023-10-26T10:22:32Z\n\
         x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
         x-acs-version:2014-05-26\n"
    );
    assert_eq!(
        headers.signed,
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    );
    let canonical_request = acs3::canonical_request(
        "POST",
        "/",
        &query,
        &headers.canonical,
        &headers.signed,
        &hashed_payload,
    );
    assert_eq!(
        canonical_request,
        "POST\n\
         /\n\
         ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
         host:ecs.cn-shanghai.aliyuncs.com\n\
         x-acs-action:RunInstances\n\
         x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
         x-acs-date:2023-10-26T10:22:32Z\n\
         x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
         x-acs-version:2014-05-26\n\
         \n\
         host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );

    // Step 2: the string to sign.
    let string_to_sign = acs3::string_to_sign(&canonical_request);
    assert_eq!(
        string_to_sign,
        "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    );

    // Step 3: the signature.
    let signature = acs3::signature("YourAccessKeySecret", &string_to_sign);
    assert_eq!(signature, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");

    // Step 4: the Authorization header.
    let expected_authorization = "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,\
        SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
        Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    assert_eq!(
        acs3::authorization(credentials.access_key_id(), &headers.signed, &signature),
        expected_authorization
    );

    // The whole request, prepared and signed in two calls.
    let mut signed = example()?;
    acs3::prepare(&mut signed, &params)?;
    acs3::sign(&mut signed, &credentials)?;
    assert_eq!(authorization_of(&signed)?, expected_authorization);
    assert_eq!(
        signed.headers()[acs3::CONTENT_SHA256_HEADER],
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert!(!signed.headers().contains_key(acs3::SECURITY_TOKEN_HEADER));
    Ok(())
}
