import { useQuery } from "@tanstack/react-query";
import { type FormEvent, Fragment, useState } from "react";
import { Link } from "wouter";
import { MetaRevisionSchema } from "../../../shared/contracts/catalogue.contract.ts";
import { validateMeta } from "../../../shared/validation/measurement-rules.ts";
import { api, type CatalogueIndicator } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber, parseDecimal } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

/** Latest revision of each year's meta: the meta in force. */
function metasInForce(ind: CatalogueIndicator) {
  const byYear = new Map<number, CatalogueIndicator["metas"][number]>();
  for (const m of ind.metas) {
    const current = byYear.get(m.year);
    if (!current || m.revision > current.revision) byYear.set(m.year, m);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** /admin/catalogo — indicators with their meta in force; a new meta is a new revision. */
export function CataloguePage() {
  const t = useT();
  const { policy } = useSession();
  const indicators = useQuery(queries.indicators(policy));
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLocaleLowerCase("es");

  return (
    <>
      <PageTitle text={t("catalogueAdmin.title")}>{t("catalogueAdmin.title")}</PageTitle>
      <p className="lead">{t("catalogueAdmin.intro")}</p>
      {notice && <Notice kind="success">{notice}</Notice>}
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="cat-filter">{t("catalogueAdmin.filter")}</label>
          <input
            id="cat-filter"
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      </div>
      {indicators.error ? (
        <ErrorBox error={indicators.error} onRetry={() => void indicators.refetch()} />
      ) : !indicators.data ? (
        <Loading />
      ) : (
        <TableWrap label={t("catalogueAdmin.title")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("catalogueAdmin.code")}</th>
                <th scope="col">{t("catalogueAdmin.name")}</th>
                <th scope="col">{t("catalogueAdmin.unit")}</th>
                <th scope="col">{t("catalogueAdmin.responsible")}</th>
                <th scope="col" className="num">
                  {t("catalogueAdmin.version")}
                </th>
                <th scope="col">{t("catalogueAdmin.metas")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("users.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {indicators.data
                .filter(
                  (i) =>
                    !needle ||
                    `${i.code} ${i.name} ${i.responsible}`.toLocaleLowerCase("es").includes(needle),
                )
                .map((ind) => (
                  <Fragment key={ind.code}>
                    <tr data-indicator={ind.code}>
                      <th scope="row" className="code nowrap">
                        {ind.code}
                      </th>
                      <td className="cell-text">{ind.name}</td>
                      <td>{t(`units.${ind.unit}`)}</td>
                      <td>{ind.responsible}</td>
                      <td className="num">{ind.version}</td>
                      <td>
                        <ul className="meta-list">
                          {metasInForce(ind).map((m) => (
                            <li key={m.year}>
                              <strong>{m.year}</strong>: {formatNumber(m.value, t("locale"), 4)}
                              {m.revision > 1 && (
                                <span className="muted small">
                                  {" "}
                                  ({t("catalogueAdmin.revisionShort", { n: m.revision })})
                                </span>
                              )}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="nowrap">
                        <Link
                          className="button-secondary"
                          href={`/admin/catalogo/${encodeURIComponent(ind.code)}/fichas`}
                          aria-label={t("fichas.openLabel", { code: ind.code })}
                        >
                          {t("fichas.open")}
                        </Link>{" "}
                        <button
                          type="button"
                          className="button-secondary"
                          aria-expanded={editing === ind.code}
                          aria-label={`${t("catalogueAdmin.changeMeta")} ${ind.code}`}
                          onClick={() => setEditing(editing === ind.code ? null : ind.code)}
                        >
                          {t("catalogueAdmin.changeMeta")}
                        </button>
                      </td>
                    </tr>
                    {editing === ind.code && (
                      <tr className="editor-row">
                        <td colSpan={7}>
                          <MetaForm
                            indicator={ind}
                            onSaved={(year) => {
                              setEditing(null);
                              setNotice(t("catalogueAdmin.metaSaved", { code: ind.code, year }));
                            }}
                            onCancel={() => setEditing(null)}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

function MetaForm({
  indicator,
  onSaved,
  onCancel,
}: {
  indicator: CatalogueIndicator;
  onSaved(year: number): void;
  onCancel(): void;
}) {
  const t = useT();
  const { policy } = useSession();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const parsedValue = parseDecimal(value);
  const live =
    parsedValue !== null && !Number.isNaN(parsedValue)
      ? validateMeta(parsedValue, indicator.unit)
      : [];
  const id = `meta-${indicator.code}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = MetaRevisionSchema.safeParse({
      year,
      value: parsedValue === null || Number.isNaN(parsedValue) ? undefined : parsedValue,
      reason,
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setIssues(next);
      return;
    }
    if (live.some((f) => f.severity === "error")) return;
    setIssues({});
    try {
      await api.reviseMeta(policy, indicator.code, parsed.data);
      onSaved(parsed.data.year);
    } catch (err) {
      setError(err);
    }
  }
  const msg = (k: string) => [
    ...(issues[k] ? [{ severity: "error" as const, text: issues[k] as string }] : []),
    ...(k === "value" ? live.map((f) => ({ severity: f.severity, text: f.message })) : []),
  ];

  return (
    <form className="meta-form" onSubmit={onSubmit} noValidate>
      {error !== null && <ErrorBox error={error} />}
      <div className="grid-3">
        <Field
          id={`${id}-year`}
          label={t("catalogueAdmin.metaYear")}
          messages={msg("year")}
          required
        >
          {(aria) => (
            <input
              {...aria}
              inputMode="numeric"
              value={year}
              onChange={(e) => setYear(e.target.value)}
            />
          )}
        </Field>
        <Field
          id={`${id}-value`}
          label={`${t("catalogueAdmin.metaValue")} (${t(`units.${indicator.unit}`)})`}
          messages={msg("value")}
          required
        >
          {(aria) => (
            <input
              {...aria}
              inputMode="decimal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <Field
          id={`${id}-reason`}
          label={t("catalogueAdmin.reason")}
          messages={msg("reason")}
          required
        >
          {(aria) => (
            <textarea
              {...aria}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button-primary">
          {t("catalogueAdmin.saveMeta")}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t("app.cancel")}
        </button>
      </div>
    </form>
  );
}
