// The Spanish translation is complete and the English bundle is never stale: every package.nls.json
// key and every `l10n.t` literal in src/ has a Spanish entry with the same placeholders and markup,
// and nothing is left in English unless it is on ALLOWED_IDENTICAL. The CLI stays English.
// When this fails after adding strings: `npm run l10n`, then translate the listed entries in
// l10n/bundle.l10n.es.json / package.nls.es.json with docs/l10n-glossary-es.md.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { loadCatalog } from '../../src/core/scaffold/catalog';
import {
  catalogTexts,
  catalogTranslationsFile,
  localizeCatalog,
  readCatalogTranslations,
} from '../../src/extension/scaffoldL10n';
import {
  markupSignature,
  packageJsonNlsKeys,
  placeholders,
  relativeImports,
  scanL10nCalls,
  sourceFiles,
} from './helpers/l10nSources';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

type Table = Record<string, string>;
const readJson = (file: string): Table => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Table;

/**
 * l10n/bundle.l10n.json as key → English message. A key is its message, except for
 * `l10n.t({ message, comment })`, which the export tool writes as `"message/comment": { message, comment }`.
 */
function englishBundle(): Table {
  const raw = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<
    string,
    string | { message: string; comment: string[] }
  >;
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : value.message]),
  );
}

/**
 * English texts whose Spanish is the same on purpose: product and tool names, DVC's own keywords,
 * command lines, and texts made only of placeholders and names.
 */
const ALLOWED_IDENTICAL = new Set([
  'MLOps',
  'MLOps Lens',
  'Pipelines',
  'DVCLive',
  'MLflow SQLite',
  'deps',
  'params',
  'outs',
  'wdir: {0}',
  'X',
  'Y',
  '{0} ({1}): {2}',
  '{0} (python.defaultInterpreterPath)',
  'dvc exp run [<name>] -S <setParams>…',
  'mlflow run . -e <name> -P <parameters>…',
  'make <name>',
  'Ruff',
  // conda's environment file, the whole of its line in the wizard.
  'environment.yml',
  'Dockerfile',
]);

/** A failure message that lists entries one a line, ready to paste into the Spanish file. */
function listing(title: string, keys: readonly string[], file: string): string {
  return `${keys.length} ${title} (${file}):\n${keys.map((k) => `  ${JSON.stringify(k)}: "",`).join('\n')}`;
}

function checkTranslation(english: Table, spanish: Table, spanishFile: string): string[] {
  const failures: string[] = [];
  const missing = Object.keys(english).filter((k) => !(k in spanish));
  const stale = Object.keys(spanish).filter((k) => !(k in english));
  if (missing.length) failures.push(listing('entries without a Spanish translation', missing, spanishFile));
  if (stale.length) failures.push(listing('Spanish entries whose English is gone', stale, spanishFile));
  for (const [key, en] of Object.entries(english)) {
    const es = spanish[key];
    if (es === undefined) continue;
    if (es.trim() === '') failures.push(`${spanishFile}: ${JSON.stringify(key)} is empty`);
    if (placeholders(en).join() !== placeholders(es).join())
      failures.push(
        `${spanishFile}: ${JSON.stringify(key)} has placeholders ${placeholders(es).join(' ') || 'none'}, English has ${placeholders(en).join(' ') || 'none'}`,
      );
    if (markupSignature(en).join('\n') !== markupSignature(es).join('\n'))
      failures.push(
        `${spanishFile}: ${JSON.stringify(key)} changes the Markdown links, code spans, bold or line breaks`,
      );
    if (es === en && !ALLOWED_IDENTICAL.has(en))
      failures.push(
        `${spanishFile}: ${JSON.stringify(key)} is still English (translate it, or add it to ALLOWED_IDENTICAL)`,
      );
  }
  return failures;
}

test('every l10n.t call in src/ is a direct call with a literal message (the export tool finds only those)', () => {
  const { misuses } = scanL10nCalls(SRC, ROOT);
  assert.deepEqual(misuses, [], misuses.join('\n'));
});

test('l10n/bundle.l10n.json holds exactly the l10n.t literals of src/ (run `npm run l10n` when not)', async () => {
  const bundle = englishBundle();
  const { calls } = scanL10nCalls(SRC, ROOT);
  const inSource = new Set(calls.map((c) => c.key));
  const missing = calls.filter((c) => !(c.key in bundle)).map((c) => `${c.where}: ${JSON.stringify(c.key)}`);
  const stale = Object.keys(bundle)
    .filter((k) => !inSource.has(k))
    .map((k) => JSON.stringify(k));
  assert.deepEqual(
    missing,
    [],
    `not in l10n/bundle.l10n.json — run \`npm run l10n\`:\n${missing.join('\n')}`,
  );
  assert.deepEqual(
    stale,
    [],
    `in l10n/bundle.l10n.json but no longer in src/ — run \`npm run l10n\`:\n${stale.join('\n')}`,
  );
  for (const { key, message } of calls)
    assert.equal(bundle[key], message, `the English bundle's message of ${key}`);
  // The project's export script must agree, so that `npm run l10n` leaves the bundle unchanged.
  const exported = await getL10nJson(
    sourceFiles(SRC)
      .map((file) => ({ extension: path.extname(file), contents: fs.readFileSync(file, 'utf8') }))
      // The tool skips files without "l10n" too, only more slowly.
      .filter((file) => file.contents.includes('l10n')),
  );
  assert.deepEqual(Object.keys(exported).sort(), Object.keys(bundle).sort());
});

