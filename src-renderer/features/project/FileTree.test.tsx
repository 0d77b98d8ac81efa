import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TreeEntry } from '../../../src-shared/api/commits.js';
import { FileTree } from './FileTree.js';
import { buildTree } from './tree.js';

afterEach(cleanup);

const file = (path: string, size: number): TreeEntry => ({ path, kind: 'file', mode: 0o644, size });
const dir = (path: string): TreeEntry => ({ path, kind: 'dir', mode: 0o755, size: 0 });

const entries = [
  dir('Alternatives'),
  dir('Alternatives/000'),
  file('Alternatives/000/ProjectData', 4096),
  dir('Media'),
  dir('Media/Audio Files'),
  file('Media/Audio Files/vox.wav', 1024 * 1024),
  file('Media/Audio Files/scratch.aif', 2048),
  file('Media/Audio Files/loop.caf', 100),
  dir('Resources'),
];
const audio = {
  used: ['Media/Audio Files/vox.wav'],
  unused: ['Media/Audio Files/scratch.aif'],
  missing: [],
};

describe('the file tree', () => {
  it('sums folder sizes and marks the audio files Logic uses', () => {
    const root = buildTree(entries, audio);
    expect(root.size).toBe(4096 + 1024 * 1024 + 2048 + 100);
    expect(root.children.map((c) => c.name)).toEqual(['Alternatives', 'Media', 'Resources']);
    const media = root.children[1]!.children[0]!;
    expect(media.children.map((c) => [c.name, c.usage])).toEqual([
      ['loop.caf', null],
      ['scratch.aif', 'unused'],
      ['vox.wav', 'used'],
    ]);
  });

  it('opens and closes folders, links every file for download and plays audio', () => {
    const onPlay = vi.fn();
    render(
      <FileTree
        root={buildTree(entries, audio)}
        urlOf={(p) => `/file?path=${encodeURIComponent(p)}`}
        playing={null}
        onPlay={onPlay}
      />,
    );
    const media = screen.getByRole('button', { name: /^▸?▾? ?Media/ });
    expect(media.getAttribute('aria-expanded')).toBe('true');
    const audioDir = screen.getByRole('button', { name: /Audio Files/ });
    expect(audioDir.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('vox.wav')).toBeNull();
    fireEvent.click(audioDir);
    expect(audioDir.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('used in the arrangement')).toBeDefined();
    expect(screen.getByText('unused')).toBeDefined();
    const download = screen.getByRole('link', { name: /Download vox.wav/ });
    expect(download.getAttribute('href')).toBe('/file?path=Media%2FAudio%20Files%2Fvox.wav');
    expect(download.getAttribute('download')).toBe('vox.wav');
    fireEvent.click(screen.getByRole('button', { name: 'Play loop.caf' }));
    expect(onPlay).toHaveBeenCalledWith('Media/Audio Files/loop.caf');
    fireEvent.click(media);
    expect(screen.queryByText('vox.wav')).toBeNull();
  });

  it('says so for a version without files', () => {
    render(<FileTree root={buildTree([])} urlOf={() => ''} playing={null} onPlay={() => {}} />);
    expect(screen.getByText('This version holds no files.')).toBeDefined();
  });
});
