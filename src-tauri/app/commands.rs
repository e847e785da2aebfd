//! The IPC commands: each one a delegation to the [`Workspace`]. All are
//! async so they run off the main (UI) thread.

use blogdesk_core::check::Finding;
use blogdesk_core::clock::Now;
use blogdesk_core::conflict::Choice;
use blogdesk_core::drafts::{DraftSummary, DraftText, Saved};
use blogdesk_core::error::Result;
use blogdesk_core::export::{Applied, Imported, Options, Plan};
use blogdesk_core::front_matter::{self, Edit, Form};
use blogdesk_core::images::Attached;
use blogdesk_core::preview;
use blogdesk_core::render::Engine;
use blogdesk_core::verify::{Report, Step};
use blogdesk_core::workspace::{
    BlogSite, ConflictView, DraftsEvent, ProfileView, Resolution, Restored, Session, Workspace,
};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};

type Ws<'a> = State<'a, Workspace>;

/// The clock, read here at the edge and passed into the core.
fn now() -> Now {
    chrono::Local::now().fixed_offset()
}

/// The command table handed to the builder.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        session,
        list_drafts,
        open_draft,
        save_draft,
        render_preview,
        create_draft,
        rename_draft,
        trash_draft,
        pick_folder,
        open_recent,
        open_link,
        watch_drafts,
        show_conflict,
        resolve_conflict,
        record_unsaved,
        restore_unsaved,
        discard_unsaved,
        front_matter_form,
        front_matter_edit,
        blog_site,
        pick_blog_folder,
        check_draft,
        search_drafts,
        add_word,
        taxonomy_terms,
        link_targets,
        post_templates,
        rename_term_plan,
        rename_term,
        attach_image,
        export_plan,
        export_apply,
        import_posts,
        open_blog_folder,
        check_against_site,
        cancel_site_check,
        preview_profile,
        choose_engine
    ]
}

#[tauri::command]
async fn session(ws: Ws<'_>) -> Result<Session> {
    Ok(ws.session())
}

#[tauri::command]
async fn list_drafts(ws: Ws<'_>) -> Result<Vec<DraftSummary>> {
    ws.list_drafts()
}

#[tauri::command]
async fn open_draft(ws: Ws<'_>, path: String) -> Result<DraftText> {
    ws.open_draft(&path)
}

#[tauri::command]
async fn save_draft(
    ws: Ws<'_>,
    path: String,
    text: String,
    base_hash: Option<String>,
) -> Result<Saved> {
    ws.save_draft(&path, &text, base_hash.as_deref())
}

#[tauri::command]
async fn render_preview(
    ws: Ws<'_>,
    path: String,
    source: preview::Source,
    base: Option<u64>,
) -> Result<preview::Update> {
    ws.render_preview(&path, source, base)
}

#[tauri::command]
async fn create_draft(ws: Ws<'_>, title: String, template: Option<String>) -> Result<DraftSummary> {
    ws.create_draft(&title, template.as_deref(), &now())
}

#[tauri::command]
async fn rename_term_plan(
    ws: Ws<'_>,
    taxonomy: String,
    from: String,
    to: String,
) -> Result<blogdesk_core::workspace::TermRename> {
    ws.rename_term_plan(&taxonomy, &from, &to)
}

#[tauri::command]
async fn rename_term(
    ws: Ws<'_>,
    taxonomy: String,
    from: String,
    to: String,
    commit: bool,
) -> Result<blogdesk_core::workspace::TermRenamed> {
    ws.rename_term(&taxonomy, &from, &to, commit)
}

#[tauri::command]
async fn post_templates(ws: Ws<'_>) -> Result<Vec<blogdesk_core::new_post::PostTemplate>> {
    Ok(ws.post_templates())
}

#[tauri::command]
async fn rename_draft(ws: Ws<'_>, path: String, new_name: String) -> Result<DraftSummary> {
    ws.rename_draft(&path, &new_name)
}

