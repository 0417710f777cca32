//! Sign-in and sync through the service layer against the fake services, with a
//! real SQLite file and the real OS keyring; for the failure tests.

use std::collections::BTreeMap;
use std::time::Duration;

use compliance_desk::auth::browser;
use compliance_desk::auth::secrets::SecretStore;
use compliance_desk::connectors::http::SyncPolicy;
use compliance_desk::connectors::ConnectRequest;
use compliance_desk::service::instances;
use compliance_desk::service::setup::{self, Added, NewInstance};
use compliance_desk::service::sync::{sync, SyncReport};
use compliance_desk::service::{self, ServiceError};
use compliance_desk::store::repo;
use compliance_desk::store::Store;
use fakes::{Fault, FaultRule};

use super::services::*;

/// A workspace on a real SQLite file with its own keyring namespace, and the fake
/// services of the "mixed" scenario.
pub struct World {
    pub dir: tempfile::TempDir,
    pub services: Services,
    pub store: Store,
    pub keyring: SecretStore,
}

pub fn world(tune: impl FnOnce(&mut fakes::salesforce::Config, &mut fakes::zoom::Config)) -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = service::open(&dir.path().join("data")).unwrap();
    World {
        services: Services::start("mixed", tune),
        store,
        keyring: SecretStore::new(format!("compliance-desk-test-{}", uuid::Uuid::new_v4())),
        dir,
    }
}

/// Fast retries so that failure tests take seconds.
pub fn policy() -> SyncPolicy {
    SyncPolicy {
        concurrency: 4,
        max_attempts: 4,
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        request_timeout: Duration::from_secs(5),
        deadline: Duration::from_secs(30),
        ..SyncPolicy::default()
    }
}

pub fn request(
    method: &str,
    fields: &[(&str, &str)],
    secret: Option<&str>,
    timeout: u64,
) -> ConnectRequest {
    ConnectRequest {
        auth_method: method.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        secrets: secret
            .map(|s| {
                BTreeMap::from([(
                    "client_secret".to_string(),
                    compliance_desk::auth::secret::Secret::new(s),
                )])
            })
            .unwrap_or_default(),
        sign_in_timeout: Duration::from_secs(timeout),
    }
}

impl World {
    pub fn add_salesforce(
        &mut self,
        script: &std::path::Path,
        timeout: u64,
    ) -> Result<Added, ServiceError> {
        let sf = self.services.salesforce.base_url();
        let new = NewInstance {
            name: "Salesforce Prod".into(),
            service: "salesforce".into(),
            accepted_terms: Some("2026-11-01".into()),
            request: request(
                "oauth_pkce",
                &[
                    ("login_host", &sf),
                    ("client_id", SF_CLIENT),
                    ("callback_url", &self.services.sf_callback),
                ],
                None,
                timeout,
            ),
        };
        let browser_command = script.display().to_string();
        setup::add(&mut self.store, &self.keyring, new, &|url| {
            browser::open_with(url, Some(&browser_command))
        })
    }

    /// Adds Zoom with `method` (server_to_server or oauth_pkce), named "Zoom {method}".
    pub fn try_add_zoom(&mut self, method: &str) -> Result<Added, ServiceError> {
        let zoom = self.services.zoom.base_url();
        let script = browser_script(self.dir.path(), "allow", "", "s/x/x/");
        let (client, secret) = if method == "server_to_server" {
            (ZOOM_S2S_CLIENT, Some(ZOOM_S2S_SECRET))
        } else {
            (ZOOM_USER_CLIENT, None)
        };
        let new = NewInstance {
            name: format!("Zoom {method}"),
            service: "zoom".into(),
            accepted_terms: Some("2026-11-01".into()),
            request: request(
                method,
                &[
                    ("client_id", client),
                    ("account_id", ZOOM_ACCOUNT),
                    ("oauth_url", &zoom),
                    ("api_url", &zoom),
                    ("callback_url", &self.services.zoom_callback),
                ],
                secret,
                30,
            ),
        };
        let browser_command = script.display().to_string();
        setup::add(&mut self.store, &self.keyring, new, &|url| {
            browser::open_with(url, Some(&browser_command))
        })
    }

    pub fn add_zoom(&mut self, method: &str) -> Added {
        self.try_add_zoom(method).expect("Zoom connects")
    }

