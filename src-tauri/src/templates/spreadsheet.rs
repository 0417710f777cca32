//! Custom template spreadsheets in the reference product's format: tabs Template,
//! ControlFamily, Actions and optional Dimensions; `;;` between list items (spaces
//! around it allowed); enumerations in any case; text trimmed. Every problem is
//! collected with its tab, row and column, and the file is refused if there is one.

use std::collections::{HashMap, HashSet};

use calamine::{Data, Range};

use super::{ActionDraft, ActionRef, ControlDraft, FamilyDraft, ImportError, Problem};
use super::{TemplateDraft, TemplateSource};
use crate::domain::{ActionPurpose, Enforcement, ImplementationType};

const TEMPLATE: &str = "Template";
const FAMILIES: &str = "ControlFamily";
const ACTIONS: &str = "Actions";
const DIMENSIONS: &str = "Dimensions";

/// A connector service a template may name: its id ("zoom") and display name ("Zoom").
pub struct KnownService<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// Reads a custom template workbook. `file` names it in errors.
pub fn import(
    file: &str,
    bytes: &[u8],
    services: &[KnownService<'_>],
) -> Result<TemplateDraft, ImportError> {
    let sheets = crate::xlsx::sheets(bytes).map_err(|e| {
        ImportError::one(
            file,
            "the file",
            format!("not a readable .xlsx workbook ({e})"),
        )
    })?;
    let names: Vec<&String> = sheets.iter().map(|(name, _)| name).collect();
    let mut problems = Problems::default();
    let mut tab = |name: &str| -> Option<Range<Data>> {
        let (_, cells) = sheets
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))?;
        cells
            .clone()
            .map_err(|e| problems.at(name, format!("cannot be read ({e})")))
            .ok()
    };
    let template = tab(TEMPLATE);
    let families = tab(FAMILIES);
    let actions = tab(ACTIONS);
    let dimensions = tab(DIMENSIONS);
    for required in [TEMPLATE, FAMILIES, ACTIONS] {
        if !names
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(required))
        {
            problems.at(required, "the tab is missing (tabs needed: Template, ControlFamily, Actions; Dimensions is optional)");
        }
    }
    let (Some(template), Some(families), Some(actions)) = (template, families, actions) else {
        return Err(problems.into_error(file));
    };

    let header = read_template(&template, services, &mut problems);
    let own_actions = read_actions(&actions, &header, &mut problems);
    let family_drafts = read_families(&families, &own_actions, &mut problems);
    if let Some(dimensions) = dimensions {
        Table::new(
            DIMENSIONS,
            &dimensions,
            &["dimensionKey", "dimensionValue"],
            &mut problems,
        );
    }
    if !problems.0.is_empty() {
        return Err(problems.into_error(file));
    }
    let Some(header) = header else {
        return Err(problems.into_error(file));
    };
    Ok(TemplateDraft {
        key: format!("import/{}", header.title.to_lowercase()),
        title: header.title,
        product: header.product,
        certification: header.certification,
        version: String::new(),
        source: TemplateSource::Spreadsheet,
        supported_services: header.services,
        families: family_drafts,
        actions: own_actions.into_iter().map(|(_, a)| a).collect(),
    })
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn at(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            location: location.into(),
            message: message.into(),
        });
    }

    fn cell(&mut self, tab: &str, row: usize, column: &str, message: impl Into<String>) {
        self.at(format!("{tab}, row {row}, column {column}"), message);
    }

    fn into_error(self, file: &str) -> ImportError {
        ImportError::new(file, self.0)
    }
}

/// A tab read by its header row: columns found by name, in any case and order.
struct Table<'a> {
    range: &'a Range<Data>,
    columns: HashMap<String, usize>,
    ok: bool,
}

impl<'a> Table<'a> {
    fn new(
        tab: &'static str,
        range: &'a Range<Data>,
        required: &[&str],
        problems: &mut Problems,
    ) -> Table<'a> {
        let mut columns = HashMap::new();
        if let Some(header) = range.rows().next() {
            for (i, cell) in header.iter().enumerate() {
                let name = text(cell).to_lowercase();
                if !name.is_empty() {
                    columns.entry(name).or_insert(i);
                }
            }
        }
        let mut ok = true;
        for column in required {
            if !columns.contains_key(&column.to_lowercase()) {
                problems.at(
                    format!("{tab}, row 1"),
                    format!("the column {column} is missing"),
                );
                ok = false;
            }
        }
        Table { range, columns, ok }
    }

    /// Data rows with their spreadsheet row numbers; blank rows are skipped.
    fn rows(&self) -> impl Iterator<Item = (usize, Row<'_>)> {
        let first = self.range.start().map_or(0, |(r, _)| r as usize);
        self.range
            .rows()
            .enumerate()
            .skip(1)
            .filter(|(_, cells)| cells.iter().any(|c| !text(c).is_empty()))
            .map(move |(i, cells)| (first + i + 1, Row { table: self, cells }))
    }
}

