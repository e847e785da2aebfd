//! Row 5: a big drafts folder. 10,000 drafts listed, edited from outside,
//! and 10,000 more landing at once, against a folder of 10.

use crate::app::{with_app, App, Folders};
use crate::page;
use crate::report::{ms, Row};
use crate::stats::{median, percentile};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// Draft `k` of a folder, titled `title`.
fn small_draft(k: usize, title: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2024-01-{:02} 10:00:00\n---\nDraft number {k} with a paragraph of text.\n",
        k % 28 + 1
    )
}

/// Writes drafts `from..to` into `dir`.
fn fill(dir: &Path, from: usize, to: usize) {
    for k in from..to {
        std::fs::write(
            dir.join(format!("draft-{k:05}.md")),
            small_draft(k, &format!("Draft {k}")),
        )
        .unwrap();
    }
}

/// The time the page took to list the drafts after it started.
async fn listed_ms(app: &App) -> Result<f64, String> {
    let v = app.eval(page::script("drafts-listed")).await?;
    v.as_f64()
        .filter(|t| *t >= 0.0)
        .ok_or("no drafts-listed mark".into())
}

/// Changes the title of a draft 50 times from outside and returns the time
/// from each write to the list showing the title, in ms.
async fn external_edits(app: &App, dir: &Path, n: usize) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for k in 0..50 {
        let draft = (k * 7919) % n;
        let title = format!("Edited outside {k}");
        let wait = app.eval_async(
            page::script("title-listed"),
            vec![Value::String(title.clone())],
        );
        let write = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let t = crate::now_epoch_ms();
            std::fs::write(
                dir.join(format!("draft-{draft:05}.md")),
                small_draft(draft, &title),
            )
            .unwrap();
            t
        };
        let (seen, wrote) = tokio::join!(wait, write);
        let seen = seen?.as_f64().unwrap_or(-1.0);
        if seen < 0.0 {
            return Err(format!("{title} never reached the list"));
        }
        out.push(seen - wrote);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(out)
}

/// Row 5: a folder of 10,000 drafts against one of 10: listing, edits
/// from outside, and a burst of 10,000 new files.
pub async fn folder_rows(rows: &mut Vec<Row>) {
    const N: usize = 10_000;
    let big = Folders::new(&[]);
    fill(big.drafts.path(), 0, N);
    let small = Folders::new(&[]);
    fill(small.drafts.path(), 0, 10);
    let (mut list_big, mut list_small) = (Vec::new(), Vec::new());
    let (mut edits_big, mut edits_small) = (Vec::new(), Vec::new());
    let mut burst = (0.0, 0usize, 0.0);
    for run in 0..5 {
        with_app("bench 10k list", &big, async |app: &App| {
            app.wait_listed(N).await?;
            list_big.push(listed_ms(app).await?);
            if run == 0 {
                edits_big = external_edits(app, big.drafts.path(), N).await?;
            }
            if run == 4 {
                // A 10,000-file burst: the longest gap between frames while
                // it lands, and the list at the end.
                app.eval(page::script("frame-gaps")).await?;
                let t0 = Instant::now();
                fill(big.drafts.path(), N, 2 * N);
                let shown = std::cell::Cell::new(0);
                app.wait_within("20,000 drafts listed", Duration::from_secs(120), || async {
                    shown.set(app.draft_paths().await.map(|p| p.len()).unwrap_or(0));
                    Ok(shown.get() == 2 * N)
                })
                .await
                .map_err(|e| format!("{e} ({} listed)", shown.get()))?;
                let settled = t0.elapsed().as_secs_f64() * 1000.0;
                let worst = app
                    .eval(page::script("frame-gaps-end"))
                    .await?
                    .as_f64()
                    .unwrap_or(f64::NAN);
                let mut paths = app.draft_paths().await?;
                paths.sort();
                let right =
                    (0..2 * N).all(|k| paths.binary_search(&format!("draft-{k:05}.md")).is_ok());
                burst = (worst, paths.len(), settled);
                if !right {
                    return Err("the list after the burst is not the folder".into());
                }
                for k in N..2 * N {
                    std::fs::remove_file(big.drafts.path().join(format!("draft-{k:05}.md"))).ok();
                }
            }
            Ok(())
        })
        .await;
        with_app("bench 10 list", &small, async |app: &App| {
            app.wait_listed(10).await?;
            list_small.push(listed_ms(app).await?);
            if run == 0 {
                edits_small = external_edits(app, small.drafts.path(), 10).await?;
            }
            Ok(())
        })
        .await;
    }
    let l = median(&list_big);
    rows.push(Row {
        what: "5. 10,000 drafts: page start → list populated (median of 5)".into(),
        ours: ms(l),
        peer: format!("10 drafts {}", ms(median(&list_small))),
        ratio: Some(l / median(&list_small)),
        goal: "≤ 300 ms".into(),
        met: Some(l <= 300.0),
    });
    let e = percentile(&edits_big, 95.0);
    rows.push(Row {
        what: "5. 10,000 drafts: external edit → list (p95 of 50)".into(),
        ours: ms(e),
        peer: format!("10 drafts {}", ms(percentile(&edits_small, 95.0))),
        ratio: Some(e / percentile(&edits_small, 95.0)),
        goal: "≤ 150 ms".into(),
        met: Some(e <= 150.0),
    });
    let (worst, listed, settled) = burst;
    rows.push(Row {
        what: format!(
            "5. 10,000-file burst: longest frame gap (all {listed} listed after {})",
            ms(settled)
        ),
        ours: ms(worst),
        peer: "—".into(),
        ratio: None,
        goal: "≤ 1000 ms".into(),
        met: Some(worst <= 1000.0 && listed == 2 * N),
    });
}
