// Quoting of command lines for the shell a user would paste them into. Launches themselves start
// their programs without any shell (see launchProcess.ts); these lines are what the terminal shows
// before a launch and what the task's detail says, so a copy pasted into the user's shell must
// give the program exactly the same arguments.

/**
 * Families of shells with different quoting rules: bash, sh, dash and ksh ('posix'), zsh (also
 * expands a leading `=`), fish (backslash escapes inside single quotes), PowerShell 5.1 and 7, cmd.exe.
 */
export type ShellKind = 'posix' | 'zsh' | 'fish' | 'powershell' | 'cmd';

/** Thrown for an argument no command line can carry (a NUL byte; a line break through cmd.exe). */
export class UnquotableError extends Error {}

/**
 * Words left bare: characters none of the shells treats specially anywhere in a word, and `=` or
 * `%` only after the first character (zsh expands `=cmd`, fish expands `%self`).
 */
const UNIX_SAFE = /^[A-Za-z0-9_\-+.,/:@][A-Za-z0-9_\-+.,/:@=%]*$/;
/** PowerShell: no commas (arrays), `$`, `@`, backticks, braces; a leading `-` only for a plain switch. */
const POWERSHELL_SAFE = /^(?:[A-Za-z0-9_/\\][A-Za-z0-9_\-+./:\\=]*|-[A-Za-z0-9][A-Za-z0-9-]*)$/;
/** cmd.exe metacharacters are & | < > ( ) ^ % ! and quotes; the program then splits on spaces. */
const CMD_SAFE = /^[A-Za-z0-9_\-+=.,/:\\@]+$/;

/** Quotes one argument so that `shell` passes it to the program exactly as given. */
export function quoteArg(arg: string, shell: ShellKind): string {
  if (arg.includes('\0')) throw new UnquotableError('an argument holds a NUL character');
  switch (shell) {
    case 'posix':
    case 'zsh':
      return UNIX_SAFE.test(arg) ? arg : posixSingleQuoted(arg);
    case 'fish':
      // In fish, `\'` and `\\` are escapes even inside single quotes.
      return UNIX_SAFE.test(arg) ? arg : `'${arg.replace(/[\\']/g, '\\$&')}'`;
    case 'powershell':
      return POWERSHELL_SAFE.test(arg) ? arg : powershellLiteral(arg);
    case 'cmd':
      if (/[\r\n]/.test(arg)) throw new UnquotableError('cmd.exe cannot pass a line break in an argument');
      return CMD_SAFE.test(arg) ? arg : caretEscape(msvcrtQuote(arg));
  }
}

/**
 * The program itself: PowerShell needs the call operator before a quoted path, and cmd.exe reads a
 * caret-escaped quote as text, so the program path gets plain quotes there (paths cannot hold `"`).
 */
export function quoteProgram(program: string, shell: ShellKind): string {
  switch (shell) {
    case 'powershell':
      return POWERSHELL_SAFE.test(program) ? program : `& ${powershellLiteral(program)}`;
    case 'cmd':
      return CMD_SAFE.test(program) ? program : `"${program}"`;
    default:
      return quoteArg(program, shell);
  }
}

/** A full command line: the program followed by its arguments, each quoted for `shell`. */
export function commandLine(program: string, args: readonly string[], shell: ShellKind): string {
  const line = [quoteProgram(program, shell), ...args.map((a) => quoteArg(a, shell))].join(' ');
  // Before 7.3 PowerShell passes `"` and empty strings to programs mangled; in the 'Legacy' mode
  // of any version a pre-quoted argument goes through unchanged (see powershellNativeArg).
  if (shell === 'powershell' && args.some(needsLegacyPassing)) {
    const legacyArgs = args.map((a) => powershellLiteral(msvcrtQuoteIfNeeded(a)));
    return `& { $PSNativeCommandArgumentPassing = 'Legacy'; ${[quoteProgram(program, shell), ...legacyArgs].join(' ')} }`;
  }
  return line;
}

/** Several command lines run one after another, stopping at the first failure (like DVC does). */
export function chainCommands(lines: readonly string[], shell: ShellKind): string {
  if (lines.length <= 1) return lines[0] ?? '';
  // Windows PowerShell 5 has no `&&`; checking $? after each line works in every version.
  if (shell === 'powershell') return lines.map((l) => `${l}; if (-not $?) { exit 1 }`).join('; ');
  // fish before 3.0 has no `&&`; `; and` works in every version.
  if (shell === 'fish') return lines.join('; and ');
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
  if (name === 'zsh' || name === 'fish') return name;
  if (name !== '') return 'posix';
  // VS Code's default task shell: PowerShell on Windows, the user's login shell elsewhere.
  return platform === 'win32' ? 'powershell' : 'posix';
}

/** `'…'` pieces joined by `\'`, never an empty `''` beside a quote (zsh's RC_QUOTES reads that as `'`). */
function posixSingleQuoted(arg: string): string {
  if (arg === '') return "''";
  return arg
    .split("'")
    .map((piece) => (piece === '' ? '' : `'${piece}'`))
    .join("\\'");
}

/** A PowerShell verbatim string: only the quote (and its typographic variants) needs doubling. */
function powershellLiteral(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * Whether PowerShell 5.1 (and 7 before 7.3, 'Legacy' argument passing) would hand the program a
 * different argument than 7.3+ ('Standard'): an empty string (dropped), an embedded `"` (not
 * escaped), or a trailing backslash in an argument it wraps in quotes.
 */
export function needsLegacyPassing(arg: string): boolean {
  return arg === '' || arg.includes('"') || (/\s/.test(arg) && arg.endsWith('\\'));
}

/** The argument as the C runtime reads it back, quoted only when it has to be. */
export function msvcrtQuoteIfNeeded(arg: string): string {
  return arg !== '' && !/[\s"]/.test(arg) ? arg : msvcrtQuote(arg);
}

/** Quoting the way Microsoft's C runtime splits a command line (backslashes before quotes double). */
export function msvcrtQuote(arg: string): string {
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
