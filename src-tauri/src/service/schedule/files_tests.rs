//! The job files against their documented formats: systemd.syntax(7) quoting (and, in
//! tests/schedule.rs, `systemd-analyze verify`), launchd.plist(5) keys and types, and
//! [MS-TSCH] 2.5's element order, types and encoding for the Windows task.

use super::*;

fn job() -> Job {
    Job {
        program: PathBuf::from("/Applications/Compliance Desk.app/Contents/MacOS/compliance-desk"),
        data_dir: PathBuf::from(
            "/Users/Ann Lee/Library/Application Support/com.compliancedesk.desktop 100%",
        ),
        hour: 7,
        minute: 5,
    }
}

#[test]
fn the_systemd_service_quotes_paths_with_spaces_and_doubles_percent_signs() {
    let (service, timer) = systemd_units(&job());
    assert!(service.contains(
        "ExecStart=\"/Applications/Compliance Desk.app/Contents/MacOS/compliance-desk\" --data-dir \
         \"/Users/Ann Lee/Library/Application Support/com.compliancedesk.desktop 100%%\" sync --all\n"
    ), "{service}");
    assert!(service.contains("Type=oneshot"));
    assert!(timer.contains("OnCalendar=*-*-* 07:05:00\n"));
    assert!(timer.contains("Persistent=true\n"));
    assert!(timer.contains("Unit=compliance-desk-sync.service\n"));
    assert!(timer.contains("WantedBy=timers.target\n"));
    assert_eq!(systemd_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(systemd_quote("$HOME"), "$$HOME");
}

/// launchd.plist(5): the keys we write and the plist type each must have.
#[test]
fn the_launchd_agent_is_a_plist_with_launchds_keys_and_types() {
    let text = launchd_plist(
        &job(),
        Path::new("/Users/Ann Lee/Library/Logs/Compliance & Co"),
    );
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let plist = doc.root_element();
    assert_eq!(
        (plist.tag_name().name(), plist.attribute("version")),
        ("plist", Some("1.0"))
    );
    let dict = elements(plist);
    assert_eq!(dict.len(), 1);
    let entries = pairs(dict[0]);
    let kind = |key: &str| {
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.tag_name().name())
    };
    assert_eq!(kind("Label"), Some("string"));
    assert_eq!(kind("ProgramArguments"), Some("array"));
    assert_eq!(kind("StartCalendarInterval"), Some("dict"));
    assert_eq!(kind("RunAtLoad"), Some("false"));
    assert_eq!(kind("ProcessType"), Some("string"));
    assert_eq!(kind("StandardOutPath"), Some("string"));
    assert_eq!(kind("StandardErrorPath"), Some("string"));
    let allowed = [
        "Label",
        "ProgramArguments",
        "StartCalendarInterval",
        "RunAtLoad",
        "ProcessType",
        "StandardOutPath",
        "StandardErrorPath",
    ];
    assert!(entries.iter().all(|(k, _)| allowed.contains(&k.as_str())));
    let value = |key: &str| entries.iter().find(|(k, _)| k == key).unwrap().1;
    assert_eq!(value("Label").text(), Some(LAUNCHD_LABEL));
    assert_eq!(value("ProcessType").text(), Some("Background"));
    let program: Vec<&str> = elements(value("ProgramArguments"))
        .iter()
        .map(|s| {
            assert_eq!(s.tag_name().name(), "string");
            s.text().unwrap()
        })
        .collect();
    let mut expected = vec![job().program.to_string_lossy().into_owned()];
    expected.extend(job().arguments());
    assert_eq!(program, expected, "absolute paths, one argument per string");
    let when = pairs(value("StartCalendarInterval"));
    let when: Vec<(String, &str, &str)> = when
        .iter()
        .map(|(k, v)| (k.clone(), v.tag_name().name(), v.text().unwrap()))
        .collect();
    assert_eq!(
        when,
        [
            ("Hour".to_string(), "integer", "7"),
            ("Minute".to_string(), "integer", "5")
        ]
    );
    assert_eq!(
        value("StandardErrorPath").text(),
        Some("/Users/Ann Lee/Library/Logs/Compliance & Co/scheduled-sync.err.log")
    );
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> roxmltree::Node<'a, 'a> {
    elements(node)
        .into_iter()
        .find(|e| e.tag_name().name() == name)
        .unwrap()
}

fn elements<'a>(node: roxmltree::Node<'a, 'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children().filter(|n| n.is_element()).collect()
}

