// smol-toml is an ES module with a CommonJS build beside it. TypeScript's Node16 mode (this
// project compiles to CommonJS) only types the ES entry, so the CommonJS build is required here
// once, typed from the ES entry's declarations.
type SmolToml = typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });

// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const smolToml = require('smol-toml') as SmolToml;

/** Parses TOML text (throws smol-toml's TomlError with line and column on bad input). */
export function parseToml(text: string): Record<string, unknown> {
  return smolToml.parse(text);
}
