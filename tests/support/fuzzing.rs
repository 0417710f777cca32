//! Shared pieces of the fuzz targets (bolero: random and structured inputs under
//! `cargo test`; each target runs `FUZZ_SECONDS` seconds, 3 by default). Inputs
//! are edits of real documents, so that they reach past the first parser. Included
//! with `#[path]` by the fuzz targets only, so other test binaries skip bolero.
#![allow(dead_code)] // each fuzz binary uses a different part

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bolero::generator::TypeGenerator;
use serde_json::Value;

/// How long each target runs: `FUZZ_SECONDS`, 3 by default (CI).
pub fn budget() -> Duration {
    Duration::from_secs(
        std::env::var("FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3),
    )
}

/// How long a failing input is made smaller before it is reported: the slow
/// targets (a whole sync per input) would otherwise shrink for many minutes.
pub const SHRINK_TIME: Duration = Duration::from_secs(30);

/// Counts executions and prints them when the target ends.
pub struct Counter {
    name: &'static str,
    started: Instant,
    runs: AtomicUsize,
}

impl Counter {
    pub fn new(name: &'static str) -> Counter {
        Counter {
            name,
            started: Instant::now(),
            runs: AtomicUsize::new(0),
        }
    }

    pub fn count(&self) {
        self.runs.fetch_add(1, Ordering::Relaxed);
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        let outcome = if std::thread::panicking() {
            "and a crash (above)"
        } else {
            "0 crashes"
        };
        println!(
            "fuzz {}: {} executions in {:.1} s, {outcome}",
            self.name,
            self.runs.load(Ordering::Relaxed),
            self.started.elapsed().as_secs_f64()
        );
    }
}

/// One edit of a file's bytes.
#[derive(Debug, Clone, TypeGenerator)]
pub enum ByteEdit {
    Flip { at: u32, bit: u8 },
    Set { at: u32, byte: u8 },
    Insert { at: u32, bytes: Vec<u8> },
    Remove { at: u32, len: u16 },
    Truncate { at: u32 },
}

pub fn edit_bytes(seed: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for edit in edits {
        let at = |i: u32, len: usize| if len == 0 { 0 } else { i as usize % len };
        match edit {
            ByteEdit::Flip { at: i, bit } if !bytes.is_empty() => {
                let i = at(*i, bytes.len());
                bytes[i] ^= 1 << (bit % 8);
            }
            ByteEdit::Set { at: i, byte } if !bytes.is_empty() => {
                let i = at(*i, bytes.len());
                bytes[i] = *byte;
            }
            ByteEdit::Insert { at: i, bytes: new } => {
                let i = at(*i, bytes.len() + 1);
                bytes.splice(i..i, new.iter().copied());
            }
            ByteEdit::Remove { at: i, len } if !bytes.is_empty() => {
                let i = at(*i, bytes.len());
                let end = (i + *len as usize).min(bytes.len());
                bytes.drain(i..end);
            }
            ByteEdit::Truncate { at: i } => {
                let i = at(*i, bytes.len() + 1);
                bytes.truncate(i);
            }
            _ => {}
        }
    }
    bytes
}

/// A value put into a document: typed, or one of the words the formats use.
#[derive(Debug, Clone, TypeGenerator)]
pub enum Leaf {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
    Word(u8),
    Remove,
    EmptyList,
    EmptyObject,
}

/// Words the importers and connectors give meaning to.
const WORDS: &[&str] = &[
    "",
    " ",
    ";;",
    "technical",
    "documentation",
    "operational",
    "preventative",
    "detective",
    "corrective",
    "mandatory",
    "discretionary",
    "salesforce",
    "zoom",
    "Salesforce;;zoom",
    "27",
    "-1",
    "1e309",
    "NaN",
    "true",
    "2026-11-29",
    "2026-13-45",
    "passed",
    "failed_high_risk",
    "partially_tested",
    "implemented",
    "out_of_scope",
    "automatic",
    "manual",
    "parent",
    "ac-1",
    "AC-1",
    "catalog",
    "controls",
    "groups",
    "params",
    "parts",
    "props",
    "id",
    "title",
    "name",
    "value",
    "HIGH_RISK",
    "MEDIUM_RISK",
    "LOW_RISK",
    "INFORMATIONAL",
    "Meets Standard",
    "\u{0}",
    "=cmd|' /C calc'!A0",
    "\u{202e}evil",
    "ＡＣ－１",
];

pub fn word(i: u8) -> &'static str {
    WORDS[i as usize % WORDS.len()]
}

