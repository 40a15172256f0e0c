import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalogue } from "../schemas/catalogue.schema.ts";
import { parseCatalogue } from "./parse-catalogue.ts";

const pntpText = readFileSync(
  join(import.meta.dirname, "../../../catalogues/pntp.catalogue.json"),
  "utf8",
);
const pntp = (): Catalogue => JSON.parse(pntpText);
const indexOf = (cat: Catalogue, code: string) => cat.indicators.findIndex((i) => i.code === code);

/** The issues of a refused document, as "path: message" lines. */
function refused(doc: unknown): string[] {
  const result = parseCatalogue(doc);
  assert.equal(result.ok, false, "the document should be refused");
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}
const hasIssue = (issues: string[], path: string, message: RegExp) =>
  assert.ok(
    issues.some((i) => i.startsWith(`${path}: `) && message.test(i)),
    `expected ${path} ~ ${message}; got:\n${issues.join("\n")}`,
  );

describe("catalogue text fields", () => {
  test("NUL in a name is a field error naming the character", () => {
    const doc = pntp();
    (doc.entities[5] as { name: string }).name = "SUNA\u0000FIL";
    const issues = refused(doc);
    assert.deepEqual(issues, [
      "entities[5].name: carácter de control U+0000 no permitido en un texto de una línea",
    ]);
  });

  test("one-line fields refuse line breaks; multi-line fields take \\n and \\t but no other control", () => {
    const doc = pntp();
    doc.policy.name = "Política\nNacional";
    const ind = doc.indicators[0];
    assert.ok(ind?.measurements[0]);
    ind.measurements[0].narrative.logros = "Primer logro.\n\tSegundo logro.";
    const m = ind.measurements[0];
    m.narrative.dificultades = "Campana\u0007";
    m.note = "retorno\r\n";
    (ind.versions[0] as { numerator: string | null }).numerator = "Casos\natendidos";
    (ind.versions[0] as { dataSources: string[] }).dataSources = ["Fuente\u0085"];
    const issues = refused(doc);
    hasIssue(issues, "policy.name", /U\+000A no permitido en un texto de una línea/);
    hasIssue(
      issues,
      "indicators[0].measurements[0].narrative.dificultades",
      /U\+0007 no permitido \(solo se admiten saltos de línea y tabulaciones\)/,
    );
    hasIssue(issues, "indicators[0].measurements[0].note", /U\+000D/);
    hasIssue(issues, "indicators[0].versions[0].dataSources[0]", /U\+0085/);
    assert.ok(!issues.some((i) => i.includes("logros")), issues.join("\n"));
    assert.ok(!issues.some((i) => i.includes("versions[0].numerator")), issues.join("\n"));
    assert.equal(issues.length, 4, issues.join("\n"));
  });

  test("a lone UTF-16 surrogate is refused", () => {
    const doc = JSON.parse(
      pntpText.replace('"name": "Ministerio del Interior"', '"name": "M\\ud800"'),
    );
    hasIssue(refused(doc), "entities[0].name", /sustituto UTF-16 suelto/);
  });
});

describe("catalogue numbers", () => {
  test("1e400 (Infinity once parsed) says the number is out of range", () => {
    // The literal must reach JSON.parse as written, so it goes into the text, not the object.
    const doc = pntp();
    const ind = indexOf(doc, "3.2");
    const metas = doc.indicators[ind]?.metas;
    assert.ok(metas?.[1] && metas[2]);
    metas[1].value = 111111.25;
    metas[2].value = -111111.25;
    const text = JSON.stringify(doc).replace("-111111.25", "-1e400").replace("111111.25", "1e400");
    const issues = refused(JSON.parse(text));
    hasIssue(issues, `indicators[${ind}].metas[1].value`, /número fuera de rango/);
    hasIssue(issues, `indicators[${ind}].metas[2].value`, /número fuera de rango/);
    assert.equal(issues.length, 2, issues.join("\n"));
  });

  test("NaN is named as such; integers beyond 4 bytes are out of range", () => {
    const doc = pntp();
    const meta = doc.indicators[0]?.metas[0];
    assert.ok(meta);
    meta.value = Number.NaN;
    meta.revision = 3e9;
    (doc.services[0] as { number: number }).number = 1e20;
    const issues = refused(doc);
    hasIssue(issues, "indicators[0].metas[0].value", /no es un número \(NaN\)/);
    hasIssue(
      issues,
      "indicators[0].metas[0].revision",
      /número fuera de rango \(máximo 2147483647\)/,
    );
    hasIssue(issues, "services[0].number", /fuera de rango|Demasiado grande/);
  });

  test("a large but finite value is accepted", () => {
    const doc = pntp();
    const meta = doc.indicators[0]?.metas[0];
    assert.ok(meta);
    meta.value = 1.7e308;
    assert.equal(parseCatalogue(doc).ok, true);
  });

  test("an approval date that does not exist is refused", () => {
    const doc = pntp();
    doc.policy.approvalDate = "2021-02-30";
    hasIssue(refused(doc), "policy.approvalDate", /esa fecha no existe/);
  });
});

