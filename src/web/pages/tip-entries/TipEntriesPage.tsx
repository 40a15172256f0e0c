import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, type TipEntry, type TipPoints } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDateTime, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

type Point = TipPoints["points"][number];

/**
 * /datos-tip — «Datos para el informe TIP»: the 40 data points of a year (?anio=) with the
 * status the pack prints and the values entered by the reader's entities; a form per point
 * to enter a value or correct the current one (a new version; the history stays), and the
 * administrator's «Marcar revisado».
 */
export function TipEntriesPage() {
  const t = useT();
  const query = useQueryString();
  const lastYear = new Date().getFullYear() - 1;
  const year = Number(query.get("anio")) || lastYear;
  const points = useQuery(queries.tipPoints(year));
  const years = Array.from({ length: 8 }, (_, i) => lastYear + 1 - i);
  return (
    <>
      <PageTitle text={t("tipEntries.title")}>{t("tipEntries.title")}</PageTitle>
      <p className="lead">{t("tipEntries.intro")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="tip-year">{t("tipEntries.year")}</label>
          <select
            id="tip-year"
            value={year}
            onChange={(e) => navigate(`/datos-tip?anio=${e.target.value}`, { replace: true })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {points.error ? (
        <ErrorBox error={points.error} onRetry={() => void points.refetch()} />
      ) : !points.data ? (
        <Loading />
      ) : (
        <PointsTable list={points.data} />
      )}
    </>
  );
}

function PointsTable({ list }: { list: TipPoints }) {
  const t = useT();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      {list.entities.length === 0 && <Notice>{t("tipEntries.noEntities")}</Notice>}
      <p className="help">{list.label}</p>
      <TableWrap label={t("tipEntries.title")}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">N.º</th>
              <th scope="col">{t("tipEntries.point")}</th>
              <th scope="col">{t("tipEntries.status")}</th>
              <th scope="col">{t("tipEntries.entries")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("tipEntries.enter")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.points.map((p) => (
              <PointRow
                key={p.id}
                point={p}
                list={list}
                open={open === p.id}
                onToggle={() => setOpen(open === p.id ? null : p.id)}
              />
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function entryValueText(e: TipEntry): string {
  return e.value.kind === "numero" ? formatNumber(e.value.number, "es-PE", 0) : e.value.text;
}

function PointRow({
  point,
  list,
  open,
  onToggle,
}: {
  point: Point;
  list: TipPoints;
  open: boolean;
  onToggle: () => void;
}) {
  const t = useT();
  const { can } = useSession();
  const [error, setError] = useState<unknown>(null);
  async function review(id: number) {
    setError(null);
    try {
      await api.reviewTipEntry(id);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <tr>
        <td>{point.id}</td>
        <td>
          <strong>{point.label.es}</strong>
          <br />
          <small>
            {t(`tipEntries.pillars.${point.pillar}`)} · {point.disaggregation.es}
          </small>
        </td>
        <td>
          {t(`tipEntries.statuses.${point.status}`)}
          {point.fromData && (
            <>
              <br />
              <small>{t("tipEntries.fromData")}</small>
            </>
          )}
        </td>
        <td>
          {point.entries.length === 0 ? (
            <span className="empty">{t("tipEntries.none")}</span>
          ) : (
            <ul className="plain-list">
              {point.entries.map((e) => (
                <li key={e.id}>
                  <strong>{e.entity.code}</strong>: {entryValueText(e)} {e.unit} (
                  {t("tipEntries.version", { version: e.version })};{" "}
                  {t("tipEntries.by", {
                    who: e.enteredByUser?.name ?? e.enteredBy,
                    when: formatDateTime(e.enteredAt),
                  })}
                  ) — {e.review ? t("tipEntries.reviewed") : t("tipEntries.notReviewed")}
                  {!e.review && can("tip_point.review") && (
                    <>
                      {" "}
                      <button
                        type="button"
                        className="button-small"
                        onClick={() => void review(e.id)}
                      >
                        {t("tipEntries.review")}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {error !== null && <ErrorBox error={error} />}
        </td>
        <td>
          {list.entities.length > 0 && (
            <button type="button" aria-expanded={open} onClick={onToggle}>
              {point.entries.length > 0 ? t("tipEntries.correct") : t("tipEntries.enter")}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <EntryForm point={point} list={list} year={list.year} />
          </td>
        </tr>
      )}
    </>
  );
}

function EntryForm({ point, list, year }: { point: Point; list: TipPoints; year: number }) {
  const t = useT();
  const [entity, setEntity] = useState(list.entities[0]?.code ?? "");
  const current = point.entries.find((e) => e.entity.code === entity);
  const [kind, setKind] = useState<"numero" | "texto">(current?.value.kind ?? "numero");
  const [number, setNumber] = useState(
    current?.value.kind === "numero" ? String(current.value.number) : "",
  );
  const [text, setText] = useState(current?.value.kind === "texto" ? current.value.text : "");
  const [unit, setUnit] = useState(current?.unit ?? "");
  const [definition, setDefinition] = useState(current?.definition ?? "");
  const [disaggregation, setDisaggregation] = useState(current?.disaggregation ?? "");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const id = (name: string) => `tip-${point.id}-${name}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    try {
      const entry = await api.createTipEntry({
        dataPointId: point.id,
        year,
        entity,
        // A number as typed in es-PE ("1 234,5") is read as the API expects it.
        value:
          kind === "numero"
            ? { kind, number: Number(number.replace(/\s/g, "").replace(",", ".")) }
            : { kind, text },
        unit,
        definition,
        disaggregation,
        ...(comment.trim() ? { comment } : {}),
        ...(current ? { supersedesId: current.id } : {}),
      });
      setSaved(entry.version);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="filters-form">
      {saved !== null && (
        <Notice kind="success">{t("tipEntries.saved", { version: saved })}</Notice>
      )}
      {error !== null && <ErrorBox error={error} />}
      <div className="field">
        <label htmlFor={id("entity")}>{t("tipEntries.entity")}</label>
        <select id={id("entity")} value={entity} onChange={(e) => setEntity(e.target.value)}>
          {list.entities.map((en) => (
            <option key={en.code} value={en.code}>
              {en.code} — {en.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id("kind")}>{t("tipEntries.kind")}</label>
        <select
          id={id("kind")}
          value={kind}
          onChange={(e) => setKind(e.target.value as "numero" | "texto")}
        >
          <option value="numero">{t("tipEntries.kindNumber")}</option>
          <option value="texto">{t("tipEntries.kindText")}</option>
        </select>
      </div>
      {kind === "numero" ? (
        <div className="field">
          <label htmlFor={id("number")}>{t("tipEntries.number")} *</label>
          <input
            id={id("number")}
            inputMode="decimal"
            required
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={id("text")}>{t("tipEntries.text")} *</label>
          <textarea
            id={id("text")}
            required
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={id("unit")}>{t("tipEntries.unit")} *</label>
        <input
          id={id("unit")}
          required
          maxLength={60}
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={id("definition")}>{t("tipEntries.definition")} *</label>
        <textarea
          id={id("definition")}
          required
          maxLength={1000}
          value={definition}
          onChange={(e) => setDefinition(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={id("disaggregation")}>{t("tipEntries.disaggregation")}</label>
        <textarea
          id={id("disaggregation")}
          maxLength={1000}
          value={disaggregation}
          onChange={(e) => setDisaggregation(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={id("comment")}>{t("tipEntries.comment")}</label>
        <textarea
          id={id("comment")}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <button type="submit">{t("tipEntries.save")}</button>
    </form>
  );
}
