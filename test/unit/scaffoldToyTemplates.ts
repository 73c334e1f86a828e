// Small template trees written to temp folders for the scaffold engine's tests (the real templates
// under scaffolds/ are tested by their own suites).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const OPTIONS = `
tracker:
  type: choice
  values: [mlflow, dvclive, none]
  default: mlflow
  label: Tracker
  description: Experiment tracking
tests:
  type: boolean
  default: true
  label: Tests
  description: pytest
docker:
  type: boolean
  default: false
  label: Docker
  description: A Dockerfile
python_version:
  type: string
  default: "3.11"
  label: Python
  description: Python version
`;

/** Writes `files` (relative path → content) under a new temp folder and returns it. */
export function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-lens-scaffold-'));
  for (const [relative, content] of Object.entries(files)) {
    const target = join(root, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

const LAYOUT = `id: basic
title: Basic
description: A toy layout
order: 1
defaults:
  docker: true
include: [_shared]
files:
  - path: Dockerfile
    when: docker
  - path: tests
    when: tests
`;

export function toyTemplates(extra: Record<string, string> = {}): string {
  return tree({
    'options.yaml': OPTIONS,
    'basic/scaffold.yaml': LAYOUT,
    'basic/files/README.md': '# {{ project_name }}\n',
    'basic/files/src/{{ package }}/__init__.py.tmpl': '"""{{ project_name }}."""\n',
    'basic/files/src/{{ package }}/track.py':
      "{% if tracker == 'mlflow' %}\nimport mlflow\n{% elif tracker == 'dvclive' %}\nimport dvclive\n{% endif %}\nPY = '{{ python_version }}'\n",
    'basic/files/Dockerfile': 'FROM python:{{ python_version }}-slim\n',
    'basic/files/tests/test_{{ package }}.py': 'import {{ package }}\n',
    'basic/files/data/raw/.gitkeep': '',
    '_shared/scaffold.yaml':
      "files:\n  - path: 'ci/**'\n  - path: ruff.toml\n    when: \"tracker != 'none'\"\n".replace(
        "  - path: 'ci/**'\n",
        "  - path: 'ci/**'\n    when: tests and layout == 'basic'\n",
      ),
    '_shared/files/ruff.toml.tmpl': 'line-length = 100\n',
    '_shared/files/ci/ci.yml.tmpl': 'run: ${{ matrix.python }} {{ package }}\n',
    ...extra,
  });
}
