import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addRemote,
  listRemotes,
  parseRemoteUrl,
  removeRemote,
  resolveRemote,
} from '../../src-main/client/remotes.js';

describe('remote URLs', () => {
  it('parse namespace and name, decoding them', () => {
    expect(parseRemoteUrl('http://127.0.0.1:3000/studio/My%20Song.logicx')).toEqual({
      baseUrl: 'http://127.0.0.1:3000',
      namespace: 'studio',
      name: 'My Song.logicx',
    });
    expect(parseRemoteUrl('http://hub.local/studio/My Song/').name).toBe('My Song');
    // A hub serving TLS (`auxin hub --tls`); its certificate is pinned by `auxin login`.
    expect(parseRemoteUrl('https://studio.local:3000/studio/Song').baseUrl).toBe(
      'https://studio.local:3000',
    );
  });

  it('refuse what is not http://host/namespace/name, and traversal', () => {
    for (const bad of [
      'ftp://h/a/b',
      'https://h/a',
      'http://h/a',
      'http://h/a/b/c',
      'not a url',
      'http://h/%2e%2e/b',
      'http://h/a/%2F',
      'http://h/a/b%00',
      'http://h/a/b%5cc',
      'http://h/a/b?x=1',
      'http://h/a/%zz',
    ]) {
      expect(() => parseRemoteUrl(bad), bad).toThrow();
    }
  });

  it('refuse credentials in the URL, pointing at auxin login', () => {
    for (const bad of ['http://ana:secret@h/a/b', 'http://ana@h/a/b']) {
      expect(() => parseRemoteUrl(bad), bad).toThrow(/auxin login/);
    }
  });
});

describe('remotes of a store', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'auxin-remotes-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('add, list, resolve and remove, stored in remotes.json', async () => {
    const store = { root };
    await expect(resolveRemote(store)).rejects.toMatchObject({ code: 'NO_REMOTE' });
    await addRemote(store, 'origin', 'http://127.0.0.1:3000/studio/My Song.logicx');
    await expect(addRemote(store, 'origin', 'http://127.0.0.1:3000/a/b')).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    await expect(addRemote(store, '../x', 'http://127.0.0.1:3000/a/b')).rejects.toMatchObject({
      code: 'INVALID_NAME',
    });
    await addRemote(store, 'backup', 'http://10.0.0.2:3000/a/b');
    const r = await resolveRemote(store);
    expect(r).toMatchObject({
      remote: 'origin',
      namespace: 'studio',
      name: 'My Song.logicx',
      url: 'http://127.0.0.1:3000/studio/My%20Song.logicx',
    });
    expect((await listRemotes(store)).map((x) => x.remote)).toEqual(['backup', 'origin']);
    expect(JSON.parse(await readFile(join(root, 'remotes.json'), 'utf8')).remotes.backup).toBe(
      'http://10.0.0.2:3000/a/b',
    );
    await removeRemote(store, 'backup');
    expect((await listRemotes(store)).length).toBe(1);
  });
});
