// Small helpers of the Compare Runs panel's DOM code (the builder itself is ../shared/dom).

/** Only `#rrggbb` reaches a style: colours come from the host, but are checked like any input. */
export function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#888888';
}

/** Fills `text` ({0}-style) with `value`. */
export function format(text: string, value: string | number): string {
  return text.replace('{0}', String(value));
}
