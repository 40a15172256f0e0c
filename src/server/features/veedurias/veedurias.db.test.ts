import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import jsonld from "jsonld";
import { signIn } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { OpenDataCatalogueSchema } from "../../../shared/contracts/open-data.contract.ts";
import { VeeduriaSemaforoSchema } from "../../../shared/contracts/veedurias.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { importVeeduriaReference } from "./veeduria-reference.service.ts";
import { REFERENCE_LABEL, readSemaforo, sortPeriods } from "./veedurias.service.ts";

/**
 * Seed 000's published counts (000:L3418-L3452), as the document prints them: the table the
 * stored rows must give back exactly. Written here from the seed, not from the reference file,
 * so a mistake in the transcription fails.
 */
const PUBLISHED: Record<string, Record<string, number>> = {
  Loreto: { con_avances: 16 },
  "Madre de Dios": { inicial: 12, sin_avance: 6 },
  Lima: { con_avances: 5, parcial: 9 },
  Arequipa: { avanzado: 6 },
  Cusco: { con_avances: 6 },
  Puno: { parcial: 9, sin_informacion_publica: 5 },
};

describe("veedurías and their semáforo (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  const actor = systemActor("test");
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("seed 000's counts are reproduced exactly from the stored rows, labelled, with no invented grades", async () => {
    const first = await importVeeduriaReference(t.db, actor);
    assert.equal(first.outcome, "importado");
    assert.equal(first.label, REFERENCE_LABEL);
    // From the table itself, summed in SQL: what is stored, not what a service derives.
    const rows = await t.db
      .selectFrom("veeduriaReferenceCount")
      .innerJoin("veeduria", "veeduria.id", "veeduriaReferenceCount.veeduriaId")
      .select([
        "veeduria.departmentCode",
        "veeduriaReferenceCount.status",
        "veeduriaReferenceCount.lineamientos",
        "veeduriaReferenceCount.period",
        "veeduriaReferenceCount.source",
      ])
      .execute();
    const names: Record<string, string> = {
      "16": "Loreto",
      "17": "Madre de Dios",
      "15": "Lima",
      "04": "Arequipa",
      "08": "Cusco",
      "21": "Puno",
    };
    const stored: Record<string, Record<string, number>> = {};
    for (const r of rows) {
      const region = names[r.departmentCode] ?? r.departmentCode;
      stored[region] = { ...stored[region], [r.status]: r.lineamientos };
      assert.equal(r.period, "2023-2025");
      assert.ok(r.source.startsWith(REFERENCE_LABEL), r.source);
    }
    assert.deepEqual(stored, PUBLISHED);
    const grades = await t.db.selectFrom("veeduriaAssessment").select("id").execute();
    assert.equal(grades.length, 0, "the document named no lineamiento: none may be graded");

    const semaforo = await readSemaforo(t.db, actor, { policyCode: "pntp" });
    assert.equal(semaforo.period, "2023-2025");
    assert.equal(semaforo.lineamientos.length, 19);
    for (const v of semaforo.veedurias) {
      const published = PUBLISHED[v.departmentName] ?? {};
      const nonZero = Object.fromEntries(Object.entries(v.counts).filter(([, n]) => n > 0));
      assert.deepEqual(nonZero, published, v.departmentName);
      assert.equal(v.countsFrom, "referencia");
      assert.equal(v.reference?.label, REFERENCE_LABEL);
      assert.equal(v.institutions.length, 0);
      const total = Object.values(published).reduce((a, b) => a + b, 0);
      assert.equal(v.notStated, 19 - total);
    }
    assert.equal(semaforo.veedurias.find((v) => v.departmentName === "Puno")?.dominant, "parcial");
    // Madre de Dios: 12 inicial over 6 sin avance.
    assert.equal(semaforo.veedurias.find((v) => v.department === "17")?.dominant, "inicial");

    const again = await importVeeduriaReference(t.db, actor);
    assert.equal(again.outcome, "sin cambios");
    const audits = await t.db
      .selectFrom("auditEvent")
      .select("id")
      .where("action", "=", "veeduria.import_reference")
      .execute();
    assert.equal(audits.length, 1);
  });

  test("the public reads the semáforo and its open-data files without signing in", async () => {
    const anonymous = new ApiSession(app);
    const res = await anonymous.request("GET", "/api/public/veedurias/pntp");
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const semaforo = VeeduriaSemaforoSchema.parse(res.json);
    assert.equal(semaforo.veedurias.length, 6);

    const csv = await app.request("/api/public/veedurias/pntp/conteos.csv");
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
    assert.match(csv.headers.get("link") ?? "", /rel="license"/);
    const records = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    assert.equal(records.length, 9);
    const fromCsv: Record<string, Record<string, number>> = {};
    for (const r of records) {
      assert.equal(r.origen, "referencia");
      assert.equal(r.licencia, "ODC-By-1.0");
      assert.match(r.cita ?? "", /^000:L34\d\d$/);
      const region = r.departamento_nombre ?? "";
      fromCsv[region] = { ...fromCsv[region], [r.estado ?? ""]: Number(r.lineamientos) };
    }
    assert.deepEqual(fromCsv, PUBLISHED);
    const etag = csv.headers.get("etag") ?? "";
    const again = await app.request("/api/public/veedurias/pntp/conteos.csv", {
      headers: { "if-none-match": etag },
    });
    assert.equal(again.status, 304);

    const grades = await app.request("/api/public/veedurias/pntp/semaforo.csv");
    assert.equal((await grades.text()).trim().split("\r\n").length, 1, "header only");
    assert.equal((await app.request("/api/public/veedurias/pntp/otro.csv")).status, 400);

    const pkg = await app.request("/api/public/veedurias/pntp/datapackage.json");
    const descriptor = (await pkg.json()) as { resources: { name: string; path: string }[] };
    assert.deepEqual(
      descriptor.resources.map((r) => r.name),
      ["veedurias-semaforo", "veedurias-conteos"],
    );

    const catalogue = OpenDataCatalogueSchema.parse(
      await (await app.request("/api/public/datasets")).json(),
    );
    assert.equal(
      catalogue.veedurias[0]?.datasets.find((d) => d.id === "veedurias-conteos")?.rows,
      9,
    );
    // The DCAT catalogue, expanded by a JSON-LD processor: the datasets are there as RDF.
    const dcat = await (await app.request("/api/public/catalog.jsonld")).json();
    const expanded = (await jsonld.expand(dcat)) as Record<string, unknown>[];
    const ids = JSON.stringify(expanded);
    assert.match(ids, /pntp-veedurias-conteos/);
    // As RDF: each veeduría dataset has a title, a licence and download URLs that answer.
    const DCAT = "http://www.w3.org/ns/dcat#";
    const catalogueNode = expanded.find((n) => `${DCAT}dataset` in n) ?? {};
    const datasets = (catalogueNode[`${DCAT}dataset`] as Record<string, unknown>[]).filter((n) =>
      JSON.stringify(n["http://purl.org/dc/terms/identifier"] ?? "").includes("veedurias"),
    );
    assert.equal(datasets.length, 2);
    for (const d of datasets) {
      assert.ok(d["http://purl.org/dc/terms/title"], "title");
      assert.ok(d["http://purl.org/dc/terms/license"], "licence");
      const urls = (d[`${DCAT}distribution`] as Record<string, { "@id": string }[]>[]).map(
        (dist) => dist[`${DCAT}downloadURL`]?.[0]?.["@id"] ?? "",
      );
      assert.equal(urls.length, 2);
      for (const url of urls) {
        assert.equal((await app.request(new URL(url).pathname)).status, 200, url);
      }
    }
  });

  test("the administrator registers a veeduría and its grades, atomically and audited", async () => {
    const anonymous = new ApiSession(app);
    const body = {
      code: "veeduria-tacna",
      name: "Veeduría Ciudadana de Tacna",
      department: "23",
      institutions: ["Asociación A", "Colectivo B"],
    };
    assert.equal(
      (await anonymous.request("POST", "/api/policies/pntp/veedurias", body)).status,
      401,
    );
    const focal = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    assert.equal((await focal.request("POST", "/api/policies/pntp/veedurias", body)).status, 403);
    const admin = (await signIn(app, t.db, "administrador")).session;
    const bad = await admin.request("POST", "/api/policies/pntp/veedurias", {
      ...body,
      department: "30",
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /body\.department.*departamento/);
    const created = await admin.request("POST", "/api/policies/pntp/veedurias", body);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal((await admin.request("POST", "/api/policies/pntp/veedurias", body)).status, 409);

    const path = "/api/policies/pntp/veedurias/veeduria-tacna/assessments";
    // One unknown lineamiento: nothing is stored.
    const refused = await admin.request("PUT", path, {
      period: "2025",
      assessments: [
        { lineamiento: "1.1", status: "parcial", rationale: "Campañas sin estrategia." },
        { lineamiento: "9.9", status: "inicial", rationale: "?" },
      ],
    });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.json), /body\.assessments\.1\.lineamiento/);
    const period = await admin.request("PUT", path, {
      period: "2025-2023",
      assessments: [{ lineamiento: "1.1", status: "parcial", rationale: "x" }],
    });
    assert.equal(period.status, 400);
    assert.match(JSON.stringify(period.json), /body\.period/);
    let semaforo = VeeduriaSemaforoSchema.parse(
      (await anonymous.request("GET", "/api/public/veedurias/pntp?period=2023-2025")).json,
    );
    assert.equal(semaforo.veedurias.find((v) => v.code === "veeduria-tacna")?.grades.length, 0);

    const saved = await admin.request("PUT", path, {
      period: "2025",
      assessments: [
        { lineamiento: "1.1", status: "parcial", rationale: "Campañas sin estrategia." },
        { lineamiento: "1.2", status: "sin_informacion_publica", rationale: "Sin respuesta." },
        { lineamiento: "3.1", status: "sin_informacion_publica", rationale: "Sin respuesta." },
      ],
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    assert.deepEqual(saved.json, {
      veeduria: "veeduria-tacna",
      period: "2025",
      created: 3,
      updated: 0,
      unchanged: 0,
    });
    const corrected = await admin.request("PUT", path, {
      period: "2025",
      assessments: [
        { lineamiento: "1.1", status: "inicial", rationale: "Campañas sin estrategia." },
        { lineamiento: "1.2", status: "sin_informacion_publica", rationale: "Sin respuesta." },
      ],
    });
    assert.deepEqual(corrected.json, {
      veeduria: "veeduria-tacna",
      period: "2025",
      created: 0,
      updated: 1,
      unchanged: 1,
    });
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["before", "after"])
      .where("action", "=", "veeduria.assess")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    assert.match(JSON.stringify(audit.before), /parcial/);
    assert.match(JSON.stringify(audit.after), /inicial/);

    // The public sees it at once (the cache follows the data version), latest period first.
    semaforo = VeeduriaSemaforoSchema.parse(
      (await anonymous.request("GET", "/api/public/veedurias/pntp")).json,
    );
    assert.deepEqual(semaforo.periods, ["2025", "2023-2025"]);
    const tacna = semaforo.veedurias.find((v) => v.code === "veeduria-tacna");
    assert.equal(tacna?.countsFrom, "evaluaciones");
    assert.equal(tacna?.counts.sin_informacion_publica, 2);
    assert.equal(tacna?.dominant, "sin_informacion_publica");
    assert.deepEqual(tacna?.institutions, ["Asociación A", "Colectivo B"]);
    const lines = (await (await app.request("/api/public/veedurias/pntp/semaforo.csv")).text())
      .trim()
      .split("\r\n");
    assert.equal(lines.length, 4);
    assert.equal(
      (await anonymous.request("GET", "/api/public/veedurias/pntp?period=2019")).status,
      404,
    );
  });

  test("periods sort latest first: a year before a span ending with it, then its semesters", () => {
    assert.deepEqual(sortPeriods(["2023-2025", "2024", "2025-S1", "2025", "2025-S2"]), [
      "2025",
      "2023-2025",
      "2025-S2",
      "2025-S1",
      "2024",
    ]);
  });
});
