import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { DomainError } from "../../errors.ts";
import { getStatisticsFigureVersions, listStatisticsFigures } from "./statistics.service.ts";
import { CODE_LISTS_DIR, loadStatisticsCodeLists } from "./statistics-code-lists.service.ts";
import { importStatisticsFile } from "./statistics-import.service.ts";
import { importStatisticsRecords } from "./statistics-records.service.ts";

/**
 * The statistical register on a database: code lists loaded and versioned, a source's CSV and
 * XLSX files imported all or nothing with every problem named by row and column, restatements
 * kept beside what they restate, the figures' table append-only, and record tables with no
 * column for identity.
 */
describe("statistical register (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  const actor = systemActor("test");
  const dir = mkdtempSync(join(tmpdir(), "vigia-stats-"));
  const csv = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const refusal = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DomainError, `expected a refusal, got ${String(err)}`);
    return err;
  };
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db))
        .rows[0]?.n,
    );

  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the shipped code lists load once; the same version with other bytes is refused; a new version retires", async () => {
    const first = await loadStatisticsCodeLists(t.db, actor);
    assert.deepEqual(first.map((l) => [l.list, l.status]).sort(), [
      ["age_band", "cargada"],
      ["concept", "cargada"],
      ["exploitation_form", "cargada"],
      ["nationality", "cargada"],
      ["sex", "cargada"],
      ["source", "cargada"],
      ["statute", "cargada"],
      ["unit", "cargada"],
    ]);
    const again = await loadStatisticsCodeLists(t.db, actor);
    assert.ok(again.every((l) => l.status === "sin cambios"));

    const edited = mkdtempSync(join(tmpdir(), "vigia-codes-"));
    cpSync(CODE_LISTS_DIR, edited, { recursive: true });
    const sexFile = join(edited, "sex.json");
    const sex = JSON.parse(readFileSync(sexFile, "utf8"));
    sex.codes[0].es = "Femenino";
    writeFileSync(sexFile, JSON.stringify(sex));
    const err = await refusal(loadStatisticsCodeLists(t.db, actor, { dir: edited }));
    assert.match(err.message, /sex\.json cambió sin cambiar de versión \(1\)/);

    sex.version = 2;
    sex.codes = sex.codes.filter((c: { code: string }) => c.code !== "NE");
    writeFileSync(sexFile, JSON.stringify(sex));
    const v2 = await loadStatisticsCodeLists(t.db, actor, { dir: edited });
    assert.deepEqual(
      v2.find((l) => l.list === "sex"),
      { list: "sex", version: 2, status: "cargada", codes: 2 },
    );
    const codes = await t.db
      .selectFrom("statCode")
      .select(["code", "labelEs", "retiredInVersion"])
      .where("listCode", "=", "sex")
      .orderBy("code")
      .execute();
    assert.deepEqual(codes, [
      { code: "F", labelEs: "Femenino", retiredInVersion: null },
      { code: "M", labelEs: "Hombre", retiredInVersion: null },
      { code: "NE", labelEs: "No especificado", retiredInVersion: 2 },
    ]);
    // Both versions are kept whole.
    assert.equal(
      (
        await t.db
          .selectFrom("statCodeListVersion")
          .select("version")
          .where("listCode", "=", "sex")
          .execute()
      ).length,
      2,
    );
    rmSync(edited, { recursive: true, force: true });
    const older = await refusal(loadStatisticsCodeLists(t.db, actor));
    assert.match(older.message, /sex\.json: la versión 1 es anterior a la cargada \(2\)/);
  });

  test("a CSV with the source's own headers and words is imported, provenance per row", async () => {
    const path = csv(
      "reta-2019.csv",
      [
        "AÑO;CONCEPTO;SEXO;EDAD;UBIGEO;N;FECHA_DE_CORTE;COMENTARIO",
        "2019;VICTIMAS;;;;765;2020-02-15;total nacional",
        "2019;VICTIMAS;MUJER;NNA;;148;2020-02-15;",
        "2019;VICTIMAS;HOMBRE;NNA;;38;2020-02-15;",
        "2019;VICTIMAS;;ADULTO;;579;2020-02-15;",
        "2019;VICTIMAS;;;15;300;2020-02-15;Lima",
      ].join("\n"),
    );
    const report = await importStatisticsFile(t.db, actor, { path, sourceCode: "PNP-RETA" });
    assert.equal(report.outcome, "importado");
    assert.deepEqual(
      [report.rowsRead, report.figuresNew, report.figuresRestated, report.figuresUnchanged],
      [5, 5, 0, 0],
    );
    assert.deepEqual(report.mapping.ignored, ["COMENTARIO"]);
    const figures = await listStatisticsFigures(t.db, actor, { year: 2019, source: "PNP-RETA" });
    assert.equal(figures.length, 5);
    const girls = figures.find((f) => f.dimensions.sex === "F");
    assert.ok(girls);
    assert.equal(girls.value, 148);
    assert.equal(girls.dimensions.ageBand, "menor_18");
    assert.equal(girls.unit, "persona");
    assert.equal(girls.origin, "exportacion");
    assert.equal(girls.extractionDate, "2020-02-15");
    assert.deepEqual(girls.provenance, { document: "reta-2019.csv", location: "fila 3" });
    assert.equal(figures.find((f) => f.ubigeo === "15")?.value, 300);
  });

  test("the same file again changes nothing; a later file with another value is a new version, the old one kept", async () => {
    const same = await importStatisticsFile(t.db, actor, {
      path: join(dir, "reta-2019.csv"),
      sourceCode: "PNP-RETA",
    });
    assert.deepEqual([same.figuresNew, same.figuresRestated, same.figuresUnchanged], [0, 0, 5]);

    const xlsx = join(dir, "reta-2019-corregido.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Hoja1");
    ws.addRow(["Año", "Concepto", "Sexo", "Edad", "Valor", "Definición"]);
    ws.addRow([
      2019,
      "victim",
      null,
      null,
      770,
      "Víctimas registradas en el RETA (dato actualizado)",
    ]);
    ws.addRow([2019, "victim", "F", "menor_18", 148, null]);
    await wb.xlsx.writeFile(xlsx);
    const report = await importStatisticsFile(t.db, actor, { path: xlsx, sourceCode: "PNP-RETA" });
    assert.equal(report.format, "xlsx");
    assert.deepEqual(
      [report.figuresNew, report.figuresRestated, report.figuresUnchanged],
      [0, 1, 1],
    );
    assert.deepEqual(report.restatements, [
      { row: 2, figure: "PNP-RETA victim 2019", previousValue: 765, value: 770, version: 2 },
    ]);

    const total = (
      await listStatisticsFigures(t.db, actor, { year: 2019, source: "PNP-RETA" })
    ).find((f) => f.dimensions.sex === null && f.dimensions.ageBand === null && f.ubigeo === null);
    assert.ok(total);
    assert.equal(total.value, 770);
    assert.equal(total.version, 2);
    const versions = await getStatisticsFigureVersions(t.db, actor, { id: total.id });
    assert.deepEqual(
      versions.map((v) => [v.version, v.value, v.supersededById === null]),
      [
        [1, 765, false],
        [2, 770, true],
      ],
    );
    assert.equal(versions[0]?.supersededById, total.id);
    assert.equal(versions[1]?.supersedesId, versions[0]?.id);
  });

  test("the figures' table refuses updates and deletes: a correction is a new version", async () => {
    for (const statement of [
      sql`UPDATE stat_figure SET value = 1 WHERE source_code = 'PNP-RETA'`,
      sql`DELETE FROM stat_figure WHERE source_code = 'PNP-RETA'`,
    ]) {
      await assert.rejects(statement.execute(t.db), /stat_figure es de solo inserción/);
    }
  });

  test("a bad file is refused whole, every problem named by row and column, before the database", async () => {
    const before = await count("stat_figure");
    const path = csv(
      "malo.csv",
      [
        "anio,concepto,sexo,valor,nota",
        "2019,victim,F,12,ok",
        "1985,victim,F,3,",
        `${new Date().getFullYear() + 1},victim,M,3,`,
        "2019,victima,F,3,",
        "2019,victim,X,3,",
        "2019,victim,,250000000,",
        "2019,victim,M,7,\u0007",
        "2019,victim,F,12,",
        "2018,victim,,1.5,",
      ].join("\n"),
    );
    const err = await refusal(
      importStatisticsFile(t.db, actor, { path, sourceCode: "PNP-DIRCTPTIM" }),
    );
    assert.match(err.message, /malo\.csv: 8 problema\(s\) en las filas; no se importó nada/);
    const issues = err.issues.map((i) => `${i.path}: ${i.message}`);
    assert.deepEqual(issues, [
      "fila 3, columna «anio»: el año de «1985» es anterior a 1990",
      `fila 4, columna «anio»: «${new Date().getFullYear() + 1}» empieza después de hoy (${new Date().toISOString().slice(0, 10)})`,
      "fila 5, columna «concepto»: concepto «victima» no está en la lista de códigos",
      "fila 6, columna «sexo»: sexo «X» no está en la lista de códigos",
      "fila 7, columna «valor»: 250,000,000 es demasiado grande (máximo 100,000,000)",
      "fila 8, columna «nota»: carácter de control U+0007 no permitido",
      "fila 9, columna «(fila)»: repite la cifra de la fila 2 (misma fuente, concepto, periodo y desagregación)",
      "fila 10, columna «valor»: «1.5» no es un número entero (una cuenta no tiene decimales)",
    ]);
    assert.equal(await count("stat_figure"), before, "nothing written");
    assert.equal(
      (
        await t.db
          .selectFrom("statImport")
          .select("id")
          .where("sourceCode", "=", "PNP-DIRCTPTIM")
          .execute()
      ).length,
      0,
    );
  });

  test("a dry run reports and writes nothing; a file without the needed columns is refused by its header", async () => {
    const before = await count("stat_figure");
    const path = csv("simulado.csv", "periodo,concepto,valor\n2025-S1,complaint,942\n");
    const report = await importStatisticsFile(t.db, actor, {
      path,
      sourceCode: "MP-FISTRAP",
      dryRun: true,
    });
    assert.equal(report.outcome, "simulado");
    assert.equal(report.figuresNew, 1);
    assert.equal(report.importId, null);
    assert.equal(await count("stat_figure"), before);

    const noValue = csv("sin-valor.csv", "periodo,concepto\n2025,complaint\n");
    const err = await refusal(
      importStatisticsFile(t.db, actor, { path: noValue, sourceCode: "MP-FISTRAP" }),
    );
    assert.match(err.message, /Falta la columna del valor/);
    const unknown = await refusal(
      importStatisticsFile(t.db, actor, { path, sourceCode: "NO-EXISTE" }),
    );
    assert.equal(unknown.code, "not_found");
  });

  test("record tables have no column for a name, a document number, an address or a phone", async () => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_name IN ('stat_case_record', 'stat_case_milestone', 'stat_victim_record', 'stat_suspect_record')`.execute(
      t.db,
    );
    assert.ok(columns.rows.length > 20);
    const identity =
      /name|nombre|apellido|document|dni|passport|pasaporte|address|direcci|domicilio|phone|telef|celular|email|correo/i;
    assert.deepEqual(
      columns.rows.filter((c) => identity.test(c.column_name)),
      [],
    );
  });

  test("records: identity fields are refused by name; cases, milestones, victims and suspects load", async () => {
    const err = await refusal(
      importStatisticsRecords(t.db, actor, {
        fileName: "registros.json",
        document: {
          format: "vigia-stat-records/1",
          source: "MP-FISTRAP",
          victims: [{ id: "V-1", nombre: "María", dni: "12345678" }],
        },
      }),
    );
    assert.match(err.message, /no es un archivo de registros válido/);
    assert.match(JSON.stringify(err.issues), /nombre/);
    assert.match(JSON.stringify(err.issues), /dni/);

    const report = await importStatisticsRecords(t.db, actor, {
      fileName: "registros.json",
      document: {
        format: "vigia-stat-records/1",
        source: "MP-FISTRAP",
        cases: [
          {
            id: "C-2019-001",
            openedOn: "2019-06-01",
            ubigeo: "150101",
            statuteInitial: "cp_153",
            milestones: [
              { milestone: "denuncia", on: "2019-06-01", statute: "cp_153" },
              { milestone: "formalizacion", on: "2019-09-10", statute: "cp_153" },
              {
                milestone: "sentencia_condenatoria",
                on: "2020-11-05",
                statute: "cp_168_b",
                sentenceYears: 35,
              },
              { milestone: "apelacion", on: "2021-08-20", statute: "cp_168_b", sentenceYears: 30 },
            ],
          },
        ],
        victims: [
          { id: "V-1", caseId: "C-2019-001", sex: "M", ageBand: "adulto", nationality: "PER" },
        ],
        suspects: [
          { id: "S-1", caseId: "C-2019-001", sex: "M", ageBand: "adulto" },
          { id: "S-2", caseId: "C-2019-001", publicOfficial: true, officialInstitution: "PNP" },
        ],
      },
    });
    assert.deepEqual(
      [report.cases, report.milestones, report.victims, report.suspects],
      [1, 4, 1, 2],
    );
    const again = await refusal(
      importStatisticsRecords(t.db, actor, {
        fileName: "registros.json",
        document: {
          format: "vigia-stat-records/1",
          source: "MP-FISTRAP",
          victims: [{ id: "V-1" }],
        },
      }),
    );
    assert.match(JSON.stringify(again.issues), /«V-1» ya fue cargado para MP-FISTRAP/);
  });
});
