import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

/**
 * The layers of src-main, lowest first: a room may import its own layer and those below it,
 * never one above (docs/architecture.md, "Layers"). src-shared sits below them all.
 */
const LAYERS = [
  ['core'],
  ['store', 'sync'],
  ['logic', 'locks'],
  ['client', 'hub'],
  // The desktop app's logic in plain Node: above the client and the hub it starts, below its shell.
  ['desktop'],
  ['cli', 'electron'],
];

/** `../hub/x.js` or `../../hub/x.js` from a file of another room. */
const roomImport = (room) => ({
  regex: `^(\\.\\./)+${room}/`,
  message: `imports that run up the layers are not allowed (${room}/ is above this room; see docs/architecture.md)`,
});
const ELECTRON_ONLY = {
  name: 'electron',
  message: 'only src-main/electron/ may import electron: logic runs in plain Node',
};
const NODE_BUILTINS = {
  group: ['node:*', ...builtinModules.filter((m) => !m.startsWith('_'))],
  message: 'src-shared runs in browsers too: no Node modules',
};
const MAIN_FROM_RENDERER = {
  regex: '(^|/)src-main/',
  message: 'the renderer talks to the hub over HTTP (src-shared/api/client.ts), never to src-main',
};

const layerRules = LAYERS.flatMap((rooms, level) =>
  rooms.map((room) => {
    const above = LAYERS.slice(level + 1).flat();
    return {
      files: [`src-main/${room}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: room === 'electron' ? [] : [ELECTRON_ONLY],
            patterns: [...above.map(roomImport), MAIN_FROM_RENDERER],
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': 'off',
    },
  },
  ...layerRules,
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON_ONLY],
          patterns: [
            NODE_BUILTINS,
            { regex: '(^|/)src-(main|renderer)/', message: 'src-shared imports nothing above it' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [ELECTRON_ONLY], patterns: [NODE_BUILTINS, MAIN_FROM_RENDERER] },
      ],
    },
  },
);
