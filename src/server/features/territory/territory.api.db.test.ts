import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  ProposalSchema,
  SpaceDetailSchema,
  SpaceSchema,
  SpaceSummarySchema,
  TrainingTableSchema,
} from "../../../shared/contracts/territory.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { openPeriod } from "../periods/periods.service.ts";
import { importTerritoryReference } from "./territory-reference.service.ts";

const upload = (name: string, text: string) => {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/csv" }));
  return form;
};

// A MININTER focal point registers police trainings (one file in RENIEC codes), sees the S20
// value proposed from them and accepts it, then corrects it with a reason; SUNAFIL's focal
// point cannot record MININTER's trainings; the administrator keeps the spaces registry.
describe("territory API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let mininter: ApiSession;
  let sunafil: ApiSession;
  let admin: ApiSession;
  let comision: ApiSession;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const actor = systemActor("test");
    await importTerritoryReference(t.db, actor);
    await openPeriod(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    mininter = (await signIn(app, t.db, "punto_focal", { entities: ["MININTER"] })).session;
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    admin = (await signIn(app, t.db, "administrador")).session;
    comision = (await signIn(app, t.db, "comision")).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("every reader sees the spaces by level and department, filtered", async () => {
    const summary = SpaceSummarySchema.parse(
      (await comision.request("GET", "/api/territory/spaces/summary")).json,
    );
    assert.deepEqual([summary.national.regional, summary.national.local], [25, 90]);
    const res = await comision.request(
      "GET",
      "/api/territory/spaces?level=provincial&department=08",
    );
    assert.equal(res.status, 200);
    const spaces = SpaceSchema.array().parse(res.json);
    assert.equal(spaces.length, 5);
    const bad = await comision.request("GET", "/api/territory/spaces?level=barrio");
    assert.equal(bad.status, 400);
  });

  test("a focal point imports its trainings in RENIEC codes; another entity's are refused", async () => {
    const csv = [
      "curso,modalidad,ubigeo_reniec,publico,participantes,mujeres,hombres,fecha_inicio,fecha_fin,entidad,servicio",
      "Guía operativa,presencial,200905,personal_policial,30,10,20,2024-05-06,2024-05-07,MININTER,S20",
      "Guía operativa,virtual,220109,personal_policial,12,,,2024-09-10,2024-09-10,MININTER,S20",
    ].join("\n");
    const res = await mininter.request("POST", "/api/territory/trainings/imports", undefined, {
      form: upload("pnp-2024.csv", csv),
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.deepEqual(res.json, {
      file: "pnp-2024.csv",
      rows: 2,
      created: 2,
      convertedFromReniec: 2,
    });
    const table = TrainingTableSchema.parse(
      (await comision.request("GET", "/api/territory/trainings?from=2024-01-01")).json,
    );
    assert.deepEqual(
      table.trainings.map((x) => [x.place.code, x.place.name]),
      [
        ["211105", "SAN MIGUEL"],
        ["230108", "POCOLLAY"],
      ],
    );
    const other = await sunafil.request("POST", "/api/territory/trainings/imports", undefined, {
      form: upload("x.csv", csv),
    });
    assert.equal(other.status, 400);
    assert.match(
      String((other.json.error as { message: string }).message),
      /Fila 2, columna «entidad»: Solo puede registrar actividades de sus entidades/,
    );
    const one = await sunafil.request("POST", "/api/territory/trainings", {
      course: "Curso",
      modality: "virtual",
      ubigeo: "150101",
      audience: "inspectores",
      participants: 3,
      startedOn: "2024-02-01",
      endedOn: "2024-02-01",
      entity: "MININTER",
    });
    assert.equal(one.status, 403);
    const bad = await mininter.request("POST", "/api/territory/trainings", {
      course: "Curso",
      modality: "virtual",
      ubigeo: "140101",
      codeScheme: "auto",
      audience: "personal_policial",
      participants: 3,
      participantsWomen: 4,
      startedOn: "2024-02-01",
      endedOn: "2024-02-01",
      entity: "MININTER",
    });
    assert.equal(bad.status, 400);
    const issues = (bad.json.error as { issues: { path: string }[] }).issues.map((i) => i.path);
    assert.deepEqual(issues, ["ubigeo", "participantsWomen"]);
  });

  test("S20's proposed value lists its records; accepting starts the draft, correcting needs a reason", async () => {
    const path = "/api/policies/pntp/indicators/20/register-proposal";
    const p = ProposalSchema.parse(
      (await mininter.request("GET", `${path}?year=2024&period=ANUAL`)).json,
    );
    assert.deepEqual([p.proposedValue, p.records.map((r) => r.counts)], [42, [30, 12]]);
    const accepted = await mininter.request("POST", path, {
      year: 2024,
      period: "ANUAL",
      decision: "aceptado",
    });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.json));
    const noReason = await mininter.request("POST", path, {
      year: 2024,
      period: "ANUAL",
      decision: "corregido",
      value: 45,
    });
    assert.equal(noReason.status, 400);
    const corrected = await mininter.request("POST", path, {
      year: 2024,
      period: "ANUAL",
      decision: "corregido",
      value: 45,
      reason: "Tres efectivos de Puno figuran en el acta pero no en el archivo.",
    });
    assert.equal(corrected.status, 201);
    const id = (corrected.json as { measurementId: number }).measurementId;
    assert.equal(id, (accepted.json as { measurementId: number }).measurementId);
    const m = await mininter.request("GET", `/api/measurements/${id}`);
    assert.equal((m.json as { value: number }).value, 45);
    assert.equal((m.json as { status: string }).status, "borrador");
    // SUNAFIL's focal point cannot report MININTER's indicator.
    const other = await sunafil.request("POST", path, {
      year: 2024,
      period: "ANUAL",
      decision: "aceptado",
    });
    assert.equal(other.status, 403);
  });

  test("the administrator registers a space, a member and a session (audited)", async () => {
    const created = await admin.request("POST", "/api/territory/spaces", {
      level: "provincial",
      kind: "red",
      name: "Red provincial de Tambopata",
      ubigeo: "160100",
      codeScheme: "reniec",
      ordinanceNumber: "OM 012-2022-MPT",
      ordinanceDate: "2022-04-11",
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const space = SpaceSchema.parse(created.json);
    assert.equal(space.place?.code, "1701");
    const member = await admin.request("POST", `/api/territory/spaces/${space.id}/members`, {
      institution: "Municipalidad Provincial de Tambopata",
      kind: "municipalidad_provincial",
    });
    assert.equal(member.status, 201);
    const session = await admin.request("POST", `/api/territory/spaces/${space.id}/sessions`, {
      heldOn: "2023-03-01",
      attendance: 14,
      minutesReference: "Acta 01-2023",
    });
    assert.equal(session.status, 201);
    const detail = SpaceDetailSchema.parse(
      (await comision.request("GET", `/api/territory/spaces/${space.id}`)).json,
    );
    assert.deepEqual([detail.members, detail.sessions, detail.memberShares.municipal], [1, 1, 1]);
    const focal = await mininter.request("POST", "/api/territory/spaces", {});
    assert.equal(focal.status, 403);
    const actions = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("objectType", "=", "coordination_space")
      .where("objectId", "=", String(space.id))
      .orderBy("id")
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ["coordination_space.create", "coordination_space.member", "coordination_space.session"],
    );
  });
});
