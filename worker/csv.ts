/**
 * @module
 * CSV for marketers (RFC 4180, CRLF), opened in spreadsheets: every text cell is quoted, so a
 * `;` or `,` inside a label never splits a cell in the semicolon locales (German, French,
 * Spanish Excel read `;` as the separator and would run `x;=1+1` as a formula), and a leading
 * = + - @ tab or CR is defused with an apostrophe (OWASP "CSV injection"). Numbers and booleans
 * are bare; a held-back count (null) is an empty cell.
 */

export type CsvValue = string | number | boolean | null;

/** One cell. */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * A whole file: the header (the project's own column names, plain identifiers, left bare as
 * tools expect), then one line per row, each line ended by CRLF.
 */
export function csv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.join(",")];
  for (const row of rows) lines.push(row.map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
