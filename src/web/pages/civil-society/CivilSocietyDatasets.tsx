import {
  CIVIL_SOCIETY_DATASETS,
  CIVIL_SOCIETY_FORMATS,
  civilSocietyPaths,
} from "../../../shared/open-data/civil-society-datasets.ts";
import { TableWrap } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";

/** The live datasets of a published year on Datos abiertos, beside the frozen ones. */
export function CivilSocietyDatasets({ policy, year }: { policy: string; year: number }) {
  const t = useT();
  const caption = t("civil.datasetsCaption", { year });
  return (
    <section className="card" aria-label={caption}>
      <TableWrap label={caption}>
        <table className="data-table open-data-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("openData.dataset")}</th>
              <th scope="col">{t("openData.formats")}</th>
            </tr>
          </thead>
          <tbody>
            {CIVIL_SOCIETY_DATASETS.map((d) => (
              <tr key={d.id} data-dataset={d.id}>
                <th scope="row">
                  <strong>{d.title}</strong>
                  <br />
                  <small>{d.description}</small>
                </th>
                <td>
                  <ul className="format-links">
                    {CIVIL_SOCIETY_FORMATS.map((format) => (
                      <li key={format}>
                        <a
                          href={civilSocietyPaths.dataset(policy, d.id, year, format)}
                          download
                          aria-label={t("openData.download", {
                            dataset: d.title,
                            year,
                            format: format.toUpperCase(),
                          })}
                        >
                          {format.toUpperCase()}
                        </a>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
