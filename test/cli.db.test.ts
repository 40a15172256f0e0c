import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { buildSecondPolicyCatalogue } from "./factories.ts";
import { createCliSession } from "./support/cli-session.ts";

// The `vigia` commands as a person types them, on a real database seeded with the PNTP (PGlite,
// or a database of its own on the server under npm run test:pg), run in this process through
// the same runCli the executable calls (test/support/cli-session.ts). What only a real process
// shows is in cli-process.db.test.ts.

/** A session on the seeded PNTP and a temp folder for files, for one describe block. */
function useSeededCli(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `vigia-${prefix}-`));
  let session: Awaited<ReturnType<typeof createCliSession>>;
  before(async () => {
    session = await createCliSession({ seed: "pntp" });
  });
  after(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    vigia: (...args: string[]) => session.vigia(...args),
    input: (text: string) => session.input(text),
  };
}

describe("vigia CLI (database)", () => {
  const { dir, vigia, input } = useSeededCli("cli");

  test("evaluate --format json prints the Informe's figures", async () => {
    const { code, stdout } = await vigia(
      "evaluate",
      "--policy",
      "pntp",
      "--year",
      "2023",
      "--format",
      "json",
    );
    assert.equal(code, 0);
    const ev = JSON.parse(stdout);
    assert.equal(ev.index.tipo2, 22.2);
    assert.equal(ev.index.level, "bajo");
    assert.deepEqual(
      ev.objectives.map((o: { tipo2: number }) => o.tipo2),
      [0, 66.7, 0],
    );
    assert.equal(ev.valoracion.total, 1.8);
    assert.deepEqual(ev.levelCounts.total, { bajo: 10, intermedio: 4, alto: 36, total: 50 });
  });

  test("evaluate prints readable tables by default", async () => {
    const { code, stdout } = await vigia("evaluate", "--policy", "pntp", "--year", "2023");
    assert.equal(code, 0);
    assert.match(stdout, /Índice de gestión \(avance tipo 2\): 22\.2 % — nivel bajo/);
    assert.match(
      stdout,
      /Nivel bajo 2023: OP \[2\.1, 3\.2\]; servicios \[7, 8, 14, 16\.2, 26, 27, 32, 34\]/,
    );
  });

  test("catalogue export reproduces the shipped file exactly", async () => {
    const { code, stdout } = await vigia("catalogue", "export", "--policy", "pntp");
    assert.equal(code, 0);
    assert.equal(
      stdout,
      readFileSync(join(import.meta.dirname, "..", "catalogues", "pntp.catalogue.json"), "utf8"),
    );
  });

  test("a bad catalogue file is refused with every field path, and nothing changes", async () => {
    const bad = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "catalogues", "pntp.catalogue.json"), "utf8"),
    );
    bad.policy.code = "otra";
    bad.indicators[5].versions[0].unit = "litros";
    bad.indicators[7].measurements[1].value = "mucho";
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(bad));
    const { code, stderr } = await vigia("catalogue", "import", file);
    assert.equal(code, 1);
    assert.match(stderr, /indicators\[5\]\.versions\[0\]\.unit/);
    assert.match(stderr, /indicators\[7\]\.measurements\[1\]\.value/);
    assert.match(stderr, /no se importó nada/);
    const policies = await vigia("policies");
    assert.deepEqual(
      policies.stdout
        .trim()
        .split("\n")
        .map((l) => l.split("\t")[0]),
      ["pntp"],
    );
  });

  test("user create reads the password from stdin; user list shows the account", async () => {
    input("clave-segura-2024\n");
    const created = await vigia(
      "user",
      "create",
      "--email",
      "fp@prueba.vigia.pe",
      "--role",
      "punto_focal",
      "--entity",
      "MININTER",
      "--proxy-entity",
      "PNP",
      "--password-stdin",
    );
    assert.equal(created.code, 0, created.stderr);
    const list = await vigia("user", "list");
    assert.match(list.stdout, /fp@prueba\.vigia\.pe\tpunto_focal\tMININTER,PNP\*\tactivo/);
    const weak = await vigia("user", "create", "--email", "x@prueba.vigia.pe", "--role", "revisor");
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /--password-stdin/);
  });

  test("report evaluation writes the file and shows its progress on stderr", async () => {
    const out = join(dir, "informe.xlsx");
    const { code, stdout, stderr } = await vigia(
      "report",
      "evaluation",
      "--policy",
      "pntp",
      "--year",
      "2023",
      "--out",
      out,
    );
    assert.equal(code, 0, stderr);
    assert.equal(stdout, "");
    assert.match(stderr, /\[1\/3\] Leyendo datos/);
    assert.match(stderr, /\[3\/3\] Generando XLSX/);
    assert.match(stderr, /Listo: .*informe\.xlsx/);
    assert.equal(readFileSync(out).subarray(0, 2).toString(), "PK");
  });

  test("the report's figures are the ones `vigia evaluate` prints", async () => {
    const evaluated = JSON.parse(
      (await vigia("evaluate", "--policy", "pntp", "--year", "2023", "--format", "json")).stdout,
    ) as { indicators: { code: string; tipo1: number | "ND"; tipo2: number | "ND" }[] };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "informe.xlsx"));
    const sheet = wb.getWorksheet("Indicadores");
    assert.ok(sheet);
    const header = sheet.getRow(1).values as unknown[];
    const level = header.indexOf("Nivel 2023");
    const op = wb.getWorksheet("OP2 indicadores");
    const opHeader = (op?.getRow(1).values as unknown[]) ?? [];
    for (const i of evaluated.indicators.filter((x) => x.code.startsWith("2."))) {
      const row = op?.getRows(2, 10)?.find((r) => r.getCell(1).value === i.code);
      assert.equal(row?.getCell(opHeader.indexOf("Avance tipo 1 (%) 2023")).value, i.tipo1, i.code);
      assert.equal(row?.getCell(opHeader.indexOf("Avance tipo 2 (%) 2023")).value, i.tipo2, i.code);
    }
    assert.ok(level > 0);
  });

  test("report text set stores a text and refuses unknown placeholders", async () => {
    const good = join(dir, "conclusiones.txt");
    writeFileSync(good, "El índice de gestión fue {{indice.tipo2}} %.");
    const ok = await vigia(
      "report",
      "text",
      "set",
      "--policy",
      "pntp",
      "--year",
      "2023",
      "--section",
      "conclusiones",
      "--file",
      good,
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /registrado por cli:/);
    const bad = join(dir, "malo.txt");
    writeFileSync(bad, "{{indice.tipo9}}");
    const refused = await vigia(
      "report",
      "text",
      "set",
      "--policy",
      "pntp",
      "--year",
      "2023",
      "--section",
      "conclusiones",
      "--file",
      bad,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\{\{indice\.tipo9\}\}: marcador desconocido/);
  });

  test("report usage errors: unknown format, missing period", async () => {
    const base = ["report", "evaluation", "--policy", "pntp", "--year", "2023"];
    const fmt = await vigia(...base, "--out", join(dir, "x.odt"));
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format debe ser docx, pdf, xlsx/);
    const period = await vigia(
      "report",
      "monitoring",
      "--policy",
      "pntp",
      "--year",
      "2023",
      "--format",
      "pdf",
      "--out",
      join(dir, "s.pdf"),
    );
    assert.equal(period.code, 2);
    assert.match(period.stderr, /--period S1/);
  });

  test("usage errors exit with 2 and explain", async () => {
    const { code, stderr } = await vigia("evaluate", "--policy", "pntp", "--year", "dos");
    assert.equal(code, 2);
    assert.match(stderr, /año válido/);
  });
});

