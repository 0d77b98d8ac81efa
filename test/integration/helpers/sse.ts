/** A minimal SSE reader over fetch: collects parsed events and raw text until closed. */
export interface SseReader {
  events: {
    event: string;
    data: { type: string; namespace?: string; name?: string; data: Record<string, unknown> };
  }[];
  raw: string;
  /** Resolves when `pred` holds for the events read so far, or rejects after `ms`. */
  until(pred: (r: SseReader) => boolean, ms?: number): Promise<void>;
  closed: Promise<void>;
  abort(): void;
}

export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; reader: SseReader }> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const reader: SseReader = {
    events: [],
    raw: '',
    abort: () => ctrl.abort(),
    closed: Promise.resolve(),
    async until(pred, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (!pred(reader)) {
        if (Date.now() > deadline) throw new Error(`timed out; raw stream so far:\n${reader.raw}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  if (res.body) {
    const decoder = new TextDecoder();
    let buf = '';
    reader.closed = (async () => {
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          reader.raw += text;
          buf += text;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) reader.events.push({ event, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted by the test
      }
    })();
  }
  return { status: res.status, contentType: res.headers.get('content-type'), reader };
}
