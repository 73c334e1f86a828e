// "Add DVC Stage": adds one stage to a dvc.yaml. The file is parsed with the yaml library's Document
// API to find the `stages` mapping, its indentation and list style; the new stage is then inserted
// as text at the end of that mapping, so every other byte (comments, quoting, blank lines) stays.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document } from 'yaml';

export interface NewDvcStage {
  name: string;
  cmd: string;
  deps: string[];
  outs: string[];
  /** Keys of params.yaml (`train.lr`), or `file:key` for another params file (`config.yaml:seed`). */
  params: string[];
}

export class DvcYamlEditError extends Error {}

/** DVC refuses stage names with punctuation other than '_' and '-' (dvc/stage/utils.py is_valid_name). */
const INVALID_STAGE_CHARS = /[!"#$%&'()*+,./:;<=>?@[\\\]^`{|}~\s]/;

export function stageNameProblem(name: string): string | undefined {
  if (name === '') return 'the stage name is empty';
  if (INVALID_STAGE_CHARS.test(name))
    return `'${name}' is not a valid DVC stage name: use letters, digits, '_' and '-'`;
  return undefined;
}

/** The names of the stages a dvc.yaml defines (empty for an empty or missing file). */
export function existingStageNames(text: string): string[] {
  const doc = parseDocument(text);
  const stages = isMap(doc.contents) ? doc.contents.get('stages', true) : undefined;
  return isMap(stages)
    ? stages.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
    : [];
}

type ParamEntry = string | Record<string, string[]>;

/** `train.lr`, `config.yaml:seed` → [`train.lr`, {`config.yaml`: [`seed`]}] (one entry per file). */
export function groupParams(params: readonly string[]): ParamEntry[] {
  const entries: ParamEntry[] = [];
  const byFile = new Map<string, string[]>();
  for (const param of params) {
    const colon = param.lastIndexOf(':');
    if (colon <= 0) {
      entries.push(param);
      continue;
    }
    const file = param.slice(0, colon);
    let keys = byFile.get(file);
    if (!keys) {
      keys = [];
      byFile.set(file, keys);
      entries.push({ [file]: keys });
    }
    keys.push(param.slice(colon + 1));
  }
  return entries;
}

function stageBody(stage: NewDvcStage): Record<string, string | ParamEntry[]> {
  const body: Record<string, string | ParamEntry[]> = { cmd: stage.cmd };
  if (stage.deps.length > 0) body.deps = stage.deps;
  if (stage.params.length > 0) body.params = groupParams(stage.params);
  if (stage.outs.length > 0) body.outs = stage.outs;
  return body;
}

interface Style {
  /** Columns of the stage names below `stages:`. */
  stageIndent: number;
  /** Columns per nesting level. */
  unit: number;
  /** Whether `- item` lines are indented below their key. */
  indentSeq: boolean;
}

function column(offset: number, lines: LineCounter): number {
  return lines.linePos(offset).col - 1;
}

/** Reads the indentation of the existing stages so the new one looks like its neighbours. */
function detectStyle(stages: unknown, lines: LineCounter): Style {
  const style: Style = { stageIndent: 2, unit: 2, indentSeq: true };
  if (!isMap(stages) || stages.items.length === 0) return style;
  const firstKey = stages.items[0]!.key;
  if (isScalar(firstKey) && firstKey.range) style.stageIndent = column(firstKey.range[0], lines);
  for (const pair of stages.items) {
    if (!isMap(pair.value) || pair.value.flow) continue;
    const inner = pair.value.items[0]?.key;
    if (isScalar(inner) && inner.range)
      style.unit = Math.max(1, column(inner.range[0], lines) - style.stageIndent);
    for (const field of pair.value.items) {
      if (
        !isSeq(field.value) ||
        field.value.flow ||
        !field.value.range ||
        !isScalar(field.key) ||
        !field.key.range
      )
        continue;
      style.indentSeq = column(field.value.range[0], lines) > column(field.key.range[0], lines);
      return style;
    }
    return style;
  }
  return style;
}

/** One scalar as YAML text (plain when it can be, quoted otherwise). */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** A block list whose `-` sits at `column`; items are strings or one-key maps of string lists. */
function listLines(items: readonly ParamEntry[], column: number, style: Style): string[] {
  const pad = ' '.repeat(column);
  const lines: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      lines.push(`${pad}- ${scalar(item)}`);
      continue;
    }
    for (const [file, keys] of Object.entries(item)) {
      lines.push(`${pad}- ${scalar(file)}:`);
      lines.push(...listLines(keys, column + 2 + (style.indentSeq ? style.unit : 0), style));
    }
  }
  return lines;
}

