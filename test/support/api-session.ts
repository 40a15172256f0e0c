import type { Hono } from "hono";
import { enrolledSecrets, nextTotpCode } from "./totp.ts";

/**
 * A browser-like client for the in-process app: keeps the session cookie and sends the CSRF
 * token on mutating requests, as the web app does.
 */
export class ApiSession {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    private readonly app: Hono,
    private readonly ip = "127.0.0.1",
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    init: {
      csrf?: boolean;
      form?: FormData;
      /** Extra request headers (Accept-Language, a raw body's Content-Type…). */
      headers?: Record<string, string>;
      /** A body sent as is (a stream without Content-Length, for instance). */
      raw?: BodyInit;
    } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && init.csrf !== false && method !== "GET") headers["x-csrf-token"] = this.csrf;
    let payload: BodyInit | undefined;
    if (init.raw !== undefined) payload = init.raw;
    else if (init.form) payload = init.form;
    else if (body !== undefined && method !== "GET") {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await this.app.request(
      path,
      {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        ...(payload instanceof ReadableStream ? { duplex: "half" } : {}),
      } as RequestInit,
      { incoming: { socket: { remoteAddress: this.ip } } },
    );
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0] ?? "";
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return {
      status: res.status,
      json: json as Record<string, unknown> & Record<number, unknown>,
      headers: res.headers,
    };
  }

  /**
   * Signs in as a person would: the password, then the second factor when the account owes one
   * (ADR 0037): an account that must enrol registers an authenticator (the secret is kept in
   * `enrolledSecrets`, as a phone keeps it) and one that has one gives a current code. With
   * `mfa: false` it stops after the password, for the tests of the second step itself.
   */
  async login(email: string, password: string, options: { mfa?: boolean } = {}) {
    const res = await this.request("POST", "/api/session", { email, password });
    if (res.status !== 200) return res;
    this.csrf = (res.json as { csrfToken: string }).csrfToken;
    const step = (res.json as { mfaStep?: string | null }).mfaStep;
    if (!step || options.mfa === false) return res;
    if (step === "enrol") {
      const started = await this.request("POST", "/api/session/mfa/enrolment");
      if (started.status !== 201) return started;
      const secret = (started.json as { secret: string }).secret;
      enrolledSecrets.set(email, secret);
      const confirmed = await this.request("PUT", "/api/session/mfa/enrolment", {
        code: await nextTotpCode(secret),
      });
      if (confirmed.status !== 200) return confirmed;
      const session = (confirmed.json as { session: { csrfToken: string } }).session;
      this.csrf = session.csrfToken;
      return { ...confirmed, json: session as unknown as typeof res.json };
    }
    const secret = enrolledSecrets.get(email);
    if (!secret) throw new Error(`no authenticator secret known for ${email}`);
    const verified = await this.request("POST", "/api/session/mfa", {
      code: await nextTotpCode(secret),
    });
    if (verified.status === 200) this.csrf = (verified.json as { csrfToken: string }).csrfToken;
    return verified;
  }
}
