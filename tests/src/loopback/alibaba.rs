//! Alibaba Cloud RPC on the loopback server: `ACS3-HMAC-SHA256` (each nonce
//! once), the action and version in `x-acs-action`/`x-acs-version`, the
//! parameters flattened into the query, errors as `{"RequestId", "HostId",
//! "Code", "Message", "Recommend"}` with the error's HTTP status.
//!
//! The query is decoded into the registered action's typed request by the
//! registry's `replay_query` (`Operation::decode_query`'s decoder: the request
//! type says which text is an integer or a boolean), so a query the API would
//! refuse (a name that does not fit, a missing or mistyped parameter, a broken
//! rule) is answered with the API's code and HTTP 400, the message listing
//! every problem at its query name. The call carries both the typed request,
//! encoded again as JSON, and the flat pairs as they arrived.

use std::collections::HashSet;
use std::time::SystemTime;

use cloud_api_types::ValidationErrors;
use serde_json::{Map, Value, json};

use super::{Call, ErrorAnswer, Reply, Router, registered};
use crate::verify::{self, Arrived, Keys, Rejection, Verified};

/// The router for Alibaba Cloud's RPC style.
#[derive(Debug, Clone, Copy)]
pub struct AlibabaRpc;

impl Router for AlibabaRpc {
    fn provider(&self) -> &'static str {
        "alibabacloud"
    }

    fn verify(
        &self,
        arrived: &Arrived,
        keys: &Keys,
        now: SystemTime,
        used_nonces: &mut HashSet<String>,
    ) -> Result<Verified, Rejection> {
        verify::check_acs3(arrived, keys, now, used_nonces)
    }

    fn decode(&self, arrived: &Arrived) -> Result<Call, Rejection> {
        let header = |name: &str| {
            arrived.header(name).map(str::to_owned).ok_or_else(|| Rejection {
                code: "MissingParameter",
                message: format!("no {name} header"),
                status: 400,
            })
        };
        let (action, version) = (header("x-acs-action")?, header("x-acs-version")?);
        let operation =
            registered(self.provider(), &version, &action).ok_or_else(|| Rejection {
                code: "InvalidAction.NotFound",
                message: format!("Specified api {action} of version {version} is not found."),
                status: 404,
            })?;
        let query = arrived.query.as_deref().unwrap_or("");
        let refused = |errors: &ValidationErrors| Rejection {
            code: errors.iter().find(|v| !v.advisory).map_or("InvalidParameter", |v| v.code),
            message: errors.to_string(),
            status: 400,
        };
        let outcome = (operation.replay_query)(query).map_err(|errors| refused(&errors))?;
        let rules = ValidationErrors(outcome.violations);
        if rules.is_blocking() {
            return Err(refused(&rules));
        }
        let mut parameters = Map::new();
        for (name, value) in verify::query_pairs(query)? {
            if parameters.insert(name.clone(), Value::String(value)).is_some() {
                return Err(Rejection {
                    code: "InvalidParameter",
                    message: format!("{name} is given twice"),
                    status: 400,
                });
            }
        }
        Ok(Call {
            action,
            version,
            attempt: 0,
            parameters: Value::Object(parameters),
            request: outcome.reencoded,
        })
    }

    fn error(&self, error: &ErrorAnswer<'_>, arrived: &Arrived) -> Reply {
        let body = json!({
            "RequestId": error.request_id,
            // Alibaba Cloud echoes the host the request was sent to.
            "HostId": arrived.header("host").unwrap_or_default(),
            "Code": error.code,
            "Message": error.message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={}", error.code),
        });
        Reply { status: error.status, body: body.to_string() }
    }
}
