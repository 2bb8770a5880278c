//! Tencent Cloud API 3.0 on the loopback server: `TC3-HMAC-SHA256`, the
//! action and version in `X-TC-Action`/`X-TC-Version`, the parameters as a
//! JSON body, errors as `{"Response": {"Error": {"Code", "Message"},
//! "RequestId"}}` with HTTP 200 (Tencent answers every error with 200).

use std::collections::HashSet;
use std::time::SystemTime;

use serde_json::{Value, json};

use super::{Call, ErrorAnswer, Reply, Router, registered};
use crate::verify::{self, Arrived, Keys, Rejection, Verified};

/// The router for Tencent Cloud API 3.0.
#[derive(Debug, Clone, Copy)]
pub struct TencentApi3;

impl Router for TencentApi3 {
    fn provider(&self) -> &'static str {
        "tencentcloud"
    }

    fn verify(
        &self,
        arrived: &Arrived,
        keys: &Keys,
        now: SystemTime,
        _used_nonces: &mut HashSet<String>,
    ) -> Result<Verified, Rejection> {
        verify::check_tc3(arrived, keys, now)
    }

    /// The body decodes with the registry's decoder (the one
    /// `Operation::decode_request` uses), so a request the client should not
    /// have sent is refused with the code the API would use.
    fn decode(&self, arrived: &Arrived) -> Result<Call, Rejection> {
        let header = |name: &str| {
            arrived.header(name).map(str::to_owned).ok_or_else(|| Rejection {
                code: "MissingParameter",
                message: format!("no {name}"),
                status: 200,
            })
        };
        let (action, version) = (header("x-tc-action")?, header("x-tc-version")?);
        let operation =
            registered(self.provider(), &version, &action).ok_or_else(|| Rejection {
                code: "InvalidAction",
                message: format!("no action {action} in version {version}"),
                status: 200,
            })?;
        let body =
            std::str::from_utf8(&arrived.body).map_err(|_| invalid("the body is not UTF-8"))?;
        let outcome = (operation.replay_request)(body).map_err(|problems| invalid(&problems))?;
        if let Some(violation) = outcome.violations.first() {
            return Err(Rejection {
                code: violation.code,
                message: format!("{} breaks a rule", violation.path),
                status: 200,
            });
        }
        let parameters: Value = serde_json::from_str(body).map_err(|e| invalid(&e.to_string()))?;
        Ok(Call { action, version, attempt: 0, parameters, request: outcome.reencoded })
    }

    fn error(&self, error: &ErrorAnswer<'_>, _arrived: &Arrived) -> Reply {
        let body = json!({
            "Response": {
                "Error": {"Code": error.code, "Message": error.message},
                "RequestId": error.request_id,
            }
        });
        Reply { status: 200, body: body.to_string() }
    }
}

fn invalid(why: &str) -> Rejection {
    Rejection { code: "InvalidParameter", message: why.to_owned(), status: 200 }
}
