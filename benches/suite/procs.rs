//! Running processes, read from `/proc`: which is the app, a process tree,
//! the CPU time and the memory (PSS) it uses.

use std::path::Path;
use std::time::{Duration, Instant};

/// The ids of the running processes (the numbered entries of `/proc`).
fn pids() -> std::io::Result<impl Iterator<Item = u32>> {
    Ok(std::fs::read_dir("/proc")?
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok()))
}

/// Fields of `/proc/{pid}/stat`, counted from 0 after the `(comm)` (which
/// may hold spaces): the state is 0, the parent 1, utime 11, stime 12.
fn stat_fields<const N: usize>(pid: u32, at: [usize; N]) -> Option<[u64; N]> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let mut out = [0; N];
    for (o, k) in out.iter_mut().zip(at) {
        *o = rest.get(k)?.parse().ok()?;
    }
    Some(out)
}

/// The process `pid` and all its descendants.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut parent: Vec<(u32, u32)> = Vec::new();
    for p in pids().unwrap() {
        // The parent is the second field after the `(comm)`.
        if let Some([pp]) = stat_fields(p, [1]) {
            parent.push((p, pp as u32));
        }
    }
    let mut all = vec![pid];
    let mut k = 0;
    while k < all.len() {
        let p = all[k];
        all.extend(parent.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        k += 1;
    }
    all
}

/// CPU time (user + system) a process tree has used, in ms.
pub fn cpu_ms(pid: u32) -> f64 {
    cpu_by_process(pid).iter().map(|(_, ms)| ms).sum()
}

/// CPU time (user + system) of each process of a tree, in ms, by name.
pub fn cpu_by_process(pid: u32) -> Vec<(String, f64)> {
    tree(pid)
        .into_iter()
        .filter_map(|p| {
            let [user, system] = stat_fields(p, [11, 12])?;
            let name = std::fs::read_to_string(format!("/proc/{p}/comm")).ok()?;
            // Linux counts in USER_HZ, 100 a second.
            Some((name.trim().to_owned(), (user + system) as f64 * 10.0))
        })
        .collect()
}

/// When the process tree of `pid` settled, in ms since `t0`: read every
/// 100 ms until `watched` from `t0`, the end of the last second in which it
/// used more than 5 % of a core (50 ms of CPU), so a burst of work seconds
/// after a quiet start counts; `watched` when the last second was busy.
pub fn settled(pid: u32, t0: Instant, watched: Duration) -> f64 {
    let mut samples: Vec<(f64, f64)> = Vec::new();
    while t0.elapsed() < watched {
        samples.push((t0.elapsed().as_secs_f64() * 1000.0, cpu_ms(pid)));
        std::thread::sleep(Duration::from_millis(100));
    }
    let end = samples.last().expect("samples").0;
    let mut quiet_from = samples[0].0;
    for (i, &(t, cpu)) in samples.iter().enumerate() {
        // The sample a second before this one (or the first).
        let j = samples[..i].partition_point(|&(u, _)| u <= t - 1000.0);
        let (u, before) = samples[j.saturating_sub(1).min(i)];
        if cpu - before > 50.0 * ((t - u) / 1000.0).max(1.0) {
            quiet_from = t;
        }
    }
    if quiet_from >= end {
        watched.as_secs_f64() * 1000.0
    } else {
        quiet_from
    }
}

/// The CPU time of the processes named `name` in a [`cpu_by_process`]
/// reading, in ms.
pub fn cpu_of(reading: &[(String, f64)], name: &str) -> f64 {
    reading
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, c)| c)
        .sum()
}

/// Summed PSS of a process tree, in MiB.
pub fn pss_mib(pid: u32) -> f64 {
    pss_by_process(pid).iter().map(|(_, m)| m).sum()
}

/// One process of a tree as `/proc/PID/smaps_rollup` tells it, in MiB.
pub struct Memory {
    pub name: String,
    /// All of its PSS.
    pub pss: f64,
    /// Its PSS by kind: anonymous (heaps, JIT, the JavaScript engine's),
    /// file-backed (libraries, fonts) and shared memory.
    pub kinds: [f64; 3],
}

/// Every process of `pid`'s tree, each one's rollup read once.
pub fn memory_by_process(pid: u32) -> Vec<Memory> {
    let mut out = Vec::new();
    for p in tree(pid) {
        let Ok(s) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) else {
            continue;
        };
        let mib = |key: &str| {
            s.lines()
                .filter_map(|l| l.strip_prefix(key))
                .filter_map(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .sum::<f64>()
                / 1024.0
        };
        let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        out.push(Memory {
            name: name.trim().to_owned(),
            pss: mib("Pss:"),
            kinds: [mib("Pss_Anon:"), mib("Pss_File:"), mib("Pss_Shmem:")],
        });
    }
    out
}

/// The PSS of each process of `pid`'s tree, in MiB, by name.
pub fn pss_by_process(pid: u32) -> Vec<(String, f64)> {
    memory_by_process(pid)
        .into_iter()
        .map(|m| (m.name, m.pss))
        .collect()
}

/// `pss_by_process` as one line: "blogdesk 60, WebKitWebProcess 250, …".
pub fn pss_split(pid: u32) -> String {
    pss_by_process(pid)
        .iter()
        .filter(|(_, m)| *m >= 1.0)
        .map(|(n, m)| format!("{n} {m:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Blogdesk process showing `drafts` (launched by WebKitWebDriver).
pub fn app_pid(drafts: &Path) -> Option<u32> {
    let want = drafts.to_string_lossy().to_string();
    for p in pids().ok()? {
        let Ok(cmd) = std::fs::read(format!("/proc/{p}/cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmd
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().is_some_and(|a| a.ends_with("/blogdesk")) && args.contains(&want) {
            return Some(p);
        }
    }
    None
}