test('package.json names only keys that package.nls.json defines', () => {
  const nls = readJson('package.nls.json');
  const used = [...packageJsonNlsKeys(readJson('package.json'))];
  assert.deepEqual(
    used.filter((k) => !(k in nls)),
    [],
  );
  assert.deepEqual(
    Object.keys(nls).filter((k) => !used.includes(k)),
    [],
    'package.nls.json keys that package.json no longer uses',
  );
});

test('package.nls.es.json translates every key of package.nls.json', () => {
  const failures = checkTranslation(
    readJson('package.nls.json'),
    readJson('package.nls.es.json'),
    'package.nls.es.json',
  );
  assert.deepEqual(failures, [], failures.join('\n\n'));
});

test('l10n/bundle.l10n.es.json translates every string of l10n/bundle.l10n.json', () => {
  const failures = checkTranslation(
    englishBundle(),
    readJson('l10n/bundle.l10n.es.json'),
    'l10n/bundle.l10n.es.json',
  );
  assert.deepEqual(failures, [], failures.join('\n\n'));
});

test('scaffolds/catalog.l10n.es.json translates every layout and option text of the New Project wizard', async () => {
  const catalog = await loadCatalog(path.join(ROOT, 'scaffolds'));
  const english = Object.fromEntries(catalogTexts(catalog).map((text) => [text, text]));
  const failures = checkTranslation(
    english,
    readJson('scaffolds/catalog.l10n.es.json'),
    'scaffolds/catalog.l10n.es.json',
  );
  assert.deepEqual(failures, [], failures.join('\n\n'));
});

test('the wizard gets the catalog in Spanish for es and es-MX, in English otherwise; ids and values unchanged', async () => {
  const root = path.join(ROOT, 'scaffolds');
  const catalog = await loadCatalog(root);
  assert.equal(catalogTranslationsFile(root, 'en'), undefined);
  assert.equal(catalogTranslationsFile(root, 'de'), undefined);
  assert.equal(catalogTranslationsFile(root, 'es-MX'), path.join(root, 'catalog.l10n.es.json'));
  const spanish = localizeCatalog(catalog, readCatalogTranslations(root, 'es'));
  const tracker = spanish.options.find((o) => o.name === 'tracker');
  assert.equal(tracker?.label, 'Seguimiento de experimentos');
  assert.deepEqual(tracker?.values, ['mlflow', 'dvclive', 'wandb', 'none']);
  assert.equal(spanish.layouts.find((l) => l.id === 'dvc-pipeline')?.title, 'Pipeline de DVC');
  // The one-line summaries and the per-value lines the wizard shows (they were left in English).
  assert.match(spanish.layouts.find((l) => l.id === 'dvc-pipeline')?.summary ?? '', /con DVCLive/);
  assert.equal(tracker?.details?.wandb, 'Weights & Biases en modo sin conexión');
  assert.deepEqual(
    spanish.layouts.map((l) => l.id),
    catalog.layouts.map((l) => l.id),
  );
  assert.deepEqual(localizeCatalog(catalog, readCatalogTranslations(root, 'en')).layouts, catalog.layouts);
  assert.equal(
    catalog.layouts.find((l) => l.id === 'dvc-pipeline')?.title,
    'DVC pipeline',
    'the original is untouched',
  );
});

test('the check itself: a missing key, a lost placeholder, a broken link and an untranslated entry fail', () => {
  const english = { a: 'Open {0}', b: '[Refresh](command:x.refresh)', c: 'Runs', d: 'MLOps' };
  const failures = checkTranslation(
    english,
    { a: 'Abrir', b: '[Actualizar](command:x.refrescar)', c: 'Runs', d: 'MLOps', e: 'sobra' },
    'es.json',
  );
  assert.equal(failures.length, 4, failures.join('\n'));
  assert.match(failures.join('\n'), /"e": ""/);
  assert.match(
    checkTranslation(english, {}, 'es.json')[0],
    /^4 entries without a Spanish translation \(es\.json\):\n {2}"a": "",/,
  );
});

test('the CLI never loads VS Code or its l10n: its messages stay English', () => {
  const seen = new Set<string>();
  const queue = [path.join(SRC, 'cli', 'main.ts'), path.join(SRC, 'cli', 'launcher.ts')];
  const offenders: string[] = [];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of relativeImports(file)) {
      if (spec === 'vscode' || spec.startsWith('@vscode/l10n'))
        offenders.push(`${path.relative(ROOT, file)} imports ${spec}`);
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec.replace(/\.js$/, ''));
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (target) queue.push(target);
    }
  }
  assert.ok(seen.size > 20, `followed the CLI's imports (${seen.size} files)`);
  assert.deepEqual(offenders, []);
});

test('the CLI prints the same English with a Spanish locale in the environment', () => {
  const run = (env: NodeJS.ProcessEnv, args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(SRC, 'cli', 'main.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...env,
        MLOPS_LENS_INDEX_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-cli-')),
      },
    });
  const english = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', LANGUAGE: 'en' };
  const spanish = {
    LANG: 'es_ES.UTF-8',
    LC_ALL: 'es_ES.UTF-8',
    LANGUAGE: 'es',
    VSCODE_NLS_CONFIG: JSON.stringify({ locale: 'es', osLocale: 'es', availableLanguages: {} }),
  };
  for (const args of [['--help'], ['runs', '--bogus'], ['runs', 'test/fixtures/mlflow/filestore']]) {
    const en = run(english, args);
    const es = run(spanish, args);
    assert.match(en.stdout + en.stderr, /[a-z]{3}/, `${args.join(' ')} printed something`);
    assert.equal(es.stdout, en.stdout, `stdout of ${args.join(' ')}`);
    assert.equal(es.stderr, en.stderr, `stderr of ${args.join(' ')}`);
    assert.equal(es.status, en.status);
  }
});
