//! Starts the fake Salesforce and the fake Zoom on 127.0.0.1 with a scenario, prints
//! where they are and the credentials to use, and runs until stopped (Ctrl-C).

use std::process::ExitCode;

use fakes::salesforce::FakeSalesforce;
use fakes::scenario::Scenario;
use fakes::zoom::{Category, FakeZoom};

const USAGE: &str = "usage: fake-services [--scenario well-configured|mixed|neglected] \
[--zoom-users N] [--salesforce-port P] [--zoom-port P] [--batch-size N] [--zoom-qps N]";

struct Options {
    scenario: String,
    zoom_users: Option<usize>,
    salesforce_port: u16,
    zoom_port: u16,
    batch_size: Option<usize>,
    zoom_qps: Option<u32>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        scenario: "well-configured".into(),
        zoom_users: None,
        salesforce_port: 0,
        zoom_port: 0,
        batch_size: None,
        zoom_qps: None,
    };
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.into());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{what} must be a number, got \"{value}\""))
        };
        match flag.as_str() {
            "--scenario" => options.scenario = value.clone(),
            "--zoom-users" => options.zoom_users = Some(number("--zoom-users")? as usize),
            "--salesforce-port" => options.salesforce_port = number("--salesforce-port")? as u16,
            "--zoom-port" => options.zoom_port = number("--zoom-port")? as u16,
            "--batch-size" => options.batch_size = Some(number("--batch-size")? as usize),
            "--zoom-qps" => options.zoom_qps = Some(number("--zoom-qps")? as u32),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Prints a line; a closed stdout (piped into `head`) must not stop the fakes.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!($out, $($arg)*);
    }};
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let scenario = match (Scenario::named(&options.scenario), options.zoom_users) {
        (Err(e), _) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        (Ok(_), Some(users)) => Scenario::large(users, 1),
        (Ok(s), None) => s,
    };
    let mut sf_config = scenario.salesforce_config();
    sf_config.port = options.salesforce_port;
    if let Some(size) = options.batch_size {
        sf_config.batch_size = size;
    }
    let mut zoom_config = scenario.zoom_config();
    zoom_config.port = options.zoom_port;
    if let Some(qps) = options.zoom_qps {
        zoom_config.qps.insert(Category::Medium, qps);
    }
    let (app, s2s, user_app) = (
        sf_config.apps[0].clone(),
        zoom_config.server_apps[0].clone(),
        zoom_config.user_apps[0].clone(),
    );
    let account_id = zoom_config.account_id.clone();
    let (salesforce, zoom) = match (
        FakeSalesforce::start(sf_config),
        FakeZoom::start(zoom_config),
    ) {
        (Ok(s), Ok(z)) => (s, z),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: cannot start the fakes: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    say!(
        out,
        "Scenario: {} ({})",
        scenario.name,
        scenario.description
    );
    say!(out, "Salesforce: {}", salesforce.base_url());
    say!(
        out,
        "  login host and instance URL: {}",
        salesforce.base_url()
    );
    say!(out, "  Connected App client id:     {}", app.client_id);
    say!(
        out,
        "  callback URL:                {}",
        app.callback_urls.join(", ")
    );
    say!(out, "Zoom: {}", zoom.base_url());
    say!(
        out,
        "  OAuth host and API base:     {} (API under /v2)",
        zoom.base_url()
    );
    say!(
        out,
        "  Server-to-Server app:        account id {account_id}, client id {}, client secret {}",
        s2s.client_id,
        s2s.client_secret
    );
    say!(
        out,
        "  user OAuth app (PKCE):       client id {}, redirect URI {}",
        user_app.client_id,
        user_app.redirect_uris.join(", ")
    );
    say!(out, "Faults: POST <base>/__admin/faults, e.g. {{\"path_prefix\":\"/v2/users\",\"fault\":{{\"kind\":\"status\",\"status\":503}},\"times\":3}}");
    say!(
        out,
        "Requests seen: GET <base>/__admin/requests. Press Ctrl-C to stop."
    );
    drop(out);
    loop {
        std::thread::park();
    }
}
