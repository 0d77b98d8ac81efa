import type { Key } from '../../src-shared/api/metadata.js';
import { num, str, strArray, type PlistDict } from './plist.js';

export interface MetaDataValues {
  bpm?: number;
  sample_rate?: number;
  key?: Key;
  time_signature?: string;
  track_count?: number;
  audioFiles?: string[];
  unusedAudioFiles?: string[];
}

const isPosInt = (v: number | undefined): v is number =>
  v !== undefined && Number.isInteger(v) && v > 0;

/**
 * The values of Alternatives/NNN/MetaData.plist. Logic 10.0.x writes only the file lists, so
 * each missing musical key gets a warning and stays absent (the caller may fall back to
 * ProjectData). BeatsPerMinute is a real in most saves but an integer in some (10.1.1).
 */
export function readMetaData(md: PlistDict | undefined, warnings: string[]): MetaDataValues {
  const out: MetaDataValues = {};
  if (!md) return out;
  const missing: string[] = [];
  const bpm = num(md, 'BeatsPerMinute');
  if (bpm !== undefined && bpm > 0 && bpm < 10_000) out.bpm = bpm;
  else missing.push('BeatsPerMinute');
  const sr = num(md, 'SampleRate');
  if (isPosInt(sr)) out.sample_rate = sr;
  else {
    missing.push('SampleRate');
  }
  const tonic = str(md, 'SongKey');
  const mode = str(md, 'SongGenderKey')?.toLowerCase();
  if (tonic && /^[A-G][#b]?$/.test(tonic) && (mode === 'major' || mode === 'minor')) {
    const key: Key = { tonic, mode };
    const code = num(md, 'SignatureKey');
    if (code !== undefined && Number.isInteger(code)) key.code = code;
    out.key = key;
  } else missing.push('SongKey/SongGenderKey');
  const n = num(md, 'SongSignatureNumerator');
  const d = num(md, 'SongSignatureDenominator');
  if (isPosInt(n) && isPosInt(d)) out.time_signature = `${n}/${d}`;
  else missing.push('SongSignatureNumerator/Denominator');
  const tracks = num(md, 'NumberOfTracks');
  if (tracks !== undefined && Number.isInteger(tracks) && tracks >= 0) out.track_count = tracks;
  else missing.push('NumberOfTracks');
  out.audioFiles = strArray(md, 'AudioFiles');
  out.unusedAudioFiles = strArray(md, 'UnusedAudioFiles');
  if (missing.length > 0) {
    warnings.push(`MetaData.plist has no valid ${missing.join(', ')} (Logic 10.0.x saves none)`);
  }
  return out;
}