#[tauri::command]
async fn trash_draft(ws: Ws<'_>, path: String) -> Result<()> {
    ws.trash_draft(&path)
}

/// Shows the native folder picker; `None` when the writer cancels.
#[tauri::command]
async fn pick_folder<R: Runtime>(ws: Ws<'_>, window: WebviewWindow<R>) -> Result<Option<Session>> {
    let dir = choose_folder(&window, "Open drafts folder").await;
    dir.map(|d| ws.open_folder(&d)).transpose()
}

#[tauri::command]
async fn open_recent(ws: Ws<'_>, dir: String) -> Result<Session> {
    ws.open_recent(&dir)
}

/// The native folder picker over `window`; `None` when the writer cancels.
async fn choose_folder<R: Runtime>(window: &WebviewWindow<R>, title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .pick_folder()
        .await
        .map(|d| d.path().to_path_buf())
}

/// Opens an http(s) or mailto link in the system's browser or mail program.
#[tauri::command]
async fn open_link(url: String) -> Result<()> {
    blogdesk_core::links::open_external(&url)
}

/// Streams [`DraftsEvent`]s about the drafts folder to the window.
#[tauri::command]
async fn watch_drafts(ws: Ws<'_>, events: Channel<DraftsEvent>) -> Result<()> {
    ws.watch(Arc::new(move |e| drop(events.send(small(e)))));
    Ok(())
}

/// `e`, or a new listing instead of a change too big for the Channel's
/// direct path (8 KiB; a bigger message costs the page one more request to
/// fetch it, and a listing is about as cheap then).
fn small(e: DraftsEvent) -> DraftsEvent {
    match &e {
        DraftsEvent::DraftsChanged { .. }
            if serde_json::to_string(&e).map_or(true, |s| s.len() > 6 * 1024) =>
        {
            DraftsEvent::ListChanged
        }
        _ => e,
    }
}

#[tauri::command]
async fn show_conflict(ws: Ws<'_>, path: String, mine: String) -> Result<ConflictView> {
    ws.conflict(&path, &mine)
}

#[tauri::command]
async fn resolve_conflict(
    ws: Ws<'_>,
    path: String,
    choice: Choice,
    mine: String,
    base: String,
    disk_hash: String,
) -> Result<Resolution> {
    ws.resolve_conflict(&path, choice, &mine, &base, &disk_hash, &now())
}

#[tauri::command]
async fn record_unsaved(
    ws: Ws<'_>,
    path: String,
    text: String,
    base_hash: Option<String>,
) -> Result<()> {
    ws.record_unsaved(&path, &text, base_hash.as_deref())
}

#[tauri::command]
async fn restore_unsaved(ws: Ws<'_>, path: String) -> Result<Restored> {
    ws.restore_unsaved(&path)
}

#[tauri::command]
async fn discard_unsaved(ws: Ws<'_>, path: String) -> Result<()> {
    ws.discard_unsaved(&path)
}

#[tauri::command]
async fn front_matter_form(head: String) -> Form {
    front_matter::read(&head)
}

#[tauri::command]
async fn front_matter_edit(head: String, edit: Edit) -> Result<String> {
    front_matter::edit(&head, &edit)
}

#[tauri::command]
async fn blog_site(ws: Ws<'_>) -> Result<Option<BlogSite>> {
    ws.blog_site()
}

/// Shows the native folder picker for the blog repo; `None` when cancelled.
#[tauri::command]
async fn pick_blog_folder<R: Runtime>(
    ws: Ws<'_>,
    window: WebviewWindow<R>,
) -> Result<Option<BlogSite>> {
    let dir = choose_folder(&window, "Choose the blog folder to export to").await;
    dir.map(|d| ws.set_blog_folder(&d)).transpose()
}

#[tauri::command]
async fn check_draft(ws: Ws<'_>, path: String, text: String) -> Result<Vec<Finding>> {
    ws.check_draft(&path, &text, &now())
}

#[tauri::command]
async fn search_drafts(ws: Ws<'_>, query: String) -> Result<Vec<blogdesk_core::search::Hit>> {
    ws.search_drafts(&query)
}

