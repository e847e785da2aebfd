//! The `draft://localhost/<path>` protocol: serves images of the open drafts
//! folder to the preview, and (`~site/<path>`) those of the connected blog
//! where its engine serves site-absolute URLs from. Only files inside those
//! folders (symlinks resolved), and only image types, are served;
//! everything else is 403 or 404.

use blogdesk_core::sanitize::SITE_PREFIX;
use blogdesk_core::workspace::Workspace;
use std::borrow::Cow;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

/// Handles one request off the main thread.
pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        let ws = app.state::<Workspace>();
        responder.respond(respond(&ws, &path));
    });
}

fn respond(ws: &Workspace, uri_path: &str) -> Response<Cow<'static, [u8]>> {
    let status = |code: StatusCode| {
        Response::builder()
            .status(code)
            .body(Cow::Borrowed(&[][..]))
            .expect("static response")
    };
    let rel = percent_encoding::percent_decode_str(uri_path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let Some(mime) = image_type(&rel) else {
        return status(StatusCode::FORBIDDEN);
    };
    let resolved = match rel.strip_prefix(SITE_PREFIX) {
        Some(in_site) => ws.resolve_site_asset(in_site),
        None => ws.resolve_asset(&rel),
    };
    let Ok(path) = resolved else {
        return status(StatusCode::FORBIDDEN);
    };
    match std::fs::read(path) {
        Ok(bytes) => Response::builder()
            .header(header::CONTENT_TYPE, mime)
            .header("X-Content-Type-Options", "nosniff")
            .body(Cow::Owned(bytes))
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

/// The content type for an image file name; `None` for anything else.
fn image_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "ico" => "image/x-icon",
        // SVG is served as an image only: an <img> never runs its scripts.
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, tempfile::TempDir, Workspace) {
        let cfg = tempfile::tempdir().unwrap();
        let drafts = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let p = drafts.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        (cfg, drafts, ws)
    }

    #[test]
    fn serves_images_of_the_drafts_folder_only() {
        let (_c, _d, ws) = ws_with(&[("img/a b.png", b"PNG"), ("secret.md", b"text")]);
        let ok = respond(&ws, "/img/a%20b.png");
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(&ok.body()[..], b"PNG");
        assert_eq!(respond(&ws, "/secret.md").status(), StatusCode::FORBIDDEN);
        assert_eq!(
            respond(&ws, "/../../etc/x.png").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            respond(&ws, "/%2e%2e/x.png").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(respond(&ws, "/missing.png").status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn serves_site_absolute_images_from_the_connected_blog_only() {
        let (_c, _d, ws) = ws_with(&[]);
        // No blog connected: nothing.
        assert_eq!(
            respond(&ws, "/~site/assets/a.png").status(),
            StatusCode::FORBIDDEN
        );
        let blog = tempfile::tempdir().unwrap();
        std::fs::write(blog.path().join("_config.yml"), "title: b\n").unwrap();
        std::fs::create_dir_all(blog.path().join("assets")).unwrap();
        std::fs::write(blog.path().join("assets/a.png"), b"PNG").unwrap();
        std::fs::write(blog.path().join("_config.png"), b"x").unwrap();
        ws.set_blog_folder(blog.path()).unwrap();
        let ok = respond(&ws, "/~site/assets/a.png");
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(&ok.body()[..], b"PNG");
        assert_eq!(
            respond(&ws, "/~site/_config.yml").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            respond(&ws, "/~site/../x.png").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            respond(&ws, "/~site/assets/none.png").status(),
            StatusCode::FORBIDDEN
        );
    }
}
