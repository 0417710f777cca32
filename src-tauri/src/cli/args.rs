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
    /// Add, list, validate and remove connected service instances
    Instances {
        #[command(subcommand)]
        command: InstancesCommand,
    },
    /// Collect the settings of one instance (or all) and update automatic test results
    Sync {
        /// The instance's name or ID
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        name: Option<String>,
        /// Sync every instance
        #[arg(long)]
        all: bool,
        /// Give up on an instance after this many seconds
        #[arg(long, value_name = "SECONDS", default_value_t = 900)]
        deadline: u64,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Print each progress event (the ones the window shows) as a JSON line on stderr
        #[arg(long)]
        progress: bool,
    },
    /// List templates (regulations and the built-in service baselines)
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// Show an assessment's test results with their evidence
    Results {
        /// The assessment's ID (UUID) or name
        #[arg(long, value_name = "ID")]
        assessment: String,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Attach evidence (a file or a link) to an action of an assessment
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
    /// Accept or override automatic test results as the assessor
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// Show the change history of an assessment or one of its actions
    History {
        /// The assessment's ID (UUID) or name
        #[arg(long, value_name = "ID")]
        assessment: String,
        /// One action's title or ID
        #[arg(long, value_name = "TITLE")]
        action: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Check that no history entry was changed or removed since it was written
    VerifyHistory {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Export an assessment for auditors
    Export {
        /// pdf: the PDF/A-2b report; xlsx: the Excel workbook; oscal: OSCAL 1.1.2
        /// assessment results (JSON); bundle: a .zip of all three with every
        /// snapshot, evidence file and the history, listed with their SHA-256
        #[arg(value_enum)]
        format: ExportFormat,
        /// The assessment's ID (UUID) or name
        #[arg(long, value_name = "ID")]
        assessment: String,
        /// Where to write the file
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// The organisation named on the report (kept for later exports)
        #[arg(long, value_name = "NAME")]
        organisation: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Check an evidence bundle: every file against its manifest's SHA-256
    Verify {
        /// The bundle (.zip) to check
        bundle: PathBuf,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Import what was edited in an exported workbook
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Show where data and logs are kept
    Paths,
    /// Backups of the workspace: taken daily, before upgrades and on request
    Backups {
        #[command(subcommand)]
        command: BackupsCommand,
    },
    /// A daily `sync --all` run by the OS scheduler (systemd user timer, launchd
    /// agent, Task Scheduler), so data stays fresh while the window is closed
    Schedule {
        #[command(subcommand)]
        command: ScheduleCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Register the daily sync of this workspace with the OS scheduler
    Install {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Remove the daily sync from the OS scheduler
    Remove {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Whether the daily sync is registered, for this workspace, and when it runs next
    Status {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupsCommand {
    /// List the backups, newest first
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Back up the workspace now
    Create {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Replace the workspace with a backup; the workspace as it is is backed up
    /// first (or, when it cannot be read, moved aside)
    Restore {
        /// The backup's file name, as `backups list` shows it
        name: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Pdf,
    Xlsx,
    Oscal,
    Bundle,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// The "Actions" sheet of an exported workbook: statuses, dates, assignees,
    /// notes and testing sources; shows every change, applies all or none
    Actions {
        file: PathBuf,
        /// The assessment's ID (UUID) or name
        #[arg(long, value_name = "ID")]
        assessment: String,
        /// Show what would change; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

/// Which action of which assessment.
#[derive(Debug, clap::Args)]
pub struct ActionKey {
    /// The assessment's ID (UUID) or name
    #[arg(long, value_name = "ID")]
    pub assessment: String,
    /// The improvement action's title or ID
    #[arg(long, value_name = "TITLE")]
    pub action: String,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Attach a file (copied into the data folder) or a link (http:// or https://)
    Add {
        #[command(flatten)]
        key: ActionKey,
        /// The file's path or the link
        source: String,
        /// First day the evidence covers (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        effective_from: Option<String>,
        /// Last day the evidence covers (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        effective_to: Option<String>,
        /// When the evidence stops being valid (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Accept the automatic result as it is
    Accept {
        #[command(flatten)]
        key: ActionKey,
        /// The instance's name or ID [default: every instance of the action]
        #[arg(long)]
        instance: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Replace the automatic status, with a written justification
    Override {
        #[command(flatten)]
        key: ActionKey,
        #[arg(long)]
        instance: Option<String>,
        /// The status to score instead, as its code: passed, failed_high_risk, ...
        #[arg(long)]
        status: String,
        /// With partially_tested: the share of points earned, 0 to 1
        #[arg(long)]
        partial_credit: Option<f64>,
        /// Why the automatic result is wrong (required)
        #[arg(long)]
        justification: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AssessmentsCommand {
    /// List assessments
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Create an assessment of a template over service instances
    Create {
        /// A unique name for the assessment
        #[arg(long)]
        name: String,
        /// The template's ID (UUID) or title
        #[arg(long, value_name = "ID")]
        template: String,
        /// Instance names or IDs, comma-separated [default: every activated instance
        /// of the services the template supports]
        #[arg(long, value_delimiter = ',')]
        instances: Option<Vec<String>>,
        /// The assessment group (created if new)
        #[arg(long, default_value = "Default group")]
        group: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Rename, regroup, or add and remove service instances
    Edit {
        /// The assessment's ID (UUID) or name
        assessment: String,
        /// A new unique name
        #[arg(long)]
        name: Option<String>,
        /// Move to this group (created if new)
        #[arg(long)]
        group: Option<String>,
        /// Instances to add (names or IDs, comma-separated)
        #[arg(long, value_delimiter = ',')]
        add_instances: Vec<String>,
        /// Instances to remove, with their results here (names or IDs, comma-separated)
        #[arg(long, value_delimiter = ',')]
        remove_instances: Vec<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Delete an assessment and its results (snapshots and other assessments stay)
    Delete {
        /// The assessment's ID (UUID) or name
        assessment: String,
        /// Confirm: the assessment's results and manual work are lost
        #[arg(long)]
        yes: bool,
    },
    /// Move an assessment to its template's newest version
    UpdateTemplate {
        /// The assessment's ID (UUID) or name
        assessment: String,
        /// Only say what would change
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List templates (the current version of each)
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Show a template's families, controls and the actions mapped to each
    Show {
        /// The template's ID (UUID) or title
        template: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Map a control of an imported template to other actions (a new template version)
    Map {
        /// The template's ID (UUID) or title
        template: String,
        /// The control's reference, e.g. AC-2
        #[arg(long)]
        control: String,
        /// An improvement action's title, or check:<check id>; repeat for several
        #[arg(long = "action", required = true)]
        actions: Vec<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Import a custom template spreadsheet (.xlsx) or an OSCAL catalog (.json)
    Import {
        file: PathBuf,
        /// Check the file and show what it would change; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum InstancesCommand {
    /// Connect a service instance: sign in, validate, store (secrets in the OS keyring)
    Add {
        #[command(subcommand)]
        service: AddService,
    },
    /// List connected instances with their status and sync times
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Make one real call with the stored connection
    Validate { name: String },
    /// Revoke the grant, delete the secrets and remove the instance
    Remove {
        name: String,
        /// Keep the collected snapshots as evidence
        #[arg(
            long,
            conflicts_with = "purge_evidence",
            required_unless_present = "purge_evidence"
        )]
        keep_evidence: bool,
        /// Delete the collected snapshots too
        #[arg(long)]
        purge_evidence: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

/// What every `instances add` takes.
#[derive(Debug, clap::Args)]
pub struct AddCommon {
    /// A unique name, e.g. "Salesforce Prod"
    #[arg(long)]
    pub name: String,
    /// Accept the connector's Terms of Service (see `connectors list --json`)
    #[arg(long)]
    pub accept_terms: bool,
    /// Read the client secret from the first line of standard input (else from
    /// $COMPLIANCE_DESK_CLIENT_SECRET); never pass secrets as arguments
    #[arg(long)]
    pub client_secret_stdin: bool,
    /// The callback URL registered in the service's app
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,
    /// Wait this long for the browser sign-in
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AddService {
    /// A Salesforce org, signed in with OAuth 2.0 + PKCE in the browser
    Salesforce {
        #[command(flatten)]
        common: AddCommon,
        /// production, sandbox, or the My Domain URL
        #[arg(long, default_value = "production")]
        login_host: String,
        /// The Connected App's Consumer Key
        #[arg(long)]
        client_id: String,
    },
    /// A Zoom account, with a Server-to-Server app or a user-authorised app (PKCE)
    Zoom {
        #[command(flatten)]
        common: AddCommon,
        /// server-to-server or oauth
        #[arg(long, default_value = "server-to-server")]
        auth: String,
        #[arg(long)]
        client_id: String,
        /// The Account ID (Server-to-Server)
        #[arg(long)]
        account_id: Option<String>,
        /// Sign-in base URL [default: https://zoom.us]
        #[arg(long, value_name = "URL")]
        oauth_url: Option<String>,
        /// API base URL [default: the one Zoom names, or https://api.zoom.us]
        #[arg(long, value_name = "URL")]
        api_url: Option<String>,
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
    /// Show an action's results per instance, what was observed, evidence and history
    Show {
        #[command(flatten)]
        key: ActionKey,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Record manual work: implementation, test, notes, assignee
    Set(Box<SetArgs>),
    /// Set the organisation's own bound of a check (a time-out, a length, a number of
    /// holders) for this assessment; the latest data is judged again at once
    Threshold {
        #[command(flatten)]
        key: ActionKey,
        /// The bound, e.g. 12 [required unless --default]
        #[arg(long, required_unless_present = "default", conflicts_with = "default")]
        value: Option<f64>,
        /// Go back to the benchmark's value
        #[arg(long)]
        default: bool,
        /// Print JSON instead of text
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

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    #[command(flatten)]
    pub key: ActionKey,
    /// The instance's name or ID [default: every instance of the action]
    #[arg(long)]
    pub instance: Option<String>,
    /// not_implemented, implemented, alternative_implementation, planned, out_of_scope
    #[arg(long, value_name = "CODE")]
    pub implementation_status: Option<String>,
    /// YYYY-MM-DD ("" clears it)
    #[arg(long, value_name = "DATE")]
    pub implementation_date: Option<String>,
    /// none, not_assessed, passed, failed_low_risk, failed_medium_risk,
    /// failed_high_risk, out_of_scope, in_progress, partially_tested
    #[arg(long, value_name = "CODE")]
    pub test_status: Option<String>,
    /// With partially_tested: the share of points earned, 0 to 1
    #[arg(long)]
    pub partial_credit: Option<f64>,
    /// manual, automatic or parent
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// With --source parent: the parent action's title or ID
    #[arg(long, value_name = "TITLE")]
    pub parent: Option<String>,
    /// Implementation notes
    #[arg(long)]
    pub notes: Option<String>,
    /// Testing notes
    #[arg(long)]
    pub testing_notes: Option<String>,
    /// Who the action is assigned to ("" clears it)
    #[arg(long)]
    pub assignee: Option<String>,
    /// YYYY-MM-DD [default: today, when the test status changes]
    #[arg(long, value_name = "DATE")]
    pub test_date: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}
