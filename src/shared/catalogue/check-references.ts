import type { Catalogue } from "../schemas/catalogue.schema.ts";

/**
 * Cross-reference rules a JSON Schema cannot express: unique codes, and every code that one
 * object uses to point at another must exist. Each issue names the path of the bad field.
 */

export interface CatalogueIssue {
  path: string;
  message: string;
}

export function checkCatalogueReferences(cat: Catalogue): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const uniqueCodes = (list: readonly { code: string }[], where: string): Set<string> => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.code)) add(`${where}[${i}].code`, `código duplicado "${item.code}"`);
      seen.add(item.code);
    });
    return seen;
  };
  const entities = uniqueCodes(cat.entities, "entities");
  const units = uniqueCodes(cat.orgUnits, "orgUnits");
  const objectives = uniqueCodes(cat.objectives, "objectives");
  const lineamientos = uniqueCodes(cat.lineamientos, "lineamientos");
  const services = uniqueCodes(cat.services, "services");
  const indicators = uniqueCodes(cat.indicators, "indicators");

  const mustExist = (set: Set<string>, value: string | null, path: string, what: string) => {
    if (value !== null && !set.has(value)) add(path, `${what} "${value}" no existe en el catálogo`);
  };

  mustExist(entities, cat.policy.conductor, "policy.conductor", "la entidad");
  mustExist(units, cat.policy.conductorUnit, "policy.conductorUnit", "la unidad");
  cat.entities.forEach((e, i) => {
    mustExist(entities, e.parent, `entities[${i}].parent`, "la entidad");
    if (e.parent === e.code)
      add(`entities[${i}].parent`, "una entidad no puede ser su propia matriz");
  });
  cat.orgUnits.forEach((u, i) => {
    mustExist(entities, u.entity, `orgUnits[${i}].entity`, "la entidad");
  });
  cat.lineamientos.forEach((l, i) => {
    mustExist(objectives, l.objective, `lineamientos[${i}].objective`, "el objetivo");
  });
  const lineamientoObjective = new Map(cat.lineamientos.map((l) => [l.code, l.objective]));
  const serviceNumbers = new Set<number>();
  cat.services.forEach((s, i) => {
    mustExist(lineamientos, s.lineamiento, `services[${i}].lineamiento`, "el lineamiento");
    if (serviceNumbers.has(s.number))
      add(`services[${i}].number`, `número de servicio duplicado ${s.number}`);
    serviceNumbers.add(s.number);
    s.responsibility.forEach((r, j) => {
      mustExist(entities, r.entity, `services[${i}].responsibility[${j}].entity`, "la entidad");
      if (r.toYear !== null && r.toYear < r.fromYear) {
        add(
          `services[${i}].responsibility[${j}].toYear`,
          "la responsabilidad termina antes de empezar",
        );
      }
    });
  });
  const serviceObjective = new Map(
    cat.services.map((s) => [s.code, lineamientoObjective.get(s.lineamiento)]),
  );

  cat.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    mustExist(objectives, ind.objective, `${at}.objective`, "el objetivo");
    if (ind.level === "servicio") {
      if (ind.service === null)
        add(`${at}.service`, "un indicador de servicio debe indicar su servicio");
      else {
        mustExist(services, ind.service, `${at}.service`, "el servicio");
        const obj = serviceObjective.get(ind.service);
        if (obj && obj !== ind.objective) {
          add(
            `${at}.objective`,
            `el servicio ${ind.service} pertenece a ${obj}, no a ${ind.objective}`,
          );
        }
      }
    } else if (ind.service !== null) {
      add(`${at}.service`, "un indicador de objetivo prioritario no tiene servicio");
    }
    const versions = new Set<number>();
    ind.versions.forEach((v, j) => {
      if (versions.has(v.version))
        add(`${at}.versions[${j}].version`, `versión duplicada ${v.version}`);
      versions.add(v.version);
      mustExist(
        entities,
        v.responsibleEntity,
        `${at}.versions[${j}].responsibleEntity`,
        "la entidad",
      );
      mustExist(units, v.responsibleUnit, `${at}.versions[${j}].responsibleUnit`, "la unidad");
      if (v.validTo !== null && v.validTo < v.validFrom) {
        add(`${at}.versions[${j}].validTo`, "la vigencia termina antes de empezar");
      }
    });
    const metaKeys = new Set<string>();
    ind.metas.forEach((m, j) => {
      const key = `${m.year}/${m.revision}`;
      if (metaKeys.has(key))
        add(`${at}.metas[${j}]`, `meta duplicada para ${m.year}, revisión ${m.revision}`);
      metaKeys.add(key);
    });
    const periods = new Set<string>();
    ind.measurements.forEach((m, j) => {
      const mp = `${at}.measurements[${j}]`;
      const key = `${m.year}/${m.period}`;
      if (periods.has(key)) add(mp, `valor duplicado para ${m.year} ${m.period}`);
      periods.add(key);
      if (!versions.has(m.indicatorVersion)) {
        add(
          `${mp}.indicatorVersion`,
          `la versión ${m.indicatorVersion} no existe para el indicador ${ind.code}`,
        );
      }
      mustExist(entities, m.reportingEntity, `${mp}.reportingEntity`, "la entidad");
      mustExist(entities, m.reportedForEntity, `${mp}.reportedForEntity`, "la entidad");
      mustExist(units, m.reportingUnit, `${mp}.reportingUnit`, "la unidad");
    });
  });

  const commitmentKeys = new Set<string>();
  cat.commitments.forEach((c, i) => {
    const key = `${c.periodYear}/${c.number}`;
    if (commitmentKeys.has(key))
      add(`commitments[${i}].number`, `compromiso duplicado ${c.number} (${c.periodYear})`);
    commitmentKeys.add(key);
    mustExist(indicators, c.indicator, `commitments[${i}].indicator`, "el indicador");
    mustExist(services, c.service, `commitments[${i}].service`, "el servicio");
  });
  const criteria = new Set<string>();
  cat.valoracion.criteria.forEach((c, i) => {
    if (criteria.has(c.code))
      add(`valoracion.criteria[${i}].code`, `criterio duplicado "${c.code}"`);
    criteria.add(c.code);
  });
  const declarationKeys = new Set<string>();
  (cat.valoracionDeclarations ?? []).forEach((d, i) => {
    const at = `valoracionDeclarations[${i}]`;
    mustExist(criteria, d.criterion, `${at}.criterion`, "el criterio de valoración");
    const key = `${d.year}/${d.criterion}/${d.revision}`;
    if (declarationKeys.has(key))
      add(
        `${at}.revision`,
        `declaración duplicada: ${d.criterion} ${d.year}, revisión ${d.revision}`,
      );
    declarationKeys.add(key);
  });
  return issues;
}
