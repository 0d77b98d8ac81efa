// `node --import ./test/electron-standin/register.mjs dist/src-main/electron/main.js`: runs the
// desktop main process in plain Node, with `electron` resolved to the recording stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
