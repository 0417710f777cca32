//! Reports auditors take away, over the service layer: the Excel workbook and its
//! action round trip (edit in Excel, import back with a preview).

pub mod action_import;
mod action_sheet;
pub mod workbook;
