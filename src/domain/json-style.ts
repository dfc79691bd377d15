/**
 * Indentation of every JSON text the front doors print: `JSON.stringify(value, null,
 * JSON_INDENT)` (cli.md, "Output"). `list --output json` joins stored texts that must
 * match it byte for byte (services/views.ts taskObjectsJson).
 */
export const JSON_INDENT = 2;
