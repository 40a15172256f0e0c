import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ValoracionDeclarationSchema } from "../../../shared/contracts/valoracion.contract.ts";
import { api, type Evaluation, type ValoracionDeclarationRow } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

type Criterion = Evaluation["valoracion"]["criteria"][number];
const FIRST_YEAR = 2022;

/**
 * /admin/valoracion — the year's valoración criteria, computed or declared; the conductor
 * declares the level of a criterion without a computable rule, with rationale and evidence
 * (issue 17, item 2).
 */
export function ValoracionPage() {
  const t = useT();
  const { policy } = useSession();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const [declaring, setDeclaring] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const evaluation = useQuery(queries.liveEvaluation(policy, year));
  const declarations = useQuery(queries.valoracionDeclarations(policy, year));
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const v = evaluation.data?.valoracion;

  return (
    <>
      <PageTitle text={t("valoracionAdmin.title")}>{t("valoracionAdmin.title")}</PageTitle>
      <p className="lead">{t("valoracionAdmin.intro")}</p>
      {notice && <Notice kind="success">{notice}</Notice>}
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="valoracion-year">{t("valoracionAdmin.year")}</label>
          <select
            id="valoracion-year"
            value={year}
            onChange={(e) => {
              setYear(Number(e.target.value));
              setDeclaring(null);
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {evaluation.error ? (
        <ErrorBox error={evaluation.error} onRetry={() => void evaluation.refetch()} />
      ) : !v ? (
        <Loading />
      ) : (
        <TableWrap label={t("valoracionAdmin.title")}>
          <table className="data-table" data-testid="valoracion-criteria">
            <thead>
              <tr>
                <th scope="col">{t("valoracionAdmin.criterion")}</th>
                <th scope="col" className="num">
                  {t("valoracionAdmin.weight")}
                </th>
                <th scope="col">{t("valoracionAdmin.level")}</th>
                <th scope="col">{t("valoracionAdmin.basis")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("users.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {v.criteria.map((c) => (
                <CriterionRows
                  key={c.code}
                  criterion={c}
                  year={year}
                  open={declaring === c.code}
                  onToggle={() => setDeclaring(declaring === c.code ? null : c.code)}
                  onSaved={() => {
                    setDeclaring(null);
                    setNotice(t("valoracionAdmin.saved", { code: c.code, year }));
                  }}
                />
              ))}
              <tr className="aggregate">
                <th scope="row">{t("valoracionAdmin.total")}</th>
                <td />
                <td data-testid="valoracion-total">
                  {v.total === "ND" ? "ND" : formatNumber(v.total, t("locale"), 1)}
                  {v.level !== "ND" && ` · ${t(`implementationLevels.${v.level}`)}`}
                </td>
                <td colSpan={2} />
              </tr>
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t("valoracionAdmin.history")}</h2>
      {declarations.error ? (
        <ErrorBox error={declarations.error} onRetry={() => void declarations.refetch()} />
      ) : !declarations.data ? (
        <Loading />
      ) : (
        <DeclarationList rows={declarations.data} />
      )}
    </>
  );
}

function CriterionRows({
  criterion: c,
  year,
  open,
  onToggle,
  onSaved,
}: {
  criterion: Criterion;
  year: number;
  open: boolean;
  onToggle(): void;
  onSaved(): void;
}) {
  const t = useT();
  return (
    <>
      <tr data-criterion={c.code}>
        <th scope="row" className="cell-text">
          {c.code}. {c.name}
        </th>
        <td className="num">{formatNumber(c.weight, t("locale"))}</td>
        <td>
          {t(`implementationLevels.${c.level}`)}
          {c.origin && (
            <span className="muted small block" data-origin={c.origin}>
              {t(`valoracionAdmin.origin.${c.origin}`)}
            </span>
          )}
        </td>
        <td className="cell-text small">{c.basis}</td>
        <td>
          {c.declarable && (
            <button
              type="button"
              className="button-secondary"
              aria-expanded={open}
              aria-label={t("valoracionAdmin.declareLabel", { code: c.code, year })}
              onClick={onToggle}
            >
              {t("valoracionAdmin.declare")}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="editor-row">
          <td colSpan={5}>
            <DeclarationForm criterion={c} year={year} onSaved={onSaved} />
          </td>
        </tr>
      )}
    </>
  );
}

function DeclarationForm({
  criterion,
  year,
  onSaved,
}: {
  criterion: Criterion;
  year: number;
  onSaved(): void;
}) {
  const t = useT();
  const { policy } = useSession();
  const [level, setLevel] = useState(criterion.level === "ND" ? "INTERMEDIO" : criterion.level);
  const [rationale, setRationale] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const id = `declare-${criterion.code}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = ValoracionDeclarationSchema.safeParse({
      year,
      criterion: criterion.code,
      level,
      rationale,
    });
    const next: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
    if (!file) next.file = t("valoracionAdmin.evidenceMissing");
    setIssues(next);
    if (!parsed.success || !file) return;
    try {
      await api.declareValoracion(policy, parsed.data, file);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  const msg = (k: string) => (issues[k] ? [{ severity: "error" as const, text: issues[k] }] : []);

  return (
    <form className="meta-form" onSubmit={onSubmit} noValidate>
      {error !== null && <ErrorBox error={error} />}
      <div className="grid-3">
        <Field id={`${id}-level`} label={t("valoracionAdmin.levelField")} required>
          {(aria) => (
            <select
              {...aria}
              value={level}
              onChange={(e) => setLevel(e.target.value as typeof level)}
            >
              {(["INICIAL", "INTERMEDIO", "AVANZADO"] as const).map((l) => (
                <option key={l} value={l}>
                  {t(`implementationLevels.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={`${id}-rationale`}
          label={t("valoracionAdmin.rationale")}
          messages={msg("rationale")}
          required
        >
          {(aria) => (
            <textarea
              {...aria}
              rows={3}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
        <Field
          id={`${id}-file`}
          label={t("valoracionAdmin.evidence")}
          messages={msg("file")}
          required
        >
          {(aria) => (
            <input
              {...aria}
              type="file"
              accept=".pdf,.xlsx,.docx,.png,.jpg,.jpeg"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button-primary">
          {t("valoracionAdmin.save")}
        </button>
      </div>
    </form>
  );
}

function DeclarationList({ rows }: { rows: ValoracionDeclarationRow[] }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t("valoracionAdmin.noDeclarations")}</p>;
  return (
    <TableWrap label={t("valoracionAdmin.history")}>
      <table className="data-table compact" data-testid="valoracion-declarations">
        <thead>
          <tr>
            <th scope="col">{t("valoracionAdmin.criterion")}</th>
            <th scope="col" className="num">
              {t("valoracionAdmin.revision")}
            </th>
            <th scope="col">{t("valoracionAdmin.level")}</th>
            <th scope="col">{t("valoracionAdmin.rationale")}</th>
            <th scope="col">{t("valoracionAdmin.evidence")}</th>
            <th scope="col">{t("valoracionAdmin.declaredBy")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.criterion}</th>
              <td className="num">
                {d.revision}
                {d.inForce && (
                  <span className="muted small block">{t("valoracionAdmin.inForce")}</span>
                )}
              </td>
              <td>{t(`implementationLevels.${d.level}`)}</td>
              <td className="cell-text small">{d.rationale}</td>
              <td>
                <a href={api.valoracionEvidenceUrl(d.id)}>{d.evidence.fileName}</a>
              </td>
              <td className="small">
                {d.declaredByUser?.name ?? d.declaredBy}
                <span className="muted block">
                  {d.declaredByLabel} · {d.declaredAt.slice(0, 10)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
