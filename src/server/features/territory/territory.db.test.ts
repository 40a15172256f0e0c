import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import type { DisaggregationDimension } from "../../../shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import { DomainError } from "../../errors.ts";
import { seedBundledCatalogue } from "../catalogue/catalogue.service.ts";
import {
  countUbigeo,
  loadUbigeoReference,
  parseCsv,
  rollUpDistrictsToRegions,
} from "./territory.service.ts";

const actor = systemActor("test");

test("parseCsv keeps quoted commas, doubled quotes and line breaks inside one field", () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","di ""z""\nw"\n\n010101,\n'), [
    ["a", "b"],
    ["x, y", 'di "z"\nw'],
    ["010101", ""],
  ]);
});

test("a malformed reference file is refused in Spanish, naming the record, line and column", () => {
  const refused = (text: string, message: RegExp) =>
    assert.throws(
      () => parseCsv(text, "ubigeo_distrito.csv"),
      (e: unknown) => e instanceof DomainError && e.code === "invalid" && message.test(e.message),
    );
  refused(
    'inei,distrito,capital\n010101,CHACHAPOYAS,Chachapoyas\n010102,"ASUNCION,Asunción\n',
    /^El archivo ubigeo_distrito\.csv no es un CSV válido: el registro 2 \(línea 3\), columna 2 «distrito»: comillas sin cerrar\.$/,
  );
  refused(
    'inei,distrito,capital\n010101,"CHACHA"POYAS,Chachapoyas\n',
    /el registro 1 \(línea 2\), columna 2 «distrito»: texto después de las comillas de cierre/,
  );
  refused(
    "inei,distrito,capital\n010101,CHACHAPOYAS,Chachapoyas\n\n010102,ASUNCION\n",
    /el registro 2 \(línea 4\), columna 3 «capital»: falta este campo: el registro tiene 2 y la cabecera 3/,
  );
  refused(
    "inei,distrito\n010101,CHACHAPOYAS,Chachapoyas\n",
    /el registro 1 \(línea 2\), columna 3: sobran campos: el registro tiene 3 y la cabecera 2/,
  );
  refused('inei,"distrito\n', /la cabecera \(línea \d\): comillas sin cerrar/);
});

