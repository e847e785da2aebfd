//! How the page is drawn. WebKitGTK composites the page with OpenGL. Without
//! a GPU, Mesa draws that OpenGL in software (llvmpipe), and then every frame
//! costs whole-window work on the CPU: a blinking caret alone kept two cores
//! at 11 % of one (1.1 s of CPU in 10 s, in the compositor's llvmpipe
//! threads) while the writer paused. Without compositing WebKit repaints
//! only what changed (the caret: about 10 ms a second). So where OpenGL
//! would be software, the window paints without compositing.

use std::ffi::OsString;
use std::path::Path;

/// Whether OpenGL would be drawn in software here: Mesa is told to
/// (`LIBGL_ALWAYS_SOFTWARE` set to anything but `0`/`false`), or the system
/// has no GPU render node (`renderD*` in `dri`, normally `/dev/dri`).
pub fn software_gl(dri: &Path, env: impl Fn(&str) -> Option<OsString>) -> bool {
    if let Some(v) = env("LIBGL_ALWAYS_SOFTWARE") {
        if !matches!(v.to_str(), Some("" | "0" | "false")) {
            return true;
        }
    }
    let render_node = std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    !render_node
}

/// Turns compositing off for the window's page where OpenGL would be
/// software ([`software_gl`] on this system).
pub fn fit<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    if software_gl(Path::new("/dev/dri"), |k| std::env::var_os(k)) {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::software_gl;
    use std::ffi::OsString;

    fn no_env(_: &str) -> Option<OsString> {
        None
    }

    #[test]
    fn a_render_node_means_a_gpu() {
        let dri = tempfile::tempdir().unwrap();
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(
            software_gl(dri.path(), no_env),
            "a card without a render node"
        );
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(!software_gl(dri.path(), no_env));
    }

    #[test]
    fn no_dri_folder_means_software() {
        let dir = tempfile::tempdir().unwrap();
        assert!(software_gl(&dir.path().join("dri"), no_env));
    }

    #[test]
    fn mesa_told_to_draw_in_software() {
        let dri = tempfile::tempdir().unwrap();
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        for (value, software) in [
            ("1", true),
            ("true", true),
            ("0", false),
            ("false", false),
            ("", false),
        ] {
            let env = |k: &str| (k == "LIBGL_ALWAYS_SOFTWARE").then(|| OsString::from(value));
            assert_eq!(
                software_gl(dri.path(), env),
                software,
                "LIBGL_ALWAYS_SOFTWARE={value:?}"
            );
        }
    }
}
