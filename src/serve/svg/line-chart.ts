import { escape } from '../html.js';

export interface ChartPoint {
  /** ISO date; the x axis is time. */
  date: string;
  value: number;
}

export interface ChartOptions {
  /** What the chart shows, read by screen readers (role="img"). */
  label: string;
  width?: number;
  height?: number;
  /** Draw a dot per point (the repository page) or only the line (sparklines). */
  dots?: boolean;
  min?: number;
  max?: number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * A line chart as SVG, computed on the server: readable without JavaScript, with a title per point
 * for hover and one `data-point` element per value so tests (and assistive tech) can count them.
 */
export function lineChart(points: ChartPoint[], options: ChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 200;
  const dots = options.dots ?? true;
  const pad = dots ? { left: 32, right: 12, top: 10, bottom: 24 } : { left: 2, right: 2, top: 2, bottom: 2 };
  const min = options.min ?? 0;
  const max = options.max ?? 10;
  const times = points.map((point) => Date.parse(point.date));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (time: number): number => round(pad.left + (last === first ? 0.5 : (time - first) / (last - first)) * (width - pad.left - pad.right));
  const y = (value: number): number => round(pad.top + (1 - (Math.max(min, Math.min(max, value)) - min) / (max - min)) * (height - pad.top - pad.bottom));
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(times[index]!)},${y(point.value)}`).join(' ');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(options.label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="chart">`, `<title>${escape(options.label)}</title>`];
  if (dots) {
    for (const tick of [0, 5, 10].filter((value) => value >= min && value <= max)) {
      parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e7eb"/>`, `<text x="${pad.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`);
    }
    if (points.length > 0) {
      parts.push(`<text x="${pad.left}" y="${height - 6}">${escape(points[0]!.date.slice(0, 10))}</text>`, `<text x="${width - pad.right}" y="${height - 6}" text-anchor="end">${escape(points.at(-1)!.date.slice(0, 10))}</text>`);
    }
  }
  if (points.length > 0) parts.push(`<path d="${path}" fill="none" stroke="#1d4ed8" stroke-width="2"/>`);
  if (dots) {
    points.forEach((point, index) => {
      parts.push(`<circle data-point="" cx="${x(times[index]!)}" cy="${y(point.value)}" r="3" fill="#1d4ed8"><title>${escape(point.date.slice(0, 10))}: ${point.value}</title></circle>`);
    });
  }
  parts.push('</svg>');
  return parts.join('');
}
