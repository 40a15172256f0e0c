import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { FichaVersionCreateSchema } from "../../../shared/contracts/catalogue.contract.ts";
import { api, type FichaVersionRow } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber, parseDecimal } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

/**
 * /admin/catalogo/:indicator/fichas — every ficha técnica version of an indicator with its
 * validity, and the form of a new version valid from a year (issue 17, item 1).
 */
export function FichaVersionsPage({ indicator }: { indicator: string }) {
  const t = useT();
  const { policy } = useSession();
  const versions = useQuery(queries.fichaVersions(policy, indicator));
  const [notice, setNotice] = useState<string | null>(null);
  const latest = versions.data?.at(-1);

  return (
    <>
      <PageTitle text={t("fichas.title", { code: indicator })}>
        {t("fichas.title", { code: indicator })}
      </PageTitle>
      <p>
        <Link href="/admin/catalogo">{t("fichas.back")}</Link>
      </p>
      <p className="lead">{t("fichas.intro")}</p>
      {notice && <Notice kind="success">{notice}</Notice>}
      {versions.error ? (
        <ErrorBox error={versions.error} onRetry={() => void versions.refetch()} />
      ) : !versions.data || !latest ? (
        <Loading />
      ) : (
        <>
          <VersionsTable rows={versions.data} />
          <VersionForm
            key={latest.version}
            indicator={indicator}
            latest={latest}
            onSaved={(rows) => {
              const added = rows.at(-1);
              if (added)
                setNotice(
                  t("fichas.saved", {
                    version: added.version,
                    code: indicator,
                    year: added.validFrom,
                  }),
                );
            }}
          />
        </>
      )}
    </>
  );
}