    /// Zoom by Server-to-Server in an assessment "Zoom" on the Zoom baseline, not
    /// synced yet; returns the instance's name.
    pub fn zoom_in_assessment(&mut self) -> &'static str {
        self.add_zoom("server_to_server");
        let name = "Zoom server_to_server";
        service::assessments::create(
            &mut self.store,
            "Zoom",
            "Zoom security baseline",
            Some(&[name.to_string()]),
            "G",
        )
        .unwrap();
        name
    }

    /// Salesforce (the fake's consent allowed) in an assessment "SF" on the Salesforce
    /// baseline, not synced yet.
    pub fn salesforce_in_assessment(&mut self) {
        let allow = browser_script(self.dir.path(), "allow", "", "s/x/x/");
        self.add_salesforce(&allow, 30).unwrap();
        service::assessments::create(
            &mut self.store,
            "SF",
            "Salesforce security baseline",
            Some(&["Salesforce Prod".to_string()]),
            "G",
        )
        .unwrap();
    }

    /// The status of an action's result in an assessment, and the reason its check
    /// gave, if any.
    pub fn result(
        &self,
        assessment: &str,
        action: &str,
    ) -> (compliance_desk::domain::TestStatus, Option<String>) {
        let rows = service::assessments::results(&self.store, assessment).unwrap();
        let row = rows
            .iter()
            .find(|r| r.action == action)
            .unwrap_or_else(|| panic!("{assessment} has a result for {action}"));
        let reason = row.evidence.as_ref().and_then(|e| e.reason.clone());
        (row.test_status, reason)
    }

    /// Zoom by Server-to-Server with one good sync: what a failure must leave intact.
    pub fn synced_zoom(&mut self) -> &'static str {
        self.add_zoom("server_to_server");
        let name = "Zoom server_to_server";
        assert!(self.sync(name).succeeded);
        name
    }

    pub fn sync(&mut self, name: &str) -> SyncReport {
        sync(&mut self.store, &self.keyring, name, &policy(), &|_| {})
            .expect("the sync runs and is recorded")
    }

    pub fn snapshots(&self, name: &str) -> Vec<String> {
        let record = repo::instances::find(self.store.conn(), name)
            .unwrap()
            .unwrap();
        repo::snapshots::latest(self.store.conn(), record.instance.id, 100)
            .unwrap()
            .into_iter()
            .map(|s| s.sha256)
            .collect()
    }

    /// How many rows of `table` (snapshots, sync_runs) the instance has: all of them,
    /// where [`World::snapshots`] lists the newest 100.
    pub fn rows_of(&self, name: &str, table: &str) -> usize {
        let record = repo::instances::find(self.store.conn(), name)
            .unwrap()
            .unwrap();
        let n: i64 = self
            .store
            .conn()
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE instance_id = ?1"),
                [record.instance.id.0],
                |r| r.get(0),
            )
            .unwrap();
        n as usize
    }

    /// The failed sync changed no snapshot and left a record naming `code`.
    pub fn assert_failed_and_kept(
        &self,
        name: &str,
        report: &SyncReport,
        before: &[String],
        code: &str,
    ) {
        assert!(!report.succeeded, "{report:?}");
        assert_eq!(
            report.error_code.as_deref(),
            Some(code),
            "{:?}",
            report.error
        );
        assert_eq!(
            self.snapshots(name),
            before,
            "the last good snapshot is kept"
        );
        let record = repo::instances::find(self.store.conn(), name)
            .unwrap()
            .unwrap();
        let runs = repo::snapshots::last_runs(self.store.conn(), record.instance.id).unwrap();
        let (_, recorded_code, message) = runs.last_failure.expect("the failure is recorded");
        assert_eq!(recorded_code, code);
        assert!(
            message.len() > 20 && !message.contains("REDACTED"),
            "a sentence: {message}"
        );
        assert!(runs.last_success.is_some());
    }

    pub fn fault(&self, zoom: bool, prefix: &str, fault: Fault, times: Option<u32>) {
        let rule = FaultRule {
            path_prefix: prefix.into(),
            fault,
            times,
        };
        if zoom {
            self.services.zoom.faults().add(rule);
        } else {
            self.services.salesforce.faults().add(rule);
        }
    }

    pub fn no_instances(&self) {
        assert!(
            instances::list(&self.store).unwrap().is_empty(),
            "no row is left behind"
        );
    }
}
