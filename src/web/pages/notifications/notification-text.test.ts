import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Notification } from "../../../shared/contracts/notifications.contract.ts";
import { fixedT } from "../../i18n/i18n.ts";
import { bellLabel, notificationHref, notificationText } from "./notification-text.ts";

const base: Notification = {
  id: 1,
  kind: "plazo_7_dias",
  policy: "pntp",
  year: 2024,
  period: "ANUAL",
  deadline: "2025-03-31",
  indicator: null,
  entity: null,
  measurementId: null,
  pendingCount: 1,
  accessRequestId: null,
  createdAt: "2025-03-24T05:00:00.000Z",
  readAt: null,
};

describe("notification texts", () => {
  test("a reminder counts the pending indicators with the language's plural forms", () => {
    const es = fixedT("es");
    assert.match(notificationText(base, es), /^El plazo del periodo Anual 2024 vence el 31 mar/);
    assert.match(notificationText(base, es), /Tiene 1 indicador sin valor enviado\.$/);
    assert.match(
      notificationText({ ...base, pendingCount: 3 }, es),
      /Tiene 3 indicadores sin valor enviado\.$/,
    );
    assert.match(
      notificationText({ ...base, pendingCount: 2 }, fixedT("en")),
      /You have 2 indicators without a submitted value\.$/,
    );
  });

  test("an observed value names its indicator and entity and leads to the value", () => {
    const observed: Notification = {
      ...base,
      kind: "valor_observado",
      indicator: { code: "1.1", name: "Porcentaje de distritos fiscalizados" },
      entity: "SUNAFIL",
      measurementId: 42,
      pendingCount: null,
    };
    assert.equal(
      notificationText(observed, fixedT("es")),
      "El equipo conductor observó el valor de SUNAFIL para el indicador 1.1 «Porcentaje de distritos fiscalizados» (Anual 2024). Revise las observaciones y envíelo de nuevo.",
    );
    assert.equal(notificationHref(observed), "/mediciones/42");
    assert.equal(notificationHref(base), "/tareas");
  });

  test("an access request's notice names the request, its entity and deadline, and leads to the register", () => {
    const due: Notification = {
      ...base,
      kind: "solicitud_por_vencer",
      policy: null,
      year: null,
      period: null,
      deadline: "2025-08-08",
      entity: "MINEM",
      pendingCount: null,
      accessRequestId: 7,
    };
    assert.match(
      notificationText(due, fixedT("es")),
      /^La solicitud de acceso a la información n\.º 7 dirigida a MINEM vence el 08 ago\. 2025/,
    );
    assert.match(
      notificationText({ ...due, kind: "solicitud_vencida" }, fixedT("en")),
      /^Access-to-information request no\. 7 to MINEM was due on 08 Aug 2025 and has no answer/,
    );
    assert.equal(notificationHref(due), "/solicitudes-acceso");
  });

  test("the bell says how many are unread", () => {
    const es = fixedT("es");
    assert.equal(bellLabel(0, es), "Notificaciones: ninguna sin leer");
    assert.equal(bellLabel(1, es), "Notificaciones: 1 sin leer");
    assert.equal(bellLabel(5, es), "Notificaciones: 5 sin leer");
  });
});
