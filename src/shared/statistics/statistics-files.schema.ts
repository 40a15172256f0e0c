import { IsoDateSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { FIGURE_FIELDS } from "./figure-fields.ts";
import {
  CAUSES,
  DIMENSION_LIST_CODES,
  MAX_FIGURE_VALUE,
  MILESTONES,
  OVERLAP_METHODS,
} from "./statistics-codes.ts";

/**
 * The files of the statistical register that people write and Vigía ships: code lists, the
 * header mapping of each source, the reference figures transcribed from the seed documents and
 * the pseudonymous records an institution shares. Every object is strict: an unknown key is an
 * error naming it, which is also how a name, a document number or an address is kept out of
 * the record files.
 */

const code = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, "Código inválido");
const text = (max: number) => z.string().trim().min(1).max(max);
const version = z.number().int().positive();

export const CodeListFileSchema = z
  .object({
    format: z.literal("vigia-stat-code-list/1"),
    list: z.enum(DIMENSION_LIST_CODES),
    version,
    title: text(200),
    notes: z.string().max(4000).optional(),
    codes: z
      .array(
        z
          .object({
            code,
            es: text(200),
            en: text(200),
            parent: code.optional(),
            partition: code.optional(),
            mappings: z.record(z.string(), z.string().max(200)).optional(),
            retired: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type CodeListFile = z.infer<typeof CodeListFileSchema>;

export const SourceListFileSchema = z
  .object({
    format: z.literal("vigia-stat-code-list/1"),
    list: z.literal("source"),
    version,
    title: text(200),
    notes: z.string().max(4000).optional(),
    sources: z
      .array(
        z
          .object({
            code: z.string().regex(/^[A-Z0-9-]{2,40}$/, "Código de fuente inválido"),
            institution: z.object({ code: code, name: text(200) }).strict(),
            system: z
              .object({ code: code, name: text(200) })
              .strict()
              .nullable(),
            entity: code.nullable().describe("Catalogue entity whose focal points upload it"),
            description: text(1000),
            retired: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type SourceListFile = z.infer<typeof SourceListFileSchema>;

export const ConceptListFileSchema = z
  .object({
    format: z.literal("vigia-stat-code-list/1"),
    list: z.literal("concept"),
    version,
    title: text(200),
    notes: z.string().max(4000).optional(),
    concepts: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z_]{2,40}$/, "Código de concepto inválido"),
            es: text(200),
            en: text(200),
            definition: text(1000),
            defaultUnit: code,
            subsetOf: z.string().optional(),
            retired: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ConceptListFile = z.infer<typeof ConceptListFileSchema>;

/** Any code-list file, told apart by its `list`. */
export const AnyCodeListFileSchema = z.union([
  CodeListFileSchema,
  SourceListFileSchema,
  ConceptListFileSchema,
]);
export type AnyCodeListFile = z.infer<typeof AnyCodeListFileSchema>;

const fieldRecord = <T extends z.ZodType>(value: T) =>
  z.partialRecord(z.enum(FIGURE_FIELDS), value);

/**
 * How one source's files are read: more header names for each field (beside the canonical
 * Spanish ones), values every row shares, and the source's own words for codes.
 */
export const MappingFileSchema = z
  .object({
    format: z.literal("vigia-stat-mapping/1"),
    source: z.string().regex(/^[A-Z0-9-]{2,40}$/),
    version,
    description: text(2000),
    headers: fieldRecord(z.array(text(100)).min(1)).default({}),
    constants: fieldRecord(text(2000)).default({}),
    recode: z
      .partialRecord(
        z.enum(["concept", "unit", "sex", "ageBand", "nationality", "exploitationForm", "statute"]),
        z.record(z.string(), code),
      )
      .default({}),
  })
  .strict();
export type MappingFile = z.infer<typeof MappingFileSchema>;

const lines = z.string().regex(/^\d+(-\d+)?(, ?\d+(-\d+)?)*$/, "Líneas: 326-330 o 326, 330-332");

export const ReferenceFigureSchema = z
  .object({
    ref: z.string().regex(/^[a-z0-9-]{3,60}$/),
    source: z.string(),
    concept: z.string(),
    period: text(40).describe("2019, 2025-S1, 2023-T2, 2024-03 or 2023-01-01/2025-06-30"),
    ubigeo: z
      .string()
      .regex(/^\d{2}(\d{2}(\d{2})?)?$/)
      .optional(),
    sex: code.optional(),
    ageBand: code.optional(),
    nationality: code.optional(),
    exploitationForm: code.optional(),
    statute: code.optional(),
    value: z.number().nonnegative().max(MAX_FIGURE_VALUE),
    unit: code,
    definition: text(2000),
    document: z.string(),
    lines,
    quote: text(400).describe("The words of the seed the figure is read from"),
    reportedVia: text(300).optional(),
    derivation: text(500).optional(),
    note: text(1000).optional(),
  })
  .strict();
export type ReferenceFigure = z.infer<typeof ReferenceFigureSchema>;

export const ReferenceFileSchema = z
  .object({
    format: z.literal("vigia-stat-reference/1"),
    version,
    label: text(500),
    documents: z.record(
      z.string(),
      z.object({ file: text(200), title: text(500), reportedVia: text(300) }).strict(),
    ),
    figures: z.array(ReferenceFigureSchema).min(1),
    causes: z.array(
      z
        .object({
          concept: z.string(),
          source: z.string(),
          period: text(40),
          cause: z.enum(CAUSES),
          explanation: text(2000),
          citation: text(200),
        })
        .strict(),
    ),
    overlaps: z.array(
      z
        .object({
          concept: z.string(),
          period: text(40),
          sources: z.array(z.string()).min(2),
          method: z.enum(OVERLAP_METHODS),
          overlap: z.number().nonnegative().optional(),
          basis: text(2000),
          citation: text(200),
        })
        .strict(),
    ),
    checks: z.array(
      z
        .object({
          description: text(500),
          parts: z.array(z.string()).min(2),
          total: z.union([z.string(), z.number()]).describe("A figure's ref, or a printed number"),
          citation: text(200),
        })
        .strict(),
    ),
  })
  .strict();
export type ReferenceFile = z.infer<typeof ReferenceFileSchema>;

const recordId = z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, "Identificador de registro inválido");
const ubigeo = z.string().regex(/^\d{2}(\d{2}(\d{2})?)?$/, "Ubigeo inválido");

/**
 * Pseudonymous records shared by an institution. No name, document number, address or phone:
 * the objects are strict, so such a key is refused by name.
 */
export const RecordsFileSchema = z
  .object({
    format: z.literal("vigia-stat-records/1"),
    source: z.string(),
    cases: z
      .array(
        z
          .object({
            id: recordId,
            openedOn: IsoDateSchema.optional(),
            ubigeo: ubigeo.optional(),
            statuteInitial: code.optional(),
            exploitationForm: code.optional(),
            milestones: z
              .array(
                z
                  .object({
                    milestone: z.enum(MILESTONES),
                    on: IsoDateSchema,
                    statute: code.optional(),
                    sentenceYears: z.number().positive().max(99).optional(),
                  })
                  .strict(),
              )
              .default([]),
          })
          .strict(),
      )
      .default([]),
    victims: z
      .array(
        z
          .object({
            id: recordId,
            caseId: recordId.optional(),
            identifiedOn: IsoDateSchema.optional(),
            ubigeo: ubigeo.optional(),
            sex: code.optional(),
            ageBand: code.optional(),
            nationality: code.optional(),
            exploitationForm: code.optional(),
          })
          .strict(),
      )
      .default([]),
    suspects: z
      .array(
        z
          .object({
            id: recordId,
            caseId: recordId.optional(),
            sex: code.optional(),
            ageBand: code.optional(),
            nationality: code.optional(),
            publicOfficial: z.boolean().default(false),
            officialInstitution: text(200).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type RecordsFile = z.infer<typeof RecordsFileSchema>;
