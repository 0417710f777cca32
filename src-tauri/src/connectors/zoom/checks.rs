//! The Zoom security baseline: every CIS Zoom Benchmark v1.0.0 recommendation that
//! the settings API can read (including those the benchmark calls manual whose field
//! Zoom documents), plus a few of our own (two-factor sign-in for the account,
//! per-user overrides of the riskiest meeting features). The table is data,
//! `cis-checks.json`, in our own words; this module turns its rows into checks.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::connectors::checks::{Applicability, Check, Expect, Threshold};
use crate::domain::{ActionPurpose, Enforcement};

use super::SERVICE_ID;

/// The check table; also a source of the CIS Zoom template's fingerprint.
pub const TABLE: &[u8] = include_bytes!("cis-checks.json");

pub const BENCHMARK: &str = "CIS Zoom Benchmark v1.0.0";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[allow(dead_code)]
    benchmark: String,
    checks: Vec<Row>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    id: String,
    /// The CIS Zoom template's control it evidences: the CIS recommendation's
    /// number, or "CD-n" for our own additions.
    control: String,
    family: String,
    fact: String,
    #[serde(default)]
    also: Vec<String>,
    expect: Expect,
    threshold: Option<Threshold>,
    applies_when: Option<Applicability>,
    title: String,
    description: String,
    remediation: String,
    page: Page,
    purpose: ActionPurpose,
    enforcement: Enforcement,
    #[serde(default)]
    manual_in_benchmark: bool,
    #[serde(default)]
    context: Vec<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Page {
    Settings,
    Security,
    Users,
}

impl Page {
    fn link(self) -> &'static str {
        match self {
            Page::Settings => "Zoom web portal > Account Management > Account Settings (https://zoom.us/account/setting)",
            Page::Security => "Zoom web portal > Advanced > Security (https://zoom.us/account/security)",
            Page::Users => "Zoom web portal > User Management > Users (https://zoom.us/account/user)",
        }
    }
}

/// Our own additions sit under "CD-n" controls of the CIS Zoom template.
fn own(control: &str) -> bool {
    control.starts_with("CD-")
}

fn check(row: Row) -> Check {
    Check {
        id: row.id,
        service: SERVICE_ID.into(),
        family: row.family,
        title: row.title,
        description: row.description,
        remediation: row.remediation,
        admin_link: row.page.link().into(),
        reference: if own(&row.control) {
            "Compliance Desk's own check (not in the CIS benchmark)".into()
        } else if row.manual_in_benchmark {
            format!(
                "{BENCHMARK}, recommendation {} (the benchmark calls it manual; read from a field Zoom's API documents)",
                row.control
            )
        } else {
            format!("{BENCHMARK}, recommendation {}", row.control)
        },
        manual_in_benchmark: row.manual_in_benchmark,
        fact: row.fact,
        also: row.also,
        expect: row.expect,
        threshold: row.threshold,
        applies_when: row.applies_when,
        purpose: row.purpose,
        enforcement: row.enforcement,
        tier_fact: None,
        context: row.context,
    }
}

struct Parsed {
    checks: Vec<Check>,
    /// (check id, CIS Zoom template control) of every check.
    controls: Vec<(String, String)>,
}

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| {
        let table: Table =
            serde_json::from_slice(TABLE).expect("cis-checks.json is checked by the unit tests");
        let controls = table
            .checks
            .iter()
            .map(|r| (r.id.clone(), r.control.clone()))
            .collect();
        Parsed {
            checks: table.checks.into_iter().map(check).collect(),
            controls,
        }
    })
}

pub fn checks() -> Vec<Check> {
    parsed().checks.clone()
}

/// The CIS Zoom template's control each check evidences, in table order.
pub fn controls() -> &'static [(String, String)] {
    &parsed().controls
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Whether a fact the table names is one the collector reads: the account settings
    /// ("settings."), lock settings ("lock.") or the users' summary ("users.").
    fn collected(fact: &str) -> bool {
        ["settings.", "lock.", "users."]
            .iter()
            .any(|p| fact.starts_with(p))
    }

    /// A value a threshold's bound may replace must be numeric.
    fn bounded(expect: &Expect) -> bool {
        matches!(
            expect,
            Expect::AtLeast { .. }
                | Expect::AtMost { .. }
                | Expect::Between { .. }
                | Expect::AtMostItems { .. }
                | Expect::ItemsBetween { .. }
        )
    }

    /// The table's own rules, each broken one in a sentence.
    fn table_problems() -> Vec<String> {
        let table: Table = match serde_json::from_slice(TABLE) {
            Ok(t) => t,
            Err(e) => return vec![format!("cis-checks.json: {e}")],
        };
        let mut problems = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for row in &table.checks {
            if !ids.insert(row.id.clone()) {
                problems.push(format!("{}: the id is used twice", row.id));
            }
            if !row.id.starts_with("zoom.") {
                problems.push(format!("{}: ids start with \"zoom.\"", row.id));
            }
            for fact in std::iter::once(&row.fact)
                .chain(&row.also)
                .chain(&row.context)
                .chain(row.applies_when.iter().map(|a| &a.fact))
            {
                if !collected(fact) {
                    problems.push(format!(
                        "{}: {fact} is not a fact the collector reads",
                        row.id
                    ));
                }
            }
            if row.threshold.is_some() && !bounded(&row.expect) {
                problems.push(format!(
                    "{}: a threshold needs a numeric expectation",
                    row.id
                ));
            }
            if let (Some(t), Expect::AtLeast { min: b } | Expect::AtMost { max: b }) =
                (&row.threshold, &row.expect)
            {
                if (t.default - b).abs() > f64::EPSILON {
                    problems.push(format!(
                        "{}: the threshold's default differs from the expectation",
                        row.id
                    ));
                }
            }
            if let Expect::Equals { value } = &row.expect {
                if matches!(value, Value::Null) {
                    problems.push(format!("{}: expects null", row.id));
                }
            }
            if row.manual_in_benchmark && own(&row.control) {
                problems.push(format!("{}: manual in which benchmark?", row.id));
            }
        }
        problems
    }

    #[test]
    fn the_table_keeps_its_rules() {
        assert_eq!(table_problems(), Vec::<String>::new());
        assert!(checks().len() >= 100);
    }
}
