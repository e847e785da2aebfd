//! The default drafts folder and the welcome draft written into it on first run.

use std::path::PathBuf;

/// `<Documents>/Blogdesk` (falling back to `~/Documents/Blogdesk`).
pub fn default_drafts_dir() -> PathBuf {
    dirs::document_dir()
        .or_else(|| dirs::home_dir().map(|h| h.join("Documents")))
        .unwrap_or_else(|| PathBuf::from("Documents"))
        .join("Blogdesk")
}

/// File name of the welcome draft.
pub const WELCOME_FILE: &str = "welcome-to-blogdesk.md";

/// The welcome draft: shows front matter and the Markdown the preview renders.
pub const WELCOME_TEXT: &str = r#"---
title:      "Welcome to Blogdesk"
date:       2026-01-01 09:00:00
categories: blogdesk
tags:       [markdown, front-matter]
---
This is a **draft**: a Markdown file with front matter, kept in your drafts folder. Edit it on the left, and the preview on the right shows it the way your blog will render it. Blogdesk saves as you type.

## What you can write

- **Bold**, _italic_, **_bold italic_**, ~~strikethrough~~ and `code`
- [Links](https://example.com) and footnotes[^1]
- [x] Task lists
- [ ] Tables, quotes and code blocks:

| Engine | Front matter |
|--------|--------------|
| Jekyll | YAML `---`   |
| Hugo   | TOML `+++`   |

> Drafts are plain files. Edit them with anything: Blogdesk keeps up.

```rust
fn main() {
    println!("Hello, blog!");
}
```

[^1]: Footnotes are rendered at the end of the post.
"#;
