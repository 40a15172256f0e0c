import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { z } from "zod";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { TipEntrySchema, TipPointsSchema } from "../../../shared/contracts/tip-entries.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { generateTipPack } from "../reports/reports.service.ts";
import { SUPPRESSED, statusOf } from "../reports/tip/tip-document.builder.ts";
import { buildTipModel } from "../reports/tip/tip-model.service.ts";
import { importReferenceFigures } from "../statistics/statistics-reference.service.ts";

// A focal point of the Ministerio Público enters the number of specialised prosecutors
// (point 12, which the register cannot answer) for 2019 and corrects it; the TIP pack prints
// it as «Ingresado por un punto focal» with the entity, the version and who entered it.
const actor = systemActor("test");
const YEAR = 2019;

async function sheetRows(bytes: Uint8Array): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.eachSheet((ws) => {
    if (ws.name === "Portada") return;
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  });
  return rows;
}

const entry = (over: Record<string, unknown> = {}) => ({
  dataPointId: 12,
  year: YEAR,
  entity: "MP",
  value: { kind: "numero", number: 120 },
  unit: "fiscales",
  definition:
    "Fiscales de las FISTRAP con plaza al 31 de diciembre; planilla del Ministerio Público",
  disaggregation: "Por distrito fiscal: Lima 40, Cusco 12, …",
  comment: "Incluye fiscales adjuntos",
  ...over,
});

