/** Rendering shared by commands: JSON, aligned tables, colours. Pure string functions. */
import { standardOutput } from '../../util/stdio.js';

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

/** The terminal's width when stdout is one; piped output keeps whole cells (for grep and files). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = standardOutput.stream('stdout')): number | undefined {
  return stream.isTTY && stream.columns ? stream.columns : undefined;
}

/**
 * Narrow the widest text columns until the table fits `max` columns; a column never goes below
 * its header or 8 characters. Right-aligned (numeric) columns keep their width.
 */
function fit(widths: number[], columns: Column<unknown>[], max: number): number[] {
  const fitted = [...widths];
  const total = (): number => fitted.reduce((sum, value) => sum + value, 0) + 2 * (fitted.length - 1);
  while (total() > max) {
    let widest = -1;
    fitted.forEach((value, index) => {
      const floor = Math.max(8, width(columns[index]!.header));
      if (columns[index]!.align !== 'right' && value > floor && (widest < 0 || value > fitted[widest]!)) widest = index;
    });
    if (widest < 0) break;
    fitted[widest] = Math.max(Math.max(8, width(columns[widest]!.header)), fitted[widest]! - (total() - max));
  }
  return fitted;
}

/** Cut a cell to `max` visible characters with an ellipsis (colour codes dropped from a cut cell). */
export function truncate(text: string, max: number): string {
  if (width(text) <= max) return text;
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return `${plain.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * An aligned plain-text table with a header row. On a terminal it fits the width (default: the
 * terminal's): the widest text columns are cut with `…` (issue #17); piped, cells stay whole.
 */
export function renderTable<T>(rows: T[], columns: Column<T>[], options: { width?: number } = { width: terminalWidth() }): string {
  const full = rows.map((row) => columns.map((column) => column.value(row)));
  // A loop, not Math.max(...cells): a spread of a few hundred thousand rows overflows the call stack.
  const natural = columns.map((column, index) => full.reduce((widest, row) => Math.max(widest, width(row[index] ?? '')), width(column.header)));
  const widths = options.width ? fit(natural, columns as Column<unknown>[], options.width) : natural;
  const cells = full.map((row) => row.map((cell, index) => truncate(cell, widths[index]!)));
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

/** A unified diff coloured as git does (added green, removed red, hunks dim), only when enabled. */
export function colorDiff(diff: string, enabled: boolean): string {
  if (!enabled) return diff;
  const paint = palette(true);
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint.bold(line);
      if (line.startsWith('+')) return paint.green(line);
      if (line.startsWith('-')) return paint.red(line);
      if (line.startsWith('@@')) return paint.dim(line);
      return line;
    })
    .join('\n');
}
