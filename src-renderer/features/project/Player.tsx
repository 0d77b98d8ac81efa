/**
 * An audio player on the hub's file URL: the browser's <audio> element asks for the file with
 * `Range` requests (it never downloads the whole file before playing), and the waveform comes
 * from the hub's peaks route. With two sources (A/B), switching keeps the play position.
 */
import { useEffect, useRef, useState } from 'react';
import type { PeaksResponse } from '../../../src-shared/api/versions.js';
import { toProblem, type Problem } from '../../lib/problem.js';
import { drawPeaks, themeColors } from './waveform.js';

export interface Source {
  /** "A: first mix" */
  label: string;
  url: string;
  loadPeaks(buckets: number): Promise<PeaksResponse>;
}

export const WAVE_WIDTH = 800;
const WAVE_HEIGHT = 96;

export function Player({ title, sources }: { title: string; sources: Source[] }) {
  // The newest (B) first: the version the producer opened.
  const [which, setWhich] = useState(sources.length - 1);
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const resume = useRef<{ time: number; play: boolean } | null>(null);
  const [peaks, setPeaks] = useState<PeaksResponse | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [progress, setProgress] = useState(0);
  const [unplayable, setUnplayable] = useState<string | null>(null);
  const source = sources[Math.min(which, sources.length - 1)]!;
  // Parents build their sources on every render: the URL says when the file really changed.
  const loadPeaks = useRef(source.loadPeaks);
  loadPeaks.current = source.loadPeaks;

  useEffect(() => {
    let live = true;
    setPeaks(null);
    setProblem(null);
    loadPeaks.current(WAVE_WIDTH).then(
      (p) => live && setPeaks(p),
      (e: unknown) => live && setProblem(toProblem(e)),
    );
    return () => {
      live = false;
    };
  }, [source.url]);

  useEffect(() => {
    if (canvas.current && peaks?.peaks.length) {
      drawPeaks(canvas.current, peaks.peaks, progress, themeColors(canvas.current));
    }
  }, [peaks, progress]);

  const switchTo = (i: number) => {
    if (i === which) return;
    const el = audio.current;
    resume.current = el ? { time: el.currentTime, play: !el.paused } : null;
    setUnplayable(null);
    setWhich(i);
  };
  const onLoaded = () => {
    const el = audio.current;
    const r = resume.current;
    if (!el || !r) return;
    resume.current = null;
    el.currentTime = Math.min(r.time, el.duration || r.time);
    if (r.play) void el.play().catch(() => undefined);
  };
  const seek = (fraction: number) => {
    const el = audio.current;
    if (el && Number.isFinite(el.duration)) el.currentTime = fraction * el.duration;
  };

  return (
    <div className="player" role="group" aria-label={`Player: ${title}`}>
      {sources.length > 1 && (
        <div className="ab-switch" role="group" aria-label="Compare versions of this bounce">
          {sources.map((s, i) => (
            <button
              key={s.label}
              className="btn small"
              aria-pressed={i === which}
              onClick={() => switchTo(i)}
            >
              {s.label}
            </button>
          ))}
        </div>
      )}
      {peaks?.peaks.length ? (
        <canvas
          ref={canvas}
          className="waveform"
          width={WAVE_WIDTH}
          height={WAVE_HEIGHT}
          role="img"
          aria-label={`Waveform of ${title}, ${peaks.duration_seconds.toFixed(1)} s`}
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            seek((e.clientX - box.left) / (box.width || 1));
          }}
        />
      ) : (
        <p className="muted small waveform-note">
          {problem
            ? `No waveform: ${problem.message}`
            : peaks
              ? `No waveform for this format (${peaks.reason ?? 'not uncompressed PCM'}); it still plays.`
              : 'Drawing the waveform…'}
        </p>
      )}
      {unplayable === source.url && (
        <p className="muted small" role="status">
          This browser cannot play this file; download it to listen.
        </p>
      )}
      <audio
        ref={audio}
        controls
        preload="metadata"
        src={source.url}
        aria-label={`Play ${title}`}
        onLoadedMetadata={onLoaded}
        // CAF, and some codecs inside M4A, are beyond some browsers: say so, the file downloads.
        onError={() => setUnplayable(source.url)}
        onTimeUpdate={(e) => {
          const el = e.currentTarget;
          setProgress(el.duration ? el.currentTime / el.duration : 0);
        }}
      />
    </div>
  );
}
