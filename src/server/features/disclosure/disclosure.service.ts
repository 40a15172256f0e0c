import type { Actor } from "../../../shared/actor.ts";
import { PUBLIC_MIN_K } from "../../../shared/disclosure/disclosure-rules.ts";
import type { ProtectedTable } from "../../../shared/disclosure/protect-table.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { conflict, invalid } from "../../errors.ts";
import { findLoggedCells, insertLogRows, listLog } from "./disclosure.repository.ts";

export interface RecordSuppressionsInput {
  /**
   * What the output is: a code of src/shared/disclosure/disclosure-outputs.ts ("tip/publico"),
   * or `<code>/<table>` for an output logged table by table ("portal/estadisticas/victim/…").
   */
  outputCode: string;
  /** Which release of it: a year, a period, a publication number. */
  outputVersion: string;
  /** The result of `protectTable` for this output (or the fields of it the log keeps). */
  result: Pick<ProtectedTable, "audience" | "k" | "protectionWidth" | "suppressions">;
}

export interface RecordSuppressionsResult {
  recorded: number;
  /** The same output version had been logged with the same cells: nothing was written. */
  alreadyRecorded: boolean;
}

const fingerprint = (r: {
  cellKey: string;
  rule: string;
  audience: string;
  k: number;
  protectionWidth: number;
}) => `${r.cellKey}\u0000${r.rule}\u0000${r.audience}\u0000${r.k}\u0000${r.protectionWidth}`;

/**
 * Writes the disclosure log of one output version: a row per suppressed cell (and per small cell
 * an internal output showed), with an audit event, in one transaction. An output version is
 * logged once: recording it again with the same cells is a no-op (publishing retries), and with
 * different cells is refused, since the public may already hold the first pattern and the two
 * together could uncover cells; a changed table is a new version.
 */
export async function recordSuppressions(
  db: Database,
  actor: Actor,
  input: RecordSuppressionsInput,
): Promise<RecordSuppressionsResult> {
  const { outputCode, outputVersion, result } = input;
  const issues: { path: string; message: string }[] = [];
  if (outputCode.trim() === "") issues.push({ path: "outputCode", message: "Falta el código." });
  if (outputVersion.trim() === "") {
    issues.push({ path: "outputVersion", message: "Falta la versión." });
  }
  if (result.audience === "public" && result.k < PUBLIC_MIN_K) {
    issues.push({ path: "result.k", message: `Una salida pública usa k ≥ ${PUBLIC_MIN_K}.` });
  }
  const seen = new Set<string>();
  result.suppressions.forEach((s, i) => {
    const path = `result.suppressions.${i}`;
    if (seen.has(s.key)) issues.push({ path, message: `La celda "${s.key}" está repetida.` });
    seen.add(s.key);
    if ((result.audience === "public") === (s.rule === "pequena_mostrada")) {
      issues.push({
        path,
        message:
          result.audience === "public"
            ? "Una salida pública no muestra celdas pequeñas."
            : "Una salida interna no suprime celdas.",
      });
    }
  });
  if (issues.length > 0) {
    throw invalid("El registro de confidencialidad no es válido.", issues);
  }

  const rows = result.suppressions.map((s) => ({
    outputCode,
    outputVersion,
    audience: result.audience,
    cellKey: s.key,
    rule: s.rule,
    k: result.k,
    protectionWidth: result.protectionWidth,
    actor: actor.id,
  }));
  return db.transaction().execute(async (tx) => {
    const existing = await findLoggedCells(tx, outputCode, outputVersion);
    if (existing.length > 0) {
      const before = new Set(existing.map(fingerprint));
      if (before.size === rows.length && rows.every((r) => before.has(fingerprint(r)))) {
        return { recorded: 0, alreadyRecorded: true };
      }
      throw conflict(
        `La salida "${outputCode}" versión "${outputVersion}" ya tiene otro registro de confidencialidad; una tabla distinta se publica como una versión nueva.`,
      );
    }
    await insertLogRows(tx, rows);
    const count = (rule: string) => rows.filter((r) => r.rule === rule).length;
    await recordAudit(tx, actor, {
      action: "disclosure.record",
      objectType: "disclosure_log",
      objectId: `${outputCode}@${outputVersion}`,
      after: {
        audience: result.audience,
        k: result.k,
        protectionWidth: result.protectionWidth,
        primaria: count("primaria"),
        complementaria: count("complementaria"),
        pequenaMostrada: count("pequena_mostrada"),
      },
    });
    return { recorded: rows.length, alreadyRecorded: false };
  });
}

/** The log of an output (every version, or one), oldest first. */
export async function listDisclosureLog(
  db: Database,
  _actor: Actor,
  input: { outputCode?: string; outputVersion?: string },
) {
  return listLog(db, input);
}
