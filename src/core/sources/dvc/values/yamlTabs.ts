// DVC reads params and metrics YAML with ruamel.yaml, whose scanner refuses a tab in block context
// outside quotes, comments and block scalars ("found character '\t' that cannot start any token"):
// `x: 1<TAB>` or a tab-separated table fails in DVC, where the `yaml` package reads a value. This
// finds such a tab so the file fails here too.

/** Line and column (1-based) of the first tab ruamel.yaml would refuse; null when there is none. */
export function refusedTab(text: string): { line: number; column: number } | null {
  if (!text.includes('\t')) return null;
  const scan: ScanState = { quote: null, flowDepth: 0, blockScalarIndent: null };
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const column = refusedTabInLine(lines[index], scan);
    if (column !== null) return { line: index + 1, column: column + 1 };
  }
  return null;
}

interface ScanState {
  /** The quote of a string still open at the end of the previous line. */
  quote: '"' | "'" | null;
  flowDepth: number;
  /** Inside a `|` or `>` block scalar: the indentation of the line that opened it. */
  blockScalarIndent: number | null;
}

const SCALAR_START = new Set([' ', '\t', ':', '-', '[', '{', ',', '?']);

function refusedTabInLine(line: string, scan: ScanState): number | null {
  const indent = line.length - line.trimStart().length;
  if (scan.blockScalarIndent !== null) {
    if (line.trim() === '' || indent > scan.blockScalarIndent) return null;
    scan.blockScalarIndent = null;
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (scan.quote) {
      if (c === '\\' && scan.quote === '"') i++;
      else if (c === scan.quote && scan.quote === "'" && line[i + 1] === "'") i++;
      else if (c === scan.quote) scan.quote = null;
      continue;
    }
    const previous = i === 0 ? ' ' : line[i - 1];
    if (c === '#' && (previous === ' ' || previous === '\t')) return null;
    if ((c === '"' || c === "'") && SCALAR_START.has(previous)) scan.quote = c;
    else if (c === '[' || c === '{') scan.flowDepth++;
    else if ((c === ']' || c === '}') && scan.flowDepth > 0) scan.flowDepth--;
    else if (c === '\t' && scan.flowDepth === 0) return i;
    else if ((c === '|' || c === '>') && previous === ' ' && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i)))
      scan.blockScalarIndent = indent;
  }
  return null;
}
