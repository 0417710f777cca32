//! `instances ...`, `sync`, `templates`, `results`: the connector subcommands.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::time::Duration;

use super::args::{AddCommon, AddService, InstancesCommand};
use super::table::Table;
use super::{print_json, CliError};
use crate::auth::secret::{Secret, CLIENT_SECRET_ENV};
use crate::auth::secrets::SecretStore;
use crate::connectors::http::SyncPolicy;
use crate::connectors::{connector, ConnectRequest};
use crate::domain::scoring::fmt_points;
use crate::service::{self, setup::NewInstance, ServiceError};
use crate::store::Store;

fn secrets() -> SecretStore {
    SecretStore::new(service::paths::keyring_service())
}

fn client_secret(common: &AddCommon) -> Result<Option<Secret>, CliError> {
    if common.client_secret_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        return Ok((!line.is_empty()).then(|| Secret::new(line)));
    }
    Ok(std::env::var(CLIENT_SECRET_ENV)
        .ok()
        .filter(|s| !s.is_empty())
        .map(Secret::new))
}

fn new_instance(service: AddService) -> Result<(NewInstance, bool), CliError> {
    let (service, common, auth_method, mut fields) = match service {
        AddService::Salesforce {
            common,
            login_host,
            client_id,
        } => (
            "salesforce",
            common,
            "oauth_pkce".to_string(),
            BTreeMap::from([
                ("login_host".to_string(), login_host),
                ("client_id".to_string(), client_id),
            ]),
        ),
        AddService::Zoom {
            common,
            auth,
            client_id,
            account_id,
            oauth_url,
            api_url,
        } => {
            let method = match auth.as_str() {
                "server-to-server" | "server_to_server" | "s2s" => "server_to_server",
                "oauth" | "pkce" | "oauth_pkce" => "oauth_pkce",
                other => {
                    return Err(CliError::Service(ServiceError::Invalid(format!(
                        "--auth must be server-to-server or oauth, not \"{other}\""
                    ))))
                }
            };
            let mut fields = BTreeMap::from([("client_id".to_string(), client_id)]);
            for (key, value) in [
                ("account_id", account_id),
                ("oauth_url", oauth_url),
                ("api_url", api_url),
            ] {
                if let Some(value) = value {
                    fields.insert(key.to_string(), value);
                }
            }
            ("zoom", common, method.to_string(), fields)
        }
    };
    if let Some(url) = &common.callback_url {
        fields.insert("callback_url".into(), url.clone());
    }
    let mut secrets = BTreeMap::new();
    if let Some(secret) = client_secret(&common)? {
        secrets.insert("client_secret".to_string(), secret);
    }
    let accepted_terms = common
        .accept_terms
        .then(|| connector(service).map(|c| c.entry().terms.version))
        .flatten();
    Ok((
        NewInstance {
            name: common.name.clone(),
            service: service.to_string(),
            accepted_terms,
            request: ConnectRequest {
                auth_method,
                fields,
                secrets,
                sign_in_timeout: Duration::from_secs(common.timeout),
            },
        },
        common.json,
    ))
}

pub(super) fn instances(
    store: &mut Store,
    command: InstancesCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let keyring = secrets();
    match command {
        InstancesCommand::Add { service } => {
            let (new, json) = new_instance(service)?;
            if new.request.auth_method == "oauth_pkce" {
                eprintln!(
                    "Opening your browser to sign in; waiting up to {} s for it to come back...",
                    new.request.sign_in_timeout.as_secs()
                );
            }
            let added =
                service::setup::add(store, &keyring, new, &|url| crate::auth::browser::open(url))?;
            if json {
                return print_json(out, &added);
            }
            writeln!(
                out,
                "Added \"{}\" ({}). {}.",
                added.instance.name, added.instance.connector, added.validation
            )?;
            Ok(())
        }
        InstancesCommand::List { json } => {
            let list = service::instances::list(store)?;
            if json {
                return print_json(out, &list);
            }
            if list.is_empty() {
                writeln!(out, "No connectors activated yet.")?;
                return Ok(());
            }
            let mut table = Table::new([
                "NAME",
                "CONNECTOR",
                "STATUS",
                "LAST SYNC",
                "NEXT SYNC",
                "ID",
            ]);
            for i in &list {
                table.row([
                    i.name.clone(),
                    i.connector.clone(),
                    i.status.replace('_', " "),
                    i.last_successful_sync
                        .map_or("never".into(), |t| t.to_rfc3339()),
                    i.next_sync.to_rfc3339(),
                    i.uid.to_string(),
                ]);
            }
            Ok(table.write(out)?)
        }
        InstancesCommand::Validate { name } => {
            let message = service::instances::validate(store, &keyring, &name)?;
            writeln!(out, "Validation succeeded. {message}.")?;
            Ok(())
        }
        InstancesCommand::Remove {
            name,
            purge_evidence,
            json,
            ..
        } => {
            let removed = service::instances::remove(store, &keyring, &name, purge_evidence)?;
            if json {
                return print_json(out, &removed);
            }
            writeln!(
                out,
                "Removed \"{}\"; its secrets were deleted from the OS keyring.",
                removed.name
            )?;
            match &removed.revoke_error {
                None => writeln!(out, "The service revoked the connection's access.")?,
                Some(e) => writeln!(out, "Could not revoke the access on the service's side ({e}); remove the app there.")?,
            }
            if !removed.assessments.is_empty() {
                writeln!(
                    out,
                    "Its results were removed from: {}.",
                    removed.assessments.join(", ")
                )?;
            }
            writeln!(
                out,
                "Snapshots kept as evidence: {}.",
                removed.snapshots_kept
            )?;
            Ok(())
        }
    }
}

