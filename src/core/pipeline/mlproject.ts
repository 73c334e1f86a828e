// MLproject files (any capitalisation, e.g. "MLProject"): entry points with their parameters and
// the project environment, as MLflow's `load_project` reads them (mlflow/projects/_project_spec.py).
import type { Problem } from '../model';
import { isPyDict, pyStr, type PyDict, type PyValue } from '../sources/dvc/pyValue';
import { keyLine, parseTypedYaml, type ParsedYaml } from '../sources/dvc/typedData';
import type { MlprojectEntryPoint, MlprojectEnv, MlprojectParameter } from './model';

export function isMlprojectFile(name: string): boolean {
  return name.length === 9 && name.toLowerCase() === 'mlproject';
}

/** `name: type` (short form) or `name: {type, default}`; the type defaults to "string". */
function parameterOf(name: string, spec: PyValue): MlprojectParameter {
  if (typeof spec === 'string') return { name, type: spec, default: null };
  if (isPyDict(spec)) {
    const type = typeof spec.type === 'string' ? spec.type : 'string';
    const fallback = spec.default;
    return { name, type, default: fallback === undefined || fallback === null ? null : pyStr(fallback) };
  }
  return { name, type: 'string', default: null };
}

function envOf(project: PyDict): MlprojectEnv | undefined {
  if (typeof project.conda_env === 'string') return { kind: 'conda', value: project.conda_env };
  if (typeof project.python_env === 'string') return { kind: 'python', value: project.python_env };
  const docker = project.docker_env;
  if (isPyDict(docker) && typeof docker.image === 'string') return { kind: 'docker', value: docker.image };
  return undefined;
}

function entryPointOf(
  file: string,
  parsed: ParsedYaml,
  name: string,
  spec: PyValue,
): MlprojectEntryPoint | Problem {
  if (!isPyDict(spec) || typeof spec.command !== 'string') {
    return { path: file, reason: `entry point '${name}' has no command` };
  }
  const parameters = isPyDict(spec.parameters)
    ? Object.entries(spec.parameters).map(([param, value]) => parameterOf(param, value))
    : [];
  return {
    kind: 'mlproject',
    file,
    name,
    command: spec.command,
    parameters,
    line: keyLine(parsed, ['entry_points', name]) ?? 1,
  };
}

export function parseMlproject(
  text: string,
  file: string,
): { items: MlprojectEntryPoint[]; problems: Problem[] } {
  let parsed: ParsedYaml;
  try {
    parsed = parseTypedYaml(text);
  } catch (error) {
    return { items: [], problems: [{ path: file, reason: `invalid YAML: ${(error as Error).message}` }] };
  }
  const project = parsed.value;
  if (!isPyDict(project))
    return { items: [], problems: [{ path: file, reason: 'MLproject must be a mapping' }] };
  const problems: Problem[] = [];
  const envKeys = ['conda_env', 'python_env', 'docker_env'].filter((key) => key in project);
  if (envKeys.length > 1)
    problems.push({ path: file, reason: `only one of ${envKeys.join(', ')} may be given` });
  const env = envOf(project);
  const items: MlprojectEntryPoint[] = [];
  const entryPoints = isPyDict(project.entry_points) ? project.entry_points : {};
  for (const [name, spec] of Object.entries(entryPoints)) {
    const result = entryPointOf(file, parsed, name, spec);
    if ('kind' in result) {
      if (env) result.env = env;
      if (typeof project.name === 'string') result.project = project.name;
      items.push(result);
    } else problems.push(result);
  }
  return { items, problems };
}
