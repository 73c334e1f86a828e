import type { MetricPoint } from '../../model';

/** Python's `float()` spellings that JavaScript's `Number()` does not read. */
export function parsePythonFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`not a number: '${text}'`);
  return value;
}

/**
 * Parses one line of a file-store metric file. MLflow accepts 2, 3 or 5 space-separated fields
 * and, for 5-field lines (metrics tied to a dataset), reports step 0; we follow it so that what we
 * show equals what MLflow shows.
 */
export function parseMetricLine(line: string): MetricPoint {
  const parts = line.trim().split(' ');
  if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
    throw new Error(`expected 2, 3 or 5 fields, found ${parts.length}`);
  }
  const timestamp = Number(parts[0]);
  if (!Number.isInteger(timestamp)) throw new Error(`bad timestamp '${parts[0]}'`);
  const value = parsePythonFloat(parts[1]);
  let step = 0;
  if (parts.length === 3) {
    step = Number(parts[2]);
    if (!Number.isInteger(step)) throw new Error(`bad step '${parts[2]}'`);
  }
  return { step, timestamp, value };
}

/** Python's tuple ordering on (step, timestamp, value): the first unequal element decides. */
export function isLaterPoint(candidate: MetricPoint, current: MetricPoint): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  const [a, b] = [candidate.timestamp ?? -Infinity, current.timestamp ?? -Infinity];
  if (a !== b) return a > b;
  return candidate.value > current.value;
}

export interface ParsedMetricFile {
  points: MetricPoint[];
  /** Line numbers (1-based) that could not be read, with the reason. */
  badLines: { line: number; reason: string }[];
}

export function parseMetricFile(text: string): ParsedMetricFile {
  return parseMetricBytes(Buffer.from(text, 'utf8'));
}

/**
 * Parses a metric file line by line from its bytes: a file of ten million points never becomes one
 * string (V8 strings stop at 512 MiB) nor an array of ten million line strings.
 */
export function parseMetricBytes(buffer: Buffer): ParsedMetricFile {
  const points: MetricPoint[] = [];
  const badLines: { line: number; reason: string }[] = [];
  let lineStart = 0;
  for (let number = 1; lineStart < buffer.length; number++) {
    let lineEnd = buffer.indexOf(NEWLINE, lineStart);
    if (lineEnd === -1) lineEnd = buffer.length;
    const line = buffer.toString('utf8', lineStart, lineEnd);
    lineStart = lineEnd + 1;
    if (line.trim() === '') continue;
    try {
      points.push(parseMetricLine(line));
    } catch (error) {
      badLines.push({ line: number, reason: (error as Error).message });
    }
  }
  return { points, badLines };
}

/** The value MLflow reports as a metric's latest: max by (step, timestamp, value), first wins ties. */
export function latestPoint(points: readonly MetricPoint[]): MetricPoint | undefined {
  let latest: MetricPoint | undefined;
  for (const point of points) {
    if (latest === undefined || isLaterPoint(point, latest)) latest = point;
  }
  return latest;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;

/** A non-negative or negative integer written in bytes [start, end), or NaN. */
function parseIntegerBytes(buffer: Buffer, start: number, end: number): number {
  let i = start;
  let sign = 1;
  if (buffer[i] === MINUS) {
    sign = -1;
    i++;
  }
  if (i >= end) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const c = buffer[i];
    if (c < DIGIT_0 || c > DIGIT_9) return NaN;
    value = value * 10 + (c - DIGIT_0);
  }
  return sign * value;
}

const PLUS = 0x2b;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

const isDigit = (c: number): boolean => c >= DIGIT_0 && c <= DIGIT_9;

/** Index after the digits starting at i. */
function skipDigits(buffer: Buffer, i: number, end: number): number {
  while (i < end && isDigit(buffer[i])) i++;
  return i;
}

/** Python's float() spellings of NaN and infinity (after an optional sign), in lower case. */
const SPECIAL_VALUES = ['nan', 'inf', 'infinity'];

function isSpecialValue(buffer: Buffer, start: number, end: number): boolean {
  const word = buffer.toString('latin1', start, end).toLowerCase();
  return SPECIAL_VALUES.includes(word);
}

/**
 * Whether bytes [start, end) are a number that both Python's float() and JavaScript read alike: a
 * plain decimal (`-1.5`, `.5`, `2e-3`) or a NaN or infinity spelling. Anything else sends the file
 * to the exact parser, which reports bad values: plain numbers cost no allocation, so every line
 * is checked, not only the latest.
 */
