// TensorBoard's `Event` protobuf (tensorflow/core/util/event.proto), only as far as scalars and the
// hparams plugin need it. Unknown fields are skipped (a newer writer may add some).
//   Event: wall_time 1 (double), step 2 (int64), file_version 3, summary 5
//   Summary: value 1 (repeated) · Value: tag 1, simple_value 2 (float), tensor 8, metadata 9
//   SummaryMetadata: plugin_data 1 (plugin_name 1, content 2)
//   TensorProto: dtype 1, tensor_shape 2, tensor_content 4, float_val 5, double_val 6, int_val 7,
//     int64_val 10, bool_val 11, half_val 13 · TensorShapeProto: dim 2
import { fieldText, FIXED32, FIXED64, forEachField, LENGTH_DELIMITED, type Field } from '../wandb/protobuf';
import { decodeHparams, type HparamValue } from './hparams';

export interface ScalarValue {
  tag: string;
  value: number;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  scalars: ScalarValue[];
  hparams?: Record<string, HparamValue>;
}

/** The plugin each tag's first metadata named; writers send metadata with a tag's first value only. */
export type TagPlugins = Record<string, string>;

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_BOOL = 10;
const DT_HALF = 19;

interface RawValue {
  tag: string;
  simple?: number;
  tensor?: Field;
  plugin?: string;
  pluginContent?: Field;
}

// Numbers are copied into an aligned scratch buffer (a DataView per value costs more than the read;
// typed arrays are little-endian on every platform Node runs on, as event files are).
const scratch = new Uint8Array(8);
const scratch32 = new Float32Array(scratch.buffer, 0, 1);
const scratch64 = new Float64Array(scratch.buffer, 0, 1);

function float32At(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 4; i++) scratch[i] = bytes[at + i];
  return scratch32[0];
}

function float64At(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratch[i] = bytes[at + i];
  return scratch64[0];
}

export function decodeEvent(bytes: Uint8Array, plugins: TagPlugins): DecodedEvent {
  const event: DecodedEvent = { wallTime: 0, step: 0, scalars: [] };
  forEachField(bytes, (field) => {
    if (field.number === 1 && field.wireType === FIXED64) event.wallTime = float64At(bytes, field.start);
    else if (field.number === 2 && field.wireType === 0) event.step = field.varint;
    else if (field.number === 5 && field.wireType === LENGTH_DELIMITED) {
      const { start, end } = field;
      forEachField(
        bytes,
        (value) => {
          if (value.number === 1 && value.wireType === LENGTH_DELIMITED)
            addValue(event, bytes, decodeValue(bytes, value.start, value.end), plugins);
        },
        start,
        end,
      );
    }
  });
  return event;
}

function decodeValue(bytes: Uint8Array, start: number, end: number): RawValue {
  const raw: RawValue = { tag: '' };
  forEachField(
    bytes,
    (field) => {
      if (field.number === 1 && field.wireType === LENGTH_DELIMITED) raw.tag = fieldText(bytes, field);
      else if (field.number === 2 && field.wireType === FIXED32) raw.simple = float32At(bytes, field.start);
      else if (field.number === 8 && field.wireType === LENGTH_DELIMITED) raw.tensor = { ...field };
      else if (field.number === 9 && field.wireType === LENGTH_DELIMITED) decodeMetadata(bytes, field, raw);
    },
    start,
    end,
  );
  return raw;
}

function decodeMetadata(bytes: Uint8Array, metadata: Field, raw: RawValue): void {
  forEachField(
    bytes,
    (field) => {
      if (field.number !== 1 || field.wireType !== LENGTH_DELIMITED) return;
      forEachField(
        bytes,
        (plugin) => {
          if (plugin.wireType !== LENGTH_DELIMITED) return;
          if (plugin.number === 1) raw.plugin = fieldText(bytes, plugin);
          else if (plugin.number === 2) raw.pluginContent = { ...plugin };
        },
        field.start,
        field.end,
      );
    },
    metadata.start,
    metadata.end,
  );
}

