// A sparkline of a metric's history as a small SVG, for hovers (a data: URI in a MarkdownString)
// and any other inline place. Shared by the inline providers (training code, params, metrics).
// Non-finite values (NaN, ±Infinity) are left out; long histories are reduced to one min and one
// max per pixel column so the shape (spikes included) survives and the SVG stays small.

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** Any SVG paint; the default reads on light and dark themes alike. */
  stroke?: string;
  /** Marks the last point with a dot. */
  markLast?: boolean;
}

const DEFAULTS = { width: 160, height: 32, stroke: '#3794ff', markLast: true };

/** Points at most two per column: the column's min and max, in the order they occur. */
export function reduceToColumns(values: readonly number[], columns: number): number[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length <= columns * 2) return finite;
  const reduced: number[] = [];
  const per = finite.length / columns;
  for (let c = 0; c < columns; c++) {
    const start = Math.floor(c * per);
    const end = Math.max(start + 1, Math.floor((c + 1) * per));
    let minAt = start;
    let maxAt = start;
    for (let i = start; i < end; i++) {
      if (finite[i] < finite[minAt]) minAt = i;
      if (finite[i] > finite[maxAt]) maxAt = i;
    }
    if (minAt === maxAt) reduced.push(finite[minAt]);
    else reduced.push(finite[Math.min(minAt, maxAt)], finite[Math.max(minAt, maxAt)]);
  }
  return reduced;
}

const round = (n: number): string => String(Math.round(n * 10) / 10);

/** The SVG text; undefined when there are fewer than two finite values (no line to draw). */
export function sparklineSvg(values: readonly number[], options: SparklineOptions = {}): string | undefined {
  const { width, height, stroke, markLast } = { ...DEFAULTS, ...options };
  const points = reduceToColumns(values, Math.max(1, Math.floor(width / 2)));
  if (points.length < 2) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const v of points) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const pad = 2;
  const span = max - min || 1;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v: number) => (max === min ? height / 2 : pad + ((max - v) * (height - 2 * pad)) / span);
  const path = points.map((v, i) => `${i === 0 ? 'M' : 'L'}${round(x(i))} ${round(y(v))}`).join('');
  const paint = escapeAttribute(stroke);
  const last = points.length - 1;
  const dot = markLast
    ? `<circle cx="${round(x(last))}" cy="${round(y(points[last]))}" r="2" fill="${paint}"/>`
    : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<path d="${path}" fill="none" stroke="${paint}" stroke-width="1.5" stroke-linejoin="round"/>${dot}</svg>`
  );
}

/** The sparkline as a `data:image/svg+xml;base64,…` URI (Markdown image syntax accepts it). */
export function sparklineDataUri(
  values: readonly number[],
  options: SparklineOptions = {},
): string | undefined {
  const svg = sparklineSvg(values, options);
  return svg === undefined
    ? undefined
    : `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
