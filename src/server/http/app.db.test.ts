import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../test/factories.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { systemActor } from "../../shared/actor.ts";
import { auditLogContract } from "../../shared/contracts/audit-log.contract.ts";
import { catalogueContract } from "../../shared/contracts/catalogue.contract.ts";
import { commitmentsContract } from "../../shared/contracts/commitments.contract.ts";
import { EvaluationSchema } from "../../shared/contracts/evaluation.contract.ts";
import { ErrorSchema, HealthSchema } from "../../shared/contracts/system.contract.ts";
import { usersContract } from "../../shared/contracts/users.contract.ts";
import { publishEvaluation } from "../features/publication/publication.service.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { createApp } from "./app.ts";

describe("HTTP API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("GET /api/health names the backend", async () => {
    const res = await app.request("/api/health");
    assert.equal(res.status, 200);
    const body = HealthSchema.parse(await res.json());
    assert.equal(body.database, t.backend);
  });

  test("GET /api/policies lists the PNTP", async () => {
    const res = await app.request("/api/policies");
    assert.equal(res.status, 200);
    const body = (await res.json()) as { code: string; conductor: string }[];
    assert.deepEqual(
      body.map((p) => [p.code, p.conductor]),
      [["pntp", "MININTER"]],
    );
  });

  test("GET /api/policies/pntp/evaluation?year=2023 returns the Informe's figures once published", async () => {
    await publishEvaluation(t.db, systemActor("test"), { policyCode: "pntp", year: 2023 });
    const res = await app.request("/api/policies/pntp/evaluation?year=2023");
    assert.equal(res.status, 200);
    const body = EvaluationSchema.parse(await res.json());
    assert.equal(body.index.tipo2, 22.2);
    assert.equal(body.index.level, "bajo");
    assert.deepEqual(
      body.objectives.map((o) => [o.tipo1, o.tipo2]),
      [
        [77.5, 0],
        [81.8, 66.7],
        [50, 0],
      ],
    );
    assert.equal(body.valoracion.total, 1.8);
    assert.deepEqual(body.basis.statuses, ["validado"]);
    assert.match(body.publication?.publishedAt ?? "", /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(body.publication?.publishedByRole, null, "published from the CLI, not an account");
  });

  test("a bad year is a 400 naming the field, in Spanish", async () => {
    const res = await app.request("/api/policies/pntp/evaluation?year=dos-mil");
    assert.equal(res.status, 400);
    const body = ErrorSchema.parse(await res.json());
    assert.equal(body.error.issues?.[0]?.path, "query.year");
    assert.match(body.error.issues?.[0]?.message ?? "", /se esperaba número/);
  });

  test("a missing year is a 400 too", async () => {
    const res = await app.request("/api/policies/pntp/evaluation");
    assert.equal(res.status, 400);
  });

  test("an unknown policy or route is a 404", async () => {
    const res = await app.request("/api/policies/otra/evaluation?year=2023");
    assert.equal(res.status, 404);
    assert.match(ErrorSchema.parse(await res.json()).error.message, /otra/);
    assert.equal((await app.request("/api/nada")).status, 404);
  });

  test("the OpenAPI document describes every route from its zod schemas", async () => {
    const res = await app.request("/api/openapi.json");
    assert.equal(res.status, 200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { parameters: { name: string; in: string }[]; responses: Record<string, unknown> }
        >
      >;
    };
    assert.equal(doc.openapi, "3.1.0");
    for (const path of [
      "/api/health",
      "/api/policies",
      "/api/policies/{code}/evaluation",
      "/api/session",
      "/api/policies/{code}/dashboard",
      "/api/measurements/{id}/submit",
      "/api/policies/{code}/reports/evaluation",
      "/api/policies/{code}/reports/monitoring",
      "/api/policies/{code}/reports/package",
    ]) {
      assert.ok(path in doc.paths, path);
    }
    const evaluation = doc.paths["/api/policies/{code}/evaluation"]?.get;
    assert.deepEqual(
      evaluation?.parameters.map((p) => `${p.in}:${p.name}`),
      ["path:code", "query:year", "query:preview"],
    );
    const schema = JSON.stringify(evaluation?.responses["200"]);
    for (const field of ["tipo2", "levelCounts", "lowIndicators", "valoracion", "warnings"]) {
      assert.ok(schema.includes(`"${field}"`), field);
    }
    // The web app reads these as closed lists (unit labels, status select); the document says so.
    const response = (path: string, method: string, status = "200") =>
      JSON.stringify(doc.paths[path]?.[method]?.responses[status]);
    assert.match(
      response("/api/policies/{code}/indicators", "get"),
      /"unit":\{"type":"string","enum":\["porcentaje","numero","tasa","razon"\]/,
    );
    for (const [path, method] of [
      ["/api/policies/{code}/commitments", "get"],
      ["/api/commitments/{id}", "patch"],
    ] as const) {
      assert.match(
        response(path, method),
        /"status":\{"type":"string","enum":\["pendiente","en_proceso","cumplido","no_cumplido"\]\}/,
        path,
      );
    }
  });

  test("catalogue, account and audit routes answer in their contract's shape, as the web app parses them", async () => {
    const { session } = await signIn(app, t.db, "administrador");
    const read = async (path: string) => {
      const res = await session.request("GET", path);
      assert.equal(res.status, 200, path);
      return res.json;
    };
    const indicators = catalogueContract.indicators.response.parse(
      await read("/api/policies/pntp/indicators"),
    );
    assert.equal(indicators.length, 50);
    const commitments = commitmentsContract.list.response.parse(
      await read("/api/policies/pntp/commitments"),
    );
    assert.equal(commitments.length, 13);
    const users = usersContract.list.response.parse(await read("/api/users"));
    assert.ok(users.some((u) => u.role === "administrador"));
    const entities = usersContract.entities.response.parse(await read("/api/entities"));
    assert.ok(entities.some((e) => e.code === "SUNAFIL"));

    // Mutations whose answers the web client now parses too (it used to ignore them).
    const indicator = indicators.find((i) => i.unit === "porcentaje");
    assert.ok(indicator);
    const revised = await session.request(
      "POST",
      `/api/policies/pntp/indicators/${indicator.code}/metas`,
      { year: 2030, value: 55, reason: "Ajuste por la reprogramación del plan." },
    );
    assert.equal(revised.status, 201);
    const meta = catalogueContract.reviseMeta.response.parse(revised.json);
    assert.deepEqual(
      [meta.indicator, meta.year, meta.value, meta.source],
      [indicator.code, 2030, 55, "ajuste"],
    );
    const commitment = commitments[0];
    assert.ok(commitment);
    const updated = await session.request("PATCH", `/api/commitments/${commitment.id}`, {
      status: "en_proceso",
      comment: "En revisión con la OGPP.",
    });
    assert.equal(updated.status, 200);
    assert.equal(commitmentsContract.update.response.parse(updated.json).status, "en_proceso");

    const audit = auditLogContract.list.response.parse(await read("/api/audit?limit=5"));
    assert.deepEqual(
      audit.slice(0, 2).map((e) => e.action),
      ["commitment.update", "meta.revise"],
    );
  });
});
