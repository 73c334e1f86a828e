// The folder comparison model without DVC: `dvc diff` sets laid out as a tree of sub-folders with
// counts and size deltas rolled up, renamed files under their new path, files paged (100,000 entries
// built and paged quickly), the Comparison nodes and their labels, file kinds, local remotes, and the
// Data Image panel's message and state validation. test/fidelity/data-folder.test.ts checks the sets
// against DVC.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DataDiff } from '../../src/core/data/diff';
import { entriesOfDiff, FolderDiffTree, type FolderDiffEntry } from '../../src/core/data/folderDiff';
import { localRemoteDirs, ObjectStore } from '../../src/core/data/objects';
import { buildDataImageHtml } from '../../src/views/dataImage/html';
import {
  hasImageSignature,
  isImageKey,
  parseHostMessage,
  parseImagePanelState,
  parseWebviewMessage,
} from '../../src/views/dataImage/protocol';
import {
  comparisonChildren,
  describeCounts,
  type ComparisonInfo,
} from '../../src/views/data/comparisonNodes';
import { fetchArgs } from '../../src/views/data/fetchPlan';
import { fileKind } from '../../src/views/data/fileKind';
import { folderPage, loadDataProject } from '../../src/views/data/dataModel';
import { HashCache } from '../../src/core/pipeline/hashCache';

const scratches: string[] = [];
after(() => scratches.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-folder-'));
  scratches.push(dir);
  return dir;
}

const md5 = (n: number) => n.toString(16).padStart(32, '0');
const sep = path.sep;
const shown = (key: string) => key.split('/').join(sep);

/** A diff as `dataDiff` returns it for `images`: a folder entry and its files. */
function sampleDiff(): DataDiff {
  return {
    added: [{ path: shown('images/shapes/green.png'), hash: md5(1) }],
    deleted: [{ path: shown('images/shapes/blue.png'), hash: md5(2) }],
    modified: [
      { path: `images${sep}`, hash: { old: `${md5(3)}.dir`, new: `${md5(4)}.dir` } },
      { path: shown('images/flower.jpg'), hash: { old: md5(5), new: md5(6) } },
      { path: shown('images/model.pkl'), hash: { old: md5(7), new: md5(8) } },
    ],
    renamed: [
      { path: { old: shown('images/noise.png'), new: shown('images/textures/noise.png') }, hash: md5(9) },
    ],
    'not in cache': [],
  };
}

/** Sizes by hash; md5(7) (model.pkl's old object) is not here. */
const SIZES: Record<string, number> = {
  [md5(1)]: 300,
  [md5(2)]: 484,
  [md5(5)]: 7000,
  [md5(6)]: 7736,
  [md5(8)]: 73,
  [md5(9)]: 11503,
};
const sizes = {
  oldSide: (_key: string, hash: { value: string }) => SIZES[hash.value],
  newSide: (_key: string, hash: { value: string }) => SIZES[hash.value],
};

describe('FolderDiffTree', () => {
  const tree = new FolderDiffTree('images', entriesOfDiff(sampleDiff(), 'md5', sizes));

  it('leaves the folder entry out and keeps every file of the diff once', () => {
    const keys = [...tree.entries()].map((e) => `${e.status} ${e.key}`);
    assert.deepEqual(keys, [
      'modified images/flower.jpg',
      'modified images/model.pkl',
      'deleted images/shapes/blue.png',
      'added images/shapes/green.png',
      'renamed images/textures/noise.png',
    ]);
  });

  it('rolls counts and size deltas up to every folder, and counts the sizes it cannot tell', () => {
    assert.deepEqual(tree.root.counts, {
      added: 1,
      deleted: 1,
      modified: 2,
      renamed: 1,
      sizeDelta: 300 - 484 + 736,
      unknownSizes: 1,
    });
    assert.deepEqual(tree.dir('images/shapes')?.counts, {
      added: 1,
      deleted: 1,
      modified: 0,
      renamed: 0,
      sizeDelta: -184,
      unknownSizes: 0,
    });
    assert.equal(describeCounts(tree.root.counts), '+1 −1 ~2 →1 · +552 B ?');
    assert.equal(describeCounts(tree.dir('images/shapes')!.counts), '+1 −1 · −184 B');
  });

  it('puts a renamed file under its new path, with its old path and one hash', () => {
    const [noise] = tree.dir('images/textures')?.files ?? [];
    assert.equal(noise.oldKey, 'images/noise.png');
    assert.deepEqual(noise.oldHash, noise.newHash);
    assert.equal(tree.dir('images/textures')?.counts.sizeDelta, 0);
  });

  it('lists sub-folders, then files, and pages the files', () => {
    const page = tree.page('images', 1);
    assert.deepEqual(
      page.dirs.map((d) => d.key),
      ['images/shapes', 'images/textures'],
    );
    assert.deepEqual(
      page.files.map((f) => f.key),
      ['images/flower.jpg'],
    );
    assert.equal(page.remaining, 1);
    assert.equal(tree.page('images', 10).remaining, 0);
    assert.deepEqual(tree.page('nowhere', 10), { dirs: [], files: [], remaining: 0 });
  });

  it('builds and pages 100,000 entries in well under a second', () => {
    const entries: FolderDiffEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      const status = (['added', 'deleted', 'modified'] as const)[i % 3];
      entries.push({
        key: `big/part-${i % 50}/file-${i}.bin`,
        status,
        oldHash: status === 'added' ? null : { name: 'md5', value: md5(i) },
        newHash: status === 'deleted' ? null : { name: 'md5', value: md5(i + 1) },
        oldSize: 10,
        newSize: 12,
      });
    }
    const started = performance.now();
    const big = new FolderDiffTree('big', entries);
    const page = big.page('big/part-7', 500);
    const elapsed = performance.now() - started;
    assert.equal(big.root.counts.added + big.root.counts.deleted + big.root.counts.modified, 100_000);
    assert.equal(big.root.dirs.length, 50);
    assert.equal(page.files.length, 500);
    assert.equal(page.remaining, 2000 - 500);
    assert.ok(elapsed < 3000, `built and paged in ${elapsed.toFixed(0)} ms`);
    console.log(`100,000 entries built and paged in ${elapsed.toFixed(0)} ms`);
  });
});

