import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { createCliSession } from "../../../../../test/support/cli-session.ts";
import { pdfText } from "../../../../../test/support/read-documents.ts";
import { systemActor } from "../../../../shared/actor.ts";
import { listDisclosureLog } from "../../disclosure/disclosure.service.ts";
import { generateTipPack } from "../reports.service.ts";
import { TIP_STATUSES } from "./tip-data-points.builder.ts";
import { statusOf } from "./tip-document.builder.ts";
import { buildTipModel, loadTipDataPoints, TIP_OUTPUT } from "./tip-model.service.ts";

// The TIP data pack of 2019 on the seeded PNTP with the transcribed seed figures imported
// through the CLI, as a newcomer would: every data point listed with a status, the three
// sources' 2019 victim figures with their citations, and no public cell 0 < v < 11.
const actor = systemActor("test");
const NOW = new Date("2026-11-20T15:00:00Z");
const ARTIFACTS = join(import.meta.dirname, "../../../../../artifacts");

async function sheetRows(bytes: Uint8Array): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map<string, unknown[][]>();
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    sheets.set(ws.name, rows);
  });
  return sheets;
}

describe("TIP data pack", () => {
  let session: Awaited<ReturnType<typeof createCliSession>>;
  let dir: string;
  before(async () => {
    session = await createCliSession({ seed: "pntp" });
    const imported = await session.vigia("stats", "import-reference");
    assert.equal(imported.code, 0, imported.stderr);
    dir = mkdtempSync(join(tmpdir(), "vigia-tip-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await session.dispose();
  });

  test("the data-point file lists the 40 points of §a.8, labelled as transcribed", async () => {
    const file = await loadTipDataPoints();
    assert.deepEqual(
      file.dataPoints.map((d) => d.id),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.match(file.label, /TRANSCRITO/);
    const pillars = new Set(file.dataPoints.map((d) => d.pillar));
    assert.deepEqual([...pillars].sort(), ["prevention", "prosecution", "protection"]);
  });

  test("the CLI's XLSX lists every data point with a status, by pillar", async () => {
    const out = join(dir, "tip-2019.xlsx");
    const run = await session.vigia(
      "report",
      "tip",
      "--year",
      "2019",
      "--format",
      "xlsx",
      "--out",
      out,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Tiempo de generación: [\d.]+ s/);
    const sheets = await sheetRows(readFileSync(out));
    assert.deepEqual(
      [...sheets.keys()].filter((n) => n !== "Portada"),
      ["Acción judicial", "Protección", "Prevención"],
    );
    sheets.delete("Portada");
    const listed = new Map<number, Set<string>>();
    for (const rows of sheets.values()) {
      for (const row of rows) {
        const id = Number(row[0]);
        if (!Number.isInteger(id) || id === 0 || typeof row[0] !== "number") continue;
        const status = String(row[7]);
        assert.ok(TIP_STATUSES.includes(status as never), `point ${id} has status ${status}`);
        listed.set(id, (listed.get(id) ?? new Set()).add(status));
      }
    }
    assert.deepEqual(
      [...listed.keys()].sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const model = await buildTipModel(session.database.db, actor, {
      year: 2019,
      audience: "internal",
      now: NOW,
    });
    for (const p of model.points) {
      assert.deepEqual(
        [...(listed.get(p.point.id) ?? [])],
        [statusOf(model, p)],
        `point ${p.point.id}`,
      );
    }
    // Points with no query in the register are listed as not available, never left out.
    assert.equal(statusOf(model, model.points[0] as never), "no_disponible");
  });

  test("2019 victims by source appear with their sources, citations and the prior year", async () => {
    const model = await buildTipModel(session.database.db, actor, {
      year: 2019,
      audience: "internal",
      now: NOW,
    });
    const victims = model.points.find((p) => p.point.id === 15);
    assert.ok(victims);
    assert.equal(victims.current.status, "datos");
    const bySource = new Map(victims.current.groups.map((g) => [g.source, g.total?.value]));
    assert.equal(bySource.get("PNP-RETA"), 765);
    assert.equal(bySource.get("PNP-DIRCTPTIM"), 1054);
    assert.equal(bySource.get("MP-FISTRAP"), 476);
    const file = await generateTipPack(session.database.db, actor, {
      year: 2019,
      format: "pdf",
      audience: "public",
      now: NOW,
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "paquete-tip-2019.pdf"), file.bytes);
    const text = pdfText(file.bytes).replace(/\s+/g, " ");
    for (const figure of ["765", "1,054", "476", "882", "326-330", "332-334", "TRANSCRITO"]) {
      assert.ok(text.includes(figure), `PDF prints ${figure}`);
    }
    for (const source of victims.current.groups.map((g) => g.sourceLabel)) {
      assert.ok(text.includes(source.split(" ")[0] as string), `PDF names ${source}`);
    }
    // Sex and age of RETA's victims: 148 girls, 38 boys, 579 adults.
    const sexAge = model.points.find((p) => p.point.id === 16);
    const reta = sexAge?.current.groups.find((g) => g.source === "PNP-RETA");
    assert.deepEqual(
      reta?.parts.map((p) => p.figure.value).sort((a, b) => a - b),
      [38, 148, 579],
    );
  });

  test("the public pack prints no cell 0 < v < 11 and logs its suppressions", async () => {
    const model = await buildTipModel(session.database.db, actor, {
      year: 2019,
      audience: "public",
      now: NOW,
    });
    for (const [key, c] of model.shown) {
      assert.ok(c.value === null || c.value === 0 || c.value >= 11, `${key} = ${c.value}`);
    }
    assert.ok(
      model.disclosure.suppressed >= 2,
      "Panama and Bolivia (1 each) and their complements",
    );
    const file = await generateTipPack(session.database.db, actor, {
      year: 2019,
      format: "xlsx",
      audience: "public",
      now: NOW,
    });
    const sheets = await sheetRows(file.bytes);
    sheets.delete("Portada");
    for (const rows of sheets.values()) {
      for (const row of rows) {
        if (typeof row[0] !== "number") continue;
        for (const col of [3, 4]) {
          const v = row[col];
          if (typeof v === "number") assert.ok(v === 0 || v >= 11, `value cell ${v}`);
        }
        // Parts are printed in the disaggregation text as "label: count".
        for (const m of String(row[5] ?? "").matchAll(/: ([\d,]+)(?=;|$)/g)) {
          const v = Number((m[1] as string).replace(/,/g, ""));
          assert.ok(v === 0 || v >= 11, `part ${v} in "${row[5]}"`);
        }
      }
    }
    const log = await listDisclosureLog(session.database.db, actor, {
      outputCode: TIP_OUTPUT.public,
      outputVersion: model.disclosure.outputVersion,
    });
    assert.equal(log.length, model.disclosure.suppressed);
    assert.ok(log.every((r) => r.audience === "public" && r.k === 11));
  });
});
