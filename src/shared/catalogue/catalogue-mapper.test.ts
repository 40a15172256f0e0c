import assert from "node:assert/strict";
import { test } from "node:test";
import { type CatalogueRows, catalogueFromRows } from "./catalogue-mapper.ts";

const version = {
  indicatorId: 20,
  name: "Casos atendidos",
  unit: "numero" as const,
  direction: "ascendente" as const,
  isCumulative: false,
  numeratorDef: null,
  denominatorDef: null,
  dataSources: ["Registro"],
  responsibleEntityId: 2,
  responsibleUnitId: null,
  baselineValue: null,
  baselineYear: null,
  baselineSource: null,
  baselineIsDerived: null,
  baselineNote: null,
  validFrom: 2022,
  validTo: null,
  reason: null,
};

const rows: CatalogueRows = {
  policy: {
    code: "p",
    name: "Política",
    shortName: null,
    approvalNorm: "DS 1",
    approvalDateText: "2021-05-04",
    horizonYear: 2030,
    publicProblem: null,
    desiredFuture: null,
    conductorCode: "MININTER",
    conductorUnitCode: null,
    provenance: { source: "test" },
    valoracion: { criteria: [] },
  },
  allEntities: [
    { id: 1, code: "MININTER" },
    { id: 2, code: "SUNAFIL" },
  ],
  allOrgUnits: [{ id: 7, code: "DGSD" }],
  entities: [
    { code: "MININTER", name: "Ministerio", kind: "ministerio", parentId: null },
    { code: "SUNAFIL", name: "Sunafil", kind: "organismo_adscrito", parentId: 1 },
  ],
  orgUnits: [{ code: "DGSD", name: "Dirección", entityId: 1 }],
  objectives: [{ id: 3, code: "OP1", name: "Objetivo", expectedResult: null }],
  lineamientos: [{ id: 4, code: "L1.1", objectiveId: 3, text: "Lineamiento" }],
  services: [
    {
      id: 5,
      code: "S1",
      number: 1,
      name: "Servicio",
      lineamientoId: 4,
      provider: null,
      recipients: null,
      isNew: false,
    },
  ],
  responsibilities: [{ serviceId: 5, entityId: 2, fromYear: 2022, toYear: null, note: null }],
  indicators: [{ id: 20, code: "IND1", level: "servicio", objectiveId: 3, serviceId: 5 }],
  // Rows of every indicator come mixed: the mapper groups them, keeping each list's order.
  versions: [
    { ...version, id: 31, version: 1 },
    { ...version, id: 32, version: 2, baselineValue: 10, baselineYear: 2020 },
  ],
  metas: [
    {
      indicatorId: 20,
      year: 2023,
      value: 12,
      source: "ficha_tecnica",
      revision: 1,
      reference: null,
      note: null,
    },
  ],
  measurements: [
    {
      id: 40,
      indicatorId: 20,
      indicatorVersionId: 32,
      year: 2023,
      period: "ANUAL",
      value: 11,
      numerator: null,
      denominator: null,
      logros: "Avance",
      dificultades: null,
      medidas: null,
      sourceSystem: null,
      reportingEntityId: 2,
      reportingUnitId: 7,
      // An entity the export cannot name keeps its id, so the loss shows.
      reportedForEntityId: 99,
      status: "validado",
      reference: null,
      note: null,
    },
  ],
  disaggregations: [
    { measurementId: 40, dimension: "sexo", category: "mujer", label: null, value: 6 },
    { measurementId: 41, dimension: "sexo", category: "hombre", label: null, value: 5 },
  ],
  commitments: [],
};

test("catalogueFromRows turns stored rows into the catalogue, ids into codes", () => {
  const cat = catalogueFromRows(rows);
  assert.equal(cat.policy.approvalDate, "2021-05-04");
  assert.equal(cat.policy.conductor, "MININTER");
  assert.deepEqual(
    cat.entities.map((e) => [e.code, e.parent]),
    [
      ["MININTER", null],
      ["SUNAFIL", "MININTER"],
    ],
  );
  assert.deepEqual(cat.orgUnits, [{ entity: "MININTER", code: "DGSD", name: "Dirección" }]);
  assert.equal(cat.lineamientos[0]?.objective, "OP1");
  assert.equal(cat.services[0]?.lineamiento, "L1.1");
  assert.deepEqual(cat.services[0]?.responsibility, [
    { entity: "SUNAFIL", fromYear: 2022, toYear: null, note: null },
  ]);

  const [ind] = cat.indicators;
  assert.ok(ind);
  assert.equal(ind.objective, "OP1");
  assert.equal(ind.service, "S1");
  assert.deepEqual(
    ind.versions.map((v) => [v.version, v.baseline]),
    [
      [1, null],
      [2, { value: 10, year: 2020, source: null, isDerived: false, note: null }],
    ],
  );
  assert.equal(ind.versions[0]?.responsibleEntity, "SUNAFIL");
  assert.equal(ind.metas.length, 1);
  const [m] = ind.measurements;
  assert.ok(m);
  assert.equal(m.indicatorVersion, 2);
  assert.equal(m.reportingUnit, "DGSD");
  assert.equal(m.reportedForEntity, "99");
  assert.deepEqual(m.narrative, { logros: "Avance", dificultades: null, medidas: null });
  // Only the disaggregations of the value itself.
  assert.deepEqual(m.disaggregations, [
    { dimension: "sexo", category: "mujer", label: null, value: 6 },
  ]);
});
