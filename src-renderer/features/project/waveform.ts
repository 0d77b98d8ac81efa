/** Draws min/max peaks on a canvas: played part in the accent colour, the rest muted. */

export interface WaveColors {
  played: string;
  rest: string;
}

export function drawPeaks(
  canvas: HTMLCanvasElement,
  peaks: number[],
  progress: number,
  colors: WaveColors,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const pairs = peaks.length / 2;
  if (pairs === 0) return;
  const mid = height / 2;
  const split = progress * width;
  for (let x = 0; x < width; x++) {
    const i = Math.min(pairs - 1, Math.floor((x * pairs) / width));
    const lo = peaks[2 * i]!;
    const hi = peaks[2 * i + 1]!;
    const top = mid - hi * mid;
    const bar = Math.max(1, (hi - lo) * mid);
    ctx.fillStyle = x < split ? colors.played : colors.rest;
    ctx.fillRect(x, top, 1, bar);
  }
}

/** The theme's colours, read from CSS custom properties so dark mode follows. */
export function themeColors(el: Element): WaveColors {
  const css = getComputedStyle(el);
  return {
    played: css.getPropertyValue('--accent').trim() || '#0f766e',
    rest: css.getPropertyValue('--muted').trim() || '#615d56',
  };
}
