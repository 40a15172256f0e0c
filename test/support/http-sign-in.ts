import { enrolledSecrets, nextTotpCode } from "./totp.ts";

/**
 * Signs in to a running server over HTTP, as a script would: the password, then the second
 * factor when the account owes one (ADR 0037), enrolling with a computed code the first time.
 * Returns the final session's cookie and CSRF token.
 */
export async function signInOverHttp(
  base: string,
  email: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string; status: number }> {
  const send = async (
    method: string,
    path: string,
    cookie: string,
    csrf: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf ? { "x-csrf-token": csrf } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const set = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    return {
      status: res.status,
      cookie: set || cookie,
      json: (await res.json().catch(() => ({}))) as Record<string, unknown>,
    };
  };
  const first = await send("POST", "/api/session", "", "", { email, password });
  let { cookie } = first;
  let csrfToken = String(first.json.csrfToken ?? "");
  if (first.status !== 200) return { cookie, csrfToken, status: first.status };
  const step = first.json.mfaStep;
  if (step === "enrol") {
    const started = await send("POST", "/api/session/mfa/enrolment", cookie, csrfToken);
    const secret = String(started.json.secret ?? "");
    enrolledSecrets.set(email, secret);
    const done = await send("PUT", "/api/session/mfa/enrolment", cookie, csrfToken, {
      code: await nextTotpCode(secret),
    });
    cookie = done.cookie;
    csrfToken = String((done.json.session as { csrfToken?: string } | undefined)?.csrfToken ?? "");
    return { cookie, csrfToken, status: done.status };
  }
  if (step === "verify") {
    const secret = enrolledSecrets.get(email);
    if (!secret) throw new Error(`no authenticator secret known for ${email}`);
    const done = await send("POST", "/api/session/mfa", cookie, csrfToken, {
      code: await nextTotpCode(secret),
    });
    return {
      cookie: done.cookie,
      csrfToken: String(done.json.csrfToken ?? ""),
      status: done.status,
    };
  }
  return { cookie, csrfToken, status: 200 };
}