function addValue(event: DecodedEvent, bytes: Uint8Array, raw: RawValue, plugins: TagPlugins): void {
  if (raw.plugin !== undefined && !(raw.tag in plugins)) plugins[raw.tag] = raw.plugin;
  const plugin = Object.hasOwn(plugins, raw.tag) ? plugins[raw.tag] : undefined;
  if (plugin === 'hparams' && raw.pluginContent) {
    const { start, end } = raw.pluginContent;
    const hparams = decodeHparams(bytes.subarray(start, end));
    if (hparams) event.hparams = { ...event.hparams, ...hparams };
    return;
  }
  if (raw.simple !== undefined) event.scalars.push({ tag: raw.tag, value: raw.simple });
  else if (raw.tensor && (plugin === undefined || plugin === 'scalars')) {
    const value = tensorScalar(bytes, raw.tensor);
    if (value !== undefined) event.scalars.push({ tag: raw.tag, value });
  }
}

/** A tensor holding one number (TF2's and PyTorch's scalar summaries), else undefined. */
export function tensorScalar(bytes: Uint8Array, tensor: Field): number | undefined {
  let dtype = 0;
  let dims = 0;
  const values: number[] = [];
  let content: Field | undefined;
  forEachField(
    bytes,
    (field) => {
      if (field.number === 1 && field.wireType === 0) dtype = field.varint;
      else if (field.number === 2 && field.wireType === LENGTH_DELIMITED)
        forEachField(bytes, (d) => void (d.number === 2 && dims++), field.start, field.end);
      else if (field.number === 4 && field.wireType === LENGTH_DELIMITED) content = { ...field };
      else collectRepeated(bytes, field, values);
    },
    tensor.start,
    tensor.end,
  );
  if (dims > 0) return undefined;
  if (content) return contentScalar(bytes, dtype, content);
  if (values.length !== 1) return undefined;
  return dtype === DT_HALF ? halfToNumber(values[0]) : values[0];
}

/** float_val / double_val / int_val / int64_val / bool_val / half_val, packed or not. */
function collectRepeated(bytes: Uint8Array, field: Field, into: number[]): void {
  const width = field.number === 5 ? 4 : field.number === 6 ? 8 : 0;
  const isVarint = field.number === 7 || field.number === 10 || field.number === 11 || field.number === 13;
  if (!width && !isVarint) return;
  if (field.wireType === LENGTH_DELIMITED) {
    if (width) {
      for (let at = field.start; at + width <= field.end; at += width)
        into.push(width === 4 ? float32At(bytes, at) : float64At(bytes, at));
    } else forEachPackedVarint(bytes, field, into);
  } else if (field.wireType === FIXED32 && width === 4) into.push(float32At(bytes, field.start));
  else if (field.wireType === FIXED64 && width === 8) into.push(float64At(bytes, field.start));
  else if (field.wireType === 0 && isVarint) into.push(field.number === 7 ? field.int32 : field.varint);
}

function forEachPackedVarint(bytes: Uint8Array, field: Field, into: number[]): void {
  let value = 0;
  let scale = 1;
  for (let at = field.start; at < field.end; at++) {
    value += (bytes[at] & 0x7f) * scale;
    scale *= 128;
    if (bytes[at] < 0x80) {
      into.push(field.number === 7 ? value | 0 : value);
      value = 0;
      scale = 1;
    }
  }
}

function contentScalar(bytes: Uint8Array, dtype: number, content: Field): number | undefined {
  const size = content.end - content.start;
  const view = new DataView(bytes.buffer, bytes.byteOffset + content.start, size);
  if (dtype === DT_FLOAT && size === 4) return view.getFloat32(0, true);
  if (dtype === DT_DOUBLE && size === 8) return view.getFloat64(0, true);
  if (dtype === DT_INT32 && size === 4) return view.getInt32(0, true);
  if (dtype === DT_INT64 && size === 8) return Number(view.getBigInt64(0, true));
  if (dtype === DT_BOOL && size === 1) return view.getUint8(0);
  if (dtype === DT_HALF && size === 2) return halfToNumber(view.getUint16(0, true));
  return undefined;
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
