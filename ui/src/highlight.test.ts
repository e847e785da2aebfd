import { describe, expect, it } from "vitest";
import { languageOf } from "./highlight-languages";

const code = (className: string) => ({ className }) as Element;

describe("languageOf", () => {
  it("reads the fence's language, with aliases", () => {
    expect(languageOf(code("language-rust"))).toBe("rust");
    expect(languageOf(code("language-TOML"))).toBe("toml");
    expect(languageOf(code("x language-sh"))).toBe("sh");
  });
  it("leaves unknown and missing languages plain", () => {
    expect(languageOf(code("language-klingon"))).toBeNull();
    expect(languageOf(code(""))).toBeNull();
  });
});
