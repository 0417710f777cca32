//! OSCAL 1.1.2 assessment results (JSON) from the report model: one result per
//! export, with the reviewed controls, an observation per action result (TEST for
//! what a connector read, EXAMINE for what a person recorded), a finding per
//! control, a finding per assessor override, a risk per failed action, and the
//! snapshots and evidence files as back-matter resources with their SHA-256.
//!
//! UUIDs are version 5 of our own ids, so the same object keeps its UUID from one
//! export to the next; the document and its result are new with every export.

use serde_json::{json, Value};
use uuid::Uuid;

use super::model::{ActionDetail, Control, ControlAction, Report, ResultLine};

pub const OSCAL_VERSION: &str = "1.1.2";
/// Our namespace for props and for the UUIDs derived from our ids.
const NS: &str = "https://compliancedesk.app/ns/oscal";

fn uuid(parts: &[&str]) -> String {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes());
    Uuid::new_v5(&namespace, parts.join("/").as_bytes()).to_string()
}

/// `text` with every character OSCAL tokens and our file names avoid made `_`.
fn tokenish(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A control reference as an OSCAL token: NIST's "AC-2(1)" becomes the catalog's
/// "ac-2.1"; other references keep their case ("A.8.5", "CC6.1").
pub fn control_id(name: &str) -> String {
    let name = name.trim();
    let nist = name.len() > 3
        && name.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
        && name.as_bytes()[2] == b'-';
    let mut id = tokenish(&name.replace('(', ".").replace(')', ""));
    if nist {
        id = id.to_lowercase();
    }
    if !id.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        id.insert(0, '_');
    }
    id
}

/// Where the bundle keeps a snapshot and an evidence file; the OSCAL resources
/// point there.
pub fn snapshot_path(uid: &str) -> String {
    format!("snapshots/{uid}.json")
}

pub fn evidence_path(sha256: &str, name: &str) -> String {
    format!("evidence/{}-{}", &sha256[..16], tokenish(name))
}

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": value })
}

fn hashes(sha256: &str) -> Value {
    json!([{ "algorithm": "SHA-256", "value": sha256 }])
}

fn non_empty(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text.to_string()
    }
}

/// RFC 3339 with a zone, as OSCAL's date-time-with-timezone wants: a bare date
/// becomes midnight UTC.
fn date_time(text: &str) -> String {
    if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_string()
    }
}

struct Ctx<'r> {
    report: &'r Report,
    assessment: String,
    observations: Vec<Value>,
    findings: Vec<Value>,
    risks: Vec<Value>,
}

