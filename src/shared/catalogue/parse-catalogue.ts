import { type Catalogue, CatalogueSchema } from "../schemas/catalogue.schema.ts";
import { type CatalogueIssue, checkCatalogueReferences } from "./check-references.ts";

export type ParseCatalogueResult =
  | { ok: true; catalogue: Catalogue }
  | { ok: false; issues: CatalogueIssue[] };

/** Formats a zod path the way people write it: indicators[3].metas[0].value. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** Validates a catalogue document: shape first, then cross-references. Never throws. */
export function parseCatalogue(input: unknown): ParseCatalogueResult {
  const parsed = CatalogueSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: formatPath(i.path) || "(raíz)",
        message: i.message,
      })),
    };
  }
  const issues = checkCatalogueReferences(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, catalogue: parsed.data };
}
