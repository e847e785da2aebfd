// The scripts the `suite` bench runs in the app's page, over WebDriver.
// `page.rs` cuts this file into sections: each starts at a `//# name` line
// and runs to the next one; the `//` lines at its top tell what it does and
// are not sent. A section is either an expression (`App::eval`) or the body
// of an async function given `args` (`App::eval_async`), as its first line
// says. `__NAME__` is a hole the Rust side fills (`page::fill`).

//# instrument
// Body, args[0] the letters to type. Page instrumentation for typed
// letters: for each keydown in the editor, its time (the event's
// `timeStamp`: when the window got the key, however busy the page was
// then), the time from it to the first preview mutation after which the
// preview's last block shows that letter, and to the first animation frame
// after the page handled it (the editor's paint). A run's listeners stop
// when the next run starts.
const typed = args[0];
const b = window.__bench = { cal: [], down: [], late: [], preview: [], paint: [] };
const p = document.querySelector('[data-testid="preview"]');
document.querySelector('[data-testid="editor"]').addEventListener('keydown', (e) => {
  if (window.__bench !== b) return;
  if (e.key === 'Shift') { b.cal.push(performance.now() - e.timeStamp); return; }
  if (b.down.length >= typed.length) return;
  const t = e.timeStamp;
  b.down.push(t);
  b.late.push(performance.now() - t);
  requestAnimationFrame(() => b.paint.push(performance.now() - t));
}, true);
const o = new MutationObserver(() => {
  if (window.__bench !== b) { o.disconnect(); return; }
  const now = performance.now();
  // The typed paragraph: the last block (in the last chunk, preview.ts),
  // or one of the two before it when an engine gathers footnotes after it.
  let block = p.lastElementChild?.lastElementChild;
  let text = '';
  for (let k = 0; block && k < 3; k++) {
    text = (block.textContent ?? '').trim();
    if (text && typed.startsWith(text)) break;
    text = '';
    block = block.previousElementSibling ?? block.parentElement?.previousElementSibling?.lastElementChild;
  }
  if (!text) return;
  while (b.preview.length < Math.min(text.length, b.down.length)) {
    b.preview.push(now - b.down[b.preview.length]);
  }
});
o.observe(p, { childList: true, subtree: true, characterData: true });
return true;

//# ipc-probe
// Expression (PROBE_IPC). When each preview request left and its answer
// came, from the last keydown; with PROBE_TRACE, every command's leaving
// and answer too (`log`).
(() => { const b = window.__bench; b.sent = []; b.back = []; b.log = []; const f = window.fetch.bind(window);
  const last = () => b.down[b.down.length - 1] ?? 0;
  const mark = (what) => b.log.push([what, Math.round(performance.now())]);
  new MutationObserver(() => mark('preview changed')).observe(document.querySelector('[data-testid="preview"]'), { childList: true, subtree: true });
  window.fetch = (url, o) => { const cmd = String(url).split('/').pop(); mark(cmd); if (!String(url).endsWith('/render_preview')) return f(url, o).then(r => { mark(cmd + ' answered'); return r; });
    b.sent.push(performance.now() - last()); return f(url, o).then(r => { b.back.push(performance.now() - last()); return r; }); };
  return true; })()

//# typed-count
// Expression, __WANT__ `preview` or `paint`: how many keydowns the page
// saw, and how many of them reached the preview (or the editor's frame).
[window.__bench.down.length, window.__bench.__WANT__.length]

//# typed-times
// Expression: what `instrument` recorded.
[window.__bench.preview, window.__bench.paint, window.__bench.late, window.__bench.cal, window.__bench.down]

//# ipc-log
// Expression: the commands `ipc-probe` logged.
window.__bench.log ?? []

//# ipc-times
// Expression: the preview requests' times `ipc-probe` recorded.
[window.__bench.sent, window.__bench.back]

//# add-css
// Expression (PROBE_CSS), __CSS__ the style sheet as a string literal.
(() => { const s = document.createElement('style'); s.textContent = __CSS__; document.head.append(s); return true; })()

//# profile
// Expression (BENCH_PROFILE): wraps timers, animation frames and event
// handlers to list in `window.__slow` those that ran longer than 8 ms.
(() => {
  const slow = window.__slow = [];
  const wrap = (name, f) => function (...a) { const t = performance.now(); try { return f.apply(this, a); } finally { const d = performance.now() - t; if (d > 8) slow.push([name, Math.round(d), String(f).slice(0, 160)]); } };
  const st = window.setTimeout;
  window.setTimeout = (f, ms, ...a) => st(typeof f === 'function' ? wrap('timeout ' + ms, f) : f, ms, ...a);
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = (f) => raf(wrap('raf', f));
  const ael = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, f, o) { return ael.call(this, type, typeof f === 'function' ? (f.__w ??= wrap('event ' + type, f)) : f, o); };
  return typeof window.requestIdleCallback;
})()

//# slow
// Expression: what `profile` listed.
window.__slow

//# drop-commands
// Expression (mem-probe), __DROP__ a string literal of command names
// separated by commas. Commands cross as fetches to the ipc: scheme; a
// dropped one fails at once (one that never answered kept its arguments,
// a save's whole text, for as long as the page lived).
(() => { const drop = __DROP__.split(',').filter(Boolean); const f = window.fetch.bind(window); window.__dropped = 0; window.fetch = (url, o) => { if (drop.some(c => String(url).endsWith('/' + c))) { window.__dropped++; return Promise.reject(new TypeError('dropped by the probe')); } return f(url, o); }; return drop; })()

//# dropped
// Expression: how many commands `drop-commands` dropped.
window.__dropped

//# drafts-listed
// Expression: the time the page took to list the drafts after it started
// (-1 before it has).
performance.getEntriesByName('drafts-listed')[0]?.startTime ?? -1

//# title-listed
// Body, args[0] a title: waits (at most 10 s) until the draft list shows
// it; the time it did (ms since the Unix epoch), or -1.
const want = args[0];
const list = document.querySelector('[data-testid="draft-list"]');
const seen = () => list.textContent.includes(want);
if (!seen()) await new Promise((resolve) => {
  const o = new MutationObserver(() => { if (seen()) { o.disconnect(); resolve(); } });
  o.observe(list, { childList: true, subtree: true, characterData: true });
  setTimeout(resolve, 10000);
});
return seen() ? performance.timeOrigin + performance.now() : -1;

//# frame-gaps
// Expression: from now on, the longest gap between two animation frames.
(() => { const b = window.__burst = { last: performance.now(), worst: 0, on: true };
  const tick = () => { const t = performance.now(); b.worst = Math.max(b.worst, t - b.last); b.last = t; if (b.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick); return true; })()

//# frame-gaps-end
// Expression: stops `frame-gaps`; the longest gap it saw.
(() => { window.__burst.on = false; return window.__burst.worst; })()