struct Row<'a> {
    table: &'a Table<'a>,
    cells: &'a [Data],
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<&Data> {
        let i = *self.table.columns.get(&column.to_lowercase())?;
        self.cells.get(i)
    }

    fn text(&self, column: &str) -> String {
        self.get(column).map(text).unwrap_or_default()
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string().trim().to_string(),
    }
}

/// Items of a `;;` list, trimmed, empty ones dropped.
fn list(value: &str) -> Vec<String> {
    value
        .split(";;")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

struct Header {
    title: String,
    product: String,
    certification: Option<String>,
    services: Vec<String>,
}

fn read_template(
    range: &Range<Data>,
    services: &[KnownService<'_>],
    problems: &mut Problems,
) -> Option<Header> {
    let table = Table::new(
        TEMPLATE,
        range,
        &["title", "product", "certification", "inScopeServices"],
        problems,
    );
    if !table.ok {
        return None;
    }
    let mut rows = table.rows();
    let Some((row_number, row)) = rows.next() else {
        problems.at(format!("{TEMPLATE}, row 2"), "the template's row is empty");
        return None;
    };
    if let Some((extra, _)) = rows.next() {
        problems.at(
            format!("{TEMPLATE}, row {extra}"),
            "a workbook holds one template; remove the extra row",
        );
    }
    let title = row.text("title");
    if title.is_empty() {
        problems.cell(TEMPLATE, row_number, "title", "the template needs a title");
    }
    let mut ids = Vec::new();
    for name in list(&row.text("inScopeServices")) {
        match services
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(&name) || s.name.eq_ignore_ascii_case(&name))
        {
            Some(service) => ids.push(service.id.to_string()),
            None => {
                let known: Vec<&str> = services.iter().map(|s| s.name).collect();
                problems.cell(
                    TEMPLATE,
                    row_number,
                    "inScopeServices",
                    format!(
                        "\"{name}\" is not a service Compliance Desk connects to (known: {})",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    let certification = row.text("certification");
    Some(Header {
        title,
        product: row.text("product"),
        certification: (!certification.is_empty()).then_some(certification),
        services: ids,
    })
}

/// The Actions tab, keyed by lower-case title (controls name them in any case).
fn read_actions(
    range: &Range<Data>,
    header: &Option<Header>,
    problems: &mut Problems,
) -> Vec<(String, ActionDraft)> {
    let table = Table::new(
        ACTIONS,
        range,
        &[
            "actionTitle",
            "implementationType",
            "actionScore",
            "actionDescriptionTitle",
            "actionDescription",
        ],
        problems,
    );
    if !table.ok {
        return Vec::new();
    }
    let services = header
        .as_ref()
        .map(|h| h.services.as_slice())
        .unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut actions = Vec::new();
    for (n, row) in table.rows() {
        let title = row.text("actionTitle");
        if title.is_empty() {
            problems.cell(ACTIONS, n, "actionTitle", "the action needs a title");
            continue;
        }
        if let Some(first) = seen.insert(title.to_lowercase(), n) {
            problems.cell(
                ACTIONS,
                n,
                "actionTitle",
                format!("\"{title}\" is already the title of row {first}; titles must be unique"),
            );
            continue;
        }
        let kind = row.text("implementationType");
        let implementation_type = match kind.to_lowercase().as_str() {
            "technical" => Some(ImplementationType::Technical),
            "documentation" => Some(ImplementationType::Documentation),
            "operational" => Some(ImplementationType::Operational),
            _ => {
                problems.cell(
                    ACTIONS,
                    n,
                    "implementationType",
                    format!("\"{kind}\" is not one of Operational, Technical, Documentation"),
                );
                None
            }
        };
        let score = score(row.get("actionScore"));
        if let Err(message) = &score {
            problems.cell(ACTIONS, n, "actionScore", message.clone());
        }
        let purpose_text = row.text("dimension-Action Purpose");
        let purpose = match purpose_text.to_lowercase().as_str() {
            "" | "preventive" | "preventative" => Some(ActionPurpose::Preventive),
            "detective" => Some(ActionPurpose::Detective),
            "corrective" => Some(ActionPurpose::Corrective),
            _ => {
                problems.cell(
                    ACTIONS,
                    n,
                    "dimension-Action Purpose",
                    format!("\"{purpose_text}\" is not one of Preventative, Detective, Corrective"),
                );
                None
            }
        };
        let service = match (implementation_type, row.text("service")) {
            (Some(ImplementationType::Technical), named) if !named.is_empty() => {
                match services.iter().find(|s| s.eq_ignore_ascii_case(&named)) {
                    Some(s) => Some(s.clone()),
                    None => {
                        problems.cell(
                            ACTIONS,
                            n,
                            "service",
                            format!("\"{named}\" is not among the template's inScopeServices"),
                        );
                        None
                    }
                }
            }
            (Some(ImplementationType::Technical), _) if services.len() == 1 => {
                Some(services[0].clone())
            }
            (Some(ImplementationType::Technical), _) => {
                problems.cell(ACTIONS, n, "service", "a technical action needs the service it is tested on when the template names more or fewer than one");
                None
            }
            _ => None,
        };
        let (Some(implementation_type), Ok(score), Some(purpose)) =
            (implementation_type, score, purpose)
        else {
            continue;
        };
        let heading = row.text("actionDescriptionTitle");
        let body = row.text("actionDescription");
        let description = match (heading.is_empty(), body.is_empty()) {
            (false, false) => format!("{heading}\n\n{body}"),
            (false, true) => heading,
            _ => body,
        };
        actions.push((
            title.to_lowercase(),
            ActionDraft {
                title,
                description,
                implementation_type,
                purpose,
                enforcement: Enforcement::Mandatory,
                custom_score: Some(score),
                service,
            },
        ));
    }
    actions
}

fn score(cell: Option<&Data>) -> Result<u8, String> {
    let value = match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        Some(Data::String(s)) if !s.trim().is_empty() => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("\"{}\" is not a whole number from 1 to 99", s.trim()))?,
        _ => return Err("the score is empty; give a whole number from 1 to 99".into()),
    };
    if value.fract() != 0.0 || !(1.0..=99.0).contains(&value) {
        return Err(format!(
            "{value} is outside 1..99; the score must be a whole number from 1 to 99"
        ));
    }
    Ok(value as u8)
}

fn read_families(
    range: &Range<Data>,
    actions: &[(String, ActionDraft)],
    problems: &mut Problems,
) -> Vec<FamilyDraft> {
    let table = Table::new(
        FAMILIES,
        range,
        &[
            "controlName",
            "controlFamily",
            "controlTitle",
            "controlDescription",
            "controlActionTitle",
        ],
        problems,
    );
    if !table.ok {
        return Vec::new();
    }
    let titles: HashMap<&str, &str> = actions
        .iter()
        .map(|(key, a)| (key.as_str(), a.title.as_str()))
        .collect();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut families: Vec<FamilyDraft> = Vec::new();
    for (n, row) in table.rows() {
        let name = row.text("controlName");
        if name.is_empty() {
            problems.cell(FAMILIES, n, "controlName", "the control needs a name");
            continue;
        }
        if let Some(first) = names.insert(name.to_lowercase(), n) {
            problems.cell(
                FAMILIES,
                n,
                "controlName",
                format!(
                    "\"{name}\" is already the name of row {first}; control names must be unique"
                ),
            );
            continue;
        }
        let family = row.text("controlFamily");
        if family.is_empty() {
            problems.cell(FAMILIES, n, "controlFamily", "the control needs a family");
            continue;
        }
        let mut refs = Vec::new();
        let mut listed = HashSet::new();
        for title in list(&row.text("controlActionTitle")) {
            match titles.get(title.to_lowercase().as_str()) {
                Some(own) if listed.insert(*own) => refs.push(ActionRef::Own(own.to_string())),
                Some(_) => {}
                None => problems.cell(
                    FAMILIES,
                    n,
                    "controlActionTitle",
                    format!("the action \"{title}\" is not defined on the Actions tab"),
                ),
            }
        }
        let control = ControlDraft {
            name,
            title: row.text("controlTitle"),
            description: row.text("controlDescription"),
            actions: refs,
        };
        match families
            .iter_mut()
            .find(|f| f.name.eq_ignore_ascii_case(&family))
        {
            Some(f) => f.controls.push(control),
            None => families.push(FamilyDraft {
                name: family,
                controls: vec![control],
            }),
        }
    }
    if families.is_empty() && table.ok {
        problems.at(format!("{FAMILIES}, row 2"), "the template has no controls");
    }
    families
}
