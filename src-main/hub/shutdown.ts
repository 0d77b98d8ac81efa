/**
 * Graceful close: stop accepting, let requests in flight finish, close every connection as soon
 * as it has no request in flight (Node's closeIdleConnections misses sockets that never sent
 * one, which clients open speculatively), and cut whatever is left after a grace period.
 */
import type * as http from 'node:http';
import type { Socket } from 'node:net';

export class ConnectionTracker {
  private readonly active = new Map<Socket, number>();
  private closing = false;

  constructor(server: http.Server) {
    server.on('connection', (socket: Socket) => {
      this.active.set(socket, 0);
      socket.once('close', () => this.active.delete(socket));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const socket = req.socket;
      this.active.set(socket, (this.active.get(socket) ?? 0) + 1);
      res.once('close', () => {
        const n = (this.active.get(socket) ?? 1) - 1;
        if (!this.active.has(socket)) return;
        this.active.set(socket, n);
        if (this.closing && n === 0) socket.destroySoon();
      });
    });
  }

  /** Close idle connections now, busy ones as they become idle, the rest after `graceMs`. */
  drain(server: http.Server, graceMs: number): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const socket of this.active.keys()) socket.destroy();
      }, graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const [socket, n] of this.active) if (n === 0) socket.destroySoon();
    });
  }
}
