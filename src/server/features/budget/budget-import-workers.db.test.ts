import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import {
  MEF_HEADERS,
  readDistrictCodes,
  writeSyntheticMefCsv,
} from "../../../../test/support/synthetic-mef.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { parseCsvText, toCsvLine } from "../../../shared/budget/csv-stream.ts";
import { DomainError } from "../../errors.ts";
import { type BudgetImportReport, importBudgetFile } from "./budget-import.service.ts";
import { resolveImportWorkers } from "./budget-import-workers.service.ts";
import { ensureBundledBudgetSetup } from "./budget-rules.service.ts";

// The import split between worker threads must be the import in one thread: same report, same
// rows written, the first error by row order (ADR 0044). Small files normally stay in one
// thread; here workers are forced on a file of a few hundred kilobytes cut in small ranges.
const actor = systemActor("test");
const YEAR = 2030;
const FORCED = { workers: 2, workersFromBytes: 0, rangeBytes: 24_000 } as const;
const column = (name: (typeof MEF_HEADERS)[number]) => MEF_HEADERS.indexOf(name);

describe("budget import in worker threads (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  let rows: string[][] = [];
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await ensureBundledBudgetSetup(t.db, actor, { policyCode: "pntp" });
    dir = await mkdtemp(join(tmpdir(), "vigia-budget-workers-"));
    const path = join(dir, "base.csv");
    await writeSyntheticMefCsv(path, {
      rows: 1500,
      year: YEAR,
      seed: 11,
      districts: await readDistrictCodes(),
    });
    rows = await parseCsvText(await readFile(path, "utf8"));
  });
  after(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (
    name: string,
    data: string[][],
    extra: (lines: string[]) => void = () => {},
  ) => {
    const lines = data.map((r) => toCsvLine(r));
    extra(lines);
    const path = join(dir, name);
    await writeFile(path, `${lines.join("\n")}\n`);
    return path;
  };

  /** What the import wrote for a year's current import, without the import's id. */
  const written = async () => {
    const current = await t.db
      .selectFrom("budgetImport")
      .select("id")
      .where("year", "=", YEAR)
      .where("isCurrent", "=", true)
      .executeTakeFirstOrThrow();
    const of = async (table: string, order: string) =>
      (
        await sql<
          Record<string, unknown>
        >`SELECT * FROM ${sql.table(table)} WHERE import_id = ${current.id} ORDER BY ${sql.raw(order)}`.execute(
          t.db,
        )
      ).rows.map(({ importId: _, id: __, ...rest }) => rest);
    return {
      lines: await of("budget_line", "line_no"),
      tags: await of("budget_tag", "line_no, policy_id, service_id"),
      reviews: await of("budget_review", "line_no, policy_id"),
      labels: await of("budget_label", "dimension, code"),
      pliegos: await of("budget_pliego_total", "pliego_code"),
    };
  };

  /** The report without what differs between two imports of one file (ids, the diff). */
  const comparable = (r: BudgetImportReport) => ({
    ...r,
    workers: undefined,
    years: r.years.map((y) => ({ ...y, importId: null, replacedImportId: null, diff: null })),
  });

  test("VIGIA_IMPORT_WORKERS: default one per core but one, at most four; 0 is one thread; nonsense is refused in Spanish", () => {
    assert.equal(resolveImportWorkers({}, 2), 1);
    assert.equal(resolveImportWorkers({}, 1), 0);
    assert.equal(resolveImportWorkers({}, 16), 4);
    assert.equal(resolveImportWorkers({ VIGIA_IMPORT_WORKERS: "0" }, 8), 0);
    assert.equal(resolveImportWorkers({ VIGIA_IMPORT_WORKERS: "3" }, 2), 3);
    assert.throws(
      () => resolveImportWorkers({ VIGIA_IMPORT_WORKERS: "dos" }, 2),
      /VIGIA_IMPORT_WORKERS debe ser un entero/,
    );
  });

  test("workers write what one thread writes: quoted line breaks across ranges, duplicates, label conflicts", async () => {
    const data = rows.map((r) => [...r]);
    // Line breaks inside quoted names, every 97 rows: some fall where a range would be cut.
    for (let i = 1; i < data.length; i += 97) {
      const row = data[i] as string[];
      row[column("META_NOMBRE")] = `${row[column("META_NOMBRE")]}\nsegunda línea, "entre comillas"`;
    }
    // A pliego renamed in a late row: a label conflict counted against the first name.
    (data[1400] as string[])[column("PLIEGO_NOMBRE")] = "OTRO NOMBRE DEL PLIEGO";
    // Row 1300 repeats row 5's chain (another amount): a duplicate two ranges away, and row
    // 1301 repeats it again, a duplicate within its own range of a chain from an earlier one.
    const copy = [...(data[5] as string[])];
    copy[column("MONTO_PIA")] = "1.00";
    data.splice(1300, 0, copy, [...copy]);
    const path = await write("saltos.csv", data, (lines) => {
      lines.splice(700, 0, "", "# una nota en medio del archivo");
    });

    const one = await importBudgetFile(t.db, actor, { path, skipInvalid: true, workers: 0 });
    const oneWritten = await written();
    const many = await importBudgetFile(t.db, actor, { path, skipInvalid: true, ...FORCED });
    const manyWritten = await written();

    assert.equal(one.workers, 0);
    assert.equal(many.workers, 2);
    assert.deepEqual(comparable(many), comparable(one));
    assert.deepEqual(manyWritten, oneWritten);
    assert.equal(many.rowsRejected, 2);
    assert.deepEqual(
      many.rejections.examples.map((e) => [e.row, e.message]),
      [
        [1300, "misma cadena presupuestal que la fila 5"],
        [1301, "misma cadena presupuestal que la fila 5"],
      ],
    );
    assert.ok((many.years[0]?.labelConflicts ?? 0) >= 1);
    assert.ok(
      manyWritten.lines.some((l) => String(l.metaName).includes('\nsegunda línea, "entre')),
    );
    const d = many.years[0]?.diff;
    assert.deepEqual([d?.pliegosAdded, d?.pliegosRemoved, d?.pliegosChanged], [0, 0, 0]);
  });

  test("a file the strict reader refuses in a middle range names the file's line, as one thread does", async () => {
    const data = rows.map((r) => [...r]);
    (data[900] as string[])[column("META_NOMBRE")] = "con un \u0000 nulo";
    const path = await write("nulo.csv", data, (lines) => {
      // Lines that are not records still count in the line number.
      lines.splice(300, 0, "", "# nota");
    });
    const refusal = async (options: object) => {
      try {
        await importBudgetFile(t.db, actor, { path, ...options });
      } catch (e) {
        assert.ok(e instanceof DomainError);
        return { message: e.message, issues: e.issues };
      }
      assert.fail("the file should be refused");
    };
    const one = await refusal({ workers: 0 });
    assert.match(one.message, /carácter nulo/);
    assert.deepEqual(await refusal(FORCED), one);
  });

  test("an error in the middle range and one in the last: the middle one comes first, nothing is written", async () => {
    const before = await written();
    const imports = await t.db.selectFrom("budgetImport").select("id").execute();
    const data = rows.map((r) => [...r]);
    const middle = 700;
    const last = data.length - 1;
    (data[middle] as string[])[column("MONTO_PIA")] = "-5.00";
    (data[last] as string[])[column("DEPARTAMENTO_META")] = "99";
    const path = await write("errores.csv", data);
    await assert.rejects(importBudgetFile(t.db, actor, { path, ...FORCED }), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.match(e.message, /2 fila\(s\) inválida\(s\) de 1500/);
      assert.match(e.message, /No se importó nada/);
      assert.deepEqual(
        e.issues.map((i) => [i.path, i.message]),
        [
          [`fila ${middle}`, "pia negativo (-5.00)"],
          [`fila ${last}`, "ubigeo 99 no existe en la referencia INEI"],
        ],
      );
      return true;
    });
    assert.deepEqual(await written(), before);
    assert.deepEqual(await t.db.selectFrom("budgetImport").select("id").execute(), imports);
  });
});