describe('Comparison nodes', () => {
  const tree = new FolderDiffTree('images', entriesOfDiff(sampleDiff(), 'md5', sizes));
  const info: ComparisonInfo = {
    root: '/p',
    folderKey: 'images',
    aRev: 'a'.repeat(40),
    aLabel: 'v1',
    bRev: 'b'.repeat(40),
    bLabel: 'v2',
    result: { tree, missing: [{ rev: 'a'.repeat(40), outKey: 'images', path: '/p/.dvc/cache/x.dir' }] },
  };

  it('shows the missing manifests first, then sub-folders, files and Show more', () => {
    const children = comparisonChildren({ kind: 'comparison', info }, () => 1);
    assert.deepEqual(
      children.map((c) => c.kind),
      ['cmpMissing', 'cmpDir', 'cmpDir', 'cmpFile', 'cmpMore'],
    );
    const dir = children.find((c) => c.kind === 'cmpDir');
    assert.ok(dir);
    assert.deepEqual(
      comparisonChildren(dir, () => 500).map((c) => (c.kind === 'cmpFile' ? c.entry.key : c.kind)),
      ['images/shapes/blue.png', 'images/shapes/green.png'],
    );
  });

  it('shows a failed comparison as one problem', () => {
    const failed: ComparisonInfo = {
      ...info,
      result: { problem: { path: 'nope', reason: "unknown Git revision 'nope'" } },
    };
    const [only, ...rest] = comparisonChildren({ kind: 'comparison', info: failed }, () => 10);
    assert.equal(rest.length, 0);
    assert.equal(only.kind, 'cmpProblem');
  });
});

const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
const JPEG_HEAD = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

describe('fileKind', () => {
  it('opens images by extension and signature, tables by extension, text by content, anything else as binary', () => {
    assert.equal(fileKind('a/b.png', [PNG_HEAD, PNG_HEAD]), 'image');
    assert.equal(fileKind('a/b.JPG', [JPEG_HEAD]), 'image');
    assert.equal(fileKind('a/b.csv', [Buffer.from('x,y\n1,2\n')]), 'table');
    assert.equal(fileKind('a/b.parquet', [Buffer.from('PAR1')]), 'table');
    assert.equal(fileKind('a/b.yaml', [Buffer.from('x: 1\n')]), 'text');
    assert.equal(fileKind('model.pkl', [Buffer.from([0x80, 4, 0x95, 0, 0, 0])]), 'binary');
    assert.equal(
      fileKind('b.png', [PNG_HEAD, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])]),
      'binary',
    );
    assert.ok(isImageKey('x/y.webp') && !isImageKey('png') && !isImageKey('x.png/y'));
    assert.ok(!hasImageSignature(null));
  });
});

