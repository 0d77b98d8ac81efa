import { dict, num, str, type PlistDict } from './plist.js';

export interface AlternativeChoice {
  index: number;
  /** The folder name under Alternatives/ ("000"). */
  folder: string;
  name: string;
}

/** Alternatives/ folder names that are alternatives ("000", "003"), by index. */
export function alternativeFolders(names: string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const n of names) {
    if (/^\d{1,6}$/.test(n)) {
      const idx = Number(n);
      if (!out.has(idx) || n.length === 3) out.set(idx, n);
    }
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * The alternative the project opens with: ActiveVariant when present (only multi-alternative
 * projects have it), else the lowest-numbered folder that holds a ProjectData (or, failing that,
 * a MetaData.plist, or any). Its name prefers VariantNamesV2 (with {PROJECT_NAME} replaced by
 * the bundle's name) over the V1 name, which can be stale after a rename.
 */
export function chooseAlternative(
  folders: Map<number, string>,
  contents: Map<number, string[]>,
  info: PlistDict | undefined,
  bundleBase: string,
  warnings: string[],
): AlternativeChoice {
  const indexes = [...folders.keys()];
  const holding = (file: string) => indexes.find((i) => contents.get(i)?.includes(file));
  let index = holding('ProjectData') ?? holding('MetaData.plist') ?? indexes[0]!;
  const active = info ? num(info, 'ActiveVariant') : undefined;
  if (active !== undefined) {
    if (Number.isInteger(active) && folders.has(active)) index = active;
    else
      warnings.push(
        `ActiveVariant ${active} has no Alternatives folder; using ${folders.get(index)}`,
      );
  }
  const key = String(index);
  const v2 = info && dict(info, 'VariantNamesV2');
  const v1 = info && dict(info, 'VariantNames');
  const v2Name = v2 && str(v2, key);
  let name: string;
  if (v2Name) name = v2Name.split('{PROJECT_NAME}').join(bundleBase);
  else name = (v1 && str(v1, key)) || bundleBase;
  return { index, folder: folders.get(index)!, name };
}

/** "Logic Pro 11.2.2 (6387)" → "11.2.2". */
export function parseSavedFrom(s: string): string | undefined {
  const m = /(\d+(?:\.\d+)+) \(([\d.]+)\)\s*$/.exec(s) ?? /(\d+(?:\.\d+)+)/.exec(s);
  return m?.[1];
}
