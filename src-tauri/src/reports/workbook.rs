//! The Excel workbook of an assessment: what the reference product's "Generate
//! report" holds (controls and actions with implementation status, test date and
//! results) plus the notes, per-instance observed and expected values, overrides and
//! evidence with hashes. Its "Actions" sheet comes back through the action import.

use super::action_sheet::{self, observed, Row, COLUMNS, EDITABLE, SHEET};
use crate::domain::scoring::fmt_points;
use crate::service::assessment_page;
use crate::service::workspace::Workspace;
use crate::service::ServiceError;
use crate::store::Store;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

fn xlsx(e: XlsxError) -> ServiceError {
    ServiceError::Invalid(format!("The workbook could not be written: {e}."))
}

struct Formats {
    header: Format,
    locked: Format,
    editable: Format,
    date: Format,
    wrap: Format,
}

fn formats() -> Formats {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x0F6CBD))
        .set_font_color(Color::White)
        .set_border_bottom(FormatBorder::Thin);
    Formats {
        header,
        // Grey: read-only context; white: the columns the import reads back.
        locked: Format::new().set_background_color(Color::RGB(0xF3F3F3)),
        editable: Format::new(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        wrap: Format::new().set_text_wrap(),
    }
}

fn day(text: &str) -> Option<ExcelDateTime> {
    let d = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

/// The cells of one row, as text (dates are written as dates after).
fn cells(row: &Row<'_>) -> [String; 26] {
    let r = &row.result;
    let a = r.automatic.as_ref();
    let review = match (&r.review.state, &r.review.reviewed_by) {
        (Some(state), Some(by)) => format!("{state} by {by}"),
        (Some(state), None) => state.clone(),
        _ => String::new(),
    };
    [
        row.target.action.uid.to_string(),
        r.instance_uid.map(|u| u.to_string()).unwrap_or_default(),
        row.target.action.title.clone(),
        r.instance_name.clone().unwrap_or_default(),
        row.target.action.implementation_type.label().to_string(),
        row.target.action.points().to_string(),
        r.implementation_status.label().to_string(),
        r.implementation_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        r.assigned_to.clone().unwrap_or_default(),
        r.implementation_notes.clone(),
        r.testing_source.label().to_string(),
        r.parent_action_title.clone().unwrap_or_default(),
        r.recorded_status.label().to_string(),
        r.partial_credit.map(|c| c.to_string()).unwrap_or_default(),
        r.test_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        r.testing_notes.clone(),
        a.map(|_| r.recorded_status.label().to_string())
            .unwrap_or_default(),
        observed(r),
        a.map(|a| a.expected.clone()).unwrap_or_default(),
        a.and_then(|a| a.collected_at.clone()).unwrap_or_default(),
        a.and_then(|a| a.snapshot_sha256.clone())
            .unwrap_or_default(),
        review,
        r.review
            .override_status
            .map(|s| s.label().to_string())
            .unwrap_or_default(),
        r.review.justification.clone().unwrap_or_default(),
        row.evidence.clone(),
        crate::connectors::implemented_by_action(row.target.action.uid)
            .unwrap_or_default()
            .to_string(),
    ]
}

fn header(sheet: &mut Worksheet, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Column widths that fit the content, within reason.
fn fit(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    Ok(())
}

fn actions_sheet(sheet: &mut Worksheet, rows: &[Row<'_>], f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    header(sheet, &COLUMNS, f)?;
    let mut widths: Vec<usize> = COLUMNS.iter().map(|c| c.len()).collect();
    let dates = [
        action_sheet::column("Implementation date"),
        action_sheet::column("Test date"),
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        for (c, text) in cells(row).iter().enumerate() {
            let format = if EDITABLE.contains(&c) {
                &f.editable
            } else {
                &f.locked
            };
            widths[c] = widths[c].max(text.lines().map(str::len).max().unwrap_or(0));
            match day(text).filter(|_| dates.contains(&c)) {
                Some(date) => {
                    sheet.write_datetime_with_format(r, c as u16, &date, &f.date)?;
                }
                None => {
                    sheet.write_string_with_format(r, c as u16, text, format)?;
                }
            }
        }
    }
    sheet.autofilter(0, 0, rows.len() as u32, (COLUMNS.len() - 1) as u16)?;
    fit(sheet, &widths)
}

fn table(
    sheet: &mut Worksheet,
    name: &str,
    head: &[&str],
    body: &[Vec<String>],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    header(sheet, head, f)?;
    let mut widths: Vec<usize> = head.iter().map(|c| c.len()).collect();
    for (i, row) in body.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            widths[c] = widths[c].max(text.lines().map(str::len).max().unwrap_or(0));
            sheet.write_string_with_format((i + 1) as u32, c as u16, text, &f.wrap)?;
        }
    }
    sheet.autofilter(0, 0, body.len() as u32, (head.len() - 1) as u16)?;
    fit(sheet, &widths)
}

/// The workbook of `assessment`, and what it holds in a sentence.
pub fn build(store: &Store, assessment: &str) -> Result<(Vec<u8>, String), ServiceError> {
    let workspace = Workspace::load(store)?;
    let page = assessment_page::get(store, assessment)?;
    let rows = action_sheet::rows(store, &workspace, assessment)?;
    let f = formats();
    let mut book = Workbook::new();
    let s = &page.summary;
    let summary = vec![
        vec!["Assessment".to_string(), s.name.clone()],
        vec!["Template".into(), format!("{} (version {})", s.template, s.template_version)],
        vec!["Group".into(), s.group.clone()],
        vec!["Service instances".into(), s.instances.join(", ")],
        vec!["Score".into(), format!("{:.0}%", s.score * 100.0)],
        vec!["Points".into(), format!("{} of {} possible", fmt_points(s.points.achieved), fmt_points(s.points.possible))],
        vec!["Status".into(), s.status.label().to_string()],
        vec!["Progress".into(), format!("{:.0}% of in-scope controls passed", s.progress * 100.0)],
        vec!["Generated".into(), chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
        vec!["Compliance Desk".into(), env!("CARGO_PKG_VERSION").to_string()],
        vec!["Round trip".into(), format!("Edit the white columns of \"{SHEET}\" and import the file back: Assessments > the assessment > Import actions, or `compliance-desk import actions FILE --assessment ...`.")],
    ];
    table(
        book.add_worksheet(),
        "Summary",
        &["Field", "Value"],
        &summary,
        &f,
    )
    .map_err(xlsx)?;
    let controls: Vec<Vec<String>> = page
        .controls
        .iter()
        .map(|c| {
            vec![
                c.family.clone(),
                c.name.clone(),
                c.title.clone(),
                c.status.label().to_string(),
                fmt_points(c.achieved),
                fmt_points(c.possible),
                c.actions
                    .iter()
                    .map(|a| a.title.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ]
        })
        .collect();
    table(
        book.add_worksheet(),
        "Controls",
        &[
            "Family",
            "Control",
            "Title",
            "Status",
            "Points achieved",
            "Points possible",
            "Improvement actions",
        ],
        &controls,
        &f,
    )
    .map_err(xlsx)?;
    actions_sheet(book.add_worksheet(), &rows, &f).map_err(xlsx)?;
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    let mut actions: Vec<_> = rows.iter().map(|r| r.target.action.id).collect();
    actions.dedup();
    let summary = format!(
        "{} improvement actions in {} rows.",
        actions.len(),
        rows.len()
    );
    Ok((bytes, summary))
}
