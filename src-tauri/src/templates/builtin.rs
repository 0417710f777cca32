//! The regulation templates that ship with the app, read from the data files beside
//! this module: controls (NIST from a pruned OSCAL catalog made by
//! `data/prune_oscal.py`, the others in our own words), and one mapping file per
//! regulation that says which controls each connector check evidences.
//!
//! A control that some check tests is met by those checks' actions ("test once,
//! comply many": the same action and result count in every template that maps it),
//! plus its own documentation action where it has one (ISO, SOC 2: a policy is not
//! proven by a setting); a control no check can test keeps its own action.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{ActionDraft, ActionRef, ControlDraft, FamilyDraft, TemplateDraft, TemplateSource};
use crate::connectors::zoom::checks as zoom_checks;
use crate::domain::{ActionPurpose, Enforcement, ImplementationType};

/// A built-in regulation: its source files, and how to read them.
pub struct Regulation {
    pub key: &'static str,
    sources: &'static [&'static [u8]],
    build: fn() -> Result<TemplateDraft, String>,
}

impl Regulation {
    /// SHA-256 of the source files: a new fingerprint is a new template version.
    /// Cheap (nothing is parsed), so that opening a workspace costs little.
    pub fn fingerprint(&self, check_ids: &[String]) -> String {
        let mut hasher = Sha256::new();
        for source in self.sources {
            hasher.update(source);
        }
        for id in check_ids {
            hasher.update(id.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    pub fn draft(&self) -> Result<TemplateDraft, String> {
        (self.build)()
    }
}

const NIST_CATALOG: &[u8] = include_bytes!("data/nist-800-53r5-moderate.oscal.json");
const NIST_MAPPING: &[u8] = include_bytes!("data/mappings/nist-800-53r5.json");
const ISO: &[u8] = include_bytes!("data/iso-27001-2022.json");
const ISO_MAPPING: &[u8] = include_bytes!("data/mappings/iso-27001-2022.json");
const SOC2: &[u8] = include_bytes!("data/soc2-2017.json");
const SOC2_MAPPING: &[u8] = include_bytes!("data/mappings/soc2-2017.json");
const CIS_ZOOM: &[u8] = include_bytes!("data/cis-zoom-1.0.0.json");

/// The CIS Zoom template's mapping comes from the Zoom check table itself: each row
/// names the recommendation (or our own "CD-n" control) it implements.
fn cis_zoom_mapping() -> Vec<u8> {
    let checks: Vec<String> = zoom_checks::controls()
        .iter()
        .map(|(id, control)| {
            format!(
                "{}:{{\"controls\":[{}]}}",
                serde_json::Value::from(id.as_str()),
                serde_json::Value::from(control.as_str())
            )
        })
        .collect();
    format!("{{\"checks\":{{{}}}}}", checks.join(",")).into_bytes()
}

pub fn regulations() -> [Regulation; 4] {
    [
        Regulation {
            key: "builtin/nist-800-53r5-moderate",
            sources: &[NIST_CATALOG, NIST_MAPPING],
            build: nist_moderate,
        },
        Regulation {
            key: "builtin/iso-27001-2022",
            sources: &[ISO, ISO_MAPPING],
            build: || own_words(ISO, ISO_MAPPING),
        },
        Regulation {
            key: "builtin/soc2-2017",
            sources: &[SOC2, SOC2_MAPPING],
            build: || own_words(SOC2, SOC2_MAPPING),
        },
        Regulation {
            key: "builtin/cis-zoom-1.0.0",
            sources: &[CIS_ZOOM, zoom_checks::TABLE],
            build: || own_words(CIS_ZOOM, &cis_zoom_mapping()),
        },
    ]
}

/// A mapping file: check id -> the controls it evidences, in the checks' order.
#[derive(Deserialize)]
struct Mapping {
    checks: indexmap_like::Ordered<MappedCheck>,
}

#[derive(Deserialize)]
struct MappedCheck {
    controls: Vec<String>,
}

/// Check ids per control id, in the mapping file's order.
fn checks_by_control(mapping: &[u8]) -> Result<HashMap<String, Vec<String>>, String> {
    let mapping: Mapping =
        serde_json::from_slice(mapping).map_err(|e| format!("mapping file: {e}"))?;
    let mut by_control: HashMap<String, Vec<String>> = HashMap::new();
    for (check, mapped) in mapping.checks.0 {
        for control in mapped.controls {
            by_control.entry(control).or_default().push(check.clone());
        }
    }
    Ok(by_control)
}

/// Gives each control the checks that evidence it; a control no check tests keeps
/// its own action. Fails on a mapping to a control the template does not have.
/// With `keep_documents`, a control whose own action is documentation keeps it
/// beside the checks: a setting does not prove that the policy or register exists.
fn apply_mapping(
    draft: &mut TemplateDraft,
    mapping: &[u8],
    keep_documents: bool,
) -> Result<(), String> {
    let mut by_control = checks_by_control(mapping)?;
    let documents: std::collections::HashSet<String> = draft
        .actions
        .iter()
        .filter(|a| keep_documents && a.implementation_type == ImplementationType::Documentation)
        .map(|a| a.title.clone())
        .collect();
    for control in draft
        .families
        .iter_mut()
        .flat_map(|f| f.controls.iter_mut())
    {
        if let Some(checks) = by_control.remove(&control.name) {
            let kept = control
                .actions
                .drain(..)
                .filter(|a| matches!(a, ActionRef::Own(title) if documents.contains(title)));
            let mut actions: Vec<ActionRef> = checks.into_iter().map(ActionRef::Check).collect();
            actions.extend(kept);
            control.actions = actions;
        }
    }
    if let Some(control) = by_control.keys().next() {
        return Err(format!(
            "{}: the mapping names control {control}, which the template does not have",
            draft.title
        ));
    }
    // Own actions no control names any more are not part of the template.
    let used: std::collections::HashSet<&str> = draft
        .controls()
        .flat_map(|c| &c.actions)
        .filter_map(|a| match a {
            ActionRef::Own(title) => Some(title.as_str()),
            ActionRef::Check(_) => None,
        })
        .collect();
    let keep: Vec<bool> = draft
        .actions
        .iter()
        .map(|a| used.contains(a.title.as_str()))
        .collect();
    let mut keep = keep.into_iter();
    draft.actions.retain(|_| keep.next().unwrap_or(false));
    Ok(())
}

fn nist_moderate() -> Result<TemplateDraft, String> {
    let mut draft = super::oscal::import("NIST SP 800-53 Rev. 5 Moderate", NIST_CATALOG)
        .map_err(|e| e.to_string())?;
    draft.key = "builtin/nist-800-53r5-moderate".into();
    draft.title = "NIST SP 800-53 Rev. 5 Moderate".into();
    draft.product = "NIST SP 800-53".into();
    draft.certification = Some("Rev. 5 Moderate baseline (SP 800-53B)".into());
    draft.source = TemplateSource::BuiltIn;
    draft.supported_services = vec!["salesforce".into(), "zoom".into()];
    apply_mapping(&mut draft, NIST_MAPPING, false)?;
    Ok(draft)
}

/// ISO 27001, SOC 2 and CIS Zoom: identifiers exact, every text in our own words.
#[derive(Deserialize)]
struct OwnWords {
    key: String,
    title: String,
    product: String,
    certification: Option<String>,
    version: String,
    supported_services: Vec<String>,
    families: Vec<OwnFamily>,
}

#[derive(Deserialize)]
struct OwnFamily {
    name: String,
    controls: Vec<OwnControl>,
}

#[derive(Deserialize)]
struct OwnControl {
    id: String,
    title: String,
    description: String,
    action: Option<OwnAction>,
}

#[derive(Deserialize)]
struct OwnAction {
    title: String,
    #[serde(rename = "type")]
    kind: ImplementationType,
    purpose: ActionPurpose,
    enforcement: Enforcement,
    evidence: String,
}

fn own_words(template: &[u8], mapping: &[u8]) -> Result<TemplateDraft, String> {
    let data: OwnWords =
        serde_json::from_slice(template).map_err(|e| format!("template file: {e}"))?;
    let mut actions = Vec::new();
    let families = data
        .families
        .into_iter()
        .map(|family| FamilyDraft {
            name: family.name,
            controls: family
                .controls
                .into_iter()
                .map(|control| {
                    let refs = control
                        .action
                        .map(|a| {
                            let title = a.title.clone();
                            actions.push(ActionDraft {
                                title: a.title,
                                description: format!(
                                    "{}\n\nEvidence that satisfies it: {}",
                                    control.description, a.evidence
                                ),
                                implementation_type: a.kind,
                                purpose: a.purpose,
                                enforcement: a.enforcement,
                                custom_score: None,
                                service: None,
                            });
                            vec![ActionRef::Own(title)]
                        })
                        .unwrap_or_default();
                    ControlDraft {
                        name: control.id,
                        title: control.title,
                        description: control.description,
                        actions: refs,
                    }
                })
                .collect(),
        })
        .collect();
    let mut draft = TemplateDraft {
        key: format!("builtin/{}", data.key),
        title: data.title,
        product: data.product,
        certification: data.certification,
        version: data.version,
        source: TemplateSource::BuiltIn,
        supported_services: data.supported_services,
        families,
        actions,
    };
    apply_mapping(&mut draft, mapping, true)?;
    Ok(draft)
}

/// JSON objects read in document order (serde_json's map sorts keys without the
/// preserve_order feature, and the checks' order is part of the mapping's meaning).
mod indexmap_like {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

    pub struct Ordered<V>(pub Vec<(String, V)>);

    impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Entries<V>(std::marker::PhantomData<V>);
            impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
                type Value = Ordered<V>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut entries = Vec::new();
                    while let Some(entry) = map.next_entry()? {
                        entries.push(entry);
                    }
                    Ok(Ordered(entries))
                }
            }
            d.deserialize_map(Entries(std::marker::PhantomData))
        }
    }
}