function isPlainValue(buffer: Buffer, start: number, end: number): boolean {
  let i = start;
  if (buffer[i] === MINUS || buffer[i] === PLUS) i++;
  if (i < end && !isDigit(buffer[i]) && buffer[i] !== DOT) return isSpecialValue(buffer, i, end);
  const intEnd = skipDigits(buffer, i, end);
  let digits = intEnd - i;
  i = intEnd;
  if (buffer[i] === DOT) {
    const fracEnd = skipDigits(buffer, i + 1, end);
    digits += fracEnd - i - 1;
    i = fracEnd;
  }
  if (digits === 0) return false;
  if (i < end && (buffer[i] === LOWER_E || buffer[i] === UPPER_E)) {
    i++;
    if (buffer[i] === MINUS || buffer[i] === PLUS) i++;
    const expEnd = skipDigits(buffer, i, end);
    if (expEnd === i) return false;
    i = expEnd;
  }
  return i === end;
}

export interface LatestScan {
  latest: MetricPoint | undefined;
  /** Lines that are not simple `ts value step` lines; they are parsed the slow way by the caller. */
  irregular: boolean;
}

/**
 * Finds the latest point of a metric file without splitting it into strings: a 100-step file is
 * scanned byte by byte and only candidate values are parsed. Anything but plain 3-field lines
 * (2 or 5 fields, stray spaces, a bad line) makes it give up so the exact parser decides.
 */
export function scanLatestPoint(buffer: Buffer): LatestScan {
  // The best line so far by (step, timestamp); its value is parsed only at the end, or on a tie.
  let best:
    { step: number; timestamp: number; valueStart: number; valueEnd: number; value?: number } | undefined;
  const valueAt = (start: number, end: number): number =>
    parsePythonFloat(buffer.toString('latin1', start, end));
  const length = buffer.length;
  let lineStart = 0;
  try {
    while (lineStart < length) {
      let lineEnd = buffer.indexOf(NEWLINE, lineStart);
      if (lineEnd === -1) lineEnd = length;
      let contentEnd = lineEnd;
      if (contentEnd > lineStart && buffer[contentEnd - 1] === CARRIAGE_RETURN) contentEnd--;
      if (contentEnd > lineStart) {
        const firstSpace = buffer.indexOf(SPACE, lineStart);
        if (firstSpace === -1 || firstSpace >= contentEnd) return { latest: undefined, irregular: true };
        const secondSpace = buffer.indexOf(SPACE, firstSpace + 1);
        if (secondSpace === -1 || secondSpace >= contentEnd) return { latest: undefined, irregular: true };
        const thirdSpace = buffer.indexOf(SPACE, secondSpace + 1);
        if (thirdSpace !== -1 && thirdSpace < contentEnd) return { latest: undefined, irregular: true };
        const timestamp = parseIntegerBytes(buffer, lineStart, firstSpace);
        const step = parseIntegerBytes(buffer, secondSpace + 1, contentEnd);
        if (Number.isNaN(timestamp) || Number.isNaN(step)) return { latest: undefined, irregular: true };
        // Values of lines that are not the latest are never parsed; a bad one must still be seen.
        if (!isPlainValue(buffer, firstSpace + 1, secondSpace)) return { latest: undefined, irregular: true };
        if (best === undefined || step > best.step || (step === best.step && timestamp > best.timestamp)) {
          best = { step, timestamp, valueStart: firstSpace + 1, valueEnd: secondSpace };
        } else if (step === best.step && timestamp === best.timestamp) {
          // Python's max keeps the first of equal keys; a larger value wins (NaN never does).
          best.value ??= valueAt(best.valueStart, best.valueEnd);
          const value = valueAt(firstSpace + 1, secondSpace);
          if (value > best.value)
            best = { step, timestamp, valueStart: firstSpace + 1, valueEnd: secondSpace, value };
        }
      }
      lineStart = lineEnd + 1;
    }
    if (!best) return { latest: undefined, irregular: false };
    const value = best.value ?? valueAt(best.valueStart, best.valueEnd);
    return { latest: { step: best.step, timestamp: best.timestamp, value }, irregular: false };
  } catch {
    return { latest: undefined, irregular: true };
  }
}
