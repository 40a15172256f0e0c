import { MIN_JUSTIFICATION_LENGTH } from "../../../shared/limits.ts";
import { useT } from "../../i18n/index.tsx";
import type { MeasurementEditorState } from "./use-measurement-editor.ts";

/** Save draft and submit, with why submitting is not possible yet and an unsaved-changes note. */
export function EntryActions({
  editor: { m, busy, dirty, check, submittable, needsJustification, errors, onSubmit },
}: {
  editor: MeasurementEditorState;
}) {
  const t = useT();
  return (
    <div className="actions sticky-actions">
      <button
        type="submit"
        className="button-secondary"
        disabled={busy !== null || !check.canSave || (m !== null && !dirty)}
      >
        {busy === "save" ? t("entry.saving") : t("entry.saveDraft")}
      </button>
      <button
        type="button"
        className="button-primary"
        disabled={busy !== null || !submittable}
        aria-describedby={!submittable ? "submit-why" : undefined}
        onClick={() => void onSubmit()}
      >
        {busy === "submit" ? t("entry.submitting") : t("entry.submit")}
      </button>
      {!submittable && (
        <p id="submit-why" className="help">
          {check.canSave && needsJustification && errors === 0
            ? t("entry.justificationMissing", { min: MIN_JUSTIFICATION_LENGTH })
            : t("entry.submitBlocked")}
        </p>
      )}
      {dirty && <p className="help unsaved">{t("entry.unsaved")}</p>}
    </div>
  );
}
