/**
 * The Matriz de compromisos followed to compliance, pure: the date a printed span names, when a
 * commitment is overdue, and the compliance table per entity that the Tablero and the Informe
 * show. The server and the browser use the same functions, so the two never disagree on which
 * row is overdue.
 */

export const COMMITMENT_STATUSES = ["pendiente", "en_proceso", "cumplido", "no_cumplido"] as const;
export type CommitmentStatusCode = (typeof COMMITMENT_STATUSES)[number];

/** A commitment is closed once declared fulfilled or not fulfilled; it no longer falls due. */
export const CLOSED_STATUSES: readonly CommitmentStatusCode[] = ["cumplido", "no_cumplido"];

export const isClosed = (status: string) => (CLOSED_STATUSES as readonly string[]).includes(status);

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The date a printed deadline names. The Matriz of the 2022–2023 Informe writes a span ("2
 * años", "6 meses") for the commitment period; it is counted from 1 January of that period:
 * "N años" ends on 31 December of its N-th year, "N meses" on the last day of its N-th month.
 * Any other text names no date (null) and stays a note. Migration 0029 applies the same rule
 * in SQL to the rows already stored.
 */
export function dueDateFromDeadlineText(text: string | null, periodYear: number): string | null {
  if (text === null) return null;
  const years = /^\s*(\d+)\s*años?\s*$/iu.exec(text);
  if (years) {
    const n = Number(years[1]);
    return n > 0 ? `${periodYear + n - 1}-12-31` : null;
  }
  const months = /^\s*(\d+)\s*mes(es)?\s*$/iu.exec(text);
  if (months) {
    const n = Number(months[1]);
    if (n <= 0) return null;
    const y = periodYear + Math.floor((n - 1) / 12);
    const m = ((n - 1) % 12) + 1;
    // Day 0 of the next month is the last day of month m.
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${pad(m)}-${pad(last)}`;
  }
  return null;
}

/** Overdue: its deadline has passed (before today, a Lima day) and it is not closed. */
export function isOverdue(c: { status: string; dueOn: string | null }, today: string): boolean {
  return c.dueOn !== null && c.dueOn < today && !isClosed(c.status);
}

export interface ComplianceRow {
  entity: string;
  total: number;
  byStatus: Record<CommitmentStatusCode, number>;
  overdue: number;
}

/**
 * Counts by status and overdue per responsible entity, entities in alphabetical order (es-PE)
 * and a total row last (entity "TOTAL"). A commitment without an entity counts under "—".
 */
export function complianceByEntity(
  rows: readonly { entity: string | null; status: string; dueOn: string | null }[],
  today: string,
): { entities: ComplianceRow[]; total: ComplianceRow } {
  const empty = (entity: string): ComplianceRow => ({
    entity,
    total: 0,
    byStatus: { pendiente: 0, en_proceso: 0, cumplido: 0, no_cumplido: 0 },
    overdue: 0,
  });
  const byEntity = new Map<string, ComplianceRow>();
  const total = empty("TOTAL");
  for (const r of rows) {
    const key = r.entity ?? "—";
    const row = byEntity.get(key) ?? empty(key);
    byEntity.set(key, row);
    const status = (COMMITMENT_STATUSES as readonly string[]).includes(r.status)
      ? (r.status as CommitmentStatusCode)
      : "pendiente";
    for (const target of [row, total]) {
      target.total += 1;
      target.byStatus[status] += 1;
      if (isOverdue(r, today)) target.overdue += 1;
    }
  }
  const entities = [...byEntity.values()].sort((a, b) => a.entity.localeCompare(b.entity, "es"));
  return { entities, total };
}
