import assert from "node:assert/strict";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { runCli } from "../src/cli/run-cli.ts";
import { ensureStatisticsSetup } from "../src/server/features/statistics/statistics-code-lists.service.ts";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { systemActor } from "../src/shared/actor.ts";
import { signIn } from "./factories.ts";
import {
  buildZip,
  deflateBomb,
  deflated,
  type RawEntry,
  workbookEntries,
  zeroBomb,
} from "./support/corrupt-files.ts";
import { createTestDatabase } from "./support/test-db.ts";

// Issue 18: damaged and hostile files are refused by the real imports (the statistics upload
// over HTTP, `vigia budget import` and `vigia catalogue import` in-process) with a Spanish
// message naming the line or the zip part, nothing changes in any table, and a zip bomb is
// stopped within a bounded amount of memory (ADR 0041).
const ROOT = join(import.meta.dirname, "..");
const BUDGET = join(ROOT, "reference", "budget", "pntp-presupuesto-reconstruido-2023-2025.csv");
const STATS_HEADER = "anio,concepto,valor,definicion\n";
const BUDGET_HEADER = "ANO_EJE,NIVEL_GOBIERNO,PLIEGO,MONTO_PIA,MONTO_PIM,MONTO_DEVENGADO\n";
const MiB = 1024 * 1024;

