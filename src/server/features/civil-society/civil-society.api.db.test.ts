import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { buildUser, minimalPdf, signIn } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import {
  type Contribution,
  ContributionSchema,
  MissingInformationSchema,
  OrganizationSchema,
  PublicContributionsSchema,
} from "../../../shared/contracts/civil-society.contract.ts";
import { CIVIL_SOCIETY_DATASETS } from "../../../shared/open-data/civil-society-datasets.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";

// Accredited organisations publish beside the official figures, through the HTTP API: scope
// by organisation (A never touches B's), evidence through the upload pipeline, the official
// value untouched, the conductor's response, removal with a public reason, the audit of each
// step, and what has no public value listed as «sin información pública».
const YEAR = 2023;

describe("civil society (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  const anonymous = () => new ApiSession(app);
  const orgSession = async (orgId: number) => {
    const { session, user } = await signIn(app, t.db, "sociedad_civil");
    const res = await admin.request("POST", `/api/civil-society/organizations/${orgId}/members`, {
      email: user.email,
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return { session, user };
  };
  const publish = (session: ApiSession, contribution: unknown, files: Uint8Array[] = []) => {
    const form = new FormData();
    form.set("contribution", JSON.stringify(contribution));
    for (const [i, bytes] of files.entries()) {
      form.append(
        "file",
        new File([bytes as Uint8Array<ArrayBuffer>], `evidencia-${i}.pdf`, {
          type: "application/pdf",
        }),
      );
    }
    return session.request("POST", "/api/civil-society/contributions", undefined, { form });
  };
  const accredit = async (name: string) => {
    const res = await admin.request("POST", "/api/civil-society/organizations", { name });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return OrganizationSchema.parse(res.json);
  };
  const publicList = async () =>
    PublicContributionsSchema.parse(
      (
        await anonymous().request(
          "GET",
          `/api/public/civil-society/pntp/contributions?year=${YEAR}`,
        )
      ).json,
    ).contributions;

  let orgA: { id: number };
  let orgB: { id: number };
  let a: ApiSession;
  let b: ApiSession;
  let published: { indicators: { code: string; value: number | null }[] };
  let alternative: Contribution;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
    const pub = await admin.request("POST", "/api/policies/pntp/publications", { year: YEAR });
    assert.equal(pub.status, 201);
    published = (await anonymous().request("GET", `/api/policies/pntp/publications/${YEAR}`))
      .json as unknown as typeof published;
    orgA = await accredit("Colectivo Vigilancia A");
    orgB = await accredit("Red Ciudadana B");
    a = (await orgSession(orgA.id)).session;
    b = (await orgSession(orgB.id)).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("membership: one organisation per account, only for the sociedad_civil role", async () => {
    const focal = await buildUser(t.db, "punto_focal", { entities: ["SUNAFIL"] });
    const wrongRole = await admin.request(
      "POST",
      `/api/civil-society/organizations/${orgA.id}/members`,
      { email: focal.email },
    );
    assert.equal(wrongRole.status, 400);
    const member = await buildUser(t.db, "sociedad_civil");
    const path = (id: number) => `/api/civil-society/organizations/${id}/members`;
    assert.equal((await admin.request("POST", path(orgA.id), { email: member.email })).status, 200);
    assert.equal((await admin.request("POST", path(orgB.id), { email: member.email })).status, 409);
    const dup = await admin.request("POST", "/api/civil-society/organizations", {
      name: "colectivo vigilancia a",
    });
    assert.equal(dup.status, 400);
    // A one-letter name is refused before the database (it was a 500 the fuzz suite found).
    const short = await admin.request("POST", "/api/civil-society/organizations", { name: "A" });
    assert.equal(short.status, 400);
    assert.match(JSON.stringify(short.json), /body\.name/);
    // An account of the role with no organisation cannot publish.
    const { session: loose } = await signIn(app, t.db, "sociedad_civil");
    const res = await publish(
      loose,
      {
        kind: "valor_alternativo",
        policy: "pntp",
        indicator: "1.1",
        year: YEAR,
        value: 1,
        method: "m",
        source: "s",
      },
      [minimalPdf()],
    );
    assert.equal(res.status, 403);
    assert.match(String((res.json.error as { message: string }).message), /organización/);
  });

  test("refused publications name the field and write nothing", async () => {
    const base = {
      kind: "valor_alternativo",
      policy: "pntp",
      indicator: "1.1",
      year: YEAR,
      value: 12.5,
      method: "Conteo de casos en expedientes fiscales",
      source: "Respuesta del Ministerio Público",
    };
    const noFile = await publish(a, base);
    assert.equal(noFile.status, 400);
    assert.equal((noFile.json.error as { issues: { path: string }[] }).issues[0]?.path, "file");
    const notPdf = await publish(a, base, [new TextEncoder().encode("solo texto")]);
    assert.equal(notPdf.status, 415);
    const unknown = await publish(a, { ...base, indicator: "9.9" }, [minimalPdf()]);
    assert.equal(unknown.status, 400);
    assert.equal(
      (unknown.json.error as { issues: { path: string }[] }).issues[0]?.path,
      "indicator",
    );
    const badCitation = await publish(a, { ...base, accessRequestId: 999 }, [minimalPdf()]);
    assert.equal(badCitation.status, 400);
    const missingMethod = await publish(a, { ...base, method: undefined }, [minimalPdf()]);
    assert.equal(missingMethod.status, 400);
    assert.match(JSON.stringify(missingMethod.json), /method/);
    assert.deepEqual(await publicList(), []);
  });

  test("an organisation publishes an alternative value with evidence; the official one stays", async () => {
    const request = await admin.request("POST", "/api/access-requests", {
      entity: "MINEM",
      requester: "Colectivo Vigilancia A",
      questions: "¿Cuántos casos de trata se archivaron en 2023?",
      sentOn: "2024-02-01",
    });
    assert.equal(request.status, 201, JSON.stringify(request.json));
    const requestId = (request.json as { id: number }).id;
    const official = published.indicators.find((i) => i.code === "1.1");
    assert.ok(official);
    const pdf = minimalPdf("Respuesta a la solicitud");
    const res = await publish(
      a,
      {
        kind: "valor_alternativo",
        policy: "pntp",
        indicator: "1.1",
        year: YEAR,
        value: 12.5,
        method: "Conteo de casos en expedientes fiscales",
        source: "Respuesta del Ministerio Público",
        comment: "La cifra oficial no incluye los casos archivados.",
        accessRequestId: requestId,
      },
      [pdf],
    );
    assert.equal(res.status, 201, JSON.stringify(res.json));
    alternative = ContributionSchema.parse(res.json);
    assert.equal(alternative.organization.name, "Colectivo Vigilancia A");
    assert.equal(alternative.value, 12.5);
    assert.equal(alternative.accessRequest?.id, requestId);
    assert.equal(alternative.accessRequest?.entity, "MINEM");
    assert.equal(alternative.official?.value ?? null, official.value);
    assert.match(
      alternative.official?.label ?? "",
      /\(valor oficial publicado\)$|sin información pública/,
    );
    assert.equal(alternative.evidence.length, 1);

    // Anyone downloads the evidence, byte for byte.
    const file = await app.request(alternative.evidence[0]?.url ?? "");
    assert.equal(file.status, 200);
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), pdf);

    // The official figure, published and live, is what it was.
    const after = (await anonymous().request("GET", `/api/policies/pntp/publications/${YEAR}`))
      .json as unknown as typeof published;
    assert.deepEqual(after.indicators, published.indicators);
    const [shown] = await publicList();
    assert.equal(shown?.id, alternative.id);
    assert.equal(shown?.status, "publicado");
  });

  test("organisation B cannot add evidence to A's contribution; A can", async () => {
    const form = () => {
      const f = new FormData();
      f.set("file", new File([minimalPdf("otra")], "otra.pdf"));
      return f;
    };
    const path = `/api/civil-society/contributions/${alternative.id}/evidence`;
    const fromB = await b.request("POST", path, undefined, { form: form() });
    assert.equal(fromB.status, 404);
    const fromA = await a.request("POST", path, undefined, { form: form() });
    assert.equal(fromA.status, 201, JSON.stringify(fromA.json));
    assert.equal(ContributionSchema.parse(fromA.json).evidence.length, 2);
    // B's own workspace lists none of A's contributions.
    const ws = await b.request("GET", "/api/civil-society/pntp/workspace");
    assert.equal(ws.status, 200);
    assert.deepEqual((ws.json as { contributions: unknown[] }).contributions, []);
    const wsA = await a.request("GET", "/api/civil-society/pntp/workspace");
    assert.deepEqual(
      (wsA.json as { contributions: { id: number }[] }).contributions.map((c) => c.id),
      [alternative.id],
    );
  });

  test("B assesses a service; the conductor responds; moderation removes with a public reason", async () => {
    const form = new FormData();
    form.set(
      "contribution",
      JSON.stringify({
        kind: "valoracion_servicio",
        policy: "pntp",
        service: "S01",
        year: YEAR,
        assessment: "El servicio no llegó a las provincias de frontera.",
        source: "Visitas de la red a Tumbes y Puno",
      }),
    );
    const assessed = await b.request("POST", "/api/civil-society/contributions", undefined, {
      form,
    });
    assert.equal(assessed.status, 201, JSON.stringify(assessed.json));
    const assessment = ContributionSchema.parse(assessed.json);
    assert.equal(assessment.official, null);
    assert.equal(assessment.target.code, "S01");

    const responded = await admin.request(
      "POST",
      `/api/civil-society/contributions/${alternative.id}/response`,
      { text: "La cifra oficial cuenta casos con sentencia; la metodología está en la ficha." },
    );
    assert.equal(responded.status, 200);
    assert.match(ContributionSchema.parse(responded.json).response?.text ?? "", /sentencia/);

    const removed = await admin.request(
      "POST",
      `/api/civil-society/contributions/${alternative.id}/removal`,
      { reason: "la evidencia mostraba el nombre de una víctima" },
    );
    assert.equal(removed.status, 200);
    const list = await publicList();
    const gone = list.find((c) => c.id === alternative.id);
    assert.equal(gone?.status, "retirado");
    assert.equal(
      gone?.statusLabel,
      "retirado por el moderador: la evidencia mostraba el nombre de una víctima",
    );
    assert.equal(gone?.value, null);
    assert.deepEqual(gone?.evidence, []);
    assert.equal(gone?.organization.name, "Colectivo Vigilancia A");
    assert.equal((await app.request(alternative.evidence[0]?.url ?? "")).status, 404);
    // A removed contribution takes no more evidence, and is not removed twice.
    const again = await admin.request(
      "POST",
      `/api/civil-society/contributions/${alternative.id}/removal`,
      { reason: "otra vez" },
    );
    assert.equal(again.status, 409);
    assert.ok(list.some((c) => c.id === assessment.id && c.status === "publicado"));

    const actions = (
      await t.db
        .selectFrom("auditEvent")
        .select("action")
        .where("objectType", "in", ["civil_contribution", "civil_organization"])
        .execute()
    ).map((r) => r.action);
    for (const action of [
      "civil_organization.accredit",
      "civil_organization.member",
      "civil_contribution.publish",
      "civil_contribution.evidence",
      "civil_contribution.respond",
      "civil_contribution.remove",
    ]) {
      assert.ok(actions.includes(action as (typeof actions)[number]), action);
    }
    // The official measurements were never written by any of it.
    const touched = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("action", "like", "measurement.%")
      .execute();
    assert.deepEqual(touched, []);
  });

  test("the open-data file lists official and alternative values side by side", async () => {
    const res = await app.request(
      `http://vigia.test/api/public/sociedad-civil/pntp/sociedad-civil/${YEAR}.csv`,
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.ok(res.headers.get("etag"));
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const def = CIVIL_SOCIETY_DATASETS.find((d) => d.id === "sociedad-civil");
    assert.deepEqual(Object.keys(rows[0] ?? {}), [
      ...(def?.fields ?? []).map((f) => f.name),
      "licencia",
    ]);
    const service = rows.find((r) => r.tipo === "valoracion_servicio");
    assert.equal(service?.dice, "Red Ciudadana B");
    const value = rows.find((r) => r.id === String(alternative.id));
    assert.match(value?.estado ?? "", /^retirado por el moderador: /);
    assert.equal(value?.valor_alternativo, "");
    assert.ok(rows.every((r) => r.licencia === "ODC-By-1.0"));
  });

  test("what has no public value is listed as «sin información pública», with its responsible", async () => {
    const res = await anonymous().request(
      "GET",
      `/api/public/civil-society/pntp/missing?year=${YEAR}`,
    );
    assert.equal(res.status, 200);
    const missing = MissingInformationSchema.parse(res.json);
    assert.equal(missing.published, true);
    // Independently: the published indicators without a value.
    const expected = published.indicators
      .filter((i) => i.value === null)
      .map((i) => i.code)
      .sort();
    assert.deepEqual(
      missing.items
        .filter((i) => i.kind === "indicador")
        .map((i) => i.code)
        .sort(),
      expected,
    );
    assert.ok(
      missing.items.every((i) => i.responsible.length > 0),
      "every item names its entity",
    );
    // TIP data points with no query are never public.
    assert.ok(missing.items.some((i) => i.kind === "dato_tip" && i.code === "1"));
    // An unpublished year: every indicator is missing, and says why.
    const next = MissingInformationSchema.parse(
      (await anonymous().request("GET", "/api/public/civil-society/pntp/missing?year=2024")).json,
    );
    assert.equal(next.published, false);
    assert.ok(next.counts.indicador > 0);
    assert.ok(
      next.items
        .filter(
          (i) =>
            i.kind !== "dato_tip" || i.reason !== "el dato no está en ningún registro de Vigía",
        )
        .every((i) => i.reason === "el año 2024 no está publicado"),
    );
    const csv = await app.request(
      `http://vigia.test/api/public/sociedad-civil/pntp/sin-informacion-publica/${YEAR}.csv`,
    );
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, missing.items.length);
    assert.ok(rows.every((r) => r.estado === "sin información pública"));
  });
});
