import { TableWrap } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { DEPARTAMENTOS, departmentOf } from "../../ubigeo.ts";
import { FieldMessageList } from "./FieldMessageList.tsx";
import {
  DIMENSIONS,
  type Dimension,
  type FieldMessage,
  type FormState,
  newRow,
} from "./measurement-form.ts";

/** The value broken down by sex, age group, nationality, region or another dimension. */
export function DisaggregationsEditor({
  rows,
  disabled,
  onChange,
  onTouch,
  messages,
}: {
  rows: FormState["rows"];
  onTouch(key: string): void;
  disabled: boolean;
  onChange(rows: FormState["rows"]): void;
  messages: Map<string, FieldMessage[]>;
}) {
  const t = useT();
  const set = (key: number, patch: Partial<FormState["rows"][number]>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const groupMessages = [...messages.entries()]
    .filter(([key]) => key === "disaggregations")
    .flatMap(([, list]) => list);
  return (
    <fieldset disabled={disabled} className="disaggregations">
      <legend>{t("entry.sectionDisaggregation")}</legend>
      <p className="help">{t("entry.disaggregationHelp")}</p>
      {DIMENSIONS.map((d) => (
        <datalist key={d} id={`cat-${d}`}>
          {d === "region"
            ? DEPARTAMENTOS.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))
            : t("entry.categorySuggestions", { returnObjects: true })[d].map((x: string) => (
                <option key={x} value={x} />
              ))}
        </datalist>
      ))}
      {rows.length === 0 ? (
        <p className="muted">{t("entry.noRows")}</p>
      ) : (
        <TableWrap label={t("entry.sectionDisaggregation")}>
          <table className="data-table disaggregation-table stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t("entry.dimension")}</th>
                <th scope="col">{t("entry.category")}</th>
                <th scope="col">
                  {t("entry.label")} <span className="muted">({t("entry.labelHelp")})</span>
                </th>
                <th scope="col">{t("entry.amount")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("tasks.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const n = index + 1;
                const catMsgs = messages.get(`row.${row.key}.category`) ?? [];
                const valMsgs = messages.get(`row.${row.key}.value`) ?? [];
                const dept = row.dimension === "region" ? departmentOf(row.category.trim()) : null;
                return (
                  <tr key={row.key}>
                    <td data-label={t("entry.dimension")}>
                      <select
                        aria-label={`${t("entry.dimension")} ${n}`}
                        value={row.dimension}
                        onChange={(e) => set(row.key, { dimension: e.target.value as Dimension })}
                      >
                        {DIMENSIONS.map((d) => (
                          <option key={d} value={d}>
                            {t(`entry.dimensions.${d}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label={t("entry.category")}>
                      <input
                        aria-label={`${t("entry.category")} ${n}`}
                        list={`cat-${row.dimension}`}
                        value={row.category}
                        inputMode={row.dimension === "region" ? "numeric" : undefined}
                        aria-invalid={catMsgs.length > 0 || undefined}
                        aria-describedby={catMsgs.length ? `row-${row.key}-cat-msg` : undefined}
                        placeholder={row.dimension === "region" ? "150000" : undefined}
                        onChange={(e) => set(row.key, { category: e.target.value })}
                        onBlur={() => onTouch(`row.${row.key}.category`)}
                      />
                      {dept && <span className="muted small"> {dept}</span>}
                      {catMsgs.length > 0 && (
                        <span id={`row-${row.key}-cat-msg`} className="msg msg-error small">
                          {catMsgs.map((x) => x.text).join(" ")}
                        </span>
                      )}
                    </td>
                    <td
                      data-label={t("entry.label")}
                      className={row.dimension === "otro" ? undefined : "cell-unused"}
                    >
                      {row.dimension === "otro" ? (
                        <input
                          aria-label={`${t("entry.label")} ${n}`}
                          value={row.label}
                          onChange={(e) => set(row.key, { label: e.target.value })}
                        />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label={t("entry.amount")}>
                      <input
                        aria-label={`${t("entry.amount")} ${n}`}
                        inputMode="decimal"
                        className="num"
                        value={row.value}
                        aria-invalid={valMsgs.length > 0 || undefined}
                        aria-describedby={valMsgs.length ? `row-${row.key}-val-msg` : undefined}
                        onChange={(e) => set(row.key, { value: e.target.value })}
                        onBlur={() => onTouch(`row.${row.key}.value`)}
                      />
                      {valMsgs.length > 0 && (
                        <span id={`row-${row.key}-val-msg`} className="msg msg-error small">
                          {valMsgs.map((x) => x.text).join(" ")}
                        </span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-icon"
                        aria-label={t("entry.removeRow", { n })}
                        title={t("entry.removeRow", { n })}
                        onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      <FieldMessageList messages={groupMessages} live />
      {!disabled && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...rows, newRow(rows.at(-1)?.dimension ?? "sexo")])}
        >
          + {t("entry.addRow")}
        </button>
      )}
    </fieldset>
  );
}
