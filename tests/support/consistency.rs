//! What must hold of a workspace file after anything (a crash, a storm of failed
//! syncs): SQLite's own integrity check, and no partial or altered snapshot.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

/// Counts read off a consistent workspace.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub snapshots: usize,
    pub succeeded_runs: usize,
    pub failed_runs: usize,
}

/// Opens the database file read-only, as a second program would, and checks it;
/// panics naming the first thing wrong.
pub fn assert_consistent(database: &Path) -> Counts {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the database opens");
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(integrity, ["ok"], "PRAGMA integrity_check");
    let broken_keys: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken_keys, 0, "PRAGMA foreign_key_check");

    let mut counts = Counts::default();
    let mut snapshots = conn
        .prepare("SELECT uid, content, sha256 FROM snapshots")
        .unwrap();
    let rows = snapshots
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (uid, content, sha256) = row.unwrap();
        assert_eq!(
            hex(&Sha256::digest(content.as_bytes())),
            sha256,
            "snapshot {uid}: its content matches its SHA-256"
        );
        let parsed: serde_json::Value = serde_json::from_str(&content).unwrap();
        assert!(
            parsed["raw"].as_array().is_some_and(|r| !r.is_empty())
                && parsed["facts"].as_object().is_some_and(|f| !f.is_empty()),
            "snapshot {uid} is whole: raw answers and facts"
        );
        counts.snapshots += 1;
    }
    let orphan_runs: i64 = conn
        .query_row(
            "SELECT count(*) FROM sync_runs WHERE outcome = 'succeeded' AND snapshot_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphan_runs, 0, "every successful run has its snapshot");
    let silent_failures: i64 = conn
        .query_row(
            "SELECT count(*) FROM sync_runs WHERE outcome = 'failed' AND length(error_message) < 20",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        silent_failures, 0,
        "every failed run says why in a sentence"
    );
    let (succeeded, failed): (i64, i64) = conn
        .query_row(
            "SELECT count(*) FILTER (WHERE outcome = 'succeeded'), count(*) FILTER (WHERE outcome = 'failed') FROM sync_runs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    counts.succeeded_runs = succeeded as usize;
    counts.failed_runs = failed as usize;
    counts
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
