import type { ChangeEvent } from "react";
import { api, type Measurement } from "../../api-client.ts";
import { ActorName, TableWrap } from "../../components/ui.tsx";
import { formatBytes, formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { ACCEPT, MAX_EVIDENCE_MB } from "./evidence-file.ts";
import { FieldMessageList } from "./FieldMessageList.tsx";
import type { FieldMessage } from "./measurement-form.ts";

/** The files attached to the value, and the picker that adds more while it is editable. */
export function EvidencePanel({
  m,
  messages,
  editable,
  disabled,
  onFiles,
}: {
  m: Measurement | null;
  messages: FieldMessage[];
  editable: boolean;
  disabled: boolean;
  onFiles(files: File[]): Promise<void>;
}) {
  const t = useT();
  function pick(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []);
    // Cleared at once so picking the same file again (after a refusal) still fires.
    input.value = "";
    void onFiles(files);
  }
  return (
    <section className="evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t("entry.sectionEvidence")}</h2>
      <FieldMessageList messages={messages} />
      <EvidenceList m={m} />
      {editable && (
        <div className="field">
          <label htmlFor="m-evidence">{t("entry.evidenceInput")}</label>
          <p className="help" id="m-evidence-help">
            {t("entry.evidenceHelp", { mb: MAX_EVIDENCE_MB })}
          </p>
          <input
            id="m-evidence"
            type="file"
            multiple
            accept={ACCEPT}
            aria-describedby="m-evidence-help"
            disabled={disabled}
            onChange={pick}
          />
        </div>
      )}
    </section>
  );
}

function EvidenceList({ m }: { m: Measurement | null }) {
  const t = useT();
  if (!m || m.evidence.length === 0) return <p className="muted">{t("entry.evidenceEmpty")}</p>;
  return (
    <TableWrap label={t("entry.sectionEvidence")}>
      <table className="data-table evidence-table stack-on-phone">
        <thead>
          <tr>
            <th scope="col">{t("entry.fileName")}</th>
            <th scope="col">{t("entry.size")}</th>
            <th scope="col">{t("entry.checksum")}</th>
            <th scope="col">{t("entry.uploadedBy")}</th>
          </tr>
        </thead>
        <tbody>
          {m.evidence.map((e) => (
            <tr key={e.id}>
              <td>
                <a
                  href={api.evidenceUrl(e.id)}
                  download={e.fileName}
                  aria-label={t("entry.download", { name: e.fileName })}
                >
                  {e.fileName}
                </a>
              </td>
              <td className="num nowrap" data-label={t("entry.size")}>
                {formatBytes(e.sizeBytes, t("locale"))}
              </td>
              <td data-label={t("entry.checksum")}>
                <code className="hash" title={e.sha256}>
                  {e.sha256.slice(0, 16)}…
                </code>
              </td>
              <td data-label={t("entry.uploadedBy")}>
                <ActorName id={e.uploadedBy} user={e.uploadedByUser} />
                <br />
                <span className="muted small">{formatDateTime(e.uploadedAt, t("locale"))}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
