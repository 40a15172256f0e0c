/**
 * One value as a field of COPY's CSV format. Pure, so the text of a COPY can be written where
 * the rows are made: the budget import writes its lines' text in worker threads
 * (src/server/db/copy-rows.ts sends it).
 */
export type CopyValue = string | number | null;

// CSV: an unquoted empty field is NULL, a quoted one is the empty string. Only values that need
// it are quoted: most are codes and numbers, and quoting them would cost a copy each.
const NEEDS_QUOTES = /[",\r\n\\]/;
export function csvField(value: CopyValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  if (value === "" || NEEDS_QUOTES.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}
