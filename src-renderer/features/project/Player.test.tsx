import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeaksResponse } from '../../../src-shared/api/versions.js';
import { Player } from './Player.js';
import { drawPeaks } from './waveform.js';

afterEach(cleanup);

const wave = (n: number): PeaksResponse => ({
  path: 'Bounces/Song.wav',
  format: 'wav',
  channels: 2,
  sample_rate: 44100,
  duration_seconds: 2.5,
  peaks: Array.from({ length: n * 2 }, (_, i) => (i % 2 ? 0.5 : -0.5)),
});

describe('the player', () => {
  it('plays the file URL and draws the waveform from the peaks', async () => {
    render(
      <Player
        title="Song.wav"
        sources={[{ label: 'this version', url: '/a.wav', loadPeaks: async () => wave(100) }]}
      />,
    );
    const canvas = await screen.findByRole('img', { name: 'Waveform of Song.wav, 2.5 s' });
    expect(canvas.tagName).toBe('CANVAS');
    const audio = screen.getByLabelText('Play Song.wav') as HTMLAudioElement;
    expect(audio.getAttribute('src')).toBe('/a.wav');
    // Only the header first: the browser then streams the rest with Range requests.
    expect(audio.getAttribute('preload')).toBe('metadata');
  });

  it('says why there is no waveform for a compressed format, and still plays', async () => {
    render(
      <Player
        title="Song.m4a"
        sources={[
          {
            label: 'this version',
            url: '/a.m4a',
            loadPeaks: async () => ({
              ...wave(0),
              format: null,
              reason: 'not an uncompressed WAV or AIFF file',
            }),
          },
        ]}
      />,
    );
    await screen.findByText(/No waveform for this format \(not an uncompressed WAV or AIFF file\)/);
    const audio = screen.getByLabelText('Play Song.m4a');
    expect(screen.queryByText(/cannot play this file/)).toBeNull();
    fireEvent.error(audio);
    expect(screen.getByRole('status').textContent).toMatch(/cannot play this file; download it/);
  });

  it('switches A/B between two versions of the same bounce', async () => {
    const asked: string[] = [];
    render(
      <Player
        title="Song.wav"
        sources={[
          {
            label: 'A: rough',
            url: '/v1.wav',
            loadPeaks: async () => (asked.push('v1'), wave(10)),
          },
          { label: 'B: mix', url: '/v2.wav', loadPeaks: async () => (asked.push('v2'), wave(10)) },
        ]}
      />,
    );
    const audio = screen.getByLabelText('Play Song.wav');
    expect(audio.getAttribute('src')).toBe('/v2.wav');
    expect(screen.getByRole('button', { name: 'B: mix' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.click(screen.getByRole('button', { name: 'A: rough' }));
    expect(audio.getAttribute('src')).toBe('/v1.wav');
    expect(screen.getByRole('button', { name: 'A: rough' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await waitFor(() => expect(asked).toEqual(['v2', 'v1']));
  });
});

describe('drawing peaks', () => {
  it('fills one column per pixel, played part in the accent colour', () => {
    const calls: Array<[string, number, number, number, number]> = [];
    const ctx = {
      fillStyle: '',
      clearRect() {},
      fillRect(x: number, y: number, w: number, h: number) {
        calls.push([this.fillStyle, x, y, w, h]);
      },
    };
    const canvas = {
      width: 10,
      height: 100,
      getContext: () => ctx,
    } as unknown as HTMLCanvasElement;
    drawPeaks(canvas, [-1, 1, -0.5, 0.5], 0.5, { played: 'teal', rest: 'grey' });
    expect(calls).toHaveLength(10);
    expect(calls[0]).toEqual(['teal', 0, 0, 1, 100]);
    expect(calls[9]).toEqual(['grey', 9, 25, 1, 50]);
  });
});
