//! The coverage table (`.docs/coverage.md`): every CIS Zoom v1.0.0 recommendation
//! and every Health Check setting with the check that implements it, or why none
//! does. Generated from the check tables and the CIS Zoom template, so that it
//! cannot drift from them; a unit test keeps the committed file current.

use std::fmt::Write;

use super::{builtin, ActionRef};
use crate::connectors::checks::{Check, Expect};
use crate::connectors::salesforce::checks::settings;
use crate::connectors::{salesforce, zoom};

/// Where we differ from a benchmark on purpose, and why.
const DEVIATIONS: &str = "\
### Zoom (CIS v1.0.0)
- **1.1.1.4** names two switches (`meeting_security.meeting_password` and `schedule_meeting.require_password_for_scheduling_new_meetings`): one check reads both and scores once, so one switch does not weigh double.
- **1.1.1.7** (PMI passcode) is two checks: the PMI passcode itself, and passcodes for every meeting held in a PMI (`require_password_for_pmi_meetings` = `all`). They are different switches.
- **1.1.1.8** (passcode embedded in the join link) and **1.1.3.9** (auto-save chats) follow the benchmark: both must be **on**. Earlier versions expected them off; their checks now have new ids (`zoom.access.passcode_in_link`, `zoom.in_meeting.auto_saving_chat`), so old results are not mistaken for new ones.
- **1.1.3.7** reads `in_meeting.e2e_encryption`, which is Zoom's \"require encryption for 3rd party endpoints (SIP/H.323)\", not end-to-end encryption; the check says so.
- **1.1.4.1.1 / 1.1.4.1.2** (data-centre regions): custom regions must be selected and the list must hold 1 to N regions, N being the organisation's choice (a setting of the check, default 20: no limit until one is set). The benchmark's reference implementation reads the participant-country filter here; we read the regions.
- **1.1.2.3 and 1.1.2.4** also ask for the setting to be locked. 1.1.2.4's lock is its own check (`zoom.access.join_before_host_locked`); 1.1.2.3's lock is not checked.
- **1.1.2.6, 1.1.2.7, 1.1.4.4.2, 3.1.1.1.3, 1.3.3**: the reference implementation's queries are inverted or read another field; we follow the benchmark's text (PMI not used for scheduled or instant meetings; a port range set for peer-to-peer; consecutive characters 4 or more; the dial-in regions the account selected).
- **1.1.3.2.1** (join/leave sound) passes with `host` or `all`; **1.2.4.1** (automatic recording) with `local` or `cloud`, as the benchmark allows either.
- **1.1.2.12** (mute upon entry) reads `schedule_meeting.mute_upon_entry`, which our API notes list but Zoom's current account-settings schema does not show: unconfirmed against a live account.
- **Not applicable**: a check whose feature is off for the account (cloud recording, in-meeting chat, closed captioning, peer-to-peer connections, screen sharing, breakout rooms, virtual backgrounds, the waiting room, personal meeting IDs, the recording-ready e-mail) is \"Not applicable: <feature> is off\", counted out of scope, not Failed.
- **Thresholds** that are organisation policy are settings of the check, the benchmark's value as default, set per assessment: passcode and password lengths (may be raised, not lowered), sign-in inactivity time-outs, the number of data-centre regions.
- Compliance Desk adds checks the benchmark does not have (\"CD-n\" controls in the CIS Zoom template): two-factor sign-in for everyone, sign-in inactivity time-outs, country restrictions, locks on the waiting room and meeting passcodes, automatic deletion of cloud recordings, and per-user overrides of file transfer and join before host.

### Salesforce (Health Check baseline)
- Rows are matched by `DurableId` (`SettingGroup.key`, not translated) first, then by group and English label; a row neither matches is shown as evidence on the Health Check score result (\"Salesforce reported a setting we do not check: ...\") and logged.
- The failed tier is Salesforce's own `SettingRiskCategory` for the row, not ours. When the org uses a custom baseline, every Health Check result says so: the verdict then follows that baseline.
- The Health Check score is best effort: some orgs do not expose it through the API, and the result is then \"Could not be determined\". The lowest acceptable score (default 80) is a setting.
- The 10 informational settings are evidence, not scored, as in Health Check.
- The exact labels of these settings are not confirmed by a real answer (they match by `DurableId` regardless): risky file types with Hybrid behaviour, expired certificate, remote site settings, timeout value, key size, certificate expiration, guest user sharing rules.
- Our own checks beyond the baseline: MFA for every active standard user (guest and automated-process users listed apart), holders of Modify All Data, View All Data, Manage Users, Author Apex, Customize Application and Modify Metadata (how many is a setting), standard users not signed in for 90 days, and Password Never Expires.
";

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn expected(check: &Check) -> String {
    let mut text = check.expect.describe();
    if let Expect::Equals { value } = &check.expect {
        text = format!("= {value}");
    }
    if let Some(t) = &check.threshold {
        text.push_str(&format!(" (setting: {})", t.name));
    }
    if let Some(when) = &check.applies_when {
        text.push_str(&format!("; n/a when {} is off", when.feature));
    }
    text
}

pub fn render() -> String {
    let zoom: Vec<Check> = zoom::checks::checks();
    let by_id = |id: &str| zoom.iter().find(|c| c.id == id);
    let cis = builtin::regulations()
        .into_iter()
        .find(|r| r.key == "builtin/cis-zoom-1.0.0")
        .expect("the CIS Zoom template ships")
        .draft()
        .expect("the CIS Zoom template builds");
    let recommendations: Vec<_> = cis
        .controls()
        .filter(|c| !c.name.starts_with("CD-"))
        .collect();
    let mut read = 0;
    let mut manual_field = 0;
    let mut manual = 0;
    let mut rows = String::new();
    for control in &recommendations {
        let checks: Vec<&Check> = control
            .actions
            .iter()
            .filter_map(|a| match a {
                ActionRef::Check(id) => by_id(id),
                ActionRef::Own(_) => None,
            })
            .collect();
        let how = if checks.is_empty() {
            manual += 1;
            let own = control.actions.iter().find_map(|a| match a {
                ActionRef::Own(title) => cis.actions.iter().find(|d| &d.title == title),
                ActionRef::Check(_) => None,
            });
            format!(
                "No API field: {} action",
                own.map_or("manual".into(), |a| a
                    .implementation_type
                    .label()
                    .to_lowercase())
            )
        } else if checks.iter().any(|c| c.manual_in_benchmark) {
            manual_field += 1;
            "Check (the benchmark calls it manual; Zoom documents the field)".into()
        } else {
            read += 1;
            "Check".into()
        };
        let ids: Vec<String> = checks.iter().map(|c| format!("`{}`", c.id)).collect();
        let fields: Vec<String> = checks
            .iter()
            .map(|c| {
                let mut facts = vec![format!("`{}`", c.fact)];
                facts.extend(c.also.iter().map(|f| format!("`{f}`")));
                format!("{} {}", facts.join(" + "), expected(c))
            })
            .collect();
        let _ = writeln!(
            rows,
            "| {} | {} | {} | {} | {} |",
            control.name,
            cell(&control.title),
            how,
            ids.join("<br>"),
            cell(&fields.join("<br>"))
        );
    }
    let own_zoom = zoom
        .iter()
        .filter(|c| c.reference.starts_with("Compliance Desk"))
        .count();
    let scored: Vec<_> = settings().iter().filter(|s| s.scored).collect();
    let informational = settings().len() - scored.len();
    let salesforce = salesforce::checks::checks();
    let checked = |id: &str| {
        salesforce
            .iter()
            .any(|c| c.id == format!("salesforce.health_check.{id}"))
    };
    let scored_checked = scored.iter().filter(|s| checked(&s.id)).count();
    let mut out = String::new();
    let _ = writeln!(out, "# What the checks cover\n");
    let _ = writeln!(
        out,
        "Generated from the check tables (`src-tauri/src/connectors/zoom/cis-checks.json`, \
         `src-tauri/src/connectors/salesforce/health-check.json`) and the CIS Zoom template by \
         `cargo test` (`templates::coverage`); do not edit by hand.\n"
    );
    let _ = writeln!(out, "## Counts\n");
    let with_field = read + manual_field;
    let _ = writeln!(
        out,
        "- **CIS Zoom Benchmark v1.0.0**: {} recommendations.\n  \
         - **{with_field} / {with_field}** recommendations whose setting the Zoom API returns have a check: \
         {read} that the benchmark's reference implementation (the Steampipe zoom-compliance mod) reads, \
         and {manual_field} that the benchmark calls manual although Zoom's API documents the field \
         (marked as such on the check).\n  \
         - {manual} have no API field: each is a documentation or operational action in the CIS Zoom template, \
         so the whole benchmark is one template.\n  \
         - {own_zoom} Zoom checks of our own go beyond the benchmark; {} Zoom checks in all.",
        recommendations.len(),
        zoom.len()
    );
    let _ = writeln!(
        out,
        "- **Salesforce Health Check baseline**: **{scored_checked} / {}** scored settings checked; \
         {informational} / {informational} informational settings shown as evidence, not scored; \
         {} Salesforce checks in all.\n",
        scored.len(),
        salesforce.len()
    );
    let _ = writeln!(
        out,
        "## Deliberate differences from the benchmarks\n\n{DEVIATIONS}"
    );
    let _ = writeln!(out, "## CIS Zoom Benchmark v1.0.0\n");
    let _ = writeln!(
        out,
        "| CIS | Recommendation (our words) | How | Check | Field and expected value |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    out.push_str(&rows);
    let _ = writeln!(out, "\n## Salesforce Health Check baseline\n");
    let _ = writeln!(
        out,
        "| Setting (English label) | DurableId | Risk category | Check |"
    );
    let _ = writeln!(out, "|---|---|---|---|");
    for s in settings() {
        let check = if s.scored {
            format!("`salesforce.health_check.{}`", s.id)
        } else {
            "Informational: evidence on `salesforce.health_check.score`".into()
        };
        let _ = writeln!(
            out,
            "| {} | `{}.{}` | {} | {} |",
            cell(&s.label),
            s.group,
            s.api_name,
            s.category,
            check
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn the_coverage_table_is_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".docs/coverage.md");
        let text = super::render();
        if std::env::var_os("UPDATE_COVERAGE").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            ".docs/coverage.md is stale: run `UPDATE_COVERAGE=1 cargo test --lib coverage` and commit it"
        );
        assert!(
            text.contains("**35 / 35** scored settings checked"),
            "{text}"
        );
    }
}
