// Runs the commands of a launch spec one after another in the launch wrapper: each program started
// directly with its argument array, standard input and output left on the task's terminal (so
// tools still see a terminal there), standard error copied to the terminal and kept for the result.
import { spawn, type IOType } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import {
  spawnCommand,
  StderrCapture,
  type LaunchResult,
  type LaunchSpec,
  type SpawnHost,
} from './launchProcess';

export interface RunIo {
  /** Where the heading and problems are written (the terminal). */
  write(text: string): void;
  /** Each chunk of the commands' standard error, as written. */
  stderr(chunk: Buffer): void;
  /** Standard input and output of the commands ('inherit' in the wrapper). */
  stdio: [IOType, IOType];
  env: NodeJS.ProcessEnv;
  host: SpawnHost;
}

/** Runs `spec`, stopping at the first command that fails; never throws. */
export async function runLaunch(spec: LaunchSpec, io: RunIo): Promise<LaunchResult> {
  const capture = new StderrCapture();
  const decoder = new StringDecoder('utf8');
  const env = { ...io.env };
  for (const name of spec.unset) delete env[name];
  io.write(`> ${spec.heading}\r\n`);
  for (const planned of spec.commands) {
    const plan = spawnCommand(planned, io.host);
    if (!plan.ok) return refuse(plan.problem, capture, io);
    const outcome = await runOne(plan.command, spec.cwd, env, io, (chunk) => {
      io.stderr(chunk);
      capture.add(decoder.write(chunk));
    });
    capture.add(decoder.end());
    if ('problem' in outcome) return refuse(outcome.problem, capture, io, 127);
    if (outcome.exitCode !== 0) return { exitCode: outcome.exitCode, stderr: capture.text() };
  }
  return { exitCode: 0, stderr: capture.text() };
}

function refuse(problem: string, capture: StderrCapture, io: RunIo, exitCode = 1): LaunchResult {
  const line = `MLOps Lens: ${problem}`;
  io.write(`${line}\r\n`);
  capture.add(`${line}\n`);
  return { exitCode, stderr: capture.text(), problem };
}

type Outcome = { exitCode: number } | { problem: string };

function runOne(
  command: { file: string; args: string[]; verbatim: boolean },
  cwd: string,
  env: NodeJS.ProcessEnv,
  io: RunIo,
  onStderr: (chunk: Buffer) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command.file, command.args, {
        cwd,
        env,
        stdio: [io.stdio[0], io.stdio[1], 'pipe'],
        windowsVerbatimArguments: command.verbatim,
        windowsHide: true,
      });
    } catch (error) {
      resolve({ problem: `could not start ${command.file}: ${messageOf(error)}` });
      return;
    }
    // A terminal's Ctrl+C reaches the command directly; the wrapper waits for it to end.
    const ignore = (): void => undefined;
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onTerm = forward('SIGTERM');
    const onHup = forward('SIGHUP');
    process.on('SIGINT', ignore);
    process.on('SIGTERM', onTerm);
    if (process.platform !== 'win32') process.on('SIGHUP', onHup);
    const done = (outcome: Outcome): void => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      resolve(outcome);
    };
    child.stderr?.on('data', (chunk: Buffer) => onStderr(chunk));
    child.on('error', (error) => done({ problem: `could not start ${command.file}: ${messageOf(error)}` }));
    child.on('close', (code, signal) => {
      if (code !== null) done({ exitCode: code });
      else done({ exitCode: 128 + (signal ? (constants.signals[signal] ?? 0) : 0) });
    });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
