import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { civilSocietyContract as c } from "../../../shared/contracts/civil-society.contract.ts";
import type { ContractResponse } from "../../../shared/contracts/contract.ts";
import { call } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import { ContributionsTable } from "./ContributionsTable.tsx";
import { civilQueries } from "./civil-queries.ts";

/**
 * /sociedad-civil — an accredited organisation's page (role sociedad_civil): publish an
 * alternative value of an indicator-year (value, method, source, evidence files, comment,
 * optionally an access-to-information request it cites) or an assessment of a service, under
 * the organisation's own name; and the list of what it published, removed ones with the
 * moderator's reason. The official value is never changed: the public page shows both.
 */
export function CivilSocietyPage() {
  const t = useT();
  const { policy } = useSession();
  const workspace = useQuery(civilQueries.workspace(policy));
  return (
    <>
      <PageTitle text={t("civil.pageTitle")}>{t("civil.pageTitle")}</PageTitle>
      <p className="lead">{t("civil.pageIntro")}</p>
      {workspace.error ? (
        <ErrorBox error={workspace.error} onRetry={() => void workspace.refetch()} />
      ) : !workspace.data ? (
        <Loading />
      ) : (
        <>
          <p>
            {t("civil.publishingAs", { name: workspace.data.organization.name })}
            {workspace.data.organization.isDemo && ` (${t("civil.demo")})`}
          </p>
          <PublishForm workspace={workspace.data} policy={policy} />
          <section className="card" aria-labelledby="civil-own-title">
            <h2 id="civil-own-title">{t("civil.ownTitle")}</h2>
            {workspace.data.contributions.length === 0 ? (
              <p className="empty">{t("civil.none")}</p>
            ) : (
              <ContributionsTable
                contributions={workspace.data.contributions}
                caption={t("civil.ownCaption")}
              />
            )}
          </section>
        </>
      )}
    </>
  );
}

type Workspace = ContractResponse<typeof c.workspace>;

function PublishForm({ workspace, policy }: { workspace: Workspace; policy: string }) {
  const t = useT();
  const [kind, setKind] = useState<"valor_alternativo" | "valoracion_servicio">(
    "valor_alternativo",
  );
  const [target, setTarget] = useState("");
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [value, setValue] = useState("");
  const [method, setMethod] = useState("");
  const [assessment, setAssessment] = useState("");
  const [source, setSource] = useState("");
  const [comment, setComment] = useState("");
  const [request, setRequest] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  // A file input cannot be emptied through its value: a new key gives a fresh one.
  const [fileInput, setFileInput] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const targets = kind === "valor_alternativo" ? workspace.indicators : workspace.services;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    const common = {
      policy,
      year: Number(year),
      source,
      ...(comment.trim() ? { comment } : {}),
      ...(request ? { accessRequestId: Number(request) } : {}),
    };
    const contribution =
      kind === "valor_alternativo"
        ? { kind, indicator: target, value: Number(value.replace(",", ".")), method, ...common }
        : { kind, service: target, assessment, ...common };
    const form = new FormData();
    form.set("contribution", JSON.stringify(contribution));
    for (const f of files) form.append("file", f);
    setBusy(true);
    try {
      await call(c.publish, { form });
      setDone(true);
      setValue("");
      setMethod("");
      setAssessment("");
      setComment("");
      setFiles([]);
      setFileInput((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="civil-form-title">
      <h2 id="civil-form-title">{t("civil.formTitle")}</h2>
      {done && <Notice kind="success">{t("civil.published")}</Notice>}
      {error !== null && <ErrorBox error={error} />}
      <form onSubmit={onSubmit} className="form-grid">
        <Field id="civil-kind" label={t("civil.kind")}>
          {(aria) => (
            <select
              {...aria}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as typeof kind);
                setTarget("");
              }}
            >
              <option value="valor_alternativo">{t("civil.kinds.valor_alternativo")}</option>
              <option value="valoracion_servicio">{t("civil.kinds.valoracion_servicio")}</option>
            </select>
          )}
        </Field>
        <Field
          id="civil-target"
          label={kind === "valor_alternativo" ? t("civil.indicator") : t("civil.service")}
          required
        >
          {(aria) => (
            <select {...aria} value={target} onChange={(e) => setTarget(e.target.value)} required>
              <option value="">{t("civil.choose")}</option>
              {targets.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.code} — {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="civil-year" label={t("civil.year")} required>
          {(aria) => (
            <input
              {...aria}
              type="number"
              value={year}
              onChange={(e) => setYear(e.target.value)}
              required
            />
          )}
        </Field>
        {kind === "valor_alternativo" ? (
          <>
            <Field id="civil-value" label={t("civil.value")} required>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  required
                />
              )}
            </Field>
            <Field id="civil-method" label={t("civil.method")} required>
              {(aria) => (
                <textarea
                  {...aria}
                  rows={2}
                  value={method}
                  onChange={(e) => setMethod(e.target.value)}
                  required
                />
              )}
            </Field>
          </>
        ) : (
          <Field id="civil-assessment" label={t("civil.assessment")} required>
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={assessment}
                onChange={(e) => setAssessment(e.target.value)}
                required
              />
            )}
          </Field>
        )}
        <Field id="civil-source" label={t("civil.source")} required>
          {(aria) => (
            <input {...aria} value={source} onChange={(e) => setSource(e.target.value)} required />
          )}
        </Field>
        <Field id="civil-request" label={t("civil.request")} help={t("civil.requestHelp")}>
          {(aria) => (
            <select {...aria} value={request} onChange={(e) => setRequest(e.target.value)}>
              <option value="">{t("civil.noRequest")}</option>
              {workspace.accessRequests.map((r) => (
                <option key={r.id} value={r.id}>
                  n.º {r.id} — {r.entity} ({r.sentOn}) · {r.requester}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="civil-comment" label={t("civil.comment")}>
          {(aria) => (
            <textarea
              {...aria}
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </Field>
        <Field id="civil-files" label={t("civil.files")} help={t("civil.filesHelp")}>
          {(aria) => (
            <input
              {...aria}
              key={fileInput}
              type="file"
              multiple
              accept=".pdf,.xlsx,.docx,.png,.jpg,.jpeg"
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
          )}
        </Field>
        <p className="muted">{t("civil.officialNeverChanged")}</p>
        <button type="submit" className="primary" disabled={busy}>
          {t("civil.publish")}
        </button>
      </form>
    </section>
  );
}
