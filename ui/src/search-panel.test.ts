import { describe, expect, it } from "vitest";
import { markWords } from "./search-panel";

describe("markWords", () => {
  it("marks every word of the query, case-insensitively, longest first", () => {
    expect(markWords("Lisbon trams and TRAM stops", ["tram", "trams"])).toEqual([
      "Lisbon ",
      { mark: "trams" },
      " and ",
      { mark: "TRAM" },
      " stops",
    ]);
  });
  it("leaves text without matches or words as it is", () => {
    expect(markWords("nothing here", ["x"])).toEqual(["nothing here"]);
    expect(markWords("text", [""])).toEqual(["text"]);
  });
});
