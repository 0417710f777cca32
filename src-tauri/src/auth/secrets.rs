//! Secrets in the OS keyring, keyed by service instance: access and refresh tokens
//! and client secrets live there and nowhere else (not in SQLite, logs or exports).

use thiserror::Error;
use uuid::Uuid;

use super::secret::Secret;

/// What a stored secret is for; part of its keyring entry name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    AccessToken,
    RefreshToken,
    ClientSecret,
}

impl SecretKind {
    pub const ALL: [SecretKind; 3] = [
        SecretKind::AccessToken,
        SecretKind::RefreshToken,
        SecretKind::ClientSecret,
    ];

    fn name(self) -> &'static str {
        match self {
            SecretKind::AccessToken => "access-token",
            SecretKind::RefreshToken => "refresh-token",
            SecretKind::ClientSecret => "client-secret",
        }
    }
}

#[derive(Debug, Error)]
pub enum SecretsError {
    #[error(
        "the OS keyring is not available ({0}). On Linux, Compliance Desk needs a Secret Service \
         such as GNOME Keyring or KWallet, unlocked"
    )]
    Unavailable(String),
    #[error("the OS keyring refused to {action} a secret: {message}")]
    Refused {
        action: &'static str,
        message: String,
    },
}

/// The keyring entries of one app identity ("service" in keyring terms).
#[derive(Debug, Clone)]
pub struct SecretStore {
    service: String,
}

impl SecretStore {
    /// `service` names the app in the keyring; tests use their own to stay apart.
    pub fn new(service: impl Into<String>) -> SecretStore {
        SecretStore {
            service: service.into(),
        }
    }

    fn entry(&self, instance: Uuid, kind: SecretKind) -> Result<keyring::Entry, SecretsError> {
        keyring::Entry::new(&self.service, &format!("{instance}/{}", kind.name()))
            .map_err(|e| classify("open", e))
    }

    pub fn set(
        &self,
        instance: Uuid,
        kind: SecretKind,
        value: &Secret,
    ) -> Result<(), SecretsError> {
        off_runtime(|| {
            self.entry(instance, kind)?
                .set_password(value.expose())
                .map_err(|e| classify("store", e))
        })
    }

    pub fn get(&self, instance: Uuid, kind: SecretKind) -> Result<Option<Secret>, SecretsError> {
        off_runtime(|| match self.entry(instance, kind)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify("read", e)),
        })
    }

    /// Removes one secret; removing one that is not there is not an error.
    pub fn delete(&self, instance: Uuid, kind: SecretKind) -> Result<(), SecretsError> {
        off_runtime(|| match self.entry(instance, kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify("delete", e)),
        })
    }

    /// Removes every secret of an instance, as deleting it must.
    pub fn delete_all(&self, instance: Uuid) -> Result<(), SecretsError> {
        SecretKind::ALL
            .iter()
            .try_for_each(|kind| self.delete(instance, *kind))
    }
}

/// Runs a keyring call on a thread of its own: the Secret Service backend drives its
/// own async runtime and must not run on a thread inside ours (keyring's docs warn of
/// deadlocks), and a sync caller inside a tokio task must not block that runtime's
/// context either. The cost is one short thread per call.
fn off_runtime<T: Send>(call: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(call)
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// keyring's errors, in words; they never contain the secret.
fn classify(action: &'static str, error: keyring::Error) -> SecretsError {
    match error {
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            SecretsError::Unavailable(e.to_string())
        }
        other => SecretsError::Refused {
            action,
            message: other.to_string(),
        },
    }
}
