import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import { signIn } from "../../../../test/factories.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  ReconciliationSchema,
  StatisticsImportReportSchema,
  StatisticsSourceSchema,
  SuspectRecordSchema,
  statisticsContract,
  VictimRecordSchema,
} from "../../../shared/contracts/statistics.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { importStatisticsRecords } from "./statistics-records.service.ts";
import { importReferenceFigures } from "./statistics-reference.service.ts";

const actor = systemActor("test");

const upload = (name: string, text: string) => {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "text/csv" }));
  return form;
};

describe("statistics API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await importReferenceFigures(t.db, actor);
    await importStatisticsRecords(t.db, actor, {
      fileName: "registros.json",
      document: {
        format: "vigia-stat-records/1",
        source: "MP-FISTRAP",
        cases: [
          {
            id: "C-1",
            milestones: [{ milestone: "denuncia", on: "2024-03-01", statute: "cp_129_a" }],
          },
        ],
        victims: [{ id: "V-1", caseId: "C-1", sex: "F", ageBand: "14_17", nationality: "VEN" }],
        suspects: [{ id: "S-1", caseId: "C-1", publicOfficial: true, officialInstitution: "PNP" }],
      },
    });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("every role reads the sources and a year's reconciliation; responses match their schemas", async () => {
    const { session } = await signIn(app, t.db, "comision");
    const sources = z
      .array(StatisticsSourceSchema)
      .parse((await session.request("GET", "/api/statistics/sources")).json);
    const reta = sources.find((s) => s.code === "PNP-RETA");
    assert.deepEqual(
      [reta?.institution.code, reta?.system?.code, reta?.entity, reta?.hasMapping],
      ["PNP", "RETA", "PNP", true],
    );
    const res = await session.request("GET", "/api/statistics/reconciliation?year=2019");
    assert.equal(res.status, 200);
    const r = ReconciliationSchema.parse(res.json);
    const victims = r.groups.find((g) => g.concept === "victim" && g.entries.length === 3);
    assert.deepEqual(
      victims?.entries.map((e) => e.value),
      [476, 1054, 765],
    );
    assert.equal(
      (await session.request("GET", "/api/statistics/reconciliation?year=1900")).status,
      400,
    );
  });

  test("a focal point uploads its own entity's source, and only that; other roles cannot upload", async () => {
    const pnp = (await signIn(app, t.db, "punto_focal", { entities: ["PNP"] })).session;
    const file =
      "anio,concepto,valor,definicion\n2023,complaint,316,Denuncias en los sistemas especializados\n";
    const ok = await pnp.request("POST", "/api/statistics/sources/PNP-RETA/imports", undefined, {
      form: upload("reta-2023.csv", file),
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    const report = StatisticsImportReportSchema.parse(ok.json);
    assert.deepEqual(
      [report.outcome, report.figuresNew, report.file],
      ["importado", 1, "reta-2023.csv"],
    );

    const dry = await pnp.request(
      "POST",
      "/api/statistics/sources/PNP-RETA/imports?dryRun=true",
      undefined,
      {
        form: upload("reta-2023.csv", file.replace("316", "320")),
      },
    );
    assert.equal(StatisticsImportReportSchema.parse(dry.json).outcome, "simulado");
    assert.equal(StatisticsImportReportSchema.parse(dry.json).figuresRestated, 1);

    const other = await pnp.request(
      "POST",
      "/api/statistics/sources/MP-FISTRAP/imports",
      undefined,
      {
        form: upload("fistrap.csv", file),
      },
    );
    assert.equal(other.status, 403);
    assert.match(
      String((other.json.error as { message: string }).message),
      /solo puede cargar las fuentes de sus entidades/,
    );

    const bad = await pnp.request("POST", "/api/statistics/sources/PNP-RETA/imports", undefined, {
      form: upload("malo.csv", "anio,concepto,valor\n2023,complaint,-4\n"),
    });
    assert.equal(bad.status, 400);
    const issues = (bad.json.error as { issues: { path: string; message: string }[] }).issues;
    assert.deepEqual(issues, [{ path: "fila 2, columna «valor»", message: "«-4» es negativo" }]);

    const pdf = await pnp.request("POST", "/api/statistics/sources/PNP-RETA/imports", undefined, {
      form: upload("informe.pdf", "%PDF"),
    });
    assert.equal(pdf.status, 415);

    const revisor = (await signIn(app, t.db, "revisor")).session;
    const refused = await revisor.request(
      "POST",
      "/api/statistics/sources/PNP-RETA/imports",
      undefined,
      {
        form: upload("reta.csv", file),
      },
    );
    assert.equal(refused.status, 403);
  });

  test("victims and suspects are read under separate permissions, and every read is audited", async () => {
    assert.equal(statisticsContract.victims.access, "statistics.victim_records.read");
    assert.equal(statisticsContract.suspects.access, "statistics.suspect_records.read");
    assert.equal(statisticsContract.cases.access, "statistics.case_records.read");
    const admin = (await signIn(app, t.db, "administrador")).session;
    const victims = z
      .array(VictimRecordSchema)
      .parse(
        (await admin.request("GET", "/api/statistics/records/victims?source=MP-FISTRAP")).json,
      );
    assert.deepEqual(
      victims.map((v) => [v.recordId, v.caseRecordId, v.ageBand]),
      [["V-1", "C-1", "14_17"]],
    );
    assert.doesNotMatch(JSON.stringify(victims), /officialInstitution|publicOfficial/);
    const suspects = z
      .array(SuspectRecordSchema)
      .parse((await admin.request("GET", "/api/statistics/records/suspects")).json);
    assert.deepEqual(
      suspects.map((s) => [s.recordId, s.publicOfficial, s.officialInstitution]),
      [["S-1", true, "PNP"]],
    );
    const cases = (await admin.request("GET", "/api/statistics/records/cases")).json as unknown as {
      milestones: { statute: string }[];
    }[];
    assert.equal(cases[0]?.milestones[0]?.statute, "cp_129_a");

    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "objectId", "after"])
      .where("action", "like", "statistics.%_records.read")
      .orderBy("id")
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.objectId, (a.after as { rows: number }).rows]),
      [
        ["statistics.victim_records.read", "MP-FISTRAP", 1],
        ["statistics.suspect_records.read", "*", 1],
        ["statistics.case_records.read", "*", 1],
      ],
    );
    for (const role of ["punto_focal", "revisor", "comision"] as const) {
      const { session } = await signIn(
        app,
        t.db,
        role,
        role === "punto_focal" ? { entities: ["MP"] } : {},
      );
      for (const path of ["victims", "suspects", "cases"])
        assert.equal(
          (await session.request("GET", `/api/statistics/records/${path}`)).status,
          403,
          `${role} ${path}`,
        );
    }
  });
});
