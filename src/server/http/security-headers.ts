import type { MiddlewareHandler } from "hono";

/**
 * Headers every response carries (OWASP ASVS V14.4). The web app is built by Vite with no
 * inline script, so scripts come only from our own origin; styles allow inline attributes
 * because ECharts and React set `style` on elements. Nothing may frame the Tablero, and the
 * API's JSON is never stored by a shared cache or the browser's back-forward cache, since it
 * may hold an entity's unpublished values.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The service worker and the web manifest of the installable app (ADR 0024).
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

export function securityHeaders(options: { secureCookies: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "same-origin");
    h.set("X-Frame-Options", "DENY");
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("Permissions-Policy", PERMISSIONS_POLICY);
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    // HSTS only where the deployment says it is behind HTTPS: on plain http it would be ignored
    // at best, and lock a mis-configured host out at worst.
    if (options.secureCookies)
      h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (c.req.path.startsWith("/api/") && !h.has("Cache-Control"))
      h.set("Cache-Control", "no-store");
  };
}
