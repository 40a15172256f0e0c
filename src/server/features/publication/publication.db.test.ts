import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { strFromU8 } from "fflate";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { pdfText, unzip } from "../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { EvaluationSchema } from "../../../shared/contracts/evaluation.contract.ts";
import { ErrorSchema } from "../../../shared/contracts/system.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";

// Publication of a year for the public: refused without validated data, frozen with its
// documents, the same copy for every reader, and withdrawable with a reason.
describe("publication of an evaluation year (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  let comision: ApiSession;
  const anonymous = (path: string) => app.request(path);
  const audit = (action: string) =>
    t.db
      .selectFrom("auditEvent")
      .selectAll()
      .where("action", "=", action)
      .orderBy("id", "desc")
      .execute();

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
    comision = (await signIn(app, t.db, "comision")).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("a year with no validated value cannot be published, and nothing is written", async () => {
    // The seed has metas for 2024 but no value: there is nothing to show the public.
    const res = await admin.request("POST", "/api/policies/pntp/publications", { year: 2024 });
    assert.equal(res.status, 400);
    const error = ErrorSchema.parse(res.json).error;
    assert.match(error.message, /No se puede publicar 2024: el año no tiene ningún valor validado/);
    assert.deepEqual(
      error.issues?.map((i) => i.path),
      ["year"],
    );
    assert.equal((await t.db.selectFrom("publication").selectAll().execute()).length, 0);
    assert.equal((await audit("evaluation.publish")).length, 0);
  });

  test("before publication the public sees nothing, and neither does an administrator on the public routes", async () => {
    assert.equal((await anonymous("/api/policies/pntp/publications/2023")).status, 404);
    assert.equal((await admin.request("GET", "/api/policies/pntp/publications/2023")).status, 404);
    assert.deepEqual((await anonymous("/api/policies/pntp/publications")).status, 200);
    assert.deepEqual(await (await anonymous("/api/policies/pntp/publications")).json(), []);
    assert.equal((await anonymous("/api/policies/pntp/publications/2023/report")).status, 404);
    assert.equal((await anonymous("/api/policies/pntp/publications/2023/package")).status, 404);
  });

  describe("once 2023 is published", () => {
    let publishedAt: string;
    before(async () => {
      const res = await admin.request("POST", "/api/policies/pntp/publications", { year: 2023 });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      publishedAt = (res.json as { publishedAt: string }).publishedAt;
    });

    test("the public and the administrator read the same published copy", async () => {
      const pub = EvaluationSchema.parse(
        await (await anonymous("/api/policies/pntp/publications/2023")).json(),
      );
      assert.equal(pub.index.tipo2, 22.2);
      assert.equal(pub.publication?.publishedAt, publishedAt);
      // The valoración's stated levels name their source without the seed's line numbers.
      assert.doesNotMatch(JSON.stringify(pub), /\d{3}:L\d/);
      assert.equal(
        pub.valoracion.criteria[1]?.basis,
        "Nivel declarado (Informe de Evaluación 2022-2023)",
      );
      const asAdmin = await admin.request("GET", "/api/policies/pntp/publications/2023");
      assert.deepEqual(EvaluationSchema.parse(asAdmin.json), pub);
      // An unpublished year stays unpublished for an administrator on the public routes.
      assert.equal(
        (await admin.request("GET", "/api/policies/pntp/publications/2024")).status,
        404,
      );
      assert.deepEqual(await (await anonymous("/api/policies/pntp/publications")).json(), [
        { year: 2023, publishedAt },
      ]);
    });

    test("the published year's Informe (PDF) and package download without an account", async () => {
      const [event] = await audit("evaluation.publish");
      assert.ok(event);
      const files = (event.after as { files: { kind: string; sha256: string }[] }).files;
      const report = await anonymous("/api/policies/pntp/publications/2023/report");
      assert.equal(report.status, 200);
      assert.equal(report.headers.get("content-type"), "application/pdf");
      assert.equal(
        report.headers.get("content-disposition"),
        'attachment; filename="informe-evaluacion-pntp-2023.pdf"',
      );
      const pdf = new Uint8Array(await report.arrayBuffer());
      // The frozen copy: the bytes recorded in the audit at publication.
      assert.equal(
        createHash("sha256").update(pdf).digest("hex"),
        files.find((f) => f.kind === "informe")?.sha256,
      );
      const text = pdfText(pdf);
      assert.match(text, /Informe de Evaluación/);
      assert.doesNotMatch(text, /\d{3}:L\d/);

      const pkg = await anonymous("/api/policies/pntp/publications/2023/package");
      assert.equal(pkg.status, 200);
      assert.equal(pkg.headers.get("content-type"), "application/zip");
      const zip = unzip(new Uint8Array(await pkg.arrayBuffer()));
      assert.ok(zip.has("informe-evaluacion-pntp-2023.pdf"));
      assert.ok(zip.has("datapackage.json"));
      for (const [path, bytes] of zip) {
        if (/\.(csv|json|md)$/.test(path)) assert.doesNotMatch(strFromU8(bytes), /\d{3}:L\d/, path);
      }
      // A year that is not published has no documents for the public.
      for (const doc of ["report", "package"]) {
        assert.equal((await anonymous(`/api/policies/pntp/publications/2024/${doc}`)).status, 404);
      }
    });

    test("withdrawing needs a reason and the publishing role", async () => {
      const short = await admin.request("POST", "/api/policies/pntp/publications/2023/withdrawal", {
        reason: "error",
      });
      assert.equal(short.status, 400);
      assert.deepEqual(
        ErrorSchema.parse(short.json).error.issues?.map((i) => i.path),
        ["reason"],
      );
      const byCommission = await comision.request(
        "POST",
        "/api/policies/pntp/publications/2023/withdrawal",
        { reason: "La comisión no publica ni retira resultados." },
      );
      assert.equal(byCommission.status, 403);
      assert.equal((await audit("evaluation.withdraw")).length, 0);
      assert.equal((await anonymous("/api/policies/pntp/publications/2023")).status, 200);
    });

    describe("and then withdrawn", () => {
      const reason = "Se detectó un error en el valor del indicador 2.1; se publicará corregido.";
      before(async () => {
        const res = await admin.request("POST", "/api/policies/pntp/publications/2023/withdrawal", {
          reason,
        });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.equal((res.json as { reason: string }).reason, reason);
      });

      test("the withdrawal is audited with its reason", async () => {
        const [event] = await audit("evaluation.withdraw");
        assert.ok(event);
        assert.equal(event.objectType, "publication");
        assert.equal((event.after as { reason: string }).reason, reason);
        assert.equal((event.before as { year: number }).year, 2023);
      });

      test("the public no longer sees the year, its figures or its documents", async () => {
        assert.equal((await anonymous("/api/policies/pntp/publications/2023")).status, 404);
        assert.equal((await anonymous("/api/policies/pntp/evaluation?year=2023")).status, 404);
        assert.equal((await anonymous("/api/policies/pntp/publications/2023/report")).status, 404);
        assert.equal((await anonymous("/api/policies/pntp/publications/2023/package")).status, 404);
        assert.deepEqual(await (await anonymous("/api/policies/pntp/publications")).json(), []);
      });

      test("the Tablero says it was withdrawn and why; a second withdrawal finds nothing", async () => {
        const dash = await admin.request("GET", "/api/policies/pntp/dashboard?year=2023");
        assert.equal(dash.json.published, null);
        assert.equal((dash.json.withdrawn as { reason: string }).reason, reason);
        const again = await admin.request(
          "POST",
          "/api/policies/pntp/publications/2023/withdrawal",
          {
            reason,
          },
        );
        assert.equal(again.status, 404);
        assert.match(ErrorSchema.parse(again.json).error.message, /no está publicada/);
      });

      test("publishing again makes the year public again", async () => {
        const res = await admin.request("POST", "/api/policies/pntp/publications", { year: 2023 });
        assert.equal(res.status, 201);
        assert.equal((await anonymous("/api/policies/pntp/publications/2023")).status, 200);
        const dash = await admin.request("GET", "/api/policies/pntp/dashboard?year=2023");
        assert.equal(dash.json.withdrawn, null);
      });
    });
  });
});