/// Every check id a mapping file names, for the tests that hold the files to the code.
pub fn mapped_check_ids() -> BTreeMap<&'static str, Vec<String>> {
    let cis_zoom = cis_zoom_mapping();
    [
        ("nist-800-53r5", NIST_MAPPING),
        ("iso-27001-2022", ISO_MAPPING),
        ("soc2-2017", SOC2_MAPPING),
        ("cis-zoom-1.0.0", cis_zoom.as_slice()),
    ]
    .into_iter()
    .map(|(name, bytes)| {
        let mapping: Mapping = serde_json::from_slice(bytes).expect("mapping files are valid JSON");
        (
            name,
            mapping.checks.0.into_iter().map(|(id, _)| id).collect(),
        )
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_regulation_builds_and_every_control_has_an_action() {
        for regulation in regulations() {
            let draft = regulation
                .draft()
                .unwrap_or_else(|e| panic!("{}: {e}", regulation.key));
            assert_eq!(draft.key, regulation.key);
            for control in draft.controls() {
                assert!(
                    !control.actions.is_empty(),
                    "{}: {} has no action",
                    draft.title,
                    control.name
                );
            }
            let own: Vec<&str> = draft.actions.iter().map(|a| a.title.as_str()).collect();
            for control in draft.controls() {
                for action in &control.actions {
                    if let ActionRef::Own(title) = action {
                        assert!(own.contains(&title.as_str()), "{title} is defined");
                    }
                }
            }
        }
    }

    #[test]
    fn the_regulations_have_their_published_control_counts() {
        let counts: HashMap<String, (usize, usize)> = regulations()
            .iter()
            .map(|r| {
                let d = r.draft().unwrap();
                (d.key.clone(), (d.families.len(), d.controls().count()))
            })
            .collect();
        assert_eq!(counts["builtin/nist-800-53r5-moderate"], (18, 287));
        assert_eq!(counts["builtin/iso-27001-2022"], (4, 93));
        assert_eq!(counts["builtin/soc2-2017"], (9, 33));
    }

    #[test]
    fn test_once_comply_many_mfa_evidences_the_controls_each_regulation_names() {
        let mfa = ActionRef::Check("salesforce.identity.mfa_all_active_users".into());
        for (key, control) in [
            ("builtin/nist-800-53r5-moderate", "IA-2(1)"),
            ("builtin/nist-800-53r5-moderate", "IA-2(2)"),
            ("builtin/iso-27001-2022", "A.8.5"),
            ("builtin/soc2-2017", "CC6.1"),
        ] {
            let draft = regulations()
                .into_iter()
                .find(|r| r.key == key)
                .unwrap()
                .draft()
                .unwrap();
            let found = draft.controls().find(|c| c.name == control).unwrap();
            assert!(
                found.actions.contains(&mfa),
                "{key} {control}: {:?}",
                found.actions
            );
        }
    }

    #[test]
    fn a_policy_control_keeps_its_document_beside_the_checks_an_operational_one_does_not() {
        let iso = regulations()[1].draft().unwrap();
        let control = |name: &str| iso.controls().find(|c| c.name == name).unwrap().clone();
        let policy = control("A.5.15");
        assert!(policy
            .actions
            .iter()
            .any(|a| matches!(a, ActionRef::Check(_))));
        assert!(policy.actions.contains(&ActionRef::Own(
            "Write an access control policy based on need-to-know".into()
        )));
        let mfa = control("A.8.5");
        assert!(
            mfa.actions.iter().all(|a| matches!(a, ActionRef::Check(_))),
            "{:?}",
            mfa.actions
        );
    }

    #[test]
    fn a_control_no_check_tests_keeps_its_documentation_action() {
        let nist = regulations()[0].draft().unwrap();
        let ac1 = nist.controls().find(|c| c.name == "AC-1").unwrap();
        assert_eq!(
            ac1.actions,
            [ActionRef::Own(
                "Document and evidence AC-1 Policy and Procedures".into()
            )]
        );
        assert!(
            ac1.description
                .contains("[Assignment: organization-defined personnel or roles]"),
            "{}",
            ac1.description
        );
    }
}
