// Builds the engine's SheetInput from a 2-D array, the way tests describe a worksheet.
import type { CellValue, SheetInput } from '../../src/engine/types';

export type SheetOptions = Omit<Partial<SheetInput>, 'name' | 'values'>;

/** rows[r][c] is the cell at row r+1, column c+1 (A1 first); undefined cells become null. */
export function sheetOf(name: string, rows: (CellValue | undefined)[][], opts: SheetOptions = {}): SheetInput {
  return {
    name,
    values: rows.map((row) => Array.from(row, (v) => (v === undefined ? null : v))),
    ...opts,
  };
}
