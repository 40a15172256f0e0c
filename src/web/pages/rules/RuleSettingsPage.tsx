import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { RULE_DIMENSIONS, type RuleSettings } from "../../../shared/validation/rule-settings.ts";
import { api, type RuleSettingsView } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

const NUMBERS = [
  "oversizedTipo1",
  "undersizedTipo1",
  "plausibleMin",
  "plausibleMax",
  "yearOverYearChangePercent",
  "sustainedOversizeYears",
] as const;
type NumberField = (typeof NUMBERS)[number];

/**
 * /admin/reglas — the rules each indicator's values are held to, tuned by the conductor: every
 * change is a new version with its reason and author; the form and the server read the same
 * version through the rule context.
 */
export function RuleSettingsPage() {
  const t = useT();
  const { policy } = useSession();
  const list = useQuery(queries.ruleSettings(policy));
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <PageTitle text={t("rulesAdmin.title")}>{t("rulesAdmin.title")}</PageTitle>
      <p className="lead">{t("rulesAdmin.intro")}</p>
      {notice && <Notice kind="success">{notice}</Notice>}
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <TableWrap label={t("rulesAdmin.title")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("tasks.indicator")}</th>
                <th scope="col">{t("rulesAdmin.version")}</th>
                <th scope="col">{t("rulesAdmin.summary")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("commitmentsAdmin.open")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((v) => (
                <RuleRow
                  key={v.indicator}
                  view={v}
                  open={open === v.indicator}
                  onToggle={() => setOpen(open === v.indicator ? null : v.indicator)}
                  onSaved={(version) => {
                    setOpen(null);
                    setNotice(t("rulesAdmin.saved", { indicator: v.indicator, version }));
                  }}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

function RuleRow({
  view,
  open,
  onToggle,
  onSaved,
}: {
  view: RuleSettingsView;
  open: boolean;
  onToggle(): void;
  onSaved(version: number): void;
}) {
  const t = useT();
  const { policy } = useSession();
  const r = view.resolved;
  const initial = Object.fromEntries(
    NUMBERS.map((k) => [k, r[k] === null ? "" : String(r[k])]),
  ) as Record<NumberField, string>;
  const [values, setValues] = useState(initial);
  const [dims, setDims] = useState<string[]>([...r.requiredDisaggregations]);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const settings: Record<string, unknown> = {};
    for (const k of NUMBERS) if (values[k].trim() !== "") settings[k] = Number(values[k]);
    if (dims.length) settings.requiredDisaggregations = dims;
    try {
      const saved = await api.setRuleSettings(policy, view.indicator, {
        settings: settings as RuleSettings,
        reason,
      });
      onSaved(saved.version ?? 0);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <tr data-indicator={view.indicator}>
        <th scope="row">
          <strong className="code">{view.indicator}</strong> {view.name}
        </th>
        <td>{view.version === null ? t("rulesAdmin.defaults") : `v${view.version}`}</td>
        <td className="small">
          {t("rulesAdmin.summaryText", {
            over: r.oversizedTipo1,
            under: r.undersizedTipo1,
            yoy: r.yearOverYearChangePercent,
          })}
          {r.requiredDisaggregations.length > 0 &&
            ` · ${t("rulesAdmin.required")}: ${r.requiredDisaggregations.join(", ")}`}
        </td>
        <td>
          <button type="button" className="button-link" onClick={onToggle} aria-expanded={open}>
            {t("rulesAdmin.edit")} {view.indicator}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={4}>
            <form className="form-grid" onSubmit={(e) => void submit(e)}>
              {NUMBERS.map((k) => (
                <div className="field" key={k}>
                  <label htmlFor={`rs-${view.indicator}-${k}`}>{t(`rulesAdmin.fields.${k}`)}</label>
                  <input
                    id={`rs-${view.indicator}-${k}`}
                    type="number"
                    step="any"
                    value={values[k]}
                    onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                  />
                </div>
              ))}
              <fieldset>
                <legend>{t("rulesAdmin.required")}</legend>
                {RULE_DIMENSIONS.map((d) => (
                  <label key={d} className="checkbox">
                    <input
                      type="checkbox"
                      checked={dims.includes(d)}
                      onChange={() =>
                        setDims(dims.includes(d) ? dims.filter((x) => x !== d) : [...dims, d])
                      }
                    />{" "}
                    {t(`rulesAdmin.dimensions.${d}`)}
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor={`rs-${view.indicator}-reason`}>{t("rulesAdmin.reason")}</label>
                <textarea
                  id={`rs-${view.indicator}-reason`}
                  rows={2}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </div>
              {error !== null && <ErrorBox error={error} />}
              <div>
                <button type="submit" className="button-primary">
                  {t("rulesAdmin.save")}
                </button>
              </div>
            </form>
            {view.history.length > 0 && (
              <>
                <h3>{t("rulesAdmin.history")}</h3>
                <ol>
                  {view.history.map((h) => (
                    <li key={h.version}>
                      v{h.version} · {formatDateTime(h.createdAt, t("locale"))} ·{" "}
                      {h.createdByUser?.name ?? h.createdBy}: {h.reason}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
