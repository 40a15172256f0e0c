import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { LoginSchema } from "../../shared/contracts/auth.contract.ts";
import { ErrorBox, Field, Notice, PageTitle } from "../components/ui.tsx";
import { useT } from "../i18n/index.tsx";
import { homeOf, navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";

/** Sign-in form. `next` is where to go afterwards (the page that asked for a session). */
export function LoginPage({ next, expired = false }: { next?: string; expired?: boolean }) {
  const t = useT();
  const { login } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = LoginSchema.safeParse({ email, password });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        errors[key] ??= issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const session = await login(parsed.data.email, parsed.data.password);
      const home = homeOf(session.user);
      navigate(next && next !== "/ingresar" ? next : home, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const msg = (key: string) =>
    fieldErrors[key] ? [{ severity: "error" as const, text: fieldErrors[key] as string }] : [];

  return (
    <div className="login-page">
      <div className="card login-card">
        <PageTitle text={t("login.title")}>{t("login.title")}</PageTitle>
        <p>{t("login.intro")}</p>
        {expired && <Notice kind="warning">{t("errors.unauthorized")}</Notice>}
        {error !== null && <ErrorBox error={error} />}
        <form onSubmit={onSubmit} noValidate>
          <Field id="login-email" label={t("login.email")} messages={msg("email")} required>
            {(aria) => (
              <input
                {...aria}
                type="email"
                name="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
              />
            )}
          </Field>
          <Field
            id="login-password"
            label={t("login.password")}
            messages={msg("password")}
            required
          >
            {(aria) => (
              <input
                {...aria}
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            )}
          </Field>
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        <p className="login-public">
          <Link to="/publico">{t("login.publicLink")}</Link>
        </p>
      </div>
    </div>
  );
}
