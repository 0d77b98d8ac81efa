declare module 'bplist-parser' {
  export const maxObjectCount: number;
  export function parseBuffer(buf: Buffer): unknown[];
  export function parseFile(
    path: string,
    cb?: (err: Error | null, result?: unknown[]) => void,
  ): Promise<unknown[]>;
}
