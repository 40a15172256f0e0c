import { createHash } from "node:crypto";
import type { Actor } from "../../../../shared/actor.ts";
import type { CountTable } from "../../../../shared/disclosure/count-table.ts";
import type { DisclosureOutputCode } from "../../../../shared/disclosure/disclosure-outputs.ts";
import { protectTable, type Suppression } from "../../../../shared/disclosure/protect-table.ts";
import type { Database } from "../../../db/connect.ts";
import { outputDisclosure } from "../../../lib/disclosure-k.ts";
import { loadLpSolver } from "../../../lib/lp-solver.ts";
import { recordSuppressions } from "../../disclosure/disclosure.service.ts";
import type { TipAnswer } from "./tip-data-points.builder.ts";
import { type CellShown, countTablesOf, type TipCellKey } from "./tip-tables.builder.ts";

/**
 * Disclosure control of the register's counts that a document prints (the TIP pack, the
 * report to Congress): every count through `protectTable` with the output's configured k and
 * audience (src/shared/disclosure/disclosure-outputs.ts; the LP audit for the public), and the
 * suppressions, or the small cells an internal copy shows, in the disclosure log.
 */

export interface ProtectedCounts {
  shown: ReadonlyMap<TipCellKey, CellShown>;
  disclosure: {
    outputCode: DisclosureOutputCode;
    k: number;
    suppressed: number;
    small: number;
    outputVersion: string;
    cells: number;
  };
}

export async function protectAnswers(
  db: Database,
  actor: Actor,
  input: {
    answers: readonly { current: TipAnswer; previous: TipAnswer }[];
    /** Counts that are not the register's (a focal point's entries): a one-cell table each. */
    extraCounts?: readonly { key: TipCellKey; value: number }[];
    output: DisclosureOutputCode;
    year: number;
  },
): Promise<ProtectedCounts> {
  const tables: CountTable[] = [
    ...countTablesOf(input.answers),
    ...(input.extraCounts ?? []).map(
      (c): CountTable => ({ kind: "hierarchy", root: { key: c.key, value: c.value } }),
    ),
  ];
  const { audience, k } = outputDisclosure(input.output);
  const solver = audience === "public" ? await loadLpSolver() : undefined;
  const shown = new Map<TipCellKey, CellShown>();
  const suppressions: Suppression[] = [];
  for (const t of tables) {
    const result = protectTable(t, { audience, k, ...(solver ? { solver } : {}) });
    for (const c of result.cells) {
      shown.set(c.key, { value: c.value, suppressed: c.suppressed, small: c.small });
    }
    suppressions.push(...result.suppressions);
  }
  // The tables and k name the version: a document of changed figures, or of a k raised in the
  // configuration, is a new pattern, logged beside the first instead of refused as a different
  // pattern for the same version.
  const digest = createHash("sha256").update(JSON.stringify(tables)).digest("hex").slice(0, 12);
  const outputVersion = `${input.year}-${audience}-k${k}-${digest}`;
  if (suppressions.length > 0) {
    await recordSuppressions(db, actor, {
      outputCode: input.output,
      outputVersion,
      result: { audience, k, protectionWidth: k, suppressions },
    });
  }
  return {
    shown,
    disclosure: {
      outputCode: input.output,
      k,
      suppressed: suppressions.filter((s) => s.rule !== "pequena_mostrada").length,
      small: suppressions.filter((s) => s.rule === "pequena_mostrada").length,
      outputVersion,
      cells: shown.size,
    },
  };
}
