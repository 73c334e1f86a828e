// The New Project wizard's texts that come from the template tree (layout titles and descriptions,
// option labels and descriptions) in VS Code's display language. scaffolds/catalog.l10n.<lang>.json
// maps each English text to its translation, as l10n/bundle.l10n.<lang>.json does for the code;
// a text without an entry stays English. The CLI's `scaffold` command reads the English tree as is.
// No `vscode` import, so that the unit tests check the files against the real catalog.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScaffoldCatalog } from '../core/scaffold/catalog';

export type CatalogTranslations = Readonly<Record<string, string>>;

/** scaffolds/catalog.l10n.<lang>.json for a VS Code language such as `es` or `es-mx` (its base language too). */
export function catalogTranslationsFile(root: string, language: string): string | undefined {
  const lower = language.toLowerCase();
  const candidates = [lower, lower.split('-')[0]].filter((l) => l !== '' && !l.startsWith('en'));
  return candidates.map((l) => path.join(root, `catalog.l10n.${l}.json`)).find((file) => fs.existsSync(file));
}

/** The translations for `language`; none (English) when there is no file or it cannot be read. */
export function readCatalogTranslations(root: string, language: string): CatalogTranslations {
  const file = catalogTranslationsFile(root, language);
  if (!file) return {};
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/** Every text of the catalog a user sees in the wizard, in English. */
export function catalogTexts(catalog: ScaffoldCatalog): string[] {
  return [
    ...catalog.layouts.flatMap((layout) => [
      layout.title,
      layout.description,
      ...(layout.summary === undefined ? [] : [layout.summary]),
    ]),
    ...catalog.options.flatMap((option) => [
      option.label,
      option.description,
      ...Object.values(option.details ?? {}),
    ]),
  ];
}

/** A copy of the catalog with its user-facing texts translated (ids, names and values unchanged). */
export function localizeCatalog(
  catalog: ScaffoldCatalog,
  translations: CatalogTranslations,
): ScaffoldCatalog {
  const t = (text: string): string => translations[text] || text;
  return {
    ...catalog,
    layouts: catalog.layouts.map((layout) => ({
      ...layout,
      title: t(layout.title),
      description: t(layout.description),
      ...(layout.summary === undefined ? {} : { summary: t(layout.summary) }),
    })),
    options: catalog.options.map((option) => ({
      ...option,
      label: t(option.label),
      description: t(option.description),
      ...(option.details === undefined
        ? {}
        : {
            details: Object.fromEntries(
              Object.entries(option.details).map(([value, line]) => [value, t(line)]),
            ),
          }),
    })),
  };
}
