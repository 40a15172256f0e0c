import { type FormEvent, useState } from "react";
import { PasswordChangeSchema } from "../../shared/contracts/auth.contract.ts";
import { ErrorBox, Field, Notice, PageTitle } from "../components/ui.tsx";
import { useT } from "../i18n/index.tsx";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";

/**
 * /cuenta/contrasena — the signed-in user replaces its password with the current one. A session
 * whose password was issued by someone else (a reset, a demo account) is sent here from every
 * page until it does (App.tsx), as the server refuses everything else meanwhile.
 */
export function ChangePasswordPage() {
  const t = useT();
  const { session, changePassword } = useSession();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const forced = session?.user.mustChangePassword ?? false;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    const parsed = PasswordChangeSchema.safeParse({ currentPassword, newPassword });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setIssues(next);
      return;
    }
    setIssues({});
    setBusy(true);
    try {
      await changePassword(parsed.data.currentPassword, parsed.data.newPassword);
      setCurrent("");
      setNew("");
      setDone(true);
      if (forced) navigate("/", { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const msg = (k: string) =>
    issues[k] ? [{ severity: "error" as const, text: issues[k] as string }] : [];

  return (
    <div className="login-page">
      <div className="card login-card">
        <PageTitle text={t("password.title")}>{t("password.title")}</PageTitle>
        {forced && <Notice kind="warning">{t("password.mustChange")}</Notice>}
        {done && <Notice kind="success">{t("password.done")}</Notice>}
        {error !== null && <ErrorBox error={error} />}
        <form onSubmit={onSubmit} noValidate>
          <Field
            id="pw-current"
            label={t("password.current")}
            messages={msg("currentPassword")}
            required
          >
            {(aria) => (
              <input
                {...aria}
                type="password"
                autoComplete="current-password"
                value={currentPassword}
                onChange={(e) => setCurrent(e.target.value)}
              />
            )}
          </Field>
          <Field
            id="pw-new"
            label={t("password.new")}
            help={t("password.help")}
            messages={msg("newPassword")}
            required
          >
            {(aria) => (
              <input
                {...aria}
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={(e) => setNew(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button-primary" disabled={busy}>
            {t("password.submit")}
          </button>
        </form>
      </div>
    </div>
  );
}
