import * as fs from 'node:fs';
import * as vm from 'node:vm';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forRenderer, guard, ipcChannels } from '../../src-main/desktop/ipc.js';
import { AuxinError } from '../../src-shared/errors.js';

const APP = 'http://127.0.0.1:3000';
const own = { senderFrame: { url: `${APP}/`, parent: null } };
const song = { namespace: 'studio', name: 'Song' };

describe('guard: every IPC handler checks its sender and its arguments', () => {
  it('runs the handler for the app page with valid arguments', async () => {
    const calls: unknown[] = [];
    const h = guard(
      'lockAndOpen',
      () => APP,
      (p) => calls.push(p),
    );
    await h(own, song);
    expect(calls).toEqual([song]);
  });
  it.each([
    ['a foreign page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['an iframe', { senderFrame: { url: `${APP}/`, parent: {} } }],
    ['no frame', { senderFrame: null }],
  ])('refuses %s with FORBIDDEN before the handler runs', async (_w, event) => {
    let ran = false;
    const h = guard(
      'getSession',
      () => APP,
      () => (ran = true),
    );
    await expect(h(event)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(ran).toBe(false);
  });
  it.each([
    ['no argument', []],
    ['a string', ['studio/Song']],
    ['a path as name', [{ namespace: 'studio', name: '../../etc' }]],
    ['an extra key', [{ ...song, path: '/etc' }]],
    ['two arguments', [song, song]],
    ['an empty name', [{ namespace: 'studio', name: '' }]],
  ])('refuses %s with INVALID_ARGUMENT', async (_w, args) => {
    let ran = false;
    const h = guard(
      'release',
      () => APP,
      () => (ran = true),
    );
    await expect(h(own, ...args)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(ran).toBe(false);
  });
  it('runOwnHub takes no argument and only from the app page', async () => {
    let ran = 0;
    const h = guard(
      'runOwnHub',
      () => APP,
      () => ++ran,
    );
    await expect(h(own)).resolves.toBe(1);
    await expect(h(own, { mode: 'hub' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      h({ senderFrame: { url: 'http://192.168.1.20:3000/', parent: null } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(ran).toBe(1);
  });
  it('refuses unknown preference keys and non-boolean values', async () => {
    const h = guard(
      'setPreferences',
      () => APP,
      (c) => c,
    );
    await expect(h(own, { sound: true })).resolves.toEqual({ sound: true });
    await expect(h(own, { mode: 'client' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(h(own, { sound: 'yes' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('the preload', () => {
  const file = resolve(import.meta.dirname, '../../dist/src-main/electron/preload.cjs');

  /** Runs the built preload as a sandboxed preload runs: a wrapper whose require knows only electron. */
  function runPreload() {
    const required: string[] = [];
    const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, api: never) => (exposed[k] = api) },
      ipcRenderer: { invoke: (...a: unknown[]) => (invoked.push(a), Promise.resolve()) },
    };
    const req = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const exports = {};
    const wrapper = vm.runInNewContext(
      `(function (exports, require, module) {${fs.readFileSync(file, 'utf8')}\n})`,
      {},
    ) as (e: unknown, r: unknown, m: unknown) => void;
    wrapper(exports, req, { exports });
    return { required, exposed, invoked };
  }

  it('requires nothing but electron and exposes exactly one function per registry entry', () => {
    const { required, exposed } = runPreload();
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['auxin']);
    expect(Object.keys(exposed.auxin!).sort()).toEqual(Object.keys(ipcChannels).sort());
    expect(Object.values(exposed.auxin!).every((f) => typeof f === 'function')).toBe(true);
  });
  it('calls each registry channel with the arguments given', async () => {
    const { exposed, invoked } = runPreload();
    for (const [name, spec] of Object.entries(ipcChannels)) {
      await exposed.auxin![name]!('x', 1);
      expect(invoked.at(-1)).toEqual([spec.channel, 'x', 1]);
    }
  });
});

describe('forRenderer: a handler failure keeps its code across IPC', () => {
  it('puts the code before the message (Electron passes only the message)', () => {
    expect(forRenderer(new AuxinError('UNAUTHORIZED', 'wrong username or password')).message).toBe(
      'UNAUTHORIZED: wrong username or password',
    );
    expect(forRenderer(new Error('boom')).message).toBe('INTERNAL: boom');
    expect(forRenderer('text').message).toBe('INTERNAL: text');
  });
});