/** The stage as text in the file's style (the yaml library's own layout differs for some indents). */
function renderStage(stage: NewDvcStage, style: Style): string {
  const body = stageBody(stage);
  const keyColumn = style.stageIndent + style.unit;
  const lines = [`${' '.repeat(style.stageIndent)}${scalar(stage.name)}:`];
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') lines.push(`${' '.repeat(keyColumn)}${key}: ${scalar(value)}`);
    else {
      lines.push(`${' '.repeat(keyColumn)}${key}:`);
      lines.push(...listLines(value as ParamEntry[], keyColumn + (style.indentSeq ? style.unit : 0), style));
    }
  }
  return `${lines.join('\n')}\n`;
}

function parseDvcYaml(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const [error] = doc.errors;
  if (error) {
    const line = error.linePos?.[0].line;
    throw new DvcYamlEditError(
      `dvc.yaml is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw new DvcYamlEditError('dvc.yaml must be a mapping with a stages: key at the top');
  return { doc, lines };
}

export interface DvcYamlEdit {
  text: string;
  /** 1-based line of the new stage's name. */
  line: number;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * Adds `stage` to the dvc.yaml `text` (undefined or '' for a new file). Throws DvcYamlEditError when
 * the stage exists, the name or command is invalid, or the file is not a dvc.yaml mapping.
 */
export function addDvcStage(text: string | undefined, stage: NewDvcStage): DvcYamlEdit {
  const nameProblem = stageNameProblem(stage.name);
  if (nameProblem) throw new DvcYamlEditError(nameProblem);
  if (stage.cmd.trim() === '') throw new DvcYamlEditError('the stage needs a command');
  for (const value of [stage.cmd, ...stage.deps, ...stage.outs, ...stage.params])
    if (/[\r\n]/.test(value)) throw new DvcYamlEditError('stage fields are single lines');
  const source = text ?? '';
  const { doc, lines } = parseDvcYaml(source);
  const stages = isMap(doc.contents) ? doc.contents.get('stages', true) : undefined;
  if (isMap(stages) && stages.has(stage.name))
    throw new DvcYamlEditError(`dvc.yaml already has a stage '${stage.name}'`);
  const style = detectStyle(stages, lines);
  if (stages === undefined) {
    // No stages yet: append the section, leaving everything above untouched.
    const base = source === '' || source.endsWith('\n') ? source : `${source}\n`;
    const result = `${base}stages:\n${renderStage(stage, style)}`;
    return { text: result, line: lineOf(result, base.length + 'stages:\n'.length) };
  }
  if (isMap(stages) && !stages.flow && stages.items.length > 0 && stages.range) {
    const end = stages.range[2];
    const before = source.slice(0, end);
    const joint = before.endsWith('\n') ? before : `${before}\n`;
    const result = joint + renderStage(stage, style) + source.slice(end);
    return { text: result, line: lineOf(result, joint.length) };
  }
  const empty = (isScalar(stages) && stages.value === null) || (isMap(stages) && stages.items.length === 0);
  if (!empty) throw new DvcYamlEditError('stages: in dvc.yaml must be a mapping of stage names');
  return addThroughDocument(doc, stage, style);
}

/** `stages:` with nothing or `{}`: the Document API places the stage (comments are kept by yaml). */
function addThroughDocument(doc: Document, stage: NewDvcStage, style: Style): DvcYamlEdit {
  const previous = isMap(doc.contents) ? doc.contents.get('stages', true) : undefined;
  const stages = doc.createNode({ [stage.name]: stageBody(stage) });
  stages.flow = false;
  // Comments attached to the empty value would go with it.
  if (isScalar(previous) || isMap(previous)) {
    stages.comment = previous.comment;
    stages.commentBefore = previous.commentBefore;
  }
  doc.set('stages', stages);
  const result = doc.toString({ indent: style.unit, indentSeq: style.indentSeq, lineWidth: 0 });
  const at = result.search(new RegExp(`^stages:`, 'm'));
  return { text: result, line: lineOf(result, at) + 1 };
}
