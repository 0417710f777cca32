//! `backups` subcommands: list, take one now, restore one (also when the workspace
//! cannot be opened).

use std::io::Write;
use std::path::Path;

use super::args::BackupsCommand;
use super::table::Table;
use super::{print_json, CliError};
use crate::service::backups::{self, BackupView, Restored};
use crate::service::{self, ServiceError};

pub(super) fn run(
    data_dir: &Path,
    command: BackupsCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        BackupsCommand::List { json } => {
            let list = backups::list(data_dir)?;
            if json {
                return print_json(out, &list);
            }
            if list.is_empty() {
                writeln!(
                    out,
                    "No backups yet: one is taken each day the app runs, and before every upgrade."
                )?;
                return Ok(());
            }
            let mut table = Table::new(["NAME", "TAKEN (UTC)", "WHY", "SIZE"]);
            for b in &list {
                table.row([b.name.clone(), when(b), b.reason.clone(), size(b.bytes)]);
            }
            Ok(table.write(out)?)
        }
        BackupsCommand::Create { json } => {
            let store = service::open(data_dir)?;
            let taken = backups::take_now(&store)?;
            if json {
                return print_json(out, &taken);
            }
            writeln!(
                out,
                "Backed up the workspace to {} ({}).",
                taken.name,
                size(taken.bytes)
            )?;
            Ok(())
        }
        BackupsCommand::Restore { name, json } => {
            let restored = match service::open(data_dir) {
                Ok(mut store) => backups::restore(&mut store, &name)?,
                Err(ServiceError::Unreadable { .. }) => {
                    let restored = backups::restore_unreadable(data_dir, &name)?;
                    service::open(data_dir)?;
                    restored
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                return print_json(out, &restored);
            }
            say_restored(&restored, out)
        }
    }
}

fn say_restored(r: &Restored, out: &mut impl Write) -> Result<(), CliError> {
    writeln!(
        out,
        "Restored the workspace from the backup taken {} UTC ({}).",
        when(&r.restored),
        r.restored.reason
    )?;
    if let Some(previous) = &r.previous {
        writeln!(
            out,
            "The workspace as it was is kept as {}: restore it to undo.",
            previous.name
        )?;
    }
    if let Some(aside) = &r.set_aside {
        writeln!(out, "The unreadable database file was moved to {aside}.")?;
    }
    Ok(())
}

fn when(b: &BackupView) -> String {
    b.taken_at.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b => format!("{} KiB", b.div_ceil(1024)),
    }
}