describe("catalogue years", () => {
  test("a meta after the horizon or before the approval is an error", () => {
    const doc = pntp();
    const ind = doc.indicators[1];
    assert.ok(ind?.metas[0] && ind.metas[1]);
    ind.metas[0].year = 2031;
    ind.metas[1].year = 2020;
    const issues = refused(doc);
    hasIssue(
      issues,
      "indicators[1].metas[0].year",
      /fuera de los años de la política \(2021–2030\)/,
    );
    hasIssue(
      issues,
      "indicators[1].metas[1].year",
      /fuera de los años de la política \(2021–2030\)/,
    );
  });

  test("a meta in a year no ficha is in force is an error", () => {
    const doc = pntp();
    const ind = doc.indicators[1];
    assert.ok(ind?.versions[0] && ind.metas[0]);
    ind.versions[0].validTo = 2023;
    const late = ind.metas.findIndex((m) => m.year > 2023);
    assert.ok(late >= 0);
    hasIssue(
      refused(doc),
      `indicators[1].metas[${late}].year`,
      /ninguna ficha del indicador .* está vigente/,
    );
  });

  test("a measurement before its ficha's validFrom or after the horizon is an error", () => {
    const doc = pntp();
    const ind = doc.indicators[2];
    assert.ok(ind?.versions[0] && ind.measurements[0]);
    ind.versions[0].validFrom = 2023;
    // The metas must stay inside the ficha for this test to look at the measurement only.
    ind.metas = ind.metas.filter((m) => m.year >= 2023);
    const early = ind.measurements.findIndex((m) => m.year < 2023);
    assert.ok(early >= 0);
    const issues = refused(doc);
    hasIssue(
      issues,
      `indicators[2].measurements[${early}].year`,
      /fuera de la vigencia de la ficha v1 \(desde 2023\)/,
    );
    const other = pntp();
    const m = other.indicators[2]?.measurements[0];
    assert.ok(m);
    m.year = 2031;
    hasIssue(
      refused(other),
      "indicators[2].measurements[0].year",
      /fuera de los años de la política/,
    );
  });

  test("a commitment's new meta after the horizon is an error", () => {
    const doc = pntp();
    const c = doc.commitments.find((x) => x.newMetas.length > 0);
    assert.ok(c?.newMetas[0]);
    c.newMetas[0].year = 2040;
    const i = doc.commitments.indexOf(c);
    hasIssue(refused(doc), `commitments[${i}].newMetas[0].year`, /fuera de los años/);
  });

  test("a responsibility that ends before it starts is an error", () => {
    const doc = pntp();
    const s = doc.services[0];
    assert.ok(s?.responsibility[0]);
    s.responsibility[0].toYear = s.responsibility[0].fromYear - 1;
    hasIssue(refused(doc), "services[0].responsibility[0].toYear", /termina antes de empezar/);
  });

  test("a meta equal to the baseline is accepted with a warning", () => {
    const result = parseCatalogue(pntp());
    assert.ok(result.ok);
    const at = indexOf(pntp(), "3.2");
    assert.deepEqual(result.warnings, [
      {
        path: `indicators[${at}].metas[0].value`,
        message:
          "la meta 2022 (10) es igual a la línea de base de la ficha v1: el avance tipo 2 de ese año será ND",
      },
    ]);
  });
});
