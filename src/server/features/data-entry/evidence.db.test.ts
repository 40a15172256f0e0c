import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { minimalPdf, signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { MeasurementSchema, TaskSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { MAX_EVIDENCE_BYTES } from "../../../shared/limits.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { seedBundledCatalogue } from "../catalogue/catalogue.service.ts";
import { openPeriod } from "../periods/periods.service.ts";

type Json = Record<string, unknown>;
const errorOf = (json: Json) =>
  json.error as { code: string; key?: string; message: string; issues?: unknown[] };

/** Every file under the evidence store, however deep. */
const storedFiles = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

/** A Windows program renamed to .pdf: the bytes say what it is. */
const renamedExe = () =>
  new File([new TextEncoder().encode("MZ\x90\x00 programa de Windows")], "acta.pdf", {
    type: "application/pdf",
  });

/**
 * Evidence uploads never half-save: the first upload of a value not saved yet writes the draft
 * and the file together or nothing at all; a refused upload leaves the form's record usable;
 * the same file twice, a body over the limit (with or without Content-Length) are refused.
 */
describe("evidence uploads (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let files: string;
  let sunafil: ApiSession;
  let admin: ApiSession;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const actor = systemActor("test");
    await openPeriod(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    files = mkdtempSync(join(tmpdir(), "vigia-files-"));
    app = createApp(t, { fileStore: createDiskFileStore(files) });
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  const draft = (value: number) => ({
    year: 2024,
    period: "ANUAL",
    value,
    numerator: null,
    denominator: null,
    disaggregations: [],
    logros: "Narrativa escrita antes de adjuntar.",
  });
  const withEvidence = (
    indicator: string,
    measurement: unknown,
    file: File,
    session = sunafil,
    headers: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.set("measurement", JSON.stringify(measurement));
    form.set("file", file);
    return session.request(
      "POST",
      `/api/policies/pntp/indicators/${indicator}/measurements/with-evidence`,
      undefined,
      { form, headers },
    );
  };
  const upload = (id: number, file: File, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("file", file);
    return sunafil.request("POST", `/api/measurements/${id}/evidence`, undefined, {
      form,
      headers,
    });
  };
  const task = async (indicator: string) => {
    const res = await sunafil.request("GET", "/api/policies/pntp/tasks");
    return TaskSchema.array()
      .parse(res.json)
      .find((x) => x.indicator.code === indicator);
  };
  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom("auditEvent")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test("a refused first upload writes nothing; the same form then saves draft and file together", async () => {
    const audits = await auditCount();
    const refused = await withEvidence("7", draft(40), renamedExe());
    assert.equal(refused.status, 415, JSON.stringify(refused.json));
    assert.match(errorOf(refused.json).message, /Tipo de archivo no admitido/);
    // Nothing was written: no draft, no file, no audit event.
    assert.equal((await task("7"))?.measurementId, null);
    assert.equal(
      await t.db
        .selectFrom("measurement")
        .select("id")
        .where("createdBy", "like", "user:%")
        .executeTakeFirst(),
      undefined,
    );
    assert.deepEqual(storedFiles(files), []);
    assert.equal(await auditCount(), audits);

    // The form is still a new record: the retry with a real PDF creates both at once.
    const created = await withEvidence("7", draft(40), new File([minimalPdf()], "acta.pdf"));
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const m = MeasurementSchema.parse(created.json);
    assert.equal(m.status, "borrador");
    assert.equal(m.value, 40);
    assert.equal(m.logros, "Narrativa escrita antes de adjuntar.");
    assert.deepEqual(
      m.evidence.map((e) => [e.fileName, e.mediaType]),
      [["acta.pdf", "application/pdf"]],
    );
    assert.equal(storedFiles(files).length, 1);
    assert.equal((await task("7"))?.measurementId, m.id);

    // A refused upload on the saved draft changes nothing: its lockVersion still saves.
    const again = await upload(m.id, renamedExe());
    assert.equal(again.status, 415);
    const saved = await sunafil.request("PUT", `/api/measurements/${m.id}`, {
      ...draft(41),
      lockVersion: m.lockVersion,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    assert.equal(MeasurementSchema.parse(saved.json).value, 41);
    assert.equal(storedFiles(files).length, 1);
  });

  test("a draft the rules refuse leaves no file behind", async () => {
    const before = storedFiles(files).length;
    // Indicator 7 already has a draft in progress: a second one is refused after the bytes
    // reached the disk, and they are removed again.
    const second = await withEvidence("7", draft(42), new File([minimalPdf("otra")], "b.pdf"));
    assert.equal(second.status, 409);
    assert.equal(errorOf(second.json).key, "measurement.inProgress");
    // Outside the focal point's entity (indicator 2.1 is not SUNAFIL's).
    const foreign = await withEvidence("2.1", draft(10), new File([minimalPdf("x")], "c.pdf"));
    assert.equal(foreign.status, 403);
    // A value that does not parse.
    const bad = await withEvidence(
      "10",
      { ...draft(1), value: "diez" },
      new File([minimalPdf()], "d.pdf"),
    );
    assert.equal(bad.status, 400);
    assert.ok(JSON.stringify(bad.json).includes("measurement.value"));
    assert.equal(storedFiles(files).length, before);
    assert.equal((await task("10"))?.measurementId, null);
  });

  test("the same file twice on the same value is refused with a clear message", async () => {
    const id = (await task("7"))?.measurementId;
    assert.ok(id);
    const twin = await upload(id, new File([minimalPdf()], "copia del acta.pdf"));
    assert.equal(twin.status, 409);
    assert.equal(errorOf(twin.json).key, "evidence.duplicate");
    assert.match(
      errorOf(twin.json).message,
      /^Este archivo ya está adjunto a este valor como «acta\.pdf» \(mismo contenido, SHA-256 [0-9a-f]{12}…\)/,
    );
    const english = await upload(id, new File([minimalPdf()], "x.pdf"), {
      "accept-language": "en",
    });
    assert.match(errorOf(english.json).message, /^This file is already attached to this value/);
    const m = MeasurementSchema.parse(
      (await sunafil.request("GET", `/api/measurements/${id}`)).json,
    );
    assert.equal(m.evidence.length, 1);
    // Different bytes are a different file.
    assert.equal((await upload(id, new File([minimalPdf("anexo")], "anexo.pdf"))).status, 201);
  });

  test("the body limit holds before the body is read, with or without Content-Length", async () => {
    const id = (await task("7"))?.measurementId;
    assert.ok(id);
    const before = storedFiles(files).length;
    // A declared length over the limit: refused without pulling a byte of the body.
    let pulled = 0;
    const untouched = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const declared = await sunafil.request("POST", `/api/measurements/${id}/evidence`, undefined, {
      raw: untouched,
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(50 * 1024 * 1024),
      },
    });
    assert.equal(declared.status, 413);
    assert.equal(errorOf(declared.json).message, "El archivo supera el límite de 10 MB.");
    assert.ok(pulled <= 1, `the body was read (${pulled} chunks)`);

    // No Content-Length (chunked): an endless body is cut off just past the limit.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(
            '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-',
          ),
        );
      },
      pull(controller) {
        sent += 256 * 1024;
        controller.enqueue(new Uint8Array(256 * 1024));
      },
    });
    const chunked = await sunafil.request("POST", `/api/measurements/${id}/evidence`, undefined, {
      raw: endless,
      headers: { "content-type": "multipart/form-data; boundary=x", "accept-language": "en" },
    });
    assert.equal(chunked.status, 413);
    assert.equal(errorOf(chunked.json).message, "The file exceeds the 10 MB limit.");
    assert.ok(sent < MAX_EVIDENCE_BYTES + 3 * 1024 * 1024, `read ${sent} bytes`);

    // Within the body limit but over 10 MB of file: refused once read, nothing stored.
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(minimalPdf());
    assert.equal((await upload(id, new File([big], "grande.pdf"))).status, 413);
    assert.equal(storedFiles(files).length, before);
  });

  test("observations read oldest first across review rounds", async () => {
    const id = (await task("7"))?.measurementId;
    assert.ok(id);
    const get = async () =>
      MeasurementSchema.parse((await sunafil.request("GET", `/api/measurements/${id}`)).json);
    const send = async () => {
      const res = await sunafil.request("POST", `/api/measurements/${id}/submit`, {
        lockVersion: (await get()).lockVersion,
        justification: "Valor confirmado con el registro administrativo.",
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
    };
    const observe = async (comment: string) => {
      const res = await admin.request("POST", `/api/measurements/${id}/observe`, {
        lockVersion: (await get()).lockVersion,
        observations: [{ field: "value", comment }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
    };
    await send();
    await observe("Primera ronda: revise el total.");
    await admin.request("POST", `/api/measurements/${id}/comments`, {
      comment: "Nota del conductor.",
    });
    await send();
    await observe("Segunda ronda: falta el acta firmada.");
    assert.deepEqual(
      (await get()).observations.map((o) => o.comment),
      [
        "Primera ronda: revise el total.",
        "Nota del conductor.",
        "Segunda ronda: falta el acta firmada.",
      ],
    );
  });

  test("history refuses changes, yet replacing the whole policy still removes it", async () => {
    const steps = await t.db.selectFrom("measurementHistory").select("id").execute();
    assert.ok(steps.length >= 5);
    await assert.rejects(t.db.deleteFrom("measurementHistory").execute(), /solo inserción/);
    // The values added here are not in the bundled file: the replace runs only once they are
    // handed over (the CLI's --with-values).
    await assert.rejects(
      seedBundledCatalogue(t.db, systemActor("test"), { code: "pntp", replace: true }),
      /reportados? que el catálogo no trae/,
    );
    await seedBundledCatalogue(t.db, systemActor("test"), {
      code: "pntp",
      replace: true,
      exportExisting: async () => {},
    });
    assert.deepEqual(await t.db.selectFrom("measurementHistory").select("id").execute(), []);
  });
});
