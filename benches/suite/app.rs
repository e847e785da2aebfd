//! The app under WebDriver, through the harness of `blogdesk-testkit`, and
//! what the rows that drive it share.

pub use blogdesk_testkit::harness::{App, Folders};
use std::time::Duration;

// A bench may type for hours (`make soak`, `SOAK_MINUTES`): the harness's
// bound on a run is for what never ends, not for long runs.
blogdesk_testkit::with_app_here!(Duration::from_secs(12 * 3600));

/// One draft, `post.md` (= `text`), and `env` for the app.
pub fn post_folders(text: &str, env: &[(&str, &str)]) -> Folders {
    let mut f = Folders::new(&[("post.md", text)]);
    f.env = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    f
}

/// A probe's `PROBE_APP_ENV=NAME=VALUE`, added to `folders`' environment
/// for the app (and the WebKit processes it starts).
pub fn with_probe_env(mut folders: Folders) -> Folders {
    if let Some((k, v)) = std::env::var("PROBE_APP_ENV")
        .ok()
        .as_deref()
        .and_then(|e| e.split_once('='))
    {
        folders.env.push((k.to_owned(), v.to_owned()));
    }
    folders
}

/// Waits (at most 60 s) until the preview shows the corpus post.
pub async fn wait_post_shown(app: &App) -> Result<(), String> {
    app.wait_within(
        "the post in the preview",
        Duration::from_secs(60),
        || async {
            Ok(app
                .html_of("preview")
                .await
                .unwrap_or_default()
                .contains(">Part 1"))
        },
    )
    .await
}
