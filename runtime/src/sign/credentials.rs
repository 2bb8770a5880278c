//! [`Credentials`]: an access key pair and optional session token that never
//! shows its secret, and reading it from the environment variables the
//! vendors' own SDKs and CLIs read.

use std::fmt;

use super::Vendor;
use crate::debug::Redacted;

/// An access key ID, its secret, and the session token temporary (STS)
/// credentials come with.
///
/// `Debug` shows the key ID and `<redacted>` for the secret and the token;
/// there is no `Display`, so a secret cannot reach a log by accident.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Long-lived credentials: a key ID (Tencent's SecretId, Alibaba's
    /// AccessKey ID) and its secret (SecretKey, AccessKey secret).
    pub fn new(access_key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self { access_key_id: access_key_id.into(), secret: secret.into(), session_token: None }
    }

    /// The same credentials with the session token of a temporary key pair;
    /// an empty token means none.
    #[must_use]
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.session_token = (!token.is_empty()).then_some(token);
        self
    }

    /// The key ID, which the `Authorization` header carries in the clear.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The session token, for temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// The secret; crate-private so only the signers read it.
    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }

    /// Reads the credentials from the process environment, from the variables
    /// the vendor's own tools read.
    ///
    /// The variables, in the order they are tried:
    ///
    /// | Vendor | Key ID | Secret | Session token |
    /// |---|---|---|---|
    /// | Tencent Cloud | `TENCENTCLOUD_SECRET_ID` | `TENCENTCLOUD_SECRET_KEY` | `TENCENTCLOUD_TOKEN`, then `TENCENTCLOUD_SECURITY_TOKEN` |
    /// | Alibaba Cloud | `ALIBABA_CLOUD_ACCESS_KEY_ID` | `ALIBABA_CLOUD_ACCESS_KEY_SECRET` | `ALIBABA_CLOUD_SECURITY_TOKEN` |
    /// | Alibaba Cloud, legacy | `ALICLOUD_ACCESS_KEY` | `ALICLOUD_SECRET_KEY` | `ALICLOUD_SECURITY_TOKEN` |
    ///
    /// Sources: the key pair as tencentcloud-sdk-go (`common/env_provider.go`) and
    /// tencentcloud-sdk-python (`EnvironmentVariableCredential`) read it; the
    /// token as tccli reads it (`ENV_TOKEN` in `tccli/options_define.py`) and as
    /// terraform-provider-tencentcloud reads it; Alibaba's as
    /// aliyun/credentials-go's environment provider reads it; the legacy Alibaba
    /// names as aliyun/terraform-provider-alicloud reads them. A legacy pair is
    /// used only when the current pair is absent, and its token goes with it.
    /// An empty variable counts as absent.
    ///
    /// # Errors
    /// [`CredentialsError`] naming the variables that are unset or empty.
    pub fn from_env(vendor: Vendor) -> Result<Self, CredentialsError> {
        Self::from_lookup(vendor, |name| std::env::var(name).ok())
    }

    /// As [`from_env`](Self::from_env), reading each variable through
    /// `lookup`, so tests need not touch the process environment.
    ///
    /// # Errors
    /// [`CredentialsError`] naming the variables that are unset or empty.
    pub fn from_lookup(
        vendor: Vendor,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let read = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let schemes = variables(vendor);
        for scheme in schemes {
            if let (Some(id), Some(secret)) = (read(scheme.access_key_id), read(scheme.secret)) {
                let token = scheme.session_token.iter().find_map(|name| read(name));
                let credentials = Self::new(id, secret);
                return Ok(match token {
                    Some(token) => credentials.with_session_token(token),
                    None => credentials,
                });
            }
        }
        let current = &schemes[0];
        let missing = [current.access_key_id, current.secret]
            .into_iter()
            .filter(|name| read(name).is_none())
            .collect();
        Err(CredentialsError { vendor, missing })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &Redacted)
            .field("session_token", &self.session_token.as_ref().map(|_| Redacted))
            .finish()
    }
}

/// The environment holds no usable credentials for a vendor. Names the
/// variables, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    vendor: Vendor,
    missing: Vec<&'static str>,
}

