import { describe, expect, it } from "vitest";
import { appendInsight, leanBody, resolveCriteria, setCriteria } from "../../src/domain/body-agent.js";
import { newTaskBody } from "../../src/domain/body-sections.js";

const body = [
  "",
  "## Overview",
  "",
  "Close the menu.",
  "",
  "## Acceptance Criteria",
  "",
  "- [ ] Escape closes the menu",
  "- [x] Click outside closes the menu",
  "- [ ] Focus returns to the button",
  "",
  "## Post-Implementation Insights",
  "",
  "### Decisions",
  "",
  "- Kept it small.",
  "",
].join("\n");

describe("check", () => {
  it("resolves numbers and unique substrings, case-insensitively", () => {
    expect(resolveCriteria(body, ["1", "FOCUS"])).toEqual([0, 2]);
  });
  it("refuses ambiguous, unknown and out-of-range selectors", () => {
    expect(() => resolveCriteria(body, ["closes"])).toThrow(/matches 2 criteria/);
    expect(() => resolveCriteria(body, ["nothing like it"])).toThrow(/no criterion contains/);
    expect(() => resolveCriteria(body, ["4"])).toThrow(/no criterion 4/);
  });
  it("ticks and clears only the chosen boxes", () => {
    const ticked = setCriteria(body, [0], true);
    expect(ticked.body).toBe(body.replace("- [ ] Escape", "- [x] Escape"));
    expect(ticked.criteria).toEqual([
      { number: 1, text: "Escape closes the menu", checked: true, changed: true },
    ]);
    const cleared = setCriteria(body, [1], false);
    expect(cleared.body).toBe(body.replace("- [x] Click", "- [ ] Click"));
    expect(setCriteria(body, [1], true).criteria[0]!.changed).toBe(false);
  });
});

describe("appendInsight", () => {
  it("creates ### Changelog before ### Decisions and leaves Decisions alone", () => {
    const out = appendInsight(body, "changelog", "Escape closes the menu");
    expect(out).toContain(
      "## Post-Implementation Insights\n\n### Changelog\n\n- Escape closes the menu\n\n### Decisions\n\n- Kept it small.\n",
    );
    expect(out.startsWith(body.slice(0, body.indexOf("### Decisions") - 1))).toBe(true);
  });
  it("appends under existing bullets and after the template's comment", () => {
    const once = appendInsight(body, "decisions", "Used a keydown listener");
    expect(once).toContain("- Kept it small.\n- Used a keydown listener\n");
    const fresh = appendInsight(newTaskBody(), "changelog", "First");
    expect(fresh).toMatch(/### Changelog\n\n<!-- [^>]*-->\n\n- First\n\n### Decisions/);
    const tech = appendInsight(body, "technical_changes", "src/nav/menu.ts");
    expect(tech.endsWith("- Kept it small.\n\n### Technical Changes\n\n- src/nav/menu.ts\n")).toBe(true);
  });
  it("inserts Post-Implementation Insights when the body lacks it", () => {
    expect(appendInsight("\n## Overview\n\nText\n", "changelog", "x")).toBe(
      "\n## Overview\n\nText\n\n## Post-Implementation Insights\n\n### Changelog\n\n- x\n",
    );
  });
  it("refuses multi-line text", () => {
    expect(() => appendInsight(body, "changelog", "a\nb")).toThrow(/one non-empty line/);
  });
});

describe("leanBody", () => {
  it("drops the template's comments and every empty section", () => {
    expect(leanBody(newTaskBody())).toBe("");
    const filled = newTaskBody().replace("## Overview\n\n", "## Overview\n\nShip it.\n");
    expect(leanBody(filled)).toBe("## Overview\n\nShip it.");
  });
  it("keeps filled subsections and fenced code as written", () => {
    const text =
      "## Notes\n\n```md\n<!-- kept -->\n```\n\n## Post-Implementation Insights\n\n### Changelog\n\n### Decisions\n\n- one\n";
    expect(leanBody(text)).toBe(
      "## Notes\n\n```md\n<!-- kept -->\n```\n\n## Post-Implementation Insights\n\n### Decisions\n\n- one",
    );
  });
});
