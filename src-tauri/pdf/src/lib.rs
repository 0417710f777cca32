//! Renders a Typst document to PDF/A-2b in memory: the fonts come embedded from
//! typst-assets (Libertinus Serif, New Computer Modern, DejaVu Sans Mono), so the
//! output is the same on every machine, and nothing is read from disk or the network.

use std::collections::HashMap;

use chrono::{Datelike, Timelike};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// A document to render: its main Typst source and the data files it reads
/// (`json("/data.json")`), by absolute virtual path.
pub struct Document<'a> {
    pub main: &'a str,
    pub files: Vec<(&'a str, Vec<u8>)>,
    /// The document's creation time, written to its metadata (UTC).
    pub created: chrono::DateTime<chrono::Utc>,
    /// A stable identifier for the document (the PDF's /ID).
    pub ident: &'a str,
}

/// The fonts, parsed once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: std::sync::OnceLock<(LazyHash<FontBook>, Vec<Font>)> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        (LazyHash::new(book), fonts)
    })
}

struct ReportWorld {
    library: LazyHash<Library>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn datetime(t: chrono::DateTime<chrono::Utc>) -> Option<Datetime> {
    Datetime::from_ymd_hms(
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
}

fn explain(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A rendered PDF and its page count.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Lays out and writes the document as PDF/A-2b.
pub fn render(doc: &Document<'_>) -> Result<Rendered, String> {
    let today = datetime(doc.created).ok_or("the creation time is out of range")?;
    let world = ReportWorld {
        library: LazyHash::new(Library::default()),
        main: Source::new(
            FileId::new(None, VirtualPath::new("/main.typ")),
            doc.main.to_string(),
        ),
        files: doc
            .files
            .iter()
            .map(|(path, data)| {
                (
                    FileId::new(None, VirtualPath::new(path)),
                    Bytes::new(data.clone()),
                )
            })
            .collect(),
        today,
    };
    let paged: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| format!("the report could not be laid out: {}", explain(&e)))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b])
        .map_err(|e| format!("PDF/A-2b is not available: {e}"))?;
    let options = PdfOptions {
        ident: Smart::Custom(doc.ident),
        timestamp: Some(Timestamp::new_utc(today)),
        page_ranges: None,
        standards,
    };
    let pdf = typst_pdf::pdf(&paged, &options).map_err(|e| {
        format!(
            "the report could not be written as PDF/A-2b: {}",
            explain(&e)
        )
    })?;
    // typst memoizes layout across compilations; a desktop app exports now and
    // then, so free it all rather than let the cache grow with every report.
    typst::comemo::evict(0);
    Ok(Rendered {
        pdf,
        pages: paged.pages.len(),
    })
}
