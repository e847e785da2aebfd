//! The window opens where it was closed: its size, place and maximized state
//! are kept in the settings (see [`Placement`]) a moment after it last moved
//! or changed size, so a crash does not lose them either.

use blogdesk_core::settings::{Area, Placement};
use blogdesk_core::workspace::Workspace;
use std::sync::mpsc;
use std::time::Duration;
use tauri::{Manager, Runtime, WebviewWindow, WebviewWindowBuilder, WindowEvent};

/// Moves and resizes come in bursts; the place is saved once they stop.
const SETTLE: Duration = Duration::from_millis(400);

/// Applies the remembered placement to the window about to be built.
pub fn restore<'a, R: Runtime, M: Manager<R>>(
    app: &M,
    builder: WebviewWindowBuilder<'a, R, M>,
    min: (f64, f64),
) -> WebviewWindowBuilder<'a, R, M> {
    let Some(place) = app.state::<Workspace>().placement() else {
        return builder;
    };
    let monitors: Vec<Area> = app
        .app_handle()
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let scale = m.scale_factor();
            let (p, s) = (m.position(), m.size());
            (
                f64::from(p.x) / scale,
                f64::from(p.y) / scale,
                f64::from(s.width) / scale,
                f64::from(s.height) / scale,
            )
        })
        .collect();
    let Some(fitted) = place.fit(&monitors, min) else {
        return builder;
    };
    let (width, height) = fitted.size;
    let builder = builder.inner_size(width, height).maximized(place.maximized);
    match fitted.position {
        Some((x, y)) => builder.position(x, y),
        None => builder.center(),
    }
}

/// Saves the window's placement whenever it settles after a move or resize.
pub fn follow<R: Runtime>(window: &WebviewWindow<R>) {
    let (tx, rx) = mpsc::channel::<()>();
    let w = window.clone();
    std::thread::spawn(move || {
        let mut last = w.state::<Workspace>().placement();
        while rx.recv().is_ok() {
            // Wait for the burst to end (or the window to go).
            while let Ok(()) = rx.recv_timeout(SETTLE) {}
            let Some(now) = read(&w, last) else { continue };
            if Some(now) != last {
                if let Err(e) = w.state::<Workspace>().remember_placement(now) {
                    eprintln!("blogdesk: the window's place was not saved: {e}");
                }
                last = Some(now);
            }
        }
    });
    window.on_window_event(move |e| {
        if matches!(e, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = tx.send(());
        }
    });
}

/// The window's placement now; a maximized window keeps the size and place
/// it had before (`last`), to be restored to when unmaximized.
fn read<R: Runtime>(w: &WebviewWindow<R>, last: Option<Placement>) -> Option<Placement> {
    let scale = w.scale_factor().ok()?;
    if w.is_minimized().unwrap_or(false) {
        return None;
    }
    let maximized = w.is_maximized().unwrap_or(false);
    if let Some(p) = last.filter(|_| maximized) {
        return Some(Placement {
            maximized: true,
            ..p
        });
    }
    // Maximized from the start: its size now is all there is to keep.
    let pos = w.outer_position().ok()?.to_logical::<f64>(scale);
    let size = w.inner_size().ok()?.to_logical::<f64>(scale);
    Some(Placement {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
        maximized,
    })
}
