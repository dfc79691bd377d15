// Markdown files imported as text (tsup's and vitest's `.md` loader).
declare module "*.md" {
  const text: string;
  export default text;
}
