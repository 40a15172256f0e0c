import { type FormEvent, useState } from "react";
import { RecoveryCodesRenewSchema } from "../../shared/contracts/auth.contract.ts";
import { api } from "../api-client.ts";
import { ErrorBox, Field, Notice, PageTitle } from "../components/ui.tsx";
import { useT } from "../i18n/index.tsx";
import { useSession } from "../session.tsx";

/**
 * /cuenta/codigos-recuperacion — an account with an authenticator renews its ten recovery
 * codes (ADR 0041): a current code from the app, or the password, proves the owner is at the
 * keyboard. The earlier codes stop working; the new ones are shown once, on this page only.
 */
export function RecoveryCodesPage() {
  const t = useT();
  const { session } = useSession();
  const [proof, setProof] = useState<"code" | "password">("code");
  const [value, setValue] = useState("");
  const [issue, setIssue] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = RecoveryCodesRenewSchema.safeParse(
      proof === "code" ? { code: value } : { password: value },
    );
    if (!parsed.success) {
      setIssue(parsed.error.issues[0]?.message ?? null);
      return;
    }
    setIssue(null);
    setBusy(true);
    try {
      setCodes((await api.mfaRecoveryCodes(parsed.data)).recoveryCodes);
    } catch (err) {
      setError(err);
    } finally {
      setValue("");
      setBusy(false);
    }
  }

  if (!session?.user.mfaEnrolled)
    return (
      <div className="login-page">
        <div className="card login-card">
          <PageTitle text={t("recoveryCodes.title")}>{t("recoveryCodes.title")}</PageTitle>
          <Notice kind="info">{t("recoveryCodes.notEnrolled")}</Notice>
        </div>
      </div>
    );

  if (codes)
    return (
      <div className="login-page">
        <div className="card login-card">
          <PageTitle text={t("recoveryCodes.title")}>{t("recoveryCodes.title")}</PageTitle>
          <Notice kind="warning">{t("recoveryCodes.shownOnce")}</Notice>
          <ol className="recovery-codes" aria-label={t("mfa.recoveryTitle")}>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <button type="button" className="button-primary" onClick={() => setCodes(null)}>
            {t("recoveryCodes.saved")}
          </button>
        </div>
      </div>
    );

  return (
    <div className="login-page">
      <div className="card login-card">
        <PageTitle text={t("recoveryCodes.title")}>{t("recoveryCodes.title")}</PageTitle>
        <p>{t("recoveryCodes.intro")}</p>
        {error !== null && <ErrorBox error={error} />}
        <form onSubmit={onSubmit} noValidate>
          <fieldset>
            <legend>{t("recoveryCodes.proof")}</legend>
            {(["code", "password"] as const).map((p) => (
              <label key={p}>
                <input
                  type="radio"
                  name="proof"
                  value={p}
                  checked={proof === p}
                  onChange={() => {
                    setProof(p);
                    setValue("");
                    setIssue(null);
                  }}
                />{" "}
                {t(p === "code" ? "recoveryCodes.withCode" : "recoveryCodes.withPassword")}
              </label>
            ))}
          </fieldset>
          <Field
            id="recovery-proof"
            label={t(proof === "code" ? "mfa.code" : "password.current")}
            messages={issue ? [{ severity: "error", text: issue }] : []}
            required
          >
            {(aria) =>
              proof === "code" ? (
                <input
                  {...aria}
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                />
              ) : (
                <input
                  {...aria}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                />
              )
            }
          </Field>
          <button type="submit" className="button-primary" disabled={busy}>
            {t("recoveryCodes.submit")}
          </button>
        </form>
      </div>
    </div>
  );
}
