// The persistent hash cache of the commands that hash workspace files (`stages`, `diff`,
// `data-status`): one file per set of roots under $MLOPS_LENS_INDEX_CACHE. Kept apart from the
// commands so that each loads alone.
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { HashCache } from '../core/pipeline/hashCache';

export function hashCacheFor(roots: string[], useCache: boolean): HashCache {
  if (!useCache) return new HashCache();
  const dir = process.env.MLOPS_LENS_INDEX_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'index');
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([...roots].sort()))
    .digest('hex');
  return HashCache.load(path.join(dir, `hashes-${key}.json`));
}
