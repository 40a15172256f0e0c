/**
 * Catalogue texts carry the transcriber's line references into the source document
 * ("Informe de Evaluación 2022-2023, 001:L1348 and 001:L1691; narrative 001:L1666-L1670"):
 * provenance for whoever checks a figure against the seed, meaningless to a reader. They stay
 * in the catalogue and its export; pages and documents for the public show the text without
 * them ("Informe de Evaluación 2022-2023").
 */

/** One reference: 001:L1463, 001:L2565-L2566, and continuations such as ", L1382, L1424". */
const RANGE = String.raw`L\d+(?:\s*[-–]\s*L?\d+)?`;
const CITATION = String.raw`\b\d{3}:${RANGE}(?:\s*(?:,|and|y)\s*${RANGE}(?![\w:]))*`;
/** A reference with the words that only introduce it: "; narrative 001:L…", " and 001:L…". */
const LEAD = String.raw`(?:\s*[,;]?\s*(?:and|also|y|narrative|narrativa|see|véase)?\s*)`;
const WITH_LEAD = new RegExp(`${LEAD}${CITATION}`, "g");
/** The seed's text files named in a provenance: "text 001_6a8fd91fb577fbaf.txt". */
const SEED_FILE = /(?:\s*[,;]?\s*(?:text\s+)?)\b\d{3}_[0-9a-f]{8,}\.txt\b/g;

/** The text without internal line references, tidied where they stood. */
export function withoutLineCitations(text: string): string;
export function withoutLineCitations(text: string | null): string | null;
export function withoutLineCitations(text: string | null): string | null {
  if (text === null) return null;
  if (!/\d{3}:L\d|\d{3}_[0-9a-f]{8,}\.txt/.test(text)) return text;
  return (
    text
      .replace(WITH_LEAD, "")
      .replace(SEED_FILE, "")
      // Brackets left empty or opening on a separator: "()" → "", "(; x" → "(x".
      .replace(/\s*\(\s*[,;]?\s*\)/g, "")
      .replace(/\(\s*[,;]\s*/g, "(")
      .replace(/\s+([,;:.)])/g, "$1")
      .replace(/([,;:])(?=[,;:.)])/g, "")
      .replace(/[,;:]\s*$/, "")
      .replace(/ {2,}/g, " ")
      .trim()
  );
}
