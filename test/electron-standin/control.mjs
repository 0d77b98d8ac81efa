// Commands from a test, one JSON object per stdin line, each answered by a `reply` record with
// the same `id`: what a user or a hostile page would do to the app.
import { createInterface } from 'node:readline';
import { record, safe } from './record.mjs';

function findItem(items, path) {
  let list = items;
  let found = null;
  for (const prefix of path) {
    found = list?.find((i) => typeof i.label === 'string' && i.label.startsWith(prefix));
    if (!found) return null;
    list = found.submenu;
  }
  return found;
}

function frameFor(spec, windows) {
  if (spec === 'own') return { url: windows[0]?.webContents.getURL() ?? '', parent: null };
  return spec ?? null;
}

async function run(cmd, s) {
  switch (cmd.cmd) {
    case 'click-menu': {
      const tray = s.trays[s.trays.length - 1];
      const item = findItem(tray?.menu?.items, cmd.path);
      if (!item?.click) return { ok: false, error: `no clickable item ${cmd.path.join(' > ')}` };
      if (item.enabled === false) return { ok: false, error: 'item is disabled' };
      item.click(item);
      return { ok: true };
    }
    case 'close-windows':
      for (const w of [...s.windows]) w.close();
      return { ok: true, windows: s.windows.length };
    case 'quit':
      s.app.quit();
      return { ok: true };
    case 'invoke': {
      const fn = s.handlers.get(cmd.channel);
      if (!fn) return { ok: false, error: `no handler for ${cmd.channel}` };
      const event = { senderFrame: frameFor(cmd.frame, s.windows), sender: {} };
      try {
        return { ok: true, value: safe(await fn(event, ...(cmd.args ?? []))) };
      } catch (e) {
        return { ok: false, error: String(e?.message ?? e), code: e?.code };
      }
    }
    case 'navigate': {
      const wc = s.windows[0]?.webContents;
      const e = {
        defaultPrevented: false,
        preventDefault() {
          e.defaultPrevented = true;
        },
      };
      wc.emit('will-navigate', e, cmd.url);
      return { ok: true, prevented: e.defaultPrevented };
    }
    case 'window-open': {
      const wc = s.windows[0]?.webContents;
      return { ok: true, result: wc.openHandler?.({ url: cmd.url }) ?? null };
    }
    case 'permission': {
      const handler = s.session.defaultSession.permissionHandler;
      const granted = await new Promise((resolve) => handler(null, cmd.permission, resolve, {}));
      return { ok: true, granted };
    }
    case 'click-notification': {
      const n = s.notifications[cmd.index];
      n?.emit(cmd.action ? 'action' : 'click', {}, 0);
      return { ok: Boolean(n) };
    }
    default:
      return { ok: false, error: `unknown command ${cmd.cmd}` };
  }
}

export function startControl(s) {
  if (process.env.AUXIN_STANDIN_CONTROL !== 'stdin') return;
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch {
      return record('reply', { ok: false, error: 'not JSON' });
    }
    void run(cmd, s).then(
      (r) => record('reply', { id: cmd.id, cmd: cmd.cmd, ...r }),
      (e) => record('reply', { id: cmd.id, cmd: cmd.cmd, ok: false, error: String(e) }),
    );
  });
}
