// Task bodies as GitHub-flavoured Markdown (marked), sanitized with DOMPurify so a
// `<script>` or `onerror=` in a task renders inert (board.md "Security"), with
// task-list checkboxes that can be ticked.
import DOMPurify from "dompurify";
import { marked } from "marked";

const TASK_ITEM = /^(\s*(?:[-*+]|\d+[.)])\s+\[)([ xX])(\])/;
const FENCE = /^\s*(```|~~~)/;

/** Line numbers of the task-list items of a body, in document order (fenced code skipped). */
export function checkboxLines(body: string): number[] {
  const out: number[] = [];
  let fence: string | null = null;
  body.split("\n").forEach((line, i) => {
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1]!;
      else if (f[1] === fence) fence = null;
      return;
    }
    if (fence === null && TASK_ITEM.test(line)) out.push(i);
  });
  return out;
}

/** The body with checkbox number `index` (0-based, document order) ticked or cleared. */
export function setCheckbox(body: string, index: number, checked: boolean): string {
  const lineNo = checkboxLines(body)[index];
  if (lineNo === undefined) return body;
  const lines = body.split("\n");
  lines[lineNo] = lines[lineNo]!.replace(TASK_ITEM, `$1${checked ? "x" : " "}$3`);
  return lines.join("\n");
}

/**
 * Renders a body into `target`. Checkboxes become clickable (data-index = their order)
 * when they line up one-to-one with the task-list lines of the source.
 */
export function renderMarkdown(target: HTMLElement, body: string): HTMLInputElement[] {
  const html = marked.parse(body, { gfm: true, async: false }) as string;
  target.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
  for (const a of target.querySelectorAll("a[href]")) {
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
  }
  const boxes = [...target.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const clickable = boxes.length === checkboxLines(body).length;
  boxes.forEach((box, i) => {
    box.dataset.index = String(i);
    box.disabled = !clickable;
    if (!clickable) box.title = "edit the body to change this checkbox";
    box.closest("li")?.classList.add("task-item");
  });
  return clickable ? boxes : [];
}
