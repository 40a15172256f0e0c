import { selectPlural } from "../../../../shared/plural.ts";

/**
 * Placeholders in report texts: `{{indice.tipo2}}` is replaced by the figure as the document
 * prints it. Sentences written by the administrator and the generated ones both go through
 * here, so a number in a sentence always comes from the computed values, never from typing.
 *
 * A count takes the words that agree with it: `{{conteo.servicios.bajo|# servicio|# servicios}}`
 * prints "1 servicio" or "3 servicios" (`#` is the figure; the forms are singular | plural,
 * chosen by Spanish plural rules, with an optional `=0:` form first: `{{k|=0:ninguno|#|#}}`).
 * A figure that cannot be computed prints "ND" (or "—"), never "ND %": a percent sign right
 * after it is dropped.
 */

const PLACEHOLDER = /\{\{\s*([a-z0-9_.]+)\s*(?:\|([^{}]*))?\}\}(\s?%)?/gi;

export type PlaceholderValues = ReadonlyMap<string, string>;

/** Keys used in a text, in order of appearance, without repeats. */
export function listPlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? "").toLowerCase()))];
}

/** Keys of a text that the figures do not provide. */
export function findUnknownPlaceholders(body: string, values: PlaceholderValues): string[] {
  return listPlaceholders(body).filter((key) => !values.has(key));
}

/** Figures that stand for "cannot be computed": no unit after them. */
const NOT_AVAILABLE = new Set(["ND", "—"]);

/** The figure as a number for the plural rules: es-PE writes 1,234.5. */
function countOf(value: string): number {
  const n = Number(value.replace(/,/g, ""));
  return Number.isFinite(n) ? n : Number.NaN;
}

/** `# indicador|# indicadores` (optionally `=0:…|` first) for the figure `value`. */
function pluralText(value: string, spec: string): string {
  const forms = spec.split("|");
  const zero = forms[0]?.startsWith("=0:") ? forms.shift()?.slice(3) : undefined;
  const one = forms[0] ?? "#";
  const other = forms[1] ?? one;
  const count = countOf(value);
  // A figure that is not a number (ND) takes the plural, as "ND indicadores" would.
  const form = Number.isNaN(count)
    ? other
    : selectPlural("es-PE", { ...(zero !== undefined ? { zero } : {}), one, other }, count);
  return form.replace(/#/g, value);
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
  let text = "";
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    const [whole, rawKey = "", spec, percent] = m;
    text += body.slice(last, m.index);
    last = m.index + whole.length;
    const key = rawKey.toLowerCase();
    const value = values.get(key);
    if (value === undefined) {
      unknown.add(key);
      text += whole;
      continue;
    }
    const printed = spec === undefined ? value : pluralText(value, spec);
    // An empty figure (a band of an ND level) takes the space before it along.
    if (printed === "" && text.endsWith(" ")) text = text.slice(0, -1);
    text += printed;
    if (percent && !NOT_AVAILABLE.has(printed)) text += percent;
  }
  text += body.slice(last);
  return { text, unknown: [...unknown] };
}