#[tauri::command]
async fn add_word(ws: Ws<'_>, word: String) -> Result<()> {
    ws.add_word(&word)
}

#[tauri::command]
async fn link_targets(
    ws: Ws<'_>,
    from: String,
) -> Result<Vec<blogdesk_core::workspace::LinkTarget>> {
    ws.link_targets(&from, &now())
}

#[tauri::command]
async fn taxonomy_terms(ws: Ws<'_>) -> Result<Vec<blogdesk_core::taxonomy::Terms>> {
    Ok(ws.taxonomy_terms())
}

/// The image's bytes are the raw request body (no JSON); the draft and the
/// file name come percent-encoded in the `x-draft` and `x-name` headers.
#[tauri::command]
async fn attach_image(ws: Ws<'_>, request: tauri::ipc::Request<'_>) -> Result<Attached> {
    let draft = header(&request, "x-draft").unwrap_or_default();
    let name = header(&request, "x-name");
    match request.body() {
        tauri::ipc::InvokeBody::Raw(bytes) => ws.attach_image(&draft, name.as_deref(), bytes),
        tauri::ipc::InvokeBody::Json(_) => Err(blogdesk_core::Error::ImageNotAttached {
            name: name.map_or("The image".into(), |n| format!("'{n}'")),
            reason: "its bytes did not arrive as raw bytes".into(),
        }),
    }
}

/// A percent-encoded header's text.
fn header(request: &tauri::ipc::Request<'_>, key: &str) -> Option<String> {
    let raw = request.headers().get(key)?.to_str().ok()?;
    Some(
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

#[tauri::command]
async fn export_plan(ws: Ws<'_>, drafts: Vec<String>) -> Result<Plan> {
    ws.export_plan(&drafts, &now())
}

/// Exports; `progress` hears `[done, total]` after each file.
#[tauri::command]
async fn export_apply(
    ws: Ws<'_>,
    drafts: Vec<String>,
    confirmed: bool,
    commit: bool,
    push: bool,
    progress: Channel<(usize, usize)>,
) -> Result<Applied> {
    let opts = Options {
        confirmed,
        commit: commit || push,
        push,
    };
    ws.export_apply(&drafts, opts, &now(), &mut |d, t| {
        drop(progress.send((d, t)))
    })
}

#[tauri::command]
async fn import_posts(ws: Ws<'_>) -> Result<Vec<Imported>> {
    ws.import_posts()
}

#[tauri::command]
async fn open_blog_folder(ws: Ws<'_>) -> Result<()> {
    ws.open_blog_folder()
}

/// Builds the draft with the blog's engine and compares it with the
/// preview; `progress` hears each step. Blocking work, so it runs on the
/// blocking pool, not on a worker the other commands need.
#[tauri::command]
async fn check_against_site<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    text: String,
    progress: Channel<Step>,
) -> Result<Report> {
    blocking(app, move |ws| {
        ws.check_against_site(&path, &text, &now(), &|s| drop(progress.send(s)))
    })
    .await
}

/// The preview's Markdown dialect and where it comes from.
#[tauri::command]
async fn preview_profile(ws: Ws<'_>) -> Result<ProfileView> {
    Ok(ws.profile_view())
}

/// Previews as `engine` renders, or (null) as the connected blog does.
#[tauri::command]
async fn choose_engine(ws: Ws<'_>, engine: Option<Engine>) -> Result<ProfileView> {
    ws.choose_engine(engine)
}

#[tauri::command]
async fn cancel_site_check(ws: Ws<'_>) -> Result<()> {
    ws.cancel_site_check();
    Ok(())
}

/// Runs `f` with the workspace on the blocking thread pool.
async fn blocking<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&Workspace) -> Result<T> + Send + 'static,
) -> Result<T> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<Workspace>()))
        .await
        .map_err(|e| blogdesk_core::Error::VerifyFailed {
            reason: format!("the check stopped unexpectedly ({e})"),
        })?
}
