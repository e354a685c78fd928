import { html, type SafeHtml } from "./html.ts";

/**
 * Charts drawn on the server as inline SVG: no script, no CDN, and colours given as SVG
 * attributes (the console's CSP allows no inline styles). Each chart has a text alternative;
 * the page puts the exact figures in a table beside it.
 */

/** Colour-blind-safe palette (Okabe–Ito), in series order. */
export const palette = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#999999",
];

export interface Series {
  label: string;
  /** One value per category, in the categories' order. */
  values: number[];
}

const fmt = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** A nice upper bound for an axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function legend(series: readonly Series[], y: number): SafeHtml {
  return html`${series.map((s, i) => {
    const x = 8 + (i % 3) * 236;
    const row = y + Math.floor(i / 3) * 18;
    return html`<rect x="${x}" y="${row - 10}" width="12" height="12" fill="${palette[i % palette.length] ?? "#999"}"/><text x="${x + 18}" y="${row}" font-size="12" fill="#1a1f24">${s.label}</text>`;
  })}`;
}

/** Vertical bars per category (a day), the series stacked. */
export function stackedBarChart(options: {
  title: string;
  categories: readonly string[];
  /** Short label under a bar (every few bars when there are many). */
  categoryLabel(category: string): string;
  series: readonly Series[];
}): SafeHtml {
  const { categories, series } = options;
  const width = 720;
  const plotTop = 12;
  const plotHeight = 180;
  const left = 40;
  const slot = (width - left - 8) / Math.max(1, categories.length);
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const scale = (value: number) => (value / max) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(categories.length / 10));
  const legendRows = Math.ceil(series.length / 3);
  const height = plotTop + plotHeight + 24 + legendRows * 18 + 8;
  const bars = categories.map((category, i) => {
    let y = plotTop + plotHeight;
    const x = left + i * slot + slot * 0.15;
    const w = Math.max(1, slot * 0.7);
    const pieces = series.map((s, j) => {
      const value = s.values[i] ?? 0;
      if (value <= 0) return html``;
      const h = scale(value);
      y -= h;
      return html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${palette[j % palette.length] ?? "#999"}"><title>${category} · ${s.label}: ${value}</title></rect>`;
    });
    const label =
      i % labelEvery === 0
        ? html`<text x="${(x + w / 2).toFixed(1)}" y="${plotTop + plotHeight + 14}" font-size="11" text-anchor="middle" fill="#4f5b66">${options.categoryLabel(category)}</text>`
        : html``;
    return html`${pieces}${label}`;
  });
  const ticks = [0, max / 2, max].map(
    (tick) =>
      html`<line x1="${left}" x2="${width - 8}" y1="${(plotTop + plotHeight - scale(tick)).toFixed(1)}" y2="${(plotTop + plotHeight - scale(tick)).toFixed(1)}" stroke="#d4d9df"/><text x="${left - 6}" y="${(plotTop + plotHeight - scale(tick) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#4f5b66">${fmt(tick)}</text>`,
  );
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${options.title}" xmlns="http://www.w3.org/2000/svg">${ticks}${bars}${legend(series, plotTop + plotHeight + 40)}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar instead of the value (a share, a rate). */
  text?: string;
}

/** Horizontal bars, one per item, longest scale = `max` (default: the largest value). */
export function barChart(options: { title: string; bars: readonly Bar[]; max?: number }): SafeHtml {
  const { bars } = options;
  const width = 720;
  const labelWidth = 260;
  const rowHeight = 24;
  const max = options.max ?? Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const span = width - labelWidth - 80;
  const rows = bars.map((bar, i) => {
    const y = 4 + i * rowHeight;
    const w = max > 0 ? (bar.value / max) * span : 0;
    const label = bar.label.length > 38 ? `${bar.label.slice(0, 37)}…` : bar.label;
    return html`<text x="${labelWidth - 8}" y="${y + 15}" font-size="12" text-anchor="end" fill="#1a1f24">${label}<title>${bar.label}</title></text><rect x="${labelWidth}" y="${y + 3}" width="${Math.max(0, w).toFixed(1)}" height="${rowHeight - 8}" fill="${palette[i % palette.length] ?? "#999"}"/><text x="${(labelWidth + Math.max(0, w) + 6).toFixed(1)}" y="${y + 15}" font-size="12" fill="#4f5b66">${bar.text ?? fmt(bar.value)}</text>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${options.title}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}
