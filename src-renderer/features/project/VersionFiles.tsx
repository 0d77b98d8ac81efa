/** A version's files: the tree (with Logic's used/unused marks) and a player for the chosen audio. */
import { useMemo, useState } from 'react';
import { ProblemBox } from '../../app/ProblemBox.js';
import { fileUrl, peaks, versionFiles, versionMetadata } from '../../services/history.js';
import { FileTree } from './FileTree.js';
import { Player } from './Player.js';
import { buildTree } from './tree.js';
import { useAsync } from './useAsync.js';

export function VersionFiles({ ns, name, id }: { ns: string; name: string; id: string }) {
  const files = useAsync(async () => {
    const [entries, meta] = await Promise.all([
      versionFiles(ns, name, id),
      // The used/unused marks are a bonus: a version the hub cannot read still lists its files.
      versionMetadata(ns, name, id).catch(() => null),
    ]);
    return { entries, audio: meta?.logic?.audio_files };
  }, id);
  const root = useMemo(
    () => (files.data ? buildTree(files.data.entries, files.data.audio) : null),
    [files.data],
  );
  const [playing, setPlaying] = useState<string | null>(null);
  const urlOf = (path: string) => fileUrl(ns, name, id, path);
  return (
    <section className="version-files" aria-labelledby="files-title">
      <h3 id="files-title">Files</h3>
      {files.problem && <ProblemBox problem={files.problem} onRetry={files.retry} />}
      {files.loading && <p aria-busy="true">Loading files…</p>}
      {playing && (
        <Player
          key={playing}
          title={playing.split('/').pop()!}
          sources={[
            {
              label: 'this version',
              url: urlOf(playing),
              loadPeaks: (b) => peaks(ns, name, id, playing, b),
            },
          ]}
        />
      )}
      {root && <FileTree root={root} urlOf={urlOf} playing={playing} onPlay={setPlaying} />}
    </section>
  );
}
