/**
 * Search as people type it: without accents, in any case. "proteccion" finds "protección",
 * "VICTIMAS" finds "víctimas". Every word of the query must appear somewhere in the text.
 */

/** Lower case without diacritics: "Protección" → "proteccion", "Niño" → "nino". */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("es");
}

/** A predicate for a query; an empty query matches everything. */
export function searchMatcher(query: string): (text: string) => boolean {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  return (text) => {
    const folded = foldForSearch(text);
    return words.every((w) => folded.includes(w));
  };
}
