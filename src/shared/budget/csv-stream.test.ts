import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CsvFormatError, csvRecords, parseCsvText } from "./csv-stream.ts";

/** Every way of cutting `text` in two chunks must give the same records as the whole text. */
async function recordsInChunks(
  text: string,
  cuts: number[],
  delimiter = ",",
  strict: { maxRecordChars: number } | null = null,
): Promise<string[][]> {
  const parts: string[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    parts.push(text.slice(from, cut));
    from = cut;
  }
  const out: string[][] = [];
  for await (const batch of csvRecords(
    (async function* () {
      yield* parts;
    })(),
    delimiter,
    strict,
  ))
    out.push(...batch);
  return out;
}

describe("csv-stream: RFC 4180 records from chunks", () => {
  test("plain fields, trailing empty field, CRLF, BOM, blank and comment lines", async () => {
    const text = '\uFEFFa,b,c\r\n1,,3\r\n\r\n# reconstruido\n4,5,\n"x",y,""\n';
    assert.deepEqual(await parseCsvText(text), [
      ["a", "b", "c"],
      ["1", "", "3"],
      ["4", "5", ""],
      ["x", "y", ""],
    ]);
  });

  test("quoted delimiters, doubled quotes and line breaks inside quotes", async () => {
    const text = [
      "ANO,NOMBRE,MONTO",
      '2024,"REDUCCION DEL COSTO, TIEMPO E INSEGURIDAD",1.00',
      '2024,"DIJO ""TRATA"" DE PERSONAS",2.00',
      '2024,"DOS',
      'LINEAS, Y UNA COMA",3.00',
      '2024,"",4.00',
      '2024,"""",5.00',
      '"a""b""",",",","',
    ].join("\n");
    assert.deepEqual(await parseCsvText(text), [
      ["ANO", "NOMBRE", "MONTO"],
      ["2024", "REDUCCION DEL COSTO, TIEMPO E INSEGURIDAD", "1.00"],
      ["2024", 'DIJO "TRATA" DE PERSONAS', "2.00"],
      ["2024", "DOS\nLINEAS, Y UNA COMA", "3.00"],
      ["2024", "", "4.00"],
      ["2024", '"', "5.00"],
      ['a"b"', ",", ","],
    ]);
  });

  test("a quoted multi-line record ending in CRLF keeps no carriage return", async () => {
    assert.deepEqual(await parseCsvText('1,"uno\r\ndos"\r\n2,tres\r\n'), [
      ["1", "uno\ndos"],
      ["2", "tres"],
    ]);
  });

  test("other delimiters", async () => {
    assert.deepEqual(await parseCsvText('a;"b;c";d\n1;2;3', ";"), [
      ["a", "b;c", "d"],
      ["1", "2", "3"],
    ]);
    assert.deepEqual(await parseCsvText("a\tb\n1\t", "\t"), [
      ["a", "b"],
      ["1", ""],
    ]);
  });

  test("records are the same wherever the chunks are cut", async () => {
    const text = 'h1,h2\r\n1,"a,\r\nb"\r\n2,"c""d"\n3,e\r\n"4",""\n';
    const whole = await parseCsvText(text);
    assert.equal(whole.length, 5);
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 3)]) {
        assert.deepEqual(await recordsInChunks(text, [i, j]), whole, `cuts at ${i} and ${j}`);
      }
    }
  });

  test("an unterminated quote at the end of the file is read to the end", async () => {
    assert.deepEqual(await parseCsvText('1,"abierto\nsin cierre'), [["1", "abierto\nsin cierre"]]);
  });

  test("the strict reader names the line of a NUL, a U+FFFD, an open quote or an endless line, wherever the chunks are cut", async () => {
    const strict = { maxRecordChars: 20 };
    for (const [text, line, reason] of [
      ['a,b\n\n# nota\n1,"x\0"\n', 4, /carácter nulo/],
      ["a,b\r\n1,2\r\n3,\uFFFD\n", 3, /no son UTF-8/],
      ['a,b\n1,"abierto\n2,3\n', 2, /comillas sin cerrar/],
      [
        'a,b\n1,"abierto\n2,3\n4,5\n6,7\n8,9\n',
        2,
        /comillas sin cerrar: el campo que abre sigue más de 20/,
      ],
      [`a,b\n1,2\n${"x".repeat(30)}`, 3, /la línea supera 20 caracteres/],
    ] as const) {
      for (let i = 0; i <= text.length; i++) {
        await assert.rejects(
          recordsInChunks(text, [i], ",", strict),
          (err) => err instanceof CsvFormatError && err.line === line && reason.test(err.reason),
          `${JSON.stringify(text)} cut at ${i}`,
        );
      }
    }
    assert.deepEqual(await recordsInChunks('a,"b\nc"\n', [3], ",", strict), [["a", "b\nc"]]);
  });
});
