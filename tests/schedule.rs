//! `compliance-desk schedule install|remove|status` on Linux: the systemd user units it
//! writes pass `systemd-analyze verify`, and it enables, reports and removes them.
//! There is no systemd user manager in CI, so `systemctl` is a recording stand-in on
//! PATH; `systemd-analyze verify` is the real one, and needs no running manager.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::systemctl::{self, verify, NEXT_RUN};

struct Desk {
    _root: tempfile::TempDir,
    data_dir: PathBuf,
    config: PathBuf,
    bin: PathBuf,
    calls: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let root = tempfile::tempdir().unwrap();
        // A space and a percent sign: both need quoting in a unit file.
        let data_dir = root.path().join("Compliance data 100%");
        let (config, bin) = (root.path().join("config"), root.path().join("bin"));
        let calls = root.path().join("systemctl-calls");
        systemctl::install(&bin, &calls);
        Desk {
            _root: root,
            data_dir,
            config,
            bin,
            calls,
        }
    }

    fn run(&self, args: &[&str], fails: bool) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_compliance-desk"));
        command
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(args)
            .env("XDG_CONFIG_HOME", &self.config)
            .env("PATH", systemctl::path_with(&self.bin))
            .env_remove("COMPLIANCE_DESK_DATA_DIR")
            .env_remove("APPIMAGE");
        if fails {
            command.env("FAKE_SYSTEMCTL_FAILS", "1");
        }
        command.output().unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args, false);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn units(&self) -> [PathBuf; 2] {
        systemctl::units(&self.config)
    }

    fn calls(&self) -> String {
        std::fs::read_to_string(&self.calls).unwrap_or_default()
    }
}

#[test]
fn install_writes_units_that_systemd_accepts_and_remove_takes_them_away() {
    let desk = Desk::new();
    let before = desk.json(&["schedule", "status", "--json"]);
    assert_eq!(before["installed"], false);
    assert_eq!(before["scheduler"], "systemd user timer");

    let installed = desk.json(&["schedule", "install", "--json"]);
    assert_eq!(installed["installed"], true);
    assert_eq!(installed["current"], true);
    assert_eq!(installed["active"], true);
    assert_eq!(installed["next_run"], NEXT_RUN);
    assert_eq!(installed["time"], "07:00");
    let [service, timer] = desk.units();
    let text = std::fs::read_to_string(&service).unwrap();
    let data = desk.data_dir.display().to_string().replace('%', "%%");
    assert!(
        text.contains(&format!(
            "ExecStart={} --data-dir \"{data}\" sync --all",
            Path::new(env!("CARGO_BIN_EXE_compliance-desk"))
                .canonicalize()
                .unwrap()
                .display()
        )),
        "{text}"
    );
    verify(&desk.units()).unwrap_or_else(|e| panic!("systemd-analyze verify: {e}"));
    let calls = desk.calls();
    assert!(calls.contains("--user daemon-reload\n"), "{calls}");
    assert!(
        calls.contains("--user enable --now compliance-desk-sync.timer\n"),
        "{calls}"
    );

    let human = String::from_utf8(desk.run(&["schedule", "status"], false).stdout).unwrap();
    assert!(
        human.contains("Daily sync: systemd user timer at 07:00 (local time), enabled."),
        "{human}"
    );
    assert!(human.contains(&format!("Next run: {NEXT_RUN}")), "{human}");

    // The check can fail: a misspelt calendar is an error to systemd.
    let broken = std::fs::read_to_string(&timer)
        .unwrap()
        .replace("OnCalendar=*-*-*", "OnCalendar=dayly");
    std::fs::write(&timer, broken).unwrap();
    assert!(
        verify(&desk.units()).is_err(),
        "systemd-analyze catches a bad timer"
    );
    let stale = desk.json(&["schedule", "status", "--json"]);
    assert_eq!(
        stale["current"], false,
        "a changed file is not this app's job"
    );

    let removed = desk.json(&["schedule", "remove", "--json"]);
    assert_eq!(removed["installed"], false);
    assert!(!service.exists() && !timer.exists());
    assert!(desk
        .calls()
        .contains("--user disable --now compliance-desk-sync.timer\n"));
}

#[test]
fn when_systemd_refuses_nothing_is_left_half_installed() {
    let desk = Desk::new();
    let out = desk.run(&["schedule", "install"], true);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("systemd did not take the daily sync, so nothing was scheduled")
            && said.contains("No medium found"),
        "{said}"
    );
    let [service, timer] = desk.units();
    assert!(
        !service.exists() && !timer.exists(),
        "the unit files were taken away again"
    );
    assert_eq!(
        desk.json(&["schedule", "status", "--json"])["installed"],
        false
    );
}
