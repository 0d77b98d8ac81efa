// Module resolution hook: `electron` (the only bare name it touches) becomes the stand-in.
const STANDIN = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: STANDIN, shortCircuit: true };
  return next(specifier, context);
}