function VersionsTable({ rows }: { rows: FichaVersionRow[] }) {
  const t = useT();
  return (
    <TableWrap label={t("fichas.versions")}>
      <table className="data-table" data-testid="ficha-versions">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("fichas.version")}
            </th>
            <th scope="col">{t("fichas.validity")}</th>
            <th scope="col">{t("catalogueAdmin.name")}</th>
            <th scope="col">{t("fichas.baseline")}</th>
            <th scope="col">{t("fichas.formula")}</th>
            <th scope="col">{t("fichas.sources")}</th>
            <th scope="col">{t("fichas.reason")}</th>
            <th scope="col">{t("fichas.author")}</th>
            <th scope="col">{t("fichas.reported")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <th scope="row" className="num">
                {v.version}
              </th>
              <td className="nowrap">
                {v.validTo === null
                  ? t("fichas.validFromOnly", { from: v.validFrom })
                  : t("fichas.validRange", { from: v.validFrom, to: v.validTo })}
              </td>
              <td className="cell-text">
                {v.name}
                <span className="muted small block">
                  {t(`units.${v.unit}`)} · {t(`fichas.directions.${v.direction}`)}
                </span>
              </td>
              <td>
                {v.baseline
                  ? `${formatNumber(v.baseline.value, t("locale"), 4)}${v.baseline.year ? ` (${v.baseline.year})` : ""}`
                  : t("fichas.noBaseline")}
              </td>
              <td className="cell-text small">
                {v.numerator ?? t("fichas.none")} / {v.denominator ?? t("fichas.none")}
              </td>
              <td className="cell-text small">{v.dataSources.join("; ")}</td>
              <td className="cell-text small">{v.reason ?? t("fichas.none")}</td>
              <td className="small">
                {v.createdByUser?.name ?? v.createdBy}
                <span className="muted block">{v.createdAt.slice(0, 10)}</span>
              </td>
              <td>{v.reportedYears.join(", ") || t("fichas.none")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function VersionForm({
  indicator,
  latest,
  onSaved,
}: {
  indicator: string;
  latest: FichaVersionRow;
  onSaved(rows: FichaVersionRow[]): void;
}) {
  const t = useT();
  const { policy } = useSession();
  const [form, setForm] = useState({
    name: latest.name,
    unit: latest.unit,
    direction: latest.direction,
    isCumulative: latest.isCumulative,
    numerator: latest.numerator ?? "",
    denominator: latest.denominator ?? "",
    dataSources: latest.dataSources.join("\n"),
    baselineValue: latest.baseline ? String(latest.baseline.value) : "",
    baselineYear: latest.baseline?.year ? String(latest.baseline.year) : "",
    baselineNote: "",
    validFrom: String(Math.max(latest.validFrom, ...latest.reportedYears) + 1),
    reason: "",
  });
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form) => (value: string | boolean) =>
    setForm((f) => ({ ...f, [k]: value }));
  const id = `ficha-${indicator}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const baselineValue = parseDecimal(form.baselineValue);
    const baseline =
      form.baselineValue.trim() === ""
        ? null
        : {
            value:
              baselineValue === null || Number.isNaN(baselineValue) ? Number.NaN : baselineValue,
            year: form.baselineYear.trim() ? Number(form.baselineYear) : null,
            source: null,
            isDerived: false,
            note: form.baselineNote.trim() || null,
          };
    const parsed = FichaVersionCreateSchema.safeParse({
      name: form.name.trim(),
      unit: form.unit,
      direction: form.direction,
      isCumulative: form.isCumulative,
      numerator: form.numerator.trim() || null,
      denominator: form.denominator.trim() || null,
      dataSources: form.dataSources
        .split("\n")
        .map((s) => s.trim())
        .filter(Boolean),
      baseline,
      validFrom: Number(form.validFrom),
      reason: form.reason,
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) {
        const key = i.path[0] === "baseline" ? `baseline.${String(i.path[1])}` : String(i.path[0]);
        next[key] ??= i.message;
      }
      if (baseline && Number.isNaN(baseline.value)) next["baseline.value"] = t("fichas.notANumber");
      setIssues(next);
      return;
    }
    setIssues({});
    try {
      onSaved(await api.createFichaVersion(policy, indicator, parsed.data));
    } catch (err) {
      setError(err);
    }
  }
  const msg = (k: string) => (issues[k] ? [{ severity: "error" as const, text: issues[k] }] : []);
  const text = (k: keyof typeof form, label: string, multi = false, required = false) => (
    <Field id={`${id}-${k}`} label={label} messages={msg(k)} required={required}>
      {(aria) =>
        multi ? (
          <textarea
            {...aria}
            rows={2}
            value={String(form[k])}
            onChange={(e) => set(k)(e.target.value)}
          />
        ) : (
          <input {...aria} value={String(form[k])} onChange={(e) => set(k)(e.target.value)} />
        )
      }
    </Field>
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("fichas.newVersion")}</h2>
      <p className="help">{t("fichas.newHelp")}</p>
      <form className="meta-form" onSubmit={onSubmit} noValidate>
        {error !== null && <ErrorBox error={error} />}
        <div className="grid-3">
          {text("validFrom", t("fichas.validFrom"), false, true)}
          {text("name", t("fichas.name"), false, true)}
          <Field id={`${id}-unit`} label={t("fichas.unit")} required>
            {(aria) => (
              <select {...aria} value={form.unit} onChange={(e) => set("unit")(e.target.value)}>
                {(["porcentaje", "numero", "tasa", "razon"] as const).map((u) => (
                  <option key={u} value={u}>
                    {t(`units.${u}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${id}-direction`} label={t("fichas.direction")} required>
            {(aria) => (
              <select
                {...aria}
                value={form.direction}
                onChange={(e) => set("direction")(e.target.value)}
              >
                {(["ascendente", "descendente"] as const).map((d) => (
                  <option key={d} value={d}>
                    {t(`fichas.directions.${d}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={form.isCumulative}
                onChange={(e) => set("isCumulative")(e.target.checked)}
              />{" "}
              {t("fichas.cumulative")}
            </label>
          </div>
          {text("numerator", t("fichas.numerator"), true)}
          {text("denominator", t("fichas.denominator"), true)}
          <Field
            id={`${id}-dataSources`}
            label={t("fichas.sources")}
            help={t("fichas.sourcesHelp")}
            messages={msg("dataSources")}
            required
          >
            {(aria) => (
              <textarea
                {...aria}
                rows={2}
                value={form.dataSources}
                onChange={(e) => set("dataSources")(e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${id}-baselineValue`}
            label={t("fichas.baselineValue")}
            messages={msg("baseline.value")}
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="decimal"
                value={form.baselineValue}
                onChange={(e) => set("baselineValue")(e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${id}-baselineYear`}
            label={t("fichas.baselineYear")}
            messages={msg("baseline.year")}
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={form.baselineYear}
                onChange={(e) => set("baselineYear")(e.target.value)}
              />
            )}
          </Field>
          {text("baselineNote", t("fichas.baselineNote"), true)}
          {text("reason", t("fichas.reasonField"), true, true)}
        </div>
        <div className="actions">
          <button type="submit" className="button-primary">
            {t("fichas.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
