// The DVC project around a file: its root (the nearest folder with a `.dvc` directory) and the
// settings of `.dvc/config` + `.dvc/config.local` this reader needs (cache location, `[parsing]`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../../pipeline/fileAccess';
import type { ParsingConfig } from './interpolate';

export interface DvcRepoConfig {
  /** Absolute path of the DVC project root. */
  root: string;
  /** Absolute path of the cache (default `.dvc/cache`). */
  cacheDir: string;
  parsing: ParsingConfig;
}

/** The nearest folder at or above `start` holding a `.dvc` directory, or undefined. */
export function findDvcRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    try {
      if (fs.statSync(path.join(dir, '.dvc')).isDirectory()) return dir;
    } catch {
      // not here: keep going up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Minimal INI reader for DVC's config (configobj): `[section]` and `key = value` lines. */
export function parseDvcConfig(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      const name = section[1].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
      current = sections[name] ??= {};
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current) current[pair[1].trim()] = pair[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return sections;
}

function readConfig(file: string): Record<string, Record<string, string>> {
  try {
    return parseDvcConfig(readRegularFile(file));
  } catch {
    return {};
  }
}

export function readDvcRepoConfig(root: string): DvcRepoConfig {
  const dvcDir = path.join(root, '.dvc');
  const shared = readConfig(path.join(dvcDir, 'config'));
  const local = readConfig(path.join(dvcDir, 'config.local'));
  const cacheDirSetting = local.cache?.dir ?? shared.cache?.dir;
  const parsingSection = { ...shared.parsing, ...local.parsing };
  const parsing: ParsingConfig = {};
  if (parsingSection.bool === 'boolean_optional' || parsingSection.bool === 'store_true') {
    parsing.bool = parsingSection.bool;
  }
  if (parsingSection.list === 'append' || parsingSection.list === 'nargs') parsing.list = parsingSection.list;
  return {
    root,
    // A relative cache dir in the config is relative to the .dvc folder that holds the config.
    cacheDir: cacheDirSetting ? path.resolve(dvcDir, cacheDirSetting) : path.join(dvcDir, 'cache'),
    parsing,
  };
}

/** Reads a file as UTF-8, or undefined when it is missing or not a regular file (a FIFO would block). */
export function readTextFile(file: string): string | undefined {
  try {
    return readRegularFile(file);
  } catch {
    return undefined;
  }
}
