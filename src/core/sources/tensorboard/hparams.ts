// The hparams plugin's session start (tensorboard/plugins/hparams/plugin_data.proto): a value whose
// plugin_data names "hparams" carries HParamsPluginData { session_start_info 3 { hparams 1: map<string,
// google.protobuf.Value> } }. Value: null_value 1, number_value 2, string_value 3, bool_value 4;
// structs and lists (5, 6) are not simple params and are left out.
import { FIXED64, forEachField, LENGTH_DELIMITED } from '../wandb/protobuf';

export type HparamValue = string | number | boolean | null;

const decoder = new TextDecoder();

/** The session's hparams, or undefined when the content is another hparams message (the experiment). */
export function decodeHparams(content: Uint8Array): Record<string, HparamValue> | undefined {
  let hparams: Record<string, HparamValue> | undefined;
  forEachField(content, (field) => {
    if (field.number !== 3 || field.wireType !== LENGTH_DELIMITED) return;
    hparams ??= {};
    const into = hparams;
    forEachField(
      content,
      (entry) => {
        if (entry.number === 1 && entry.wireType === LENGTH_DELIMITED) mapEntry(content, entry, into);
      },
      field.start,
      field.end,
    );
  });
  return hparams;
}

function mapEntry(
  bytes: Uint8Array,
  entry: { start: number; end: number },
  into: Record<string, HparamValue>,
): void {
  let key: string | undefined;
  let value: HparamValue | undefined;
  forEachField(
    bytes,
    (field) => {
      if (field.wireType !== LENGTH_DELIMITED) return;
      if (field.number === 1) key = decoder.decode(bytes.subarray(field.start, field.end));
      else if (field.number === 2) value = protobufValue(bytes, field.start, field.end);
    },
    entry.start,
    entry.end,
  );
  if (key !== undefined && value !== undefined) into[key] = value;
}

function protobufValue(bytes: Uint8Array, start: number, end: number): HparamValue | undefined {
  let value: HparamValue | undefined;
  forEachField(
    bytes,
    (field) => {
      if (field.number === 1) value = null;
      else if (field.number === 2 && field.wireType === FIXED64)
        value = new DataView(bytes.buffer, bytes.byteOffset + field.start, 8).getFloat64(0, true);
      else if (field.number === 3 && field.wireType === LENGTH_DELIMITED)
        value = decoder.decode(bytes.subarray(field.start, field.end));
      else if (field.number === 4 && field.wireType === 0) value = field.varint !== 0;
    },
    start,
    end,
  );
  return value;
}
