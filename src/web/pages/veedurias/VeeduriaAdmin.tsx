import { type FormEvent, useState } from "react";
import { DEPARTMENT_NAMES } from "../../../shared/veedurias/veeduria-semaforo.ts";
import { api, type VeeduriaSemaforo } from "../../api-client.ts";
import { ErrorBox, Field, Notice } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";

type Status = VeeduriaSemaforo["statuses"][number]["status"];

/**
 * The administrator's entries on /veedurias (`veeduria.manage`): register a veeduría (name,
 * region, institutions, no person) and record one grade with its rationale. Accepted changes
 * refresh the semáforo through api-client's announcement (queries.ts STALE_AFTER).
 */
export function VeeduriaAdmin({ data }: { data: VeeduriaSemaforo }) {
  return (
    <>
      <GradeForm data={data} />
      <CreateForm policyCode={data.policy.code} />
    </>
  );
}

function GradeForm({ data }: { data: VeeduriaSemaforo }) {
  const t = useT();
  const [veeduria, setVeeduria] = useState(data.veedurias[0]?.code ?? "");
  const [period, setPeriod] = useState(data.period ?? "");
  const [lineamiento, setLineamiento] = useState(data.lineamientos[0]?.code ?? "");
  const [status, setStatus] = useState<Status>("parcial");
  const [rationale, setRationale] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.recordVeeduriaAssessments(data.policy.code, veeduria, {
        period,
        assessments: [{ lineamiento, status, rationale }],
      });
      setSaved(true);
      setRationale("");
    } catch (err) {
      setError(err);
    }
  }
  return (
    <details className="card">
      <summary>
        <h2 className="inline-heading">{t("veedurias.admin.title")}</h2>
      </summary>
      <form onSubmit={(e) => void submit(e)} className="filters-form">
        {saved && <Notice kind="success">{t("veedurias.admin.saved")}</Notice>}
        {error !== null && <ErrorBox error={error} />}
        <Field id="vd-veeduria" label={t("veedurias.admin.veeduria")} required>
          {(aria) => (
            <select {...aria} value={veeduria} onChange={(e) => setVeeduria(e.target.value)}>
              {data.veedurias.map((v) => (
                <option key={v.code} value={v.code}>
                  {v.departmentName} — {v.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="vd-period" label={t("veedurias.admin.period")} required>
          {(aria) => (
            <input {...aria} required value={period} onChange={(e) => setPeriod(e.target.value)} />
          )}
        </Field>
        <Field id="vd-lineamiento" label={t("veedurias.admin.lineamiento")} required>
          {(aria) => (
            <select {...aria} value={lineamiento} onChange={(e) => setLineamiento(e.target.value)}>
              {data.lineamientos.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.text.slice(0, 80)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="vd-status" label={t("veedurias.admin.status")} required>
          {(aria) => (
            <select {...aria} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {data.statuses.map((s) => (
                <option key={s.status} value={s.status}>
                  {t(`veedurias.status.${s.status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="vd-rationale" label={t("veedurias.admin.rationale")} required>
          {(aria) => (
            <textarea
              {...aria}
              required
              rows={3}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">{t("veedurias.admin.save")}</button>
      </form>
    </details>
  );
}

function CreateForm({ policyCode }: { policyCode: string }) {
  const t = useT();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [department, setDepartment] = useState("01");
  const [institutions, setInstitutions] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCreated(false);
    try {
      await api.createVeeduria(policyCode, {
        code,
        name,
        department,
        institutions: institutions
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean),
      });
      setCreated(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <details className="card">
      <summary>
        <h2 className="inline-heading">{t("veedurias.admin.createTitle")}</h2>
      </summary>
      <form onSubmit={(e) => void submit(e)} className="filters-form">
        {created && <Notice kind="success">{t("veedurias.admin.created")}</Notice>}
        {error !== null && <ErrorBox error={error} />}
        <Field id="vd-code" label={t("veedurias.admin.code")} required>
          {(aria) => (
            <input {...aria} required value={code} onChange={(e) => setCode(e.target.value)} />
          )}
        </Field>
        <Field id="vd-name" label={t("veedurias.admin.name")} required>
          {(aria) => (
            <input {...aria} required value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field id="vd-department" label={t("veedurias.admin.department")} required>
          {(aria) => (
            <select {...aria} value={department} onChange={(e) => setDepartment(e.target.value)}>
              {Object.entries(DEPARTMENT_NAMES).map(([c, n]) => (
                <option key={c} value={c}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="vd-institutions"
          label={t("veedurias.institutions")}
          help={t("veedurias.admin.institutionsHelp")}
        >
          {(aria) => (
            <textarea
              {...aria}
              rows={3}
              value={institutions}
              onChange={(e) => setInstitutions(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">{t("veedurias.admin.create")}</button>
      </form>
    </details>
  );
}
