// The one order of text the core uses wherever an order reaches output or a stored answer.

/**
 * Code-unit (UTF-16) order, as `<` compares strings: identical on every machine, locale
 * and Node build, unlike `localeCompare` without a locale (which follows LANG/LC_ALL).
 * Returns -1, 0 or 1.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
