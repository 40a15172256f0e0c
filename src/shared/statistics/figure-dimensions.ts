/**
 * The disaggregations a statistical figure carries, as every layer names them (the file row,
 * the stored figure, the reconciliation). `null` is the total over that dimension; the codes
 * are those of statistics-codes.ts.
 */
export interface FigureDimensions {
  ubigeo: string | null;
  sex: string | null;
  ageBand: string | null;
  nationality: string | null;
  exploitationForm: string | null;
  statute: string | null;
}
