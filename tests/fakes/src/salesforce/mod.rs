//! A fake Salesforce: login host (OAuth 2.0 web-server flow with PKCE) and instance
//! (REST and Tooling query API) in one server.

mod oauth;
mod rest;
pub mod soql;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::routing::{get, post};
use axum::Router;
use serde_json::{Map, Value};

use crate::authorization::Grant;
use crate::faults::{FaultRule, Faults};
use crate::recorder::Recorder;
use crate::server::{instrument, Running};

/// A Connected App as an admin registers it: client id, optional secret, and the
/// exact callback URLs it accepts.
#[derive(Debug, Clone)]
pub struct ConnectedApp {
    pub client_id: String,
    pub client_secret: Option<String>,
    pub callback_urls: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// 0 picks a free port.
    pub port: u16,
    pub apps: Vec<ConnectedApp>,
    /// Records per object name ("User", "SecurityHealthCheckRisks", ...).
    pub objects: HashMap<String, Vec<Map<String, Value>>>,
    /// Records per query batch (Salesforce's default is 2000).
    pub batch_size: usize,
    /// How long an authorization code stays valid.
    pub code_lifetime: Duration,
    /// How long an access token works (the org's session timeout).
    pub session_timeout: Duration,
    pub api_version: String,
    pub daily_api_limit: u32,
    /// Refresh token rotation (off by default, as on most Connected Apps): each
    /// refresh answers a new refresh token and the old one stops working.
    pub rotate_refresh_tokens: bool,
    /// Faults in force from the start.
    pub faults: Vec<FaultRule>,
    /// The `instance_url` token answers name, when not this server (a hostile or
    /// misconfigured login host).
    pub instance_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            apps: vec![ConnectedApp {
                client_id: "3MVG9fake.compliance.desk".into(),
                client_secret: None,
                callback_urls: vec!["http://localhost:1717/OauthRedirect".into()],
            }],
            objects: HashMap::new(),
            batch_size: 2000,
            code_lifetime: Duration::from_secs(15 * 60),
            session_timeout: Duration::from_secs(2 * 60 * 60),
            api_version: "60.0".into(),
            daily_api_limit: 5000,
            rotate_refresh_tokens: false,
            faults: Vec::new(),
            instance_url: None,
        }
    }
}

pub(crate) struct Cursor {
    object: String,
    total: usize,
    rest: Vec<Map<String, Value>>,
}

pub(crate) struct Session {
    expires: Instant,
    refresh_token: String,
}

#[derive(Default)]
pub(crate) struct Tokens {
    codes: HashMap<String, Grant>,
    /// access token -> session
    sessions: HashMap<String, Session>,
    /// refresh token -> client id; removed when revoked.
    refresh: HashMap<String, String>,
    /// query locator -> what is still to send
    cursors: HashMap<String, Cursor>,
    api_calls: u32,
}

pub(crate) struct Shared {
    config: Config,
    tokens: Mutex<Tokens>,
    recorder: Recorder,
    faults: Faults,
    base_url: Mutex<String>,
}

impl Shared {
    fn tokens(&self) -> MutexGuard<'_, Tokens> {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn base_url(&self) -> String {
        self.base_url
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// A running fake Salesforce; dropping it stops the server.
pub struct FakeSalesforce {
    shared: Arc<Shared>,
    running: Running,
}

impl FakeSalesforce {
    pub fn start(config: Config) -> std::io::Result<FakeSalesforce> {
        let port = config.port;
        let faults = Faults::default();
        config
            .faults
            .iter()
            .cloned()
            .for_each(|rule| faults.add(rule));
        let shared = Arc::new(Shared {
            config,
            tokens: Mutex::new(Tokens::default()),
            recorder: Recorder::default(),
            faults,
            base_url: Mutex::new(String::new()),
        });
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(oauth::discovery))
            .route(
                "/services/oauth2/authorize",
                get(oauth::consent).post(oauth::decision),
            )
            .route("/services/oauth2/token", post(oauth::token))
            .route("/services/oauth2/revoke", post(oauth::revoke))
            .route("/services/oauth2/userinfo", get(oauth::userinfo))
            .route("/services/data/", get(rest::versions))
            .route("/services/data/{version}/query", get(rest::query))
            .route("/services/data/{version}/query/", get(rest::query))
            .route(
                "/services/data/{version}/query/{locator}",
                get(rest::next_batch),
            )
            .route("/services/data/{version}/tooling/query", get(rest::query))
            .route("/services/data/{version}/tooling/query/", get(rest::query))
            .route(
                "/services/data/{version}/tooling/query/{locator}",
                get(rest::next_batch),
            )
            .with_state(shared.clone());
        let router = instrument(router, &shared.recorder, &shared.faults);
        let running = Running::start(router, port)?;
        *shared.base_url.lock().unwrap_or_else(|p| p.into_inner()) = running.base_url();
        Ok(FakeSalesforce { shared, running })
    }

    /// Both the login host and the instance URL.
    pub fn base_url(&self) -> String {
        self.running.base_url()
    }

    pub fn recorder(&self) -> &Recorder {
        &self.shared.recorder
    }

    /// Faults to inject from now on (also reachable at `/__admin/faults`).
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Ends every session now, as a session timeout would; refresh tokens still work.
    pub fn expire_sessions(&self) {
        let mut tokens = self.shared.tokens();
        let past = Instant::now() - Duration::from_secs(1);
        tokens.sessions.values_mut().for_each(|s| s.expires = past);
    }

    /// Revokes every refresh token and the sessions made from them, as an admin
    /// revoking the Connected App's access would.
    pub fn revoke_all(&self) {
        let mut tokens = self.shared.tokens();
        tokens.refresh.clear();
        tokens.sessions.clear();
    }

    /// The API calls counted against the daily limit so far.
    pub fn api_calls(&self) -> u32 {
        self.shared.tokens().api_calls
    }
}
