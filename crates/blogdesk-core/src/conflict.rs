//! A draft changed on disk while the editor held unsaved text: the line diff
//! the writer is shown, and the three-way merge they can finish by hand.
//! Pure text in, text out; writing the losing side beside the draft is
//! [`crate::drafts::DraftsFolder::keep_copy`]'s job.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff, TextMerge};
use std::time::Duration;

/// Where a line of the diff comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineSide {
    /// In both versions.
    Same,
    /// Only in the editor.
    Mine,
    /// Only on disk.
    Disk,
    /// A run of unchanged lines left out; `text` says how many.
    Skipped,
}

/// One line of the diff shown in the conflict banner (no line break).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub side: LineSide,
    pub text: String,
}

/// What the writer chose in the conflict banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The editor's text goes to disk; the disk version is kept as a copy.
    KeepMine,
    /// The disk version goes to the editor; the editor's text is kept as a copy.
    TakeDisk,
    /// Both are merged into the editor (conflict markers where they
    /// disagree); the disk version is kept as a copy.
    Merge,
}

/// Unchanged lines kept around each change; longer runs are skipped.
const CONTEXT: usize = 2;

/// The line diff from the disk version to the editor's text, with long runs
/// of unchanged lines collapsed. Gives up refining after a second on huge
/// texts (the diff is then coarser, never wrong).
pub fn diff(mine: &str, disk: &str) -> Vec<DiffLine> {
    let d = TextDiff::configure()
        .timeout(Duration::from_secs(1))
        .diff_lines(disk, mine);
    let all: Vec<DiffLine> = d
        .iter_all_changes()
        .map(|c| DiffLine {
            side: match c.tag() {
                ChangeTag::Equal => LineSide::Same,
                ChangeTag::Delete => LineSide::Disk,
                ChangeTag::Insert => LineSide::Mine,
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect();
    collapse(all)
}

fn collapse(lines: Vec<DiffLine>) -> Vec<DiffLine> {
    let changed: Vec<bool> = lines.iter().map(|l| l.side != LineSide::Same).collect();
    let near_change = |i: usize| {
        let lo = i.saturating_sub(CONTEXT);
        let hi = (i + CONTEXT + 1).min(changed.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut out = Vec::new();
    let mut skipped = 0usize;
    for (i, line) in lines.into_iter().enumerate() {
        if near_change(i) {
            if skipped > 0 {
                out.push(skipped_line(skipped));
                skipped = 0;
            }
            out.push(line);
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 {
        out.push(skipped_line(skipped));
    }
    out
}

fn skipped_line(n: usize) -> DiffLine {
    DiffLine {
        side: LineSide::Skipped,
        text: format!("{n} unchanged {}", if n == 1 { "line" } else { "lines" }),
    }
}

/// A three-way merge of the editor's text and the disk version, from the
/// text both started from. Changes on one side only are taken as they are;
/// where both changed the same lines, both are kept between conflict markers
/// (`<<<<<<< mine` … `=======` … `>>>>>>> on disk`). Returns the text and
/// the number of conflicts left for the writer.
pub fn merge(base: &str, mine: &str, disk: &str) -> (String, usize) {
    let mut m = TextMerge::from_lines(base, mine, disk);
    m.labels("saved", "mine", "on disk");
    let conflicts = m.conflict_count();
    (m.to_string(), conflicts)
}

/// The time stamp in a conflict copy's name: `YYYYMMDD-HHMMSS`, local time.
pub fn stamp(now: &crate::clock::Now) -> String {
    now.format("%Y%m%d-%H%M%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_each_side_and_collapses_unchanged_runs() {
        let disk: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let mine = disk.replace("line 10\n", "line ten\n");
        let d = diff(&mine, &disk);
        let sides: Vec<LineSide> = d.iter().map(|l| l.side).collect();
        use LineSide::*;
        assert_eq!(
            sides,
            [Skipped, Same, Same, Disk, Mine, Same, Same, Skipped],
            "{d:?}"
        );
        assert_eq!(d[0].text, "7 unchanged lines");
        assert_eq!(d[3].text, "line 10");
        assert_eq!(d[4].text, "line ten");
    }

    #[test]
    fn merge_takes_both_sides_where_they_do_not_overlap() {
        let base = "title\n\none\ntwo\nthree\n";
        let mine = "title\n\nONE\ntwo\nthree\n";
        let disk = "title\n\none\ntwo\nTHREE\n";
        assert_eq!(
            merge(base, mine, disk),
            ("title\n\nONE\ntwo\nTHREE\n".into(), 0)
        );
    }

    #[test]
    fn merge_keeps_both_sides_of_a_real_conflict() {
        let (text, conflicts) = merge("a\nb\nc\n", "a\nmine\nc\n", "a\ntheirs\nc\n");
        assert_eq!(conflicts, 1);
        assert!(text.contains("<<<<<<< mine\nmine\n"), "{text}");
        assert!(
            text.contains("=======\ntheirs\n>>>>>>> on disk\n"),
            "{text}"
        );
    }

    #[test]
    fn stamp_is_sortable_and_safe_in_file_names() {
        use chrono::TimeZone;
        let t = chrono::Local.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
        assert_eq!(stamp(&t.fixed_offset()), "20260304-050607");
    }
}