/// A plist dict: `<key>` then its value, alternating.
fn pairs<'a>(dict: roxmltree::Node<'a, 'a>) -> Vec<(String, roxmltree::Node<'a, 'a>)> {
    let children = elements(dict);
    assert_eq!(children.len() % 2, 0);
    children
        .chunks(2)
        .map(|kv| {
            assert_eq!(kv[0].tag_name().name(), "key");
            (kv[0].text().unwrap().to_string(), kv[1])
        })
        .collect()
}

#[test]
fn the_windows_task_is_utf16_with_the_schemas_order_and_types() {
    let bytes = task_xml(&job());
    assert_eq!(&bytes[..2], &[0xFF, 0xFE], "UTF-16LE byte-order mark");
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    let task = doc.root_element();
    assert_eq!(
        task.tag_name().namespace(),
        Some("http://schemas.microsoft.com/windows/2004/02/mit/task")
    );
    assert_eq!(task.attribute("version"), Some("1.2"));
    let names = |n: roxmltree::Node| -> Vec<String> {
        elements(n)
            .iter()
            .map(|e| e.tag_name().name().to_string())
            .collect()
    };
    // taskType is an xs:all of these, each at most once.
    let mut top = names(task);
    top.sort();
    assert_eq!(
        top,
        [
            "Actions",
            "Principals",
            "RegistrationInfo",
            "Settings",
            "Triggers"
        ]
    );
    // calendarTriggerType: triggerBaseType's sequence, then RandomDelay, then a schedule.
    let trigger = child(child(task, "Triggers"), "CalendarTrigger");
    assert_eq!(
        names(trigger),
        ["Enabled", "StartBoundary", "RandomDelay", "ScheduleByDay"]
    );
    assert_eq!(
        child(trigger, "StartBoundary").text(),
        Some("2026-01-01T07:05:00")
    );
    let is_duration = |s: &str| {
        s.starts_with('P')
            && s.len() > 1
            && s[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || "YMDTHS".contains(c))
    };
    assert!(is_duration(child(trigger, "RandomDelay").text().unwrap()));
    assert_eq!(
        child(child(trigger, "ScheduleByDay"), "DaysInterval").text(),
        Some("1")
    );
    let settings = child(task, "Settings");
    for e in elements(settings) {
        let value = e.text().unwrap();
        match e.tag_name().name() {
            "ExecutionTimeLimit" => assert!(is_duration(value)),
            "MultipleInstancesPolicy" => {
                assert!(["Parallel", "Queue", "IgnoreNew", "StopExisting"].contains(&value))
            }
            _ => assert!(
                value == "true" || value == "false",
                "{} is a boolean",
                e.tag_name().name()
            ),
        }
    }
    assert_eq!(
        child(settings, "StartWhenAvailable").text(),
        Some("true"),
        "a missed day runs later"
    );
    let principal = child(child(task, "Principals"), "Principal");
    assert_eq!(child(principal, "RunLevel").text(), Some("LeastPrivilege"));
    let exec = child(child(task, "Actions"), "Exec");
    assert_eq!(
        names(exec),
        ["Command", "Arguments"],
        "execActionType's sequence"
    );
    assert_eq!(
        child(exec, "Command").text(),
        Some(job().program.to_str().unwrap())
    );
    assert_eq!(
        split_like_windows(child(exec, "Arguments").text().unwrap()),
        job().arguments()
    );
}

/// How the C runtime splits a command line (backslashes before quotes, quotes).
fn split_like_windows(line: &str) -> Vec<String> {
    let (mut args, mut current, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let run = chars[i..].iter().take_while(|&&c| c == '\\').count();
                if chars.get(i + run) == Some(&'"') {
                    current.push_str(&"\\".repeat(run / 2));
                    if run % 2 == 1 {
                        current.push('"');
                        i += 1;
                    }
                } else {
                    current.push_str(&"\\".repeat(run));
                }
                i += run;
                any = true;
                continue;
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' | '\t' if !quoted => {
                if any {
                    args.push(std::mem::take(&mut current));
                    any = false;
                }
            }
            c => {
                current.push(c);
                any = true;
            }
        }
        i += 1;
    }
    if any {
        args.push(current);
    }
    args
}

#[test]
fn windows_quoting_survives_the_c_runtime_split() {
    for arg in [
        "plain",
        "with space",
        "C:\\Users\\Ann Lee\\",
        "say \"hi\"",
        "",
        "a\\\\\"b",
    ] {
        assert_eq!(split_like_windows(&windows_quote(arg)), [arg], "{arg:?}");
    }
}
