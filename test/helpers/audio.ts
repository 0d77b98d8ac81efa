/** Real audio files for tests: a sine tone as 16-bit PCM WAV or AIFF (written byte by byte). */

function samples(seconds: number, rate: number, freq: number, channels: number): Int16Array {
  const frames = Math.round(seconds * rate);
  const out = new Int16Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    // A tone that swells from silence: the waveform's left edge is quiet, its right loud.
    const v = Math.sin((2 * Math.PI * freq * i) / rate) * (i / frames) * 0.9;
    for (let c = 0; c < channels; c++) out[i * channels + c] = Math.round(v * 32767);
  }
  return out;
}

export function wavFile(seconds = 2, rate = 44100, freq = 220, channels = 2): Buffer {
  const pcm = samples(seconds, rate, freq, channels);
  const data = Buffer.alloc(pcm.length * 2);
  pcm.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(channels, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * channels * 2, 28);
  head.writeUInt16LE(channels * 2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** 80-bit extended float of an integer sample rate. */
function extended(rate: number): Buffer {
  const b = Buffer.alloc(10);
  const exp = Math.floor(Math.log2(rate));
  b.writeUInt16BE(16383 + exp, 0);
  const mant = rate * 2 ** (63 - exp);
  b.writeUInt32BE(Math.floor(mant / 2 ** 32), 2);
  b.writeUInt32BE(mant % 2 ** 32, 6);
  return b;
}

export function aiffFile(seconds = 1, rate = 48000, freq = 330, channels = 1): Buffer {
  const pcm = samples(seconds, rate, freq, channels);
  const data = Buffer.alloc(pcm.length * 2);
  pcm.forEach((s, i) => data.writeInt16BE(s, i * 2));
  const comm = Buffer.alloc(26);
  comm.write('COMM', 0, 'latin1');
  comm.writeUInt32BE(18, 4);
  comm.writeUInt16BE(channels, 8);
  comm.writeUInt32BE(pcm.length / channels, 10);
  comm.writeUInt16BE(16, 14);
  extended(rate).copy(comm, 16);
  const ssnd = Buffer.alloc(16);
  ssnd.write('SSND', 0, 'latin1');
  ssnd.writeUInt32BE(8 + data.length, 4);
  const form = Buffer.alloc(12);
  form.write('FORM', 0, 'latin1');
  form.writeUInt32BE(4 + comm.length + ssnd.length + data.length, 4);
  form.write('AIFF', 8, 'latin1');
  return Buffer.concat([form, comm, ssnd, data]);
}
