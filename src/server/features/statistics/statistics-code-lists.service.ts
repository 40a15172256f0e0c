import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../shared/actor.ts";
import { formatPath } from "../../../shared/catalogue/parse-catalogue.ts";
import {
  CODE_LIST_CODES,
  DIMENSION_LISTS,
  DIMENSIONS,
  type StatDimension,
} from "../../../shared/statistics/statistics-codes.ts";
import {
  type AnyCodeListFile,
  AnyCodeListFileSchema,
} from "../../../shared/statistics/statistics-files.schema.ts";
import type { CodeInfo } from "../../../shared/statistics/validate-figure-row.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { countUbigeo, loadUbigeoReference } from "../territory/territory.service.ts";
import {
  currentCodeListVersions,
  listCodes,
  listConcepts,
  listSources,
} from "./statistics.repository.ts";
import {
  insertCodeListVersion,
  retireMissingCodes,
  upsertCodes,
  upsertConcepts,
  upsertSources,
} from "./statistics-import.repository.ts";

/**
 * The code lists of the statistical register: shipped as versioned files
 * (reference/statistics/code-lists/), loaded into the database with every version kept whole.
 * A file whose version is already loaded with other bytes is refused (a list changes only
 * with a new version), as is one older than the loaded version.
 */

export const STATISTICS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../reference/statistics",
);
export const CODE_LISTS_DIR = join(STATISTICS_DIR, "code-lists");

export interface CodeListLoad {
  list: string;
  version: number;
  status: "cargada" | "sin cambios";
  codes: number;
}

async function readCodeListFiles(dir: string) {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const files: { name: string; sha256: string; file: AnyCodeListFile }[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name));
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString("utf8"));
    } catch (err) {
      throw invalid(`${name} no es JSON válido: ${(err as Error).message}`);
    }
    const parsed = AnyCodeListFileSchema.safeParse(json);
    if (!parsed.success)
      throw invalid(
        `La lista de códigos ${name} no es válida.`,
        parsed.error.issues.map((i) => ({
          path: `${name}: ${formatPath(i.path)}`,
          message: i.message,
        })),
      );
    files.push({
      name,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      file: parsed.data,
    });
  }
  const lists = new Set(files.map((f) => f.file.list));
  const missing = CODE_LIST_CODES.filter((c) => !lists.has(c));
  if (missing.length > 0)
    throw invalid(`Faltan listas de códigos en ${dir}: ${missing.join(", ")}.`);
  // Sources and concepts name units; the units' list goes first.
  const order = (l: string) => (l === "unit" ? 0 : l === "source" || l === "concept" ? 2 : 1);
  return files.sort((a, b) => order(a.file.list) - order(b.file.list));
}

function checkParents(
  name: string,
  codes: readonly { code: string; parent?: string | undefined }[],
) {
  const known = new Set(codes.map((c) => c.code));
  const bad = codes.filter((c) => c.parent !== undefined && !known.has(c.parent));
  if (bad.length > 0)
    throw invalid(
      `${name}: ${bad.map((c) => `«${c.code}» tiene un código padre desconocido «${c.parent}»`).join("; ")}.`,
    );
}

async function loadOne(
  tx: Executor,
  actor: Actor,
  entry: { name: string; sha256: string; file: AnyCodeListFile },
  loaded: Map<string, number>,
): Promise<CodeListLoad> {
  const { file, name, sha256 } = entry;
  const current = loaded.get(file.list) ?? 0;
  const count =
    "codes" in file
      ? file.codes.length
      : "sources" in file
        ? file.sources.length
        : file.concepts.length;
  if (file.version < current)
    throw invalid(`${name}: la versión ${file.version} es anterior a la cargada (${current}).`);
  if (file.version === current) {
    const known = await tx
      .selectFrom("statCodeListVersion")
      .select("fileSha256")
      .where("listCode", "=", file.list)
      .where("version", "=", current)
      .executeTakeFirst();
    if (known?.fileSha256 !== sha256)
      throw invalid(
        `${name} cambió sin cambiar de versión (${current}): una lista de códigos cambia solo con una versión nueva.`,
      );
    return { list: file.list, version: current, status: "sin cambios", codes: count };
  }
  const v = file.version;
  await insertCodeListVersion(tx, {
    listCode: file.list,
    version: v,
    title: file.title,
    fileSha256: sha256,
    content: file,
    loadedBy: actor.id,
  });
  if ("codes" in file) {
    checkParents(name, file.codes);
    const known = new Map(
      (await listCodes(tx)).filter((c) => c.listCode === file.list).map((c) => [c.code, c]),
    );
    await upsertCodes(
      tx,
      file.codes.map((c) => ({
        listCode: file.list,
        code: c.code,
        labelEs: c.es,
        labelEn: c.en,
        parentCode: c.parent ?? null,
        partition: c.partition ?? null,
        mappings: c.mappings ?? {},
        sinceVersion: known.get(c.code)?.sinceVersion ?? v,
        retiredInVersion: c.retired ? v : null,
      })),
    );
    await retireMissingCodes(
      tx,
      "statCode",
      file.list,
      file.codes.map((c) => c.code),
      v,
    );
  } else if ("sources" in file) {
    const known = new Map((await listSources(tx)).map((s) => [s.code, s]));
    await upsertSources(
      tx,
      file.sources.map((s) => ({
        code: s.code,
        institutionCode: s.institution.code,
        institutionName: s.institution.name,
        systemCode: s.system?.code ?? null,
        systemName: s.system?.name ?? null,
        entityCode: s.entity,
        description: s.description,
        sinceVersion: known.get(s.code)?.sinceVersion ?? v,
        retiredInVersion: s.retired ? v : null,
      })),
    );
    await retireMissingCodes(
      tx,
      "statSource",
      "source",
      file.sources.map((s) => s.code),
      v,
    );
  } else {
    const codes = new Set(file.concepts.map((c) => c.code));
    const units = new Set(
      (await listCodes(tx)).filter((c) => c.listCode === "unit").map((c) => c.code),
    );
    for (const c of file.concepts) {
      if (c.subsetOf !== undefined && !codes.has(c.subsetOf))
        throw invalid(
          `${name}: «${c.code}» es subconjunto de un concepto desconocido «${c.subsetOf}».`,
        );
      if (!units.has(c.defaultUnit))
        throw invalid(
          `${name}: la unidad «${c.defaultUnit}» de «${c.code}» no está en la lista de unidades.`,
        );
    }
    const known = new Map((await listConcepts(tx)).map((c) => [c.code, c]));
    await upsertConcepts(
      tx,
      file.concepts.map((c) => ({
        code: c.code,
        labelEs: c.es,
        labelEn: c.en,
        definition: c.definition,
        defaultUnit: c.defaultUnit,
        subsetOf: c.subsetOf ?? null,
        sinceVersion: known.get(c.code)?.sinceVersion ?? v,
        retiredInVersion: c.retired ? v : null,
      })),
    );
    await retireMissingCodes(
      tx,
      "statConcept",
      "concept",
      file.concepts.map((c) => c.code),
      v,
    );
  }
  await recordAudit(tx, actor, {
    action: "statistics.code_list",
    objectType: "stat_code_list",
    objectId: `${file.list}@${v}`,
    ...(current > 0 ? { before: { version: current } } : {}),
    after: { version: v, sha256, codes: count },
  });
  return { list: file.list, version: v, status: "cargada", codes: count };
}

