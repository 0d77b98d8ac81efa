import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/hub/config.js';
import { defaultDataDir } from '../../src-main/hub/paths.js';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'auxin-cfg-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('hub configuration', () => {
  it('defaults to the app-data folder, port 3000 and every interface', () => {
    const home = tmp();
    const c = loadConfig({}, { HOME: home });
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(defaultDataDir(process.platform, { HOME: home }, home));
  });

  it('knows each platform’s app-data folder', () => {
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Auxin Hub',
    );
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.local/share/auxin-hub');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/auxin-hub');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/h')).toBe(
      '/h/.local/share/auxin-hub',
    );
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Auxin Hub');
  });

  it('takes flags over environment over the config file', () => {
    const data = tmp();
    fs.writeFileSync(
      path.join(data, 'config.json'),
      JSON.stringify({ port: 4001, host: '127.0.0.2', corsOrigins: ['http://a.test'] }),
    );
    const fromFile = loadConfig({ data }, {});
    expect(fromFile).toMatchObject({
      dataDir: data,
      port: 4001,
      host: '127.0.0.2',
      corsOrigins: ['http://a.test'],
    });
    const fromEnv = loadConfig(
      { data },
      { OXEN_SERVER_PORT: '4002', AUXIN_CORS_ORIGINS: 'http://b.test, http://c.test:8080' },
    );
    expect(fromEnv.port).toBe(4002);
    expect(fromEnv.corsOrigins).toEqual(['http://b.test', 'http://c.test:8080']);
    expect(loadConfig({ data }, { AUXIN_PORT: '4003', OXEN_SERVER_PORT: '4002' }).port).toBe(4003);
    expect(loadConfig({ data, port: '0' }, { AUXIN_PORT: '4003' }).port).toBe(0);
    expect(loadConfig({}, { SYNC_DIR: data }).dataDir).toBe(data);
    expect(loadConfig({}, { SYNC_DIR: '/elsewhere', AUXIN_DATA_DIR: data }).dataDir).toBe(data);
  });

  it('reads an explicit --config file, which may name the data folder', () => {
    const d = tmp();
    const file = path.join(d, 'hub.json');
    fs.writeFileSync(file, JSON.stringify({ dataDir: path.join(d, 'data'), port: 5005 }));
    expect(loadConfig({ config: file }, {})).toMatchObject({
      dataDir: path.join(d, 'data'),
      port: 5005,
    });
  });

  it('reports every bad value with where it came from', () => {
    const data = tmp();
    let message = '';
    try {
      loadConfig(
        { data, port: 'abc', host: 'bad host' },
        { AUXIN_ADMIN_TOKEN: 'short', AUXIN_CORS_ORIGINS: 'ftp://x' },
      );
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code: string }).code).toBe('INVALID_ARGUMENT');
    }
    expect(message).toContain("port 'abc' from flag --port");
    expect(message).toContain("host 'bad host' from flag --host");
    expect(message).toContain('admin token from environment variable AUXIN_ADMIN_TOKEN');
    expect(message).toContain('CORS origins from environment variable AUXIN_CORS_ORIGINS');
    expect(() => loadConfig({ data, port: '70000' }, {})).toThrow(/70000/);
    expect(() => loadConfig({ data }, { OXEN_SERVER_PORT: '-1' })).toThrow(/OXEN_SERVER_PORT/);
  });

  it('refuses a config file that is not a JSON object', () => {
    const data = tmp();
    fs.writeFileSync(path.join(data, 'config.json'), '[1,2');
    expect(() => loadConfig({ data }, {})).toThrow(/not a JSON object/);
    expect(() => loadConfig({ config: path.join(data, 'missing.json') }, {})).toThrow(
      /cannot read/,
    );
  });

  it('says so when the data folder is a file, naming where it came from', () => {
    const file = path.join(tmp(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    expect(() => loadConfig({ data: file }, {})).toThrow(
      `data folder ${file} (from flag --data) is not a folder`,
    );
    expect(() => loadConfig({}, { SYNC_DIR: file })).toThrow(
      /is not a folder.*environment variable SYNC_DIR|environment variable SYNC_DIR.*not a folder/,
    );
  });

  it('takes an AUXIN_ADMIN_TOKEN of 16 or more characters verbatim', () => {
    const data = tmp();
    expect(loadConfig({ data }, { AUXIN_ADMIN_TOKEN: 'exactly-16-chars' }).adminToken).toBe(
      'exactly-16-chars',
    );
  });
});
