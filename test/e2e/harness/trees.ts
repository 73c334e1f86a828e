// Tree rows as the harness reads them from a view's DOM, and pure helpers to find rows by path.

export interface TreeRow {
  /** Position among the rendered rows of the view (top to bottom). */
  index: number;
  label: string;
  description: string;
  /** aria-level: 1 for top-level nodes. */
  level: number;
  /** true/false for collapsible rows, undefined for leaves. */
  expanded: boolean | undefined;
  ariaLabel: string;
  /** The row's hover title, when VS Code put one in the DOM. */
  title: string;
}

/** The path of each row: labels of its ancestors and its own, derived from aria-level. */
export function rowPaths(rows: readonly TreeRow[]): string[][] {
  const stack: string[] = [];
  return rows.map((row) => {
    stack.length = Math.max(0, row.level - 1);
    stack.push(row.label);
    return [...stack];
  });
}

/** The row at `path` (labels from the top level down), if rendered. */
export function findRow(rows: readonly TreeRow[], path: readonly string[]): TreeRow | undefined {
  const paths = rowPaths(rows);
  const i = paths.findIndex((p) => p.length === path.length && p.every((label, k) => label === path[k]));
  return i < 0 ? undefined : rows[i];
}

/** The direct children of the row at `path` (all top-level rows for an empty path). */
export function childRows(rows: readonly TreeRow[], path: readonly string[]): TreeRow[] {
  const paths = rowPaths(rows);
  return rows.filter((_, i) => {
    const p = paths[i]!;
    return p.length === path.length + 1 && path.every((label, k) => label === p[k]);
  });
}

/** The labels of `rows`, in order. */
export function labels(rows: readonly TreeRow[]): string[] {
  return rows.map((r) => r.label);
}

/** A compact text rendering of rows, for messages and logs. */
export function formatRows(rows: readonly TreeRow[]): string {
  return rows
    .map((r) => {
      const twist = r.expanded === undefined ? ' ' : r.expanded ? 'v' : '>';
      return `${'  '.repeat(r.level - 1)}${twist} ${r.label}${r.description ? `  — ${r.description}` : ''}`;
    })
    .join('\n');
}
