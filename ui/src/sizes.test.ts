/**
 * The UI's shape, kept: main.ts is wiring only, and no source file grows
 * past what one reader holds in mind (cut it by concern instead).
 */
import { describe, expect, it } from "vitest";

const files = import.meta.glob<string>(["./*.ts", "!./*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const lines = (text: string) => text.split("\n").length - 1;

describe("the UI's source files", () => {
  it("are found", () => {
    expect(Object.keys(files)).toContain("./main.ts");
    expect(Object.keys(files)).not.toContain("./sizes.test.ts");
  });

  it("main.ts wires the window in at most 150 lines", () => {
    expect(lines(files["./main.ts"])).toBeLessThanOrEqual(150);
  });

  it("none is over 300 lines", () => {
    const long = Object.entries(files)
      .filter(([, text]) => lines(text) > 300)
      .map(([name, text]) => `${name}: ${lines(text)}`);
    expect(long).toEqual([]);
  });
});
