//! OSCAL catalogs (and resolved profile catalogs, which are catalogs) as templates:
//! groups become families (nested groups flattened into "Parent / Child"), controls
//! and enhancements become controls, parameters are written into the statement, and
//! every control gets one documentation action the user can re-map later.
//! Any OSCAL 1.x document is read; unknown fields are ignored, as the spec allows.

use std::collections::HashMap;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::error::Category;

use super::TemplateSource;
use super::{ActionDraft, ActionRef, ControlDraft, FamilyDraft, ImportError, TemplateDraft};
use crate::domain::{ActionPurpose, Enforcement, ImplementationType};

/// Any OSCAL document: the catalog is read, the other models only noticed, so that
/// a wrong file is named for what it is. One typed pass over the bytes.
#[derive(Deserialize)]
struct Document {
    catalog: Option<Catalog>,
    profile: Option<IgnoredAny>,
    #[serde(rename = "component-definition")]
    component_definition: Option<IgnoredAny>,
    #[serde(rename = "system-security-plan")]
    system_security_plan: Option<IgnoredAny>,
    #[serde(rename = "assessment-plan")]
    assessment_plan: Option<IgnoredAny>,
    #[serde(rename = "assessment-results")]
    assessment_results: Option<IgnoredAny>,
    #[serde(rename = "plan-of-action-and-milestones")]
    poam: Option<IgnoredAny>,
    #[serde(rename = "mapping-collection")]
    mapping_collection: Option<IgnoredAny>,
}

impl Document {
    /// What the document is when it is not a catalog.
    fn other_model(&self) -> Option<&'static str> {
        [
            (self.profile.is_some(), "a profile: import its resolved profile catalog instead (NIST publishes one per baseline)"),
            (self.component_definition.is_some(), "a component definition"),
            (self.system_security_plan.is_some(), "a system security plan"),
            (self.assessment_plan.is_some(), "an assessment plan"),
            (self.assessment_results.is_some(), "an assessment results document"),
            (self.poam.is_some(), "a plan of action and milestones"),
            (self.mapping_collection.is_some(), "a mapping collection"),
        ]
        .into_iter()
        .find_map(|(found, what)| found.then_some(what))
    }
}

#[derive(Deserialize)]
struct Catalog {
    metadata: Metadata,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    controls: Vec<Control>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    version: String,
    #[serde(rename = "oscal-version")]
    oscal_version: String,
}

#[derive(Deserialize)]
struct Group {
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    id: String,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
    class: Option<String>,
}

#[derive(Deserialize)]
struct Param {
    id: String,
    label: Option<String>,
    #[serde(default)]
    values: Vec<String>,
    select: Option<Select>,
}

#[derive(Deserialize)]
struct Select {
    #[serde(rename = "how-many")]
    how_many: Option<String>,
    #[serde(default)]
    choice: Vec<String>,
}

#[derive(Deserialize)]
struct Part {
    name: String,
    #[serde(default)]
    props: Vec<Prop>,
    prose: Option<String>,
    #[serde(default)]
    parts: Vec<Part>,
}

/// Reads an OSCAL catalog. `file` names the file in errors.
pub fn import(file: &str, bytes: &[u8]) -> Result<TemplateDraft, ImportError> {
    let document: Document = serde_json::from_slice(bytes).map_err(|e| {
        let at = format!("line {}, column {}", e.line(), e.column());
        match e.classify() {
            Category::Data => ImportError::one(
                file,
                at,
                format!("does not follow the OSCAL catalog model: {e}"),
            ),
            _ => ImportError::one(file, at, format!("not valid JSON: {e}")),
        }
    })?;
    let Some(catalog) = document.catalog else {
        let message = match document.other_model() {
            Some(what) => format!("not a catalog: this is OSCAL {what}"),
            None => "not an OSCAL catalog: there is no top-level \"catalog\" object".into(),
        };
        return Err(ImportError::one(file, "the document", message));
    };
    from_catalog(file, catalog)
}

