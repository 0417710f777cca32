//! A fake Zoom: OAuth (Server-to-Server and user-authorised with PKCE) and the REST
//! API under /v2, with per-category rate limits.

mod api;
mod oauth;
mod rate;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

pub use rate::Category;

use crate::authorization::Grant;
use crate::faults::{FaultRule, Faults};
use crate::recorder::Recorder;
use crate::server::{instrument, Running};

/// A Server-to-Server OAuth app: account id, client id and secret.
#[derive(Debug, Clone)]
pub struct ServerApp {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
}

/// A user-authorised OAuth app; without a secret it is a public (PKCE-only) client.
#[derive(Debug, Clone)]
pub struct UserApp {
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub port: u16,
    pub account_id: String,
    pub server_apps: Vec<ServerApp>,
    pub user_apps: Vec<UserApp>,
    /// `expires_in` of access tokens.
    pub token_lifetime: Duration,
    pub code_lifetime: Duration,
    /// Requests per second per rate-limit category.
    pub qps: HashMap<Category, u32>,
    /// `GET /accounts/me/settings` without `option`.
    pub settings: Value,
    /// `GET /accounts/me/settings?option=NAME` answers, by NAME.
    pub settings_options: HashMap<String, Value>,
    pub lock_settings: Value,
    pub users: Vec<Value>,
    /// `GET /users/{id}/settings`, by user id.
    pub user_settings: HashMap<String, Value>,
    /// Faults in force from the start.
    pub faults: Vec<FaultRule>,
}

pub const READ_SCOPES: [&str; 2] = ["account:read:admin", "user:read:admin"];

impl Default for Config {
    fn default() -> Self {
        let scopes: Vec<String> = READ_SCOPES.iter().map(|s| s.to_string()).collect();
        Config {
            port: 0,
            account_id: "fakeAccount01".into(),
            server_apps: vec![ServerApp {
                client_id: "fakeS2SClient".into(),
                client_secret: "fake-s2s-secret-not-for-production".into(),
                scopes: scopes.clone(),
            }],
            user_apps: vec![UserApp {
                client_id: "fakeUserClient".into(),
                client_secret: None,
                redirect_uris: vec!["http://localhost:4199/oauth/callback".into()],
                scopes,
            }],
            token_lifetime: Duration::from_secs(3600),
            code_lifetime: Duration::from_secs(10 * 60),
            qps: HashMap::from([
                (Category::Light, 80),
                (Category::Medium, 60),
                (Category::Heavy, 40),
            ]),
            settings: json!({}),
            settings_options: HashMap::new(),
            lock_settings: json!({}),
            users: Vec::new(),
            user_settings: HashMap::new(),
            faults: Vec::new(),
        }
    }
}

struct AccessToken {
    expires: Instant,
    scopes: Vec<String>,
    /// The refresh token it was made with (user OAuth only).
    refresh_token: Option<String>,
}

#[derive(Default)]
struct Tokens {
    codes: HashMap<String, Grant>,
    access: HashMap<String, AccessToken>,
    /// refresh token -> (client id, scopes); the old one is removed on each refresh.
    refresh: HashMap<String, (String, Vec<String>)>,
    /// next_page_token -> (offset, issued)
    pages: HashMap<String, (usize, Instant)>,
}

struct Shared {
    config: Config,
    tokens: Mutex<Tokens>,
    limits: rate::Limits,
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

/// A running fake Zoom; dropping it stops the server.
pub struct FakeZoom {
    shared: Arc<Shared>,
    running: Running,
}

impl FakeZoom {
    pub fn start(config: Config) -> std::io::Result<FakeZoom> {
        let port = config.port;
        let faults = Faults::default();
        config
            .faults
            .iter()
            .cloned()
            .for_each(|rule| faults.add(rule));
        let shared = Arc::new(Shared {
            limits: rate::Limits::new(&config.qps),
            config,
            tokens: Mutex::new(Tokens::default()),
            recorder: Recorder::default(),
            faults,
            base_url: Mutex::new(String::new()),
        });
        let router = Router::new()
            .route("/oauth/token", post(oauth::token))
            .route(
                "/oauth/authorize",
                get(oauth::consent).post(oauth::decision),
            )
            .route("/oauth/revoke", post(oauth::revoke))
            .route("/v2/accounts/me/settings", get(api::account_settings))
            .route("/v2/accounts/me/lock_settings", get(api::lock_settings))
            .route("/v2/users", get(api::users))
            .route("/v2/users/{id}/settings", get(api::user_settings))
            .with_state(shared.clone());
        let router = instrument(router, &shared.recorder, &shared.faults);
        let running = Running::start(router, port)?;
        *shared.base_url.lock().unwrap_or_else(|p| p.into_inner()) = running.base_url();
        Ok(FakeZoom { shared, running })
    }

    /// Both the OAuth host (zoom.us) and the API host (api.zoom.us): `{base}/v2/...`.
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

    /// Expires every access token now; refresh tokens still work.
    pub fn expire_access_tokens(&self) {
        let past = Instant::now() - Duration::from_secs(1);
        self.shared
            .tokens()
            .access
            .values_mut()
            .for_each(|t| t.expires = past);
    }

    /// Revokes every refresh token and access token, as deauthorising the app would.
    pub fn revoke_all(&self) {
        let mut tokens = self.shared.tokens();
        tokens.refresh.clear();
        tokens.access.clear();
    }
}
