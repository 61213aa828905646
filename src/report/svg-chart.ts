// Small inline SVG line charts, so the report stays one file with no scripts.

/** dots: draw the points as circles (measurements), not a line; dashed: a dashed line (e.g. an extrapolation). */
export type Line = { name: string; color: string; points: Array<[number, number]>; dots?: boolean; dashed?: boolean };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal limit (e.g. a k6 threshold); one above the data is drawn at the top edge, its label saying so. */
export type Threshold = { y: number; label: string; color?: string };

export function lineChart(opts: { title: string; xLabel: string; yLabel: string; lines: Line[]; marker?: { x: number; label: string }; thresholds?: Threshold[]; width?: number; height?: number; legendWidth?: number }): string {
  const w = opts.width ?? 520;
  const h = opts.height ?? 220;
  const pad = { l: 52, r: 12, t: 28, b: 34 };
  const all = opts.lines.flatMap((l) => l.points);
  if (all.length === 0) return '';
  const xMax = Math.max(1e-9, ...all.map(([x]) => x));
  const xMin = Math.min(...all.map(([x]) => x));
  const yMax = Math.max(1e-9, ...all.map(([, y]) => y)) * 1.1;
  const sx = (x: number) => pad.l + ((x - xMin) / Math.max(1e-9, xMax - xMin)) * (w - pad.l - pad.r);
  const sy = (y: number) => h - pad.b - (y / yMax) * (h - pad.t - pad.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  const grid = ticks.map((y) => `<line x1="${pad.l}" x2="${w - pad.r}" y1="${sy(y)}" y2="${sy(y)}" stroke="#e3e6ea"/><text x="${pad.l - 6}" y="${sy(y) + 4}" text-anchor="end" font-size="10" fill="#5b6472">${yMax < 2 ? y.toFixed(2) : y < 10 ? y.toFixed(1) : Math.round(y)}</text>`).join('');
  const fmt = (v: number, span: number) => (span < 2 ? v.toFixed(2) : span < 20 ? v.toFixed(1) : String(Math.round(v)));
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => xMin + f * (xMax - xMin))
    .map((x) => `<line x1="${sx(x)}" x2="${sx(x)}" y1="${h - pad.b}" y2="${h - pad.b + 4}" stroke="#8a939e"/><text class="x-tick" x="${sx(x)}" y="${h - pad.b + 14}" text-anchor="middle" font-size="10" fill="#5b6472">${fmt(x, xMax - xMin)}</text>`).join('');
  const limits = (opts.thresholds ?? []).map((t) => {
    const above = t.y > yMax;
    const y = above ? pad.t : sy(t.y);
    const color = t.color ?? '#a11a1a';
    return `<line class="threshold" x1="${pad.l}" x2="${w - pad.r}" y1="${y}" y2="${y}" stroke="${color}" stroke-dasharray="6 3"/><text x="${w - pad.r - 2}" y="${y - 3}" text-anchor="end" font-size="10" fill="${color}">${esc(t.label)}${above ? ' (above the chart)' : ''}</text>`;
  }).join('');
  const paths = opts.lines.map((l) => (l.dots
    ? l.points.map(([x, y]) => `<circle class="point" cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${l.color}"/>`).join('')
    : `<polyline fill="none" stroke="${l.color}" stroke-width="1.8"${l.dashed ? ' stroke-dasharray="5 4"' : ''} points="${l.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`)).join('');
  const lw = opts.legendWidth ?? 118;
  const legend = opts.lines.map((l, i) => `<rect x="${pad.l + i * lw}" y="8" width="10" height="10" fill="${l.color}"/><text x="${pad.l + 14 + i * lw}" y="17" font-size="11">${esc(l.name)}</text>`).join('');
  const marker = opts.marker ? `<line x1="${sx(opts.marker.x)}" x2="${sx(opts.marker.x)}" y1="${pad.t}" y2="${h - pad.b}" stroke="#a11a1a" stroke-dasharray="4 3"/><text x="${sx(opts.marker.x) + 4}" y="${pad.t + 10}" font-size="10" fill="#a11a1a">${esc(opts.marker.label)}</text>` : '';
  return `<figure class="chart"><figcaption>${esc(opts.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(opts.title)}">
${grid}<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" stroke="#8a939e"/>${xTicks}${limits}${paths}${legend}${marker}
<text x="${w / 2}" y="${h - 2}" text-anchor="middle" font-size="10" fill="#5b6472">${esc(opts.xLabel)}</text><text x="12" y="${h / 2}" transform="rotate(-90 12 ${h / 2})" text-anchor="middle" font-size="10" fill="#5b6472">${esc(opts.yLabel)}</text></svg></figure>`;
}
