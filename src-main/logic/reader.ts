import { stat } from 'node:fs/promises';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { AuxinError } from '../../src-shared/errors.js';
import { alternativeFolders, chooseAlternative, parseSavedFrom } from './alternative.js';
import { resolveAudioFiles } from './audio.js';
import { keyFromCode, keyText } from './keys.js';
import { MAX_PLIST_BYTES, parsePlistDict, str, type PlistDict } from './plist.js';
import {
  checkHeader,
  decodeProjectData,
  MAX_PROJECTDATA_BYTES,
  PROJECTDATA_HEADER_BYTES,
  type ProjectDataInfo,
} from './projectdata.js';
import { createCallbackSource, createFsSource, type BundleFileSource } from './source.js';
import { readMetaData } from './metadata-plist.js';

export interface BundleReading {
  metadata: LogicMetadata;
  /** State files that exist but could not be parsed (perhaps mid-write): worth a retry. */
  unreadable: string[];
}

const BUNDLE_EXT = /\.(logicx|band)$/i;
/** The newest Logic major version whose files were checked (see logicx-format.md §10). */
const NEWEST_KNOWN_LOGIC = 12;

export function isBundleName(name: string): boolean {
  return BUNDLE_EXT.test(name);
}

/** Reads a bundle folder on disk. */
export async function readBundle(bundlePath: string): Promise<LogicMetadata> {
  return (await inspectBundlePath(bundlePath)).metadata;
}

/** inspectBundle for a folder on disk, with clear errors for a missing path or a plain file. */
export async function inspectBundlePath(bundlePath: string): Promise<BundleReading> {
  const st = await stat(bundlePath).catch(() => null);
  if (!st) throw new AuxinError('NOT_A_BUNDLE', `${bundlePath}: no such folder`);
  if (!st.isDirectory()) {
    throw new AuxinError('NOT_A_BUNDLE', `${bundlePath} is a file, not a bundle folder`);
  }
  return inspectBundle(createFsSource(bundlePath));
}

/** Reads a bundle from any file source (the hub reads stored chunks this way). */
export async function readBundleFromSource(source: BundleFileSource): Promise<LogicMetadata> {
  return (await inspectBundle(source)).metadata;
}

/**
 * Reads a bundle held elsewhere: `getFile` returns a file's bytes or null, `listDir` a folder's
 * names or null. Paths are bundle-relative ("Alternatives/000/MetaData.plist").
 * Only small state files are asked for; audio files are only looked up in listings.
 */
export async function readBundleFromFiles(
  name: string,
  getFile: (rel: string) => Promise<Buffer | null>,
  listDir: (rel: string) => Promise<string[] | null>,
): Promise<LogicMetadata> {
  return readBundleFromSource(createCallbackSource(name, getFile, listDir));
}

async function readDict(
  source: BundleFileSource,
  rel: string,
  warnings: string[],
  unreadable: string[],
): Promise<PlistDict | null | undefined> {
  let buf: Buffer | null;
  try {
    buf = await source.readFile(rel, MAX_PLIST_BYTES);
  } catch (e) {
    warnings.push(`${rel}: cannot read (${(e as Error).message})`);
    unreadable.push(rel);
    return undefined;
  }
  if (!buf) return null;
  try {
    return parsePlistDict(buf);
  } catch (e) {
    warnings.push(`${rel}: unreadable plist (${(e as Error).message})`);
    unreadable.push(rel);
    return undefined;
  }
}

async function readProjectData(
  source: BundleFileSource,
  rel: string,
  warnings: string[],
  unreadable: string[],
): Promise<ProjectDataInfo | undefined> {
  try {
    // A file that is not a ProjectData (junk, or one being written) is refused by its header,
    // before up to 256 MiB of it is loaded.
    const head = await source.head?.(rel, PROJECTDATA_HEADER_BYTES);
    if (head) checkHeader(head.bytes, head.size);
    const buf = await source.readFile(rel, MAX_PROJECTDATA_BYTES);
    if (!buf) {
      warnings.push(`${rel} is missing: no tempo, meter or key maps`);
      return undefined;
    }
    const info = decodeProjectData(buf);
    warnings.push(...info.warnings);
    return info;
  } catch (e) {
    warnings.push(`${rel}: unreadable (${(e as Error).message})`);
    unreadable.push(rel);
    return undefined;
  }
}

