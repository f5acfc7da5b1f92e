//! What a token endpoint issues ([`Tokens`]), and where a process keeps it
//! between runs ([`TokenStore`], [`FileTokenStore`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Secret, Session};
use crate::client::error::Error;

/// The tokens of one login: an access token, usually a refresh token, and what
/// Salesforce says about them. `Debug` shows no token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    /// The bearer token.
    #[serde(with = "secret_string")]
    pub access_token: Secret,
    /// The refresh token, when the flow and the app's scopes (`refresh_token`)
    /// grant one. Salesforce may rotate it on refresh.
    #[serde(
        default,
        with = "secret_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<Secret>,
    /// The org's instance URL.
    #[serde(default)]
    pub instance_url: Option<String>,
    /// The identity URL (`https://login.salesforce.com/id/00D…/005…`).
    #[serde(default, rename = "id")]
    pub identity_url: Option<String>,
    /// Granted scopes, space-separated.
    #[serde(default)]
    pub scope: Option<String>,
    /// When the access token was issued, in milliseconds since the epoch.
    #[serde(default, deserialize_with = "millis")]
    pub issued_at: Option<u64>,
    /// When the access token expires, in seconds since the epoch, when known
    /// (introspection, or an `expires_in` in the response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("instance_url", &self.instance_url)
            .field("identity_url", &self.identity_url)
            .field("scope", &self.scope)
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Tokens {
    /// Tokens from a token endpoint's JSON answer (`expires_in`, when present,
    /// becomes [`expires_at`](Self::expires_at)).
    pub(crate) fn from_response(body: &[u8]) -> serde_json::Result<Tokens> {
        #[derive(Deserialize)]
        struct Response {
            #[serde(flatten)]
            tokens: Tokens,
            #[serde(default)]
            expires_in: Option<u64>,
        }
        let r: Response = serde_json::from_slice(body)?;
        let mut tokens = r.tokens;
        if let (None, Some(secs)) = (tokens.expires_at, r.expires_in) {
            tokens.expires_at = Some(now_secs() + secs);
        }
        Ok(tokens)
    }

    /// The session the client sends requests with.
    pub fn session(&self) -> Session {
        let mut s = Session::new(self.access_token.clone(), self.instance_url.clone());
        s.expires_at = self
            .expires_at
            .map(|secs| UNIX_EPOCH + Duration::from_secs(secs));
        s
    }

    /// After a refresh: the new access token and what came with it, keeping the
    /// refresh token unless Salesforce rotated it.
    pub(crate) fn refreshed(&self, mut fresh: Tokens) -> Tokens {
        if fresh.refresh_token.is_none() {
            fresh.refresh_token = self.refresh_token.clone();
        }
        if fresh.identity_url.is_none() {
            fresh.identity_url = self.identity_url.clone();
        }
        fresh
    }
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Salesforce sends `issued_at` as a string of milliseconds.
fn millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Millis {
        Text(String),
        Number(u64),
    }
    Ok(match Option::<Millis>::deserialize(d)? {
        Some(Millis::Text(s)) => s.parse().ok(),
        Some(Millis::Number(n)) => Some(n),
        None => None,
    })
}

mod secret_string {
    use super::Secret;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &Secret, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.expose())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

mod secret_option {
    use super::Secret;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &Option<Secret>, ser: S) -> Result<S::Ok, S::Error> {
        match s {
            Some(s) => ser.serialize_some(s.expose()),
            None => ser.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
        Option::<String>::deserialize(d).map(|o| o.map(Secret::new))
    }
}

/// Where tokens live between runs: called after every login and every refresh,
/// so a restarted process resumes without a new login.
pub trait TokenStore: fmt::Debug + Send + Sync + 'static {
    /// The saved tokens, if any.
    fn load(&self) -> Result<Option<Tokens>, Error>;
    /// Saves `tokens`, replacing what was saved.
    fn save(&self, tokens: &Tokens) -> Result<(), Error>;
    /// Forgets the saved tokens (after a revoke or a logout).
    fn clear(&self) -> Result<(), Error>;
}

/// A [`TokenStore`] in one JSON file, readable by its owner only (mode 0600 on
/// Unix), replaced atomically (written beside it, synced, renamed), so a crash
/// never leaves half a file.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    /// A store at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileTokenStore { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, what: &str, e: impl fmt::Display) -> Error {
        Error::Auth {
            url: format!("token store {}", self.path.display()),
            status: None,
            error: what.to_owned(),
            error_description: Some(e.to_string()),
        }
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Result<Option<Tokens>, Error> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.error("token_store_unreadable", e)),
        };
        // serde_json's error names line and column, never the (secret) content.
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| self.error("token_store_invalid", e))
    }

    fn save(&self, tokens: &Tokens) -> Result<(), Error> {
        use std::io::Write;
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .path
            .file_name()
            .map_or_else(|| "tokens".into(), |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&tmp)?;
            let json = serde_json::to_vec_pretty(tokens)?;
            file.write_all(&json)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            self.error("token_store_unwritable", e)
        })
    }

    fn clear(&self) -> Result<(), Error> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(self.error("token_store_unwritable", e))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Tokens {
        Tokens::from_response(
            br#"{"access_token":"00Dx!access-secret","refresh_token":"refresh-secret",
                "instance_url":"https://x.my.salesforce.com","id":"https://login.salesforce.com/id/00Dx/005x",
                "token_type":"Bearer","issued_at":"1700000000000","signature":"sig","scope":"api refresh_token"}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_token_response_reads_every_key_and_shows_no_secret() {
        let t = sample();
        assert_eq!(t.issued_at, Some(1_700_000_000_000));
        assert_eq!(
            t.identity_url.as_deref(),
            Some("https://login.salesforce.com/id/00Dx/005x")
        );
        let debug = format!("{t:?}");
        assert!(!debug.contains("secret"), "{debug}");
    }

    #[test]
    fn a_refresh_keeps_the_refresh_token_unless_rotated() {
        let t = sample();
        let fresh =
            Tokens::from_response(br#"{"access_token":"new","instance_url":"https://x"}"#).unwrap();
        assert_eq!(
            t.refreshed(fresh).refresh_token.unwrap().expose(),
            "refresh-secret"
        );
        let rotated =
            Tokens::from_response(br#"{"access_token":"new","refresh_token":"r2"}"#).unwrap();
        assert_eq!(t.refreshed(rotated).refresh_token.unwrap().expose(), "r2");
    }

    #[test]
    fn the_file_store_round_trips_privately() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileTokenStore::new(dir.path().join("tokens.json"));
        assert!(store.load().unwrap().is_none());
        store.save(&sample()).unwrap();
        assert_eq!(store.load().unwrap(), Some(sample()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(store.path(), "{not json").unwrap();
        let err = store.load().unwrap_err().to_string();
        assert!(err.contains("token_store_invalid"), "{err}");
        store.clear().unwrap();
        assert!(store.load().unwrap().is_none());
    }
}
