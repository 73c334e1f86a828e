// The localized strings a panel's host puts in the page (data-strings on the root element): every key
// the panel knows gets a string; a missing or malformed one shows its key rather than nothing.

export function parseStrings<K extends string>(
  raw: string | null | undefined,
  keys: readonly K[],
): Record<K, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '{}');
  } catch {
    parsed = {};
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const strings = {} as Record<K, string>;
  for (const key of keys) {
    const value = record[key];
    strings[key] = typeof value === 'string' ? value : key;
  }
  return strings;
}
