//! A secret value (token, client secret, authorization code) whose Debug and Display
//! never show it, so that it cannot leak into logs, errors or panics by accident.

use std::fmt;

/// The environment variable the command line may read a client secret from; no child
/// process (the browser, an opener) inherits it.
pub const CLIENT_SECRET_ENV: &str = "COMPLIANCE_DESK_CLIENT_SECRET";

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The value is wiped from memory when the last copy goes, so a later crash dump or
/// a reused allocation does not hold it.
impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(REDACTED)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("REDACTED")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Secret::new("00Dxx!AR8.super-secret");
        let shown = format!("{secret} {secret:?} {:?}", Some(&secret));
        assert!(!shown.contains("super-secret"), "{shown}");
        assert_eq!(secret.expose(), "00Dxx!AR8.super-secret");
    }
}
