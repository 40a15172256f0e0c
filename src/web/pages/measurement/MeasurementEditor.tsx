import { Link } from "wouter";
import { canTransition } from "../../../shared/workflow/measurement-status.ts";
import type { Measurement, Task } from "../../api-client.ts";
import { ErrorBox, Notice, PageTitle } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import { ChecksPanel } from "./ChecksPanel.tsx";
import { CorrectionPanel } from "./CorrectionPanel.tsx";
import { DisaggregationsEditor } from "./DisaggregationsEditor.tsx";
import { EntryActions } from "./EntryActions.tsx";
import { EntryContextPanel } from "./EntryContextPanel.tsx";
import { NarrativeFieldset, ValueFieldset } from "./EntryFields.tsx";
import { EvidencePanel } from "./EvidencePanel.tsx";
import { HistoryPanel } from "./HistoryPanel.tsx";
import { MeasurementFacts } from "./MeasurementFacts.tsx";
import { ObservationList } from "./ObservationList.tsx";
import { ReviewPanel } from "./ReviewPanel.tsx";
import type { NewMeasurementKey } from "./use-measurement-context.ts";
import { useMeasurementEditor } from "./use-measurement-editor.ts";

/** One value's page: its facts, the entry form, then correction, review, observations, history. */
export function MeasurementEditor({
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
  const { can } = useSession();
  const editor = useMeasurementEditor({ initial, task, fresh });
  const { m, form, busy, editable, closedForMe, messages, update, touch } = editor;
  const msgs = (key: string) => messages.get(key) ?? [];
  const locked = !editable || busy !== null;
  const periodLabel = t("entry.period", {
    year: editor.year,
    period: t(`periods.${editor.period}`),
  });

  return (
    <article className="measurement-page" data-status={editor.status}>
      <p className="breadcrumb">
        <Link to={can("measurement.review") ? "/revision" : "/tareas"}>
          ← {can("measurement.review") ? t("review.title") : t("entry.back")}
        </Link>
      </p>
      <PageTitle text={title}>
        {title}
        <span className="subtitle">{editor.indicator.name}</span>
      </PageTitle>
      <MeasurementFacts
        m={m}
        year={editor.year}
        period={editor.period}
        entity={m?.reportedForEntity ?? fresh?.entity ?? null}
        ruleContext={editor.ruleContext}
      />
      <EntryContextPanel
        indicator={editor.indicator.code}
        year={editor.year}
        period={editor.period}
        figures={editor.check.body}
      />

      <div ref={editor.noticeRef} tabIndex={-1} className="notice-anchor">
        {editor.notice && <Notice kind="success">{editor.notice}</Notice>}
        {editor.error !== null && <ErrorBox error={editor.error} />}
      </div>

      {closedForMe && (m === null || canTransition(m.status, "edit")) ? (
        <Notice kind="info">{t("entry.periodClosed", { period: periodLabel })}</Notice>
      ) : null}
      {!editable && m && !(closedForMe && canTransition(m.status, "edit")) && (
        <Notice kind="info">
          {m.status === "enviado"
            ? t("entry.readOnly.enviado")
            : m.status === "validado"
              ? t("entry.readOnly.validado")
              : t("entry.readOnly.noPermission")}
        </Notice>
      )}

      {m && m.status === "observado" && <ObservationList m={m} />}

      <form
        className="entry-form"
        onSubmit={(e) => {
          e.preventDefault();
          void editor.onSave();
        }}
        noValidate
      >
        <ValueFieldset
          form={form}
          disabled={locked}
          editable={editable}
          unit={editor.indicator.unit}
          msgs={msgs}
          update={update}
          touch={touch}
        />
        <DisaggregationsEditor
          rows={form.rows}
          onTouch={touch}
          disabled={locked}
          onChange={(rows) => update("rows", rows)}
          messages={messages}
        />
        <NarrativeFieldset form={form} disabled={locked} msgs={msgs} update={update} />
        <EvidencePanel
          m={m}
          messages={msgs("evidence")}
          editable={editable}
          disabled={busy !== null}
          onFiles={editor.onFiles}
        />
        <ChecksPanel
          summary={editor.summary}
          pending={editor.pending}
          errors={editor.errors}
          warnings={editor.warnings}
          needsJustification={editor.needsJustification}
          editable={editable}
          disabled={busy !== null}
          form={form}
          savedJustification={m?.justification ?? null}
          justificationMessages={msgs("justification")}
          onJustification={(text) => update("justification", text)}
        />
        {editable && <EntryActions editor={editor} />}
      </form>

      {m && m.status === "validado" && can("measurement.report") && (
        <CorrectionPanel m={m} body={editor.check.body} />
      )}
      {m && <ReviewPanel m={m} onChange={(next, message) => editor.load(next, message)} />}
      {m && m.status !== "observado" && m.observations.length > 0 && <ObservationList m={m} />}
      {m && <HistoryPanel m={m} />}
    </article>
  );
}
