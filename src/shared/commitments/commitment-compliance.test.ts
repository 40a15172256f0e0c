import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { complianceByEntity, dueDateFromDeadlineText, isOverdue } from "./commitment-compliance.ts";

describe("a printed deadline as a date", () => {
  test("the Matriz's spans, counted from 1 January of the commitment period", () => {
    assert.equal(dueDateFromDeadlineText("2 años", 2024), "2025-12-31");
    assert.equal(dueDateFromDeadlineText("1 año", 2024), "2024-12-31");
    assert.equal(dueDateFromDeadlineText("6 meses", 2024), "2024-06-30");
    assert.equal(dueDateFromDeadlineText("2 meses", 2024), "2024-02-29", "leap year");
    assert.equal(dueDateFromDeadlineText("14 meses", 2024), "2025-02-28");
    assert.equal(dueDateFromDeadlineText(" 6 Meses ", 2024), "2024-06-30");
  });
  test("any other text names no date and stays a note", () => {
    assert.equal(dueDateFromDeadlineText("al cierre del año", 2024), null);
    assert.equal(dueDateFromDeadlineText("0 meses", 2024), null);
    assert.equal(dueDateFromDeadlineText(null, 2024), null);
  });
});

describe("overdue and the compliance table", () => {
  test("overdue: the deadline has passed and the commitment is not closed", () => {
    assert.equal(isOverdue({ status: "pendiente", dueOn: "2024-06-30" }, "2024-07-01"), true);
    assert.equal(isOverdue({ status: "en_proceso", dueOn: "2024-06-30" }, "2024-06-30"), false);
    assert.equal(isOverdue({ status: "cumplido", dueOn: "2024-06-30" }, "2025-01-01"), false);
    assert.equal(isOverdue({ status: "no_cumplido", dueOn: "2024-06-30" }, "2025-01-01"), false);
    assert.equal(isOverdue({ status: "pendiente", dueOn: null }, "2099-01-01"), false);
  });
  test("counts by status and overdue per entity, with a total", () => {
    const { entities, total } = complianceByEntity(
      [
        { entity: "SUNAFIL", status: "pendiente", dueOn: "2024-06-30" },
        { entity: "SUNAFIL", status: "cumplido", dueOn: "2024-06-30" },
        { entity: "MIMP", status: "en_proceso", dueOn: "2025-12-31" },
        { entity: null, status: "pendiente", dueOn: null },
      ],
      "2024-07-01",
    );
    assert.deepEqual(
      entities.map((e) => [
        e.entity,
        e.total,
        e.byStatus.pendiente,
        e.byStatus.cumplido,
        e.overdue,
      ]),
      [
        ["—", 1, 1, 0, 0],
        ["MIMP", 1, 0, 0, 0],
        ["SUNAFIL", 2, 1, 1, 1],
      ],
    );
    assert.deepEqual([total.total, total.overdue, total.byStatus.en_proceso], [4, 1, 1]);
  });
});
