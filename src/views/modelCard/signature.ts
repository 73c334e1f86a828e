// A model signature's specs as table rows: MLflow's column specs ({name, type, required}, with
// `items`/`properties` for arrays and objects), tensor specs ({type: tensor, tensor-spec: {dtype,
// shape}}) and param specs ({name, type, default, shape}); see mlflow/types/schema.py.
import type { ModelSignature, TensorOrColumnSpec } from '../../core/models/types';
import { cellText } from './inputExample';

export interface SpecRow {
  name: string;
  type: string;
  shape: string;
  required: boolean | null;
  /** A param's default, or anything else the spec carries. */
  extra: string;
}

export interface SignatureView {
  inputs: SpecRow[] | null;
  outputs: SpecRow[] | null;
  params: SpecRow[] | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shapeText(shape: unknown): string {
  return Array.isArray(shape) ? `(${shape.map((d) => cellText(d)).join(', ')})` : '';
}

function typeText(spec: Record<string, unknown>): string {
  const type = typeof spec.type === 'string' ? spec.type : cellText(spec.type ?? '');
  if (type === 'array' && spec.items !== undefined) {
    const items = isRecord(spec.items) ? typeText(spec.items) : cellText(spec.items);
    return `array<${items}>`;
  }
  if (type === 'object' && isRecord(spec.properties))
    return `object{${Object.keys(spec.properties).join(', ')}}`;
  return type;
}

const KNOWN = new Set(['name', 'type', 'required', 'shape', 'tensor-spec', 'items', 'properties']);

export function specRow(spec: TensorOrColumnSpec, index: number): SpecRow {
  const tensor = isRecord(spec['tensor-spec']) ? spec['tensor-spec'] : undefined;
  const rest = Object.entries(spec).filter(([k]) => !KNOWN.has(k));
  return {
    name: typeof spec.name === 'string' ? spec.name : `[${index}]`,
    type: tensor ? `tensor ${cellText(tensor.dtype ?? '')}` : typeText(spec),
    shape: shapeText(tensor ? tensor.shape : spec.shape),
    required: typeof spec.required === 'boolean' ? spec.required : null,
    extra: rest.map(([k, v]) => `${k}: ${cellText(v)}`).join(', '),
  };
}

export function signatureView(signature: ModelSignature | null): SignatureView | null {
  if (!signature) return null;
  const rows = (specs: TensorOrColumnSpec[] | null) => specs?.map((s, i) => specRow(s, i)) ?? null;
  return { inputs: rows(signature.inputs), outputs: rows(signature.outputs), params: rows(signature.params) };
}