describe("vigia catalogue import of a second policy (database)", () => {
  const { dir, vigia } = useSeededCli("cli-import");
  const shipped = readFileSync(
    join(import.meta.dirname, "..", "catalogues", "pntp.catalogue.json"),
    "utf8",
  );
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  test("a change to SUNAFIL is refused without --update-entities and the PNTP export stays the same", async () => {
    const file = write(
      "second.json",
      JSON.stringify(buildSecondPolicyCatalogue({ sunafilParent: "MININTER" })),
    );
    const refused = await vigia("catalogue", "import", file);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /^Error: El catálogo cambiaría datos compartidos .*SUNAFIL \(parent\)/,
    );
    assert.match(
      refused.stderr,
      /entities\[1\]\.parent: la entidad SUNAFIL, usada por la política pntp, tiene parent "MTPE"; el catálogo dice "MININTER"/,
    );
    assert.equal((await vigia("catalogue", "export", "--policy", "pntp")).stdout, shipped);

    const updated = await vigia("catalogue", "import", file, "--update-entities");
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stderr, /Catálogo "pnlab" importado/);
    assert.match(
      updated.stderr,
      /Entidad modificada SUNAFIL: parent: MTPE → MININTER \(también en pntp\)/,
    );
    const exported = JSON.parse((await vigia("catalogue", "export", "--policy", "pntp")).stdout);
    assert.equal(
      exported.entities.find((e: { code: string }) => e.code === "SUNAFIL").parent,
      "MININTER",
    );
  });

  test("NUL in a name and 1e400 are field errors, never a database trace", async () => {
    const doc = buildSecondPolicyCatalogue();
    doc.policy.code = "pnotra";
    doc.policy.name = "Política\u0000";
    const m = doc.indicators[0]?.measurements[0];
    assert.ok(m);
    m.value = 424242.5;
    const file = write("bad.json", JSON.stringify(doc).replace("424242.5", "1e400"));
    const { code, stderr } = await vigia("catalogue", "import", file);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /no se importó nada/);
    assert.match(stderr, /policy\.name: carácter de control U\+0000 no permitido/);
    assert.match(stderr, /indicators\[0\]\.measurements\[0\]\.value: número fuera de rango/);
    assert.doesNotMatch(stderr, /insert|params|PGlite|\bat \S+:\d+/i);
    const policies = await vigia("policies");
    assert.doesNotMatch(policies.stdout, /pnotra/);
  });
});
