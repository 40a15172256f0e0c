// Prints the OpenAPI document as the server serves it, without opening a database: building the
// route list touches no data. Used to check that a refactor leaves the API unchanged:
//   node --import tsx scripts/dump-openapi.ts > before.json   (then diff with after.json)
import { APP_VERSION, buildApiRoutes } from "../src/server/http/app.ts";
import { buildOpenApiDocument } from "../src/server/http/openapi.ts";

const database = { db: null, backend: "pglite" } as unknown as Parameters<typeof buildApiRoutes>[0];
const routes = buildApiRoutes(database, { fileStore: null as never });
process.stdout.write(`${JSON.stringify(buildOpenApiDocument(routes, APP_VERSION), null, 2)}\n`);
