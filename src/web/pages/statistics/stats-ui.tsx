import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { ErrorBox, Loading } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";

/**
 * What the statistics pages share: the links between them, a resource's loading and error
 * states, and the CSV export every chart's table carries.
 */

export type CsvCell = string | number | null;

/** RFC 4180: quote a field with a comma, quote or line break; double the quotes inside. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  const field = (v: CsvCell) => {
    const text = v === null ? "" : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${rows.map((r) => r.map(field).join(",")).join("\r\n")}\r\n`;
}

/**
 * A download of the table a chart draws, made in the browser from the figures on screen (the
 * same ones the table shows). A BOM first, so Excel reads the accents as UTF-8.
 */
export function CsvLink({
  fileName,
  rows,
  label,
}: {
  fileName: string;
  rows: readonly (readonly CsvCell[])[];
  label: string;
}) {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${toCsv(rows)}`)}`;
  return (
    <a className="button-link button-small" href={href} download={fileName}>
      {label}
    </a>
  );
}

export function Loaded<T>({
  resource,
  children,
}: {
  resource: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (resource.error)
    return <ErrorBox error={resource.error} onRetry={() => void resource.refetch()} />;
  if (!resource.data) return <Loading />;
  return <>{children(resource.data)}</>;
}

const PAGES = [
  ["/estadisticas", "stats.nav.figures"],
  ["/conciliacion", "stats.nav.reconciliation"],
  ["/embudo-penal", "stats.nav.funnel"],
] as const;

/** The three statistics pages link to each other. */
export function StatsNav() {
  const t = useT();
  const [path] = useLocation();
  return (
    <nav aria-label={t("stats.nav.label")} className="stats-nav">
      <ul className="inline-list">
        {PAGES.map(([to, key]) => (
          <li key={to}>
            <Link to={to} aria-current={path === to ? "page" : undefined}>
              {t(key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The figures are transcriptions, not institutional exports: said wherever they are shown. */
export function TranscribedNote({ count }: { count: number }) {
  const t = useT();
  if (count === 0) return null;
  return <p className="notice notice-warning">{t("stats.transcribed", { count })}</p>;
}
