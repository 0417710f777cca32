//! Processes on Linux, from /proc: the window tests wait for the app they started.

/// `(pid, parent, name)` of every process; the name is cut to 15 bytes by the kernel.
fn all() -> Vec<(u32, u32, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            // "pid (name) state parent ...": the name may hold spaces and parentheses.
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let (head, rest) = stat.rsplit_once(") ")?;
            let (pid, name) = head.split_once(" (")?;
            let parent = rest.split(' ').nth(1)?.parse().ok()?;
            Some((pid.parse().ok()?, parent, name.to_string()))
        })
        .collect()
}

/// Processes below `ancestor` whose name starts with `name`.
pub fn descendants_named(ancestor: u32, name: &str) -> Vec<u32> {
    let all = all();
    let mut below = vec![ancestor];
    let mut found = Vec::new();
    while let Some(parent) = below.pop() {
        for (pid, _, child) in all.iter().filter(|(_, p, _)| *p == parent) {
            below.push(*pid);
            if child.starts_with(name) {
                found.push(*pid);
            }
        }
    }
    found
}

/// Still running: listed, and not a zombie left for its parent to reap.
pub fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| Some(stat.rsplit_once(") ")?.1.starts_with('Z')))
        .is_some_and(|zombie| !zombie)
}
