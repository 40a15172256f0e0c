/**
 * A budget file's notice: the "#" lines before its header. MEF's files have none; files that
 * Vigía ships or generates from published totals start with "RECONSTRUIDO … NO SON DATOS DEL
 * MEF", and every view of their figures must repeat that warning.
 */
export function isReconstructionNotice(notice: string | null | undefined): boolean {
  if (!notice) return false;
  const plain = notice.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase();
  return /RECONSTRUID|NO SON DATOS DEL MEF/.test(plain);
}

/** The notice of a text's leading comment lines ("# …"), without the marks; null if none. */
export function readNotice(head: string): string | null {
  const lines: string[] = [];
  for (const raw of head.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    if (!raw.startsWith("#")) break;
    lines.push(raw.replace(/^#\s?/, "").trimEnd());
  }
  const text = lines.join("\n").trim();
  return text === "" ? null : text;
}
