// Globs of `files:` rules in scaffold.yaml: `*` (within a segment), `**` (any number of segments),
// `?` (one character). A pattern also matches everything below a folder it matches, so `tests`
// covers `tests/test_data.py`. Braces are literal, so `src/{{ package }}/api.py` matches itself.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function globToRegExp(pattern: string): RegExp {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i]!;
    if (ch === '*' && trimmed[i + 1] === '*') {
      const slashAfter = trimmed[i + 2] === '/';
      // "**/" matches zero or more whole segments; a final "**" matches the rest.
      source += slashAfter ? '(?:[^/]+/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** Whether a `files:` rule's glob covers a template, named with or without its `.tmpl` suffix. */
export function ruleMatches(matcher: RegExp, source: string): boolean {
  return matcher.test(source) || (source.endsWith('.tmpl') && matcher.test(source.slice(0, -'.tmpl'.length)));
}
