//! Reading the .xlsx workbooks people bring (custom templates, edited action
//! workbooks) with calamine, guarded: a damaged file that makes the reader panic
//! (fuzzing found a shared-string index past the table's end) is a sentence about
//! the file, not a crash of the app.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};

/// A sheet's name and its cells, or why that sheet cannot be read.
pub type Sheet = (String, Result<Range<Data>, String>);

/// Every sheet of the workbook, in order; an error says why the file is unreadable.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let read = || -> Result<Vec<Sheet>, String> {
        let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok(book
            .sheet_names()
            .into_iter()
            .map(|name| {
                let cells = book.worksheet_range(&name).map_err(|e| e.to_string());
                (name, cells)
            })
            .collect())
    };
    catch_unwind(AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err("the workbook is damaged: its parts contradict each other".into()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_workbook_that_makes_the_reader_panic_is_an_error() {
        // A cell that names shared string 7 of a table of one: calamine 0.30 indexes
        // past the end. Found by tests/fuzz_importers.rs.
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, body) in [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
            ),
            (
                "xl/sharedStrings.xml",
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>only</t></si></sst>"#,
            ),
            (
                "xl/worksheets/sheet1.xml",
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>"#,
            ),
        ] {
            zip.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut zip, body.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let unreadable = super::sheets(&bytes).unwrap_err();
        assert!(unreadable.contains("damaged"), "{unreadable}");
    }
}
