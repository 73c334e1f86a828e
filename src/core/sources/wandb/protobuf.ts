// The protobuf wire format, only as far as W&B's log needs it: fields are walked one by one and
// unknown ones skipped (a newer wandb adds fields; an older reader must still read the rest).

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

export interface Field {
  number: number;
  wireType: number;
  /** Varints (as a JS number; exact up to 2^53, enough for steps, codes and seconds). */
  varint: number;
  /** A varint's low 32 bits as a signed int32 (protobuf writes a negative int32 as 10 bytes). */
  int32: number;
  /** Length-delimited fields and fixed-width ones: where their bytes lie in the buffer. */
  start: number;
  end: number;
}

export class ProtobufError extends Error {}

const textDecoder = new TextDecoder('utf-8');

/** Calls `onField` for each field of the message in bytes[start, end). Throws ProtobufError on bad framing. */
export function forEachField(
  bytes: Uint8Array,
  onField: (field: Field) => void,
  start = 0,
  end = bytes.length,
): void {
  let offset = start;
  const field: Field = { number: 0, wireType: 0, varint: 0, int32: 0, start: 0, end: 0 };
  while (offset < end) {
    const [tag, afterTag] = readVarint(bytes, offset, end, field);
    field.number = Math.floor(tag / 8);
    field.wireType = tag % 8;
    field.varint = 0;
    field.int32 = 0;
    offset = afterTag;
    if (field.number === 0) throw new ProtobufError(`field number 0 at byte ${offset}`);
    switch (field.wireType) {
      case VARINT: {
        const [value, next] = readVarint(bytes, offset, end, field);
        field.varint = value;
        field.start = offset;
        offset = field.end = next;
        break;
      }
      case FIXED64:
        field.start = offset;
        offset = field.end = offset + 8;
        break;
      case FIXED32:
        field.start = offset;
        offset = field.end = offset + 4;
        break;
      case LENGTH_DELIMITED: {
        const [length, next] = readVarint(bytes, offset, end, field);
        field.start = next;
        offset = field.end = next + length;
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${field.wireType} at byte ${offset}`);
    }
    if (offset > end) throw new ProtobufError(`field ${field.number} runs past the end of its message`);
    onField(field);
  }
}

/** Reads a varint; its low 32 bits go to `into.int32`. */
function readVarint(bytes: Uint8Array, offset: number, end: number, into: Field): [number, number] {
  let value = 0;
  let scale = 1;
  let low = 0;
  for (let i = offset; i < end && i < offset + 10; i++) {
    const byte = bytes[i];
    value += (byte & 0x7f) * scale;
    const shift = (i - offset) * 7;
    if (shift < 32) low |= (byte & 0x7f) << shift;
    scale *= 128;
    if (byte < 0x80) {
      into.int32 = low | 0;
      return [value, i + 1];
    }
  }
  throw new ProtobufError(`unterminated varint at byte ${offset}`);
}

/** A string field; short ASCII ones (keys, numbers) without TextDecoder, which is slow for them. */
export function fieldText(bytes: Uint8Array, field: Field): string {
  const { start, end } = field;
  if (end - start > 64) return textDecoder.decode(bytes.subarray(start, end));
  let text = '';
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte >= 0x80) return textDecoder.decode(bytes.subarray(start, end));
    text += String.fromCharCode(byte);
  }
  return text;
}

export function fieldDouble(bytes: Uint8Array, field: Field): number {
  return new DataView(bytes.buffer, bytes.byteOffset + field.start, 8).getFloat64(0, true);
}