describe("territory: ubigeo reference and district roll-up (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.dispose();
  });

  test("loads 25 departments, 196 provinces and 1,892 districts; San Antonio (NA) is skipped", async () => {
    const summary = await loadUbigeoReference(t.db, actor);
    assert.deepEqual(summary.loaded, { departamento: 25, provincia: 196, distrito: 1892 });
    assert.equal(summary.changed, 25 + 196 + 1892);
    assert.deepEqual(
      summary.skipped.map((s) => [s.file, s.name]),
      [["ubigeo_distrito.csv", "SAN ANTONIO"]],
    );
    assert.deepEqual(await countUbigeo(t.db, actor), {
      departamento: 25,
      provincia: 196,
      distrito: 1892,
    });
  });

  test("loading again changes nothing and leaves a single audit event", async () => {
    const again = await loadUbigeoReference(t.db, actor);
    assert.equal(again.changed, 0);
    assert.deepEqual(await countUbigeo(t.db, actor), {
      departamento: 25,
      provincia: 196,
      distrito: 1892,
    });
    const events = await t.db
      .selectFrom("auditEvent")
      .select(["actor", "objectType"])
      .where("action", "=", "ubigeo.load")
      .execute();
    assert.deepEqual(events, [{ actor: "system:test", objectType: "ubigeo" }]);
  });

  test("a renamed district is updated in place by the next load", async () => {
    await t.db.updateTable("ubigeo").set({ name: "X" }).where("code", "=", "150132").execute();
    const summary = await loadUbigeoReference(t.db, actor);
    assert.equal(summary.changed, 1);
    const row = await t.db
      .selectFrom("ubigeo")
      .select("name")
      .where("code", "=", "150132")
      .executeTakeFirstOrThrow();
    assert.equal(row.name, "SAN JUAN DE LURIGANCHO");
  });

  test("codes keep their leading zeros and rows after a quoted line break are intact", async () => {
    const rows = await t.db
      .selectFrom("ubigeo")
      .selectAll()
      .where("code", "in", ["01", "0105", "010519", "010520", "07", "070101"])
      .orderBy("code")
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.code, r.level, r.name, r.departmentCode, r.provinceCode]),
      [
        ["01", "departamento", "AMAZONAS", "01", null],
        ["0105", "provincia", "LUYA", "01", "0105"],
        ["010519", "distrito", "SAN JUAN DE LOPECANCHA", "01", "0105"],
        ["010520", "distrito", "SANTA CATALINA", "01", "0105"],
        ["07", "departamento", "CALLAO", "07", null],
        ["070101", "distrito", "CALLAO", "07", "0701"],
      ],
    );
  });

  describe("roll-up of district values to departments", () => {
    // Adds a revision of an indicator's seeded measurement, with its own disaggregation rows.
    async function addRevision(
      code: string,
      year: number,
      revision: number,
      status: MeasurementStatus,
      parts: [dimension: DisaggregationDimension, category: string, value: number][],
    ) {
      const base = await t.db
        .selectFrom("measurement as m")
        .innerJoin("indicator as i", "i.id", "m.indicatorId")
        .selectAll("m")
        .where("i.code", "=", code)
        .where("m.year", "=", year)
        .where("m.period", "=", "ANUAL")
        .where("m.revision", "=", 1)
        .executeTakeFirstOrThrow();
      const { id: _id, createdAt: _at, ...copy } = base;
      const measurementId =
        revision === 1
          ? base.id
          : (
              await t.db
                .insertInto("measurement")
                .values({ ...copy, revision, status })
                .returning("id")
                .executeTakeFirstOrThrow()
            ).id;
      await t.db
        .insertInto("measurementDisaggregation")
        .values(
          parts.map(([dimension, category, value], position) => ({
            measurementId,
            dimension,
            category,
            label: null,
            value,
            position,
          })),
        )
        .execute();
    }

    before(async () => {
      await seedBundledCatalogue(t.db, actor, { code: "pntp", replace: false });
      // Indicator 5, 2023: revision 1 is superseded by the validated revision 2, and the
      // submitted revision 3 counts only in a preview.
      await addRevision("5", 2023, 1, "validado", [["region", "150101", 1000]]);
      await addRevision("5", 2023, 2, "validado", [
        ["region", "010101", 10],
        ["region", "010102", 2.5],
        ["region", "150101", 100],
        ["region", "150132", 17],
        ["region", "070101", 8],
        // Not district rows: department and province totals, padded to six digits or not, and
        // another dimension are left out.
        ["region", "15", 117],
        ["region", "150000", 117],
        ["region", "150100", 100],
        ["region", "LIMA", 117],
        ["sexo", "F", 70],
      ]);
      await addRevision("5", 2023, 3, "enviado", [["region", "010101", 99]]);
      // Indicator 6, 2023, with a district code unknown to the reference (department 99).
      await addRevision("6", 2023, 1, "validado", [
        ["region", "150101", 1500],
        ["region", "150102", 112],
        ["region", "990101", 3],
      ]);
      // Another year: must not leak into 2023.
      await addRevision("6", 2022, 1, "validado", [["region", "150101", 1819]]);
    });

    test("sums per indicator and department, in force revision only", async () => {
      const r = await rollUpDistrictsToRegions(t.db, actor, { policyCode: "pntp", year: 2023 });
      assert.equal(r.period, "ANUAL");
      assert.deepEqual(r.basis.statuses, ["validado"]);
      assert.deepEqual(r.rows, [
        {
          indicatorCode: "5",
          departmentCode: "01",
          departmentName: "AMAZONAS",
          value: 12.5,
          districts: 2,
        },
        {
          indicatorCode: "5",
          departmentCode: "07",
          departmentName: "CALLAO",
          value: 8,
          districts: 1,
        },
        {
          indicatorCode: "5",
          departmentCode: "15",
          departmentName: "LIMA",
          value: 117,
          districts: 2,
        },
        {
          indicatorCode: "6",
          departmentCode: "15",
          departmentName: "LIMA",
          value: 1612,
          districts: 2,
        },
        {
          indicatorCode: "6",
          departmentCode: "99",
          departmentName: null,
          value: 3,
          districts: 1,
        },
      ]);
    });

    test("the preview includes the submitted revision", async () => {
      const r = await rollUpDistrictsToRegions(t.db, actor, {
        policyCode: "pntp",
        year: 2023,
        preview: true,
      });
      assert.deepEqual(
        r.rows.filter((x) => x.indicatorCode === "5"),
        [
          {
            indicatorCode: "5",
            departmentCode: "01",
            departmentName: "AMAZONAS",
            value: 99,
            districts: 1,
          },
        ],
      );
    });

    test("another year and a period without data", async () => {
      const y2022 = await rollUpDistrictsToRegions(t.db, actor, { policyCode: "pntp", year: 2022 });
      assert.deepEqual(
        y2022.rows.map((x) => [x.indicatorCode, x.departmentCode, x.value]),
        [["6", "15", 1819]],
      );
      const s1 = await rollUpDistrictsToRegions(t.db, actor, {
        policyCode: "pntp",
        year: 2023,
        period: "S1",
      });
      assert.deepEqual(s1.rows, []);
    });

    test("an unknown policy is not found; a bad period is invalid", async () => {
      await assert.rejects(
        rollUpDistrictsToRegions(t.db, actor, { policyCode: "nope", year: 2023 }),
        (e: unknown) => e instanceof DomainError && e.code === "not_found",
      );
      await assert.rejects(
        rollUpDistrictsToRegions(t.db, actor, {
          policyCode: "pntp",
          year: 2023,
          period: "Q1" as "S1",
        }),
        (e: unknown) => e instanceof DomainError && e.code === "invalid",
      );
    });
  });
});
