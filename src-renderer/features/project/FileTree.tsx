/**
 * A version's files: folders open and close (the top level starts open), sizes, the audio files
 * Logic uses marked, a download link for every file and a play button for audio.
 */
import { useState } from 'react';
import { formatBytes } from '../../lib/format.js';
import { isPlayable, type FileNode } from './tree.js';

export interface FileTreeProps {
  root: FileNode;
  urlOf(path: string): string;
  playing: string | null;
  onPlay(path: string): void;
}

export function FileTree({ root, urlOf, playing, onPlay }: FileTreeProps) {
  if (root.children.length === 0) return <p className="muted">This version holds no files.</p>;
  return (
    <ul className="file-tree" aria-label="Files of this version">
      {root.children.map((n) => (
        <Node key={n.path} node={n} depth={0} {...{ urlOf, playing, onPlay }} />
      ))}
    </ul>
  );
}

function Node({
  node,
  depth,
  urlOf,
  playing,
  onPlay,
}: {
  node: FileNode;
  depth: number;
  urlOf(path: string): string;
  playing: string | null;
  onPlay(path: string): void;
}) {
  const [open, setOpen] = useState(depth === 0);
  if (node.kind === 'dir') {
    return (
      <li className="tree-dir">
        <button
          className="tree-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          title={node.path}
        >
          <span aria-hidden="true" className="caret">
            {open ? '▾' : '▸'}
          </span>
          <span className="tree-name">{node.name}</span>
          <span className="muted small">{formatBytes(node.size)}</span>
        </button>
        {open && (
          <ul>
            {node.children.map((c) => (
              <Node key={c.path} node={c} depth={depth + 1} {...{ urlOf, playing, onPlay }} />
            ))}
          </ul>
        )}
      </li>
    );
  }
  return (
    <li className={`tree-file${playing === node.path ? ' playing' : ''}`}>
      <span className="tree-name" title={node.path}>
        {node.name}
      </span>
      {node.usage && (
        <span className={`usage ${node.usage}`}>
          {node.usage === 'used' ? 'used in the arrangement' : 'unused'}
        </span>
      )}
      <span className="muted small">{formatBytes(node.size)}</span>
      {isPlayable(node.path) && (
        <button
          className="btn small"
          aria-pressed={playing === node.path}
          aria-label={`Play ${node.name}`}
          onClick={() => onPlay(node.path)}
        >
          ▶ Play
        </button>
      )}
      <a className="btn small" href={urlOf(node.path)} download={node.name}>
        <span aria-hidden="true">⤓</span> Download <span className="sr-only">{node.name}</span>
      </a>
    </li>
  );
}
