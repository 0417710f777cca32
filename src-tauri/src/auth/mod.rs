//! Authorisation with the services: OAuth 2.0 for native apps (a loopback redirect
//! with PKCE) and the secrets it yields.

pub mod browser;
pub mod loopback;
pub mod oauth;
pub mod secret;
pub mod secrets;
pub mod session;
