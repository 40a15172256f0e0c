import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DomainError } from "../../server/errors.ts";
import { encodeVictimRows, readVictimsCsv } from "../../server/features/linkage/encode-victims.ts";
import { parseCsv } from "../../server/features/territory/territory.service.ts";
import {
  decodeEncodingFiles,
  type EncodingsFile,
  EncodingsFileSchema,
} from "../../shared/linkage/encodings-file.ts";
import { linkEncodings, overlapTable } from "../../shared/linkage/link-encodings.ts";
import { clusterQuality, duplicateQuality } from "../../shared/linkage/linkage-quality.ts";
import { LinkageSchemaSchema, schemaProblems } from "../../shared/linkage/linkage-schema.ts";
import { rowsToCsv, syntheticLists, truthToCsv } from "../../shared/linkage/synthetic-lists.ts";
import { type CommandInput, readJsonFile, UsageError } from "../cli-support.ts";

/**
 * `vigia linkage encode | link | synth`: privacy-preserving record linkage without a database
 * (docs/linkage.md). `encode` runs at the institution, where the secret is; `link` needs only
 * encodings; `synth` writes invented lists to try both.
 */

async function readText(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new DomainError(
      "invalid",
      `No se pudo leer ${what} ${path}: ${(error as Error).message}`,
    );
  }
}

