//! Workspaces written into a real SQLite store through the store's own repositories.
#![allow(dead_code)] // each test binary uses a different part

pub mod cli;
pub mod consistency;
#[cfg(target_os = "linux")]
pub mod processes;
pub mod services;
#[cfg(unix)]
pub mod systemctl;
pub mod window;
pub mod workbook;
pub mod world;

use chrono::{TimeZone, Utc};
use compliance_desk::domain::*;
use compliance_desk::store::{repo, Store, StoreError};
use uuid::Uuid;

pub fn action(
    title: &str,
    purpose: ActionPurpose,
    enforcement: Enforcement,
    service: Option<&str>,
) -> ImprovementAction {
    ImprovementAction {
        id: ActionId(0),
        uid: Uuid::new_v4(),
        title: title.to_string(),
        description: format!("{title}: what to do and why."),
        purpose,
        enforcement,
        custom_score: None,
        implementation_type: if service.is_some() {
            ImplementationType::Technical
        } else {
            ImplementationType::Documentation
        },
        service: service.map(str::to_string),
    }
}

/// A template with one family per `families` entry, one control per action.
pub fn template(title: &str, families: &[(&str, &[ActionId])]) -> Template {
    Template {
        id: TemplateId(0),
        uid: Uuid::new_v4(),
        title: title.to_string(),
        product: "Example".into(),
        certification: None,
        supported_services: vec!["salesforce".into(), "zoom".into()],
        families: families
            .iter()
            .map(|(name, actions)| ControlFamily {
                name: name.to_string(),
                controls: actions
                    .iter()
                    .enumerate()
                    .map(|(i, a)| Control {
                        id: ControlId(0),
                        uid: Uuid::new_v4(),
                        name: format!("{}-{}", &name[..2.min(name.len())].to_uppercase(), i + 1),
                        title: format!("Control {}", i + 1),
                        description: String::new(),
                        action_ids: vec![*a],
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn result(key: ResultKey, status: TestStatus) -> ActionResult {
    ActionResult {
        state: ResultState {
            test_status: status,
            test_date: Some(Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()),
            testing_source: if key.instance_id.is_some() {
                TestingSource::Automatic
            } else {
                TestingSource::Manual
            },
            ..ResultState::untouched(key)
        },
        implementation_date: None,
        implementation_notes: String::new(),
        testing_notes: String::new(),
        assigned_to: None,
        updated_at: Utc::now(),
    }
}

/// The example workspace of the tests: "Security baseline" on "Salesforce Prod" and
/// "Zoom Main", one technical action each plus one documentation action.
/// Expected score: Salesforce 27 passed, Zoom 3 failed, documentation 9 passed:
/// 36 of 39 points.
pub struct Example {
    pub assessment: Assessment,
    pub salesforce: ServiceInstance,
    pub zoom: ServiceInstance,
}

/// A temporary data folder holding the example workspace.
pub fn seeded_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    seed_example(&mut store).unwrap();
    dir
}

pub fn seed_example(store: &mut Store) -> Result<Example, StoreError> {
    store.write(|tx| {
        let mfa = repo::actions::upsert(
            tx,
            &action(
                "Require MFA for every user",
                ActionPurpose::Preventive,
                Enforcement::Mandatory,
                Some("salesforce"),
            ),
        )?;
        let waiting = repo::actions::upsert(
            tx,
            &action(
                "Enable the waiting room",
                ActionPurpose::Detective,
                Enforcement::Mandatory,
                Some("zoom"),
            ),
        )?;
        let policy = repo::actions::upsert(
            tx,
            &action(
                "Publish an access policy",
                ActionPurpose::Preventive,
                Enforcement::Discretionary,
                None,
            ),
        )?;
        let template_id = repo::templates::insert(
            tx,
            &template(
                "Security baseline",
                &[("Access control", &[mfa, policy]), ("Meetings", &[waiting])],
            ),
            false,
        )?;
        let salesforce = repo::instances::insert(tx, "Salesforce Prod", "salesforce")?;
        let zoom = repo::instances::insert(tx, "Zoom Main", "zoom")?;
        let group = repo::groups::get_or_create(tx, "Default group")?;
        let assessment = repo::assessments::insert(
            tx,
            "Baseline 2026",
            group.id,
            template_id,
            &[salesforce.id, zoom.id],
        )?;
        let key = |action_id, instance: Option<&ServiceInstance>| ResultKey {
            assessment_id: assessment.id,
            action_id,
            instance_id: instance.map(|i| i.id),
        };
        repo::results::upsert_many(
            tx,
            &[
                result(key(mfa, Some(&salesforce)), TestStatus::Passed),
                result(key(waiting, Some(&zoom)), TestStatus::FailedMediumRisk),
                result(key(policy, None), TestStatus::Passed),
            ],
        )?;
        Ok(Example {
            assessment,
            salesforce,
            zoom,
        })
    })
}

/// What [`zoom_assessment`] generated.
pub struct Generated {
    pub assessment: Assessment,
    pub actions: Vec<ActionId>,
    pub instances: Vec<ServiceInstance>,
}

/// For benchmarks: an assessment `name` of `actions` technical Zoom actions, in
/// families of `per_family` ("AA family", "AB family", ...; one control per action),
/// over `instances` Zoom instances, without results.
pub fn zoom_assessment(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    actions: usize,
    per_family: usize,
    instances: usize,
) -> Result<Generated, StoreError> {
    let mut ids = Vec::with_capacity(actions);
    for i in 0..actions {
        let a = action(
            &format!("Keep setting {i:05} of the Zoom account at its secure value ({name})"),
            ActionPurpose::ALL[i % 3],
            Enforcement::ALL[i % 2],
            Some("zoom"),
        );
        ids.push(repo::actions::upsert(tx, &a)?);
    }
    // Two distinct letters per family keep control names ("AB-1") unique.
    let names: Vec<String> = (0..actions.div_ceil(per_family))
        .map(|i| {
            format!(
                "{}{} family",
                (b'A' + (i / 26) as u8) as char,
                (b'A' + (i % 26) as u8) as char
            )
        })
        .collect();
    let families: Vec<(&str, &[ActionId])> = names
        .iter()
        .map(String::as_str)
        .zip(ids.chunks(per_family))
        .collect();
    let template =
        repo::templates::insert(tx, &template(&format!("{name} template"), &families), false)?;
    let instances: Vec<ServiceInstance> = (0..instances)
        .map(|i| repo::instances::insert(tx, &format!("{name} Zoom {i}"), "zoom"))
        .collect::<Result<_, _>>()?;
    let group = repo::groups::get_or_create(tx, "Bench")?;
    let instance_ids: Vec<InstanceId> = instances.iter().map(|i| i.id).collect();
    let assessment = repo::assessments::insert(tx, name, group.id, template, &instance_ids)?;
    Ok(Generated {
        assessment,
        actions: ids,
        instances,
    })
}