describe("TIP entries by focal points (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let focalMp: ApiSession;
  let focalSunafil: ApiSession;
  let admin: ApiSession;
  let firstId = 0;
  let secondId = 0;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await importReferenceFigures(t.db, actor);
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    focalMp = (await signIn(app, t.db, "punto_focal", { entities: ["MP"] })).session;
    focalSunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("a focal point enters a value for its entity; another entity's focal point is refused", async () => {
    const res = await focalMp.request("POST", "/api/tip/entries", entry());
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const e = TipEntrySchema.parse(res.json);
    assert.deepEqual(
      [e.version, e.current, e.entity.code, e.value],
      [1, true, "MP", { kind: "numero", number: 120 }],
    );
    assert.equal(e.enteredByUser?.name, "Usuario punto_focal");
    firstId = e.id;
    const other = await focalSunafil.request("POST", "/api/tip/entries", entry({ number: 1 }));
    assert.equal(other.status, 403);
    assert.match(JSON.stringify(other.json), /sus entidades; MP no es una de ellas/);
    const read = await focalSunafil.request("GET", `/api/tip/entries?year=${YEAR}&entity=MP`);
    assert.equal(read.status, 403);
    // Its own list does not show the other entity's entry.
    const own = await focalSunafil.request("GET", `/api/tip/entries?year=${YEAR}`);
    assert.deepEqual(own.json, []);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "objectId"])
      .where("objectType", "=", "tip_point_entry")
      .execute();
    assert.deepEqual(audit, [{ action: "tip_entry.create", objectId: String(firstId) }]);
  });

  test("bad input is refused in Spanish, naming the field", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ unit: "fis\u0007cales" }, /«unidad»: carácter de control U\+0007/],
      [{ value: { kind: "numero", number: 1e15 } }, /«valor»: debe ser un número finito/],
      [{ value: { kind: "texto", text: "x".repeat(5000) } }, /«respuesta»: tiene 5000 caracteres/],
      [{ definition: "   " }, /«fuente y definición»: es obligatorio/],
      [{ dataPointId: 41 }, /«dato»: 41 no existe/],
      [{ entity: "NOEXISTE" }, /403|no es una de ellas/],
    ];
    for (const [over, message] of cases) {
      const res = await focalMp.request("POST", "/api/tip/entries", entry(over));
      assert.ok(res.status === 400 || res.status === 403, `${JSON.stringify(over)}: ${res.status}`);
      assert.match(`${res.status} ${JSON.stringify(res.json)}`, message, JSON.stringify(over));
    }
    const unknownEntity = await admin.request("POST", "/api/tip/entries", entry({ entity: "X1" }));
    assert.equal(unknownEntity.status, 400);
    assert.match(JSON.stringify(unknownEntity.json), /«entidad»: X1 no existe/);
  });

  test("a correction supersedes the current version and keeps the history", async () => {
    const again = await focalMp.request("POST", "/api/tip/entries", entry({ value: 1 }));
    assert.equal(again.status, 400, "value must be a tagged number");
    const duplicate = await focalMp.request("POST", "/api/tip/entries", entry());
    assert.equal(duplicate.status, 409);
    assert.match(JSON.stringify(duplicate.json), /versión 1/);
    const fixed = await focalMp.request(
      "POST",
      "/api/tip/entries",
      entry({ value: { kind: "numero", number: 130 }, supersedesId: firstId }),
    );
    assert.equal(fixed.status, 201, JSON.stringify(fixed.json));
    const v2 = TipEntrySchema.parse(fixed.json);
    secondId = v2.id;
    assert.deepEqual([v2.version, v2.supersedesId], [2, firstId]);
    const stale = await focalMp.request(
      "POST",
      "/api/tip/entries",
      entry({ value: { kind: "numero", number: 140 }, supersedesId: firstId }),
    );
    assert.equal(stale.status, 409);
    const history = z
      .array(TipEntrySchema)
      .parse(
        (await focalMp.request("GET", `/api/tip/entries?year=${YEAR}&point=12&history=true`)).json,
      );
    assert.deepEqual(
      history.map((h) => [h.version, h.value, h.current, h.supersededById]),
      [
        [1, { kind: "numero", number: 120 }, false, secondId],
        [2, { kind: "numero", number: 130 }, true, null],
      ],
    );
    // Append-only in the database too.
    await assert.rejects(
      sql`UPDATE tip_point_entry SET unit = 'x' WHERE id = ${firstId}`.execute(t.db),
      /solo inserción/,
    );
  });

  test("the administrator reviews the current version only", async () => {
    assert.equal(
      (await focalMp.request("POST", `/api/tip/entries/${secondId}/review`, {})).status,
      403,
    );
    const old = await admin.request("POST", `/api/tip/entries/${firstId}/review`, {});
    assert.equal(old.status, 409);
    const ok = await admin.request("POST", `/api/tip/entries/${secondId}/review`, {
      note: "Cotejado con la planilla",
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(TipEntrySchema.parse(ok.json).review?.note, "Cotejado con la planilla");
    assert.equal(
      (await admin.request("POST", `/api/tip/entries/${secondId}/review`, {})).status,
      409,
    );
  });

  test("the pack shows the entry as «Ingresado por un punto focal», beside the data where both exist", async () => {
    // A small count (point 11), a text answer (point 9) and an entry for a point the register
    // answers (15, victims): the register's figures stay, the entry is listed beside them.
    for (const body of [
      entry({ dataPointId: 11, value: { kind: "numero", number: 5 }, unit: "policías" }),
      entry({
        dataPointId: 9,
        value: { kind: "texto", text: "La Pampa: 3 procesos abiertos; sentencia en 2019." },
        unit: "respuesta",
      }),
      entry({ dataPointId: 15, value: { kind: "numero", number: 480 }, unit: "víctimas" }),
    ]) {
      const res = await focalMp.request("POST", "/api/tip/entries", body);
      assert.equal(res.status, 201, JSON.stringify(res.json));
    }
    const model = await buildTipModel(t.db, actor, { year: YEAR, audience: "internal" });
    const point = (id: number) => model.points.find((p) => p.point.id === id);
    assert.equal(statusOf(model, point(12) as never), "punto_focal");
    assert.equal(point(12)?.entries[0]?.value.kind, "numero");
    assert.equal(statusOf(model, point(15) as never), "datos");
    assert.equal(point(15)?.current.groups.find((g) => g.source === "PNP-RETA")?.total?.value, 765);

    const internal = await sheetRows(
      (await generateTipPack(t.db, actor, { year: YEAR, format: "xlsx", audience: "internal" }))
        .bytes,
    );
    const rowsOf = (rows: unknown[][], id: number) => rows.filter((r) => r[0] === id);
    const twelve = rowsOf(internal, 12);
    assert.equal(twelve.length, 1);
    assert.equal(twelve[0]?.[3], 130);
    assert.equal(twelve[0]?.[7], "punto_focal");
    assert.match(String(twelve[0]?.[2]), /\(MP\) — ingresado por un punto focal/);
    assert.match(
      String(twelve[0]?.[6]),
      /Usuario punto_focal, punto focal de MP el .*versión 2.*revisado/,
    );
    assert.equal(rowsOf(internal, 9)[0]?.[3], "La Pampa: 3 procesos abiertos; sentencia en 2019.");
    const fifteen = rowsOf(internal, 15);
    assert.deepEqual(
      fifteen.map((r) => r[7]),
      ["datos", "datos", "datos", "punto_focal"],
      "the three sources' figures, then the entry beside them",
    );

    const publicRows = await sheetRows(
      (await generateTipPack(t.db, actor, { year: YEAR, format: "xlsx", audience: "public" }))
        .bytes,
    );
    // 5 < k: the entered count is suppressed like the register's cells; no name in public.
    assert.equal(rowsOf(publicRows, 11)[0]?.[3], SUPPRESSED);
    assert.equal(rowsOf(publicRows, 12)[0]?.[3], 130);
    assert.doesNotMatch(
      JSON.stringify(publicRows),
      /Usuario punto_focal|Incluye fiscales adjuntos/,
    );
    assert.match(String(rowsOf(internal, 12)[0]?.[6]), /Comentario: Incluye fiscales adjuntos/);
  });

  test("the page's list has the 40 points with the pack's status and the reader's entries", async () => {
    const res = await focalMp.request("GET", `/api/tip/points?year=${YEAR}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const list = TipPointsSchema.parse(res.json);
    assert.equal(list.points.length, 40);
    assert.deepEqual(list.entities, [{ code: "MP", name: list.entities[0]?.name }]);
    const twelve = list.points.find((p) => p.id === 12);
    assert.deepEqual(
      [twelve?.status, twelve?.fromData, twelve?.entries.length],
      ["punto_focal", false, 1],
    );
    const fifteen = list.points.find((p) => p.id === 15);
    assert.deepEqual([fifteen?.status, fifteen?.fromData], ["datos", true]);
    const other = TipPointsSchema.parse(
      (await focalSunafil.request("GET", `/api/tip/points?year=${YEAR}`)).json,
    );
    assert.equal(other.points.find((p) => p.id === 12)?.entries.length, 0);
  });
});
