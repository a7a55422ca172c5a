/** Rendering shared by commands: JSON, aligned tables, colours. Pure string functions. */

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
}

/** Visible width of a string: ANSI colour codes take no room. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** An aligned plain-text table with a header row; cells never wrap. */
export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  // A loop, not Math.max(...cells): a spread of a few hundred thousand rows overflows the call stack.
  const widths = columns.map((column, index) => cells.reduce((widest, row) => Math.max(widest, width(row[index] ?? '')), width(column.header)));
  const line = (values: string[]): string =>
    values
      .map((value, index) => {
        const pad = ' '.repeat(Math.max(0, (widths[index] ?? 0) - width(value)));
        return columns[index]?.align === 'right' ? pad + value : value + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
}

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

/** Colours when enabled, identity otherwise (NO_COLOR and non-TTY handled by the caller). */
export function palette(enabled: boolean): Palette {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39) };
}