impl Ctx<'_> {
    fn observation(
        &mut self,
        action: &ControlAction,
        detail: &ActionDetail,
        r: &ResultLine,
    ) -> String {
        let instance = r.instance_uid.map(|u| u.to_string()).unwrap_or_default();
        let id = uuid(&[
            "observation",
            &self.assessment,
            &action.uid.to_string(),
            &instance,
        ]);
        let on = r
            .instance
            .as_ref()
            .map(|i| format!(" on {i}"))
            .unwrap_or_default();
        let mut evidence: Vec<Value> = Vec::new();
        let (methods, description, collected) = match &r.automatic {
            Some(a) => {
                if let (Some(snapshot), Some(sha)) = (&a.snapshot_uid, &a.snapshot_sha256) {
                    evidence.push(json!({
                        "href": format!("#{}", uuid(&["snapshot", snapshot])),
                        "description": format!("The snapshot the setting was read from (SHA-256 {sha})."),
                    }));
                }
                let implements = detail
                    .implements
                    .map(|i| format!(" It implements {i}."))
                    .unwrap_or_default();
                let description = format!(
                    "Check {} read {}{on}: observed {}; expected {}. Result: {}.{implements}",
                    a.check_id,
                    a.setting,
                    non_empty(&a.observed, "nothing"),
                    a.expected,
                    r.recorded
                );
                let at = a
                    .collected_at
                    .clone()
                    .unwrap_or_else(|| self.report.generated_at.clone());
                (vec!["TEST"], description, at)
            }
            None => {
                let notes = non_empty(&r.testing_notes, "no testing notes");
                let by = r
                    .manual
                    .as_ref()
                    .map(|m| format!(" by {}", m.by))
                    .unwrap_or_default();
                let description = format!(
                    "{} result{on} recorded{by}: {}. {notes}",
                    r.source, r.recorded
                );
                let at = r
                    .test_date
                    .clone()
                    .or_else(|| r.manual.as_ref().map(|m| m.at.clone()))
                    .unwrap_or_else(|| self.report.generated_at.clone());
                (vec!["EXAMINE"], description, at)
            }
        };
        for e in &detail.evidence {
            evidence.push(json!({
                "href": format!("#{}", uuid(&["evidence", &e.uid.to_string()])),
                "description": format!("Evidence: {}.", e.name),
            }));
        }
        let mut o = json!({
            "uuid": id,
            "title": format!("{}{on}", action.title),
            "description": description,
            "props": [prop("test-status", r.status_code)],
            "methods": methods,
            "collected": date_time(&collected),
        });
        if let Some(uid) = r.instance_uid {
            o["subjects"] = json!([{ "subject-uuid": uuid(&["instance", &uid.to_string()]), "type": "component" }]);
        }
        if !evidence.is_empty() {
            o["relevant-evidence"] = Value::Array(evidence);
        }
        self.observations.push(o);
        id
    }

    fn risk(
        &mut self,
        action: &ControlAction,
        detail: &ActionDetail,
        observations: &[String],
    ) -> Option<String> {
        let failed: Vec<String> = detail
            .results
            .iter()
            .filter(|r| r.status_code.starts_with("failed"))
            .map(|r| {
                format!(
                    "{} ({})",
                    r.instance
                        .clone()
                        .unwrap_or_else(|| "the assessment".into()),
                    r.status
                )
            })
            .collect();
        if failed.is_empty() {
            return None;
        }
        let id = uuid(&["risk", &self.assessment, &action.uid.to_string()]);
        self.risks.push(json!({
            "uuid": id,
            "title": format!("{} failed", action.title),
            "description": format!("The improvement action \"{}\" ({} points) failed on {}.", action.title, detail.points, failed.join(", ")),
            "statement": format!("Until it passes, the {} points of \"{}\" are not achieved and the controls it evidences are not satisfied.", detail.points, action.title),
            "status": "open",
            "related-observations": observations.iter().map(|o| json!({ "observation-uuid": o })).collect::<Vec<_>>(),
        }));
        Some(id)
    }

    fn overrides(
        &mut self,
        control: &Control,
        target: &Value,
        action: &ControlAction,
        detail: &ActionDetail,
        observations: &[String],
    ) {
        for (r, observation) in detail.results.iter().zip(observations) {
            let Some(review) = &r.review else { continue };
            let Some(status) = &review.override_status else {
                continue;
            };
            let instance = r.instance_uid.map(|u| u.to_string()).unwrap_or_default();
            let mut target = target.clone();
            let satisfied = status == "Passed";
            target["status"] =
                json!({ "state": if satisfied { "satisfied" } else { "not-satisfied" } });
            let on = r
                .instance
                .as_ref()
                .map(|i| format!(" on {i}"))
                .unwrap_or_default();
            self.findings.push(json!({
                "uuid": uuid(&["override", &self.assessment, &action.uid.to_string(), &instance]),
                "title": format!("Assessor override: {}{on}", action.title),
                "description": format!(
                    "The automatic result {} was overridden to {} by {} at {} (control {}).",
                    r.recorded, status,
                    review.by.clone().unwrap_or_else(|| "the assessor".into()),
                    review.at.clone().unwrap_or_default(), control.name
                ),
                "props": [prop("finding-kind", "assessor-override")],
                "target": target,
                "related-observations": [{ "observation-uuid": observation }],
                "remarks": non_empty(review.justification.as_deref().unwrap_or(""), "No justification was recorded."),
            }));
        }
    }

    fn control(
        &mut self,
        control: &Control,
        observed: &mut rustc_hash::FxHashMap<uuid::Uuid, (Vec<String>, Option<String>)>,
    ) {
        let id = control_id(&control.name);
        let (state, reason) = match control.status_code.as_str() {
            "passed" => ("satisfied", "pass"),
            "failed" => ("not-satisfied", "fail"),
            _ => ("not-satisfied", "other"),
        };
        let target = json!({
            "type": "statement-id",
            "target-id": format!("{id}_smt"),
            "status": { "state": state, "reason": reason },
        });
        let mut related = Vec::new();
        let mut risks = Vec::new();
        for action in &control.actions {
            if let Some(detail) = &action.detail {
                let ids: Vec<String> = detail
                    .results
                    .iter()
                    .map(|r| self.observation(action, detail, r))
                    .collect();
                let risk = self.risk(action, detail, &ids);
                self.overrides(control, &target, action, detail, &ids);
                observed.insert(action.uid, (ids, risk));
            }
            if let Some((ids, risk)) = observed.get(&action.uid) {
                related.extend(ids.iter().cloned());
                risks.extend(risk.iter().cloned());
            }
        }
        let mut finding = json!({
            "uuid": uuid(&["finding", &self.assessment, &control.family, &control.name]),
            "title": format!("{} {}", control.name, control.title),
            "description": format!(
                "{}: {} of {} points from {} improvement action{}.",
                control.status, control.achieved, control.possible, control.actions.len(),
                if control.actions.len() == 1 { "" } else { "s" }
            ),
            "props": [prop("control-status", &control.status_code)],
            "target": target,
        });
        if !related.is_empty() {
            finding["related-observations"] = related
                .iter()
                .map(|o| json!({ "observation-uuid": o }))
                .collect();
        }
        if !risks.is_empty() {
            finding["related-risks"] = risks.iter().map(|r| json!({ "risk-uuid": r })).collect();
        }
        self.findings.push(finding);
    }
}

