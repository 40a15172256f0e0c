import type { CatalogueIssue } from "../../../shared/catalogue/check-references.ts";
import type { Catalogue } from "../../../shared/schemas/catalogue.schema.ts";
import type { Executor } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { findPolicyTerritory, listAlignmentTargets, ubigeoExists } from "./policy.repository.ts";

/**
 * The checks of a subnational plan that need the database (ADR 0030): its territory is a
 * ubigeo of the reference, its parent is a national policy already loaded, and every objective
 * and service it aligns names one of the parent's. A national catalogue may align nothing.
 * Alignment is stored by code, so it survives the parent's catalogue being replaced.
 */
export async function checkPlanAlignment(tx: Executor, cat: Catalogue): Promise<void> {
  const issues: CatalogueIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const { territory, parentPolicy } = cat.policy;
  const aligned = [
    ...cat.objectives.map((o, i) => ({ path: `objectives[${i}].alignedTo`, code: o.alignedTo })),
    ...cat.services.map((s, i) => ({ path: `services[${i}].alignedTo`, code: s.alignedTo })),
  ].filter((a) => a.code !== undefined);

  if (parentPolicy === undefined || territory === undefined) {
    for (const a of aligned)
      add(a.path, "solo un plan subnacional (con policy.parentPolicy) se alinea a otra política");
  } else {
    if (!(await ubigeoExists(tx, territory)))
      add(
        "policy.territory",
        `no existe el ubigeo "${territory}" en la referencia INEI (¿se cargaron los ubigeos?)`,
      );
    const parent = await findPolicyTerritory(tx, parentPolicy);
    if (!parent)
      add("policy.parentPolicy", `no existe la política "${parentPolicy}"; cárguela antes`);
    else if (parent.territoryUbigeo !== null)
      add(
        "policy.parentPolicy",
        `"${parentPolicy}" es un plan subnacional, no una política nacional`,
      );
    else {
      const targets = await listAlignmentTargets(tx, parent.id);
      for (const o of cat.objectives.map((o, i) => ({ o, i })))
        if (o.o.alignedTo !== undefined && !targets.objectives.has(o.o.alignedTo))
          add(
            `objectives[${o.i}].alignedTo`,
            `la política "${parentPolicy}" no tiene el objetivo "${o.o.alignedTo}"`,
          );
      for (const s of cat.services.map((s, i) => ({ s, i })))
        if (s.s.alignedTo !== undefined && !targets.services.has(s.s.alignedTo))
          add(
            `services[${s.i}].alignedTo`,
            `la política "${parentPolicy}" no tiene el servicio "${s.s.alignedTo}"`,
          );
    }
  }
  if (issues.length)
    throw invalid(
      `El plan tiene ${issues.length} error(es) de territorio o alineamiento; no se importó nada.`,
      issues,
    );
}
