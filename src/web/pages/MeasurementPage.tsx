import { type ChangeEvent, useEffect, useMemo, useRef, useState } from "react";
import { MIN_JUSTIFICATION_LENGTH } from "../../shared/limits.ts";
import type { RuleFinding } from "../../shared/validation/measurement-rules.ts";
import { canSubmit, impliedValue } from "../../shared/validation/measurement-rules.ts";
import { canTransition } from "../../shared/workflow/measurement-status.ts";
import { ApiError, api, type Measurement, type RuleContext, type Task } from "../api-client.ts";
import {
  ActorName,
  ErrorBox,
  errorText,
  Field,
  Loading,
  Notice,
  PageError,
  PageTitle,
  StatusBadge,
  TableWrap,
} from "../components/ui.tsx";
import { type Flash, setFlash, takeFlash } from "../flash.ts";
import { formatBytes, formatDateTime, formatNumber, parseDecimal } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";
import { DEPARTAMENTOS, departmentOf } from "../ubigeo.ts";
import { useResource } from "../use-resource.ts";
import {
  checkForm,
  DIMENSIONS,
  type Dimension,
  EMPTY_FORM,
  type FieldMessage,
  type FormState,
  fieldOfPath,
  formFromMeasurement,
  newRow,
} from "./measurement-form.ts";
import { ReviewPanel } from "./ReviewPanel.tsx";

type PeriodCode = "ANUAL" | "S1" | "S2";
export interface NewMeasurementKey {
  indicator: string;
  year: number;
  period: PeriodCode;
  entity: string | null;
}

/** /mediciones/:id — one value: data entry for the focal point, review for the administrator. */
export function MeasurementPage({ id }: { id: number }) {
  const t = useT();
  const { can } = useSession();
  const measurement = useResource(() => api.measurement(id), [id]);
  const back = can("measurement.review")
    ? { to: "/revision", label: t.review.title }
    : { to: "/tareas", label: t.entry.back };
  if (measurement.error) return <PageError error={measurement.error} back={back} />;
  if (!measurement.data) return <Loading />;
  return (
    <MeasurementEditor
      key={`${measurement.data.id}`}
      initial={measurement.data}
      task={null}
      fresh={null}
      title={t.entry.title(measurement.data.indicator.code)}
    />
  );
}

/** /registro/:indicator/:year/:period — a value not yet created, reached from "Mis tareas". */
export function NewMeasurementPage({ fresh }: { fresh: NewMeasurementKey }) {
  const t = useT();
  const { policy } = useSession();
  const tasks = useResource(() => api.tasks(policy), [policy]);
  const task = tasks.data?.find(
    (x) =>
      x.indicator.code === fresh.indicator &&
      x.year === fresh.year &&
      x.period === fresh.period &&
      (fresh.entity === null || x.entity === fresh.entity),
  );
  useEffect(() => {
    if (task?.measurementId) navigate(`/mediciones/${task.measurementId}`, { replace: true });
  }, [task]);
  const back = { to: "/tareas", label: t.entry.back };
  if (tasks.error) return <PageError error={tasks.error} back={back} />;
  if (!tasks.data) return <Loading />;
  if (!task)
    return <PageError error={new ApiError(403, "forbidden", t.errors.forbidden)} back={back} />;
  if (task.measurementId) return <Loading />;
  return (
    <MeasurementEditor
      initial={null}
      task={task}
      fresh={{ ...fresh, entity: task.entity }}
      title={t.entry.title(task.indicator.code)}
    />
  );
}

const ACCEPT = ".pdf,.xlsx,.docx,.png,.jpg,.jpeg,.webp,.gif,application/pdf,image/*";
const ACCEPT_RE = /\.(pdf|xlsx|docx|png|jpe?g|webp|gif)$/i;

