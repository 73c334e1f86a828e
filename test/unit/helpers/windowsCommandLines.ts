// Models of how Windows command lines are read, written from the documented rules, for testing
// the quoting of shells that cannot run here (PowerShell 5.1 and 7, cmd.exe):
// - the C runtime's argv split ("Parsing C++ command-line arguments", Microsoft Learn, 2008+ rules);
// - PowerShell's native argument binder in 'Legacy' mode (NativeCommandParameterBinder.NeedQuotes
//   in PowerShell's sources: quotes added around an argument with unquoted whitespace, empty
//   arguments dropped, trailing backslashes doubled since 7.0 and not in 5.1);
// - PowerShell's verbatim ('…') strings (about_Quoting_Rules: '' is one quote, nothing else special);
// - cmd.exe's reading of a line (SS64 / Microsoft "cmd": ^ escapes the next character outside
//   quotes, a " toggles quoting, & | < > ( ) are special only outside quotes, %…% expands).

/** argv as the Microsoft C runtime splits a command line (after the program name). */
export function msvcrtSplit(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    let arg = '';
    let quoted = false;
    while (i < n && (quoted || (line[i] !== ' ' && line[i] !== '\t'))) {
      if (line[i] === '\\') {
        let k = 0;
        while (line[i + k] === '\\') k++;
        if (line[i + k] === '"') {
          arg += '\\'.repeat(Math.floor(k / 2));
          i += k;
          if (k % 2 === 1) {
            arg += '"';
            i++;
          }
        } else {
          arg += '\\'.repeat(k);
          i += k;
        }
        continue;
      }
      if (line[i] === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
        continue;
      }
      arg += line[i++];
    }
    args.push(arg);
  }
  return args;
}

/** PowerShell's NeedQuotes: whitespace outside (unescaped) double quotes. */
function needQuotes(text: string): boolean {
  let quotes = 0;
  let afterBackslash = false;
  for (const char of text) {
    if (char === '"' && !afterBackslash) quotes++;
    else if (/\s/.test(char) && quotes % 2 === 0) return true;
    afterBackslash = char === '\\';
  }
  return false;
}

/** The command line 'Legacy' PowerShell builds from the argument strings (after the program). */
export function powershellLegacyLine(values: readonly string[], version: '5.1' | '7'): string {
  const parts: string[] = [];
  for (const value of values) {
    if (value === '') continue;
    if (!needQuotes(value)) {
      parts.push(value);
      continue;
    }
    const trailing = version === '7' ? (/\\*$/.exec(value)?.[0] ?? '') : '';
    parts.push(`"${value}${trailing}"`);
  }
  return parts.join(' ');
}

/** The tokens of a line our PowerShell quoting writes: bare words and '…' strings, with their values. */
export function powershellTokens(line: string): { value: string; quoted: boolean }[] {
  const tokens: { value: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    if (line[i] === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated string in ${line}`);
        if (isSingleQuote(line[i])) {
          if (isSingleQuote(line[i + 1] ?? '')) {
            value += line[i];
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      tokens.push({ value, quoted: true });
      continue;
    }
    let word = '';
    while (i < line.length && line[i] !== ' ') word += line[i++];
    tokens.push({ value: word, quoted: false });
  }
  return tokens;
}

function isSingleQuote(char: string): boolean {
  return char !== '' && "'\u2018\u2019\u201a\u201b".includes(char);
}

/**
 * What cmd.exe hands the program for a line typed at its prompt, or a reason it would not: a
 * metacharacter outside quotes, or a %…% pair that could name a variable.
 */
export function cmdPassThrough(line: string): { line: string } | { problem: string } {
  if (/%[^%^]+%/.test(line)) return { problem: 'a %…% pair could expand a variable' };
  let out = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (!quoted && char === '^') {
      out += line[++i] ?? '';
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && '&|<>()'.includes(char)) return { problem: `unescaped ${char}` };
    out += char;
  }
  return { line: out };
}
