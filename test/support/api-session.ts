import type { Hono } from "hono";

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

  async login(email: string, password: string) {
    const res = await this.request("POST", "/api/session", { email, password });
    if (res.status === 200) this.csrf = (res.json as { csrfToken: string }).csrfToken;
    return res;
  }
}
