/**
 * CSV (RFC 4180) safe to open in a spreadsheet: cells that a spreadsheet would
 * run as a formula (= + - @, tab, CR) get a leading '. Every export uses it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
