// The line of a failed launch's output that says why it failed, for the notification: DVC's
// "ERROR: …", MLflow's "ERROR mlflow.cli: === … ===", make's "make: *** …", the exception at the
// bottom of a Python traceback, or failing all of those the last line written.

/** Longer lines are cut: a notification is not the place for a whole stack dump. */
const MAX_LENGTH = 300;

/** Escape sequences of colours, cursor moves and window titles. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** `2024/05/01 12:00:00 ERROR mlflow.cli: …` and `2024-05-01 12:00:00,123 - ERROR - …` log lines. */
const LOG_LINE =
  /^\[?\d{4}[-/]\d\d[-/]\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\]?\s*(?:-\s*)?(?:ERROR|CRITICAL|FATAL)\b\s*(?:-\s*)?(?:[\w.]+:\s*)?(.*)$/;
/** A tool's own error line: "ERROR: …" (DVC), "Error: …" (click), "error: …", "fatal: …" (Git). */
const TOOL_ERROR = /^(?:ERROR|Error|error|FATAL|Fatal|fatal)(?::|\s+-)\s*\S/;
/** make's summary: "make: *** No rule to make target 'x'.  Stop." or "make[1]: *** [Makefile:3: x] Error 1". */
const MAKE_ERROR = /^g?make(?:\[\d+\])?: \*\*\* /;
/** The first line of a Python traceback; the exception is the first unindented line after it. */
const TRACEBACK = /^Traceback \(most recent call last\):/;
/** A shell's "command not found": "/bin/sh: 1: foo: not found", "bash: foo: command not found". */
const SHELL_ERROR =
  /^[\w./-]*sh: (?:(?:line )?\d+: )?.*(?:not found|No such file or directory|Permission denied)$/;

/** The plain lines of terminal output: colours removed, each progress-bar redraw reduced to its last state. */
export function outputLines(output: string): string[] {
  return output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).trimEnd());
}

/** The line that best says why a launch failed, undefined when the output is empty. */
export function firstErrorLine(output: string): string | undefined {
  const lines = outputLines(output);
  for (const [index, line] of lines.entries()) {
    const found = errorAt(lines, index, line);
    if (found !== undefined && found !== '') return shorten(found);
  }
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  return last === undefined ? undefined : shorten(last.trim());
}

function errorAt(lines: readonly string[], index: number, line: string): string | undefined {
  const log = LOG_LINE.exec(line);
  if (log) return stripDecoration(log[1]);
  if (TOOL_ERROR.test(line) || MAKE_ERROR.test(line) || SHELL_ERROR.test(line)) return line.trim();
  if (TRACEBACK.test(line)) return tracebackException(lines, index + 1);
  return undefined;
}

/** The exception line closing the traceback that starts at `from` (the line after "Traceback"). */
function tracebackException(lines: readonly string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || /^\s/.test(line)) continue;
    // Chained exceptions ("During handling of the above exception…") end with the last one.
    if (/^(?:During handling|The above exception)/.test(line)) continue;
    if (TRACEBACK.test(line)) continue;
    return line.trim();
  }
  return undefined;
}

/** MLflow frames its messages: "=== Run (ID '…') failed ===". */
function stripDecoration(message: string): string {
  return message
    .replace(/^=+\s*/, '')
    .replace(/\s*=+\s*$/, '')
    .trim();
}

function shorten(line: string): string {
  return line.length <= MAX_LENGTH ? line : `${line.slice(0, MAX_LENGTH - 1)}…`;
}
