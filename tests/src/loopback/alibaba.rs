//! Alibaba Cloud RPC on the loopback server: `ACS3-HMAC-SHA256` (each nonce
//! once), the action and version in `x-acs-action`/`x-acs-version`, the
//! parameters flattened into the query, errors as `{"RequestId", "HostId",
//! "Code", "Message", "Recommend"}` with the error's HTTP status.
//!
//! The query is not turned back into typed JSON (flattening loses the types:
//! `true` and `"true"` travel alike); the call carries the flat pairs, which
//! a test compares with `wire::alibaba::flatten` of what it sent.

use std::collections::HashSet;
use std::time::SystemTime;

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
        if registered(self.provider(), &version, &action).is_none() {
            return Err(Rejection {
                code: "InvalidAction.NotFound",
                message: format!("Specified api {action} of version {version} is not found."),
                status: 404,
            });
        }
        let mut parameters = Map::new();
        for (name, value) in verify::query_pairs(arrived.query.as_deref().unwrap_or(""))? {
            if parameters.insert(name.clone(), Value::String(value)).is_some() {
                return Err(Rejection {
                    code: "InvalidParameter",
                    message: format!("{name} is given twice"),
                    status: 400,
                });
            }
        }
        Ok(Call { action, version, attempt: 0, parameters: Value::Object(parameters) })
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
