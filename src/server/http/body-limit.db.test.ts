import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type ServerType, serve } from "@hono/node-server";
import { signIn } from "../../../test/factories.ts";
import type { ApiSession } from "../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { MAX_EVIDENCE_BYTES } from "../../shared/limits.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { createApp } from "./app.ts";
import { DEFAULT_JSON_BODY_LIMIT } from "./body-limit.ts";

/**
 * Body limits through a real socket, as the probe sent them: the in-process `app.request`
 * skips the Node adapter, which is where a body is turned into a stream. Each request writes
 * until the server answers (or a cap well past the limit); what the socket accepted before the
 * answer bounds what the server held. The kernel's socket buffers take a few MB on their own,
 * hence the slack.
 */
const SOCKET_SLACK = 16 * 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(0x20);

interface Sent {
  status: number;
  json: { error?: { code?: string; message?: string } } | null;
  sent: number;
}

function stream(
  port: number,
  path: string,
  options: { headers: Record<string, string>; prefix?: string; cap: number },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest({ port, path, method: "POST", headers: options.headers });
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: Sent["json"] = null;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, json, sent });
        req.destroy();
      });
    });
    // A server that cuts the connection after answering may reset the socket mid-write.
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && sent < options.cap) {
        sent += CHUNK.byteLength;
        if (!req.write(CHUNK)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    if (options.prefix) {
      sent += Buffer.byteLength(options.prefix);
      req.write(options.prefix);
    }
    pump();
  });
}

describe("request body limits on a real socket (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerType;
  let port: number;
  let sunafil: ApiSession;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((r) => server.once("listening", () => r()));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await t.dispose();
  });

  test("login: a declared body over the limit is refused before it is read", async () => {
    const res = await stream(port, "/api/session", {
      headers: { "content-type": "application/json", "content-length": String(64 * 1024 ** 2) },
      prefix: '{"email":"a@b.pe","password":"',
      cap: 64 * 1024 ** 2,
    });
    assert.equal(res.status, 413, JSON.stringify(res.json));
    assert.equal(res.json?.error?.code, "payload_too_large");
    assert.match(res.json?.error?.message ?? "", /supera el límite/);
    assert.ok(res.sent < SOCKET_SLACK, `the server took ${res.sent} bytes`);
  });

  test("login: a chunked body is cut off while it streams", async () => {
    const res = await stream(port, "/api/session", {
      headers: { "content-type": "application/json" },
      prefix: '{"email":"a@b.pe","password":"',
      cap: 64 * 1024 ** 2,
    });
    assert.equal(res.status, 413, JSON.stringify(res.json));
    assert.match(res.json?.error?.message ?? "", /supera el límite/);
    assert.ok(res.sent < DEFAULT_JSON_BODY_LIMIT + SOCKET_SLACK, `the server took ${res.sent}`);
  });

  test("evidence: a chunked multipart without Content-Length stops at the evidence limit", async () => {
    const res = await stream(port, "/api/measurements/999999/evidence", {
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        cookie: sunafil.cookie ?? "",
        "x-csrf-token": sunafil.csrf ?? "",
      },
      prefix:
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-',
      cap: 256 * 1024 ** 2,
    });
    assert.equal(res.status, 413, JSON.stringify(res.json));
    assert.equal(res.json?.error?.message, "El archivo supera el límite de 10 MB.");
    assert.ok(res.sent < MAX_EVIDENCE_BYTES + 2 * SOCKET_SLACK, `the server took ${res.sent}`);
  });
});