/** Loads the shipped code lists (or those of `dir`): new versions in, unchanged ones noted. */
export async function loadStatisticsCodeLists(
  db: Database,
  actor: Actor,
  input: { dir?: string } = {},
): Promise<CodeListLoad[]> {
  const files = await readCodeListFiles(input.dir ?? CODE_LISTS_DIR);
  return db.transaction().execute(async (tx) => {
    const loaded = new Map(
      (await currentCodeListVersions(tx)).map((r) => [r.listCode, Number(r.version)]),
    );
    const results: CodeListLoad[] = [];
    for (const entry of files) results.push(await loadOne(tx, actor, entry, loaded));
    return results;
  });
}

/**
 * What an import needs before its first row: the code lists and the ubigeo reference, loaded
 * from the shipped files on first use. Returns what it loaded, for the CLI to say so.
 */
export async function ensureStatisticsSetup(db: Database, actor: Actor): Promise<string[]> {
  const done: string[] = [];
  const versions = await currentCodeListVersions(db);
  if (versions.length < CODE_LIST_CODES.length) {
    const loaded = await loadStatisticsCodeLists(db, actor);
    const fresh = loaded.filter((l) => l.status === "cargada");
    if (fresh.length > 0)
      done.push(`listas de códigos (${fresh.map((l) => `${l.list} v${l.version}`).join(", ")})`);
  }
  if ((await countUbigeo(db, actor)).departamento === 0) {
    await loadUbigeoReference(db, actor);
    done.push("ubigeos INEI");
  }
  return done;
}

export interface CodeIndex {
  concepts: Map<
    string,
    CodeInfo & { defaultUnit: string; definition: string; label: string; subsetOf: string | null }
  >;
  units: Map<string, CodeInfo & { label: string }>;
  dimensions: Record<
    StatDimension,
    Map<string, CodeInfo & { label: string; parent: string | null; partition: string | null }>
  >;
  sources: Map<
    string,
    CodeInfo & {
      /** Short: «PNP · RETA». */
      label: string;
      /** Long: «Policía Nacional del Perú · RETA (registro de trata de la PNP)». */
      name: string;
      institutionCode: string;
      entityCode: string | null;
    }
  >;
}

/** Every code the register knows, with labels and hierarchy, for validation and display. */
export async function loadCodeIndex(db: Executor): Promise<CodeIndex> {
  const [codes, concepts, sources] = await Promise.all([
    listCodes(db),
    listConcepts(db),
    listSources(db),
  ]);
  const byList = (list: string) =>
    new Map(
      codes
        .filter((c) => c.listCode === list)
        .map((c) => [
          c.code,
          {
            retired: c.retiredInVersion !== null,
            label: c.labelEs,
            parent: c.parentCode,
            partition: c.partition,
          },
        ]),
    );
  return {
    concepts: new Map(
      concepts.map((c) => [
        c.code,
        {
          retired: c.retiredInVersion !== null,
          defaultUnit: c.defaultUnit,
          definition: c.definition,
          label: c.labelEs,
          subsetOf: c.subsetOf,
        },
      ]),
    ),
    units: byList("unit"),
    dimensions: Object.fromEntries(
      DIMENSIONS.map((d) => [d, byList(DIMENSION_LISTS[d])]),
    ) as CodeIndex["dimensions"],
    sources: new Map(
      sources.map((s) => [
        s.code,
        {
          retired: s.retiredInVersion !== null,
          label: s.systemCode ? `${s.institutionCode} · ${s.systemCode}` : s.institutionCode,
          name: s.systemName ? `${s.institutionName} · ${s.systemName}` : s.institutionName,
          institutionCode: s.institutionCode,
          entityCode: s.entityCode,
        },
      ]),
    ),
  };
}
