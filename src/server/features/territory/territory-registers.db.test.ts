import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { DomainError } from "../../errors.ts";
import { createTraining, importTrainingsCsv, trainingTable } from "./activities.service.ts";
import { importSpacesCsv, listSpaces, summarizeSpaces } from "./coordination-spaces.service.ts";
import { getRegisterProposal } from "./register-proposals.service.ts";
import { importTerritoryReference } from "./territory-reference.service.ts";
import { listTerritoryGroups, setUbigeoValidity } from "./ubigeo-crosswalk.service.ts";

const actor = systemActor("test");

const refused = (pattern: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.code === "invalid" && pattern.test(e.message);

describe("territory registers: seed 003 reference, RENIEC imports, proposals (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  test("the reference loads the ubigeo on first use, then seed 003's spaces and trainings", async () => {
    const r = await importTerritoryReference(t.db, actor);
    assert.equal(r.ubigeoLoaded, true);
    assert.deepEqual(
      [r.spaces.rows, r.spaces.created, r.trainings.created, r.groups],
      [115, 115, 5, 2],
    );
    const again = await importTerritoryReference(t.db, actor);
    assert.deepEqual(
      [again.ubigeoLoaded, again.spaces.created, again.trainings.created],
      [false, 0, 0],
    );
  });

  test("counts by level from registry rows reproduce seed 003: 25 regional, 90 local (55 + 35)", async () => {
    const s = await summarizeSpaces(t.db, actor);
    assert.equal(s.national.regional, 25);
    assert.equal(s.national.local, 90);
    assert.equal(s.national.provincial, 55);
    // The national slide has no centro-poblado column: La Rinconada is counted in its 35.
    assert.equal(s.national.distrital + s.national.centro_poblado, 35);
  });

  test("the five southern regions' table (003:141-160) comes out of the rows", async () => {
    const s = await summarizeSpaces(t.db, actor);
    const table = s.byDepartment.map((d) => [
      d.departmentName,
      d.regional,
      d.provincial,
      d.distrital,
      d.centro_poblado,
      d.local,
    ]);
    assert.deepEqual(table, [
      ["AREQUIPA", 1, 0, 1, 0, 1],
      ["CUSCO", 1, 5, 2, 0, 7],
      ["MOQUEGUA", 1, 2, 0, 0, 2],
      ["PUNO", 1, 3, 2, 1, 6],
      ["TACNA", 1, 1, 1, 0, 2],
    ]);
    const totals = table.reduce(
      (a, r) => a.map((v, i) => (i === 0 ? v : Number(v) + Number(r[i]))),
      ["", 0, 0, 0, 0, 0],
    );
    assert.deepEqual(totals.slice(1), [5, 11, 6, 1, 18]);
    const puno = await listSpaces(t.db, actor, { department: "21", level: "centro_poblado" });
    assert.deepEqual(
      puno.map((p) => [
        p.centroPoblado,
        p.place?.name,
        p.source.includes("no es una exportación institucional"),
      ]),
      [["La Rinconada", "ANANEA", true]],
    );
  });

  test("the training table sums 350 / 370 / 420 / 320 / 250 = 1,710 from register rows", async () => {
    const table = await trainingTable(t.db, actor, {});
    assert.deepEqual(
      table.rows.map((r) => [r.departmentName, r.participants]),
      [
        ["AREQUIPA", 350],
        ["CUSCO", 370],
        ["MOQUEGUA", 250],
        ["PUNO", 420],
        ["TACNA", 320],
      ],
    );
    assert.equal(table.total, 1710);
    assert.equal(table.trainings.length, 5);
  });

  test("groupings are the two zones of 004:337", async () => {
    const groups = await listTerritoryGroups(t.db, actor);
    assert.deepEqual(
      groups.map((g) => [g.name, g.members.map((m) => m.name)]),
      [
        ["Zona Norte", ["PIURA"]],
        ["Zona Sur-Oriente", ["MADRE DE DIOS"]],
      ],
    );
  });

  test("a RENIEC-coded file is converted to INEI codes", async () => {
    // RENIEC 140101 is Lima's Cercado (INEI 150101); 070605 is Pitumarca (INEI 080605).
    const csv = [
      "curso,modalidad,ubigeo_reniec,publico,participantes,mujeres,hombres,fecha_inicio,fecha_fin,entidad,servicio",
      "Guía operativa,presencial,140101,personal_policial,40,12,28,2024-03-04,2024-03-05,MININTER,S20",
      "Guía operativa,virtual,070605,personal_policial,25,,,2024-08-01,2024-08-01,MININTER,S20",
    ].join("\n");
    const report = await importTrainingsCsv(t.db, actor, { fileName: "reniec.csv", text: csv });
    assert.deepEqual(report, { file: "reniec.csv", rows: 2, created: 2, convertedFromReniec: 2 });
    const table = await trainingTable(t.db, actor, { from: "2024-01-01", service: "S20" });
    assert.deepEqual(
      table.trainings.map((x) => [x.place.code, x.place.name]),
      [
        ["080605", "PITUMARCA"],
        ["150101", "LIMA"],
      ],
    );
  });

  test("ambiguous codes are refused with the candidates, by row and column, and nothing is written", async () => {
    const before = (await trainingTable(t.db, actor, {})).trainings.length;
    const csv = [
      "curso,modalidad,ubigeo,publico,participantes,fecha_inicio,fecha_fin,entidad",
      "Curso,virtual,211105,personal_policial,5,2024-01-01,2024-01-01,MININTER",
      "Curso,virtual,140101,personal_policial,5,2024-01-01,2024-01-01,MININTER",
    ].join("\n");
    await assert.rejects(
      importTrainingsCsv(t.db, actor, { fileName: "mixto.csv", text: csv }),
      (e: unknown) =>
        e instanceof DomainError &&
        /^mixto\.csv: 1 problema\(s\); no se importó nada\. Fila 3, columna «ubigeo»: el código 140101 es ambiguo: INEI 140101 = CHICLAYO \(CHICLAYO, LAMBAYEQUE\), distrito; RENIEC 140101 = LIMA \(LIMA, LIMA\), distrito → INEI 150101/.test(
          e.message,
        ) &&
        e.issues[0]?.path === "fila 3, columna «ubigeo»",
    );
    assert.equal((await trainingTable(t.db, actor, {})).trainings.length, before);
    // Declaring the scheme resolves it.
    const ok = await importTrainingsCsv(t.db, actor, {
      fileName: "mixto.csv",
      text: csv,
      scheme: "inei",
    });
    assert.equal(ok.created, 2);
  });

  test("a space file with a bad row writes none of its rows", async () => {
    const before = (await listSpaces(t.db, actor, {})).length;
    const csv = [
      "nivel,tipo,nombre,ubigeo_inei,ordenanza_numero,ordenanza_fecha",
      "regional,mesa,Mesa regional de Piura,20,OR 123-2019,2019-05-02",
      "provincial,red,Red provincial,200101,,",
    ].join("\n");
    await assert.rejects(
      importSpacesCsv(t.db, actor, { fileName: "espacios.csv", text: csv }),
      refused(/Fila 3, columna «ubigeo_inei»: PIURA \(PIURA, PIURA\), distrito no es un provincia/),
    );
    assert.equal((await listSpaces(t.db, actor, {})).length, before);
  });

  test("a district has no data before it existed", async () => {
    await setUbigeoValidity(t.db, actor, {
      code: "211105",
      validFrom: "2016-07-02",
      validTo: null,
    });
    await assert.rejects(
      createTraining(t.db, actor, {
        course: "Curso",
        modality: "virtual",
        ubigeo: "211105",
        codeScheme: "inei",
        audience: "personal_policial",
        participants: 5,
        cascadeLevel: 0,
        startedOn: "2015-06-01",
        endedOn: "2015-06-02",
        entity: "MININTER",
      }),
      refused(/SAN MIGUEL \(SAN ROMAN, PUNO\), distrito existe desde el 2016-07-02/),
    );
    // Moving the start after a recorded training is refused too: history is not rewritten.
    await assert.rejects(
      setUbigeoValidity(t.db, actor, { code: "080605", validFrom: "2025-01-01", validTo: null }),
      refused(/tiene capacitaciones registradas fuera de esa vigencia/),
    );
  });

  test("S20's proposed value is the register's sum for the period, with its records", async () => {
    const p = await getRegisterProposal(t.db, actor, {
      policyCode: "pntp",
      indicatorCode: "20",
      year: 2024,
      period: "ANUAL",
    });
    // 40 + 25 from the RENIEC file; the two rows of mixto.csv have no service.
    assert.deepEqual(
      [p.service, p.field, p.proposedValue, p.records.length],
      ["S20", "value", 65, 2],
    );
    const s1 = await getRegisterProposal(t.db, actor, {
      policyCode: "pntp",
      indicatorCode: "20",
      year: 2024,
      period: "S1",
    });
    assert.equal(s1.proposedValue, 40);
    const audits = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("action", "in", ["training.import", "territory.reference", "ubigeo.validity"])
      .execute();
    assert.deepEqual([...new Set(audits.map((a) => a.action))].sort(), [
      "territory.reference",
      "training.import",
      "ubigeo.validity",
    ]);
  });

  test("an indicator that is no register count has no proposal", async () => {
    await assert.rejects(
      getRegisterProposal(t.db, actor, {
        policyCode: "pntp",
        indicatorCode: "5",
        year: 2023,
        period: "ANUAL",
      }),
      refused(/no se calcula desde un registro de Vigía/),
    );
  });
});
