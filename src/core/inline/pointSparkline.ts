// A small x/y SVG chart for hovers (an image with a data: URI: hovers show no scripts or styles): a metric against a param, one dot per commit or experiment.
export interface SparkPoint {
  x: number;
  y: number;
  highlight?: boolean;
}

const WIDTH = 240;
const HEIGHT = 64;
const PAD = 6;

/** The points joined in x order, each a dot, highlighted ones larger; null with fewer than two. */
export function sparklineSvg(points: readonly SparkPoint[]): string | null {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length < 2) return null;
  const sorted = [...finite].sort((a, b) => a.x - b.x);
  const scale = (values: number[], size: number, flip: boolean) => {
    const min = Math.min(...values);
    const span = Math.max(...values) - min || 1;
    return (v: number): number => {
      const t = (v - min) / span;
      return Math.round((PAD + (flip ? 1 - t : t) * (size - 2 * PAD)) * 10) / 10;
    };
  };
  const sx = scale(
    sorted.map((p) => p.x),
    WIDTH,
    false,
  );
  const sy = scale(
    sorted.map((p) => p.y),
    HEIGHT,
    true,
  );
  const path = sorted.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ');
  const dots = sorted
    .map((p) =>
      p.highlight
        ? `<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="4" fill="#e5a00d"/>`
        : `<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="2.5" fill="#3794ff"/>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" rx="3" fill="#8881"/>` +
    `<polyline points="${path}" fill="none" stroke="#3794ff" stroke-width="1.5"/>${dots}</svg>`
  );
}

export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
