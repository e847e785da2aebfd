// After the text is in the page, as Blogdesk reports once its editor holds the draft.
window.__TAURI_INTERNALS__.invoke("ready");
