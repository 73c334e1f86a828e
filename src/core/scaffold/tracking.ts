// "Add Experiment Tracking": the dependency (pyproject.toml, Poetry table or requirements.txt) and a
// small tracking module with start_run / log_params / log_metrics for MLflow or DVCLive. Pure text
// edits: the caller previews them and writes only after the user agreed.
import type { ProjectFacts } from './detect';

export type TrackingTool = 'mlflow' | 'dvclive';

export const TRACKING_REQUIREMENTS: Record<TrackingTool, { name: string; spec: string; poetry: string }> = {
  mlflow: { name: 'mlflow', spec: 'mlflow>=2.10', poetry: '>=2.10' },
  dvclive: { name: 'dvclive', spec: 'dvclive>=3.0', poetry: '>=3.0' },
};

export interface TextChange {
  /** Path relative to the project root, '/'-separated. */
  path: string;
  /** The current text; undefined when the file is created. */
  before: string | undefined;
  after: string;
}

/** Whether a requirement line / array item names `name` (PEP 503 normalised comparison). */
function mentions(text: string, name: string): boolean {
  const normalised = name.toLowerCase().replace(/[-_.]+/g, '[-_.]+');
  return new RegExp(`(^|["'\\s])${normalised}\\s*([<>=!~;\\[@"',]|$)`, 'im').test(text);
}

