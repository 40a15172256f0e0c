import type { Catalogue } from "../schemas/catalogue.schema.ts";
import type { CatalogueIssue } from "./check-references.ts";

/**
 * Year rules: a meta or a value belongs to a year of the policy (from its approval to its
 * horizon) and to a year in which a ficha técnica of the indicator is in force. Out of those
 * years nothing can evaluate it, so it is an error, not something to store and ignore.
 *
 * A meta equal to the baseline is allowed (a policy may aim to hold a level) but it is a
 * warning: avance tipo 2 divides by meta − línea de base and is ND for that year.
 */
export function checkCatalogueYears(cat: Catalogue): {
  errors: CatalogueIssue[];
  warnings: CatalogueIssue[];
} {
  const errors: CatalogueIssue[] = [];
  const warnings: CatalogueIssue[] = [];
  const first = cat.policy.approvalDate ? Number(cat.policy.approvalDate.slice(0, 4)) : null;
  const last = cat.policy.horizonYear;
  const policyYears = first === null ? `hasta ${last}` : `${first}–${last}`;
  const outsidePolicy = (y: number) => y > last || (first !== null && y < first);
  const span = (v: { validFrom: number; validTo: number | null }) =>
    v.validTo === null ? `desde ${v.validFrom}` : `${v.validFrom}–${v.validTo}`;
  const inForce = (v: { validFrom: number; validTo: number | null }, y: number) =>
    y >= v.validFrom && (v.validTo === null || y <= v.validTo);

  if (first !== null && last < first) {
    errors.push({
      path: "policy.horizonYear",
      message: `el horizonte ${last} es anterior a la aprobación (${first})`,
    });
  }

  cat.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    ind.metas.forEach((m, j) => {
      const mp = `${at}.metas[${j}]`;
      if (outsidePolicy(m.year)) {
        errors.push({
          path: `${mp}.year`,
          message: `la meta ${m.year} está fuera de los años de la política (${policyYears})`,
        });
        return;
      }
      const fichas = ind.versions.filter((v) => inForce(v, m.year));
      if (fichas.length === 0) {
        errors.push({
          path: `${mp}.year`,
          message: `ninguna ficha del indicador ${ind.code} está vigente en ${m.year} (${ind.versions.map((v) => `v${v.version}: ${span(v)}`).join("; ")})`,
        });
        return;
      }
      for (const v of fichas) {
        if (v.baseline !== null && v.baseline.value === m.value) {
          warnings.push({
            path: `${mp}.value`,
            message: `la meta ${m.year} (${m.value}) es igual a la línea de base de la ficha v${v.version}: el avance tipo 2 de ese año será ND`,
          });
        }
      }
    });
    ind.measurements.forEach((m, j) => {
      const mp = `${at}.measurements[${j}]`;
      if (outsidePolicy(m.year)) {
        errors.push({
          path: `${mp}.year`,
          message: `el valor ${m.year} está fuera de los años de la política (${policyYears})`,
        });
        return;
      }
      const v = ind.versions.find((x) => x.version === m.indicatorVersion);
      // An unknown version is reported by the reference checks.
      if (v && !inForce(v, m.year)) {
        errors.push({
          path: `${mp}.year`,
          message: `el valor ${m.year} está fuera de la vigencia de la ficha v${v.version} (${span(v)})`,
        });
      }
    });
  });

  cat.commitments.forEach((c, i) => {
    c.newMetas.forEach((m, j) => {
      if (outsidePolicy(m.year)) {
        errors.push({
          path: `commitments[${i}].newMetas[${j}].year`,
          message: `la meta ${m.year} está fuera de los años de la política (${policyYears})`,
        });
      }
    });
  });
  return { errors, warnings };
}
