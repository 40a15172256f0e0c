import { useEffect, useMemo, useRef, useState } from "react";
import type { RuleFinding } from "../../../shared/validation/measurement-rules.ts";
import { ApiError, api, type Measurement, type Task } from "../../api-client.ts";
import { errorText } from "../../components/ui.tsx";
import { type Flash, setFlash, takeFlash } from "../../flash.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useLeaveConfirmation } from "../../navigation.ts";
import { isNetworkError } from "../../offline/offline-data.ts";
import { addFiles, findQueued, removeItem, saveToQueue } from "../../offline/queue.ts";
import type { QueueItem } from "../../offline/store.ts";
import { useSession } from "../../session.tsx";
import { fileProblem } from "./evidence-file.ts";
import { checkForm, EMPTY_FORM, type FormState, formFromMeasurement } from "./measurement-form.ts";
import { useFormMessages } from "./use-form-messages.ts";
import { type NewMeasurementKey, useMeasurementContext } from "./use-measurement-context.ts";

export type Busy = null | "save" | "submit" | "upload" | "correct";

/** Conflicts where the value changed under the person: the form reloads the current version. */
const STALE_KEYS = new Set(["measurement.stale", "measurement.state"]);

/**
 * The editor's state and actions for one value: the form and whether it is dirty, the version
 * it edits (lockVersion), what the rules say, and save / submit / upload. Either `initial` (a
 * saved value) or `task` + `fresh` (a value not created yet) is given.
 */