fn from_catalog(file: &str, catalog: Catalog) -> Result<TemplateDraft, ImportError> {
    let version = catalog.metadata.oscal_version.trim();
    if version.split('.').next() != Some("1") {
        return Err(ImportError::one(
            file,
            "catalog.metadata.oscal-version",
            format!("OSCAL {version} is not supported; Compliance Desk reads OSCAL 1.x catalogs"),
        ));
    }
    let title = catalog.metadata.title.trim().to_string();
    if title.is_empty() {
        return Err(ImportError::one(
            file,
            "catalog.metadata.title",
            "the catalog has no title",
        ));
    }

    let mut params = HashMap::new();
    collect_params(&catalog.params, &mut params);
    for group in &catalog.groups {
        collect_group_params(group, &mut params);
    }
    for control in &catalog.controls {
        collect_control_params(control, &mut params);
    }

    let mut builder = Builder {
        params: &params,
        families: Vec::new(),
        actions: Vec::new(),
    };
    if !catalog.controls.is_empty() {
        builder.family("Ungrouped controls".into(), &catalog.controls);
    }
    for group in &catalog.groups {
        builder.group(None, group);
    }
    if builder.actions.is_empty() {
        return Err(ImportError::one(
            file,
            "catalog",
            "the catalog holds no controls",
        ));
    }
    Ok(TemplateDraft {
        key: format!("oscal/{}", title.to_lowercase()),
        title,
        product: "OSCAL catalog".into(),
        certification: None,
        version: catalog.metadata.version.trim().to_string(),
        source: TemplateSource::Oscal,
        supported_services: Vec::new(),
        families: builder.families,
        actions: builder.actions,
    })
}

fn collect_params<'a>(params: &'a [Param], into: &mut HashMap<&'a str, &'a Param>) {
    for p in params {
        into.insert(p.id.as_str(), p);
    }
}

fn collect_group_params<'a>(group: &'a Group, into: &mut HashMap<&'a str, &'a Param>) {
    collect_params(&group.params, into);
    for g in &group.groups {
        collect_group_params(g, into);
    }
    for c in &group.controls {
        collect_control_params(c, into);
    }
}

fn collect_control_params<'a>(control: &'a Control, into: &mut HashMap<&'a str, &'a Param>) {
    collect_params(&control.params, into);
    for c in &control.controls {
        collect_control_params(c, into);
    }
}

struct Builder<'a> {
    params: &'a HashMap<&'a str, &'a Param>,
    families: Vec<FamilyDraft>,
    actions: Vec<ActionDraft>,
}

