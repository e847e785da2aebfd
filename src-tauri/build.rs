//! Builds the Tauri context. The app manifest lists the app's own commands so
//! that capabilities/default.json must grant each one by name.

const COMMANDS: &[&str] = &[
    "session",
    "list_drafts",
    "open_draft",
    "save_draft",
    "render_preview",
    "create_draft",
    "rename_draft",
    "trash_draft",
    "pick_folder",
    "open_recent",
    "open_link",
    "watch_drafts",
    "show_conflict",
    "resolve_conflict",
    "record_unsaved",
    "restore_unsaved",
    "discard_unsaved",
    "front_matter_form",
    "front_matter_edit",
    "blog_site",
    "pick_blog_folder",
    "check_draft",
    "search_drafts",
    "add_word",
    "taxonomy_terms",
    "link_targets",
    "post_templates",
    "rename_term_plan",
    "rename_term",
    "attach_image",
    "export_plan",
    "export_apply",
    "import_posts",
    "open_blog_folder",
    "check_against_site",
    "cancel_site_check",
    "preview_profile",
    "choose_engine",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration");
}