export function useMeasurementEditor({
  initial,
  task,
  fresh,
}: {
  initial: Measurement | null;
  task: Task | null;
  fresh: NewMeasurementKey | null;
}) {
  const t = useT();
  const { policy, session } = useSession();
  const userId = session?.user.id ?? null;
  const [m, setM] = useState<Measurement | null>(initial);
  // What this device holds for the value, not yet sent (ADR 0024).
  const [queued, setQueued] = useState<QueueItem | null>(null);
  const [form, setForm] = useState<FormState>(() =>
    initial ? formFromMeasurement(initial) : EMPTY_FORM,
  );
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
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

  const { indicator, year, period, status, closedForMe, editable, ruleContext } =
    useMeasurementContext({ m, task, fresh });

  const check = useMemo(() => checkForm(form, ruleContext, t), [form, ruleContext, t]);

  // A value queued on this device opens as it was left there, not as the server last had it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per value and user
  useEffect(() => {
    if (userId === null || !indicator.code) return;
    let live = true;
    void findQueued(userId, {
      measurementId: m?.id ?? null,
      indicator: indicator.code,
      year,
      period,
    })
      .then((item) => {
        if (!live || !item) return;
        setQueued(item);
        setForm(item.form);
        setAttempted(true);
        setNotice(t("offline.restored"));
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [userId, m?.id, indicator.code, year, period]);

  /**
   * No connection: the value goes to this device's queue, checked by the same rules, with the
   * version it edits; it is sent when the connection returns.
   */
  async function saveOffline(wanted: "borrador" | "listo"): Promise<QueueItem | null> {
    if (userId === null || !check.body) return null;
    const item = await saveToQueue(
      {
        userId,
        policy,
        indicator: indicator.code,
        indicatorName: indicator.name,
        year,
        period,
        entity: m?.reportedForEntity ?? fresh?.entity ?? null,
        measurementId: m?.id ?? null,
        lockVersion: m?.lockVersion ?? null,
        form,
        body: { ...check.body, justification: form.justification.trim() || null },
        context: ruleContext,
      },
      wanted,
    );
    setQueued(item);
    setDirty(false);
    setError(null);
    setNotice(t(wanted === "listo" ? "offline.queuedReady" : "offline.queuedDraft"));
    setTimeout(() => noticeRef.current?.focus(), 0);
    return item;
  }

  /** Saved online: what the device held for the value is superseded. */
  function dropQueued() {
    if (queued) void removeItem(queued.id);
    setQueued(null);
  }

  // Leaving with unsaved changes asks first: a link or back inside the app, a reload.
  useLeaveConfirmation(dirty, t("entry.leaveConfirm"));

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
    navigate(`/mediciones/${id}`, { replace: true, force: true });
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
    // A 422's findings are shown next to their fields and in the summary: the error box
    // says only why the action failed, so each problem is written once.
    setError(
      err instanceof ApiError && err.status === 422
        ? new ApiError(err.status, err.code, err.message, [], err.key)
        : err,
    );
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
    // Only a value changed by someone else is reloaded; other refusals (a duplicate file, a
    // value already in progress) keep what the person typed.
    if (err instanceof ApiError && err.status === 409 && m && (!err.key || STALE_KEYS.has(err.key)))
      void reloadAfterConflict(m.id);
  }

  /** The body that creates this value, from what the form holds. */
  function createBody() {
    if (!check.body || !fresh) return null;
    return {
      ...check.body,
      year: fresh.year,
      period: fresh.period,
      ...(fresh.entity ? { reportedForEntity: fresh.entity } : {}),
    };
  }

  /** Creates the measurement (first save) or saves the edits; returns the saved state. */
  async function persist(): Promise<Measurement | null> {
    if (!check.body) return null;
    if (m === null) {
      const body = createBody();
      if (!fresh || !body) return null;
      return api.createMeasurement(policy, fresh.indicator, body);
    }
    if (!dirty) return m;
    return api.updateMeasurement(m.id, { ...check.body, lockVersion: m.lockVersion });
  }

  async function onSave() {
    setAttempted(true);
    setError(null);
    if (!navigator.onLine) {
      await saveOffline("borrador");
      return;
    }
    setBusy("save");
    try {
      const saved = await persist();
      if (saved) dropQueued();
      if (saved && m === null)
        return goToCreated(saved.id, { kind: "success", text: t("entry.saved") });
      if (saved) load(saved, t("entry.saved"));
    } catch (err) {
      if (isNetworkError(err)) await saveOffline("borrador");
      else handleFailure(err);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    setAttempted(true);
    setError(null);
    if (!navigator.onLine) {
      await saveOffline("listo");
      return;
    }
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
      dropQueued();
      if (created)
        return goToCreated(submitted.id, { kind: "success", text: t("entry.submitted") });
      load(submitted, t("entry.submitted"));
    } catch (err) {
      // The value was created but not submitted: show it, with the reason, at its own address.
      if (created) return goToCreated(created.id, { kind: "error", text: errorText(err, t) });
      if (isNetworkError(err)) await saveOffline("listo");
      else handleFailure(err);
    } finally {
      setBusy(null);
    }
  }

  async function onFiles(files: File[]) {
    if (files.length === 0) return;
    setError(null);
    setNotice(null);
    // Type and size are checked here first: a refused file never reaches the server.
    const problem = files.map((f) => fileProblem(f, t)).find((x) => x !== null);
    if (problem) {
      setError(new ApiError(0, "invalid", problem));
      return;
    }
    if (!navigator.onLine) {
      // Offline the files wait on this device with the value, uploaded after it is sent.
      if (!check.body) {
        setAttempted(true);
        setError(new ApiError(0, "invalid", t("entry.evidenceNeedsValidForm")));
        return;
      }
      const item = await saveOffline(queued?.wanted ?? "borrador");
      if (item) {
        await addFiles(item, files);
        setNotice(t("offline.filesQueued", { names: files.map((f) => f.name).join(", ") }));
      }
      return;
    }
    const body = m === null ? createBody() : null;
    if (m === null && (!fresh || !body)) {
      setAttempted(true);
      setError(new ApiError(0, "invalid", t("entry.evidenceNeedsValidForm")));
      return;
    }
    setBusy("upload");
    let created: Measurement | null = null;
    const done: string[] = [];
    try {
      for (const file of files) {
        setNotice(t("entry.evidenceUploading", { name: file.name }));
        const target = m ?? created;
        if (target) await api.uploadEvidence(target.id, file);
        else if (fresh && body)
          // A value not saved yet: the draft and its first file are written together or not
          // at all, so a refused file leaves this form exactly as it is.
          created = await api.createMeasurementWithEvidence(policy, fresh.indicator, body, file);
        done.push(t("entry.evidenceUploaded", { name: file.name }));
      }
      if (created) return goToCreated(created.id, { kind: "success", text: done.join(" ") });
      if (m) await refreshEvidence(m.id);
      setNotice(done.join(" "));
    } catch (err) {
      // Saved with some of its files: show it at its own address, with the refusal.
      if (created) return goToCreated(created.id, { kind: "error", text: errorText(err, t) });
      setNotice(done.length ? done.join(" ") : null);
      if (m && done.length) await refreshEvidence(m.id).catch(() => {});
      handleFailure(err);
    } finally {
      setBusy(null);
    }
  }

  /**
   * Shows the files just attached. Only the evidence list is taken from the server: the form
   * and the version it edits stay as they are, so unsaved typing is kept and a later save
   * still detects someone else's change.
   */
  async function refreshEvidence(id: number) {
    const current = await api.measurement(id);
    setM((prev) => (prev ? { ...prev, evidence: current.evidence } : prev));
  }

  const { messages, summary, pending, submittable, errors, warnings } = useFormMessages({
    m,
    form,
    dirty,
    editable,
    check,
    serverIssues,
    attempted,
    touched,
  });

  return {
    m,
    queued,
    form,
    dirty,
    busy,
    error,
    notice,
    noticeRef,
    indicator,
    year,
    period,
    status,
    closedForMe,
    editable,
    ruleContext,
    check,
    submittable,
    messages,
    summary,
    pending,
    errors,
    warnings,
    needsJustification: warnings > 0,
    update,
    touch,
    load,
    onSave,
    onSubmit,
    onFiles,
  };
}

export type MeasurementEditorState = ReturnType<typeof useMeasurementEditor>;
