use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::service::paths::DATA_DIR_ENV;

/// Compliance Desk: assess Salesforce and Zoom against regulation templates.
#[derive(Debug, Parser)]
#[command(
    name = "compliance-desk",
    version,
    about,
    after_help = "Without a command, opens the app window."
)]
pub struct Cli {
    /// Folder for the database and logs [default: the OS app-data folder]
    #[arg(long, global = true, env = DATA_DIR_ENV, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List assessments with their scores
    Assessments {
        #[command(subcommand)]
        command: AssessmentsCommand,
    },
    /// Show an assessment's score and why each action earned what it did
    Score {
        /// The assessment's ID (UUID) or name
        #[arg(long, value_name = "ID")]
        assessment: String,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// List improvement actions of every assessment
    Actions {
        #[command(subcommand)]
        command: ActionsCommand,
    },
    /// List the available data connectors
    Connectors {
        #[command(subcommand)]
        command: ConnectorsCommand,
    },
    /// Show where data and logs are kept
    Paths,
}

#[derive(Debug, Subcommand)]
pub enum AssessmentsCommand {
    /// List assessments
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActionsCommand {
    /// List improvement actions
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConnectorsCommand {
    /// List connectors
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}