fn resources(report: &Report, plan: &str) -> Vec<Value> {
    let a = &report.assessment;
    let mut out = vec![json!({
        "uuid": plan,
        "title": format!("Assessment plan: {}", a.name),
        "description": format!(
            "The assessment \"{}\" in Compliance Desk: template {} version {}, group {}, services {}.",
            a.name, a.template, a.template_version, a.group,
            report.instances.iter().map(|i| format!("{} ({})", i.name, i.service)).collect::<Vec<_>>().join(", ")
        ),
    })];
    for s in &report.snapshots {
        out.push(json!({
            "uuid": uuid(&["snapshot", &s.uid]),
            "title": format!("Snapshot of {} collected {}", s.instance, s.collected_at),
            "rlinks": [{ "href": snapshot_path(&s.uid), "media-type": "application/json", "hashes": hashes(&s.sha256) }],
        }));
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let evidence = report
        .controls
        .iter()
        .flat_map(|c| &c.actions)
        .filter_map(|a| a.detail.as_ref())
        .flat_map(|d| &d.evidence);
    for e in evidence.filter(|e| seen.insert(e.uid)) {
        let rlink = match (&e.sha256, &e.url) {
            (Some(sha), _) => json!({ "href": evidence_path(sha, &e.name), "hashes": hashes(sha) }),
            (None, Some(url)) => json!({ "href": url }),
            (None, None) => continue,
        };
        let mut resource = json!({
            "uuid": uuid(&["evidence", &e.uid.to_string()]),
            "title": e.name,
            "description": format!("Added by {} at {}.", e.added_by, e.added_at),
            "rlinks": [rlink],
        });
        if !e.period.is_empty() {
            resource["remarks"] = json!(format!("Effective {}.", e.period));
        }
        out.push(resource);
    }
    out
}

/// The OSCAL document of the report, as JSON.
pub fn document(report: &Report) -> Value {
    let a = &report.assessment;
    let assessment = a.uid.to_string();
    let mut ctx = Ctx {
        report,
        assessment: assessment.clone(),
        observations: Vec::new(),
        findings: Vec::new(),
        risks: Vec::new(),
    };
    let mut observed = rustc_hash::FxHashMap::default();
    for control in &report.controls {
        ctx.control(control, &mut observed);
    }
    let plan = uuid(&["assessment-plan", &assessment]);
    let mut seen = rustc_hash::FxHashSet::default();
    let reviewed: Vec<Value> = report
        .controls
        .iter()
        .map(|c| control_id(&c.name))
        .filter(|id| seen.insert(id.clone()))
        .map(|id| json!({ "control-id": id }))
        .collect();
    let start = report
        .period
        .as_ref()
        .map_or(a.created_at.clone(), |p| p.from.clone());
    let mut metadata = json!({
        "title": format!("Assessment results: {}", a.name),
        "last-modified": report.generated_at,
        "version": report.generated_at,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("generator", &format!("Compliance Desk {}", report.app_version))],
    });
    if !report.organisation.is_empty() {
        metadata["parties"] = json!([{ "uuid": uuid(&["organisation", &report.organisation]), "type": "organization", "name": report.organisation }]);
    }
    let mut result = json!({
        "uuid": uuid(&["result", &assessment, &report.generated_at]),
        "title": format!("{} as of {}", a.name, report.generated_at),
        "description": format!("{} Score {} ({} of {} points), {}.", report.summary.in_words.join(" "), report.summary.score, report.summary.achieved, report.summary.possible, report.summary.status),
        "start": start,
        "end": report.generated_at,
        "reviewed-controls": { "control-selections": [{ "include-controls": reviewed }] },
    });
    for (key, list) in [
        ("observations", ctx.observations),
        ("risks", ctx.risks),
        ("findings", ctx.findings),
    ] {
        if !list.is_empty() {
            result[key] = Value::Array(list);
        }
    }
    json!({
        "assessment-results": {
            "uuid": uuid(&["assessment-results", &assessment, &report.generated_at]),
            "metadata": metadata,
            "import-ap": { "href": format!("#{plan}") },
            "results": [result],
            "back-matter": { "resources": resources(report, &plan) },
        }
    })
}
