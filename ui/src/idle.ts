/**
 * `requestIdleCallback` where the webview lacks it (WebKitGTK). CodeMirror
 * parses a long document in the background in slices: without this it
 * works 100 ms at a time, a stall the writer feels while typing in a long
 * post; with an idle deadline it works about 25 ms at a time. Imported
 * first, before CodeMirror looks for the function.
 */
const BUDGET_MS = 10;

if (typeof window !== "undefined" && typeof window.requestIdleCallback === "undefined") {
  window.requestIdleCallback = (callback: IdleRequestCallback): number =>
    window.setTimeout(() => {
      const start = performance.now();
      callback({
        didTimeout: false,
        timeRemaining: () => Math.max(0, BUDGET_MS - (performance.now() - start)),
      });
    }, 0);
  window.cancelIdleCallback = (handle: number): void => window.clearTimeout(handle);
}

export {};
