import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { ErrorSchema } from "../../../shared/schemas/api.schema.ts";
import { createApp } from "../../http/app.ts";
import { seedBundledCatalogue } from "../catalogue/catalogue.service.ts";

// Report downloads through the HTTP API: the file, its type and its name.
describe("report downloads over HTTP (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase();
    await seedBundledCatalogue(t.db, systemActor("test"), { code: "pntp", replace: false });
    app = createApp(t);
  });
  after(async () => {
    await t.dispose();
  });

  const cases = [
    [
      "evaluation?year=2023&format=pdf",
      "application/pdf",
      "informe-evaluacion-pntp-2023.pdf",
      "%PDF-",
    ],
    [
      "evaluation?year=2023&format=docx",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "informe-evaluacion-pntp-2023.docx",
      "PK",
    ],
    [
      "monitoring?year=2023&period=S2&format=xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "reporte-seguimiento-pntp-2023-s2.xlsx",
      "PK",
    ],
    ["package?year=2023", "application/zip", "publicacion-pntp-2023.zip", "PK"],
  ] as const;

  for (const [query, type, name, magic] of cases) {
    test(`GET …/reports/${query}`, async () => {
      const res = await app.request(`/api/policies/pntp/reports/${query}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), type);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="${name}"`);
      const body = new Uint8Array(await res.arrayBuffer());
      assert.equal(Number(res.headers.get("content-length")), body.length);
      assert.equal(Buffer.from(body.slice(0, magic.length)).toString("latin1"), magic);
    });
  }

  test("a bad format or period is a 400 naming the field; an unknown policy a 404", async () => {
    const bad = await app.request("/api/policies/pntp/reports/evaluation?year=2023&format=odt");
    assert.equal(bad.status, 400);
    assert.equal(ErrorSchema.parse(await bad.json()).error.issues?.[0]?.path, "query.format");
    const period = await app.request(
      "/api/policies/pntp/reports/monitoring?year=2023&period=S3&format=pdf",
    );
    assert.equal(period.status, 400);
    const missing = await app.request("/api/policies/otra/reports/package?year=2023");
    assert.equal(missing.status, 404);
  });

  test("OpenAPI describes the downloads with their content types", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        { get: { responses: Record<string, { content: Record<string, unknown> }> } }
      >;
    };
    const evaluation = doc.paths["/api/policies/{code}/reports/evaluation"]?.get;
    assert.deepEqual(Object.keys(evaluation?.responses["200"]?.content ?? {}).sort(), [
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]);
    const pkg = doc.paths["/api/policies/{code}/reports/package"]?.get;
    assert.deepEqual(Object.keys(pkg?.responses["200"]?.content ?? {}), ["application/zip"]);
  });
});
