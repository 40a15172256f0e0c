/**
 * The budget's «no regresividad» (seed 000, L2467: «incorporando el principio de no regresividad
 * en materia de lucha contra la trata de personas»): a service whose PIM falls from one year to
 * the next is an alert for the conductor. Amounts are integer cents, as everywhere in budget.
 */

export interface PimRegression {
  service: string;
  year: number;
  previousPimCents: number;
  pimCents: number;
  /** (pim − previous) / previous × 100, negative; null when the previous PIM was zero. */
  changePercent: number | null;
}

/** Services whose PIM of `year` is below that of `year − 1`; both years must have a figure. */
export function pimRegressions(
  rows: readonly { service: string; year: number; pimCents: number }[],
  year: number,
): PimRegression[] {
  const pim = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.service}|${r.year}`;
    pim.set(key, (pim.get(key) ?? 0) + r.pimCents);
  }
  const services = [...new Set(rows.map((r) => r.service))].sort();
  const out: PimRegression[] = [];
  for (const service of services) {
    const now = pim.get(`${service}|${year}`);
    const before = pim.get(`${service}|${year - 1}`);
    if (now === undefined || before === undefined || now >= before) continue;
    out.push({
      service,
      year,
      previousPimCents: before,
      pimCents: now,
      changePercent: before === 0 ? null : ((now - before) / before) * 100,
    });
  }
  return out;
}
