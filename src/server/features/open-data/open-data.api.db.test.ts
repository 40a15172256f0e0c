import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import jsonld from "jsonld";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { EvaluationSchema } from "../../../shared/contracts/evaluation.contract.ts";
import { OpenDataCatalogueSchema } from "../../../shared/contracts/open-data.contract.ts";
import { CIVIL_SOCIETY_DATASETS } from "../../../shared/open-data/civil-society-datasets.ts";
import {
  OPEN_DATA_DATASET_IDS,
  OPEN_DATA_FORMATS,
  openDataDataset,
} from "../../../shared/open-data/open-data-datasets.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { importBudgetFile } from "../budget/budget-import.service.ts";
import { ensureBundledBudgetSetup } from "../budget/budget-rules.service.ts";
import { importReferenceFigures } from "../statistics/statistics-reference.service.ts";

// Open data without a login: only published years, frozen at publication, in every format with
// its version tag, date, licence and CORS; the SDMX series and its code lists; a data package
// Frictionless accepts; a DCAT catalogue read as RDF.
const actor = systemActor("test");
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const BUDGET = join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv");
const require = createRequire(import.meta.url);
const YEAR = 2023;

interface DataPackageLib {
  Package: {
    load(descriptor: string): Promise<{
      valid: boolean;
      errors: Error[];
      getResource(name: string): { read(o?: { keyed?: boolean }): Promise<unknown[]> };
    }>;
  };
}

const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