/** Writes through a temporary file, so a reader never sees half an output. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, path);
  } catch (error) {
    throw new DomainError("invalid", `No se pudo escribir ${path}: ${(error as Error).message}`);
  }
}

export async function runEncode({ values, err }: CommandInput): Promise<void> {
  const usage =
    "Uso: vigia linkage encode --schema ESQUEMA.json --secret-file SECRETO --in VICTIMAS.csv --out CODIF.json --source CÓDIGO";
  const { schema: schemaFile, in: input, out, source } = values;
  const secretFile = values["secret-file"];
  if (!schemaFile || !secretFile || !input || !out || !source) throw new UsageError(usage);
  if (!/^[A-Z0-9_-]{2,20}$/.test(source)) {
    throw new UsageError(
      "--source debe ser un código de 2 a 20 mayúsculas, dígitos, - o _ (p. ej. PNP)",
    );
  }
  const parsed = LinkageSchemaSchema.safeParse(await readJsonFile(schemaFile));
  if (!parsed.success) {
    throw new DomainError(
      "invalid",
      `El esquema ${schemaFile} no es válido:\n${schemaProblems(parsed.error).join("\n")}`,
    );
  }
  // A secret written by an editor ends in a line break the other institutions may not have.
  const raw = await readText(secretFile, "el secreto");
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--;
  const secret = raw.subarray(0, end);
  const text = (await readText(input, "el archivo")).toString("utf8");
  const encoded = encodeVictimRows(readVictimsCsv(text, input), {
    schema: parsed.data,
    secret,
    source,
    file: input,
  });
  await writeAtomically(out, `${JSON.stringify(encoded)}\n`);
  err(
    `${encoded.records.length} registros de ${source} codificados en ${out} (esquema ${encoded.schemaHash}).`,
  );
}

async function readEncodings(path: string): Promise<EncodingsFile> {
  const parsed = EncodingsFileSchema.safeParse(await readJsonFile(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      "invalid",
      `${path} no es un archivo de codificaciones: ${issue?.path.join(".")}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

export async function runLink({ args, values, out }: CommandInput): Promise<void> {
  const files = args.slice(1);
  if (files.length < 2) {
    throw new UsageError(
      "Uso: vigia linkage link A.json B.json [C.json…] [--threshold 0.7] [--truth VERDAD.csv]",
    );
  }
  const threshold = values.threshold === undefined ? 0.7 : Number(values.threshold);
  if (!(threshold > 0 && threshold <= 1))
    throw new UsageError("--threshold debe estar entre 0 y 1");
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError("--format debe ser table o json");
  const encodings = await Promise.all(files.map(readEncodings));
  let records: ReturnType<typeof decodeEncodingFiles>;
  try {
    records = decodeEncodingFiles(encodings);
  } catch (error) {
    throw new DomainError("invalid", (error as Error).message);
  }
  const result = linkEncodings(records, { threshold });
  const overlap = overlapTable(records, result.clusters);
  const report: Record<string, unknown> = {
    sources: records.sources,
    records: records.ids.length,
    clusters: result.clusters.length,
    candidatePairs: result.candidatePairs,
    pairsAboveThreshold: result.pairsAboveThreshold,
    withinSourcePairs: result.withinSource.length,
    oversizedBlocks: result.oversizedBlocks,
    threshold,
    overlap: overlap.map((row) => ({
      sources: records.sources.filter((_, s) => row[s] === 1),
      count: row[row.length - 1],
    })),
  };
  if (values.truth) {
    const [header, ...rows] = parseCsv(
      (await readText(values.truth, "la verdad")).toString("utf8"),
      values.truth,
    );
    const at = (c: string) => header?.indexOf(c) ?? -1;
    if (at("source") < 0 || at("id") < 0 || at("entity") < 0) {
      throw new DomainError(
        "invalid",
        `${values.truth} necesita las columnas source, id y entity.`,
      );
    }
    const entity = new Map(
      rows.map((r) => [`${r[at("source")]}\u0000${r[at("id")]}`, r[at("entity")] ?? ""]),
    );
    const entityOf = records.ids.map(
      (id, r) => entity.get(`${records.sources[records.sourceOf[r] ?? 0]}\u0000${id}`) ?? `?${r}`,
    );
    report.quality = clusterQuality(result.clusters, entityOf, records.sourceOf);
    report.duplicates = duplicateQuality(result.withinSource, entityOf, records.sourceOf);
  }
  if (values.out) {
    const clusters = result.clusters
      .filter((c) => c.length > 1)
      .map((c) =>
        c.map((r) => ({ source: records.sources[records.sourceOf[r] ?? 0], id: records.ids[r] })),
      );
    await writeAtomically(values.out, `${JSON.stringify({ threshold, clusters })}\n`);
  }
  if (format === "json") {
    out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const n = (x: unknown) => Number(x).toLocaleString("es-PE");
  const lines = [
    `Fuentes: ${records.sources.join(", ")}; registros: ${n(report.records)}`,
    `Personas distintas (grupos): ${n(report.clusters)}`,
    `Pares candidatos: ${n(report.candidatePairs)}; sobre el umbral ${threshold}: ${n(report.pairsAboveThreshold)}`,
    `Posibles duplicados dentro de una fuente: ${n(report.withinSourcePairs)}`,
    "Solapamientos:",
    ...overlap.map(
      (row) =>
        `  ${records.sources.filter((_, s) => row[s] === 1).join(" + ")}: ${n(row[row.length - 1])}`,
    ),
  ];
  const q = report.quality as ReturnType<typeof clusterQuality> | undefined;
  if (q) {
    lines.push(
      `Frente a la verdad: precisión ${q.precision.toFixed(4)}, exhaustividad ${q.recall.toFixed(4)}, F1 ${q.f1.toFixed(4)}`,
    );
  }
  out(`${lines.join("\n")}\n`);
}

export async function runSynth({ values, err }: CommandInput): Promise<void> {
  const records = Number(values.records);
  const seed = values.seed === undefined ? 2019 : Number(values.seed);
  if (!values.out || !(Number.isInteger(records) && records > 0 && records <= 5_000_000)) {
    throw new UsageError("Uso: vigia linkage synth --records N --out DIRECTORIO [--seed S]");
  }
  if (!Number.isInteger(seed)) throw new UsageError("--seed debe ser un entero");
  const lists = syntheticLists({ records, seed });
  await mkdir(values.out, { recursive: true });
  for (const list of lists.sources) {
    await writeAtomically(join(values.out, `${list.source}.csv`), rowsToCsv(list.rows));
  }
  await writeAtomically(join(values.out, "truth.csv"), truthToCsv(lists.truth));
  err(
    `Listas sintéticas en ${values.out}: ${lists.sources.map((l) => `${l.source}.csv (${l.rows.length})`).join(", ")}, truth.csv. Datos inventados.`,
  );
}