describe('ObjectStore and local remotes', () => {
  it('reads an object from a local remote when the cache lacks it, and names the cache path otherwise', () => {
    const root = scratch();
    fs.mkdirSync(path.join(root, '.dvc'));
    fs.writeFileSync(
      path.join(root, '.dvc', 'config'),
      '[core]\n    remote = local\n[\'remote "local"\']\n    url = ../store\n[\'remote "s3"\']\n    url = s3://bucket/x\n',
    );
    fs.writeFileSync(path.join(root, '.dvc', 'config.local'), '[\'remote "other"\']\n    url = /elsewhere\n');
    assert.deepEqual(localRemoteDirs(root), [path.join(root, 'store'), path.resolve('/elsewhere')]);
    const hash = { name: 'md5', value: md5(42) };
    const inRemote = path.join(root, 'store', 'files', 'md5', hash.value.slice(0, 2), hash.value.slice(2));
    fs.mkdirSync(path.dirname(inRemote), { recursive: true });
    fs.writeFileSync(inRemote, 'bytes');
    const store = new ObjectStore(root);
    assert.deepEqual(store.locate(hash), { file: inRemote, where: 'remote' });
    assert.equal(store.size(hash), 5);
    const absent = store.locate({ name: 'md5', value: md5(43) });
    assert.ok('missing' in absent && absent.missing.startsWith(path.join(root, '.dvc', 'cache')));
  });
});

describe('Data Image panel protocol', () => {
  it('accepts only its own messages and clamps its saved state', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.equal(parseWebviewMessage({ type: 'open', path: '/etc/passwd' }), undefined);
    assert.deepEqual(parseImagePanelState({ mode: 'onion', position: 400 }), {
      mode: 'onion',
      position: 100,
    });
    assert.deepEqual(parseImagePanelState({ mode: 'explode', position: 'x' }), {
      mode: 'side',
      position: 50,
    });
    assert.equal(
      parseHostMessage({ type: 'show', view: { kind: 'pair', title: 't', left: { label: 1 } } }),
      undefined,
    );
    const grid = parseHostMessage({
      type: 'show',
      view: { kind: 'grid', title: 't', added: [{ label: 'a', src: 's' }, 7], removed: [] },
    });
    assert.deepEqual(grid?.view, {
      kind: 'grid',
      title: 't',
      added: [{ label: 'a', src: 's' }],
      removed: [],
    });
  });
});

describe('granular status of the files of folders (Data view)', () => {
  it('tags the changed files of a folder output with their dvc data status --granular lines', async () => {
    const dir = scratch();
    execFileSync('tar', [
      '-xzf',
      path.join(__dirname, '..', 'fixtures', 'data-images', 'repo.tar.gz'),
      '-C',
      dir,
    ]);
    const root = path.join(dir, 'repo');
    const project = await loadDataProject(root, new HashCache());
    const images = project.outs.find((out) => out.key === 'images');
    assert.deepEqual(project.problems, []);
    assert.deepEqual(images?.fileStates, { 'shapes/yellow.png': [{ state: 'added', stage: 'committed' }] });
    assert.ok(images);
    const page = folderPage(project.cacheDir, images, 100);
    const tagged = page.files.filter((f) => f.states).map((f) => [f.relpath, f.states]);
    assert.deepEqual(tagged, [['shapes/yellow.png', [{ state: 'added', stage: 'committed' }]]]);
  });
});

describe('Data Image panel HTML', () => {
  it("has the CSP of every panel: nothing by default, the script by nonce, images only from the webview's source", () => {
    const html = buildDataImageHtml({
      nonce: 'abcdefghijklmnopqrstuvwx',
      cspSource: 'https://webview.example',
      scriptUri: 'https://webview.example/dist/webview/dataImage.js',
      styleUris: ['https://webview.example/media/dataImage.css'],
      title: 'flower.jpg <v1>',
      loadingText: 'Loading…',
      lang: 'es',
      strings: {
        sideBySide: 'En paralelo',
        swipe: 's',
        onionSkin: 'o',
        slider: 'p',
        added: 'a',
        removed: 'r',
        none: 'n',
        loadFailed: 'f',
      },
    });
    const csp = /Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abcdefghijklmnopqrstuvwx'/);
    assert.match(csp, /img-src https:\/\/webview\.example(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|data:/);
    assert.doesNotMatch(html, /<style|style="/);
    assert.match(html, /flower\.jpg &lt;v1&gt;/);
    assert.match(html, /data-strings="\{&quot;sideBySide&quot;:&quot;En paralelo&quot;/);
  });
});

describe('Fetch', () => {
  it('fetches a committed version (every commit of the target: dvc fetch has no --rev), pulls the workspace one, and never passes a path as an option', () => {
    assert.deepEqual(fetchArgs({ root: '/p', key: 'images/model.pkl', rev: 'abc' }), [
      'fetch',
      '--all-commits',
      'images/model.pkl',
    ]);
    assert.deepEqual(fetchArgs({ root: '/p', key: 'data/x.csv' }), ['pull', 'data/x.csv']);
    assert.deepEqual(fetchArgs({ root: '/p', key: '--all-commits' }), ['pull', './--all-commits']);
  });
});