describe("open data (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(`http://vigia.test${path}`, { headers });
  const csvRows = async (res: Response) =>
    parse(await res.text(), { columns: true }) as Record<string, string>[];

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await ensureBundledBudgetSetup(t.db, actor, { policyCode: "pntp" });
    await importBudgetFile(t.db, actor, { path: BUDGET });
    await importReferenceFigures(t.db, actor);
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("before any publication: an empty catalogue and 404 for every file", async () => {
    const catalogue = OpenDataCatalogueSchema.parse(
      await (await get("/api/public/datasets")).json(),
    );
    assert.deepEqual(catalogue.policies.find((p) => p.code === "pntp")?.releases, []);
    for (const path of [
      `/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.csv`,
      `/api/public/releases/pntp/${YEAR}/datapackage.json`,
      "/api/public/sdmx/pntp/indicadores.csv",
      "/api/public/sdmx/pntp/codelists/CL_INDICADOR.csv",
    ]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(JSON.stringify(await res.json()), /no|ningún/, path);
    }
  });

  describe(`once ${YEAR} is published`, () => {
    let published: ReturnType<typeof EvaluationSchema.parse>;
    before(async () => {
      const res = await admin.request("POST", "/api/policies/pntp/publications", { year: YEAR });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      published = EvaluationSchema.parse(
        await (await get(`/api/policies/pntp/publications/${YEAR}`)).json(),
      );
    });

    test("the catalogue lists the year's datasets with three formats each, budget included", async () => {
      const catalogue = OpenDataCatalogueSchema.parse(
        await (await get("/api/public/datasets")).json(),
      );
      assert.equal(catalogue.license.name, "ODC-By-1.0");
      const pntp = catalogue.policies.find((p) => p.code === "pntp");
      assert.deepEqual(
        pntp?.releases.map((r) => r.version),
        [String(YEAR)],
      );
      const datasets = pntp?.releases[0]?.datasets ?? [];
      assert.deepEqual(
        datasets.map((d) => d.id),
        OPEN_DATA_DATASET_IDS,
      );
      for (const d of datasets) {
        assert.deepEqual(
          d.distributions.map((x) => x.url),
          OPEN_DATA_FORMATS.map((f) => `/api/public/datasets/pntp/${d.id}/${YEAR}.${f}`),
        );
      }
      assert.ok((datasets.find((d) => d.id === "presupuesto-servicios")?.rows ?? 0) > 0);
    });

    test("the indicators' CSV: documented columns, the published figures, licence, caching and CORS", async () => {
      const res = await get(`/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.csv`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.match(
        res.headers.get("link") ?? "",
        /<https:\/\/opendatacommons\.org\/licenses\/by\/1-0\/>; rel="license"/,
      );
      assert.match(res.headers.get("link") ?? "", /datapackage\.json>; rel="describedby"/);
      const etag = res.headers.get("etag") ?? "";
      assert.match(etag, /^W\/"[0-9a-f]{32}"$/);
      const lastModified = res.headers.get("last-modified") ?? "";
      assert.ok(Date.parse(lastModified) > 0);
      const text = await res.text();
      assert.notEqual(text.charCodeAt(0), 0xfeff, "UTF-8 sin BOM");
      const rows = parse(text, { columns: true }) as Record<string, string>[];
      assert.deepEqual(Object.keys(rows[0] ?? {}), [
        ...openDataDataset("evaluacion-indicadores").fields.map((f) => f.name),
        "licencia",
      ]);
      assert.equal(rows.length, published.indicators.length);
      for (const ind of published.indicators) {
        const row = rows.find((r) => r.indicador === ind.code);
        assert.ok(row, ind.code);
        assert.equal(row.avance_tipo1, String(ind.tipo1), ind.code);
        assert.equal(row.valor, ind.value === null ? "" : String(ind.value), ind.code);
        assert.equal(row.licencia, "ODC-By-1.0");
      }
      // Revalidation: the same tag or a later date answers 304, with no body.
      const again = await get(`/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.csv`, {
        "if-none-match": etag,
      });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), "");
      assert.equal(
        (
          await get(`/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.csv`, {
            "if-modified-since": lastModified,
          })
        ).status,
        304,
      );
      const preflight = await app.request(
        `http://vigia.test/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.csv`,
        { method: "OPTIONS", headers: { origin: "https://datosabiertos.example" } },
      );
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /If-None-Match/);
    });

    test("validated values carry their measurement and revision ids, all validated in the database", async () => {
      const rows = await csvRows(
        await get(`/api/public/datasets/pntp/valores-validados/${YEAR}.csv`),
      );
      assert.ok(rows.length > 0);
      const ids = rows.map((r) => Number(r.id_medicion));
      const inDb = await t.db
        .selectFrom("measurement")
        .select(["id", "revision", "status"])
        .where("id", "in", ids)
        .execute();
      assert.equal(inDb.length, ids.length);
      for (const r of rows) {
        const m = inDb.find((x) => x.id === Number(r.id_medicion));
        assert.equal(m?.status, "validado");
        assert.equal(String(m?.revision), r.revision);
      }
    });

    test("the files are the frozen release: a value changed after publication does not reach them", async () => {
      const path = `/api/public/datasets/pntp/valores-validados/${YEAR}.csv`;
      const before = await (await get(path)).text();
      const first = (parse(before, { columns: true }) as Record<string, string>[]).find(
        (r) => r.anio === String(YEAR) && r.valor !== "",
      );
      assert.ok(first);
      // A correction straight in the database, as if validated after the publication.
      await t.db
        .updateTable("measurement")
        .set({ value: Number(first.valor) + 1000 })
        .where("id", "=", Number(first.id_medicion))
        .execute();
      assert.equal(await (await get(path)).text(), before);
      const sdmx = await csvRows(await get("/api/public/sdmx/pntp/indicadores.csv"));
      const obs = sdmx.find((r) => r.INDICADOR === first.indicador && r.MEDIDA === "VALOR");
      assert.notEqual(obs?.OBS_VALUE, String(Number(first.valor) + 1000));
    });

    test("JSON and XLSX of the same dataset hold the same rows and state the licence", async () => {
      const csv = await csvRows(
        await get(`/api/public/datasets/pntp/metas-lineas-base/${YEAR}.csv`),
      );
      const json = (await (
        await get(`/api/public/datasets/pntp/metas-lineas-base/${YEAR}.json`)
      ).json()) as {
        licencia: { name: string };
        filas: Record<string, unknown>[];
        campos: unknown[];
      };
      assert.equal(json.licencia.name, "ODC-By-1.0");
      assert.equal(json.filas.length, csv.length);
      const res = await get(`/api/public/datasets/pntp/presupuesto-departamentos/${YEAR}.xlsx`);
      assert.equal(res.status, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ["datos", "diccionario", "licencia"],
      );
      const licence = wb.getWorksheet("licencia");
      assert.match(String(licence?.getRow(7).getCell(2).value), /opendatacommons/);
      const departments = await csvRows(
        await get(`/api/public/datasets/pntp/presupuesto-departamentos/${YEAR}.csv`),
      );
      assert.equal((wb.getWorksheet("datos")?.rowCount ?? 0) - 1, departments.length);
    });

    test("an unpublished year has no file in any dataset or format", async () => {
      for (const id of OPEN_DATA_DATASET_IDS) {
        for (const format of OPEN_DATA_FORMATS) {
          const res = await get(`/api/public/datasets/pntp/${id}/2024.${format}`);
          assert.equal(res.status, 404, `${id} ${format}`);
        }
      }
      assert.equal((await get("/api/public/releases/pntp/2024/datapackage.json")).status, 404);
      // A bad address names the part that is wrong.
      const bad = await get(`/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.ods`);
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(await bad.json()), /params\.file/);
    });

    test("SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION, dimensions, OBS_VALUE; every code in its list", async () => {
      const res = await get("/api/public/sdmx/pntp/indicadores.csv");
      assert.equal(res.status, 200);
      assert.match(
        res.headers.get("content-type") ?? "",
        /^application\/vnd\.sdmx\.data\+csv; version=2\.0\.0/,
      );
      const rows = await csvRows(res);
      assert.deepEqual(Object.keys(rows[0] ?? {}), [
        "STRUCTURE",
        "STRUCTURE_ID",
        "ACTION",
        "INDICADOR",
        "ENTIDAD",
        "TERRITORIO",
        "MEDIDA",
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "OBS_STATUS",
        "LICENCIA",
      ]);
      assert.equal(rows.length, published.indicators.length * 4);
      for (const r of rows) {
        assert.equal(r.STRUCTURE, "dataflow");
        assert.equal(r.STRUCTURE_ID, "VIGIA:DF_PNTP_INDICADORES(1.0)");
        assert.equal(r.ACTION, "I");
        assert.equal(r.TIME_PERIOD, String(YEAR));
        assert.equal(r.OBS_STATUS, r.OBS_VALUE === "" ? "M" : "A");
      }
      const valor = rows.find((r) => r.INDICADOR === "1.1" && r.MEDIDA === "VALOR");
      const ind = published.indicators.find((i) => i.code === "1.1");
      assert.equal(valor?.OBS_VALUE, ind?.value === null ? "" : String(ind?.value));
      const lists: Record<string, string> = {
        INDICADOR: "CL_INDICADOR",
        ENTIDAD: "CL_ENTIDAD",
        TERRITORIO: "CL_TERRITORIO",
        MEDIDA: "CL_MEDIDA",
        TIME_PERIOD: "CL_PERIODO",
        OBS_STATUS: "CL_OBS_STATUS",
      };
      for (const [column, list] of Object.entries(lists)) {
        const codes = new Set(
          (await csvRows(await get(`/api/public/sdmx/pntp/codelists/${list}.csv`))).map(
            (c) => c.ID,
          ),
        );
        for (const r of rows)
          assert.ok(codes.has(r[column] ?? ""), `${column} ${r[column]} in ${list}`);
      }
    });

    test("SDMX-JSON: the flat data message decodes, through its indices, to the SDMX-CSV observations", async () => {
      const res = await get("/api/public/sdmx/pntp/indicadores.json");
      assert.equal(res.status, 200);
      assert.match(
        res.headers.get("content-type") ?? "",
        /^application\/vnd\.sdmx\.data\+json; version=1\.0\.0/,
      );
      const message = (await res.json()) as {
        data: {
          structure: {
            dimensions: {
              observation: { id: string; keyPosition: number; values: { id: string }[] }[];
            };
            attributes: { observation: { id: string; values: { id: string }[] }[] };
          };
          dataSets: { action: string; observations: Record<string, (number | null)[]> }[];
        };
      };
      const { dimensions, attributes } = message.data.structure;
      assert.deepEqual(
        dimensions.observation.map((d) => [d.id, d.keyPosition]),
        ["INDICADOR", "ENTIDAD", "TERRITORIO", "MEDIDA", "TIME_PERIOD"].map((id, i) => [id, i]),
      );
      const decoded = Object.entries(message.data.dataSets[0]?.observations ?? {}).map(
        ([key, [value, unit, status]]) => {
          const codes = key
            .split(":")
            .map((i, d) => dimensions.observation[d]?.values[Number(i)]?.id);
          return {
            key: codes.join("|"),
            value: value === null || value === undefined ? "" : String(value),
            unit: attributes.observation[0]?.values[Number(unit)]?.id,
            status: attributes.observation[1]?.values[Number(status)]?.id,
          };
        },
      );
      const csv = await csvRows(await get("/api/public/sdmx/pntp/indicadores.csv"));
      const fromCsv = csv.map((r) => ({
        key: [r.INDICADOR, r.ENTIDAD, r.TERRITORIO, r.MEDIDA, r.TIME_PERIOD].join("|"),
        value: r.OBS_VALUE,
        unit: r.UNIT_MEASURE,
        status: r.OBS_STATUS,
      }));
      const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
      assert.deepEqual(decoded.sort(byKey), fromCsv.sort(byKey));
    });

    test("Frictionless accepts the data package and casts every CSV value to its type", async () => {
      const res = await get(`/api/public/releases/pntp/${YEAR}/datapackage.json`);
      assert.equal(res.status, 200);
      const descriptor = (await res.json()) as {
        licenses: { name: string }[];
        resources: { name: string; path: string }[];
      };
      assert.equal(descriptor.licenses[0]?.name, "ODC-By-1.0");
      // The library reads local files: each resource's CSV is downloaded beside the descriptor.
      const dir = mkdtempSync(join(tmpdir(), "vigia-datapackage-"));
      for (const r of descriptor.resources) {
        const url = new URL(r.path);
        assert.equal(url.origin, "http://vigia.test");
        const csv = await get(url.pathname);
        assert.equal(csv.status, 200, r.path);
        writeFileSync(join(dir, `${r.name}.csv`), await csv.text());
        r.path = `${r.name}.csv`;
      }
      writeFileSync(join(dir, "datapackage.json"), JSON.stringify(descriptor));
      const { Package } = require("datapackage") as DataPackageLib;
      const pkg = await Package.load(join(dir, "datapackage.json"));
      assert.deepEqual(pkg.errors.map(String), []);
      assert.equal(pkg.valid, true);
      for (const r of descriptor.resources) {
        const rows = await pkg.getResource(r.name).read({ keyed: true });
        // No organisation has published anything here: its live dataset is a header only.
        if (r.name !== "sociedad-civil") assert.ok(rows.length > 0, r.name);
      }
    });

    test("the DCAT catalogue expands to RDF: datasets with distributions, download URLs and licence", async () => {
      const res = await get("/api/public/catalog.jsonld");
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^application\/ld\+json/);
      const doc = await res.json();
      const quads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument)) as unknown as {
        subject: { value: string };
        predicate: { value: string };
        object: { value: string; termType: string };
      }[];
      const objects = (s: string, p: string) =>
        quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
      const ofType = (type: string) =>
        quads
          .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type)
          .map((q) => q.subject.value);
      assert.equal(ofType(`${DCAT}Catalog`).length, 1);
      const catalog = ofType(`${DCAT}Catalog`)[0] ?? "";
      const datasets = ofType(`${DCAT}Dataset`);
      // Every dataset of the year, the live civil-society ones, and the SDMX series.
      assert.equal(
        datasets.length,
        OPEN_DATA_DATASET_IDS.length + CIVIL_SOCIETY_DATASETS.length + 1,
      );
      assert.deepEqual(
        objects(catalog, `${DCAT}dataset`)
          .map((o) => o.value)
          .sort(),
        [...datasets].sort(),
      );
      for (const d of datasets) {
        assert.deepEqual(
          objects(d, `${DCT}license`).map((o) => o.value),
          ["https://opendatacommons.org/licenses/by/1-0/"],
          d,
        );
        assert.equal(objects(d, `${DCT}title`).length, 1, d);
        assert.equal(objects(d, `${DCT}publisher`).length, 1, d);
        const distributions = objects(d, `${DCAT}distribution`);
        // CSV, JSON and XLSX; the live civil-society datasets are CSV and JSON.
        assert.ok(distributions.length >= (/\/sociedad-civil\//.test(d) ? 2 : 3), d);
        for (const dist of distributions) {
          assert.ok(ofType(`${DCAT}Distribution`).includes(dist.value));
          const [download] = objects(dist.value, `${DCAT}downloadURL`);
          assert.equal(download?.termType, "NamedNode");
          assert.ok(download?.value.startsWith("http://vigia.test/api/public/"), download?.value);
          assert.equal(objects(dist.value, `${DCAT}mediaType`).length, 1);
        }
      }
      const issued = quads.find((q) => q.predicate.value === `${DCT}issued`);
      assert.equal(
        (issued?.object as { datatype?: { value: string } } | undefined)?.datatype?.value,
        "http://www.w3.org/2001/XMLSchema#dateTime",
      );
      // Every download URL in the catalogue answers.
      const csvUrl = quads.find(
        (q) =>
          q.predicate.value === `${DCAT}downloadURL` && q.object.value.endsWith(`/${YEAR}.csv`),
      );
      assert.equal((await get(new URL(csvUrl?.object.value ?? "").pathname)).status, 200);
    });

    test("a withdrawn year leaves the open data at once", async () => {
      const res = await admin.request(
        "POST",
        `/api/policies/pntp/publications/${YEAR}/withdrawal`,
        {
          reason: "Error de transcripción en un valor, se corrige y se vuelve a publicar.",
        },
      );
      assert.equal(res.status, 200);
      assert.equal(
        (await get(`/api/public/datasets/pntp/evaluacion-indicadores/${YEAR}.csv`)).status,
        404,
      );
      const catalogue = OpenDataCatalogueSchema.parse(
        await (await get("/api/public/datasets")).json(),
      );
      assert.deepEqual(catalogue.policies.find((p) => p.code === "pntp")?.releases, []);
    });
  });
});
