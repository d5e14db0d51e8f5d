import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/wait';

/**
 * `npm start` as a user runs it, stopped as a user stops it: SIGTERM to the npm process (a service manager,
 * `kill <pid>`), or Ctrl-C (the terminal sends SIGINT to the whole foreground process group). Either way
 * the relay must stop: its port freed, no process of the command left behind.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  npm: ChildProcess;
  url: string;
  output(): string;
  dataDir: string;
}

const started: Started[] = [];

afterEach(async () => {
  for (const { npm, dataDir } of started.splice(0)) {
    // Whatever the test left running goes: the command has a process group of its own.
    if (liveProcessesOfGroup(npm.pid!).length > 0) process.kill(-npm.pid!, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

/** `npm start` in its own process group (as a shell's job is), on a free port and a fresh data directory. */
async function npmStart(): Promise<Started> {
  const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-npm-start-'));
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: '0', STATUS_POLL_SECONDS: '0', npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  npm.stdout!.on('data', (chunk) => (output += chunk));
  npm.stderr!.on('data', (chunk) => (output += chunk));
  const run = { npm, url: '', output: () => output, dataDir };
  started.push(run);
  run.url = await until(
    'npm start to listen',
    () => /listening on (http:\/\/\S+)/.exec(output)?.[1],
    30_000,
    () => output,
  );
  return run;
}

/** The processes of a process group that still run (a zombie waiting for its parent runs nothing). */
function liveProcessesOfGroup(pgid: number): string[] {
  if (!existsSync('/proc/self/stat')) throw new Error('this test reads /proc (Linux)');
  const live: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pgid && state !== 'Z') live.push(`${entry} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)}`);
  }
  return live;
}

/** Whether something accepts connections at the URL's port. */
const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function expectRunning(run: Started): Promise<void> {
  // Positive controls: the relay answers, and the group check sees npm and the relay.
  expect((await fetch(`${run.url}/health`)).status).toBe(200);
  expect(liveProcessesOfGroup(run.npm.pid!).length).toBeGreaterThanOrEqual(2);
}

async function expectStopped(run: Started): Promise<void> {
  await until('npm to exit', () => run.npm.exitCode !== null || run.npm.signalCode !== null, 10_000, run.output);
  await until('the port to be free', async () => !(await listening(run.url)), 10_000, run.output);
  await until(
    'no process of `npm start` to remain',
    () => liveProcessesOfGroup(run.npm.pid!).length === 0,
    10_000,
    () => `still running: ${liveProcessesOfGroup(run.npm.pid!).join(', ')}\n${run.output()}`,
  );
  expect(run.output()).toMatch(/\[relay\] stopping \((SIGTERM|SIGINT)\)[^]*\[relay\] stopped/);
}

describe('stopping `npm start`', () => {
  it('SIGTERM to the npm process stops the relay: the port is freed and no process is left', async () => {
    const run = await npmStart();
    await expectRunning(run);
    process.kill(run.npm.pid!, 'SIGTERM');
    await expectStopped(run);
  }, 60_000);

  it('Ctrl-C (SIGINT to the whole process group) stops it the same way', async () => {
    const run = await npmStart();
    await expectRunning(run);
    process.kill(-run.npm.pid!, 'SIGINT');
    await expectStopped(run);
  }, 60_000);
});