describe("imports refuse corrupted files (database)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigia-robust-"));
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let upload: (
    name: string,
    bytes: Uint8Array | string,
  ) => Promise<{ status: number; json: Record<string, unknown> }>;
  let sheet: RawEntry[];
  let before0: Record<string, number>;

  const vigia = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      readStdin: async () => "",
      backend: () => t.backend,
      withDatabase: (fn) => fn(t.db),
    });
    return { code, stdout, stderr };
  };

  /** Rows of every table: what "nothing changed" means. */
  const counts = async () => {
    const { rows } = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
      t.db,
    );
    const out: Record<string, number> = {};
    for (const { name } of rows) {
      const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(
        t.db,
      );
      out[name] = Number(r.rows[0]?.n);
    }
    return out;
  };
  const assertUnchanged = async () => assert.deepEqual(await counts(), before0);

  const file = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const workbook = (entries: readonly RawEntry[]) => buildZip(entries);
  const replacing = (name: string, entry: Partial<RawEntry>) =>
    sheet.map((e) => (e.name === name ? { ...e, ...entry } : e));
  const errorOf = (res: { json: Record<string, unknown> }) =>
    res.json.error as { message: string; issues: { path: string; message: string }[] };

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await ensureStatisticsSetup(t.db, systemActor("test"));
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    const { session } = await signIn(app, t.db, "punto_focal", { entities: ["PNP"] });
    upload = (name, bytes) => {
      const form = new FormData();
      form.append(
        "file",
        new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name),
      );
      return session.request("POST", "/api/statistics/sources/PNP-RETA/imports", undefined, {
        form,
      });
    };
    sheet = await workbookEntries([
      ["anio", "concepto", "valor", "definicion"],
      [2022, "complaint", 300, "Denuncias en los sistemas especializados"],
    ]);
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the same paths import sound files (so a refusal below is the file's, not the path's)", async () => {
    const csv = await upload("reta.csv", `${STATS_HEADER}2023,complaint,316,Denuncias\n`);
    assert.equal(csv.status, 201, JSON.stringify(csv.json));
    const xlsx = await upload("reta.xlsx", workbook(sheet));
    assert.equal(xlsx.status, 201, JSON.stringify(xlsx.json));
    assert.equal(xlsx.json.figuresNew, 1);
    const exported = await vigia("catalogue", "export", "--policy", "pntp");
    assert.equal(exported.code, 0, exported.stderr);
    const again = await vigia(
      "catalogue",
      "import",
      file("catalogo.json", exported.stdout),
      "--replace",
    );
    assert.equal(again.code, 0, again.stderr);
    const budget = await vigia("budget", "import", BUDGET);
    assert.equal(budget.code, 0, budget.stderr);
    before0 = await counts();
  });

  test("XLSX: a truncated zip, a damaged part and a zip that is not a workbook are named", async () => {
    const whole = workbook(sheet);
    for (const [name, bytes, expected] of [
      [
        "cortado.xlsx",
        whole.subarray(0, whole.length - 400),
        /dañado o incompleto.*directorio central/,
      ],
      [
        "crc.xlsx",
        workbook(replacing("xl/worksheets/sheet1.xml", { crc: 12345 })),
        /parte xl\/worksheets\/sheet1\.xml está dañada: su suma de control/,
      ],
      [
        "basura.xlsx",
        workbook(
          replacing("xl/worksheets/sheet1.xml", { data: Buffer.from("no es deflate \xff\xfe") }),
        ),
        /parte xl\/worksheets\/sheet1\.xml (está dañada|está incompleta)/,
      ],
      [
        "otro.xlsx",
        workbook([deflated("informe.txt", "hola")]),
        /es un zip, pero no un libro de Excel/,
      ],
    ] as const) {
      const res = await upload(name, bytes);
      assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.json)}`);
      assert.match(errorOf(res).message, new RegExp(`libro ${name.replace(".", "\\.")}`));
      assert.match(errorOf(res).message, expected);
    }
    await assertUnchanged();
  });

  test("XLSX zip bombs: declared, lying and in the shared strings are stopped with memory bounded", async () => {
    const bomb = zeroBomb(1024);
    const strings = "<si><t>abcdefghij</t></si>".repeat(40_000);
    const sharedStringsBomb = deflateBomb([
      { text: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', times: 1 },
      { text: strings, times: Math.round((200 * MiB) / strings.length) },
      { text: "</sst>", times: 1 },
    ]);
    const bombs: [string, Buffer, RegExp][] = [
      [
        "declarada.xlsx",
        workbook(replacing("xl/worksheets/sheet1.xml", { data: bomb, size: 1024 * MiB })),
        /sheet1\.xml se descomprime a 1024 MB; el máximo admitido es 512 MB/,
      ],
      [
        "razon.xlsx",
        workbook(replacing("xl/worksheets/sheet1.xml", { data: bomb, size: 400 * MiB })),
        /sheet1\.xml se descomprime \d+ veces su tamaño \(máximo 200\): parece una bomba zip/,
      ],
      [
        // The directory claims the size of the compressed data: only inflating it shows the lie.
        "mentirosa.xlsx",
        workbook(replacing("xl/worksheets/sheet1.xml", { data: bomb, size: bomb.length })),
        /sheet1\.xml se descomprime a más de los 1 MB que declara: parece una bomba zip/,
      ],
      [
        // 200 MB of shared strings claiming half a megabyte: exceljs alone, which keeps them
        // in memory, peaked at about 500 MB of RSS on this file (ADR 0041).
        "cadenas-mentirosas.xlsx",
        workbook(
          replacing("xl/sharedStrings.xml", {
            data: sharedStringsBomb,
            size: sharedStringsBomb.length,
          }),
        ),
        /sharedStrings\.xml se descomprime a más de los 0\.5 MB que declara: parece una bomba zip/,
      ],
      [
        "cadenas.xlsx",
        workbook([
          ...sheet.filter((e) => e.name !== "xl/sharedStrings.xml"),
          deflated(
            "xl/sharedStrings.xml",
            `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${"<si><t>abcdefghij</t></si>".repeat(1_600_000)}</sst>`,
          ),
        ]),
        /sharedStrings\.xml se descomprime a \d+(\.\d)? MB; el máximo admitido es 32 MB/,
      ],
      [
        "anidada.xlsx",
        workbook([
          ...sheet.filter((e) => e.name !== "xl/sharedStrings.xml"),
          deflated(
            "xl/sharedStrings.xml",
            `<sst><si>${"<r>".repeat(500_000)}<t>x</t>${"</r>".repeat(500_000)}</si></sst>`,
          ),
        ]),
        /sharedStrings\.xml se descomprime \d+ veces su tamaño/,
      ],
    ];
    for (const [name, bytes, expected] of bombs) {
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      const heap0 = process.memoryUsage().heapUsed;
      let rssPeak = rss0;
      let heapPeak = heap0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        rssPeak = Math.max(rssPeak, m.rss);
        heapPeak = Math.max(heapPeak, m.heapUsed);
      }, 2);
      const started = performance.now();
      const res = await upload(name, bytes).finally(() => clearInterval(sampler));
      const m = process.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
      console.log(
        `${name}: ${(bytes.length / MiB).toFixed(2)} MB file; RSS growth ${((rssPeak - rss0) / MiB).toFixed(1)} MB, heap growth ${((heapPeak - heap0) / MiB).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms`,
      );
      assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.json)}`);
      assert.match(errorOf(res).message, expected);
      // A resource bound, not a timing: inflating any of these would take gigabytes.
      assert.ok(rssPeak - rss0 < 200 * MiB, `${name}: RSS grew ${rssPeak - rss0} bytes`);
    }
    await assertUnchanged();
  });

  test("XLSX: shared strings deeply nested but small pass the zip check and are refused by the import", async () => {
    const res = await upload(
      "anidada-chica.xlsx",
      workbook([
        ...sheet.filter((e) => e.name !== "xl/sharedStrings.xml"),
        deflated(
          "xl/sharedStrings.xml",
          `<sst><si>${"<r>".repeat(20_000)}<t>x</t>${"</r>".repeat(20_000)}</si></sst>`,
        ),
      ]),
    );
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.match(
      errorOf(res).message,
      /No se puede importar anidada-chica\.xlsx: Falta la columna/,
    );
    await assertUnchanged();
  });

  test("CSV: invalid UTF-8, NUL bytes and unbalanced quotes are refused naming the line", async () => {
    const cases: [string, Uint8Array | string, RegExp, string][] = [
      [
        "utf8.csv",
        Buffer.concat([
          Buffer.from(`${STATS_HEADER}2022,complaint,1,Denuncias según año\n`),
          Buffer.from([0x32, 0x30, 0x32, 0x33, 0x2c, 0xff, 0xfe, 0x0a]),
        ]),
        /utf8\.csv no es un CSV válido: línea 3: contiene bytes que no son UTF-8 válido/,
        "línea 3",
      ],
      [
        "nul.csv",
        `${STATS_HEADER}2022,complaint,1,x\n2023,compl\0aint,2,y\n`,
        /nul\.csv no es un CSV válido: línea 3: contiene un carácter nulo/,
        "línea 3",
      ],
      [
        "comillas.csv",
        `${STATS_HEADER}2022,complaint,1,x\n2023,complaint,2,"sin cerrar\n2024,complaint,3,z\n`,
        /comillas\.csv no es un CSV válido: línea 3: comillas sin cerrar/,
        "línea 3",
      ],
    ];
    for (const [name, bytes, expected, path] of cases) {
      const res = await upload(name, bytes);
      assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.json)}`);
      assert.match(errorOf(res).message, expected);
      assert.equal(errorOf(res).issues[0]?.path, path);
    }
    // The same refusals through the budget import, inside its transaction.
    const bad = file(
      "presupuesto.csv",
      `${BUDGET_HEADER}2024,E,007,10,5,4\n2024,E,0\u000007,10,5,4\n`,
    );
    const r = await vigia("budget", "import", bad);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /presupuesto\.csv no es un CSV válido: línea 3: contiene un carácter nulo/,
    );
    await assertUnchanged();
  });

  test("CSV: a 50 MB line without a break is refused after reading a few megabytes", async () => {
    const path = join(dir, "linea.csv");
    const out = createWriteStream(path);
    out.write(BUDGET_HEADER);
    const chunk = "9".repeat(MiB);
    for (let i = 0; i < 50; i++) out.write(chunk);
    await new Promise((resolve) => out.end(resolve));
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const r = await vigia("budget", "import", path);
    const growth = process.memoryUsage().rss - rss0;
    console.log(`linea.csv: 50 MB single line; RSS growth ${(growth / MiB).toFixed(1)} MB`);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /linea\.csv no es un CSV válido: línea 2: la línea supera 1048576 caracteres/,
    );
    assert.ok(growth < 200 * MiB, `RSS grew ${growth} bytes`);
    await assertUnchanged();
  });

  test("catalogue import: a NUL byte, bytes that are not UTF-8 and a cut document are refused in Spanish", async () => {
    const good = (await vigia("catalogue", "export", "--policy", "pntp")).stdout;
    for (const [name, bytes, expected] of [
      ["nul.json", `{\n"a":\n\0}`, /nul\.json como JSON: línea 3: contiene un carácter nulo/],
      [
        "latin.json",
        Buffer.from('{"policy": "Pol\xedtica"}', "latin1"),
        /latin\.json como JSON: contiene bytes que no son UTF-8 válido/,
      ],
      [
        "cortado.json",
        good.slice(0, 300),
        /cortado\.json como JSON: (error de sintaxis en la línea \d+, columna \d+|el documento está incompleto)/,
      ],
      [
        "sintaxis.json",
        '{\n  "a": 1,\n  x\n}',
        /sintaxis\.json como JSON: error de sintaxis en la línea 3, columna 3/,
      ],
    ] as const) {
      const r = await vigia("catalogue", "import", file(name, bytes), "--replace");
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, expected);
    }
    await assertUnchanged();
  });
});
