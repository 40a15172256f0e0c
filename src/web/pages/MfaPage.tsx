import { type FormEvent, useEffect, useState } from "react";
import { MfaCodeSchema } from "../../shared/contracts/auth.contract.ts";
import { api, type Session } from "../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle } from "../components/ui.tsx";
import { useT } from "../i18n/index.tsx";
import { homeOf, navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";

type Enrolment = Awaited<ReturnType<typeof api.mfaEnrolStart>>;

/**
 * /cuenta/segundo-factor — the sign-in's second step (ADR 0037). `verify`: a code from the
 * authenticator app or a recovery code. `enrol`: a new secret (QR and text, shown once), the
 * first code to confirm it, then the ten recovery codes, shown once before going on. Every
 * other page is refused by the server until then (App.tsx sends the session here).
 */
export function MfaPage({ step }: { step: "verify" | "enrol" }) {
  const t = useT();
  const { acceptSession, logout } = useSession();
  const [code, setCode] = useState("");
  const [issue, setIssue] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recovery, setRecovery] = useState<{ codes: string[]; session: Session } | null>(null);

  // Where a signed-in person of that role starts; the page asked for before is not kept.
  const done = (session: Session) => {
    acceptSession(session);
    navigate(homeOf(session.user), { replace: true });
  };

  // The secret is asked for once per visit and kept only in this component's state.
  useEffect(() => {
    if (step !== "enrol") return;
    let cancelled = false;
    api.mfaEnrolStart().then(
      (e) => {
        if (!cancelled) setEnrolment(e);
      },
      (err: unknown) => {
        if (!cancelled) setError(err);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [step]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = MfaCodeSchema.safeParse({ code });
    if (!parsed.success) {
      setIssue(parsed.error.issues[0]?.message ?? null);
      return;
    }
    setIssue(null);
    setBusy(true);
    try {
      if (step === "verify") done(await api.mfaVerify(parsed.data.code));
      else {
        const enrolled = await api.mfaEnrolConfirm(parsed.data.code);
        setRecovery({ codes: enrolled.recoveryCodes, session: enrolled.session });
      }
    } catch (err) {
      setError(err);
      setCode("");
    } finally {
      setBusy(false);
    }
  }

  if (recovery) {
    return (
      <div className="login-page">
        <div className="card login-card">
          <PageTitle text={t("mfa.recoveryTitle")}>{t("mfa.recoveryTitle")}</PageTitle>
          <Notice kind="warning">{t("mfa.recoveryIntro")}</Notice>
          <ol className="recovery-codes" aria-label={t("mfa.recoveryTitle")}>
            {recovery.codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <button type="button" className="button-primary" onClick={() => done(recovery.session)}>
            {t("mfa.recoveryContinue")}
          </button>
        </div>
      </div>
    );
  }

  const title = step === "verify" ? t("mfa.verifyTitle") : t("mfa.enrolTitle");
  return (
    <div className="login-page">
      <div className="card login-card">
        <PageTitle text={title}>{title}</PageTitle>
        <p>{step === "verify" ? t("mfa.verifyIntro") : t("mfa.enrolIntro")}</p>
        {error !== null && <ErrorBox error={error} />}
        {step === "enrol" &&
          (enrolment ? (
            <div className="mfa-enrolment">
              <img
                src={`data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`}
                alt={t("mfa.qr")}
                width={200}
                height={200}
              />
              <p>
                {t("mfa.secret")}: <code data-testid="mfa-secret">{enrolment.secret}</code>
              </p>
              <Notice kind="warning">{t("mfa.secretOnce")}</Notice>
            </div>
          ) : (
            error === null && <Loading />
          ))}
        <form onSubmit={onSubmit} noValidate>
          <Field
            id="mfa-code"
            label={t("mfa.code")}
            help={step === "verify" ? t("mfa.codeHelp") : undefined}
            messages={issue ? [{ severity: "error", text: issue }] : []}
            required
          >
            {(aria) => (
              <input
                {...aria}
                name="code"
                inputMode={step === "enrol" ? "numeric" : "text"}
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <button
            type="submit"
            className="button-primary"
            disabled={busy || (step === "enrol" && !enrolment)}
          >
            {step === "verify" ? t("mfa.verify") : t("mfa.confirm")}
          </button>{" "}
          <button type="button" className="button-secondary" onClick={() => void logout()}>
            {t("mfa.cancel")}
          </button>
        </form>
      </div>
    </div>
  );
}
