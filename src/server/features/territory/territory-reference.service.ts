import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type { ImportReport } from "../../../shared/contracts/territory.contract.ts";
import { canonicalCode } from "../../../shared/territory/ubigeo-crosswalk.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { importTrainingsCsv } from "./activities.service.ts";
import { importSpacesCsv } from "./coordination-spaces.service.ts";
import { upsertGroup } from "./territory.repository.ts";
import { countUbigeo, loadUbigeoReference } from "./territory.service.ts";

/**
 * The territory reference data TRANSCRIBED from the seed documents (reference/territory,
 * README there): seed 003's coordination spaces and police trainings, seed 004's
 * interregional groupings. Loaded through the same importers as an institution's files.
 */

export const TERRITORY_REFERENCE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../reference/territory",
);

export const REFERENCE_FILES = {
  spaces: "seed003-espacios-coordinacion.csv",
  trainings: "seed003-capacitaciones-pnp.csv",
  groups: "seed004-agrupaciones.json",
} as const;

const GroupsFileSchema = z.object({
  note: z.string(),
  groups: z.array(
    z.object({
      code: z.string().min(1),
      name: z.string().min(1),
      source: z.string().min(1),
      note: z.string().nullable().default(null),
      members: z.array(z.object({ ubigeo: z.string(), note: z.string().nullable().default(null) })),
    }),
  ),
});

export interface TerritoryReferenceReport {
  ubigeoLoaded: boolean;
  groups: number;
  spaces: ImportReport;
  trainings: ImportReport;
}

export async function importTerritoryReference(
  db: Database,
  actor: Actor,
  input: { dir?: string } = {},
): Promise<TerritoryReferenceReport> {
  const dir = input.dir ?? TERRITORY_REFERENCE_DIR;
  const counts = await countUbigeo(db, actor);
  const ubigeoLoaded = counts.distrito === 0;
  if (ubigeoLoaded) await loadUbigeoReference(db, actor);
  const read = (f: string) => readFile(join(dir, f), "utf8");
  const parsedGroups = GroupsFileSchema.safeParse(JSON.parse(await read(REFERENCE_FILES.groups)));
  if (!parsedGroups.success) {
    throw invalid(
      `${REFERENCE_FILES.groups}: ${parsedGroups.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const [spacesText, trainingsText] = await Promise.all([
    read(REFERENCE_FILES.spaces),
    read(REFERENCE_FILES.trainings),
  ]);
  return db.transaction().execute(async (tx) => {
    for (const g of parsedGroups.data.groups) {
      await upsertGroup(
        tx,
        { code: g.code, name: g.name, source: g.source, note: g.note },
        g.members.map((m) => {
          const code = canonicalCode(m.ubigeo);
          if (!code) throw invalid(`${REFERENCE_FILES.groups}: ubigeo «${m.ubigeo}» no válido.`);
          return { ubigeoCode: code, note: m.note };
        }),
      );
    }
    const spaces = await importSpacesCsv(
      db,
      actor,
      { fileName: REFERENCE_FILES.spaces, text: spacesText, allowUnplaced: true },
      tx,
    );
    const trainings = await importTrainingsCsv(
      db,
      actor,
      { fileName: REFERENCE_FILES.trainings, text: trainingsText },
      tx,
    );
    const report = { ubigeoLoaded, groups: parsedGroups.data.groups.length, spaces, trainings };
    await recordAudit(tx, actor, {
      action: "territory.reference",
      objectType: "territory",
      objectId: "seed003+seed004",
      after: report,
    });
    return report;
  });
}