pub(super) fn sync(
    store: &mut Store,
    name: Option<String>,
    deadline: u64,
    json: bool,
    show_progress: bool,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let keyring = secrets();
    // Scheduled `sync --all` runs keep the daily backup going while the window is closed.
    service::backups::daily_logged(store);
    let policy = SyncPolicy {
        deadline: Duration::from_secs(deadline),
        ..SyncPolicy::default()
    };
    let progress = |p: &service::sync::SyncProgress| {
        if show_progress {
            if let Ok(line) = serde_json::to_string(p) {
                eprintln!("{line}");
            }
        }
    };
    let reports = match name {
        Some(name) => vec![service::sync::sync(
            store, &keyring, &name, &policy, &progress,
        )?],
        None => service::sync::sync_all(store, &keyring, &policy, &progress)?,
    };
    let all_good = reports.iter().all(|r| r.succeeded);
    if json {
        print_json(out, &reports)?;
        return Ok(all_good);
    }
    for r in &reports {
        if let Some(error) = &r.error {
            writeln!(
                out,
                "{}: sync failed: {error}. The last good snapshot is kept.",
                r.name
            )?;
            continue;
        }
        writeln!(
            out,
            "{}: synced with {} requests ({} retried); snapshot {} (SHA-256 {}); {} results updated; {} settings changed since the last sync.",
            r.name,
            r.requests,
            r.retries,
            r.snapshot.map(|s| s.to_string()).unwrap_or_default(),
            r.sha256.clone().unwrap_or_default(),
            r.results,
            r.changes.len()
        )?;
        for change in &r.changes {
            let show = |v: &Option<serde_json::Value>| {
                v.as_ref().map_or("(none)".into(), |v| v.to_string())
            };
            writeln!(
                out,
                "  {}: {} -> {}",
                change.key,
                show(&change.before),
                show(&change.after)
            )?;
        }
    }
    Ok(all_good)
}

pub(super) fn results(
    store: &Store,
    key: &str,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let rows = service::assessments::results(store, key)?;
    if json {
        return print_json(out, &rows);
    }
    let mut table = Table::new([
        "ACTION", "INSTANCE", "STATUS", "OBSERVED", "EXPECTED", "CHECK",
    ]);
    for r in &rows {
        let e = r.evidence.as_ref();
        table.row([
            r.action.clone(),
            r.instance.clone().unwrap_or_default(),
            r.test_status.label().to_string(),
            e.and_then(|e| e.observed.as_ref().map(|v| v.to_string()))
                .or_else(|| e.and_then(|e| e.reason.clone()))
                .unwrap_or_default(),
            e.map(|e| e.expected.clone()).unwrap_or_default(),
            e.map(|e| e.check_id.clone()).unwrap_or_default(),
        ]);
    }
    Ok(table.write(out)?)
}

pub(super) fn created(
    out: &mut impl Write,
    a: &service::assessments::AssessmentSummary,
) -> Result<(), CliError> {
    writeln!(
        out,
        "Created \"{}\" ({}) over {}: {} of {} points.",
        a.name,
        a.template,
        a.instances.join(", "),
        fmt_points(a.points.achieved),
        fmt_points(a.points.possible)
    )?;
    Ok(())
}
