import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  LinkagePairSchema,
  LinkagePublicationSchema,
  LinkageRunResultSchema,
} from "../../../shared/contracts/linkage.contract.ts";
import type { EncodingsFile } from "../../../shared/linkage/encodings-file.ts";
import { LinkageSchemaSchema } from "../../../shared/linkage/linkage-schema.ts";
import { syntheticLists } from "../../../shared/linkage/synthetic-lists.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { readTipInputs } from "../reports/tip/tip-model.service.ts";
import { ensureStatisticsSetup } from "../statistics/statistics-code-lists.service.ts";
import { importStatisticsRecords } from "../statistics/statistics-records.service.ts";
import { encodeVictimRows } from "./encode-victims.ts";
import { selectRunMembers } from "./linkage-increment.repository.ts";

/**
 * Issue 15 §2–§3 beyond a run from scratch: a batch uploaded later links incrementally against
 * the earlier clusters (reviewed decisions kept), the people are counted by region, sex × age
 * band and form from the register's pseudonymous victim records, and the counts are published
 * into the register, from where the TIP pack reads them.
 */

const schema = LinkageSchemaSchema.parse(
  JSON.parse(readFileSync("reference/linkage/schema-v1.json", "utf8")),
);
const secret = Buffer.from("otro secreto compartido de prueba, 32+ bytes");
const SOURCE_OF: Record<string, string> = { PNP: "PNP-RETA", MP: "MP-FISTRAP", MIMP: "MIMP-CEM" };
const YEAR = 2019;
const DEPARTMENTS = ["15", "05", "21", "17"];
const FORMS = ["sexual", "laboral"];
const AGES = ["menor_18", "adulto"];

// Each invented person's attributes, fixed by its entity id, so every source agrees except
// where the test makes MIMP disagree on the age band.
const pick = <T>(list: readonly T[], entity: string, salt: string): T => {
  const h = createHash("sha256").update(`${salt}:${entity}`).digest();
  return list[(h[0] ?? 0) % list.length] as T;
};

