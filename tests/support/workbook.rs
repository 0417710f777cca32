//! Custom template workbooks in the reference format, written with rust_xlsxwriter
//! (an independent writer), for the importer tests.

use rust_xlsxwriter::Workbook;

/// A tab: its name and rows (the first row is the header). Numbers are written
/// as numbers, everything else as text.
pub struct Tab<'a> {
    pub name: &'a str,
    pub rows: Vec<Vec<&'a str>>,
}

pub fn xlsx(tabs: &[Tab<'_>]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for tab in tabs {
        let sheet = workbook.add_worksheet();
        sheet.set_name(tab.name).unwrap();
        for (r, row) in tab.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell.parse::<f64>() {
                    Ok(n) if r > 0 => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                    _ => sheet.write_string(r as u32, c as u16, *cell).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// A valid workbook: 2 families, 3 controls, 3 actions, written with the habits of
/// hand-made files (spaces around `;;`, enumerations in any case, padded titles).
pub fn valid_tabs() -> Vec<Tab<'static>> {
    vec![
        Tab {
            name: "Template",
            rows: vec![
                vec!["title", "product", "certification", "inScopeServices"],
                vec![
                    "  Acme vendor policy  ",
                    "Acme",
                    "Internal",
                    "Salesforce;;zoom",
                ],
            ],
        },
        Tab {
            name: "ControlFamily",
            rows: vec![
                vec![
                    "controlName",
                    "controlFamily",
                    "controlTitle",
                    "controlDescription",
                    "controlActionTitle",
                ],
                vec![
                    "ACME-1",
                    "Access",
                    "Strong sign-in",
                    "Everyone signs in with two factors.",
                    "Write the sign-in standard ;; Check MFA in Salesforce",
                ],
                vec![
                    "ACME-2",
                    "Access",
                    "Reviews",
                    "Access is reviewed quarterly.",
                    "Review access quarterly",
                ],
                vec![
                    "ACME-3",
                    "Meetings",
                    "Meeting hygiene",
                    "Meetings are protected.",
                    "Write the sign-in standard;;Review access quarterly",
                ],
            ],
        },
        Tab {
            name: "Actions",
            rows: vec![
                vec![
                    "actionTitle",
                    "implementationType",
                    "actionScore",
                    "actionDescriptionTitle",
                    "actionDescription",
                    "dimension-Action Purpose",
                    "service",
                ],
                vec![
                    "Write the sign-in standard",
                    "DOCUMENTATION",
                    "5",
                    "Standard",
                    "A written standard for signing in.",
                    "preventative",
                    "",
                ],
                vec![
                    "Check MFA in Salesforce",
                    "technical",
                    "27",
                    "MFA",
                    "Every Salesforce user has MFA.",
                    "Preventative",
                    "salesforce",
                ],
                vec![
                    " Review access quarterly ",
                    "Operational",
                    "3",
                    "Review",
                    "Quarterly review of who has access.",
                    "Detective",
                    "",
                ],
            ],
        },
        Tab {
            name: "Dimensions",
            rows: vec![
                vec!["dimensionKey", "dimensionValue"],
                vec!["Action Purpose", "Preventative"],
            ],
        },
    ]
}