impl Builder<'_> {
    fn group(&mut self, parent: Option<&str>, group: &Group) {
        let name = match parent {
            Some(parent) => format!("{parent} / {}", group.title.trim()),
            None => group.title.trim().to_string(),
        };
        if !group.controls.is_empty() {
            self.family(name.clone(), &group.controls);
        }
        for child in &group.groups {
            self.group(Some(&name), child);
        }
    }

    fn family(&mut self, name: String, controls: &[Control]) {
        let mut drafts = Vec::new();
        for control in controls {
            self.control(control, 0, &mut drafts);
        }
        if drafts.is_empty() {
            return;
        }
        // Two groups with one title (rare) stay apart: families are unique by name.
        let mut unique = name.clone();
        let mut n = 2;
        while self.families.iter().any(|f| f.name == unique) {
            unique = format!("{name} ({n})");
            n += 1;
        }
        self.families.push(FamilyDraft {
            name: unique,
            controls: drafts,
        });
    }

    /// Adds the control (unless withdrawn) and its enhancements, depth first, as
    /// the catalog orders them.
    fn control(&mut self, control: &Control, depth: usize, into: &mut Vec<ControlDraft>) {
        let withdrawn = control
            .props
            .iter()
            .any(|p| p.name == "status" && p.value.eq_ignore_ascii_case("withdrawn"));
        if !withdrawn {
            let name = label(control);
            let title = control.title.trim().to_string();
            let statement = self.statement(&control.parts);
            let action_title = format!("Document and evidence {name} {title}");
            self.actions.push(ActionDraft {
                title: action_title.clone(),
                description: format!(
                    "Describe how the organisation meets {name} ({title}) and attach the evidence \
                     an assessor needs: policies, procedures, records or screenshots."
                ),
                implementation_type: ImplementationType::Documentation,
                purpose: ActionPurpose::Preventive,
                enforcement: if depth == 0 {
                    Enforcement::Mandatory
                } else {
                    Enforcement::Discretionary
                },
                custom_score: None,
                service: None,
            });
            into.push(ControlDraft {
                name,
                title,
                description: statement,
                actions: vec![ActionRef::Own(action_title)],
            });
        }
        for enhancement in &control.controls {
            self.control(enhancement, depth + 1, into);
        }
    }

    /// The statement part as plain text: items on their own lines with their labels,
    /// parameters written in.
    fn statement(&self, parts: &[Part]) -> String {
        let mut out = String::new();
        for part in parts.iter().filter(|p| p.name == "statement") {
            self.write_part(part, 0, &mut out);
        }
        out.trim_end().to_string()
    }

    fn write_part(&self, part: &Part, depth: usize, out: &mut String) {
        let label = part
            .props
            .iter()
            .find(|p| p.name == "label")
            .map(|p| p.value.as_str());
        if let Some(prose) = &part.prose {
            out.push_str(&"  ".repeat(depth.saturating_sub(1)));
            if let Some(label) = label {
                out.push_str(label);
                out.push(' ');
            }
            out.push_str(&self.insert_params(prose.trim(), 0));
            out.push('\n');
        }
        for child in &part.parts {
            self.write_part(child, depth + 1, out);
        }
    }

    /// Replaces `{{ insert: param, ID }}` by the parameter's value, its choices or its
    /// label, the way NIST prints them.
    fn insert_params(&self, text: &str, depth: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            out.push_str(&rest[..start]);
            let inside = &rest[start + 2..start + len];
            out.push_str(&self.insertion(inside, depth));
            rest = &rest[start + len + 2..];
        }
        out.push_str(rest);
        out
    }

    fn insertion(&self, inside: &str, depth: usize) -> String {
        let mut fields = inside.split(',').map(str::trim);
        let kind = fields.next().unwrap_or_default();
        let id = fields.next().unwrap_or_default();
        if kind.trim_end_matches(':').trim() != "insert" && !kind.starts_with("insert") {
            return format!("{{{{{inside}}}}}");
        }
        let Some(param) = self.params.get(id).filter(|_| depth < 8) else {
            return format!("[{id}]");
        };
        if !param.values.is_empty() {
            return param.values.join(", ");
        }
        if let Some(select) = &param.select {
            let how = match select.how_many.as_deref() {
                Some("one-or-more") => "Selection (one or more)",
                _ => "Selection",
            };
            let choices: Vec<String> = select
                .choice
                .iter()
                .map(|c| self.insert_params(c, depth + 1))
                .collect();
            return format!("[{how}: {}]", choices.join("; "));
        }
        match &param.label {
            Some(label) => format!("[Assignment: {}]", label.trim()),
            None => format!("[{id}]"),
        }
    }
}

