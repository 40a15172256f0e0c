import { type CSSProperties, type ReactNode, useEffect, useRef } from "react";
import { Link } from "wouter";
import { type CeplanLevel, LEVEL_COLOURS } from "../../shared/ceplan-formulas.ts";
import type { ActorUser } from "../../shared/schemas/common.schema.ts";
import { ApiError } from "../api-client.ts";
import { formatProgress } from "../format.ts";
import type { Messages } from "../i18n/es.ts";
import type { TFunction } from "../i18n/i18n.ts";
import { useI18n, useT } from "../i18n/index.tsx";

/** The user-facing text of a failure: the server's Spanish message when there is one. */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === "network") return t("errors.network");
    if (error.code === "bad_response") return t("errors.badResponse");
    if (error.status === 429) return error.message || t("errors.tooMany");
    // A value changed by someone else: the page reloads it, and says so. Other conflicts (a
    // duplicate file, a value already in progress) carry their own message.
    if (error.status === 409 && (!error.message || !error.key || error.key === "measurement.stale"))
      return t("errors.stale");
    if (error.message) return error.message;
    if (error.status === 401) return t("errors.unauthorized");
    if (error.status === 403) return t("errors.forbidden");
    if (error.status === 404) return t("errors.notFound");
  }
  return t("errors.generic");
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error, t)}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path && <code>{issue.path}</code>} {issue.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  );
}

/** A page that cannot be shown (out of scope, not found): a heading, the reason, a way back. */
export function PageError({
  error,
  back,
}: {
  error: unknown;
  back: { to: string; label: string };
}) {
  const t = useT();
  return (
    <>
      <PageTitle text={t("errors.pageTitle")}>{t("errors.pageTitle")}</PageTitle>
      <ErrorBox error={error} />
      <p>
        <Link to={back.to}>← {back.label}</Link>
      </p>
    </>
  );
}

export function Notice({
  kind = "info",
  children,
}: {
  kind?: "info" | "success" | "warning";
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t("app.loading")}
    </p>
  );
}

/** Page heading that also names the browser tab and takes focus after navigation. */
export function PageTitle({ children, text }: { children: ReactNode; text: string }) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${text} · ${t("app.name")}`;
    ref.current?.focus({ preventScroll: true });
  }, [text, t]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

const ND_COLOUR = "#5F6368";

/**
 * CEPLAN traffic light: the colour AND the word, so colour is never the only cue. Small badges
 * put dark text on a tint with a bar of the level colour (the amber gives only 4.2:1 with white
 * text); the large índice badge keeps white on the full colour, large bold text (≥ 3:1).
 */
export function LevelBadge({
  level,
  progress,
  large = false,
}: {
  level: CeplanLevel | "ND";
  progress?: number | "ND";
  large?: boolean;
}) {
  const { t } = useI18n();
  const colour = level === "ND" ? ND_COLOUR : LEVEL_COLOURS[level];
  return (
    <span
      className={`level-badge${large ? " level-badge-large" : ""}`}
      style={{ "--level": colour } as CSSProperties}
      data-level={level}
    >
      {progress !== undefined && (
        <span className="level-figure">{formatProgress(progress, t("locale"))}</span>
      )}
      {/* "ND ND" says nothing twice: an unavailable figure carries no level word. */}
      {(level !== "ND" || progress === undefined) && (
        <span className="level-word">{t(`levels.${level}`)}</span>
      )}
    </span>
  );
}

export function StatusBadge({ status }: { status: keyof Messages["status"] }) {
  const t = useT();
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/**
 * Who did something: the account's name (and e-mail, which the server sends to administrators
 * only). The recorded id is the provenance: a tooltip, shown beside the name with `showId`,
 * and shown alone when it is not an account (system, CLI).
 */
export function ActorName({
  id,
  user,
  showId = false,
}: {
  id: string;
  user: ActorUser | null;
  showId?: boolean;
}) {
  if (!user) return <code className="actor-id">{id}</code>;
  return (
    <span className="actor" title={id}>
      {user.name}
      {user.email && <span className="muted small"> · {user.email}</span>}
      {showId && <code className="actor-id muted small"> {id}</code>}
    </span>
  );
}

/** A horizontally scrollable, keyboard-focusable container for wide tables on phones. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

export interface FieldAria {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

/** Label, control, help text and the messages about this field, wired for screen readers. */
export function Field({
  id,
  label,
  help,
  messages = [],
  required,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  messages?: readonly { severity: "error" | "warning" | "note"; text: string }[];
  required?: boolean;
  children: (aria: FieldAria) => ReactNode;
  className?: string;
}) {
  const t = useT();
  const helpId = help ? `${id}-help` : undefined;
  const msgId = messages.length ? `${id}-msg` : undefined;
  const describedBy = [helpId, msgId].filter(Boolean).join(" ") || undefined;
  const hasError = messages.some((m) => m.severity === "error");
  return (
    <div className={`field${hasError ? " field-error" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {help && (
        <p className="help" id={helpId}>
          {help}
        </p>
      )}
      {children({ id, "aria-describedby": describedBy, "aria-invalid": hasError || undefined })}
      {messages.length > 0 && (
        <ul className="field-messages" id={msgId}>
          {messages.map((m) => (
            <li key={`${m.severity}:${m.text}`} className={`msg msg-${m.severity}`}>
              <strong>
                {m.severity === "note"
                  ? t("entry.observedField")
                  : t(`entry.severity.${m.severity}`)}
                :
              </strong>{" "}
              {m.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
