/**
 * A studio for the e2e tests: a real `auxin hub` process watching a library folder, two
 * producers (ana with a password, ben), and Logic fixtures pushed with the real `auxin` CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../helpers/tmp.js';
import { ok } from '../../helpers/cli.js';
import { mitBundle } from '../../helpers/logic-fixtures.js';
import { pushFixture, type PushedProject } from '../../helpers/push-fixture.js';
import { startHubProcess, type HubProcess } from '../../integration/helpers/hub-process.js';

export const ADMIN = 'e2e-admin-token-0123456789abcdef';
export const ANA_PASSWORD = 'ana likes long passwords';

export interface Studio {
  hub: HubProcess;
  url: string;
  anaToken: string;
  benToken: string;
  home: string;
  work: string;
  projects: Record<string, PushedProject>;
  /** Run the real CLI as ben (another client, another machine) in one of the pushed projects. */
  asBen(project: string, args: string[]): ReturnType<typeof ok>;
  /** Stop the hub process, run `whileAway`, then start it again on the same port and data. */
  restart(whileAway: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

async function api(
  url: string,
  token: string,
  p: string,
  init: { method?: string; json?: unknown } = {},
) {
  const res = await fetch(url + p, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
}

export async function startStudio(fixtures: string[]): Promise<Studio> {
  const data = tempDir('auxin-e2e-data-').dir;
  const home = tempDir('auxin-e2e-home-').dir;
  const work = tempDir('auxin-e2e-work-').dir;
  const library = path.join(work, 'library');
  fs.mkdirSync(library);
  // A project on the hub's machine that was never pushed: the UI lists it as local.
  fs.cpSync(mitBundle('F2_tempomap'), path.join(library, 'Sketch.logicx'), { recursive: true });
  const hubOptions = { env: { AUXIN_ADMIN_TOKEN: ADMIN }, args: ['--watch', library] };
  let hub = await startHubProcess(data, hubOptions);
  const url = hub.url;
  const ana = await api(url, ADMIN, '/api/users', {
    method: 'POST',
    json: { username: 'ana', role: 'producer', password: ANA_PASSWORD },
  });
  const ben = await api(url, ADMIN, '/api/users', {
    method: 'POST',
    json: { username: 'ben', role: 'producer' },
  });
  const anaToken = ana!.token as string;
  const benToken = ben!.token as string;
  const projects: Record<string, PushedProject> = {};
  for (const fixture of fixtures) {
    projects[fixture] = await pushFixture({
      hubUrl: url,
      token: anaToken,
      home,
      workDir: work,
      fixture,
      namespace: 'studio',
      message: `${fixture.replace(/_/g, ' ')}: first mix`,
    });
  }
  return {
    get hub() {
      return hub;
    },
    url,
    anaToken,
    benToken,
    home,
    work,
    projects,
    asBen: (project, args) =>
      ok(args, {
        cwd: projects[project]!.dir,
        home,
        token: benToken,
        env: { AUXIN_MACHINE_ID: 'ben-laptop', AUXIN_AUTHOR: 'ben' },
      }),
    async restart(whileAway) {
      await hub.stop();
      await whileAway();
      hub = await startHubProcess(data, { ...hubOptions, port: hub.port });
    },
    async stop() {
      await hub.stop();
      for (const d of [data, home, work]) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

export { api };
