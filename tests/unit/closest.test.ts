// "Did you mean …?" for misspelt frontmatter keys (validate's unknown_meta_key).
import { describe, expect, it } from "vitest";
import { closestWord, editDistance } from "../../src/domain/validation/closest.js";

const KEYS = ["priority", "depends_on", "size", "state", "labels", "blocks", "touches"];

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps (Damerau–Levenshtein, OSA)", () => {
    expect(editDistance("shwo", "show")).toBe(1);
    expect(editDistance("priotiry", "priority")).toBe(2);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("priorty", "priority")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});

describe("closestWord", () => {
  it("names the key a typo most likely meant", () => {
    expect(closestWord("priorty", KEYS)).toBe("priority");
    expect(closestWord("depends-on", KEYS)).toBe("depends_on");
    expect(closestWord("Labels", KEYS)).toBe("labels");
    expect(closestWord("sise", KEYS)).toBe("size");
  });

  it("suggests nothing for a different word or an ambiguous one", () => {
    expect(closestWord("reviewer", KEYS)).toBeUndefined();
    expect(closestWord("xyz", KEYS)).toBeUndefined();
    // one edit from both "stat" and "stay": no unique best
    expect(closestWord("sta", ["stat", "stay"])).toBeUndefined();
  });
});
