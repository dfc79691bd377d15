// Pure functions over a task's Markdown body: everything after the closing `---` line
// of the frontmatter, exactly as in the file. Nothing here does I/O.
//
// Ground rules shared by every function:
// - HTML comments (`<!-- … -->`, also across lines) and fenced code blocks (``` or ~~~)
//   are invisible: a `## Heading` or a `- [ ]` inside them is neither a heading nor a criterion.
//   So are HTML blocks and indented code blocks (CommonMark block structure).
// - Edits change only the lines they are about; every other byte (line endings included,
//   CRLF bodies stay CRLF) is kept. New lines use the body's own line ending.
// - Line numbers (`line`) are 0-based indexes into the body's lines.
// - Headings are matched by level and by text ignoring case, spacing and hyphens.
//
// The code lives in body-text.ts (line model, headings), body-sections.ts (sections,
// template, section edits), body-lists.ts (criteria, changelog) and body-validate.ts.

export {
  type AcceptanceCriteria,
  type AcceptanceItem,
  acceptanceCriteria,
  addMissingCheckboxes,
  changelogBullets,
  checkAllBoxes,
  spaceUnspacedBoxes,
} from "./body-lists.js";
export {
  type BodySectionId,
  INSIGHT_SUBSECTIONS,
  insertMissingHeadings,
  mergeDuplicateSections,
  newTaskBody,
  replaceSection,
  resolveSectionId,
  SECTION_IDS,
  SECTIONS,
  type SectionDef,
  type SectionId,
  sectionContent,
  stripLeadingHeading,
} from "./body-sections.js";
export {
  type BodyHeading,
  type BodyLine,
  type ParsedBody,
  parseBody,
  readableText,
} from "./body-text.js";
export { type BodyFinding, requiredHeadings, uncheckedCriteria, validateBody } from "./body-validate.js";