describe("incremental linkage, counts by attribute and publication (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  const lists = syntheticLists({ records: 800, seed: 27, duplicateRate: 0 });
  const entityOf = new Map(lists.truth.map((r) => [`${r.source}|${r.id}`, r.entity]));
  const truePeople = new Set(lists.truth.map((r) => r.entity)).size;
  const encode = (source: string, rows: (typeof lists.sources)[number]["rows"]) =>
    encodeVictimRows(rows, {
      schema,
      secret,
      source: SOURCE_OF[source] ?? source,
      file: `${source}.csv`,
    });
  const pnpRows = lists.sources.find((s) => s.source === "PNP")?.rows ?? [];
  const cut = Math.floor(pnpRows.length * 0.7);
  const pnpEarly = encode("PNP", pnpRows.slice(0, cut));
  const pnpLate = encode("PNP", pnpRows.slice(cut));
  const others = lists.sources
    .filter((s) => s.source !== "PNP")
    .map((s) => encode(s.source, s.rows));
  const upload = (file: EncodingsFile) =>
    admin.request("POST", `/api/linkage/sources/${file.source}/batches?year=${YEAR}`, file);

  before(async () => {
    t = await createTestDatabase({ seed: "pntp+ubigeo" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
    await ensureStatisticsSetup(t.db, systemActor("test"));
    // The sources' pseudonymous victim records, under the ids they encoded (no name here).
    for (const list of lists.sources) {
      const victims = list.rows.map((row) => {
        const entity = entityOf.get(`${list.source}|${row.id}`) ?? String(row.id);
        const age = pick(AGES, entity, "edad");
        return {
          id: row.id,
          ubigeo: pick(DEPARTMENTS, entity, "region"),
          ...(row.sexo ? { sex: row.sexo } : {}),
          // MIMP records one in four people's age band the other way: a disagreement to resolve.
          ageBand:
            list.source === "MIMP" && pick([0, 1, 2, 3], entity, "desacuerdo") === 0
              ? AGES.find((a) => a !== age)
              : age,
          exploitationForm: pick(FORMS, entity, "forma"),
        };
      });
      await importStatisticsRecords(t.db, systemActor("test"), {
        fileName: `${list.source}-victimas.json`,
        document: { format: "vigia-stat-records/1", source: SOURCE_OF[list.source], victims },
      });
    }
  });
  after(async () => {
    await t.dispose();
  });

  let baseId = 0;
  let decidedPair = 0;
  test("a full run, then a review decision", async () => {
    for (const f of [pnpEarly, ...others]) assert.equal((await upload(f)).status, 201);
    const res = await admin.request("POST", "/api/linkage/runs", { year: YEAR });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const run = LinkageRunResultSchema.parse(res.json);
    baseId = run.id;
    assert.equal(run.baseRunId, null);
    assert.equal(run.newRecords, null);
    const pairs = (
      (await admin.request("GET", `/api/linkage/runs/${run.id}/pairs`)).json as unknown as unknown[]
    ).map((p) => LinkagePairSchema.parse(p));
    const linked = pairs.find((p) => p.linked);
    assert.ok(linked, "a linked borderline pair to reject");
    const r = await admin.request("POST", `/api/linkage/pairs/${linked.id}/decision`, {
      decision: "rechazar",
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    decidedPair = linked.id;
  });

  test("nothing new uploaded: an incremental run is refused, naming the field", async () => {
    const res = await admin.request("POST", "/api/linkage/runs", { year: YEAR, incremental: true });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.json), /body\.incremental/);
    assert.match(JSON.stringify(res.json), /no hay registros nuevos/);
  });

  let incrementId = 0;
  test("a later batch links incrementally: old clusters and decisions kept, new records joined", async () => {
    const baseMembers = await selectRunMembers(t.db, baseId);
    assert.equal((await upload(pnpLate)).status, 201);
    const res = await admin.request("POST", "/api/linkage/runs", { year: YEAR, incremental: true });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const run = LinkageRunResultSchema.parse(res.json);
    incrementId = run.id;
    assert.equal(run.version, 2);
    assert.equal(run.baseRunId, baseId);
    assert.equal(run.newRecords, pnpLate.records.length);
    assert.equal(run.records, 800);
    assert.match(run.provenance, /incremental: \d+ registro\(s\) nuevos/);

    // Every two records together in the base are together in the increment, and vice versa.
    const now = new Map(
      (await selectRunMembers(t.db, run.id)).map((m) => [m.encodingId, m.clusterNo]),
    );
    const byBase = new Map<number, number[]>();
    for (const m of baseMembers)
      byBase.set(m.clusterNo, [...(byBase.get(m.clusterNo) ?? []), m.encodingId]);
    for (const ids of byBase.values()) {
      const clusters = new Set(ids.map((id) => now.get(id)));
      assert.equal(clusters.size, 1, "a base cluster was split");
    }
    const baseClusterOf = new Map(baseMembers.map((m) => [m.encodingId, m.clusterNo]));
    const seenBase = new Map<number, number>();
    for (const [id, c] of now) {
      const b = baseClusterOf.get(id);
      if (b === undefined) continue;
      const earlier = seenBase.get(c);
      assert.ok(earlier === undefined || earlier === b, "two base clusters were merged");
      seenBase.set(c, b);
    }
    // Some late police records found people the other sources already had.
    const joined = [...now].filter(
      ([id, c]) =>
        !baseClusterOf.has(id) && [...now].some(([o, oc]) => oc === c && baseClusterOf.has(o)),
    );
    assert.ok(joined.length > 0, "no new record joined an existing person");

    // The decision is still there, in the new version's review list.
    const pairs = (
      (await admin.request("GET", `/api/linkage/runs/${run.id}/pairs`)).json as unknown as unknown[]
    ).map((p) => LinkagePairSchema.parse(p));
    const base = (
      (await admin.request("GET", `/api/linkage/runs/${baseId}/pairs`)).json as unknown as unknown[]
    ).map((p) => LinkagePairSchema.parse(p));
    const decided = base.find((p) => p.id === decidedPair);
    assert.ok(
      pairs.some(
        (p) =>
          p.decision === "rechazar" &&
          p.left.record === decided?.left.record &&
          p.right.record === decided?.right.record,
      ),
    );
    assert.equal(run.review.rejected, 1);

    // Close to a run from scratch over the same batches, and to the truth.
    const full = LinkageRunResultSchema.parse(
      (await admin.request("POST", "/api/linkage/runs", { year: YEAR })).json,
    );
    assert.ok(
      Math.abs(run.deduplicated - full.deduplicated) / full.deduplicated < 0.03,
      `incremental ${run.deduplicated}, full ${full.deduplicated}`,
    );
    assert.ok(Math.abs(run.deduplicated - truePeople) / truePeople < 0.08);
  });

  test("people counted by region, sex × age band and form, from the victim records", async () => {
    const run = LinkageRunResultSchema.parse(
      (await admin.request("GET", `/api/linkage/runs/${incrementId}`)).json,
    );
    const { counts } = run;
    assert.equal(counts.people, run.deduplicated);
    assert.equal(counts.withVictimRecord, run.deduplicated);
    const total = (rows: { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);
    for (const rows of [counts.byDepartment, counts.bySexAndAge, counts.byExploitationForm])
      assert.equal(total(rows), counts.people);
    assert.deepEqual(counts.byDepartment.map((d) => d.code).sort(), [...DEPARTMENTS].sort());
    // The truth's people per department, against the linkage's.
    const truthByDept = new Map<string, number>();
    for (const entity of new Set(lists.truth.map((r) => r.entity))) {
      const d = pick(DEPARTMENTS, entity, "region");
      truthByDept.set(d, (truthByDept.get(d) ?? 0) + 1);
    }
    for (const d of counts.byDepartment) {
      const truth = truthByDept.get(d.code ?? "") ?? 0;
      assert.ok(Math.abs(d.count - truth) / truth < 0.12, `${d.code}: ${d.count} vs ${truth}`);
    }
    assert.ok(counts.conflicts.ageBand > 0, "MIMP's disagreements are counted");
    assert.equal(counts.conflicts.department, 0);
  });

  test("publication: figures in the register, the overlap declared, TIP points 15–17 read them", async () => {
    const focal = (await signIn(app, t.db, "punto_focal", { entities: ["PNP"] })).session;
    const refused = await focal.request("POST", `/api/linkage/runs/${incrementId}/publish`, {});
    assert.equal(refused.status, 403);

    const res = await admin.request("POST", `/api/linkage/runs/${incrementId}/publish`, {});
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const published = LinkagePublicationSchema.parse(res.json);
    const run = LinkageRunResultSchema.parse(
      (await admin.request("GET", `/api/linkage/runs/${incrementId}`)).json,
    );
    const cells = run.counts.bySexAndAge.filter((c) => c.sex !== null && c.ageBand !== null);
    assert.equal(published.figuresNew, 1 + cells.length + run.counts.byExploitationForm.length);
    assert.equal(published.overlap.status, "registrada");
    const records = run.overlap.reduce((n, o) => n + o.count * o.sources.length, 0);
    assert.equal(records, 800);
    assert.equal(published.overlap.overlap, 800 - run.deduplicated);

    const overlaps = await t.db
      .selectFrom("statOverlap")
      .select(["method", "overlap", "sourceCodes"])
      .where("conceptCode", "=", "victim")
      .execute();
    assert.equal(overlaps.length, 1);
    assert.equal(Number(overlaps[0]?.overlap), 800 - run.deduplicated);

    const tip = await readTipInputs(t.db, systemActor("test"), { year: YEAR });
    const point = (id: number) => tip.points.find((p) => p.point.id === id);
    const linkedGroup = point(15)?.current.groups.find((g) => g.concept === "victim_linked");
    assert.equal(linkedGroup?.source, "MININTER-ENLACE");
    assert.equal(linkedGroup?.total?.value, run.deduplicated);
    const bySexAge = point(16)?.current.groups.find((g) => g.concept === "victim_linked");
    assert.equal(
      bySexAge?.parts.reduce((s, p) => s + p.figure.value, 0),
      cells.reduce((s, c) => s + c.count, 0),
    );
    const byForm = point(17)?.current.groups.find((g) => g.concept === "victim_linked");
    assert.equal(byForm?.parts.length, run.counts.byExploitationForm.length);

    // Publishing another version restates the figures; the declared overlap is left alone.
    const again = LinkagePublicationSchema.parse(
      (await admin.request("POST", `/api/linkage/runs/${baseId}/publish`, {})).json,
    );
    assert.equal(again.overlap.status, "ya_declarada");
    assert.ok(again.figuresRestated + again.figuresUnchanged > 0);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select("after")
      .where("action", "=", "linkage.publish")
      .execute();
    assert.equal(audit.length, 2);
  });
});