/// The control's label ("AC-2(1)"): the plain label property, else the first label,
/// else its id.
fn label(control: &Control) -> String {
    let labels = || control.props.iter().filter(|p| p.name == "label");
    labels()
        .find(|p| p.class.is_none())
        .or_else(|| labels().next())
        .map(|p| p.value.trim().to_string())
        .unwrap_or_else(|| control.id.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(body: &str) -> Vec<u8> {
        format!(
            r#"{{"catalog": {{"uuid": "74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724",
              "metadata": {{"title": "Demo", "version": "2", "oscal-version": "1.2.0"}}, {body}}}}}"#
        )
        .into_bytes()
    }

    #[test]
    fn nested_groups_flatten_enhancements_follow_and_params_are_written_in() {
        let bytes = catalog(
            r#""groups": [{"id": "g", "title": "Outer", "groups": [{"id": "h", "title": "Inner",
              "controls": [{"id": "x-1", "title": "Lock", "props": [{"name": "label", "value": "X-1"}],
                "params": [{"id": "p1", "label": "time period"}, {"id": "p2", "values": ["15 minutes"]},
                           {"id": "p3", "select": {"how-many": "one-or-more", "choice": ["a {{ insert: param, p2 }}", "b"]}}],
                "parts": [{"id": "s", "name": "statement", "prose": "Lock after {{ insert: param, p1 }}:",
                  "parts": [{"id": "s.a", "name": "item", "props": [{"name": "label", "value": "a."}],
                             "prose": "wait {{ insert: param, p2 }} and {{ insert: param, p3 }}."}]},
                  {"id": "g1", "name": "guidance", "prose": "not shown"}],
                "controls": [{"id": "x-1.1", "title": "Pattern", "props": [{"name": "label", "value": "X-1(1)"}]},
                             {"id": "x-1.2", "title": "Gone", "props": [{"name": "status", "value": "withdrawn"}]}]}]}]}]"#,
        );
        let draft = import("demo.json", &bytes).unwrap();
        assert_eq!(draft.families.len(), 1);
        assert_eq!(draft.families[0].name, "Outer / Inner");
        let names: Vec<&str> = draft.controls().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["X-1", "X-1(1)"], "withdrawn controls are left out");
        let statement = &draft.families[0].controls[0].description;
        assert_eq!(
            statement,
            "Lock after [Assignment: time period]:\na. wait 15 minutes and [Selection (one or more): a 15 minutes; b]."
        );
        assert_eq!(
            draft.actions.len(),
            2,
            "one documentation action per control"
        );
        assert_eq!(draft.actions[1].enforcement, Enforcement::Discretionary);
        assert_eq!(draft.version, "2");
    }

    #[test]
    fn other_documents_and_versions_are_refused_with_a_sentence() {
        let profile = br#"{"profile": {"uuid": "x", "metadata": {}, "imports": []}}"#;
        let err = import("p.json", profile).unwrap_err();
        assert!(
            err.to_string()
                .contains("not a catalog: this is OSCAL a profile"),
            "{err}"
        );

        let err = import("x.json", br#"{"hello": 1}"#).unwrap_err();
        assert!(
            err.to_string().contains("no top-level \"catalog\""),
            "{err}"
        );

        let err = import("x.json", b"{ not json").unwrap_err();
        assert!(
            err.to_string().contains("line 1") && err.to_string().contains("not valid JSON"),
            "{err}"
        );

        let err = import("x.json", br#"{"catalog": {"metadata": {"title": "T"}}}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("does not follow the OSCAL catalog model: missing field `version`"),
            "{err}"
        );

        let two = catalog(r#""controls": [{"id": "a", "title": "A"}]"#);
        let two = String::from_utf8(two).unwrap().replace("1.2.0", "2.0.0");
        let err = import("x.json", two.as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("OSCAL 2.0.0 is not supported"),
            "{err}"
        );
    }

    #[test]
    fn newer_minor_versions_and_unknown_fields_are_read() {
        let bytes = catalog(
            r#""controls": [{"id": "a-1", "title": "A", "future-field": {"x": 1}}], "new-thing": []"#,
        );
        let bytes = String::from_utf8(bytes).unwrap().replace("1.2.0", "1.9.3");
        let draft = import("x.json", bytes.as_bytes()).unwrap();
        assert_eq!(draft.families[0].name, "Ungrouped controls");
        assert_eq!(draft.families[0].controls[0].name, "A-1");
    }
}
