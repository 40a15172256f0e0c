import { useState } from "react";
import { REPORT_FORMATS, type ReportFormat } from "../../../shared/contracts/reports.contract.ts";
import { api } from "../../api-client.ts";
import { useT } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";

/**
 * The TIP data pack (GET /api/reports/tip) for the year, format and version chosen: a plain
 * link, so the browser downloads the file with the session cookie. Shown only to roles with
 * `report.download`; the server refuses the others anyway.
 */
export function TipPackCard({ years }: { years: readonly number[] }) {
  const t = useT();
  const { can } = useSession();
  // The years the register has figures for, newest first (the pack reads that year's data).
  const choices = years.length > 0 ? years : [new Date().getFullYear() - 1];
  const [year, setYear] = useState(choices[0] ?? new Date().getFullYear() - 1);
  const [format, setFormat] = useState<ReportFormat>("xlsx");
  const [audience, setAudience] = useState<"public" | "internal">("public");
  if (!can("report.download")) return null;
  return (
    <section className="card tip-pack" aria-labelledby="tip-pack-title">
      <h2 id="tip-pack-title">{t("stats.tip.title")}</h2>
      <p className="help">{t("stats.tip.help")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="tip-year">{t("stats.tip.year")}</label>
          <select id="tip-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {choices.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="tip-format">{t("stats.tip.format")}</label>
          <select
            id="tip-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ReportFormat)}
          >
            {REPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`dashboard.formats.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="tip-audience">{t("stats.tip.audience")}</label>
          <select
            id="tip-audience"
            value={audience}
            onChange={(e) => setAudience(e.target.value === "internal" ? "internal" : "public")}
          >
            <option value="public">{t("stats.tip.public")}</option>
            <option value="internal">{t("stats.tip.internal")}</option>
          </select>
        </div>
        <a
          className="button-link"
          href={api.tipPackUrl(year, format, audience)}
          download
          data-testid="tip-download"
        >
          {t("stats.tip.download")}
        </a>
      </div>
    </section>
  );
}
