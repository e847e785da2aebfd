import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BLINK_TIMEOUT_MS, STILL, Stillness } from "./still-cursor";

function target() {
  const classes = new Set<string>();
  return {
    classes,
    classList: { add: (c: string) => classes.add(c), remove: (c: string) => classes.delete(c) },
  };
}

describe("the cursor holds still after a while without input", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes still after the timeout, not before", () => {
    const t = target();
    new Stillness(t);
    vi.advanceTimersByTime(BLINK_TIMEOUT_MS - 1);
    expect(t.classes.has(STILL)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(t.classes.has(STILL)).toBe(true);
  });

  it("blinks again on input and waits the whole timeout from it", () => {
    const t = target();
    const s = new Stillness(t);
    vi.advanceTimersByTime(BLINK_TIMEOUT_MS);
    s.stir();
    expect(t.classes.has(STILL)).toBe(false);
    vi.advanceTimersByTime(BLINK_TIMEOUT_MS / 2);
    s.stir();
    vi.advanceTimersByTime(BLINK_TIMEOUT_MS - 1);
    expect(t.classes.has(STILL)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(t.classes.has(STILL)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves no timer behind once stopped", () => {
    const t = target();
    const s = new Stillness(t);
    s.stir();
    s.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 * BLINK_TIMEOUT_MS);
    expect(t.classes.has(STILL)).toBe(false);
  });
});