/** Reads everything the reader knows about; throws NOT_A_BUNDLE or UNREADABLE_BUNDLE. */
export async function inspectBundle(source: BundleFileSource): Promise<BundleReading> {
  const ext = BUNDLE_EXT.exec(source.name);
  if (!ext) throw new AuxinError('NOT_A_BUNDLE', `${source.name} is not a .logicx or .band bundle`);
  const base = source.name.slice(0, ext.index);
  const warnings: string[] = [];
  const unreadable: string[] = [];
  const altNames = await source.listDir('Alternatives');
  const folders = alternativeFolders(altNames ?? []);
  if (folders.size === 0) {
    throw new AuxinError('NOT_A_BUNDLE', `${source.name} has no Alternatives/NNN folder`);
  }
  const contents = new Map<number, string[]>();
  for (const [i, folder] of folders)
    contents.set(i, (await source.listDir(`Alternatives/${folder}`)) ?? []);

  const info = await readDict(source, 'Resources/ProjectInformation.plist', warnings, unreadable);
  if (info === null)
    warnings.push(
      'Resources/ProjectInformation.plist is missing: no saving app, alternative named after the bundle',
    );
  const alt = chooseAlternative(folders, contents, info ?? undefined, base, warnings);
  const dir = `Alternatives/${alt.folder}`;
  const md = await readDict(source, `${dir}/MetaData.plist`, warnings, unreadable);
  if (md === null) warnings.push(`${dir}/MetaData.plist is missing`);
  const pd = await readProjectData(source, `${dir}/ProjectData`, warnings, unreadable);
  if (!md && !pd) {
    throw new AuxinError(
      'UNREADABLE_BUNDLE',
      `${source.name}: neither ${dir}/MetaData.plist nor ${dir}/ProjectData could be read`,
      { warnings },
    );
  }

  const m = readMetaData(md ?? undefined, warnings);
  const out: LogicMetadata = {
    name: base,
    kind: ext[1]!.toLowerCase() as 'logicx' | 'band',
    audio_files: { used: [], unused: [], missing: [] },
    warnings,
  };
  const bpm = m.bpm ?? pd?.tempoMap?.[0]?.bpm;
  if (m.bpm === undefined && bpm !== undefined)
    warnings.push('bpm read from ProjectData (MetaData.plist has none)');
  const meter = pd?.meterMap?.[0];
  const time = m.time_signature ?? (meter && `${meter.numerator}/${meter.denominator}`);
  if (m.time_signature === undefined && time)
    warnings.push('time_signature read from ProjectData (MetaData.plist has none)');
  let key = m.key;
  const pdKey = pd?.keyMap?.[0];
  if (!key && pdKey) {
    key = keyFromCode(pdKey.code);
    if (key) warnings.push('key_signature read from ProjectData (MetaData.plist has none)');
    else warnings.push(`ProjectData key code ${pdKey.code} is not a known key`);
  }
  if (bpm !== undefined) out.bpm = bpm;
  if (m.sample_rate !== undefined) out.sample_rate = m.sample_rate;
  if (key) {
    out.key_signature = keyText(key);
    out.key = key;
  }
  if (time) out.time_signature = time;
  if (m.track_count !== undefined) out.track_count = m.track_count;
  const saved = info ? str(info, 'LastSavedFrom') : undefined;
  if (saved) {
    const v = parseSavedFrom(saved);
    if (!v) warnings.push(`LastSavedFrom "${saved}" has no version number`);
    else {
      out.logic_version = v;
      if (/^Logic/.test(saved) && Number(v.split('.')[0]) > NEWEST_KNOWN_LOGIC) {
        warnings.push(
          `saved by ${saved}, newer than this reader knows (Logic ${NEWEST_KNOWN_LOGIC}): values may be wrong`,
        );
      }
    }
    out.last_saved_from = saved;
  } else if (info) warnings.push('ProjectInformation.plist has no LastSavedFrom');
  out.alternative = { index: alt.index, name: alt.name };
  const folderProject = info?.HasProjectFolder === true;
  out.audio_files = await resolveAudioFiles(
    source,
    m.audioFiles ?? [],
    m.unusedAudioFiles ?? [],
    folderProject,
    warnings,
  );
  if (pd?.tempoMap) out.tempo_map = pd.tempoMap;
  if (pd?.meterMap) out.meter_map = pd.meterMap;
  if (pd?.keyMap) out.key_map = pd.keyMap;
  if (pd) out.project_data_format = pd.formatWord;
  return { metadata: ordered(out), unreadable };
}

const FIELD_ORDER: Array<keyof LogicMetadata> = [
  'name',
  'kind',
  'bpm',
  'sample_rate',
  'key_signature',
  'key',
  'time_signature',
  'track_count',
  'logic_version',
  'last_saved_from',
  'alternative',
  'audio_files',
  'tempo_map',
  'meter_map',
  'key_map',
  'project_data_format',
  'warnings',
];

/** The same fields in one fixed order, so JSON output reads the same for every bundle. */
function ordered(m: LogicMetadata): LogicMetadata {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) if (m[k] !== undefined) out[k] = m[k];
  return out as LogicMetadata;
}
