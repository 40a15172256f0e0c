import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../shared/actor.ts";
import { z } from "../../../shared/schemas/zod-locale.ts";
import {
  DEPARTMENT_NAMES,
  isVeeduriaPeriod,
  VEEDURIA_STATUSES,
} from "../../../shared/veedurias/veeduria-semaforo.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { listLineamientos } from "../catalogue/policy.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import {
  findVeeduria,
  insertVeeduria,
  listReferenceCountRows,
  replaceReferenceCounts,
  updateVeeduria,
} from "./veedurias.repository.ts";

/**
 * Seed 000's semáforo of the Veedurías Mirada Ciudadana, TRANSCRIBED in
 * reference/veedurias/seed000-semaforo.json (README beside it: every reading we made). The
 * document gives counts per region, not grades per lineamiento, so it is loaded as reference
 * counts only. Loading it again changes nothing.
 */

export const VEEDURIA_REFERENCE_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../reference/veedurias/seed000-semaforo.json",
);

const ReferenceFileSchema = z.object({
  format: z.literal(1),
  label: z.string().min(1),
  source: z.string().min(1).max(500),
  policy: z.string().min(1),
  period: z.string().refine(isVeeduriaPeriod, "periodo inválido"),
  lineamientos: z.number().int().positive(),
  veedurias: z.array(
    z.object({
      code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
      name: z.string().min(1).max(200),
      department: z.string().refine((d) => d in DEPARTMENT_NAMES, "departamento INEI"),
      citation: z.string().min(1),
      counts: z
        .array(
          z.object({
            status: z.enum(VEEDURIA_STATUSES),
            lineamientos: z.number().int().positive(),
            quote: z.string().min(1),
            note: z.string().nullable(),
            citation: z.string().min(1).max(100),
          }),
        )
        .min(1),
    }),
  ),
});

export interface VeeduriaReferenceReport {
  file: string;
  label: string;
  period: string;
  veedurias: number;
  counts: number;
  outcome: "importado" | "sin cambios";
}

export async function importVeeduriaReference(
  db: Database,
  actor: Actor,
  input: { file?: string } = {},
): Promise<VeeduriaReferenceReport> {
  const path = input.file ?? VEEDURIA_REFERENCE_FILE;
  const text = await readFile(path, "utf8").catch(() => {
    throw invalid(`No se encontró el archivo de referencia ${path}.`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalid(`${path} no es JSON válido: ${(err as Error).message}`);
  }
  const parsed = ReferenceFileSchema.safeParse(json);
  if (!parsed.success)
    throw invalid(
      `El archivo de referencia ${path} no es válido.`,
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const file = parsed.data;
  const policyId = await requirePolicyId(db, file.policy);
  const lineamientos = (await listLineamientos(db, policyId)).length;
  if (lineamientos !== file.lineamientos)
    throw invalid(
      `El documento califica ${file.lineamientos} lineamientos y la política «${file.policy}» tiene ${lineamientos}: no se cargó.`,
    );
  for (const v of file.veedurias) {
    const total = v.counts.reduce((t, c) => t + c.lineamientos, 0);
    if (total > lineamientos)
      throw invalid(
        `${v.name}: los conteos suman ${total} lineamientos, más que los ${lineamientos} de la política.`,
      );
    if (new Set(v.counts.map((c) => c.status)).size !== v.counts.length)
      throw invalid(`${v.name}: un estado aparece dos veces.`);
  }
  // Compared with what is stored, so a second load writes (and audits) nothing.
  const stored = await listReferenceCountRows(db, policyId);
  const wanted = file.veedurias.flatMap((v) =>
    v.counts.map((c) => `${v.code}|${c.status}|${c.lineamientos}|${c.citation}`),
  );
  const storedKeys: string[] = [];
  for (const v of file.veedurias) {
    const row = await findVeeduria(db, policyId, v.code);
    if (!row) continue;
    for (const c of stored.filter((s) => s.veeduriaId === row.id && s.period === file.period))
      storedKeys.push(`${v.code}|${c.status}|${c.lineamientos}|${c.citation}`);
  }
  const counts = wanted.length;
  if (wanted.sort().join("\n") === storedKeys.sort().join("\n")) {
    return {
      file: path,
      label: file.label,
      period: file.period,
      veedurias: file.veedurias.length,
      counts,
      outcome: "sin cambios",
    };
  }
  await db.transaction().execute(async (tx) => {
    for (const v of file.veedurias) {
      const referenceSource = `${file.source}; ${v.citation}`;
      const known = await findVeeduria(tx, policyId, v.code);
      const id =
        known?.id ??
        (await insertVeeduria(tx, {
          policyId,
          code: v.code,
          name: v.name,
          departmentCode: v.department,
          referenceSource,
          createdBy: actor.id,
        }));
      if (known) {
        await updateVeeduria(tx, id, {
          name: v.name,
          departmentCode: v.department,
          referenceSource,
        });
      }
      await replaceReferenceCounts(
        tx,
        id,
        file.period,
        v.counts.map((c) => ({
          status: c.status,
          lineamientos: c.lineamientos,
          note: c.note,
          source: `${file.label}. ${file.source}`,
          citation: c.citation,
        })),
      );
    }
    await recordAudit(tx, actor, {
      action: "veeduria.import_reference",
      objectType: "veeduria_reference",
      objectId: file.period,
      after: { file: path.split("/").slice(-3).join("/"), label: file.label, counts },
    });
  });
  return {
    file: path,
    label: file.label,
    period: file.period,
    veedurias: file.veedurias.length,
    counts,
    outcome: "importado",
  };
}
