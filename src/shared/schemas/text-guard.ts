/**
 * The one check every text that reaches the API passes, whatever its schema says: no control
 * characters but tab, line feed and carriage return, and no lone UTF-16 surrogate. NUL and a
 * lone surrogate cannot be stored as UTF-8 at all (PostgreSQL refuses them mid-transaction);
 * the other controls are invisible and only ever arrive by mistake or from a fuzzer. Checking
 * the parsed input once, before the schemas, means no route can forget it.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deepest nesting of arrays and objects a request may have. */
export const MAX_DEPTH = 64;

export interface TextProblem {
  path: string;
  message: string;
}

const codePoint = (c: string) =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Why a string cannot be accepted, or null. */
export function textProblem(text: string): string | null {
  const control = CONTROL.exec(text);
  if (control)
    return `carácter de control ${codePoint(control[0])} no permitido (solo se admiten saltos de línea y tabulaciones)`;
  if (LONE_SURROGATE.test(text))
    return "texto con un carácter Unicode incompleto (sustituto UTF-16 suelto)";
  return null;
}

/** Every string in a parsed JSON value, query or path (keys included) that fails `textProblem`. */
export function findTextProblems(value: unknown, path: string, out: TextProblem[] = [], depth = 0) {
  if (out.length >= 20) return out;
  // No request of ours nests deeper than a handful of levels; thousands of nested arrays
  // overflowed this walk's stack (a 500 found by the fuzz suite).
  if (depth > MAX_DEPTH) {
    out.push({ path, message: `anidamiento demasiado profundo (más de ${MAX_DEPTH} niveles)` });
    return out;
  }
  if (typeof value === "string") {
    const message = textProblem(value);
    if (message) out.push({ path, message });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) findTextProblems(item, `${path}.${i}`, out, depth + 1);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem)
        out.push({ path: `${path}.${JSON.stringify(key).slice(1, -1)}`, message: keyProblem });
      findTextProblems(item, `${path}.${key}`, out, depth + 1);
    }
  }
  return out;
}
