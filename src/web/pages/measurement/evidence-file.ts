import { EVIDENCE_EXTENSIONS, MAX_EVIDENCE_BYTES } from "../../../shared/limits.ts";
import { formatBytes } from "../../format.ts";
import type { TFunction } from "../../i18n/i18n.ts";

// The types the server recognises from the bytes; the picker offers only those.
export const ACCEPT = EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(",");
export const MAX_EVIDENCE_MB = MAX_EVIDENCE_BYTES / 1024 / 1024;

/** Why a picked file would be refused, checked before anything is sent; null when fine. */
export function fileProblem(file: File, t: TFunction): string | null {
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  if (!(EVIDENCE_EXTENSIONS as readonly string[]).includes(extension))
    return `${file.name}: ${t("entry.evidenceType")}`;
  if (file.size === 0) return `${file.name}: ${t("entry.evidenceEmptyFile")}`;
  if (file.size > MAX_EVIDENCE_BYTES)
    return `${file.name}: ${t("entry.evidenceTooLarge", { size: formatBytes(file.size, t("locale")), mb: MAX_EVIDENCE_MB })}`;
  return null;
}
