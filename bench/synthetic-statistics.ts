/**
 * Synthetic inputs of bench:stats: one CSV per source in that source's own mapping (its first
 * header alias and its own words for sex where the mapping has them), and beside each the same
 * figures already as rows of stat_figure (the input of the raw COPY the import is compared
 * with); and a pseudonymous records file. Seeded, so two runs write the same bytes.
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { csvField } from "../src/server/db/copy-rows.ts";
import { STATISTICS_DIR } from "../src/server/features/statistics/statistics-code-lists.service.ts";
import { CANONICAL_HEADERS, type FigureField } from "../src/shared/statistics/figure-fields.ts";
import type { MappingFile } from "../src/shared/statistics/statistics-files.schema.ts";
import { createPrng } from "../test/support/synthetic-mef.ts";

/** The columns of the raw COPY, in the order of the lines writeSourceFiles writes. */
export const COPY_COLUMNS = [
  "source_code",
  "concept_code",
  "period_type",
  "period_start",
  "period_end",
  "ubigeo",
  "sex",
  "value",
  "unit",
  "definition",
  "extraction_date",
  "provenance_document",
  "provenance_location",
  "origin",
  "version",
  "import_id",
  "imported_by",
] as const;
export const COPY_IMPORT_ID = 999_999;

const FIRST_YEAR = 2015;
const MONTHS = 120;
const SEXES = ["F", "M", "NE"] as const;
const CONCEPTS = ["victim", "complaint", "case"] as const;
const EXTRACTION = "2025-06-30";

export interface SourceFile {
  source: string;
  csv: string;
  copy: string;
  rows: number;
  bytes: number;
}

async function conceptInfo(): Promise<Map<string, { unit: string; definition: string }>> {
  const json = JSON.parse(
    await readFile(join(STATISTICS_DIR, "code-lists", "concept.json"), "utf8"),
  );
  return new Map(
    (json.concepts as { code: string; defaultUnit: string; definition: string }[]).map((c) => [
      c.code,
      { unit: c.defaultUnit, definition: c.definition },
    ]),
  );
}

const monthOf = (m: number) => {
  const year = FIRST_YEAR + Math.floor(m / 12);
  const month = (m % 12) + 1;
  const mm = String(month).padStart(2, "0");
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { label: `${year}-${mm}`, start: `${year}-${mm}-01`, end: `${year}-${mm}-${last}` };
};

/** A source's word for each sex code, when its mapping recodes one to it. */
function sexWords(mapping: MappingFile): Record<string, string> {
  const words: Record<string, string> = { F: "F", M: "M", NE: "NE" };
  for (const [word, code] of Object.entries(mapping.recode.sex ?? {}))
    if (words[code] === code) words[code] = word;
  return words;
}

async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk = "";
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk = "";
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  return bytes;
}

/**
 * `rows` figures of `source`: every district × month of ten years (2015–2024) × sex × concept,
 * month fastest (every size has all ten years), as far as `rows` goes. Returns the byte size of the CSV.
 */
export async function writeSourceFiles(
  dir: string,
  source: string,
  mapping: MappingFile,
  rows: number,
  districts: readonly string[],
  seed: number,
): Promise<SourceFile> {
  const concepts = await conceptInfo();
  const header = (f: FigureField) => mapping.headers[f]?.[0] ?? CANONICAL_HEADERS[f][0];
  const sex = sexWords(mapping);
  const fields: FigureField[] = ["concept", "period", "ubigeo", "sex", "value", "extractionDate"];
  const csv = join(dir, `${source}.csv`);
  const copy = join(dir, `${source}.copy.csv`);
  const max = districts.length * MONTHS * SEXES.length * CONCEPTS.length;
  const n = Math.min(rows, max);
  const random = createPrng(seed);
  const values: number[] = [];
  function* csvLines() {
    yield `${fields.map(header).join(",")}\n`;
    for (let i = 0; i < n; i++) {
      const m = i % MONTHS;
      let rest = Math.floor(i / MONTHS);
      const d = rest % districts.length;
      rest = Math.floor(rest / districts.length);
      const s = SEXES[rest % SEXES.length] as string;
      const c = CONCEPTS[Math.floor(rest / SEXES.length)] as string;
      // Mostly small counts, as district × month counts are.
      const value = random() < 0.4 ? 0 : Math.floor(Math.exp(random() * 5));
      values.push(value);
      yield `${c},${monthOf(m).label},${districts[d]},${sex[s]},${value},${EXTRACTION}\n`;
    }
  }
  const bytes = await writeLines(csv, csvLines());
  function* copyLines() {
    for (let i = 0; i < n; i++) {
      const m = monthOf(i % MONTHS);
      let rest = Math.floor(i / MONTHS);
      const d = rest % districts.length;
      rest = Math.floor(rest / districts.length);
      const s = SEXES[rest % SEXES.length] as string;
      const c = CONCEPTS[Math.floor(rest / SEXES.length)] as string;
      const info = concepts.get(c) as { unit: string; definition: string };
      yield `${[
        source,
        c,
        "mes",
        m.start,
        m.end,
        districts[d],
        s,
        values[i],
        info.unit,
        csvField(info.definition),
        EXTRACTION,
        `${source}.csv`,
        `fila ${i + 2}`,
        "exportacion",
        1,
        COPY_IMPORT_ID,
        "bench",
      ].join(",")}\n`;
    }
  }
  await writeLines(copy, copyLines());
  return { source, csv, copy, rows: n, bytes };
}

export interface SyntheticVictim {
  id: string;
  identifiedOn: string;
  ubigeo: string;
  sex: string;
  ageBand: string;
  nationality: string;
  exploitationForm: string;
}

/**
 * A records file of `total` records: a quarter cases (with two milestones each), three fifths
 * victims, the rest suspects, spread over the same ten years and every district.
 */
export function syntheticRecords(
  source: string,
  total: number,
  districts: readonly string[],
  seed: number,
) {
  const random = createPrng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const day = () => {
    const m = monthOf(Math.floor(random() * MONTHS));
    return `${m.start.slice(0, 8)}${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
  };
  const nCases = Math.floor(total / 4);
  const nVictims = Math.floor((total * 3) / 5);
  const nSuspects = total - nCases - nVictims;
  const cases = Array.from({ length: nCases }, (_, i) => {
    const opened = day();
    return {
      id: `C${i}`,
      openedOn: opened,
      ubigeo: pick(districts),
      statuteInitial: "cp_153",
      exploitationForm: pick(["sexual", "laboral"]),
      milestones: [
        { milestone: "denuncia" as const, on: opened },
        { milestone: "investigacion" as const, on: opened },
      ],
    };
  });
  const victims: SyntheticVictim[] = Array.from({ length: nVictims }, (_, i) => ({
    id: `V${i}`,
    ...(nCases > 0 ? { caseId: `C${i % nCases}` } : {}),
    identifiedOn: day(),
    ubigeo: pick(districts),
    sex: random() < 0.8 ? "F" : "M",
    ageBand: random() < 0.4 ? "menor_18" : "adulto",
    nationality: random() < 0.85 ? "PER" : "VEN",
    exploitationForm: pick(["sexual", "laboral"]),
  }));
  const suspects = Array.from({ length: nSuspects }, (_, i) => ({
    id: `S${i}`,
    ...(nCases > 0 ? { caseId: `C${i % nCases}` } : {}),
    sex: random() < 0.7 ? "M" : "F",
    publicOfficial: random() < 0.02,
  }));
  return {
    document: { format: "vigia-stat-records/1", source, cases, victims, suspects },
    victims,
  };
}
