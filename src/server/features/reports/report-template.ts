/**
 * Placeholders in report texts: `{{indice.tipo2}}` is replaced by the figure as the document
 * prints it. Sentences written by the administrator and the generated ones both go through
 * here, so a number in a sentence always comes from the computed values, never from typing.
 */

const PLACEHOLDER = /\{\{\s*([a-z0-9_.]+)\s*\}\}/gi;

export type PlaceholderValues = ReadonlyMap<string, string>;

/** Keys used in a text, in order of appearance, without repeats. */
export function listPlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? "").toLowerCase()))];
}

/** Keys of a text that the figures do not provide. */
export function findUnknownPlaceholders(body: string, values: PlaceholderValues): string[] {
  return listPlaceholders(body).filter((key) => !values.has(key));
}

/**
 * Fills a text's placeholders. An unknown key is left visible as written, so a reader sees
 * it rather than a silently empty sentence; `unknown` lists them for the caller to report.
 */
export function renderTemplate(
  body: string,
  values: PlaceholderValues,
): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values.get(key.toLowerCase());
    if (value === undefined) {
      unknown.add(key.toLowerCase());
      return whole;
    }
    return value;
  });
  return { text, unknown: [...unknown] };
}
