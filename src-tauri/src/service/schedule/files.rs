//! The OS schedulers' job files for the daily `compliance-desk sync --all`: a systemd
//! user service and timer (Linux), a launchd agent (macOS), a Task Scheduler task
//! (Windows). Pure functions of the job, so every platform's files are unit-tested here.

use std::path::{Path, PathBuf};

/// What runs every day, and when (local time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub program: PathBuf,
    pub data_dir: PathBuf,
    pub hour: u8,
    pub minute: u8,
}

pub const SYSTEMD_UNIT: &str = "compliance-desk-sync";
pub const LAUNCHD_LABEL: &str = "com.compliancedesk.desktop.sync";
pub const TASK_NAME: &str = "\\Compliance Desk\\Daily sync";
const DESCRIPTION: &str = "Compliance Desk: daily sync of every connected service";

impl Job {
    /// The program's arguments, the same on every OS.
    pub fn arguments(&self) -> Vec<String> {
        vec![
            "--data-dir".into(),
            self.data_dir.to_string_lossy().into_owned(),
            "sync".into(),
            "--all".into(),
        ]
    }
}

/// `compliance-desk-sync.service` and `.timer`. `Persistent=` runs a missed day's sync
/// at the next start; the random delay spreads a fleet's syncs over half an hour.
pub fn systemd_units(job: &Job) -> (String, String) {
    let mut command = vec![job.program.to_string_lossy().into_owned()];
    command.extend(job.arguments());
    let exec: Vec<String> = command.iter().map(|a| systemd_quote(a)).collect();
    let service = format!(
        "[Unit]\nDescription={DESCRIPTION}\n\n[Service]\nType=oneshot\nExecStart={}\nNice=10\n",
        exec.join(" ")
    );
    let timer = format!(
        "[Unit]\nDescription={DESCRIPTION} (timer)\n\n[Timer]\nOnCalendar=*-*-* {:02}:{:02}:00\n\
         Persistent=true\nRandomizedDelaySec=30min\nUnit={SYSTEMD_UNIT}.service\n\n\
         [Install]\nWantedBy=timers.target\n",
        job.hour, job.minute
    );
    (service, timer)
}

/// systemd.syntax(7): double quotes around words with spaces or quotes, backslash
/// escapes inside them; `%` (specifiers) and `$` (variables) doubled.
fn systemd_quote(word: &str) -> String {
    let escaped = word.replace('%', "%%").replace('$', "$$");
    if !escaped.is_empty()
        && !escaped
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | ';'))
    {
        return escaped;
    }
    format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `~/Library/LaunchAgents/<label>.plist` (launchd.plist(5)). launchd expands nothing,
/// so every path is absolute; a run missed while asleep happens at the next wake.
pub fn launchd_plist(job: &Job, log_dir: &Path) -> String {
    let mut program = vec![job.program.to_string_lossy().into_owned()];
    program.extend(job.arguments());
    let arguments: String = program
        .iter()
        .map(|a| format!("\n    <string>{}</string>", xml_escape(a)))
        .collect();
    let log = |name: &str| xml_escape(&log_dir.join(name).to_string_lossy());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>{arguments}
  </array>
  <key>StartCalendarInterval</key>
  <dict>
    <key>Hour</key>
    <integer>{}</integer>
    <key>Minute</key>
    <integer>{}</integer>
  </dict>
  <key>RunAtLoad</key>
  <false/>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>{}</string>
  <key>StandardErrorPath</key>
  <string>{}</string>
</dict>
</plist>
"#,
        job.hour,
        job.minute,
        log("scheduled-sync.out.log"),
        log("scheduled-sync.err.log"),
    )
}

/// A Task Scheduler task ([MS-TSCH] 2.5), as UTF-16LE with a byte-order mark: the only
/// encoding besides ANSI that `schtasks /Create /XML` accepts.
pub fn task_xml(job: &Job) -> Vec<u8> {
    let arguments: Vec<String> = job.arguments().iter().map(|a| windows_quote(a)).collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{DESCRIPTION}</Description>
    <URI>{TASK_NAME}</URI>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <Enabled>true</Enabled>
      <StartBoundary>2026-01-01T{:02}:{:02}:00</StartBoundary>
      <RandomDelay>PT30M</RandomDelay>
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{}</Command>
      <Arguments>{}</Arguments>
    </Exec>
  </Actions>
</Task>
"#,
        job.hour,
        job.minute,
        xml_escape(&job.program.to_string_lossy()),
        xml_escape(&arguments.join(" ")),
    );
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Quoting for a Windows command line as the C runtime splits it.
fn windows_quote(arg: &str) -> String {
    if !arg.is_empty() && !arg.chars().any(|c| c == ' ' || c == '\t' || c == '"') {
        return arg.to_string();
    }
    let mut quoted = String::from("\"");
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                quoted.push_str(&"\\".repeat(backslashes * 2 + 1));
                quoted.push('"');
                backslashes = 0;
            }
            c => {
                quoted.push_str(&"\\".repeat(backslashes));
                quoted.push(c);
                backslashes = 0;
            }
        }
    }
    quoted.push_str(&"\\".repeat(backslashes * 2));
    quoted.push('"');
    quoted
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
