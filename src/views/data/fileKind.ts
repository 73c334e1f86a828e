// What kind of file two versions are, so a comparison opens the right view: text in VS Code's diff
// editor, tables in the Data Diff panel, images in the Data Image panel, anything else (pickles, models, archives, unknown
// binaries) described by hash, size and date — never deserialized. An image is an image only when
// its bytes say so (a binary named .png is "binary").
import { hasImageSignature, isImageKey } from '../dataImage/protocol';
import { isTableFile } from '../dataDiff/model';
import { looksLikeText } from './dataContent';

export type FileKind = 'text' | 'image' | 'table' | 'binary';

/** The kind of `key` given the first bytes of each side (null: a side that cannot be read). */
export function fileKind(key: string, heads: readonly (Uint8Array | null)[]): FileKind {
  if (isImageKey(key) && heads.every(hasImageSignature)) return 'image';
  // The Data Diff panel reads tables itself and says why when one is not readable (a binary .csv).
  if (isTableFile(key)) return 'table';
  if (heads.every((head) => looksLikeText(key, head))) return 'text';
  return 'binary';
}
