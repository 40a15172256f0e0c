import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { ErrorSchema } from "../../../shared/contracts/system.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";

// Report downloads through the HTTP API: the file, its type and its name.
describe("report downloads over HTTP (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let cookie = "";
  const get = (path: string) => app.request(path, { headers: { cookie } });
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    // Reports are for the conductor and the commission: download as a commission member.
    const { session } = await signIn(app, t.db, "comision");
    cookie = session.cookie ?? "";
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
      const res = await get(`/api/policies/pntp/reports/${query}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), type);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="${name}"`);
      const body = new Uint8Array(await res.arrayBuffer());
      assert.equal(Number(res.headers.get("content-length")), body.length);
      assert.equal(Buffer.from(body.slice(0, magic.length)).toString("latin1"), magic);
    });
  }

  // The register's documents are not a policy's: their paths have no policy code.
  const registerCases = [
    [
      "tip?year=2019&format=xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "paquete-tip-2019.xlsx",
    ],
    [
      "tip?year=2019&format=pdf&audience=internal",
      "application/pdf",
      "paquete-tip-2019-interno.pdf",
    ],
    ["congress?year=2023&format=pdf", "application/pdf", "informe-congreso-pntp-2023.pdf"],
  ] as const;
  for (const [query, type, name] of registerCases) {
    test(`GET /api/reports/${query}`, async () => {
      const res = await get(`/api/reports/${query}`);
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(res.headers.get("content-type"), type);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="${name}"`);
    });
  }
  test("the report to Congress has no XLSX", async () => {
    assert.equal((await get("/api/reports/congress?year=2023&format=xlsx")).status, 400);
  });

  test("an anonymous caller gets 401", async () => {
    assert.equal(
      (await app.request("/api/policies/pntp/reports/evaluation?year=2023&format=pdf")).status,
      401,
    );
  });

  test("a bad format or period is a 400 naming the field; an unknown policy a 404", async () => {
    const bad = await get("/api/policies/pntp/reports/evaluation?year=2023&format=odt");
    assert.equal(bad.status, 400);
    assert.equal(ErrorSchema.parse(await bad.json()).error.issues?.[0]?.path, "query.format");
    const period = await get(
      "/api/policies/pntp/reports/monitoring?year=2023&period=S3&format=pdf",
    );
    assert.equal(period.status, 400);
    const missing = await get("/api/policies/otra/reports/package?year=2023");
    assert.equal(missing.status, 404);
  });

  test("OpenAPI describes the downloads with their content types", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        {
          get: {
            description?: string;
            responses: Record<string, { content: Record<string, unknown> }>;
          };
        }
      >;
    };
    const evaluation = doc.paths["/api/policies/{code}/reports/evaluation"]?.get;
    assert.deepEqual(Object.keys(evaluation?.responses["200"]?.content ?? {}).sort(), [
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]);
    assert.match(evaluation?.description ?? "", /2\.5 «Presupuesto de la política»/);
    assert.match(evaluation?.description ?? "", /Sin presupuesto importado, la sección no aparece/);
    const pkg = doc.paths["/api/policies/{code}/reports/package"]?.get;
    assert.deepEqual(Object.keys(pkg?.responses["200"]?.content ?? {}), ["application/zip"]);
  });
});
