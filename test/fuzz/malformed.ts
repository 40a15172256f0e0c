import fc from "fast-check";
import type { ApiRoute } from "../../src/server/http/api-route.ts";

/** One malformed request for a route: what fast-check draws. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyInit;
  label: string;
}

/** encodeURIComponent, with a lone surrogate sent as the broken UTF-8 a client would send. */
const enc = (text: string) =>
  text
    .split(/([\ud800-\udfff])/)
    .map((piece) => (/^[\ud800-\udfff]$/.test(piece) ? "%ED%A0%80" : encodeURIComponent(piece)))
    .join("");

/** Values for a path segment: out of range, not numbers, traversal, controls, broken UTF-8. */
const badSegment = fc.oneof(
  fc.constantFrom(
    "2147483648",
    "4294967296",
    "99999999999999999999",
    "-1",
    "0",
    "1e400",
    "NaN",
    "Infinity",
    "1.5",
    "..",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "%00",
    "%ff",
    "%ED%A0%80",
    "%C0%AE%C0%AE",
    "a".repeat(5000),
    "%F0%9F%98%80",
    "null",
    "undefined",
    "__proto__",
    "constructor",
  ),
  fc.string({ maxLength: 40 }).map(enc),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(String),
);

/** JSON values of the wrong kind or of an absurd size. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    2 ** 31,
    2 ** 53 + 1,
    -0,
    1e308,
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "\u0007\u001b[31m",
    "\u202e",
    "1e400",
    "NaN",
    "Infinity",
    "-271821-04-20",
    "10000-01-01",
    "2024-02-30",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE app_user; --",
    [],
    {},
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constant("x".repeat(300_000)),
  fc.constant(Array.from({ length: 20_000 }, (_, i) => i)),
  fc.integer({ min: 200, max: 3000 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
);

/** A schema's field names, when zod exposes them (objects, possibly wrapped once). */
function fieldsOf(schema: unknown): string[] {
  const s = schema as {
    shape?: Record<string, unknown>;
    def?: { in?: unknown; innerType?: unknown };
  };
  if (s?.shape && typeof s.shape === "object") return Object.keys(s.shape);
  const inner = s?.def?.in ?? s?.def?.innerType;
  return inner ? fieldsOf(inner) : [];
}

/** An object with the route's fields, some missing, some of the wrong kind, some unknown. */
function objectBody(fields: string[]): fc.Arbitrary<unknown> {
  const known = fields.length
    ? fc.dictionary(fc.constantFrom(...fields), nasty, { maxKeys: fields.length })
    : fc.constant({});
  return fc
    .tuple(known, fc.dictionary(fc.string({ maxLength: 12 }), nasty, { maxKeys: 3 }))
    .map(([a, b]) => ({ ...b, ...a }));
}

/** Texts that are not the JSON they claim to be. */
const rawBody = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    '{"a":',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":1e400}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    "[".repeat(100_000),
    "null",
    "\u0000\u0001\u0002",
    "\uFEFF{}",
  ),
  fc.string({ maxLength: 200 }),
);

function multipartBody(): fc.Arbitrary<{
  headers: Record<string, string>;
  body: BodyInit;
  label: string;
}> {
  const boundary = "----vigiafuzz";
  const part = (name: string, filename: string, type: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n`;
  return fc.oneof(
    fc.constant({
      headers: { "content-type": "multipart/form-data" },
      body: "x",
      label: "no boundary",
    }),
    fc.constant({
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"`,
      label: "truncated multipart",
    }),
    fc.constant({
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}--\r\n`,
      label: "empty multipart",
    }),
    fc
      .tuple(
        fc.constantFrom("file", "evidence", "x", ""),
        fc.constantFrom(
          "../../etc/passwd",
          "a.pdf",
          "",
          "x.csv",
          "\u0000.csv",
          "a".repeat(3000),
          "..\\..\\x.xlsx",
        ),
        fc.constantFrom("application/pdf", "text/csv", "image/svg+xml", "text/html", ""),
        fc.constantFrom(
          "",
          "%PDF-1.4 broken",
          "<svg onload=alert(1)>",
          "a;b\n1;2\n\u0000",
          "PK\u0003\u0004broken",
        ),
      )
      .map(([name, filename, type, content]) => ({
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        body: `${part(name, filename, type, content)}--${boundary}--\r\n`,
        label: `multipart ${name}/${filename.slice(0, 20)}`,
      })),
  );
}

/** Malformed requests for a route, drawn from its contract. */
export function malformedRequests(route: ApiRoute): fc.Arbitrary<FuzzRequest> {
  const method = route.method.toUpperCase();
  const params = (route.path.match(/:(\w+)/g) ?? []).map((p) => p.slice(1));
  const path = fc
    .tuple(
      fc.array(badSegment, { minLength: params.length, maxLength: params.length }),
      fc.dictionary(
        fc.constantFrom(...fieldsOf(route.query), "year", "zzz", "__proto__"),
        nasty.map((v) => String(v).slice(0, 2000)),
        { maxKeys: 3 },
      ),
    )
    .map(([values, query]) => {
      let p = route.path;
      params.forEach((name, i) => {
        p = p.replace(`:${name}`, values[i] ?? "x");
      });
      const qs = Object.entries(query)
        .map(([k, v]) => `${enc(k)}=${enc(v).replace(/%25/g, "%")}`)
        .join("&");
      return qs ? `${p}?${qs}` : p;
    });
  const fields = fieldsOf(route.body);
  type Body = { headers: Record<string, string>; body?: BodyInit; label: string };
  const json = (value: unknown, label: string): Body => ({
    headers: { "content-type": "application/json" },
    body: JSON.stringify(value),
    label,
  });
  const bodies: fc.Arbitrary<Body>[] = [
    objectBody(fields).map((b) => json(b, "fields")),
    nasty.map((b) => json(b, "not an object")),
    rawBody.map((b) => ({
      headers: { "content-type": "application/json" },
      body: b,
      label: "raw",
    })),
    fc
      .constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml", "")
      .map((type) => ({
        headers: (type ? { "content-type": type } : {}) as Record<string, string>,
        body: "email=a@b.pe&password=x",
        label: `content-type ${type || "none"}`,
      })),
    fc.constant({
      headers: { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) },
      body: "{}",
      label: "declared oversized",
    }),
    fc.constant(null).map(() => ({
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          const chunk = new TextEncoder().encode(`"${"x".repeat(1024 * 1024)}`);
          for (let i = 0; i < 6; i++) controller.enqueue(chunk);
          controller.close();
        },
      }),
      label: "chunked oversized",
    })),
  ];
  if (route.multipart) bodies.push(multipartBody(), multipartBody());
  const body =
    method === "GET" ? fc.constant<Body>({ headers: {}, label: "get" }) : fc.oneof(...bodies);
  return fc.tuple(path, body).map(([p, b]) => ({
    method,
    path: p,
    headers: { ...b.headers, "accept-language": "es-PE" },
    ...(b.body !== undefined ? { body: b.body } : {}),
    label: b.label,
  }));
}
