import { useMemo } from "react";
import type { RuleFinding } from "../../../shared/validation/measurement-rules.ts";
import { canSubmit } from "../../../shared/validation/measurement-rules.ts";
import type { Measurement } from "../../api-client.ts";
import { type FormCheck, type FormState, formMessages } from "./measurement-form.ts";

/**
 * Every message the editor shows, next to its field and in the summary, and whether the value
 * may be submitted: from what was typed, the saved value's findings, the server's 422 answer
 * and the reviewer's observations.
 */
export function useFormMessages({
  m,
  form,
  dirty,
  editable,
  check,
  serverIssues,
  attempted,
  touched,
}: {
  m: Measurement | null;
  form: FormState;
  dirty: boolean;
  editable: boolean;
  check: FormCheck;
  serverIssues: RuleFinding[];
  attempted: boolean;
  touched: ReadonlySet<string>;
}) {
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
  const submittable = check.canSave && canSubmit(allFindings, form.justification.trim() || null);

  // Messages next to each field and in the summary, once each: typing problems, rule findings,
  // the server's 422 issues and the reviewer's observations of the current round.
  const {
    byField: messages,
    summary,
    pending,
  } = useMemo(() => {
    const since = m?.submittedAt ?? "";
    const notes =
      m && (m.status === "observado" || editable)
        ? m.observations
            .filter((o) => o.kind === "observacion" && o.field && o.createdAt >= since)
            .map((o) => ({ field: o.field ?? "general", text: o.comment }))
        : [];
    return formMessages({
      editable,
      inputErrors: check.inputErrors,
      findings: allFindings,
      attempted,
      touched,
      notes,
    });
  }, [editable, check, allFindings, m, attempted, touched]);

  const errors = summary.filter((f) => f.severity === "error").length;
  const warnings = summary.filter((f) => f.severity === "warning").length;

  return { messages, summary, pending, submittable, errors, warnings };
}
