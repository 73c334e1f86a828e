// Project and package names of generated projects. The package name becomes a folder and an
// import name, so it must be a valid Python identifier that does not shadow the standard library
// or a library the generated projects import.

const PYTHON_KEYWORDS = new Set(
  `False None True and as assert async await break class continue def del elif else except finally for
   from global if import in is lambda nonlocal not or pass raise return try while with yield match case
   type _`.split(/\s+/),
);

/** sys.stdlib_module_names of CPython 3.11 (public names, lower case) plus `test`. */
const STDLIB_MODULES = new Set(
  `abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii
   bisect builtins bz2 calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys
   compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses
   dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno
   faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass
   gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib
   inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap
   marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath
   nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes
   pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr
   pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched
   secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver
   spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct
   subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap
   this threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle
   turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser
   winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo test`.split(/\s+/),
);

/** Import names of libraries the generated projects use (a package named like one would shadow it). */
const LIBRARY_MODULES = new Set(
  `mlflow dvc dvclive wandb numpy pandas sklearn scipy joblib matplotlib seaborn yaml fastapi uvicorn
   starlette pydantic pydantic_settings loguru evidently pandera great_expectations ray airflow pytest
   hypothesis ruff setuptools pip wheel build twine requests httpx typer click dotenv sqlalchemy
   notebook jupyter ipykernel tests src`.split(/\s+/),
);

const PACKAGE_NAME = /^[a-z_][a-z0-9_]*$/;
/** PEP 508 project names: letters, digits, '.', '_' and '-', starting and ending with a letter or digit. */
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const MAX_NAME_LENGTH = 64;

/** Why `name` cannot be a project name, or undefined when it can. */
export function projectNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'the project name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the project name is longer than ${MAX_NAME_LENGTH} characters`;
  if (!PROJECT_NAME.test(name))
    return `'${name}' is not a valid project name: use letters, digits, '.', '_' and '-', starting and ending with a letter or digit`;
  return undefined;
}

/** Why `name` cannot be the Python package name, or undefined when it can. */
export function packageNameProblem(name: string): string | undefined {
  if (name === '') return 'the package name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the package name is longer than ${MAX_NAME_LENGTH} characters`;
  if (!PACKAGE_NAME.test(name))
    return `'${name}' is not a valid Python package name: use lower-case letters, digits and '_', not starting with a digit`;
  if (PYTHON_KEYWORDS.has(name)) return `'${name}' is a Python keyword`;
  if (STDLIB_MODULES.has(name)) return `'${name}' would shadow the Python standard library module '${name}'`;
  if (LIBRARY_MODULES.has(name))
    return `'${name}' would shadow the library '${name}' that generated projects import`;
  return undefined;
}

/** The package name a project name suggests: "Churn-Model.v2" → "churn_model_v2". */
export function derivePackageName(projectName: string): string {
  const snake = projectName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

export interface ProjectNames {
  projectName: string;
  package: string;
}

/**
 * Validates a project name and its package (derived from the project name unless given) and
 * returns both, or the reason they cannot be used.
 */
export function resolveNames(projectName: string, pkg?: string): ProjectNames | { problem: string } {
  const projectProblem = projectNameProblem(projectName);
  if (projectProblem) return { problem: projectProblem };
  const packageName = pkg ?? derivePackageName(projectName);
  const packageProblem = packageNameProblem(packageName);
  if (packageProblem) {
    const hint = pkg === undefined ? ` (derived from the project name '${projectName}'; choose another)` : '';
    return { problem: `${packageProblem}${hint}` };
  }
  return { projectName, package: packageName };
}
