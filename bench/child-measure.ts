/**
 * Runs a measure script in a process of its own (the project-pinned Node with tsx) and returns the
 * JSON it prints as the last line of its stdout; its progress goes to stderr, passed through.
 * Measures that start a platform in their own process need this: the stores and handlers keep the
 * endpoints of the first platform of their process, so two such measures cannot share one.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../infra/local/manifest-source.ts';

/** Set while a measure child runs, so Ctrl-C of the bench can stop it. */
let running: ReturnType<typeof spawn> | undefined;

export const stopMeasureChild = (): void => {
  if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
};

export function measureInChild<T>(node: string, script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--import', 'tsx', join(projectRoot, script), '--json', ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running = child;
    const stopOnExit = () => stopMeasureChild();
    process.once('exit', stopOnExit);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      running = undefined;
      process.off('exit', stopOnExit);
      const last = out.trimEnd().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${script} exited with ${code ?? signal}`));
      else {
        try {
          resolve(JSON.parse(last) as T);
        } catch {
          reject(new Error(`${script} printed no JSON result: ${last.slice(0, 200)}`));
        }
      }
    });
  });
}