function MeasurementEditor({
  initial,
  task,
  fresh,
  title,
}: {
  initial: Measurement | null;
  task: Task | null;
  fresh: NewMeasurementKey | null;
  title: string;
}) {
  const t = useT();
  const { policy, can } = useSession();
  const [m, setM] = useState<Measurement | null>(initial);
  const [form, setForm] = useState<FormState>(() =>
    initial ? formFromMeasurement(initial) : EMPTY_FORM,
  );
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<null | "save" | "submit" | "upload" | "correct">(null);
  const [flash] = useState(() => takeFlash());
  const [error, setError] = useState<unknown>(() =>
    flash?.kind === "error" ? new ApiError(0, "flash", flash.text) : null,
  );
  const [notice, setNotice] = useState<string | null>(() =>
    flash?.kind === "success" ? flash.text : null,
  );
  const [serverIssues, setServerIssues] = useState<RuleFinding[]>([]);
  // A pristine form does not shout: "required" messages wait for the field to be left or for a
  // save attempt. Rule findings on what was typed show at once.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(initial !== null);
  const touch = (key: string) =>
    setTouched((prev) => (prev.has(key) ? prev : new Set(prev).add(key)));
  const noticeRef = useRef<HTMLDivElement>(null);

  const indicator = m?.indicator ?? {
    code: task?.indicator.code ?? fresh?.indicator ?? "",
    name: task?.indicator.name ?? "",
    unit: task?.indicator.unit ?? "numero",
    isCumulative: false,
    version: 1,
  };
  const year = m?.year ?? fresh?.year ?? 0;
  const period: PeriodCode = m?.period ?? fresh?.period ?? "ANUAL";
  const status = m?.status ?? "borrador";
  const editable = can("measurement.report") && (m === null || canTransition(m.status, "edit"));

  // What the server's rules need (meta, direction, the previous value of a cumulative
  // indicator): in the value's response, or asked for before the first save.
  const freshContext = useResource(
    () =>
      m === null && fresh
        ? api.ruleContext(policy, fresh.indicator, fresh.year, fresh.period).catch(() => null)
        : Promise.resolve(null),
    [policy, m === null, fresh?.indicator, fresh?.year, fresh?.period],
  );
  const ruleContext = useMemo<RuleContext>(
    () =>
      m?.ruleContext ??
      freshContext.data ?? {
        unit: indicator.unit,
        isCumulative: indicator.isCumulative,
        direction: "ascendente",
        meta: null,
        previous: null,
      },
    [m, freshContext.data, indicator.unit, indicator.isCumulative],
  );
  const { meta, previous } = ruleContext;

  const check = useMemo(() => checkForm(form, ruleContext, t), [form, ruleContext, t]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const handler = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", handler);
    return () => window.removeEventListener("beforeunload", handler);
  }, [dirty]);

  function update<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    setNotice(null);
    setServerIssues([]);
  }

  function load(next: Measurement, message: string | null) {
    setM(next);
    setForm(formFromMeasurement(next));
    setDirty(false);
    setNotice(message);
    if (message) setTimeout(() => noticeRef.current?.focus(), 0);
  }

  /** After the first save the page moves to the new record's own address. */
  function goToCreated(id: number, flash: Flash) {
    setDirty(false);
    setFlash(flash);
    navigate(`/mediciones/${id}`, { replace: true });
  }

  /** Reload after a conflict: the message stays, the form shows the current version. */
  async function reloadAfterConflict(id: number) {
    try {
      const current = await api.measurement(id);
      load(current, null);
    } catch (err) {
      setError(err);
    }
  }

  function handleFailure(err: unknown) {
    setError(err);
    if (err instanceof ApiError && err.status === 422) {
      setServerIssues(
        err.issues.map((i) => ({
          code: "SERVIDOR",
          severity: "error" as const,
          path: i.path,
          message: i.message,
        })),
      );
    }
    if (err instanceof ApiError && err.status === 409 && m) void reloadAfterConflict(m.id);
  }

  /** Creates the measurement (first save) or saves the edits; returns the saved state. */
  async function persist(): Promise<Measurement | null> {
    if (!check.body) return null;
    if (m === null) {
      if (!fresh) return null;
      const created = await api.createMeasurement(policy, fresh.indicator, {
        ...check.body,
        year: fresh.year,
        period: fresh.period,
        ...(fresh.entity ? { reportedForEntity: fresh.entity } : {}),
      });
      return created;
    }
    if (!dirty) return m;
    return api.updateMeasurement(m.id, { ...check.body, lockVersion: m.lockVersion });
  }

  async function onSave() {
    setAttempted(true);
    setError(null);
    setBusy("save");
    try {
      const saved = await persist();
      if (saved && m === null)
        return goToCreated(saved.id, { kind: "success", text: t.entry.saved });
      if (saved) load(saved, t.entry.saved);
    } catch (err) {
      handleFailure(err);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    setAttempted(true);
    setError(null);
    setBusy("submit");
    let created: Measurement | null = null;
    try {
      const saved = await persist();
      if (!saved) return;
      if (m === null) created = saved;
      else {
        setM(saved);
        setDirty(false);
      }
      const submitted = await api.submit(saved.id, {
        lockVersion: saved.lockVersion,
        justification: form.justification.trim() || null,
      });
      if (created) return goToCreated(submitted.id, { kind: "success", text: t.entry.submitted });
      load(submitted, t.entry.submitted);
    } catch (err) {
      // The value was created but not submitted: show it, with the reason, at its own address.
      if (created) return goToCreated(created.id, { kind: "error", text: errorText(err, t) });
      handleFailure(err);
    } finally {
      setBusy(null);
    }
  }

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []);
    input.value = "";
    if (files.length === 0) return;
    setError(null);
    const bad = files.find((f) => !ACCEPT_RE.test(f.name));
    if (bad) {
      setError(new ApiError(400, "invalid", `${bad.name}: ${t.entry.evidenceType}`));
      return;
    }
    setBusy("upload");
    try {
      const target = m ?? (await persist());
      if (!target) return;
      for (const file of files) {
        setNotice(t.entry.evidenceUploading(file.name));
        await api.uploadEvidence(target.id, file);
      }
      const uploaded = files.map((f) => t.entry.evidenceUploaded(f.name)).join(" ");
      if (m === null) return goToCreated(target.id, { kind: "success", text: uploaded });
      // The rest of the record is refreshed, but what the person is typing is kept.
      const current = await api.measurement(target.id);
      setM(current);
      setNotice(uploaded);
    } catch (err) {
      handleFailure(err);
    } finally {
      setBusy(null);
    }
  }

  // What the rules say: live in the browser while editing, plus the server's own findings on
  // the saved state (rules that need data the browser lacks) and its 422 answer.
  const allFindings = useMemo(() => {
    if (!editable) return m?.findings ?? [];
    const local = check.findings;
    const serverOnly =
      m && !dirty
        ? m.findings.filter((f) => !local.some((l) => l.code === f.code && l.path === f.path))
        : [];
    return [...local, ...serverOnly, ...serverIssues];
  }, [editable, m, dirty, check.findings, serverIssues]);
  const needsJustification = allFindings.some((f) => f.severity === "warning");
  const submittable = check.canSave && canSubmit(allFindings, form.justification.trim() || null);

  // Messages next to each field: typing problems, rule findings, the server's 422 issues and
  // the reviewer's observations of the current round.
  const messages = useMemo(() => {
    const map = new Map<string, FieldMessage[]>();
    const push = (key: string, msg: FieldMessage) => {
      const list = map.get(key) ?? [];
      if (!list.some((x) => x.text === msg.text)) list.push(msg);
      map.set(key, list);
    };
    const valueTouched =
      attempted || touched.has("value") || touched.has("numerator") || touched.has("denominator");
    if (editable) {
      for (const [key, texts] of check.inputErrors) {
        if (key.startsWith("row.") && !attempted && !touched.has(key)) continue;
        for (const text of texts) push(key, { severity: "error", text });
      }
    }
    for (const f of allFindings) {
      if (f.code === "VALOR_REQUERIDO" && !valueTouched) continue;
      push(fieldOfPath(f.path), { severity: f.severity, text: f.message });
    }
    if (m && (m.status === "observado" || editable)) {
      const since = m.submittedAt ?? "";
      for (const o of m.observations) {
        if (o.kind === "observacion" && o.field && o.createdAt >= since)
          push(o.field, { severity: "note", text: o.comment });
      }
    }
    return map;
  }, [editable, check, allFindings, m, attempted, touched]);
  const msgs = (key: string) => messages.get(key) ?? [];

  const implied = (() => {
    const n = parseDecimal(form.numerator);
    const d = parseDecimal(form.denominator);
    if (n === null || d === null || Number.isNaN(n) || Number.isNaN(d)) return null;
    return impliedValue(indicator.unit, n, d);
  })();

  const errors = allFindings.filter((f) => f.severity === "error").length;
  const warnings = allFindings.filter((f) => f.severity === "warning").length;
  const showJustification = editable
    ? needsJustification || form.justification !== ""
    : Boolean(m?.justification);

  return (
    <article className="measurement-page" data-status={status}>
      <p className="breadcrumb">
        <Link to={can("measurement.review") ? "/revision" : "/tareas"}>
          ← {can("measurement.review") ? t.review.title : t.entry.back}
        </Link>
      </p>
      <PageTitle text={title}>
        {title}
        <span className="subtitle">{indicator.name}</span>
      </PageTitle>
      <dl className="facts">
        <div>
          <dt>{t.tasks.period}</dt>
          <dd>{t.entry.period(year, t.periods[period])}</dd>
        </div>
        <div>
          <dt>{t.entry.reportedFor}</dt>
          <dd>{m?.reportedForEntity ?? fresh?.entity ?? "—"}</dd>
        </div>
        <div>
          <dt>{t.entry.unit}</dt>
          <dd>
            {t.units[ruleContext.unit]}
            {ruleContext.isCumulative && ` · ${t.entry.cumulative}`}
          </dd>
        </div>
        {meta !== null && (
          <div>
            <dt>{t.dashboard.meta}</dt>
            <dd>{formatNumber(meta, t.locale, 4)}</dd>
          </div>
        )}
        {previous !== null && (
          <div>
            <dt>{t.entry.previousValue(previous.label)}</dt>
            <dd>{formatNumber(previous.value, t.locale, 4)}</dd>
          </div>
        )}
        <div>
          <dt>{t.entry.status}</dt>
          <dd>
            <StatusBadge status={m ? m.status : "pendiente"} />
            {m && <span className="muted"> {t.entry.revision(m.revision)}</span>}
          </dd>
        </div>
      </dl>

      <div ref={noticeRef} tabIndex={-1} className="notice-anchor">
        {notice && <Notice kind="success">{notice}</Notice>}
        {error !== null && <ErrorBox error={error} />}
      </div>

      {!editable && m && (
        <Notice kind="info">
          {m.status === "enviado"
            ? t.entry.readOnly.enviado
            : m.status === "validado"
              ? t.entry.readOnly.validado
              : t.entry.readOnly.noPermission}
        </Notice>
      )}

      {m && m.status === "observado" && <ObservationList m={m} />}

      <form
        className="entry-form"
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
        noValidate
      >
        <fieldset disabled={!editable || busy !== null}>
          <legend>{t.entry.sectionValue}</legend>
          {editable && <p className="help">{t.entry.valueHelp}</p>}
          <div className="grid-3">
            <Field id="m-value" label={t.entry.value} messages={msgs("value")}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.value}
                  onChange={(e) => update("value", e.target.value)}
                  onBlur={() => touch("value")}
                />
              )}
            </Field>
            <Field id="m-numerator" label={t.entry.numerator} messages={msgs("numerator")}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.numerator}
                  onChange={(e) => update("numerator", e.target.value)}
                  onBlur={() => touch("numerator")}
                />
              )}
            </Field>
            <Field id="m-denominator" label={t.entry.denominator} messages={msgs("denominator")}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.denominator}
                  onChange={(e) => update("denominator", e.target.value)}
                  onBlur={() => touch("denominator")}
                />
              )}
            </Field>
          </div>
          {implied !== null && (
            <p className="implied" aria-live="polite">
              {t.entry.implied(formatNumber(implied, t.locale, 4))}
            </p>
          )}
        </fieldset>

        <DisaggregationTable
          rows={form.rows}
          onTouch={touch}
          disabled={!editable || busy !== null}
          onChange={(rows) => update("rows", rows)}
          messages={messages}
        />

        <fieldset disabled={!editable || busy !== null}>
          <legend>{t.entry.sectionNarrative}</legend>
          {(["logros", "dificultades", "medidas"] as const).map((key) => (
            <Field key={key} id={`m-${key}`} label={t.entry[key]} messages={msgs(key)}>
              {(aria) => (
                <textarea
                  {...aria}
                  rows={3}
                  value={form[key]}
                  onChange={(e) => update(key, e.target.value)}
                />
              )}
            </Field>
          ))}
          <Field
            id="m-source"
            label={t.entry.source}
            help={t.entry.sourceHelp}
            messages={msgs("sourceSystem")}
          >
            {(aria) => (
              <input
                {...aria}
                value={form.sourceSystem}
                onChange={(e) => update("sourceSystem", e.target.value)}
              />
            )}
          </Field>
        </fieldset>

        <section className="evidence" aria-labelledby="evidence-title">
          <h2 id="evidence-title">{t.entry.sectionEvidence}</h2>
          {msgs("evidence").length > 0 && (
            <ul className="field-messages">
              {msgs("evidence").map((x) => (
                <li key={x.text} className={`msg msg-${x.severity}`}>
                  <strong>
                    {x.severity === "note" ? t.entry.observedField : t.entry.severity[x.severity]}:
                  </strong>{" "}
                  {x.text}
                </li>
              ))}
            </ul>
          )}
          <EvidenceList m={m} />
          {editable && (
            <div className="field">
              <label htmlFor="m-evidence">{t.entry.evidenceInput}</label>
              <p className="help" id="m-evidence-help">
                {t.entry.evidenceHelp}
              </p>
              <input
                id="m-evidence"
                type="file"
                multiple
                accept={ACCEPT}
                aria-describedby="m-evidence-help"
                disabled={busy !== null}
                onChange={onFiles}
              />
            </div>
          )}
        </section>

        <section className="checks" aria-labelledby="checks-title">
          <h2 id="checks-title">{t.entry.sectionChecks}</h2>
          <div aria-live="polite" className="checks-summary">
            {allFindings.length === 0 ? (
              <p className="msg msg-ok">{t.entry.checksOk}</p>
            ) : (
              <>
                <p>
                  <strong>{t.entry.checksSummary(errors, warnings)}</strong>
                </p>
                <ul className="findings">
                  {allFindings.map((f) => (
                    <li
                      key={`${f.code}:${f.path}:${f.message}`}
                      className={`msg msg-${f.severity}`}
                      data-code={f.code}
                    >
                      <strong>{t.entry.severity[f.severity]}</strong>
                      {" · "}
                      <span className="finding-field">
                        {t.entry.fields[fieldOfPath(f.path)] ?? f.path}
                      </span>
                      {": "}
                      {f.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
          {showJustification && (
            <Field
              id="m-justification"
              label={t.entry.justification}
              help={t.entry.justificationHelp(MIN_JUSTIFICATION_LENGTH)}
              required={needsJustification}
              messages={[
                ...msgs("justification"),
                ...(editable &&
                needsJustification &&
                form.justification.trim().length < MIN_JUSTIFICATION_LENGTH
                  ? [
                      {
                        severity: "warning" as const,
                        text: t.entry.justificationMissing(MIN_JUSTIFICATION_LENGTH),
                      },
                    ]
                  : []),
              ]}
            >
              {(aria) => (
                <textarea
                  {...aria}
                  rows={3}
                  disabled={!editable || busy !== null}
                  value={form.justification}
                  onChange={(e) => update("justification", e.target.value)}
                />
              )}
            </Field>
          )}
        </section>

        {editable && (
          <div className="actions sticky-actions">
            <button
              type="submit"
              className="button-secondary"
              disabled={busy !== null || !check.canSave || (m !== null && !dirty)}
            >
              {busy === "save" ? t.entry.saving : t.entry.saveDraft}
            </button>
            <button
              type="button"
              className="button-primary"
              disabled={busy !== null || !submittable}
              aria-describedby={!submittable ? "submit-why" : undefined}
              onClick={() => void onSubmit()}
            >
              {busy === "submit" ? t.entry.submitting : t.entry.submit}
            </button>
            {!submittable && (
              <p id="submit-why" className="help">
                {check.canSave && needsJustification && errors === 0
                  ? t.entry.justificationMissing(MIN_JUSTIFICATION_LENGTH)
                  : t.entry.submitBlocked}
              </p>
            )}
            {dirty && <p className="help unsaved">{t.entry.unsaved}</p>}
          </div>
        )}
      </form>

      {m && m.status === "validado" && can("measurement.report") && (
        <CorrectionPanel m={m} body={check.body} />
      )}
      {m && <ReviewPanel m={m} onChange={(next, message) => load(next, message)} />}
      {m && m.status !== "observado" && m.observations.length > 0 && <ObservationList m={m} />}
      {m && <HistoryTable m={m} />}
    </article>
  );
}

function DisaggregationTable({
  rows,
  disabled,
  onChange,
  onTouch,
  messages,
}: {
  rows: FormState["rows"];
  onTouch(key: string): void;
  disabled: boolean;
  onChange(rows: FormState["rows"]): void;
  messages: Map<string, FieldMessage[]>;
}) {
  const t = useT();
  const set = (key: number, patch: Partial<FormState["rows"][number]>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const groupMessages = [...messages.entries()]
    .filter(([key]) => key === "disaggregations")
    .flatMap(([, list]) => list);
  return (
    <fieldset disabled={disabled} className="disaggregations">
      <legend>{t.entry.sectionDisaggregation}</legend>
      <p className="help">{t.entry.disaggregationHelp}</p>
      {DIMENSIONS.map((d) => (
        <datalist key={d} id={`cat-${d}`}>
          {d === "region"
            ? DEPARTAMENTOS.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))
            : t.entry.categorySuggestions[d].map((x) => <option key={x} value={x} />)}
        </datalist>
      ))}
      {rows.length === 0 ? (
        <p className="muted">{t.entry.noRows}</p>
      ) : (
        <TableWrap label={t.entry.sectionDisaggregation}>
          <table className="data-table disaggregation-table stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t.entry.dimension}</th>
                <th scope="col">{t.entry.category}</th>
                <th scope="col">
                  {t.entry.label} <span className="muted">({t.entry.labelHelp})</span>
                </th>
                <th scope="col">{t.entry.amount}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.tasks.action}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const n = index + 1;
                const catMsgs = messages.get(`row.${row.key}.category`) ?? [];
                const valMsgs = messages.get(`row.${row.key}.value`) ?? [];
                const dept = row.dimension === "region" ? departmentOf(row.category.trim()) : null;
                return (
                  <tr key={row.key}>
                    <td data-label={t.entry.dimension}>
                      <select
                        aria-label={`${t.entry.dimension} ${n}`}
                        value={row.dimension}
                        onChange={(e) => set(row.key, { dimension: e.target.value as Dimension })}
                      >
                        {DIMENSIONS.map((d) => (
                          <option key={d} value={d}>
                            {t.entry.dimensions[d]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label={t.entry.category}>
                      <input
                        aria-label={`${t.entry.category} ${n}`}
                        list={`cat-${row.dimension}`}
                        value={row.category}
                        inputMode={row.dimension === "region" ? "numeric" : undefined}
                        aria-invalid={catMsgs.length > 0 || undefined}
                        aria-describedby={catMsgs.length ? `row-${row.key}-cat-msg` : undefined}
                        placeholder={row.dimension === "region" ? "150000" : undefined}
                        onChange={(e) => set(row.key, { category: e.target.value })}
                        onBlur={() => onTouch(`row.${row.key}.category`)}
                      />
                      {dept && <span className="muted small"> {dept}</span>}
                      {catMsgs.length > 0 && (
                        <span id={`row-${row.key}-cat-msg`} className="msg msg-error small">
                          {catMsgs.map((x) => x.text).join(" ")}
                        </span>
                      )}
                    </td>
                    <td
                      data-label={t.entry.label}
                      className={row.dimension === "otro" ? undefined : "cell-unused"}
                    >
                      {row.dimension === "otro" ? (
                        <input
                          aria-label={`${t.entry.label} ${n}`}
                          value={row.label}
                          onChange={(e) => set(row.key, { label: e.target.value })}
                        />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label={t.entry.amount}>
                      <input
                        aria-label={`${t.entry.amount} ${n}`}
                        inputMode="decimal"
                        className="num"
                        value={row.value}
                        aria-invalid={valMsgs.length > 0 || undefined}
                        aria-describedby={valMsgs.length ? `row-${row.key}-val-msg` : undefined}
                        onChange={(e) => set(row.key, { value: e.target.value })}
                        onBlur={() => onTouch(`row.${row.key}.value`)}
                      />
                      {valMsgs.length > 0 && (
                        <span id={`row-${row.key}-val-msg`} className="msg msg-error small">
                          {valMsgs.map((x) => x.text).join(" ")}
                        </span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-icon"
                        aria-label={t.entry.removeRow(n)}
                        title={t.entry.removeRow(n)}
                        onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {groupMessages.length > 0 && (
        <ul className="field-messages" aria-live="polite">
          {groupMessages.map((x) => (
            <li key={x.text} className={`msg msg-${x.severity}`}>
              <strong>
                {x.severity === "note" ? t.entry.observedField : t.entry.severity[x.severity]}:
              </strong>{" "}
              {x.text}
            </li>
          ))}
        </ul>
      )}
      {!disabled && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...rows, newRow(rows.at(-1)?.dimension ?? "sexo")])}
        >
          + {t.entry.addRow}
        </button>
      )}
    </fieldset>
  );
}

function EvidenceList({ m }: { m: Measurement | null }) {
  const t = useT();
  if (!m || m.evidence.length === 0) return <p className="muted">{t.entry.evidenceEmpty}</p>;
  return (
    <TableWrap label={t.entry.sectionEvidence}>
      <table className="data-table evidence-table stack-on-phone">
        <thead>
          <tr>
            <th scope="col">{t.entry.fileName}</th>
            <th scope="col">{t.entry.size}</th>
            <th scope="col">{t.entry.checksum}</th>
            <th scope="col">{t.entry.uploadedBy}</th>
          </tr>
        </thead>
        <tbody>
          {m.evidence.map((e) => (
            <tr key={e.id}>
              <td>
                <a
                  href={api.evidenceUrl(e.id)}
                  download={e.fileName}
                  aria-label={t.entry.download(e.fileName)}
                >
                  {e.fileName}
                </a>
              </td>
              <td className="num nowrap" data-label={t.entry.size}>
                {formatBytes(e.sizeBytes, t.locale)}
              </td>
              <td data-label={t.entry.checksum}>
                <code className="hash" title={e.sha256}>
                  {e.sha256.slice(0, 16)}…
                </code>
              </td>
              <td data-label={t.entry.uploadedBy}>
                <ActorName id={e.uploadedBy} user={e.uploadedByUser} />
                <br />
                <span className="muted small">{formatDateTime(e.uploadedAt, t.locale)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ObservationList({ m }: { m: Measurement }) {
  const t = useT();
  return (
    <section className="observations" aria-labelledby="obs-title">
      <h2 id="obs-title">{t.entry.sectionObservations}</h2>
      {m.observations.length === 0 ? (
        <p className="muted">{t.entry.observationsEmpty}</p>
      ) : (
        <ul className="observation-list">
          {[...m.observations].reverse().map((o) => (
            <li key={o.id} className={`observation observation-${o.kind}`}>
              <p className="observation-meta">
                <strong>{t.entry.fields[o.field ?? ""] ?? (o.field || t.entry.general)}</strong>
                {" · "}
                <ActorName id={o.author} user={o.authorUser} /> ·{" "}
                {formatDateTime(o.createdAt, t.locale)}
              </p>
              <p>{o.comment}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryTable({ m }: { m: Measurement }) {
  const t = useT();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t.entry.sectionHistory}</h2>
      <TableWrap label={t.entry.sectionHistory}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.entry.historyRevision}</th>
              <th scope="col">{t.entry.status}</th>
              <th scope="col">{t.entry.historyValue}</th>
              <th scope="col">{t.entry.historyReason}</th>
              <th scope="col">{t.entry.historyBy}</th>
              <th scope="col">{t.entry.historyAt}</th>
            </tr>
          </thead>
          <tbody>
            {m.history.map((h) => (
              <tr key={`${h.revision}-${h.createdAt}`}>
                <td className="num">{h.revision}</td>
                <td>
                  <StatusBadge status={h.status} />
                </td>
                <td className="num">{formatNumber(h.value, t.locale, 4)}</td>
                <td>{h.correctionReason ?? "—"}</td>
                <td>
                  <ActorName id={h.createdBy} user={h.createdByUser} />
                </td>
                <td className="nowrap">{formatDateTime(h.createdAt, t.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/** A validated value is locked; a correction is a new revision with a written reason. */
function CorrectionPanel({
  m,
  body,
}: {
  m: Measurement;
  body: ReturnType<typeof checkForm>["body"];
}) {
  const t = useT();
  const { policy } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const short = reason.trim().length < 10;

  async function create() {
    if (!body || short) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.createMeasurement(policy, m.indicator.code, {
        ...body,
        year: m.year,
        period: m.period,
        reportedForEntity: m.reportedForEntity,
        correctionReason: reason.trim(),
      });
      navigate(`/mediciones/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section className="correction card" aria-labelledby="correction-title">
      <h2 id="correction-title">{t.entry.correctionTitle}</h2>
      {!open ? (
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t.entry.correction}
        </button>
      ) : (
        <>
          {error !== null && <ErrorBox error={error} />}
          <Field
            id="correction-reason"
            label={t.entry.correctionReason}
            help={t.entry.correctionHelp}
            required
            messages={
              reason !== "" && short ? [{ severity: "error", text: t.entry.correctionShort }] : []
            }
          >
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button
              type="button"
              className="button-primary"
              disabled={busy || short}
              onClick={() => void create()}
            >
              {t.entry.correctionCreate}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
              {t.app.cancel}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
