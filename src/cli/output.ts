// What the CLI writes to the terminal. Run names, file contents and paths come from the user's
// (or anyone's) files, and a terminal acts on control characters in them: ESC and CSI start
// sequences that clear the screen, move the cursor or set the window title, CR overwrites a line.
// Every control character is written as a `\uXXXX` escape instead: in JSON that is the same
// string, in text it is visible. A reader closing the output early (`| head`) ends the command.

/** C0 controls but newline and tab, DEL, and the C1 controls (U+0080–U+009F). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OUTPUT_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** In one field of a table or line: newline and tab too, so that a value cannot break its row. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FIELD_CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function escapeCode(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One value for a table cell or a tab-separated line. */
export function escapeField(text: string): string {
  return text.replace(FIELD_CONTROL, escapeCode);
}

/** Text with its line structure kept (newlines and tabs). */
export function escapeOutputText(text: string): string {
  return text.replace(OUTPUT_CONTROL, escapeCode);
}

const DEL = 0x7f;
const C1_LEAD = 0xc2;

/**
 * Binary chunks are UTF-8 JSON (`runs --json` prints cached bytes), where JSON.stringify already
 * escaped C0: only DEL and C1 (0xC2 0x80–0x9F) are looked for, with native searches.
 */
function c1OrDelAt(bytes: Buffer): boolean {
  if (bytes.indexOf(DEL) !== -1) return true;
  for (let i = bytes.indexOf(C1_LEAD); i !== -1; i = bytes.indexOf(C1_LEAD, i + 1)) {
    const next = bytes[i + 1];
    if (next !== undefined && next >= 0x80 && next <= 0x9f) return true;
  }
  return false;
}

export function escapeOutputChunk(chunk: unknown): unknown {
  if (typeof chunk === 'string') return escapeOutputText(chunk);
  if (chunk instanceof Uint8Array) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    return c1OrDelAt(bytes) ? escapeOutputText(bytes.toString('utf8')) : chunk;
  }
  return chunk;
}

type Write = NodeJS.WriteStream['write'];

/** Escapes everything written to `stream` from now on. */
function escapeWrites(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(escapeOutputChunk(chunk), ...rest)) as Write;
}

function isClosedOutput(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
}

/**
 * Installs the escaping on stdout and stderr, and ends the command quietly when the reader of
 * stdout goes away (with the exit status set so far: 0 unless the command already failed).
 */
export function guardTerminalOutput(): void {
  escapeWrites(process.stdout);
  escapeWrites(process.stderr);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!isClosedOutput(error)) throw error;
    process.exit();
  });
  // Without a reader for messages there is nobody to tell; the command goes on.
  process.stderr.on('error', () => undefined);
}
