// Parsing of DVC's status words as statusSummary joins them ("changed deps, params, missing outs"),
// so that the view can word each group in the display language (dvcWords.ts). Pure: unit-tested.

export type DvcDetailPart =
  /** "changed deps, params" → verb changed, objects [deps, params]. */
  | { verb: 'changed' | 'missing'; objects: string[] }
  /** A whole phrase: "always changed", "not in cache", "modified", "deleted", "new", … */
  | { phrase: string };

export function parseDvcDetail(detail: string): DvcDetailPart[] {
  const parts: DvcDetailPart[] = [];
  for (const piece of detail.split(', ')) {
    const grouped = /^(changed|missing) (.+)$/.exec(piece);
    const last = parts.at(-1);
    if (grouped) parts.push({ verb: grouped[1] as 'changed' | 'missing', objects: [grouped[2]] });
    else if (last && 'verb' in last && !piece.includes(' ')) last.objects.push(piece);
    else parts.push({ phrase: piece });
  }
  return parts;
}

/** A reason line: "changed deps: src/prepare.py (modified)" → category, the rest, the change word. */
export function splitDvcReason(reason: string): { category: string; middle: string; change?: string } {
  const colon = reason.indexOf(':');
  if (colon < 0) return { category: reason.trim(), middle: '' };
  const rest = reason.slice(colon);
  const change = /\((modified|deleted|new|not in cache)\)$/.exec(rest);
  return change
    ? { category: reason.slice(0, colon).trim(), middle: rest.slice(0, change.index), change: change[1] }
    : { category: reason.slice(0, colon).trim(), middle: rest };
}