impl CredentialsError {
    /// The vendor whose credentials were looked for.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The vendor's current variables that are unset or empty.
    pub fn missing_variables(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no {} credentials in the environment: {} unset or empty",
            self.vendor,
            self.missing.join(", ")
        )?;
        let legacy = &variables(self.vendor)[1..];
        if !legacy.is_empty() {
            let pairs: Vec<String> = legacy
                .iter()
                .map(|scheme| format!("{}/{}", scheme.access_key_id, scheme.secret))
                .collect();
            write!(f, " (nor is the legacy pair {} set)", pairs.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// One set of variable names a vendor's tools read credentials from.
struct Variables {
    access_key_id: &'static str,
    secret: &'static str,
    /// Tried in order; the first non-empty one is the token.
    session_token: &'static [&'static str],
}

/// A vendor's sets of variable names, the current one first.
fn variables(vendor: Vendor) -> &'static [Variables] {
    const TENCENT_CLOUD: &[Variables] = &[Variables {
        access_key_id: "TENCENTCLOUD_SECRET_ID",
        secret: "TENCENTCLOUD_SECRET_KEY",
        session_token: &["TENCENTCLOUD_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"],
    }];
    const ALIBABA_CLOUD: &[Variables] = &[
        Variables {
            access_key_id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
            secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            session_token: &["ALIBABA_CLOUD_SECURITY_TOKEN"],
        },
        Variables {
            access_key_id: "ALICLOUD_ACCESS_KEY",
            secret: "ALICLOUD_SECRET_KEY",
            session_token: &["ALICLOUD_SECURITY_TOKEN"],
        },
    ];
    match vendor {
        Vendor::TencentCloud => TENCENT_CLOUD,
        Vendor::AlibabaCloud => ALIBABA_CLOUD,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const SECRET: &str = "s3cr3t-value-that-must-not-leak";
    const TOKEN: &str = "t0ken-value-that-must-not-leak";

    fn environment(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn debug_shows_the_key_id_and_hides_the_secret_and_the_token() {
        let credentials = Credentials::new("AKIDexample", SECRET).with_session_token(TOKEN);
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKIDexample"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert_eq!(
            shown,
            r#"Credentials { access_key_id: "AKIDexample", secret: <redacted>, session_token: Some(<redacted>) }"#
        );
        let pretty = format!("{credentials:#?}");
        assert!(!pretty.contains(SECRET) && !pretty.contains(TOKEN), "{pretty}");
    }

    #[test]
    fn getters_give_back_the_parts() {
        let credentials = Credentials::new("id", SECRET);
        assert_eq!(credentials.access_key_id(), "id");
        assert_eq!(credentials.secret(), SECRET);
        assert_eq!(credentials.session_token(), None);
        assert_eq!(credentials.clone().with_session_token(TOKEN).session_token(), Some(TOKEN));
        assert_eq!(credentials.with_session_token("").session_token(), None);
    }

    #[test]
    fn tencent_cloud_reads_the_sdk_and_tccli_variables() -> Result<(), CredentialsError> {
        let credentials = Credentials::from_lookup(
            Vendor::TencentCloud,
            environment(&[
                ("TENCENTCLOUD_SECRET_ID", "AKIDexample"),
                ("TENCENTCLOUD_SECRET_KEY", SECRET),
                ("TENCENTCLOUD_TOKEN", TOKEN),
            ]),
        )?;
        assert_eq!(credentials.access_key_id(), "AKIDexample");
        assert_eq!(credentials.secret(), SECRET);
        assert_eq!(credentials.session_token(), Some(TOKEN));

        let terraform_token = Credentials::from_lookup(
            Vendor::TencentCloud,
            environment(&[
                ("TENCENTCLOUD_SECRET_ID", "AKIDexample"),
                ("TENCENTCLOUD_SECRET_KEY", SECRET),
                ("TENCENTCLOUD_TOKEN", ""),
                ("TENCENTCLOUD_SECURITY_TOKEN", TOKEN),
            ]),
        )?;
        assert_eq!(terraform_token.session_token(), Some(TOKEN));
        Ok(())
    }

    #[test]
    fn alibaba_cloud_reads_the_credentials_sdk_variables() -> Result<(), CredentialsError> {
        let credentials = Credentials::from_lookup(
            Vendor::AlibabaCloud,
            environment(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIexample"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
                ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
                ("ALICLOUD_ACCESS_KEY", "legacy-id"),
                ("ALICLOUD_SECRET_KEY", "legacy-secret"),
            ]),
        )?;
        assert_eq!(credentials.access_key_id(), "LTAIexample");
        assert_eq!(credentials.secret(), SECRET);
        assert_eq!(credentials.session_token(), Some(TOKEN));
        Ok(())
    }

    #[test]
    fn alibaba_cloud_falls_back_to_the_legacy_pair_whole() -> Result<(), CredentialsError> {
        let credentials = Credentials::from_lookup(
            Vendor::AlibabaCloud,
            environment(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "half-of-a-current-pair"),
                ("ALIBABA_CLOUD_SECURITY_TOKEN", "token-of-the-current-pair"),
                ("ALICLOUD_ACCESS_KEY", "legacy-id"),
                ("ALICLOUD_SECRET_KEY", SECRET),
            ]),
        )?;
        assert_eq!(credentials.access_key_id(), "legacy-id");
        assert_eq!(credentials.secret(), SECRET);
        assert_eq!(credentials.session_token(), None);
        Ok(())
    }

    #[test]
    fn unset_or_empty_variables_are_named_and_no_value_is_shown() {
        let result = Credentials::from_lookup(
            Vendor::TencentCloud,
            environment(&[("TENCENTCLOUD_SECRET_ID", ""), ("TENCENTCLOUD_TOKEN", TOKEN)]),
        );
        let Err(error) = result else { panic!("credentials without a secret were accepted") };
        assert_eq!(error.vendor(), Vendor::TencentCloud);
        assert_eq!(
            error.missing_variables(),
            ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"]
        );
        assert_eq!(
            error.to_string(),
            "no Tencent Cloud credentials in the environment: \
             TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY unset or empty"
        );

        let result = Credentials::from_lookup(
            Vendor::AlibabaCloud,
            environment(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIexample"),
                ("ALICLOUD_SECRET_KEY", SECRET),
            ]),
        );
        let Err(error) = result else { panic!("half a key pair was accepted") };
        assert_eq!(error.missing_variables(), ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]);
        let shown = error.to_string();
        assert_eq!(
            shown,
            "no Alibaba Cloud credentials in the environment: ALIBABA_CLOUD_ACCESS_KEY_SECRET \
             unset or empty (nor is the legacy pair ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY set)"
        );
        assert!(!shown.contains(SECRET) && !shown.contains("LTAIexample"));
        assert!(!format!("{error:?}").contains(SECRET));
    }

    #[test]
    fn from_env_reads_the_process_environment() {
        // Whatever this machine's environment holds, an error names only
        // variables; a success is not printed.
        if let Err(error) = Credentials::from_env(Vendor::AlibabaCloud) {
            assert!(!error.missing_variables().is_empty());
        }
    }
}
