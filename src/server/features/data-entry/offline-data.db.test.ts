import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { OfflineDataSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { openPeriod } from "../periods/periods.service.ts";

/** The focal point's offline data (issue 19): its scope only, versioned, refreshed on change. */
describe("offline data of a focal point (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let sunafil: ApiSession;
  let mimp: ApiSession;
  const URL = "/api/policies/pntp/offline-data";

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await openPeriod(t.db, systemActor("test"), {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    const app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    mimp = (await signIn(app, t.db, "punto_focal", { entities: ["MIMP"] })).session;
  });
  after(async () => {
    await t.dispose();
  });

  const read = async (session: ApiSession, since?: string) => {
    const res = await session.request("GET", since ? `${URL}?since=${since}` : URL);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return OfflineDataSchema.parse(res.json);
  };

  test("tasks, periods and a rule context per task, then nothing while the version holds", async () => {
    const first = await read(sunafil);
    assert.equal(first.unchanged, false);
    assert.ok(first.tasks.length > 0);
    assert.ok(first.tasks.every((task) => task.entity === "SUNAFIL"));
    assert.ok(first.periods.some((p) => p.year === 2024 && p.period === "ANUAL"));
    for (const task of first.tasks.filter((x) => x.measurementId === null)) {
      assert.ok(
        first.ruleContexts.some(
          (r) =>
            r.indicator === task.indicator.code && r.year === task.year && r.period === task.period,
        ),
        `rule context of ${task.indicator.code}`,
      );
    }
    const again = await read(sunafil, first.dataVersion);
    assert.equal(again.unchanged, true);
    assert.equal(again.dataVersion, first.dataVersion);
    assert.deepEqual(again.tasks, []);

    // A value written moves the version: the next visit gets the value and its task.
    const code = first.tasks[0]?.indicator.code ?? "";
    const created = await sunafil.request(
      "POST",
      `/api/policies/pntp/indicators/${code}/measurements`,
      {
        year: 2024,
        period: "ANUAL",
        value: 5,
        numerator: null,
        denominator: null,
      },
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const next = await read(sunafil, first.dataVersion);
    assert.equal(next.unchanged, false);
    assert.notEqual(next.dataVersion, first.dataVersion);
    assert.deepEqual(
      next.measurements.map((m) => m.id),
      [created.json.id],
    );

    // Another entity's focal point gets none of it.
    const other = await read(mimp);
    assert.ok(other.tasks.every((task) => task.entity === "MIMP"));
    assert.ok(!other.measurements.some((m) => m.id === created.json.id));
  });
});