impl Leaf {
    pub fn value(&self) -> Option<Value> {
        Some(match self {
            Leaf::Null => Value::Null,
            Leaf::Bool(b) => Value::Bool(*b),
            Leaf::Integer(i) => Value::from(*i),
            Leaf::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Leaf::Text(t) => Value::String(t.clone()),
            Leaf::Word(w) => Value::String(word(*w).to_string()),
            Leaf::EmptyList => Value::Array(vec![]),
            Leaf::EmptyObject => Value::Object(Default::default()),
            Leaf::Remove => return None,
        })
    }
}

/// One edit of a JSON document: `path` picks a child at each step (by position
/// among the keys or items there), then the value found is replaced or removed.
#[derive(Debug, Clone, TypeGenerator)]
pub struct JsonEdit {
    pub path: Vec<u16>,
    pub leaf: Leaf,
}

pub fn edit_json(doc: &mut Value, edit: &JsonEdit) {
    fn go(node: &mut Value, path: &[u16], leaf: &Leaf) {
        let Some((&step, rest)) = path.split_first() else {
            if let Some(v) = leaf.value() {
                *node = v;
            }
            return;
        };
        match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(step as usize % map.len()).unwrap().clone();
                if rest.is_empty() && matches!(leaf, Leaf::Remove) {
                    map.remove(&key);
                } else {
                    go(map.get_mut(&key).unwrap(), rest, leaf);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = step as usize % items.len();
                if rest.is_empty() && matches!(leaf, Leaf::Remove) {
                    items.remove(i);
                } else {
                    go(&mut items[i], rest, leaf);
                }
            }
            _ => {
                if let Some(v) = leaf.value() {
                    *node = v;
                }
            }
        }
    }
    go(doc, &edit.path, &edit.leaf);
}

/// A cell of a sheet, as typed into a spreadsheet.
#[derive(Debug, Clone, TypeGenerator)]
pub struct CellEdit {
    pub tab: u8,
    pub row: u8,
    pub column: u8,
    pub leaf: Leaf,
}

/// A sheet's cells as the writer takes them.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Empty,
}

pub fn edit_cells(tabs: &mut [(String, Vec<Vec<Cell>>)], edits: &[CellEdit]) {
    if tabs.is_empty() {
        return;
    }
    for e in edits {
        let tab_count = tabs.len();
        let (_, rows) = &mut tabs[e.tab as usize % tab_count];
        // A little past the end too: new rows and columns.
        let r = e.row as usize % (rows.len() + 2);
        while rows.len() <= r {
            rows.push(vec![]);
        }
        let row = &mut rows[r];
        let c = e.column as usize % (row.len() + 2);
        while row.len() <= c {
            row.push(Cell::Empty);
        }
        row[c] = match &e.leaf {
            Leaf::Null | Leaf::Remove | Leaf::EmptyList | Leaf::EmptyObject => Cell::Empty,
            Leaf::Bool(b) => Cell::Bool(*b),
            Leaf::Integer(i) => Cell::Number(*i as f64),
            Leaf::Float(f) => Cell::Number(*f),
            Leaf::Text(t) => Cell::Text(t.clone()),
            Leaf::Word(w) => Cell::Text(word(*w).to_string()),
        };
    }
}

/// Writes the sheets with an independent writer (rust_xlsxwriter); a cell the writer
/// refuses (a NaN, an over-long text) is left empty.
pub fn write_xlsx(tabs: &[(String, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, rows) in tabs {
        let sheet = workbook.add_worksheet();
        let _ = sheet.set_name(name);
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let _ = match cell {
                    Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                    Cell::Empty => Ok(()),
                };
            }
        }
    }
    workbook.save_to_buffer().unwrap_or_default()
}

/// Reads every sheet of a workbook back as cells (calamine).
pub fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<Cell>>)> {
    use calamine::{Data, Reader};
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|d| match d {
                            Data::String(s) => Cell::Text(s.clone()),
                            Data::Float(f) => Cell::Number(*f),
                            Data::Int(i) => Cell::Number(*i as f64),
                            Data::Bool(b) => Cell::Bool(*b),
                            Data::Empty => Cell::Empty,
                            other => Cell::Text(other.to_string()),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}
