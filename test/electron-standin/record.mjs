// The stand-in's two channels with a test: every call it records is one JSON line appended to
// AUXIN_STANDIN_LOG; commands come as JSON lines on stdin (see control.mjs).
import { appendFileSync } from 'node:fs';

const file = process.env.AUXIN_STANDIN_LOG;

export function record(call, data = {}) {
  if (!file) return;
  appendFileSync(file, JSON.stringify({ call, t: Date.now(), ...data }) + '\n');
}

function describe(key) {
  return typeof key === 'symbol' ? key.toString() : key;
}

// Unknown members are recorded no-ops; known ones pass through. Plain fields only: a private
// `#field` would throw when reached through this Proxy.
export function standin(target, name) {
  return new Proxy(target, {
    get(obj, key, receiver) {
      if (key in obj || typeof key === 'symbol' || key === 'then')
        return Reflect.get(obj, key, receiver);
      return (...args) => {
        record(`${name}.${describe(key)}`, { unknown: true, args: safe(args) });
        return undefined;
      };
    },
  });
}

export function safe(value) {
  try {
    return JSON.parse(
      JSON.stringify(value, (_k, v) => (typeof v === 'function' ? '[function]' : v)),
    );
  } catch {
    return String(value);
  }
}
