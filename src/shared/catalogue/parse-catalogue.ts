import { type Catalogue, CatalogueSchema } from "../schemas/catalogue.schema.ts";
import { type CatalogueIssue, checkCatalogueReferences } from "./check-references.ts";
import { checkCatalogueYears } from "./check-years.ts";

/** Warnings do not stop an import; they are listed in its report. */
export type ParseCatalogueResult =
  | { ok: true; catalogue: Catalogue; warnings: CatalogueIssue[] }
  | { ok: false; issues: CatalogueIssue[] };

/** Formats a zod path the way people write it: indicators[3].metas[0].value. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** Validates a catalogue document: shape first, then cross-references and years. Never throws. */
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
  const years = checkCatalogueYears(parsed.data);
  const issues = [...checkCatalogueReferences(parsed.data), ...years.errors];
  return issues.length
    ? { ok: false, issues }
    : { ok: true, catalogue: parsed.data, warnings: years.warnings };
}
