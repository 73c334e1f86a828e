// Quoting of command lines for the shell a VS Code task runs in. A task's ShellExecution hands the
// whole line to that shell, so every argument must survive the shell's own parsing unchanged.

/** The three families of shells with different quoting rules. */
export type ShellKind = 'posix' | 'powershell' | 'cmd';

/** Characters that no POSIX shell (sh, bash, zsh, fish) treats specially inside a word. */
const POSIX_SAFE = /^[A-Za-z0-9_\-+=.,/:@%]+$/;
/** PowerShell also splits on commas (arrays) and expands `@`, `$` and backticks. */
const POWERSHELL_SAFE = /^[A-Za-z0-9_\-+=./:\\]+$/;
/** cmd.exe metacharacters are & | < > ( ) ^ % ! and quotes; the program then splits on spaces. */
const CMD_SAFE = /^[A-Za-z0-9_\-+=.,/:\\@]+$/;

/** Quotes one argument so that `shell` passes it to the program exactly as given. */
export function quoteArg(arg: string, shell: ShellKind): string {
  switch (shell) {
    case 'posix':
      return POSIX_SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
    case 'powershell':
      // Inside single quotes only the quote itself (and its typographic variants) needs doubling.
      return POWERSHELL_SAFE.test(arg) ? arg : `'${arg.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
    case 'cmd':
      return CMD_SAFE.test(arg) ? arg : caretEscape(msvcrtQuote(arg));
  }
}

/**
 * The program itself: PowerShell needs the call operator before a quoted path, and cmd.exe reads a
 * caret-escaped quote as text, so the program path gets plain quotes there (paths cannot hold `"`).
 */
export function quoteProgram(program: string, shell: ShellKind): string {
  switch (shell) {
    case 'posix':
      return quoteArg(program, shell);
    case 'powershell': {
      const quoted = quoteArg(program, shell);
      return quoted === program ? program : `& ${quoted}`;
    }
    case 'cmd':
      return CMD_SAFE.test(program) ? program : `"${program}"`;
  }
}

/** A full command line: the program followed by its arguments, each quoted for `shell`. */
export function commandLine(program: string, args: readonly string[], shell: ShellKind): string {
  return [quoteProgram(program, shell), ...args.map((a) => quoteArg(a, shell))].join(' ');
}

/** Several command lines run one after another, stopping at the first failure (like DVC does). */
export function chainCommands(lines: readonly string[], shell: ShellKind): string {
  if (lines.length <= 1) return lines[0] ?? '';
  // Windows PowerShell 5 has no `&&`; checking $? after each line works in every version.
  if (shell === 'powershell') return lines.map((l) => `${l}; if (-not $?) { exit 1 }`).join('; ');
  return lines.join(' && ');
}

/** Which quoting family a shell executable belongs to, from its path (e.g. a terminal profile). */
export function shellKindOf(shellPath: string | undefined, platform: NodeJS.Platform): ShellKind {
  const name = (shellPath ?? '')
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
  if (name === 'cmd') return 'cmd';
  if (name === 'powershell' || name === 'pwsh') return 'powershell';
  if (name !== '') return 'posix';
  // VS Code's default task shell: PowerShell on Windows, the user's login shell elsewhere.
  return platform === 'win32' ? 'powershell' : 'posix';
}

/** Quoting the way Microsoft's C runtime splits a command line (backslashes before quotes double). */
function msvcrtQuote(arg: string): string {
  let out = '"';
  let backslashes = 0;
  for (const char of arg) {
    if (char === '\\') {
      backslashes++;
      continue;
    }
    if (char === '"') out += '\\'.repeat(backslashes * 2 + 1) + '"';
    else out += '\\'.repeat(backslashes) + char;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** Escapes every cmd.exe metacharacter (quotes included) so that cmd passes the text through. */
function caretEscape(text: string): string {
  return text.replace(/[()%!^"<>&|]/g, '^$&');
}
