// What kind of file two versions are, so a comparison opens the right view: text in VS Code's diff
// editor, images in the Data Image panel, anything else (pickles, models, archives, unknown
// binaries) described by hash, size and date — never deserialized. An image is an image only when
// its bytes say so (a binary named .png is "binary").
import { hasImageSignature, isImageKey } from '../dataImage/protocol';
import { looksLikeText } from './dataContent';

export type FileKind = 'text' | 'image' | 'binary';

/** The kind of `key` given the first bytes of each side (null: a side that cannot be read). */
export function fileKind(key: string, heads: readonly (Uint8Array | null)[]): FileKind {
  if (isImageKey(key) && heads.every(hasImageSignature)) return 'image';
  if (heads.every((head) => looksLikeText(key, head))) return 'text';
  return 'binary';
}
