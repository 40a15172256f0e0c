import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli } from "../src/cli/run-cli.ts";

// `vigia linkage estimate` needs no database: a database call here is a bug, so it throws.
async function vigia(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => "",
    backend: () => "pglite",
    withDatabase: () => Promise.reject(new Error("linkage estimate must not open the database")),
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "vigia-mse-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("vigia linkage estimate", () => {
  test("estimates the dark figure of the UK 2013 table, as text and as JSON", async () => {
    const text = await vigia("linkage", "estimate", "reference/mse/uk_nrm_2013.csv");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Casos observados: 2,744/);
    const json = await vigia(
      "linkage",
      "estimate",
      "reference/mse/uk_nrm_2013.csv",
      "--format",
      "json",
    );
    assert.equal(json.code, 0, json.stderr);
    const estimate = JSON.parse(json.stdout);
    // The text shows the same computed figures as the JSON.
    assert.ok(text.stdout.includes(Math.round(estimate.total).toLocaleString("es-PE")));
    assert.ok(estimate.interval.lower < estimate.total && estimate.total < estimate.interval.upper);
  });

  test("a bad cell is refused naming its row and column; lists with no overlap are refused", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "PNP,MP,count\n1,0,4\n0,2,5\n");
    const refused = await vigia("linkage", "estimate", bad);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Fila 2, columna 2 «MP»: debe ser 0 o 1/);
    const apart = join(dir, "apart.csv");
    writeFileSync(apart, "PNP,MP,count\n1,0,40\n0,1,25\n");
    const none = await vigia("linkage", "estimate", apart, "--method", "main");
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No se puede estimar la cifra oculta/);
    const usage = await vigia("linkage", "estimate", apart, "--method", "magic");
    assert.equal(usage.code, 2);
  });
});

const SCHEMA = "reference/linkage/schema-v1.json";

describe("vigia linkage encode, link, synth", () => {
  const secretFile = join(dir, "secreto");
  writeFileSync(secretFile, "una frase secreta compartida entre las instituciones\n");

  test("bad rows are refused naming row and column, and nothing is written", async () => {
    const input = join(dir, "bad-victims.csv");
    writeFileSync(
      input,
      "id,nombres,apellido_paterno,fecha_nacimiento,sexo\nA1,Rosa,Quispe,2001-04-05,F\nA2,Luz,Mamani,31/02/2003,F\nA3,Ana,Torres,,Z\n",
    );
    const out = join(dir, "bad.json");
    const r = await vigia(
      "linkage",
      "encode",
      "--schema",
      SCHEMA,
      "--secret-file",
      secretFile,
      "--in",
      input,
      "--out",
      out,
      "--source",
      "PNP",
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Fila 2, columna «fecha_nacimiento»: fecha no válida «31\/02\/2003»/);
    assert.match(r.stderr, /Fila 3, columna «sexo»: «Z» no es F, M ni vacío/);
    assert.equal(existsSync(out), false);
    const unknown = join(dir, "unknown.csv");
    writeFileSync(unknown, "nombres,apellido_paterno,direccion\nRosa,Quispe,Av. Lima 123\n");
    const u = await vigia(
      "linkage",
      "encode",
      "--schema",
      SCHEMA,
      "--secret-file",
      secretFile,
      "--in",
      unknown,
      "--out",
      out,
      "--source",
      "PNP",
    );
    assert.equal(u.code, 1);
    assert.match(u.stderr, /columnas desconocidas: «direccion»/);
    assert.equal(existsSync(out), false);
    // The secret is read from a file only: there is no option that takes it on the command line.
    const argv = await vigia(
      "linkage",
      "encode",
      "--schema",
      SCHEMA,
      "--secret",
      "x",
      "--in",
      input,
      "--out",
      out,
      "--source",
      "PNP",
    );
    assert.notEqual(argv.code, 0);
  });

  test("synthetic lists are encoded, linked and scored against their truth", async () => {
    const lists = join(dir, "synth");
    assert.equal(
      (await vigia("linkage", "synth", "--records", "600", "--out", lists, "--seed", "5")).code,
      0,
    );
    const files: string[] = [];
    for (const source of ["PNP", "MP", "MIMP"]) {
      const out = join(dir, `${source}.json`);
      const r = await vigia(
        "linkage",
        "encode",
        "--schema",
        SCHEMA,
        "--secret-file",
        secretFile,
        "--in",
        join(lists, `${source}.csv`),
        "--out",
        out,
        "--source",
        source,
      );
      assert.equal(r.code, 0, r.stderr);
      files.push(out);
    }
    const linked = await vigia(
      "linkage",
      "link",
      ...files,
      "--truth",
      join(lists, "truth.csv"),
      "--format",
      "json",
    );
    assert.equal(linked.code, 0, linked.stderr);
    const report = JSON.parse(linked.stdout);
    assert.equal(report.records, 600);
    assert.ok(report.quality.f1 > 0.85, JSON.stringify(report.quality));
    const overlapTotal = report.overlap.reduce((n: number, o: { count: number }) => n + o.count, 0);
    assert.equal(overlapTotal, report.clusters);
  });

  test("encoding runs in a process with no database configured, no usable data dir and no network", () => {
    const input = join(dir, "ok.csv");
    writeFileSync(
      input,
      "id,nombres,apellido_paterno,apellido_materno,fecha_nacimiento,sexo\nA1,Rosa,Quispe,Mamani,2001-04-05,F\n",
    );
    // A data dir under a regular file cannot be created, not even by root.
    const blocker = join(dir, "not-a-dir");
    writeFileSync(blocker, "");
    const out = join(dir, "ok.json");
    // Any TCP socket the process opened (a PostgreSQL client, an HTTP call) ends it with code
    // 97; tsx's loader talks to its parent over a local pipe (a path), which is let through.
    const hook =
      'import net from "node:net"; const connect = net.Socket.prototype.connect; net.Socket.prototype.connect = function (...a) { const o = Array.isArray(a[0]) ? a[0][0] : a[0]; if (!(typeof o === "string" || (o && typeof o === "object" && "path" in o))) { process.stderr.write("se intentó abrir una conexión de red\\n"); process.exit(97); } return connect.apply(this, a); };';
    const noNetwork = `data:text/javascript,${encodeURIComponent(hook)}`;
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        noNetwork,
        "bin/vigia.mjs",
        "linkage",
        "encode",
        "--schema",
        SCHEMA,
        "--secret-file",
        secretFile,
        "--in",
        input,
        "--out",
        out,
        "--source",
        "MIMP",
      ],
      {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: dir, VIGIA_DATA_DIR: join(blocker, "data") },
      },
    );
    assert.equal(child.status, 0, child.stderr);
    const written = JSON.parse(readFileSync(out, "utf8"));
    assert.equal(written.source, "MIMP");
    assert.equal(written.records[0].id, "A1");
    assert.equal(existsSync(join(blocker, "data")), false);
  });
});