/** The [table] section of a TOML text: [start of body, end) offsets, or undefined. */
function tableSection(text: string, header: string): { start: number; end: number } | undefined {
  const escaped = header.replace(/[.[\]]/g, '\\$&');
  const match = new RegExp(`^\\[${escaped}\\][ \\t]*(#.*)?$`, 'm').exec(text);
  if (!match) return undefined;
  const start = match.index + match[0].length + 1;
  const next = /^\[/m.exec(text.slice(start));
  return { start: Math.min(start, text.length), end: next ? start + next.index : text.length };
}

/** Offset of the `]` closing the array that opens at `open`, skipping strings and comments. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

/** The last character of the array's content that is not blank or a comment. */
function lastSignificant(text: string, open: number, close: number): number {
  const lines = text.slice(open + 1, close).split('\n');
  let offset = close;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    offset -= line.length + (i === lines.length - 1 ? 0 : 1);
    const code = line.replace(/#[^"']*$/, '').trimEnd();
    if (code !== '') return offset + code.length - 1;
  }
  return open;
}

/** Adds `spec` to `dependencies = [...]` in [project]; undefined when there is no such array. */
export function addToProjectDependencies(text: string, spec: string): string | undefined {
  const section = tableSection(text, 'project');
  if (!section) return undefined;
  const body = text.slice(section.start, section.end);
  const key = /^dependencies[ \t]*=[ \t]*\[/m.exec(body);
  if (!key) return undefined;
  const open = section.start + key.index + key[0].length - 1;
  const close = closingBracket(text, open);
  if (close < 0) return undefined;
  const last = lastSignificant(text, open, close);
  const needsComma = last !== open && text[last] !== ',';
  const item = JSON.stringify(spec);
  const inner = text.slice(open + 1, close);
  if (!inner.includes('\n')) {
    const joined = `${needsComma ? ', ' : inner.trim() === '' ? '' : ' '}${item}`;
    return text.slice(0, last + 1) + joined + text.slice(last + 1);
  }
  const itemIndent = /\n([ \t]+)\S/.exec(inner)?.[1] ?? '    ';
  const closeLineStart = text.lastIndexOf('\n', close - 1) + 1;
  const withComma = needsComma
    ? `${text.slice(0, last + 1)},${text.slice(last + 1, closeLineStart)}`
    : text.slice(0, closeLineStart);
  const closing = text.slice(closeLineStart);
  const beforeClose = closing.slice(0, close - closeLineStart);
  // "]" on its own line: the item goes on a new line above it; otherwise after the last item.
  if (beforeClose.trim() === '') return `${withComma}${itemIndent}${item},\n${closing}`;
  return `${text.slice(0, close)}${needsComma ? ', ' : ' '}${item}${text.slice(close)}`;
}

/** Adds `name = "version"` to [tool.poetry.dependencies]; undefined without that table. */
export function addToPoetryDependencies(text: string, name: string, version: string): string | undefined {
  const section = tableSection(text, 'tool.poetry.dependencies');
  if (!section) return undefined;
  let end = section.end;
  while (end > section.start && /\s/.test(text[end - 1]!)) end--;
  const line = `${name} = ${JSON.stringify(version)}\n`;
  const head = text.slice(0, end);
  return `${head}${head.endsWith('\n') ? '' : '\n'}${line}${text.slice(end).replace(/^\n/, '')}`;
}

/** The dependency change for `tool`, or undefined when the project already lists it. */
export function dependencyChange(facts: ProjectFacts, tool: TrackingTool): TextChange | undefined {
  const requirement = TRACKING_REQUIREMENTS[tool];
  const { pyproject, requirements } = facts;
  if (pyproject !== undefined) {
    const listed = ['project', 'tool.poetry.dependencies'].some((header) => {
      const section = tableSection(pyproject, header);
      return section !== undefined && mentions(pyproject.slice(section.start, section.end), requirement.name);
    });
    if (listed) return undefined;
    const edited =
      addToProjectDependencies(pyproject, requirement.spec) ??
      addToPoetryDependencies(pyproject, requirement.name, requirement.poetry);
    if (edited !== undefined) return { path: 'pyproject.toml', before: pyproject, after: edited };
  }
  if (requirements !== undefined) {
    if (mentions(requirements, requirement.name)) return undefined;
    const base = requirements === '' || requirements.endsWith('\n') ? requirements : `${requirements}\n`;
    return { path: 'requirements.txt', before: requirements, after: `${base}${requirement.spec}\n` };
  }
  return { path: 'requirements.txt', before: undefined, after: `${requirement.spec}\n` };
}

/** Where the module goes: inside the package when there is one, else at the project root. */
export function trackingModulePath(facts: ProjectFacts): string {
  return facts.packageDir ? `${facts.packageDir}/tracking.py` : 'tracking.py';
}

const MLFLOW_MODULE = `"""Experiment tracking with MLflow (added by MLOps Lens).

    from IMPORT import start_run

    with start_run("baseline", params={"alpha": 0.5}) as run:
        for epoch in range(10):
            run.log_metrics({"loss": 1.0 / (epoch + 1)}, step=epoch)

Runs go to $MLFLOW_TRACKING_URI when it is set, else to mlflow.db (MLflow's SQLite store) in the
project folder, where the MLOps Lens Runs view shows them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mlflow

PROJECT_ROOT = Path(__file__).resolve().parents[DEPTH]
EXPERIMENT = EXPERIMENT_NAME


class Run:
    """The active run: params once, metrics as often as you like."""

    def log_params(self, params: Mapping[str, Any]) -> None:
        mlflow.log_params(dict(params))

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        mlflow.log_metrics({name: float(value) for name, value in metrics.items()}, step=step)


@contextmanager
def start_run(
    name: str | None = None, params: Mapping[str, Any] | None = None, experiment: str = EXPERIMENT
) -> Iterator[Run]:
    """Starts an MLflow run (ended when the block exits, FAILED if it raised)."""
    default_store = f"sqlite:///{PROJECT_ROOT / 'mlflow.db'}"
    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI") or default_store)
    if "MLFLOW_RUN_ID" not in os.environ:  # \`mlflow run\` has already chosen the experiment
        mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name=name):
        run = Run()
        if params:
            run.log_params(params)
        yield run
`;

const DVCLIVE_MODULE = `"""Experiment tracking with DVCLive (added by MLOps Lens).

    from IMPORT import start_run

    with start_run(params={"alpha": 0.5}) as run:
        for epoch in range(10):
            run.log_metrics({"loss": 1.0 / (epoch + 1)}, step=epoch)

Metrics go to dvclive/ in the project folder (metrics.json, plots/metrics/*.tsv, params.yaml), where
DVC and the MLOps Lens Runs view read them. Inside \`dvc exp run\`, DVCLive joins the experiment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dvclive import Live

PROJECT_ROOT = Path(__file__).resolve().parents[DEPTH]


class Run:
    """The active run: params once, metrics per step."""

    def __init__(self, live: Live) -> None:
        self.live = live

    def log_params(self, params: Mapping[str, Any]) -> None:
        self.live.log_params(dict(params))

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        if step is not None:
            self.live.step = step
        for name, value in metrics.items():
            self.live.log_metric(name, float(value))


@contextmanager
def start_run(
    name: str | None = None, params: Mapping[str, Any] | None = None, directory: Path | None = None
) -> Iterator[Run]:
    """Opens a DVCLive run in \`directory\` (default: dvclive/ in the project folder)."""
    folder = directory or PROJECT_ROOT / "dvclive"
    with Live(dir=str(folder), exp_name=name, save_dvc_exp=False) as live:
        run = Run(live)
        if params:
            run.log_params(params)
        yield run
`;

/**
 * The tracking module's text. `modulePath` fixes the import line and how far up the project
 * folder is; `experiment` names MLflow's experiment (written as a Python string literal).
 */
export function trackingModule(tool: TrackingTool, modulePath: string, experiment: string): string {
  const parts = modulePath.replace(/\.py$/, '').split('/');
  const importName = (parts[0] === 'src' ? parts.slice(1) : parts).join('.');
  const template = tool === 'mlflow' ? MLFLOW_MODULE : DVCLIVE_MODULE;
  return template
    .replace('IMPORT', importName)
    .replace('DEPTH', String(parts.length - 1))
    .replace('EXPERIMENT_NAME', JSON.stringify(experiment));
}
