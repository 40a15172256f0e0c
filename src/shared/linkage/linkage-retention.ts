/**
 * How long encodings and linkage results are kept (VIGIA_LINKAGE_RETENTION_DAYS). The default,
 * two years, covers one TIP reporting cycle and its review; after it the record-level data goes
 * (src/server/features/linkage/linkage-retention.service.ts), and only published aggregates stay.
 */

export const DEFAULT_LINKAGE_RETENTION_DAYS = 730;

export function resolveLinkageRetentionDays(env: Record<string, string | undefined>): number {
  const raw = env.VIGIA_LINKAGE_RETENTION_DAYS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_LINKAGE_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    throw new Error(
      `VIGIA_LINKAGE_RETENTION_DAYS debe ser un número entero de días entre 1 y 36500 (es «${raw}»).`,
    );
  return days;
}
